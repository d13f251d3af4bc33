package inventory

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/peeringkit/peering"
)

// The kinds of routing finding: does traffic flow across each peering,
// each way? They need the route tables of the networks (Options.Routes).
const (
	// KindNoRoute: an active peering that neither side routes through.
	KindNoRoute Kind = "no-route"
	// KindOneWay: only one side routes the other's blocks through an
	// active peering; the far side's answers have no way back.
	KindOneWay Kind = "one-way"
	// KindPartialRoute: a side routes some of the far side's blocks
	// through the peering, but not all.
	KindPartialRoute Kind = "partial-route"
	// KindBlackhole: a route sends traffic to a peering that is deleted,
	// rejected, expired, failed or inactive.
	KindBlackhole Kind = "blackhole"
	// KindShadowed: a more specific route of the same table sends part of
	// the range routed through the peering somewhere else.
	KindShadowed Kind = "shadowed"
	// KindRouteIntoOwnRange: a route through the peering covers the
	// network's own blocks.
	KindRouteIntoOwnRange Kind = "route-into-own-range"
	// KindRoutesUnknown: the route tables of a side of an active peering
	// could not be read, so whether traffic flows that way is not known;
	// the finding says why. Never reported as no-route.
	KindRoutesUnknown Kind = "routes-unknown"
)

// NetworkRoutes is what the inventory read of one network's route tables.
type NetworkRoutes struct {
	Network Ref                  `json:"network"`
	Tables  []peering.RouteTable `json:"tables"`
	// Unknown says why the tables could not be read, "" when they were.
	Unknown string `json:"unknown,omitempty"`
}

// RouteRef names one route of one table, for findings.
type RouteRef struct {
	Network     Ref          `json:"network"`
	Table       string       `json:"table"`
	Route       string       `json:"route,omitempty"` // the route's ID, where it has one
	Destination netip.Prefix `json:"destination"`
	NextHop     string       `json:"nextHop"` // the provider's next-hop type and ID
}

func routeRef(n Ref, t *peering.RouteTable, r peering.Route) RouteRef {
	hop := r.NextHopType
	if r.NextHopID != "" {
		hop += " " + r.NextHopID
	}
	return RouteRef{Network: n, Table: t.ID, Route: r.ID, Destination: r.Destination, NextHop: hop}
}

func (r RouteRef) String() string {
	s := r.Destination.String() + " via " + r.NextHop + " in " + r.Table
	if r.Route != "" {
		s += " (" + r.Route + ")"
	}
	return s
}

// direction is how one side of a peering routes the far side's blocks.
type direction struct {
	near, far peering.Endpoint
	role      peering.Role // the near side's
	unknown   string       // why it cannot be judged; "" when it can
	through   []RouteRef   // the near side's routes through the peering
	routed    []netip.Prefix
	missing   []netip.Prefix // far blocks no route through the peering covers whole
	shadowing []RouteRef     // more specific routes elsewhere, inside what goes through the peering
	ownRange  []RouteRef     // routes through the peering into the near side's blocks
	elsewhere []RouteRef     // routes into the far side's blocks that go elsewhere
}

func (d direction) none() bool { return d.unknown == "" && len(d.through) == 0 }

