package peering

import (
	"fmt"
	"slices"
	"strings"
)

// Filter narrows a listing. Zero fields do not filter. Filtering happens in
// one place: an adapter's ListPage sends the API only the fields the API
// filters itself (each adapter documents which), and [List] and [Paginator]
// apply the whole filter with [Filter.Match] after de-duplication, so the
// result is the same on every provider. A caller of ListPage itself gets
// those raw pages and applies Match to each connection.
type Filter struct {
	NetworkID string            // either end's VPC or ENS network
	Name      string            // exact name
	IDs       []string          // any of these IDs
	Tags      map[string]string // all of these tags, exactly
	Status    []Status          // any of these statuses
	// PageSize is the page size to ask for; 0 means the provider's maximum
	// (Baidu 1000, VpcPeer 100, ENS 100).
	PageSize int
}

// Match reports whether c satisfies every field of f (PageSize aside). IDs
// are compared as adapters report them, trimmed of surrounding space.
func (f Filter) Match(c Connection) bool {
	f = f.trimmed()
	if f.NetworkID != "" && c.Requester.NetworkID != f.NetworkID && c.Accepter.NetworkID != f.NetworkID {
		return false
	}
	if f.Name != "" && c.Name != f.Name {
		return false
	}
	if len(f.IDs) > 0 && !contains(f.IDs, c.ID) {
		return false
	}
	for k, v := range f.Tags {
		if got, ok := c.Tags[k]; !ok || got != v {
			return false
		}
	}
	if len(f.Status) > 0 && !contains(f.Status, c.Status) {
		return false
	}
	return true
}

// Validate checks f against a provider's page size limit; 0 is always valid.
// The error has code InvalidArgument.
func (f Filter) Validate(maxPageSize int) error {
	if f.PageSize < 0 || f.PageSize > maxPageSize {
		return &Error{Code: InvalidArgument, Message: fmt.Sprintf("page size %d out of range 1..%d (0 = %d)", f.PageSize, maxPageSize, maxPageSize)}
	}
	for _, s := range f.Status {
		if !s.Valid() {
			return &Error{Code: InvalidArgument, Message: fmt.Sprintf("unknown status %q in filter", s)}
		}
	}
	for _, id := range f.IDs {
		if id == "" {
			return &Error{Code: InvalidArgument, Message: "empty ID in filter"}
		}
	}
	return nil
}

// trimmed returns f with its IDs trimmed of surrounding space, as adapters
// trim the IDs the cloud sends. It copies IDs only when one changes.
func (f Filter) trimmed() Filter {
	f.NetworkID = strings.TrimSpace(f.NetworkID)
	untrimmed := func(id string) bool { return strings.TrimSpace(id) != id }
	if slices.ContainsFunc(f.IDs, untrimmed) {
		ids := make([]string, len(f.IDs))
		for i, id := range f.IDs {
			ids[i] = strings.TrimSpace(id)
		}
		f.IDs = ids
	}
	return f
}

func contains[T comparable](s []T, v T) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
