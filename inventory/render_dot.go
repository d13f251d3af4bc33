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
// follows the worst finding that involves the connection.
func renderDOT(w io.Writer, inv *Inventory) error {
	markOf := linkMarks(inv.Findings)
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
	for _, l := range inv.Graph.Links {
		attrs := "label=" + dotLabel([]string{l.Connection.ID, l.state()}) + ", style=" + edgeStyle(l.Status)
		switch markOf(&l) {
		case markError:
			attrs += ", color=red, fontcolor=red, penwidth=2"
		case markWarning:
			attrs += ", color=orange"
		case markFaded:
			attrs += ", color=gray, fontcolor=gray"
		}
		ew.printf("\t%s -> %s [%s];\n", dotQuote(l.From.String()), dotQuote(l.To.String()), attrs)
	}
	ew.printf("}\n")
	return ew.err
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
