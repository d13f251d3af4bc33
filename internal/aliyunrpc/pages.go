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
// page token that comes back, pages that stop bringing new items (empty
// ones included), a walk that runs far past the total its pages announce,
// and a budget of pages (peering.DefaultMaxPages) end it with an Internal
// error instead of letting it loop; and End compares what was found with
// the totals announced. The zero Walk is ready once Provider and Op are
// set; it is not safe for concurrent use.
type Walk struct {
	Provider peering.Provider
	Op       string
	What     string // what the pages list, for messages ("routes of vtb-...")

	pages, idle  int
	raw, largest int             // items taken, repeats included, and the most on one page
	lo, hi       int             // the smallest and largest total announced; 0 = none
	seen         map[string]bool // item IDs
	tokens       map[string]bool
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
	w.raw += len(ids)
	w.largest = max(w.largest, len(ids))
	if len(fresh) == 0 {
		w.idle++
	} else {
		w.idle = 0
	}
	switch {
	case w.idle >= maxIdlePages:
		return fresh, w.errorf("%d pages in a row brought nothing new (%d seen): the listing is not progressing", w.idle, len(w.seen))
	case w.hi > 0 && w.raw > 2*w.hi+2*w.largest:
		return fresh, w.errorf("%d items read (%d distinct) where the API announced %d: the listing runs past its end", w.raw, len(w.seen), w.hi)
	case w.pages >= peering.DefaultMaxPages:
		return fresh, w.errorf("%d pages read and the listing has not ended", w.pages)
	}
	return fresh, nil
}

// Total records the total a page announced; n <= 0 announces none. Items
// added or removed during the walk move the total, so End accepts any
// count between the smallest and the largest announced.
func (w *Walk) Total(n int) {
	if n <= 0 {
		return
	}
	w.hi = max(w.hi, n)
	if w.lo == 0 || n < w.lo {
		w.lo = n
	}
}

// End checks a walk that ended against the totals its pages announced: a
// count outside them means the pages or the total are wrong, and the
// items cannot be trusted to be all.
func (w *Walk) End() error {
	n := len(w.seen)
	if w.hi == 0 || n >= w.lo && n <= w.hi {
		return nil
	}
	said := fmt.Sprint(w.hi)
	if w.lo != w.hi {
		said = fmt.Sprintf("between %d and %d", w.lo, w.hi)
	}
	return w.errorf("the API announced %s but the walk found %d: its total or its pages are wrong", said, n)
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
