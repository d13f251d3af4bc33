package inventory

import (
	"net/netip"

	"github.com/peeringkit/peering"
)

// Verdict says whether traffic can flow across a peering: [Reach.Verdict]
// for the peering as a whole, [Direction.Verdict] for one way.
type Verdict string

// The verdicts of a whole peering (Reach.Verdict).
const (
	// ReachBoth: each side routes all of the other's blocks through it.
	ReachBoth Verdict = "both"
	// ReachOneWay: one side routes the other's blocks (some or all)
	// through it, the other side none: answers have no way back.
	ReachOneWay Verdict = "one-way"
	// ReachPartial: both sides route through it, but some blocks of at
	// least one side are not.
	ReachPartial Verdict = "partial"
	// ReachNone: neither side routes anything through it.
	ReachNone Verdict = "none"
	// ReachUnknown: a side's route tables could not be read (or its
	// blocks are unknown), so the verdict cannot be given; the directions
	// say why.
	ReachUnknown Verdict = "unknown"
	// ReachInactive: the peering is not active, so it carries nothing
	// whatever the routes say.
	ReachInactive Verdict = "inactive"
)

// The verdicts of one direction (Direction.Verdict). A direction is also
// ReachUnknown or ReachInactive, as the whole peering is.
const (
	// Routed: the near side routes all of the far side's blocks through
	// the peering.
	Routed Verdict = "routed"
	// PartlyRouted: it routes some of them through it, not all.
	PartlyRouted Verdict = "partial"
	// NotRouted: it routes none of them through it.
	NotRouted Verdict = "none"
)

// Reach is whether traffic flows across one peering, each way, as the route
// tables of its two networks say: [Inventory.Reach] holds one for every
// record when the route tables were read (Options.Routes, AnalyzeRoutes),
// computed by the same analysis as the routing findings, so that renderers
// and programs read it rather than judge again.
type Reach struct {
	Connection Ref `json:"connection"`
	// Verdict is the peering's: ReachBoth, ReachOneWay, ReachPartial,
	// ReachNone, ReachUnknown or ReachInactive.
	Verdict Verdict `json:"verdict"`
	// ToAccepter is the traffic from the requester's network to the
	// accepter's, which the requester's tables route; ToRequester the way
	// back, which the accepter's tables route.
	ToAccepter  Direction `json:"toAccepter"`
	ToRequester Direction `json:"toRequester"`
}

// Direction is how the near network of a peering routes the far network's
// blocks: through the peering, elsewhere, or not at all.
type Direction struct {
	// From is the near network, whose tables were read, and To the far
	// one, whose blocks are the destinations.
	From Ref `json:"from"`
	To   Ref `json:"to"`
	// Verdict is Routed, PartlyRouted, NotRouted, ReachUnknown or
	// ReachInactive.
	Verdict Verdict `json:"verdict"`
	// Reason says why the verdict is unknown or inactive; "" otherwise.
	Reason string `json:"reason,omitempty"`
	// Routes are From's routes through the peering: those that carry this
	// direction's traffic.
	Routes []RouteRef `json:"routes,omitempty"`
	// Routed are To's blocks that routes through the peering cover whole;
	// Missing those they do not.
	Routed  []netip.Prefix `json:"routed,omitempty"`
	Missing []netip.Prefix `json:"missing,omitempty"`
	// Elsewhere are From's routes into To's blocks that go somewhere else
	// than the peering (another peering, a gateway, the network itself).
	Elsewhere []RouteRef `json:"elsewhere,omitempty"`
}

// reachOf returns the inventory's verdicts by connection; empty when the
// route tables were not read.
func reachOf(inv *Inventory) map[Ref]*Reach {
	m := make(map[Ref]*Reach, len(inv.Reach))
	for i := range inv.Reach {
		m[inv.Reach[i].Connection] = &inv.Reach[i]
	}
	return m
}

// reach gives a record's verdict from its two directions, judged (a from
// the requester's tables, b from the accepter's) when the peering is
// active, or nil directions when it is not judged (then why says why, and
// inactive says whether because of its status).
func reach(r *Record, a, b *direction, why string, inactive bool) Reach {
	out := Reach{Connection: r.Ref()}
	if a == nil {
		v := ReachUnknown
		if inactive {
			v = ReachInactive
		}
		out.Verdict = v
		out.ToAccepter = Direction{From: network(&r.Connection, r.Requester), To: network(&r.Connection, r.Accepter), Verdict: v, Reason: why}
		out.ToRequester = Direction{From: out.ToAccepter.To, To: out.ToAccepter.From, Verdict: v, Reason: why}
		return out
	}
	out.ToAccepter, out.ToRequester = a.export(r), b.export(r)
	x, y := out.ToAccepter.Verdict, out.ToRequester.Verdict
	switch {
	case x == ReachUnknown || y == ReachUnknown:
		out.Verdict = ReachUnknown
	case x == Routed && y == Routed:
		out.Verdict = ReachBoth
	case x == NotRouted && y == NotRouted:
		out.Verdict = ReachNone
	case x == NotRouted || y == NotRouted:
		out.Verdict = ReachOneWay
	default:
		out.Verdict = ReachPartial
	}
	return out
}

// export is the direction as [Direction] says it: the verdicts agree with
// the findings (no routes through the peering is NotRouted, some blocks
// missing PartlyRouted).
func (d *direction) export(r *Record) Direction {
	out := Direction{From: network(&r.Connection, d.near), To: network(&r.Connection, d.far), Reason: d.unknown,
		Routes: d.through, Routed: d.routed, Missing: d.missing, Elsewhere: d.elsewhere}
	switch {
	case d.unknown != "":
		out.Verdict = ReachUnknown
	case len(d.through) == 0:
		out.Verdict = NotRouted
	case len(d.missing) == 0:
		out.Verdict = Routed
	default:
		out.Verdict = PartlyRouted
	}
	return out
}

// notJudged says why a record's routing is not judged, "" when it is, and
// whether because of its status.
func notJudged(r *Record) (why string, inactive bool) {
	switch {
	case r.Status != peering.StatusActive:
		return "the peering is " + string(r.Status) + ": it carries no traffic whatever the routes say", true
	case r.Requester.NetworkID == "" || r.Accepter.NetworkID == "":
		return "an end's network is not known", false
	case r.Requester.NetworkID == r.Accepter.NetworkID:
		return "the peering joins " + r.Requester.NetworkID + " to itself", false
	}
	return "", false
}
