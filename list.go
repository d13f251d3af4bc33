package peering

import (
	"context"
	"fmt"
	"iter"
)

// maxIdlePages is how many pages in a row may bring nothing new before List
// decides the listing is not progressing. One empty page before the end is a
// known cloud behaviour; a long run of them is a loop.
const maxIdlePages = 8

// dedupWindow is how many recent pages' IDs List remembers. A connection
// moves at most a page or two when others are created or deleted during a
// walk, so three pages catch every duplicate that shifting produces.
const dedupWindow = 3

// List returns an iterator over every connection matching f. It walks
// p.ListPage page by page (or uses p's own [Lister] when it has one) and
// yields each connection once even when pages overlap, as they do when
// connections are created during the walk and the cloud's listing shifts
// under it.
//
// Memory stays proportional to a page, not to the listing: List keeps the
// IDs of the last [dedupWindow] pages that had any (overlaps come from
// adjacent pages) and the page tokens seen, so a listing of millions streams
// in a few megabytes.
//
// The walk ends with an error (and no further pages are fetched) when a page
// fails, when a page token repeats (a loop), when pages stop bringing anything
// new, or when ctx ends. After an error the iterator yields nothing more.
func List(ctx context.Context, p Peering, f Filter) iter.Seq2[Connection, error] {
	if l, ok := p.(Lister); ok {
		return l.List(ctx, f)
	}
	return func(yield func(Connection, error) bool) {
		var recent [dedupWindow]map[string]struct{} // IDs of the last pages, newest at [0]
		tokens := make(map[string]struct{})
		token, idle, total := "", 0, 0
		for {
			if err := ContextError(ctx, p.Provider(), "List"); err != nil {
				yield(Connection{}, err)
				return
			}
			page, err := p.ListPage(ctx, f, token)
			if err != nil {
				yield(Connection{}, err)
				return
			}
			// Reuse the oldest page's map for this page. An empty page
			// takes no place in the window: it holds nothing to repeat, and
			// would push out a page whose items the next page may repeat.
			if len(page.Connections) > 0 {
				oldest := recent[dedupWindow-1]
				copy(recent[1:], recent[:dedupWindow-1])
				clear(oldest)
				if oldest == nil {
					oldest = make(map[string]struct{}, len(page.Connections))
				}
				recent[0] = oldest
			}
			fresh := 0
			for _, c := range page.Connections {
				seen := seenRecently(recent[:], c.ID)
				// Remembered with this page even when seen before: a
				// connection that shifts down page after page must stay in
				// the window, or it comes back once its first page leaves.
				recent[0][c.ID] = struct{}{}
				if seen {
					continue
				}
				fresh++
				total++
				if !yield(c, nil) {
					return
				}
			}
			if page.Next == "" {
				return
			}
			if _, again := tokens[page.Next]; again || page.Next == token {
				yield(Connection{}, &Error{Code: Internal, Provider: p.Provider(), Op: "List",
					Message: fmt.Sprintf("page token %q repeated after %d connections: the listing would loop", page.Next, total)})
				return
			}
			tokens[page.Next] = struct{}{}
			if fresh == 0 {
				idle++
				if idle >= maxIdlePages {
					yield(Connection{}, &Error{Code: Internal, Provider: p.Provider(), Op: "List",
						Message: fmt.Sprintf("%d pages in a row brought no new connection: the listing is not progressing", idle)})
					return
				}
			} else {
				idle = 0
			}
			token = page.Next
		}
	}
}

func seenRecently(recent []map[string]struct{}, id string) bool {
	for _, m := range recent {
		if _, ok := m[id]; ok {
			return true
		}
	}
	return false
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
