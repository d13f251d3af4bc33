package inventory

import (
	"fmt"
	"io"
	"strings"

	"github.com/peeringkit/peering"
)

// renderMermaid writes the network graph as a Mermaid flowchart, which
// GitHub and many wikis draw inline: a subgraph per provider, a node per
// network, a link per connection (solid when active, dotted otherwise),
// coloured by the worst finding that involves it.
//
// Mermaid identifiers cannot hold every character a network ID may, so nodes
// are numbered (n0, n1, ...) in graph order and labelled with the ID.
func renderMermaid(w io.Writer, inv *Inventory) error {
	markOf := linkMarks(inv.Findings)
	ids := make(map[Ref]string, len(inv.Graph.Networks))
	ew := &errWriter{w: w}
	ew.printf("flowchart LR\n")
	groups, nodes := 0, 0
	for group := range byProvider(inv.Graph.Networks) {
		ew.printf("  subgraph p%d[%s]\n", groups, mermaidQuote(string(group[0].Provider)))
		groups++
		for _, n := range group {
			id := fmt.Sprintf("n%d", nodes)
			nodes++
			ids[n.Ref()] = id
			ew.printf("    %s[%s]\n", id, mermaidLabel(n.label()))
		}
		ew.printf("  end\n")
	}
	var styles []string
	for i, l := range inv.Graph.Links {
		arrow := "-.->"
		if l.Status == peering.StatusActive {
			arrow = "-->"
		}
		ew.printf("  %s %s|%s| %s\n", ids[l.From], arrow, mermaidQuote(l.Connection.ID+" "+l.state()), ids[l.To])
		switch markOf(&l) {
		case markError:
			styles = append(styles, fmt.Sprintf("  linkStyle %d stroke:#d00,stroke-width:2px", i))
		case markWarning:
			styles = append(styles, fmt.Sprintf("  linkStyle %d stroke:#e80", i))
		case markFaded:
			styles = append(styles, fmt.Sprintf("  linkStyle %d stroke:#999", i))
		}
	}
	for _, s := range styles {
		ew.printf("%s\n", s)
	}
	return ew.err
}

// Mermaid reads entity codes in quoted labels; quoting and escaping keep any
// ID, name or region from being read as syntax.
var mermaidEscaper = strings.NewReplacer(`"`, "#quot;", "<", "#lt;", ">", "#gt;", "\n", " ", "\r", "")

func mermaidQuote(s string) string { return `"` + mermaidEscaper.Replace(s) + `"` }

// mermaidLabel returns lines as one quoted label, a line each.
func mermaidLabel(lines []string) string {
	for i, l := range lines {
		lines[i] = mermaidEscaper.Replace(l)
	}
	return `"` + strings.Join(lines, "<br/>") + `"`
}
