package inventory

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/peeringkit/peering"
)

// jsonInventory is the document the JSON and YAML formats write. Empty
// lists are written as [] rather than null, so that consumers can iterate
// without checking.
func jsonInventory(inv *Inventory) Inventory {
	out := *inv
	out.Findings = nonNil(out.Findings)
	out.Errors = nonNil(out.Errors)
	out.TargetResults = nonNil(out.TargetResults)
	out.Graph.Networks = nonNil(out.Graph.Networks)
	return out
}

// renderJSON writes the whole inventory as one indented JSON document. The
// records, findings, networks and links are written one at a time, into
// the document the rest makes, so that a large inventory's document is
// never held whole (a hub peered with thousands of networks has findings
// that name them all).
func renderJSON(w io.Writer, inv *Inventory) error {
	doc := jsonInventory(inv)
	doc.Records, doc.Findings, doc.Graph.Networks, doc.Graph.Links = Records{}, []Finding{}, []Network{}, Links{}
	rest, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	var compact, indented []byte // an element, and indented as json.MarshalIndent does; reused
	for _, part := range [...]struct {
		at     string // where the empty list is in rest
		indent string
		n      int
		elem   func(b []byte, i int) ([]byte, error) // appends element i's compact JSON
	}{
		// In the document's order: rest is written up to each in turn.
		{"\n  \"records\": []", "  ", inv.Records.Len(), func(b []byte, i int) ([]byte, error) {
			r := inv.Records.full(i)
			return appendRecordJSON(b, &r, "")
		}},
		{"\n  \"findings\": []", "  ", len(inv.Findings), func(b []byte, i int) ([]byte, error) { return appendFindingJSON(b, &inv.Findings[i], "") }},
		{"\n    \"networks\": []", "    ", len(inv.Graph.Networks), func(b []byte, i int) ([]byte, error) { return appendMarshal(b, &inv.Graph.Networks[i]) }},
		{"\n    \"links\": []", "    ", inv.Graph.Links.Len(), func(b []byte, i int) ([]byte, error) { return appendMarshal(b, inv.Graph.Links.At(i)) }},
	} {
		at := bytes.Index(rest, []byte(part.at)) + len(part.at) - 1 // at the list's ']'
		bw.Write(rest[:at])
		rest = rest[at:]
		for i := range part.n {
			var err error
			if compact, err = part.elem(compact[:0], i); err != nil {
				return err
			}
			if indented, err = indentElement(indented[:0], compact, part.indent+"  "); err != nil {
				return err
			}
			if i > 0 {
				bw.WriteByte(',')
			}
			bw.WriteString("\n" + part.indent + "  ")
			bw.Write(indented)
			if i == part.n-1 {
				bw.WriteString("\n" + part.indent)
			}
		}
	}
	bw.Write(rest)
	bw.WriteByte('\n')
	return bw.Flush()
}

// indentElement appends src indented as json.MarshalIndent indents an
// element of a list at prefix: by appendIndented, or by json.Indent for
// what that declines.
func indentElement(dst, src []byte, prefix string) ([]byte, error) {
	if out, ok := appendIndented(dst, src, prefix, "  "); ok {
		return out, nil
	}
	b := bytes.NewBuffer(dst)
	err := json.Indent(b, src, prefix, "  ")
	return b.Bytes(), err
}

// appendMarshal appends json.Marshal's encoding of v to b.
func appendMarshal(b []byte, v any) ([]byte, error) {
	m, err := json.Marshal(v)
	return append(b, m...), err
}

// renderYAML writes the JSON document as YAML: the same fields, in the
// same order, under the same names.
func renderYAML(w io.Writer, inv *Inventory) error { return writeYAML(w, jsonInventory(inv)) }

// writeYAML writes v's JSON form as YAML.
func writeYAML(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return err
	}
	blockStyle(&doc)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// blockStyle turns the flow style and quotes of a document parsed from JSON
// into YAML's block style; strings that would read as another type (an
// account ID of digits, a time) stay quoted.
func blockStyle(n *yaml.Node) {
	n.Style = 0
	for _, c := range n.Content {
		blockStyle(c)
	}
}

// renderNDJSON writes one JSON object a line, each with a "type": every
// connection ("connection"), then the verdict of each when the route tables
// were read ("reach", a [Reach]), then every finding ("finding"), then every
// failed target ("error"). A consumer can act on each line as it reads it.
func renderNDJSON(w io.Writer, inv *Inventory) error {
	n := NewNDJSONWriter(w)
	for i := range inv.Records.Len() {
		n.Record(inv.Records.full(i))
	}
	return n.Finish(inv)
}

// NDJSONWriter writes the ndjson format as a collection goes: a
// "connection" line for each record as it becomes final, then, once the
// inventory is complete, its "reach", "finding" and "error" lines. Give its
// Record method as Options.Record to stream an inventory:
//
//	nd := inventory.NewNDJSONWriter(os.Stdout)
//	inv, err := inventory.Collect(ctx, targets, inventory.Options{Record: nd.Record})
//	// handle err
//	err = nd.Finish(inv)
//
// Streamed, connection lines come in the order records become final, not
// sorted; Render's ndjson sorts them by provider and ID.
//
// Lines are buffered, so that a million records are not a million writes:
// Flush sends what is written so far, and Finish flushes at the end. To
// pass each target's records on as it finishes, call Flush from
// Options.Progress, which Collect calls after them.
type NDJSONWriter struct {
	bw  *bufio.Writer
	enc *json.Encoder
	buf []byte // a connection or finding line, reused
	err error  // the first write error; later writes are skipped
}

