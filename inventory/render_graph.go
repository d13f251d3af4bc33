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