// judge works out how the near side of r routes the far side's blocks,
// from the near network's tables.
func judge(r *Record, near, far peering.Endpoint, role peering.Role, routes map[Ref]*NetworkRoutes) direction {
	d := direction{near: near, far: far, role: role}
	n := network(&r.Connection, near)
	nr := routes[n]
	switch {
	case nr == nil:
		d.unknown = "the route tables of " + near.NetworkID + " were not read (no target reads its account's tables in its region)"
		return d
	case nr.Unknown != "":
		d.unknown = "the route tables of " + near.NetworkID + " could not be read: " + nr.Unknown
		return d
	}
	farBlocks := blocks(far)
	if len(farBlocks) == 0 {
		d.unknown = "the address blocks of " + orUnknown(far.NetworkID) + " are unknown"
		return d
	}
	for ti := range nr.Tables {
		t := &nr.Tables[ti]
		for _, rt := range t.Routes {
			if !rt.Through(r.ID) {
				if rt.Destination.IsValid() && overlapsAny(rt.Destination, farBlocks) {
					d.elsewhere = append(d.elsewhere, routeRef(n, t, rt))
				}
				continue
			}
			d.through = append(d.through, routeRef(n, t, rt))
			for _, own := range blocks(near) {
				if rt.Destination.Overlaps(own) {
					d.ownRange = append(d.ownRange, routeRef(n, t, rt))
					break
				}
			}
			for _, o := range t.Routes {
				if !o.Through(r.ID) && o.NextHop != peering.NextHopLocal && o.Destination.Bits() > rt.Destination.Bits() &&
					rt.Destination.Overlaps(o.Destination) && overlapsAny(o.Destination, farBlocks) {
					d.shadowing = append(d.shadowing, routeRef(n, t, o))
				}
			}
		}
	}
	for _, b := range farBlocks {
		if slices.ContainsFunc(d.through, func(t RouteRef) bool { return covers(t.Destination, b) }) {
			d.routed = append(d.routed, b)
		} else {
			d.missing = append(d.missing, b)
		}
	}
	return d
}

// covers reports whether route destination dst holds all of block b.
func covers(dst, b netip.Prefix) bool {
	return dst.Addr().Is4() == b.Addr().Is4() && dst.Bits() <= b.Bits() && dst.Masked().Contains(b.Masked().Addr())
}

func overlapsAny(p netip.Prefix, bs []netip.Prefix) bool {
	return slices.ContainsFunc(bs, p.Overlaps)
}

// routeFindings judges every active peering each way, and every route that
// points at a peering that cannot carry traffic. It returns the findings and
// the verdict of every record, in the records' order; nil routes (tables not
// read) give neither.
func routeFindings(records Records, routes []NetworkRoutes) ([]Finding, []Reach) {
	if routes == nil {
		return nil, nil
	}
	byNet := make(map[Ref]*NetworkRoutes, len(routes))
	for i := range routes {
		byNet[routes[i].Network] = &routes[i]
	}
	byRef := make(map[Ref]int, records.Len())
	for i := range records.Len() {
		byRef[records.Ref(i)] = i
	}
	var out []Finding
	verdicts := make([]Reach, 0, records.Len())
	for i := range records.Len() {
		rec := records.shared(i)
		r := &rec
		if why, inactive := notJudged(r); why != "" {
			verdicts = append(verdicts, reach(r, nil, nil, why, inactive))
			continue
		}
		a := judge(r, r.Requester, r.Accepter, peering.RoleRequester, byNet)
		b := judge(r, r.Accepter, r.Requester, peering.RoleAccepter, byNet)
		out = append(out, peeringRoutes(r, a, b)...)
		verdicts = append(verdicts, reach(r, &a, &b, "", false))
	}
	for _, nr := range routes {
		for ti := range nr.Tables {
			t := &nr.Tables[ti]
			for _, rt := range t.Routes {
				if rt.NextHop != peering.NextHopPeering {
					continue
				}
				ref := routeRef(nr.Network, t, rt)
				f := Finding{Kind: KindBlackhole, Severity: SeverityWarning, Networks: []Ref{nr.Network},
					Prefixes: []netip.Prefix{rt.Destination}, Routes: []RouteRef{ref}}
				var target *Record
				if j, ok := byRef[Ref{Provider: nr.Network.Provider, ID: rt.NextHopID}]; ok {
					rec := records.shared(j)
					target = &rec
				}
				switch {
				case rt.NextHopID == "":
					// The adapter could not tie the next hop to any
					// connection the account has: it is gone.
					f.Message = fmt.Sprintf("%s network %s routes %s to a peering that no longer exists: that traffic goes nowhere",
						nr.Network.Provider, nr.Network.ID, ref)
				case target != nil && carriesNothing(target.Status):
					f.Connections = []Ref{target.Ref()}
					f.Message = fmt.Sprintf("%s network %s routes %s to peering %s, which is %s: that traffic goes nowhere",
						nr.Network.Provider, nr.Network.ID, ref, target.ID, target.Status)
				default:
					continue
				}
				out = append(out, f)
			}
		}
	}
	return out, verdicts
}

