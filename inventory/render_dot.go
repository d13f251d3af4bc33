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
	worst := worstFindings(inv.Findings)
	ew := &errWriter{w: w}
	ew.printf("digraph peering {\n")
	ew.printf("\tgraph [rankdir=LR, fontname=\"Helvetica\", fontsize=11];\n")
	ew.printf("\tnode [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];\n")
	ew.printf("\tedge [fontname=\"Helvetica\", fontsize=9];\n")
	var provider peering.Provider
	for i, n := range inv.Graph.Networks {
		if i == 0 || n.Provider != provider {
			if i > 0 {
				ew.printf("\t}\n")
			}
			provider = n.Provider
			ew.printf("\tsubgraph %s {\n\t\tlabel=%s;\n", dotQuote("cluster_"+string(provider)), dotQuote(string(provider)))
		}
		lines := []string{n.ID}
		if n.Region != "" {
			lines = append(lines, n.Region)
		}
		for _, p := range n.IPv4CIDRs {
			lines = append(lines, p.String())
		}
		for _, p := range n.IPv6CIDRs {
			lines = append(lines, p.String())
		}
		ew.printf("\t\t%s [label=%s];\n", dotQuote(n.Ref().String()), dotLabel(lines))
	}
	if len(inv.Graph.Networks) > 0 {
		ew.printf("\t}\n")
	}
	for _, l := range inv.Graph.Links {
		status := string(l.Status)
		if l.Bandwidth != peering.BandwidthUnknown {
			status += " " + l.Bandwidth.String()
		}
		attrs := "label=" + dotLabel([]string{l.Connection.ID, status}) + ", style=" + edgeStyle(l.Status)
		switch worst[l.Connection] {
		case SeverityError:
			attrs += ", color=red, fontcolor=red, penwidth=2"
		case SeverityWarning:
			attrs += ", color=orange"
		default:
			if l.Status.Terminal() {
				attrs += ", color=gray, fontcolor=gray"
			}
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
