package inventory

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"strings"
)

// Format is an output format of [Render].
type Format string

// The formats.
const (
	Table   Format = "table"   // the main columns within 120 characters, then the findings and the failed targets, for people
	Wide    Format = "wide"    // the table with every column (see [Columns]), nothing shortened
	Name    Format = "name"    // one "provider/id" line per connection, for scripts (as kubectl's -o name)
	JSON    Format = "json"    // the whole Inventory as one JSON document
	YAML    Format = "yaml"    // the JSON document as YAML
	NDJSON  Format = "ndjson"  // one JSON object a line: connections, then findings, then errors
	CSV     Format = "csv"     // one row per connection, for spreadsheets
	DOT     Format = "dot"     // the network graph for Graphviz
	Mermaid Format = "mermaid" // the network graph as a Mermaid flowchart
)

// Formats returns every format, in the order of the constants.
func Formats() []Format { return []Format{Table, Wide, Name, JSON, YAML, NDJSON, CSV, DOT, Mermaid} }

// ParseFormat returns the format named s (case-insensitive).
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats() {
		if strings.EqualFold(s, string(f)) {
			return f, nil
		}
	}
	names := make([]string, 0, len(Formats()))
	for _, f := range Formats() {
		names = append(names, string(f))
	}
	return "", fmt.Errorf("unknown format %q (want one of %s)", s, strings.Join(names, ", "))
}

// Render writes inv to w in format f. Every format renders the same records
// in the same order, so their outputs agree with each other.
func Render(w io.Writer, inv *Inventory, f Format) error {
	if inv == nil {
		return errors.New("inventory: render: nil inventory")
	}
	bw := bufio.NewWriterSize(w, renderBuffer) // formats write a line, or a field, at a time
	var err error
	switch f {
	case Table:
		err = renderTable(bw, inv, false)
	case Wide:
		err = renderTable(bw, inv, true)
	case Name:
		err = renderNames(bw, inv)
	case JSON:
		err = renderJSON(bw, inv)
	case YAML:
		err = renderYAML(bw, inv)
	case NDJSON:
		err = renderNDJSON(bw, inv)
	case CSV:
		err = renderCSV(bw, inv)
	case DOT:
		err = renderDOT(bw, inv)
	case Mermaid:
		err = renderMermaid(bw, inv)
	default:
		return fmt.Errorf("inventory: render: unknown format %q", f)
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return fmt.Errorf("inventory: render %s: %w", f, err)
	}
	return nil
}

// renderBuffer is the size of the buffer output is written through.
const renderBuffer = 64 << 10

// renderNames writes "provider/id", one connection a line.
func renderNames(w io.Writer, inv *Inventory) error {
	ew := &errWriter{w: w}
	for i := range inv.Records.Len() {
		ew.printf("%s\n", inv.Records.Ref(i))
	}
	return ew.err
}

// joinPrefixes formats blocks separated by sep; "" when there are none.
func joinPrefixes(ps []netip.Prefix, sep string) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.String()
	}
	return strings.Join(parts, sep)
}

// errWriter remembers the first write error, so that renderers can write
// line after line and check once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) write(b []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(b)
	}
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