// carriesNothing reports whether a connection in status s can carry no
// traffic, so that a route to it is a black hole.
func carriesNothing(s peering.Status) bool {
	return s.Terminal() || s == peering.StatusInactive || s == peering.StatusDeleting
}

// peeringRoutes turns the two directions of an active peering into
// findings.
func peeringRoutes(r *Record, a, b direction) []Finding {
	nets := endpoints(&r.Connection)
	base := func(kind Kind, sev Severity, prefixes []netip.Prefix, refs []RouteRef, msg string, args ...any) Finding {
		return Finding{Kind: kind, Severity: sev, Connections: []Ref{r.Ref()}, Networks: nets, Prefixes: prefixes, Routes: refs,
			Message: fmt.Sprintf("%s peering %s: ", r.Provider, r.ID) + fmt.Sprintf(msg, args...)}
	}
	var out []Finding
	switch {
	case a.none() && b.none():
		out = append(out, base(KindNoRoute, SeverityError, nil, nil,
			"active, but neither %s nor %s routes the other's blocks through it: it carries no traffic", a.near.NetworkID, b.near.NetworkID))
	case a.none() && b.unknown == "", b.none() && a.unknown == "":
		with, without := b, a
		if b.none() {
			with, without = a, b
		}
		out = append(out, base(KindOneWay, SeverityError, blocks(without.far), with.through,
			"%s routes %s through it, but %s routes nothing back to %s: answers have no way back",
			with.near.NetworkID, prefixList(with.routed), without.near.NetworkID, prefixList(blocks(without.far))))
	}
	if a.unknown != "" && b.unknown != "" {
		// Neither side could be judged: one finding says why for both.
		why := a.unknown
		if b.unknown != a.unknown {
			why += "; " + b.unknown
		}
		return append(out, base(KindRoutesUnknown, SeverityWarning, nil, nil, "whether traffic flows across it is not known either way: %s", why))
	}
	for _, d := range []direction{a, b} {
		switch {
		case d.unknown != "":
			out = append(out, base(KindRoutesUnknown, SeverityWarning, nil, nil, "whether %s routes %s through it is not known: %s",
				d.near.NetworkID, orUnknown(d.far.NetworkID), d.unknown))
			continue
		case len(d.through) > 0 && len(d.missing) > 0:
			out = append(out, base(KindPartialRoute, SeverityWarning, d.missing, d.through,
				"%s routes %s of %s through it (%s), but not %s", d.near.NetworkID, prefixList(d.routed), d.far.NetworkID,
				refList(d.through), prefixList(d.missing)))
		}
		if len(d.shadowing) > 0 {
			out = append(out, base(KindShadowed, SeverityWarning, nil, append(slices.Clip(d.through), d.shadowing...),
				"in %s, %s send part of what goes through it (%s) elsewhere", d.near.NetworkID, refList(d.shadowing), refList(d.through)))
		}
		if len(d.ownRange) > 0 {
			out = append(out, base(KindRouteIntoOwnRange, SeverityError, blocks(d.near), d.ownRange,
				"%s routes its own blocks (%s) through it: %s", d.near.NetworkID, prefixList(blocks(d.near)), refList(d.ownRange)))
		}
	}
	return out
}

func prefixList(ps []netip.Prefix) string {
	if len(ps) == 0 {
		return "none"
	}
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.String()
	}
	return strings.Join(s, ", ")
}

func refList(rs []RouteRef) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = r.String()
	}
	return strings.Join(s, "; ")
}
