package alibabaens

import (
	"context"
	"iter"
	"sync"
	"sync/atomic"

	"github.com/peeringkit/peering"
)

// Pages returns the raw pages of a listing of connections matching the
// part of f the API filters (see ListPage); peering.List uses it, and
// applies de-duplication and the rest of f to its pages. It fetches the
// first page, learns the total from it, then fetches the remaining pages
// concurrently (Options.ListConcurrency at a time, holding at most that
// many pages), and yields them in page order.
//
// The total is a plan, not a limit: the walk goes on while pages come back
// full, whatever TotalCount says, and ends at the first short page (a total
// that disagrees with what was listed is then reported by peering.List). A
// first page shorter than asked while the total says more remain is the
// server's own page cap: the walk goes on at the size it served.
//
// Pages are numbered, so a connection created before the walk's position
// while it runs moves every later one a place down. Fetched in order, that
// only repeats a connection at the next page's start, which peering.List
// skips as seen; fetched out of order, a page served after the move
// followed by one served before it would lose the connection that crossed
// between them. Each page's TotalCount tells which state of the listing it
// shows: while every page shows the same, pages are fetched ahead; from the
// first that shows another (or none), one at a time, in order.
func (c *Client) Pages(ctx context.Context, f peering.Filter) iter.Seq2[peering.Page, error] {
	return func(yield func(peering.Page, error) bool) {
		f, err := checkFilter("List", f)
		if err != nil {
			yield(peering.Page{}, err)
			return
		}
		size := max(f.PageSize, MinPageSize)
		if f.PageSize == 0 {
			size = MaxPageSize
		}
		q := queryOf(f)
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		// The largest total any page has shown: pages fetched ahead read it
		// to tell a page that ends the listing too soon (see describe).
		var known atomic.Int64
		fetch := func(ctx context.Context, number int) (*page, error) {
			return c.describe(ctx, "List", q, number, size, known.Load())
		}
		fail := func(err error) {
			if cerr := peering.ContextError(ctx, peering.AlibabaENS, "List"); cerr != nil {
				err = cerr
			}
			yield(peering.Page{}, err)
		}

		p, err := fetch(ctx, 1)
		if err != nil {
			fail(err)
			return
		}
		size = p.servedCap()
		known.Store(p.total)
		if !yield(p.raw(), nil) || p.short() {
			return
		}
		w := &window{ctx: ctx, fetch: fetch, bound: c.concurrency, next: 2, planned: pages(p.total, size),
			slots: make(map[int]chan fetched)}
		defer w.close(cancel)
		state := p.total
		// While every page shows the first page's total, nothing changed
		// during the walk and pages fetched ahead are safe. Once one shows
		// another total (a change, or a total that lies), a page fetched
		// ahead may show an older state than the page before it, and what
		// crossed between them may be on neither; the walk then refetches
		// that page and goes on one page at a time, each fetched after the
		// page before it was served, which can repeat a connection (skipped
		// as seen) but not lose one.
		ordered := p.total <= 0
		for number := 2; ; number++ {
			var p *page
			if ordered {
				p, err = fetch(ctx, number)
			} else {
				w.plan(number) // a full page is never known to be the last
				if p, err = w.get(number); err == nil && p.total != state {
					ordered = true
					p, err = fetch(ctx, number)
				}
			}
			if err != nil {
				fail(err)
				return
			}
			state = max(state, p.total)
			known.Store(state)
			if !ordered {
				w.plan(pages(p.total, size))
			}
			if !yield(p.raw(), nil) || p.short() {
				return
			}
		}
	}
}

// pages returns how many pages of size hold total connections.
func pages(total int64, size int) int {
	if total <= 0 {
		return 1
	}
	return int((total + int64(size) - 1) / int64(size))
}

// fetched is one page fetch's outcome.
type fetched struct {
	page *page
	err  error
}

// window fetches pages ahead of the consumer: pages [n, n+bound) while page
// n is awaited, none beyond the planned count (later pages are fetched one
// by one when asked for). Each fetch owns its result until it hands it over
// on a buffered channel, so an abandoned fetch never blocks or writes to
// anything the consumer reads.
type window struct {
	ctx     context.Context
	fetch   func(context.Context, int) (*page, error)
	bound   int
	next    int // the next page to start
	planned int // the last page known to exist
	slots   map[int]chan fetched
	wg      sync.WaitGroup
}

// plan raises the number of pages known to exist.
func (w *window) plan(n int) { w.planned = max(w.planned, n) }

// fill starts fetches for pages up to from+bound-1 within the plan.
func (w *window) fill(from int) {
	for w.next <= w.planned && w.next < from+w.bound {
		ch := make(chan fetched, 1)
		w.slots[w.next] = ch
		w.wg.Add(1)
		go func(number int) {
			defer w.wg.Done()
			p, err := w.fetch(w.ctx, number)
			ch <- fetched{p, err}
		}(w.next)
		w.next++
	}
}

// get returns page number, from a fetch started ahead or fetched now.
func (w *window) get(number int) (*page, error) {
	w.fill(number)
	ch, ok := w.slots[number]
	if !ok {
		w.next = max(w.next, number+1)
		return w.fetch(w.ctx, number)
	}
	delete(w.slots, number)
	r := <-ch
	w.fill(number + 1)
	return r.page, r.err
}

// close stops the fetches still running and waits for them: they return
// promptly once the context is cancelled.
func (w *window) close(cancel context.CancelFunc) {
	cancel()
	w.wg.Wait()
}
