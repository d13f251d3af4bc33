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
// coloured by the worst finding that involves it. When the route tables
// were read, links follow whether traffic crosses them instead, as in DOT
// (see renderDOT): <--> both ways, --> the way traffic goes, dashed ---
// neither way, dotted grey -.- not known, dashed grey not active; a legend
// subgraph says so.
//
// Mermaid identifiers cannot hold every character a network ID may, so nodes
// are numbered (n0, n1, ...) in graph order and labelled with the ID.
func renderMermaid(w io.Writer, inv *Inventory) error {
	lookOf, reachOf := linkLooks(inv), reachLabel(inv)
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
	style := func(i int, fl flow, m mark) {
		var props []string
		switch m {
		case markError:
			props = append(props, "stroke:#d00", "stroke-width:2px")
		case markWarning:
			props = append(props, "stroke:#e80")
		case markFaded:
			props = append(props, "stroke:#999")
		}
		if fl == flowNone || fl == flowInactive {
			props = append(props, "stroke-dasharray:6 4")
		}
		if len(props) > 0 {
			styles = append(styles, fmt.Sprintf("  linkStyle %d %s", i, strings.Join(props, ",")))
		}
	}
	for i, l := range inv.Graph.Links.All() {
		fl, m := lookOf(&l)
		from, to := ids[l.From], ids[l.To]
		if fl == flowBack {
			from, to = to, from // Mermaid has no arrowhead at the start alone
		}
		text := l.Connection.ID + " " + l.state()
		if r := reachOf(&l); r != "" {
			text += " " + r
		}
		ew.printf("  %s %s|%s| %s\n", from, mermaidArrow(fl, l.Status), mermaidQuote(text), to)
		style(i, fl, m)
	}
	if inv.Reach != nil {
		ew.printf("  subgraph legend[\"reachability\"]\n")
		for i, e := range legend {
			ew.printf("    l%da[\" \"] %s|%s| l%db[\" \"]\n", i, mermaidArrow(e.flow, ""), mermaidQuote(e.text), i)
			m := markNone
			if e.flow == flowUnknown || e.flow == flowInactive {
				m = markFaded
			}
			style(inv.Graph.Links.Len()+i, e.flow, m)
		}
		ew.printf("  end\n")
	}
	for _, s := range styles {
		ew.printf("%s\n", s)
	}
	return ew.err
}

// mermaidArrow is the link drawn by fl, of a connection in status s.
func mermaidArrow(fl flow, s peering.Status) string {
	switch fl {
	case flowBoth:
		return "<-->"
	case flowForward, flowBack:
		return "-->"
	case flowNone, flowInactive:
		return "---"
	case flowUnknown:
		return "-.-"
	}
	if s == peering.StatusActive {
		return "-->"
	}
	return "-.->"
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
