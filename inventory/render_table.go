package inventory

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/peeringkit/peering"
)

// TableWidth is the width the default table keeps within: its connection
// lines are cut to it (see [Table]) and its findings wrapped.
const TableWidth = 120

// minElided is the narrowest a network cell is cut to.
const minElided = 10

// renderTable writes the connections as aligned columns, then the findings,
// the failed targets and a one-line summary. The default table has the
// columns of narrowColumns, its ACCOUNT the requester's account with "+N"
// for the N other accounts that listed the connection, and keeps within TableWidth: when its lines would
// be longer, the network IDs (then the accounts) are shortened in the middle
// ("vpc-bp1…xbit"), never the connection ID, and the findings' messages are wrapped. The wide
// table has every column, in full.
func renderTable(w io.Writer, inv *Inventory, wide bool) error {
	ew := &errWriter{w: w}
	if inv.Records.Len() > 0 {
		cols := columns
		if !wide {
			cols = make([]column, len(narrowColumns))
			for i, n := range narrowColumns {
				cols[i], _ = columnNamed(n)
			}
		}
		cs := cellsOf(inv)
		header := make([]string, len(cols))
		for i, c := range cols {
			header[i] = strings.ToUpper(c.name)
		}
		// Two passes over the records, one for the widths and one to
		// write, rather than every cell of a large inventory held at once.
		row := make([]string, len(cols))
		var rec Record // one for every row: a record per row would be garbage the size of the inventory
		cellsAt := func(i int) []string {
			rec = inv.Records.shared(i)
			for j, c := range cols {
				cell := c.cell
				if !wide && c.narrow != nil {
					cell = c.narrow
				}
				row[j] = cell(&rec, cs)
			}
			return row
		}
		widths := make([]int, len(cols))
		widen := func(row []string) {
			for j, cell := range row {
				widths[j] = max(widths[j], utf8.RuneCountInString(cell))
			}
		}
		widen(header)
		for i := range inv.Records.Len() {
			widen(cellsAt(i))
		}
		if !wide {
			fitWidths(widths, cols, TableWidth)
		}
		var b []byte // one buffer for every line
		line := func(row []string) {
			b = b[:0]
			for j, cell := range row {
				cell = elide(cell, widths[j])
				b = append(b, cell...)
				if j == len(row)-1 {
					break
				}
				for range widths[j] - utf8.RuneCountInString(cell) + columnGap {
					b = append(b, ' ')
				}
			}
			ew.write(append(b, '\n'))
		}
		line(header)
		for i := range inv.Records.Len() {
			line(cellsAt(i))
		}
	}
	if len(inv.Findings) > 0 {
		ew.printf("\nFINDINGS\n")
		sev, kind := 0, 0
		for _, f := range inv.Findings {
			sev, kind = max(sev, len(f.Severity)), max(kind, len(f.Kind))
		}
		indent := sev + kind + 2*columnGap
		for _, f := range inv.Findings {
			lines := []string{f.Message}
			if !wide {
				lines = wrap(f.Message, TableWidth-indent)
			}
			ew.printf("%-*s%-*s%s\n", sev+columnGap, f.Severity, kind+columnGap, f.Kind, lines[0])
			for _, l := range lines[1:] {
				ew.printf("%s%s\n", strings.Repeat(" ", indent), l)
			}
		}
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

// columnGap is the spaces between two columns.
const columnGap = 2

// fitWidths narrows the network and account columns, one character at a
// time and the widest first, until the line fits width or they reach
// minElided.
func fitWidths(widths []int, cols []column, width int) {
	total := func() int {
		n := columnGap * (len(widths) - 1)
		for _, w := range widths {
			n += w
		}
		return n
	}
	var shrink []int
	for j, c := range cols {
		if c.name == "requester" || c.name == "accepter" || c.name == "account" {
			shrink = append(shrink, j)
		}
	}
	for total() > width {
		widest := -1
		for _, j := range shrink {
			if widths[j] > minElided && (widest < 0 || widths[j] > widths[widest]) {
				widest = j
			}
		}
		if widest < 0 {
			return
		}
		widths[widest]--
	}
}

// elide shortens s to width runes by replacing its middle with "…".
func elide(s string, width int) string {
	r := []rune(s)
	if len(r) <= width {
		return s
	}
	head := (width - 1) / 2
	tail := width - 1 - head
	return string(r[:head]) + "…" + string(r[len(r)-tail:])
}

// wrap breaks text into lines of at most width characters, at spaces
// (a word longer than width gets a line of its own).
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		switch {
		case line == "":
			line = word
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	return append(lines, line)
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
	incomplete := ""
	if inv.Incomplete {
		incomplete = " (incomplete: the listing was cut short)"
	}
	return fmt.Sprintf("%s between %s%s%s; %s%s",
		plural(inv.Records.Len(), "connection"), plural(len(inv.Graph.Networks), "network"),
		from, failed, plural(len(inv.Findings), "finding"), incomplete)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// cidrCell is an end's blocks, or "unknown" when it has none (a network
// always has one); the findings say why.
func cidrCell(e peering.Endpoint) string {
	if _, unknown := unknownBlocks(e); unknown {
		return "unknown"
	}
	return joinPrefixes(blocks(e), listSep)
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
