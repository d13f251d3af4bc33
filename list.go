package peering

import (
	"context"
	"fmt"
	"iter"
	"strings"
)

// maxIdlePages is how many raw pages in a row may bring no ID the listing
// has not seen before it is judged not to progress. One empty page before
// the end is a known cloud behaviour; eight in a row is a loop.
const maxIdlePages = 8

// DefaultMaxPages is the page budget of a listing whose API announces no
// total (Baidu): at the largest page it is a hundred million connections,
// far past any real estate, yet it stops a server that hands out new pages
// forever. Where the API announces a total, a walk far past it stops sooner.
const DefaultMaxPages = 100_000

// List returns an iterator over every connection matching f, each exactly
// once, in listing order. It walks p.ListPage page by page, or p's own
// [PageLister] when it has one, and:
//
//   - applies f once, here, after de-duplication: adapters send the API
//     only what it filters itself, so a page can hold connections f does not
//     match, and a selective filter is never mistaken for a stalled listing;
//   - remembers every ID it has seen, as a 16-byte fingerprint, so that a
//     connection repeated anywhere in the listing is yielded once (a cloud
//     whose listing shifts while it is walked repeats connections);
//   - ends with an [Internal] error, never silently short and never never,
//     when a page token repeats, when [maxIdlePages] raw pages in a row bring
//     no new ID, when it has read far more than the API announced (twice the
//     largest Page.Total and two pages more), when it has read DefaultMaxPages
//     pages, or when the listing ended with a number of connections the
//     API's announced totals contradict (that error comes after every
//     connection was yielded);
//   - stops promptly when ctx ends, with the portable Canceled or
//     DeadlineExceeded error.
//
// After an error the iterator yields nothing more. Memory is one page plus
// about 20 bytes per connection seen. [Paginator] is the page-at-a-time form.
func List(ctx context.Context, p Peering, f Filter) iter.Seq2[Connection, error] {
	return func(yield func(Connection, error) bool) {
		if pl, ok := p.(PageLister); ok {
			listPages(ctx, p.Provider(), pl, f, yield)
			return
		}
		pg := NewPaginator(p, f)
		for pg.HasMorePages() {
			conns, err := pg.NextPage(ctx)
			for _, c := range conns {
				if !yield(c, nil) {
					return
				}
			}
			if err != nil {
				yield(Connection{}, err)
				return
			}
		}
	}
}

// listPages is List over an adapter's own page iterator.
func listPages(ctx context.Context, prov Provider, pl PageLister, f Filter, yield func(Connection, error) bool) {
	w := newWalk(prov, f, DefaultMaxPages)
	for page, err := range pl.Pages(ctx, f) {
		if err == nil {
			err = w.before()
		}
		if err != nil {
			yield(Connection{}, err)
			return
		}
		for _, c := range w.take(page) {
			if !yield(c, nil) {
				return
			}
		}
	}
	if err := ContextError(ctx, prov, "List"); err != nil {
		yield(Connection{}, err)
		return
	}
	if err := w.end(); err != nil {
		yield(Connection{}, err)
	}
}

// Collect returns every connection matching f, in listing order. On error it
// returns the connections gathered so far together with the error.
func Collect(ctx context.Context, p Peering, f Filter) ([]Connection, error) {
	var out []Connection
	for c, err := range List(ctx, p, f) {
		if err != nil {
			return out, err
		}
		out = append(out, c)
	}
	return out, nil
}

// Paginator walks a listing a page at a time, with every guarantee of
// [List]: each connection once, f applied after de-duplication, and the
// same checks that end a listing that loops, stalls or runs past its end.
// It is for callers who want pages (to show progress, or to stop between
// pages); it walks ListPage, not a [PageLister]. Use it as aws-sdk-go-v2's
// paginators are used:
//
//	pg := peering.NewPaginator(p, f)
//	for pg.HasMorePages() {
//		conns, err := pg.NextPage(ctx)
//		...
//	}
//
// A page can be empty (its connections were seen before or do not match f)
// without being the last. A Paginator is not safe for concurrent use.
type Paginator struct {
	// MaxPages is the most pages the walk reads before it gives up with an
	// Internal error; 0 means DefaultMaxPages. Set it before the first
	// NextPage.
	MaxPages int

	p     Peering
	f     Filter
	w     *walk
	token string
	done  bool
}

// NewPaginator returns a Paginator over p's connections matching f.
func NewPaginator(p Peering, f Filter) *Paginator {
	return &Paginator{p: p, f: f}
}

// HasMorePages reports whether NextPage has more to read: false once the
// last page was read or the walk ended with an error of its own.
func (pg *Paginator) HasMorePages() bool { return !pg.done }

