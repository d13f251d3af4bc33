package inventory

import (
	"encoding/json"
	"io"
)

// renderJSON writes the whole inventory as one indented JSON document.
// Empty lists are written as [] rather than null, so that consumers can
// iterate without checking.
func renderJSON(w io.Writer, inv *Inventory) error {
	out := *inv
	out.Records = nonNil(out.Records)
	out.Findings = nonNil(out.Findings)
	out.Errors = nonNil(out.Errors)
	out.Graph.Networks = nonNil(out.Graph.Networks)
	out.Graph.Links = nonNil(out.Graph.Links)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// renderNDJSON writes one JSON object a line, each with a "type": every
// connection ("connection"), then every finding ("finding"), then every
// failed target ("error"). A consumer can act on each line as it reads it.
func renderNDJSON(w io.Writer, inv *Inventory) error {
	n := NewNDJSONWriter(w)
	for _, r := range inv.Records {
		n.Record(r)
	}
	return n.Finish(inv)
}

// NDJSONWriter writes the ndjson format as a collection goes: a
// "connection" line for each record as it becomes final, then, once the
// inventory is complete, its "finding" and "error" lines. Give its Record
// method as Options.Record to stream an inventory:
//
//	nd := inventory.NewNDJSONWriter(os.Stdout)
//	inv, err := inventory.Collect(ctx, targets, inventory.Options{Record: nd.Record})
//	// handle err
//	err = nd.Finish(inv)
//
// Streamed, connection lines come in the order records become final, not
// sorted; Render's ndjson sorts them by provider and ID.
type NDJSONWriter struct {
	enc *json.Encoder
	err error // the first write error; later writes are skipped
}

// NewNDJSONWriter returns a writer of the ndjson format to w.
func NewNDJSONWriter(w io.Writer) *NDJSONWriter { return &NDJSONWriter{enc: json.NewEncoder(w)} }

// Record writes r as a "connection" line. A write error is kept for
// Finish, and the lines after it are not written.
func (n *NDJSONWriter) Record(r Record) {
	n.line(struct {
		Type string `json:"type"`
		Record
	}{"connection", r})
}

// Finish writes the inventory's findings and failed targets, and returns
// the first write error of every line.
func (n *NDJSONWriter) Finish(inv *Inventory) error {
	for _, f := range inv.Findings {
		n.line(struct {
			Type string `json:"type"`
			Finding
		}{"finding", f})
	}
	for _, e := range inv.Errors {
		n.line(struct {
			Type string `json:"type"`
			targetErrorJSON
		}{"error", e.toJSON()})
	}
	return n.err
}

func (n *NDJSONWriter) line(v any) {
	if n.err == nil {
		n.err = n.enc.Encode(v)
	}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
