package inventory

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/peeringkit/peering"
)

// renderTable writes the connections as aligned columns, then the findings,
// the failed targets and a one-line summary. Long values (account IDs, tags)
// are left to the other formats to keep a line within a terminal.
func renderTable(w io.Writer, inv *Inventory) error {
	ew := &errWriter{w: w}
	if len(inv.Records) > 0 {
		tw := tabwriter.NewWriter(ew.w, 0, 8, 2, ' ', 0)
		t := &errWriter{w: tw}
		t.printf("PROVIDER\tID\tSTATUS\tREQUESTER\tREQUESTER CIDRS\tACCEPTER\tACCEPTER CIDRS\tBANDWIDTH\tNAME\n")
		for i := range inv.Records {
			c := &inv.Records[i].Connection
			t.printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
				c.Provider, c.ID, c.Status, where(c.Requester), cidrCell(c.Requester), where(c.Accepter), cidrCell(c.Accepter),
				bandwidthCell(c.Bandwidth), dash(c.Name))
		}
		if t.err == nil {
			t.err = tw.Flush()
		}
		ew.err = t.err
	}
	if len(inv.Findings) > 0 {
		ew.printf("\nFINDINGS\n")
		tw := tabwriter.NewWriter(ew.w, 0, 8, 2, ' ', 0)
		t := &errWriter{w: tw, err: ew.err}
		for _, f := range inv.Findings {
			t.printf("%s\t%s\t%s\n", f.Severity, f.Kind, f.Message)
		}
		if t.err == nil {
			t.err = tw.Flush()
		}
		ew.err = t.err
	}
	if len(inv.Errors) > 0 {
		ew.printf("\nFAILED TARGETS\n")
		for _, e := range inv.Errors {
			ew.printf("%s\n", e.Error())
		}
	}
	ew.printf("\n%s\n", summary(inv))
	return ew.err
}

// summary is the table's last line.
func summary(inv *Inventory) string {
	failed := ""
	if len(inv.Errors) > 0 {
		failed = fmt.Sprintf(", %d failed", len(inv.Errors))
	}
	from := ""
	if inv.Targets > 0 { // an inventory built by Analyze has no targets
		from = ", from " + plural(inv.Targets, "target")
	}
	return fmt.Sprintf("%s between %s%s%s; %s",
		plural(len(inv.Records), "connection"), plural(len(inv.Graph.Networks), "network"),
		from, failed, plural(len(inv.Findings), "finding"))
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// where formats an endpoint as "network (region)".
func where(e peering.Endpoint) string {
	if e.Region == "" {
		return dash(e.NetworkID)
	}
	return dash(e.NetworkID) + " (" + e.Region + ")"
}

// cidrCell is an end's blocks, or "unknown" when it has none (a network
// always has one); the findings say why.
func cidrCell(e peering.Endpoint) string {
	if _, unknown := unknownBlocks(e); unknown {
		return "unknown"
	}
	return joinPrefixes(blocks(e), ",")
}

func bandwidthCell(b peering.Bandwidth) string {
	if b == peering.BandwidthUnknown {
		return "-"
	}
	return b.String()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
