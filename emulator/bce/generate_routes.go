package bce

import (
	"math/rand/v2"
	"net/netip"
	"strings"
)

// routes gives a generated estate its routing, healthy and broken, from r:
// a stream of its own, so that the estate's IDs, blocks and statuses are
// those it had before it had routes. Of the active connections, most are
// routed both ways (every block of the far VPC through the connection);
// some one way; some not at all; a few route only half of the far block on
// one side; a few have, on one side, a more specific rule that sends part
// of the far block to an instance (shadowing the peering route); a few
// send 0.0.0.0/0 through the connection on one side. A third of the
// connections that carry nothing (down, expired, consult_failed, error)
// keep a rule from when they did; a few VPCs keep a rule to the interface
// of a peering deleted long ago; a fifth send 0.0.0.0/0 to a NAT gateway.
// Rules follow the create rules (no destination inside the VPC, no repeated
// source and destination, the quota): a rule that would break one is not
// made. Fixture VPCs get none.
func (g *generator) routes(r *rand.Rand) {
	rg := &routeGen{g: g, r: r}
	for _, v := range g.all {
		if !isFixture(v) && r.IntN(5) == 0 {
			rg.rule(v, "0.0.0.0/0", NexthopNAT, randID(r, "nat-", 12, lowerAlnum), "internet egress")
		}
	}
	for _, pc := range g.made {
		ends := [2]*vpcRecord{g.s.vpcs[pc.ends[initiator].vpc], g.s.vpcs[pc.ends[acceptor].vpc]}
		switch pc.status(g.now) {
		case StatusActive:
			rg.active(pc, ends)
		case StatusDown, StatusExpired, StatusConsultFailed, StatusError:
			if r.IntN(3) == 0 {
				side := r.IntN(2)
				rg.through(pc, side, ends, vpcBlocks(ends[1-side]))
			}
		}
	}
	for _, v := range g.all {
		if isFixture(v) || r.IntN(40) != 0 {
			continue
		}
		peers := g.pool[acctRegion{v.AccountID, v.Region}]
		if w := peers[r.IntN(len(peers))]; w != v {
			rg.rule(v, w.CIDR, NexthopPeerConn, newIfID(r), "to "+w.Name+" (peering deleted)")
		}
	}
}

func isFixture(v *vpcRecord) bool { return strings.HasPrefix(v.Name, "fixture-") }

// routeGen makes the rules of one Generate run.
type routeGen struct {
	g *generator
	r *rand.Rand
}

// active routes an active connection.
func (rg *routeGen) active(pc *conn, ends [2]*vpcRecord) {
	r := rg.r
	both := func() {
		for side := range 2 {
			rg.through(pc, side, ends, vpcBlocks(ends[1-side]))
		}
	}
	switch x, side := r.IntN(100), r.IntN(2); {
	case x < 62:
		both()
	case x < 74: // one way
		rg.through(pc, side, ends, vpcBlocks(ends[1-side]))
	case x < 84: // none
	case x < 90: // one side routes half of the far block
		rg.through(pc, 1-side, ends, vpcBlocks(ends[side]))
		far := vpcBlocks(ends[1-side])[0]
		if far.Bits() < 32 {
			far = netip.PrefixFrom(far.Addr(), far.Bits()+1)
		}
		rg.through(pc, side, ends, []netip.Prefix{far})
	case x < 95: // a more specific rule sends part of the far block to an instance
		both()
		if far := vpcBlocks(ends[1-side])[0]; far.Bits() <= 30 {
			rg.rule(ends[side], netip.PrefixFrom(far.Addr(), far.Bits()+2).String(), NexthopCustom,
				randID(r, "i-", 8, mixedAlnum), "inspection appliance")
		}
	case x < 97: // a default route through the connection
		rg.through(pc, 1-side, ends, vpcBlocks(ends[side]))
		rg.rule(ends[side], "0.0.0.0/0", NexthopPeerConn, pc.ends[side].ifID, "default via "+ends[1-side].Name)
	default:
		both()
	}
}

// through routes blocks from end side of pc through pc.
func (rg *routeGen) through(pc *conn, side int, ends [2]*vpcRecord, blocks []netip.Prefix) {
	for _, b := range blocks {
		rg.rule(ends[side], b.String(), NexthopPeerConn, pc.ends[side].ifID, "to "+ends[1-side].Name)
	}
}

// rule adds a custom rule to v's table when the create rules allow it.
func (rg *routeGen) rule(v *vpcRecord, dst, typ, hop, desc string) {
	s := rg.g.s
	t := s.tables[v.ID]
	d, err := netip.ParsePrefix(dst)
	if err != nil || t.custom() >= s.maxRouteRules {
		return
	}
	src := "0.0.0.0/0"
	if d.Addr().Is6() {
		src = "::/0"
	}
	for _, b := range vpcBlocks(v) {
		if d.Bits() != 0 && b.Overlaps(d) {
			return
		}
	}
	for _, x := range t.rules {
		if x.SourceAddress == src && x.DestinationAddress == d.String() {
			return
		}
	}
	s.addRule(t, &RouteRule{ID: s.newRuleID(rg.r), SourceAddress: src, DestinationAddress: d.String(),
		NexthopID: hop, NexthopType: typ, Description: desc})
}
