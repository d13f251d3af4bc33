package inventory

import (
	"io"
	"strings"

	"github.com/peeringkit/peering"
)

// renderDOT writes the network graph for Graphviz (`dot -Tsvg`): one cluster
// per provider, a node per network labelled with its region and blocks, an
// edge per connection from the requester's network to the accepter's,
// labelled with its ID and status. Edge style follows the status; colour
// follows the worst finding that involves the connection. When the route
// tables were read, edges follow whether traffic crosses them instead (see
// [Reach]): solid with an arrowhead at each end routed both ways, solid with
// one arrowhead where traffic goes one way, dashed neither way, dotted grey
// not known, dashed grey not active; a legend cluster says so.
func renderDOT(w io.Writer, inv *Inventory) error {
	lookOf, reachOf := linkLooks(inv), reachLabel(inv)
	ew := &errWriter{w: w}
	ew.printf("digraph peering {\n")
	ew.printf("\tgraph [rankdir=LR, fontname=\"Helvetica\", fontsize=11];\n")
	ew.printf("\tnode [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];\n")
	ew.printf("\tedge [fontname=\"Helvetica\", fontsize=9];\n")
	for group := range byProvider(inv.Graph.Networks) {
		provider := string(group[0].Provider)
		ew.printf("\tsubgraph %s {\n\t\tlabel=%s;\n", dotQuote("cluster_"+provider), dotQuote(provider))
		for _, n := range group {
			ew.printf("\t\t%s [label=%s];\n", dotQuote(n.Ref().String()), dotLabel(n.label()))
		}
		ew.printf("\t}\n")
	}
	for _, l := range inv.Graph.Links.All() {
		label := []string{l.Connection.ID, l.state()}
		if r := reachOf(&l); r != "" {
			label = append(label, r)
		}
		fl, mark := lookOf(&l)
		attrs := "label=" + dotLabel(label) + ", " + dotFlow(fl, l.Status)
		switch mark {
		case markError:
			attrs += ", color=red, fontcolor=red, penwidth=2"
		case markWarning:
			attrs += ", color=orange"
		case markFaded:
			attrs += ", color=gray, fontcolor=gray"
		}
		ew.printf("\t%s -> %s [%s];\n", dotQuote(l.From.String()), dotQuote(l.To.String()), attrs)
	}
	if inv.Reach != nil {
		ew.printf("\tsubgraph cluster_legend {\n\t\tlabel=\"reachability\";\n\t\tstyle=dashed;\n")
		ew.printf("\t\tnode [shape=point, width=0.05];\n")
		for i, e := range legend {
			attrs := "label=" + dotQuote(e.text) + ", " + dotFlow(e.flow, "")
			if e.flow == flowUnknown || e.flow == flowInactive {
				attrs += ", color=gray, fontcolor=gray"
			}
			ew.printf("\t\t\"legend/%da\" -> \"legend/%db\" [%s];\n", i, i, attrs)
		}
		ew.printf("\t}\n")
	}
	ew.printf("}\n")
	return ew.err
}

// dotFlow is the style and arrowheads of an edge drawn by fl, of a
// connection in status s.
func dotFlow(fl flow, s peering.Status) string {
	switch fl {
	case flowBoth:
		return "style=solid, dir=both"
	case flowForward:
		return "style=solid"
	case flowBack:
		return "style=solid, dir=back"
	case flowNone:
		return "style=dashed, dir=none"
	case flowUnknown:
		return "style=dotted, dir=none"
	case flowInactive:
		return "style=dashed, dir=none"
	}
	return "style=" + edgeStyle(s)
}

// edgeStyle draws carrying connections solid, those on their way dashed and
// those that carry nothing dotted.
func edgeStyle(s peering.Status) string {
	switch s {
	case peering.StatusActive:
		return "solid"
	case peering.StatusPending, peering.StatusPendingAcceptance, peering.StatusUpdating:
		return "dashed"
	}
	return "dotted"
}

var dotEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", "")

// dotQuote returns s as a DOT quoted string.
func dotQuote(s string) string { return `"` + dotEscaper.Replace(s) + `"` }

// dotLabel returns lines as one quoted label, a line each.
func dotLabel(lines []string) string {
	for i, l := range lines {
		lines[i] = dotEscaper.Replace(l)
	}
	return `"` + strings.Join(lines, `\n`) + `"`
}
