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

// List returns an iterator over every connection matching f. It walks
// p.ListPage page by page (or uses p's own [Lister] when it has one), holds
// one page in memory, and yields each connection once even when pages overlap.
//
// The walk ends with an error (and no further pages are fetched) when a page
// fails, when a page token repeats, when pages stop bringing anything new,
// or when ctx ends. After an error the iterator yields nothing more.
func List(ctx context.Context, p Peering, f Filter) iter.Seq2[Connection, error] {
	if l, ok := p.(Lister); ok {
		return l.List(ctx, f)
	}
	return func(yield func(Connection, error) bool) {
		seen := make(map[string]struct{})
		tokens := make(map[string]struct{})
		token, idle := "", 0
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
			fresh := 0
			for _, c := range page.Connections {
				if _, dup := seen[c.ID]; dup {
					continue
				}
				seen[c.ID] = struct{}{}
				fresh++
				if !yield(c, nil) {
					return
				}
			}
			if page.Next == "" {
				return
			}
			if _, again := tokens[page.Next]; again || page.Next == token {
				yield(Connection{}, &Error{Code: Internal, Provider: p.Provider(), Op: "List",
					Message: fmt.Sprintf("page token %q repeated after %d connections: the listing would loop", page.Next, len(seen))})
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
