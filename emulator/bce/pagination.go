package bce

import (
	"strconv"

	"github.com/peeringkit/peering/emulator/fault"
)

// MaxKeys is the default and largest page size of List.
const MaxKeys = 1000

// list answers GET /v1/peerconn: the caller's connections in this region,
// each from the caller's end, sorted by ID. The marker is a sort key (the
// ID of a page's first item): a page holds the first maxKeys connections
// whose IDs are at or after it, so connections created or deleted during a
// walk never make the walk repeat or skip the others.
func (s *Service) list(c *call) (any, error) {
	maxKeys := MaxKeys
	if v := c.query.Get("maxKeys"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxKeys {
			return nil, invalidParameter("maxKeys must be an integer from 1 to %d, not %q", MaxKeys, v)
		}
		maxKeys = n
	}
	marker := c.query.Get("marker")
	vpcID := c.query.Get("vpcId")

	// A racing create: a new connection lands before the walk's position.
	// Every later item moves one place down the list; key markers keep the
	// walk from seeing any of them twice.
	if marker != "" && s.faults.Fire(Provider, OpListPeerConn, fault.ShiftItems) {
		s.insertBefore(c.account, c.region, marker, c.now)
	}

	x, endOf := s.listing(c.account, c.region, vpcID)
	var all []string
	pos := 0
	if x != nil {
		all = x.all()
		pos = x.search(marker)
	}
	rest := all[pos:]

	out := listResult{PeerConns: []wirePeerConn{}, MaxKeys: maxKeys}
	if len(rest) > 0 && s.faults.Fire(Provider, OpListPeerConn, fault.EmptyPage) {
		return emptyPage(out, marker, all, pos), nil
	}
	n := min(maxKeys, len(rest))
	for _, id := range rest[:n] {
		pc := s.conns[id]
		out.PeerConns = append(out.PeerConns, pc.view(endOf(pc), c.account, c.now))
	}
	// The marker echoes the request's, or names the first item of a first
	// page; it is absent when the page is empty, as documented.
	if n > 0 {
		out.Marker = marker
		if marker == "" {
			out.Marker = rest[0]
		}
	}
	if n < len(rest) {
		out.IsTruncated = true
		out.NextMarker = rest[n]
		if s.faults.Fire(Provider, OpListPeerConn, fault.RepeatMarker) {
			out.NextMarker = out.Marker // the page's own marker: the walk would loop
		}
	}
	return out, nil
}

// listing returns the index a List reads and how to pick the caller's end
// of each of its connections. With vpcId it is that VPC's index, empty when
// the VPC is not the caller's in this region.
func (s *Service) listing(account, region, vpcID string) (*index, func(*conn) int) {
	if vpcID != "" {
		v := s.vpcs[vpcID]
		if v == nil || v.AccountID != account || v.Region != region {
			return nil, nil
		}
		return s.byVPC[vpcID], func(pc *conn) int { i, _ := pc.endOnVPC(vpcID); return i }
	}
	return s.byRegion[acctRegion{account, region}], func(pc *conn) int { i, _ := pc.endIn(account, region); return i }
}

// emptyPage is the EmptyPage fault's answer: no items, truncated, and a
// next marker that differs from the request's yet still leads to the first
// item the request would have returned (all[pos]).
func emptyPage(out listResult, marker string, all []string, pos int) listResult {
	first := all[pos]
	out.IsTruncated = true
	switch {
	case marker == "":
		out.NextMarker = first
	case marker < first:
		// marker+"0" sorts after marker and, IDs being lowercase
		// alphanumerics, no later than first.
		out.NextMarker = first
		if m := marker + "0"; m <= first {
			out.NextMarker = m
		}
	default: // marker == first: a key between the previous item and first
		prev := "peerconn-"
		if pos > 0 {
			prev = all[pos-1]
		}
		out.NextMarker = prev + "0"
		if out.NextMarker >= first {
			out.NextMarker = first
		}
	}
	return out
}
