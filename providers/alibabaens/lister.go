package alibabaens

import (
	"context"
	"fmt"
	"iter"
	"sync"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/normalize"
)

// List returns an iterator over every connection matching f; peering.List
// uses it. It fetches the first page, learns the total from it, then
// fetches the remaining pages concurrently (Options.ListConcurrency at a
// time, holding at most that many pages), yields them in page order, stops
// at the first short page, and yields each connection once (remembering
// the IDs of the last few pages, where a shifted listing repeats them).
//
// Pages are numbered, so a connection created before the walk's position
// while it runs moves every later one a place down. Fetched in order, that
// only repeats a connection at the next page's start, which is skipped as
// seen; fetched out of order, a page served after the move followed by one
// served before it would lose the connection that crossed between them.
// Each page's TotalCount tells which state of the listing it shows, so a
// page that shows an older state than the page before it is fetched again,
// and a larger total extends the walk to the pages it adds.
func (c *Client) List(ctx context.Context, f peering.Filter) iter.Seq2[peering.Connection, error] {
	return func(yield func(peering.Connection, error) bool) {
		f, err := checkFilter("List", f)
		if err != nil {
			yield(peering.Connection{}, err)
			return
		}
		size := max(f.PageSize, MinPageSize)
		if f.PageSize == 0 {
			size = MaxPageSize
		}
		q := queryOf(f)
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()

		var recent recentIDs
		idle := 0 // pages in a row that brought nothing new
		emit := func(p *page) bool {
			// An empty page takes no place in the window (as in peering.List).
			if len(p.items) > 0 {
				recent.turn(len(p.items))
			}
			fresh := 0
			for i := range p.items {
				id := normalize.ID(p.items[i].InstanceID)
				seen := recent.seen(id)
				// Remembered with this page even when seen before, so that a
				// connection shifting down page after page stays in the window.
				recent[0][id] = struct{}{}
				if seen {
					continue
				}
				fresh++
				conn := connection(&p.items[i])
				if f.Match(conn) && !yield(conn, nil) {
					return false
				}
			}
			if idle = idle + 1; fresh > 0 {
				idle = 0
			}
			if idle >= maxIdlePages && !p.last() {
				yield(peering.Connection{}, &peering.Error{Code: peering.Internal, Provider: peering.AlibabaENS, Op: "List",
					Message: fmt.Sprintf("%d pages in a row brought no new connection: the listing is not progressing", idle)})
				return false
			}
			return true
		}
		fetch := func(ctx context.Context, number int) (*page, error) {
			return c.describe(ctx, "List", q, number, size)
		}

		p, err := fetch(ctx, 1)
		if err != nil {
			yield(peering.Connection{}, err)
			return
		}
		if !emit(p) || p.last() {
			return
		}
		w := &window{ctx: ctx, fetch: fetch, bound: c.concurrency, next: 2, planned: pages(p.total, size),
			slots: make(map[int]chan fetched)}
		defer w.close(cancel)
		state := p.total
		for number := 2; ; number++ {
			p, err := w.get(number)
			if err == nil && p.total < state {
				// Served before a change that a page already yielded had
				// seen: what crossed the boundary may be on neither page.
				p, err = fetch(ctx, number)
			}
			if err != nil {
				if cerr := peering.ContextError(ctx, peering.AlibabaENS, "List"); cerr != nil {
					err = cerr
				}
				yield(peering.Connection{}, err)
				return
			}
			state = max(state, p.total)
			w.plan(pages(p.total, size))
			if !emit(p) || p.last() {
				return
			}
		}
	}
}

// dedupWindow is how many recent pages' IDs List remembers. A shift moves
// connections into the next page or two, so duplicates are never further
// apart, and memory stays proportional to a page, not to the listing (as in
// peering.List).
const dedupWindow = 3

// maxIdlePages is how many pages in a row may bring nothing new before List
// decides the cloud is not progressing (a TotalCount that never ends).
const maxIdlePages = 8

// recentIDs holds the IDs of the last pages, newest at [0].
type recentIDs [dedupWindow]map[string]struct{}

// turn starts a new page, reusing the oldest page's map.
func (r *recentIDs) turn(n int) {
	oldest := r[dedupWindow-1]
	copy(r[1:], r[:dedupWindow-1])
	clear(oldest)
	if oldest == nil {
		oldest = make(map[string]struct{}, n)
	}
	r[0] = oldest
}

func (r *recentIDs) seen(id string) bool {
	for _, m := range r {
		if _, ok := m[id]; ok {
			return true
		}
	}
	return false
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
