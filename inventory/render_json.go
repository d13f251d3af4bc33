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
	enc := json.NewEncoder(w)
	for _, r := range inv.Records {
		if err := enc.Encode(struct {
			Type string `json:"type"`
			Record
		}{"connection", r}); err != nil {
			return err
		}
	}
	for _, f := range inv.Findings {
		if err := enc.Encode(struct {
			Type string `json:"type"`
			Finding
		}{"finding", f}); err != nil {
			return err
		}
	}
	for _, e := range inv.Errors {
		if err := enc.Encode(struct {
			Type string `json:"type"`
			targetErrorJSON
		}{"error", e.toJSON()}); err != nil {
			return err
		}
	}
	return nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