// NewNDJSONWriter returns a writer of the ndjson format to w.
func NewNDJSONWriter(w io.Writer) *NDJSONWriter {
	bw := bufio.NewWriterSize(w, renderBuffer)
	return &NDJSONWriter{bw: bw, enc: json.NewEncoder(bw)}
}

// Flush writes the buffered lines to the underlying writer and returns
// the first write error so far.
func (n *NDJSONWriter) Flush() error {
	if n.err == nil {
		n.err = n.bw.Flush()
	}
	return n.err
}

// Record writes r as a "connection" line. A write error is kept for
// Finish, and the lines after it are not written.
func (n *NDJSONWriter) Record(r Record) {
	if n.err == nil {
		n.appended(appendRecordJSON(n.buf[:0], &r, "connection"))
	}
}

// appended writes the object an appender gave, reused in n.buf, as a line:
// what json.Encoder would write, without its reflection.
func (n *NDJSONWriter) appended(b []byte, err error) {
	n.buf, n.err = b, err
	if n.err == nil {
		_, n.err = n.bw.Write(append(n.buf, '\n'))
	}
}

// Finish writes the inventory's verdicts, findings and failed targets, and
// returns the first write error of every line.
func (n *NDJSONWriter) Finish(inv *Inventory) error {
	for _, r := range inv.Reach {
		n.line(struct {
			Type string `json:"type"`
			Reach
		}{"reach", r})
	}
	for i := range inv.Findings {
		if n.err == nil {
			n.appended(appendFindingJSON(n.buf[:0], &inv.Findings[i], "finding"))
		}
	}
	for _, e := range inv.Errors {
		n.line(struct {
			Type string `json:"type"`
			targetErrorJSON
		}{"error", e.toJSON()})
	}
	return n.Flush()
}

func (n *NDJSONWriter) line(v any) {
	if n.err == nil {
		n.err = n.enc.Encode(v)
	}
}

// recordJSON is a record's JSON form. The model's Bandwidth (-1 unlimited,
// 0 unknown) is written as two fields that a consumer cannot misread:
// bandwidthMbps, the limit in Mbit/s or null when there is none or it is not
// reported, and bandwidth, "unlimited", "unknown" or the limit with its unit
// ("100Mbps").
type recordJSON struct {
	Type string `json:"type,omitempty"`
	peering.Connection
	BandwidthMbps *int64          `json:"bandwidthMbps"`
	Bandwidth     json.RawMessage `json:"bandwidth"`
	SeenBy        []Sighting      `json:"seenBy,omitempty"` // every record has one; WriteConnection's has none
}

func (r *Record) toJSON(typ string) recordJSON {
	out := recordJSON{Type: typ, Connection: r.Connection, SeenBy: r.SeenBy}
	if n, ok := BandwidthMbps(r.Bandwidth); ok {
		out.BandwidthMbps = &n
	}
	out.Bandwidth = json.RawMessage(strconv.Quote(r.Bandwidth.String()))
	return out
}

// BandwidthMbps returns b in Mbit/s, and false when b is unlimited or
// unknown: the value the machine formats give as bandwidthMbps.
func BandwidthMbps(b peering.Bandwidth) (int64, bool) {
	if b > 0 {
		return int64(b), true
	}
	return 0, false
}

// MarshalJSON writes the record with bandwidthMbps and bandwidth (see the
// package documentation).
func (r Record) MarshalJSON() ([]byte, error) { return appendRecordJSON(nil, &r, "") }

// UnmarshalJSON reads what MarshalJSON writes, and also records saved
// before bandwidthMbps, whose bandwidth is the model's number.
func (r *Record) UnmarshalJSON(b []byte) error {
	var v recordJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	bw, err := parseBandwidthJSON(v.Bandwidth, v.BandwidthMbps)
	if err != nil {
		return err
	}
	*r = Record{Connection: v.Connection, SeenBy: v.SeenBy}
	r.Bandwidth = bw
	return nil
}

func parseBandwidthJSON(raw json.RawMessage, mbps *int64) (peering.Bandwidth, error) {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0 || string(raw) == "null":
		if mbps != nil {
			return peering.Bandwidth(*mbps), nil
		}
		return peering.BandwidthUnknown, nil
	case raw[0] != '"':
		var n int64
		if err := json.Unmarshal(raw, &n); err != nil {
			return 0, fmt.Errorf("inventory: bandwidth %s: want a string like \"100Mbps\", \"unlimited\" or \"unknown\"", raw)
		}
		return peering.Bandwidth(n), nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return 0, err
	}
	switch s {
	case "unlimited":
		return peering.BandwidthUnlimited, nil
	case "unknown", "":
		return peering.BandwidthUnknown, nil
	}
	n, err := strconv.ParseInt(strings.TrimSuffix(s, "Mbps"), 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("inventory: bandwidth %q: want like \"100Mbps\", \"unlimited\" or \"unknown\"", s)
	}
	return peering.Bandwidth(n), nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
