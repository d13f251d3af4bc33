package aliyunrpc

import (
	"fmt"

	"github.com/peeringkit/peering"
)

// maxIdlePages is how many pages in a row may bring nothing new before a
// walk is judged stalled, as peering.List judges one.
const maxIdlePages = 8

// Walk guards a walk of an API's pages that is not a peering listing (route
// tables, route entries), with the checks peering.List applies to one: a
// page token that comes back, pages that stop bringing new items, and a
// budget of pages (peering.DefaultMaxPages) end it with an Internal error
// instead of letting it loop. The zero Walk is ready once Provider and Op
// are set; it is not safe for concurrent use.
type Walk struct {
	Provider peering.Provider
	Op       string
	What     string // what the pages list, for messages ("routes of vtb-...")

	pages, idle int
	seen        map[string]bool // item IDs
	tokens      map[string]bool
}

func (w *Walk) errorf(format string, args ...any) error {
	return &peering.Error{Code: peering.Internal, Provider: w.Provider, Op: w.Op,
		Message: w.What + ": " + fmt.Sprintf(format, args...)}
}

// Page records one page's item IDs and returns those not seen before in
// the walk, in order. It fails when the walk has stalled or run past its
// budget.
func (w *Walk) Page(ids []string) (fresh []int, err error) {
	if w.seen == nil {
		w.seen, w.tokens = map[string]bool{}, map[string]bool{}
	}
	w.pages++
	for i, id := range ids {
		if !w.seen[id] {
			w.seen[id] = true
			fresh = append(fresh, i)
		}
	}
	if len(fresh) == 0 && len(ids) > 0 {
		w.idle++
	} else {
		w.idle = 0
	}
	switch {
	case w.idle >= maxIdlePages:
		return fresh, w.errorf("%d pages in a row brought nothing new (%d seen): the listing is not progressing", w.idle, len(w.seen))
	case w.pages >= peering.DefaultMaxPages:
		return fresh, w.errorf("%d pages read and the listing has not ended", w.pages)
	}
	return fresh, nil
}

// Follow records the token of the next page; one followed before would
// walk the same pages again.
func (w *Walk) Follow(token string) error {
	if w.tokens == nil {
		w.seen, w.tokens = map[string]bool{}, map[string]bool{}
	}
	if w.tokens[token] {
		return w.errorf("page token %q came back after %d pages: the listing would loop", clipToken(token), w.pages)
	}
	w.tokens[token] = true
	return nil
}

func clipToken(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
