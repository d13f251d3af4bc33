package bce

import (
	"net/url"
	"slices"
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
	maxKeys, bad := maxKeysOf(c.query)
	if bad != nil {
		return nil, bad
	}
	marker := c.query.Get("marker")
	vpcID := c.query.Get("vpcId")
	scope := walkScope{c.account, c.region, vpcID}
	st := s.walks.lookup(marker, scope)

	// A racing create: a new connection lands before the walk's position.
	// Every later item moves one place down the list; key markers keep the
	// walk from seeing any of them twice.
	if marker != "" && !st.active() && s.faults.Fire(Provider, OpListPeerConn, fault.ShiftItems) {
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

	size := s.faults.PageCap(Provider, OpListPeerConn, maxKeys)
	out := listResult{PeerConns: []wirePeerConn{}, MaxKeys: size}
	if len(rest) > 0 && !st.active() && s.faults.Fire(Provider, OpListPeerConn, fault.EmptyPage) {
		return emptyPage(out, marker, all, pos), nil
	}
	n := min(size, len(rest))
	// An item served again (RepeatLater) takes the place of the page's last
	// fresh one, which the next page starts with; on a page with room it is
	// added.
	echo := ""
	if st.echo != "" && (st.echoIn <= 1 || len(rest) <= size) {
		echo = st.echo
		if len(rest) >= size {
			n = size - 1
		}
	}
	for _, id := range rest[:n] {
		pc := s.conns[id]
		out.PeerConns = append(out.PeerConns, pc.view(endOf(pc), c.account, c.now))
	}
	if pc := s.conns[echo]; pc != nil {
		out.PeerConns = append(out.PeerConns, pc.view(endOf(pc), c.account, c.now))
	}
	// The marker echoes the request's, or names the first item of a first
	// page; it is absent when the page is empty, as documented.
	if len(out.PeerConns) > 0 {
		out.Marker = marker
		if marker == "" {
			out.Marker = out.PeerConns[0].PeerConnID
		}
	}

	next := st.advance(echo != "")
	nextPos := pos + n // where the next page starts, in all
	truncated := n < len(rest)
	switch {
	case st.cycleLen > 0 && (st.cycleAt+1 >= st.cycleLen || !truncated):
		// The cycle's last page leads back to its first.
		// (Where the first item is gone, at its place.)
		next.cycleAt, truncated = 0, true
		nextPos, _ = slices.BinarySearch(all, st.cycleFirst)
	case st.cycleLen > 0:
		next.cycleAt++
	case truncated && n > 0:
		if k, ok := s.faults.Cycle(Provider, OpListPeerConn); ok {
			next.cycleFirst, next.cycleLen, next.cycleAt = rest[0], k, 1
			if k == 1 {
				next.cycleAt, nextPos = 0, pos
			}
		}
	}
	if truncated && n > 0 && st.echo == "" && echo == "" {
		if lag, ok := s.faults.Lag(Provider, OpListPeerConn); ok {
			next.echo, next.echoIn = rest[s.faults.Pick(n)], lag
		}
	}
	if !truncated {
		return out, nil
	}
	out.IsTruncated = true
	if next.active() {
		out.NextMarker = s.walks.issue(all, nextPos, scope, next)
		return out, nil
	}
	out.NextMarker = all[nextPos]
	if !st.active() && s.faults.Fire(Provider, OpListPeerConn, fault.RepeatMarker) {
		out.NextMarker = out.Marker // the page's own marker: the walk would loop
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

// walkScope is the query a walk's state belongs to.
type walkScope struct{ account, region, vpcID string }

// walkState is what a walk carries from page to page once a fault has made
// it stateful: an item to serve again (RepeatLater) and a cycle of pages
// (CycleTokens). Markers are sort keys and cannot hold it, so the service
// keeps it under the fresh markers it hands out.
type walkState struct {
	scope      walkScope
	echo       string // an ID to serve again, "" for none
	echoIn     int    // on the echoIn-th page from here (1: this one)
	cycleFirst string // the first item of the cycle's first page
	cycleLen   int    // pages in the cycle, 0 for none
	cycleAt    int    // this page's place in the cycle
}

func (w walkState) active() bool { return w.echo != "" || w.cycleLen > 0 }

// advance returns the state the next page starts with, before the cycle is
// moved on: the echo delivered on this page (served) is dropped, a pending
// one comes a page nearer.
func (w walkState) advance(served bool) walkState {
	switch {
	case served:
		w.echo, w.echoIn = "", 0
	case w.echo != "":
		w.echoIn--
	}
	return w
}

// maxWalks bounds the walks remembered: past it the oldest are forgotten
// (their pathology ends there), so a long soak cannot grow the map without
// end.
const maxWalks = 1 << 16

// walks maps the markers handed to stateful walks to their state.
type walks struct {
	serial int
	byMark map[string]walkState
	order  []string
}

// lookup returns the state of a walk at marker in scope (none when the
// marker is not one of ours, or belongs to another query).
func (w *walks) lookup(marker string, scope walkScope) walkState {
	st, ok := w.byMark[marker]
	if !ok || st.scope != scope {
		return walkState{}
	}
	return st
}

// issue returns a marker never handed out before that resumes at all[pos]
// (past the end when pos == len(all)) and remembers st under it. The marker
// is the key of the item before pos (or the bare prefix) with "-" and a
// serial number: it sorts after that item and, IDs being of one length and
// "-" sorting before every ID character, before all[pos].
func (w *walks) issue(all []string, pos int, scope walkScope, st walkState) string {
	prev := "peerconn-"
	if pos > 0 {
		prev = all[pos-1]
	}
	w.serial++
	m := prev + "-" + strconv.Itoa(w.serial)
	if w.byMark == nil {
		w.byMark = make(map[string]walkState)
	}
	if len(w.order) >= maxWalks {
		for _, old := range w.order[:maxWalks/2] {
			delete(w.byMark, old)
		}
		w.order = slices.Delete(w.order, 0, maxWalks/2)
	}
	st.scope = scope
	w.byMark[m] = st
	w.order = append(w.order, m)
	return m
}

// maxKeysOf reads a list call's maxKeys: 1 to MaxKeys, MaxKeys when absent,
// as the peering and VPC list documents give it.
func maxKeysOf(q url.Values) (int, error) {
	v := q.Get("maxKeys")
	if v == "" {
		return MaxKeys, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > MaxKeys {
		return 0, badQuery("maxKeys must be an integer from 1 to %d, not %q", MaxKeys, v)
	}
	return n, nil
}