// NextPage reads the next page and returns its connections that are new to
// this walk and match the filter. An error from ListPage (a transient
// failure, a cancelled ctx) leaves the walk where it was, so NextPage may be
// called again; an error of the walk's own (the listing loops, stalls, runs
// past its end or its budget) ends it, and may come with the page's
// connections.
func (pg *Paginator) NextPage(ctx context.Context) ([]Connection, error) {
	prov := pg.p.Provider()
	if pg.done {
		return nil, &Error{Code: FailedPrecondition, Provider: prov, Op: "List", Message: "no more pages"}
	}
	if err := ContextError(ctx, prov, "List"); err != nil {
		return nil, err
	}
	if pg.w == nil {
		pg.w = newWalk(prov, pg.f, pg.MaxPages)
	}
	if err := pg.w.before(); err != nil {
		pg.done = true
		return nil, err
	}
	page, err := pg.p.ListPage(ctx, pg.f, pg.token)
	if err != nil {
		return nil, err
	}
	conns := pg.w.take(page)
	if page.Next == "" {
		pg.done = true
		return conns, pg.w.end()
	}
	if err := pg.w.follow(page.Next); err != nil {
		pg.done = true
		return conns, err
	}
	pg.token = page.Next
	return conns, nil
}

// walk is what one listing knows of itself: the IDs and tokens it has
// seen, and what the API announced. It is the one place that decides what
// a listing yields and when it must stop, whatever walks the pages.
type walk struct {
	provider Provider
	match    Filter
	seen     *idSet // every ID of every raw page
	tokens   *idSet // every page token followed
	maxPages int

	pages, raw int // raw pages and items taken, repeats included
	idle       int // raw pages in a row with no new ID
	largest    int // the most items on one raw page
	lo, hi     int // the smallest and largest Page.Total announced; 0 = none
}

func newWalk(prov Provider, f Filter, maxPages int) *walk {
	if maxPages <= 0 {
		maxPages = DefaultMaxPages
	}
	return &walk{provider: prov, match: f.trimmed(), seen: newIDSet(), tokens: newIDSet(), maxPages: maxPages}
}

func (w *walk) errorf(format string, args ...any) error {
	return &Error{Code: Internal, Provider: w.provider, Op: "List", Message: fmt.Sprintf(format, args...)}
}

// before is called before each further page: it ends a walk that has
// stopped progressing or run past what it may read.
func (w *walk) before() error {
	switch {
	case w.idle >= maxIdlePages:
		return w.errorf("%d pages in a row brought no new connection (%d seen): the listing is not progressing", w.idle, w.seen.len())
	case w.hi > 0 && w.raw > 2*w.hi+2*w.largest:
		return w.errorf("%d connections read (%d distinct) where the API announced %d: the listing runs past its end", w.raw, w.seen.len(), w.hi)
	case w.pages >= w.maxPages:
		return w.errorf("%d pages read (%d connections) and the listing has not ended: over the budget of %d pages", w.pages, w.seen.len(), w.maxPages)
	}
	return nil
}

// take records a raw page and returns its connections that are new to the
// walk and match the filter, reusing the page's slice. Progress is judged
// on the raw page, before the filter.
func (w *walk) take(p Page) []Connection {
	w.pages++
	w.raw += len(p.Connections)
	w.largest = max(w.largest, len(p.Connections))
	if p.Total > 0 {
		w.hi = max(w.hi, p.Total)
		if w.lo == 0 || p.Total < w.lo {
			w.lo = p.Total
		}
	}
	out := p.Connections[:0]
	fresh := 0
	for _, c := range p.Connections {
		if !w.seen.add(c.ID) {
			continue
		}
		fresh++
		if w.match.Match(c) {
			out = append(out, c)
		}
	}
	clear(p.Connections[len(out):]) // drop what is not kept, Raw records included
	if fresh == 0 {
		w.idle++
	} else {
		w.idle = 0
	}
	return out
}

// follow records the token of the next page; a token followed before
// would walk the same pages again.
func (w *walk) follow(next string) error {
	if !w.tokens.add(next) {
		return w.errorf("page token %q came back after %d pages (%d connections): the listing would loop", clip(next), w.pages, w.seen.len())
	}
	return nil
}

// end checks a listing that ended against the totals its API announced.
// Connections created or deleted during the walk move the total, so only a
// count outside every total announced is a disagreement.
func (w *walk) end() error {
	n := w.seen.len()
	if w.hi == 0 || (n >= w.lo && n <= w.hi) {
		return nil
	}
	said := fmt.Sprint(w.hi)
	if w.lo != w.hi {
		said = fmt.Sprintf("between %d and %d", w.lo, w.hi)
	}
	return w.errorf("the API announced %s connections but the listing found %d: its total or its pages are wrong", said, n)
}

// clip shortens a token for an error message.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return strings.ToValidUTF8(s, "?")
}
