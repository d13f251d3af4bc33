package aliyun

import (
	"net/netip"
	"slices"
	"strings"
)

// routeEstateLocked gives the generated estate its routing, drawn from the
// route source alone so that every other generated ID, block and status is
// what it was without it. Each active connection gets one of: routes both
// ways (most), one way, none, part of the far side's blocks, a more
// specific route elsewhere that shadows part of the range, or a route
// through the connection into the near network's own range; a few
// connections that carry no traffic (deleted, deleting, rejected, expired,
// locked) keep a route pointing at them.
func (s *Service) routeEstateLocked() {
	rng := s.routeRNG
	ids := make([]string, 0, len(s.peers))
	for id := range s.peers {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	now := s.clock.Now()
	for _, id := range ids {
		c := s.peers[id]
		near, far := c.vpc, c.acceptingVpc
		if rng.IntN(2) == 0 {
			near, far = far, near
		}
		nearBlocks := append(slices.Clone(near.IPv4CIDRs), near.IPv6CIDRs...)
		farBlocks := append(slices.Clone(far.IPv4CIDRs), far.IPv6CIDRs...)
		if c.status(now) != statusActivated || c.bizStatus != bizNormal {
			if rng.IntN(100) < 30 {
				s.routeBlocksLocked(near.ID, c.id, hopVpcPeer, farBlocks[:1])
			}
			continue
		}
		s.drawRoutingLocked(rng.IntN(100), near.ID, far.ID, c.id, hopVpcPeer, nearBlocks, farBlocks, true)
	}
	ids = ids[:0]
	for id := range s.enses {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		c := s.enses[id]
		if c.status(now) != statusActivated {
			continue
		}
		near, far := c.network, c.peer
		s.drawRoutingLocked(rng.IntN(100), near.ID, far.ID, c.id, hopNetworkPeer, near.IPv4CIDRs, far.IPv4CIDRs, false)
	}
}

// drawRoutingLocked routes an active connection as the draw r (0 to 99)
// picks.
func (s *Service) drawRoutingLocked(r int, near, far, conn, hopType string, nearBlocks, farBlocks []string, vpc bool) {
	both := func() {
		s.routeBlocksLocked(near, conn, hopType, farBlocks)
		s.routeBlocksLocked(far, conn, hopType, nearBlocks)
	}
	switch {
	case r < 55:
		both()
	case r < 65: // one way
		s.routeBlocksLocked(near, conn, hopType, farBlocks)
	case r < 75: // none
	case r < 82: // part of the far side's blocks
		s.routeBlocksLocked(far, conn, hopType, nearBlocks)
		if len(farBlocks) > 1 {
			s.routeBlocksLocked(near, conn, hopType, farBlocks[:1])
		} else if half, ok := halfOf(farBlocks[0]); ok {
			s.routeBlocksLocked(near, conn, hopType, []string{half})
		}
	case r < 89: // a more specific route elsewhere shadows part of the range
		both()
		if half, ok := halfOf(farBlocks[0]); ok {
			hop := "i-" + strings.TrimPrefix(near, "vpc-")
			typ := "Instance"
			if !vpc {
				hop = "i-" + strings.TrimPrefix(near, "n-")
			}
			s.routeBlocksLocked(near, hop, typ, []string{half})
		}
	case r < 93: // a route through the connection into the near side's own range
		both()
		if p, err := netip.ParsePrefix(nearBlocks[0]); err == nil && p.Bits() > 1 {
			wide := netip.PrefixFrom(p.Addr(), p.Bits()-1).Masked().String()
			s.routeBlocksLocked(near, conn, hopType, []string{wide})
		}
	default:
		both()
	}
}

// routeBlocksLocked adds to a network's system table a custom route to
// each block through the next hop, skipping a destination the table
// already routes (a destination may not repeat in a table: two peers with
// the same block cannot both be routed).
func (s *Service) routeBlocksLocked(network, hopID, hopType string, blocks []string) {
	t := s.systemTableLocked(network)
	if t == nil {
		return
	}
	for _, b := range blocks {
		p, err := netip.ParsePrefix(b)
		if err != nil || t.hasDestination(p) {
			continue
		}
		s.addRouteLocked(&routeEntry{table: t, dest: p.Masked().String(), hopType: hopType, hopID: hopID,
			description: "Generated route", created: generatedAt})
	}
}

// halfOf returns the lower half of a block, or false for a host route.
func halfOf(block string) (string, bool) {
	p, err := netip.ParsePrefix(block)
	if err != nil || p.Bits() >= p.Addr().BitLen() {
		return "", false
	}
	return netip.PrefixFrom(p.Masked().Addr(), p.Bits()+1).String(), true
}
