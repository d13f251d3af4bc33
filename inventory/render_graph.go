package inventory

import (
	"iter"

	"github.com/peeringkit/peering"
)

// What the graph renderers (DOT, Mermaid) draw alike, decided once so that
// the two drawings of one inventory say the same things; each renderer only
// spells them in its own syntax.

// byProvider yields the networks a provider at a time: a drawing groups
// each provider's networks, and the graph orders them by provider.
func byProvider(ns []Network) iter.Seq[[]Network] {
	return func(yield func([]Network) bool) {
		for start := 0; start < len(ns); {
			end := start + 1
			for end < len(ns) && ns[end].Provider == ns[start].Provider {
				end++
			}
			if !yield(ns[start:end]) {
				return
			}
			start = end
		}
	}
}

// label returns the lines a drawing shows for n: its ID, its region when
// known, then its blocks, IPv4 first, or "blocks unknown" when it has none.
func (n *Network) label() []string {
	lines := make([]string, 0, 2+len(n.IPv4CIDRs)+len(n.IPv6CIDRs))
	lines = append(lines, n.ID)
	if n.Region != "" {
		lines = append(lines, n.Region)
	}
	for _, p := range n.IPv4CIDRs {
		lines = append(lines, p.String())
	}
	for _, p := range n.IPv6CIDRs {
		lines = append(lines, p.String())
	}
	if len(n.IPv4CIDRs) == 0 && len(n.IPv6CIDRs) == 0 {
		lines = append(lines, "blocks unknown")
	}
	return lines
}

// state returns the link's status, then its bandwidth when known.
func (l *Link) state() string {
	s := string(l.Status)
	if l.Bandwidth != peering.BandwidthUnknown {
		s += " " + l.Bandwidth.String()
	}
	return s
}

// mark is how a drawing singles out a link.
type mark int

const (
	markNone    mark = iota
	markFaded        // the connection carries nothing and never will (terminal status)
	markWarning      // the worst finding about the connection is a warning
	markError        // the worst finding about the connection is an error
)

// linkMarks returns how to mark each link: by the worst finding about its
// connection, else faded when its status is terminal.
func linkMarks(fs []Finding) func(l *Link) mark {
	worst := worstFindings(fs)
	return func(l *Link) mark {
		switch worst[l.Connection] {
		case SeverityError:
			return markError
		case SeverityWarning:
			return markWarning
		}
		if l.Status.Terminal() {
			return markFaded
		}
		return markNone
	}
}

// worstFindings maps each connection to the most severe finding about it.
func worstFindings(fs []Finding) map[Ref]Severity {
	worst := make(map[Ref]Severity)
	for _, f := range fs {
		for _, c := range f.Connections {
			if s, ok := worst[c]; !ok || f.Severity.rank() < s.rank() {
				worst[c] = f.Severity
			}
		}
	}
	return worst
}

// flow is how a drawing draws a link by whether traffic crosses it, when
// the route tables were read: arrowheads where traffic goes.
type flow int

const (
	flowUnjudged flow = iota // the route tables were not read: drawn by status, requester to accepter
	flowBoth                 // routed both ways (some blocks may be missing): solid, both arrowheads
	flowForward              // routed from the requester to the accepter only: solid arrow
	flowBack                 // routed from the accepter to the requester only: solid arrow back
	flowNone                 // routed neither way: dashed, no arrowhead
	flowUnknown              // not known (tables not read): dotted, grey, no arrowhead
	flowInactive             // not active, carries nothing: dashed, grey, no arrowhead
)

// linkFlows returns how to draw each link by its connection's verdict.
func linkFlows(inv *Inventory) func(l *Link) flow {
	reach := reachOf(inv)
	return func(l *Link) flow {
		r := reach[l.Connection]
		if r == nil {
			return flowUnjudged
		}
		carries := func(v Verdict) bool { return v == Routed || v == PartlyRouted }
		switch fwd, back := carries(r.ToAccepter.Verdict), carries(r.ToRequester.Verdict); {
		case r.Verdict == ReachInactive:
			return flowInactive
		case r.Verdict == ReachUnknown:
			return flowUnknown
		case fwd && back:
			return flowBoth
		case fwd:
			return flowForward
		case back:
			return flowBack
		}
		return flowNone
	}
}

// linkLooks returns how to draw each link: its flow, and its mark, which
// for a link whose verdict is unknown or inactive is grey unless a finding
// makes it an error (unknown) or any finding marks it (inactive).
func linkLooks(inv *Inventory) func(l *Link) (flow, mark) {
	markOf, flowOf := linkMarks(inv.Findings), linkFlows(inv)
	return func(l *Link) (flow, mark) {
		fl, m := flowOf(l), markOf(l)
		switch {
		case fl == flowUnknown && m != markError:
			m = markFaded // grey says "not known" before a warning's orange
		case fl == flowInactive && m == markNone:
			m = markFaded
		}
		return fl, m
	}
}

// reachLabel is the line a link's label gets for its verdict; "" when the
// route tables were not read.
func reachLabel(inv *Inventory) func(l *Link) string {
	reach := reachOf(inv)
	return func(l *Link) string {
		if r := reach[l.Connection]; r != nil {
			return "reach " + string(r.Verdict)
		}
		return ""
	}
}

// legend lists the flows a drawing explains when it draws by reachability,
// with what each means.
var legend = []struct {
	flow flow
	text string
}{
	{flowBoth, "routed both ways"},
	{flowForward, "routed one way (arrow: where traffic goes)"},
	{flowNone, "routed neither way (coloured by its findings)"},
	{flowUnknown, "routes not known"},
	{flowInactive, "not active"},
}
