package peering_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peeringkit/peering"
)

// pager is a Peering whose pages are scripted: page i is pages[i], and its
// Next token is "p<i+1>" unless next overrides it. It stands in for a cloud
// that misbehaves in exactly one way, which is what List must survive.
type pager struct {
	pages           [][]string
	next            map[int]string // page index -> Next token to return instead
	total           int            // Page.Total of every page
	endless         bool           // after the last page, page i repeats page i%len(pages) under a fresh token
	calls           atomic.Int32
	block           chan struct{} // when set, ListPage waits on it or on ctx
	peering.Peering               // unimplemented methods panic: List must not call them
}

func (p *pager) Provider() peering.Provider { return "scripted" }

func (p *pager) ListPage(ctx context.Context, f peering.Filter, token string) (peering.Page, error) {
	p.calls.Add(1)
	if p.block != nil {
		select {
		case <-p.block:
		case <-ctx.Done():
			return peering.Page{}, peering.ContextError(ctx, p.Provider(), "ListPage")
		}
	}
	i := 0
	if token != "" {
		n, err := strconv.Atoi(token[1:])
		if err != nil {
			return peering.Page{}, fmt.Errorf("bad token %q", token)
		}
		i = n
	}
	if i >= len(p.pages) && !p.endless {
		return peering.Page{}, &peering.Error{Code: peering.InvalidArgument, Message: "token past the end"}
	}
	page := peering.Page{Total: p.total}
	for _, id := range p.pages[i%len(p.pages)] {
		page.Connections = append(page.Connections, conn(id))
	}
	if i+1 < len(p.pages) || p.endless {
		page.Next = "p" + strconv.Itoa(i+1)
	}
	if t, ok := p.next[i]; ok {
		page.Next = t
	}
	return page, nil
}

// conn returns a connection whose status is told by its ID's first letter:
// "r" rejected, anything else active.
func conn(id string) peering.Connection {
	c := peering.Connection{ID: id, Status: peering.StatusActive}
	if id != "" && id[0] == 'r' {
		c.Status = peering.StatusRejected
	}
	return c
}

// fresh returns n pages of size ids each, all distinct.
func fresh(n, size int) [][]string {
	out := make([][]string, n)
	for i := range out {
		out[i] = ids(size, fmt.Sprintf("a%03d-", i))
	}
	return out
}

func ids(n int, prefix string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%03d", prefix, i)
	}
	return out
}

func TestList(t *testing.T) {
	empties := make([][]string, 10)
	tests := []struct {
		name     string
		p        *pager
		want     int               // connections yielded
		wantCode peering.ErrorCode // code of the final error, OK for none
		calls    int32             // ListPage calls expected
	}{
		{name: "no pages of content", p: &pager{pages: [][]string{{}}}, want: 0, calls: 1},
		{name: "one page", p: &pager{pages: [][]string{ids(3, "a")}}, want: 3, calls: 1},
		{name: "three pages", p: &pager{pages: [][]string{ids(3, "a"), ids(3, "b"), ids(1, "c")}}, want: 7, calls: 3},
		{name: "overlapping pages yield each once", p: &pager{pages: [][]string{{"a", "b"}, {"b", "c"}, {"c", "d"}}}, want: 4, calls: 3},
		{name: "an empty page before the end", p: &pager{pages: [][]string{{"a"}, {}, {"b"}}}, want: 2, calls: 3},
		{name: "a connection shifting down page after page", p: &pager{pages: [][]string{{"x", "a"}, {"x", "b"}, {"x", "c"}, {"x", "d"}, {"x", "e"}}}, want: 6, calls: 5},
		{name: "a repeat across empty pages", p: &pager{pages: [][]string{{"x"}, {}, {}, {"x", "y"}}}, want: 2, calls: 4},
		{name: "repeated token", p: &pager{pages: [][]string{{"a"}, {"b"}, {"c"}}, next: map[int]string{1: "p1"}},
			want: 2, wantCode: peering.Internal, calls: 2},
		{name: "token seen two pages back", p: &pager{pages: [][]string{{"a"}, {"b"}, {"c"}, {"d"}}, next: map[int]string{2: "p1"}},
			want: 3, wantCode: peering.Internal, calls: 3},
		{name: "pages that bring nothing new", p: &pager{pages: append([][]string{{"a"}}, empties...)},
			want: 1, wantCode: peering.Internal, calls: 9},
		{name: "a failing page ends the walk", p: &pager{pages: [][]string{{"a"}}, next: map[int]string{0: "p7"}},
			want: 1, wantCode: peering.InvalidArgument, calls: 2},
		{name: "a connection repeated pages later", p: &pager{pages: [][]string{{"d1"}, {"d2"}, {"d3"}, {"d4"}, {"d1"}, {"d5"}}},
			want: 5, calls: 6},
		{name: "a connection repeated far later", p: &pager{pages: append(fresh(30, 2), []string{"a000-000", "z"})},
			want: 61, calls: 31},
		{name: "fresh tokens over content repeating every 4 pages", p: &pager{pages: fresh(4, 3), endless: true},
			want: 12, wantCode: peering.Internal, calls: 4 + 8},
		{name: "total agrees", p: &pager{pages: fresh(3, 2), total: 6}, want: 6, calls: 3},
		{name: "total below what was listed", p: &pager{pages: fresh(3, 2), total: 5},
			want: 6, wantCode: peering.Internal, calls: 3},
		{name: "total above what was listed", p: &pager{pages: fresh(3, 2), total: 9},
			want: 6, wantCode: peering.Internal, calls: 3},
		{name: "a walk far past its announced total", p: &pager{pages: fresh(1000, 2), total: 4},
			want: 14, wantCode: peering.Internal, calls: 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, code, after := 0, peering.OK, 0
			for c, err := range peering.List(context.Background(), tt.p, peering.Filter{}) {
				if err != nil {
					if code != peering.OK {
						after++
					}
					code = peering.Code(err)
					continue
				}
				if code != peering.OK {
					after++
				}
				if c.ID == "" {
					t.Errorf("yielded a connection with no ID")
				}
				got++
			}
			if got != tt.want || code != tt.wantCode {
				t.Errorf("got %d connections and code %v; want %d and %v", got, code, tt.want, tt.wantCode)
			}
			if after != 0 {
				t.Errorf("%d values yielded after the error", after)
			}
			if n := tt.p.calls.Load(); n != tt.calls {
				t.Errorf("ListPage called %d times; want %d", n, tt.calls)
			}
		})
	}
}

func TestListStopsWhenConsumerStops(t *testing.T) {
	p := &pager{pages: [][]string{ids(5, "a"), ids(5, "b")}}
	n := 0
	for _, err := range peering.List(context.Background(), p, peering.Filter{}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if n == 2 {
			break
		}
	}
	if c := p.calls.Load(); c != 1 {
		t.Errorf("ListPage called %d times after the consumer stopped on page one; want 1", c)
	}
}

func TestListCanceled(t *testing.T) {
	t.Run("before start", func(t *testing.T) {
		p := &pager{pages: [][]string{{"a"}}}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := peering.Collect(ctx, p, peering.Filter{})
		if peering.Code(err) != peering.Canceled || !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v; want Canceled wrapping context.Canceled", err)
		}
		if p.calls.Load() != 0 {
			t.Errorf("a request was made after cancellation")
		}
	})
	t.Run("while a page is in flight", func(t *testing.T) {
		p := &pager{pages: [][]string{{"a"}, {"b"}}, block: make(chan struct{})}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			_, err := peering.Collect(ctx, p, peering.Filter{})
			done <- err
		}()
		cancel()
		select {
		case err := <-done:
			if peering.Code(err) != peering.Canceled {
				t.Fatalf("err = %v; want Canceled", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("List did not return after cancellation")
		}
	})
}

func TestCollectReturnsPartialResults(t *testing.T) {
	p := &pager{pages: [][]string{{"a", "b"}, {"c"}}, next: map[int]string{1: "p9"}}
	got, err := peering.Collect(context.Background(), p, peering.Filter{})
	if err == nil || len(got) != 3 {
		t.Fatalf("got %d connections, err %v; want 3 and an error", len(got), err)
	}
}

// pageLister is a Peering with its own pages, which peering.List must
// prefer to ListPage, and treat as it treats ListPage's.
type pageLister struct {
	pager
	raw [][]string
}

func (l *pageLister) Pages(ctx context.Context, f peering.Filter) iter.Seq2[peering.Page, error] {
	return func(yield func(peering.Page, error) bool) {
		for _, ids := range l.raw {
			var p peering.Page
			for _, id := range ids {
				p.Connections = append(p.Connections, conn(id))
			}
			if !yield(p, nil) {
				return
			}
		}
	}
}

func TestListUsesAdapterPages(t *testing.T) {
	tests := []struct {
		name     string
		raw      [][]string
		f        peering.Filter
		want     []string
		wantCode peering.ErrorCode
	}{
		{name: "repeats far apart", raw: [][]string{{"d1"}, {"d2"}, {"d3"}, {"d4"}, {"d1"}, {"d5"}}, want: []string{"d1", "d2", "d3", "d4", "d5"}},
		{name: "filter after de-duplication", raw: append(fresh(20, 5), []string{"r1"}), f: peering.Filter{Status: []peering.Status{peering.StatusRejected}},
			want: []string{"r1"}},
		{name: "no progress", raw: append(fresh(1, 2), fresh(1, 2)[0], fresh(1, 2)[0], fresh(1, 2)[0], fresh(1, 2)[0], fresh(1, 2)[0], fresh(1, 2)[0], fresh(1, 2)[0], fresh(1, 2)[0], fresh(1, 2)[0]),
			want: fresh(1, 2)[0], wantCode: peering.Internal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := &pageLister{pager: pager{pages: [][]string{{"listpage"}}}, raw: tt.raw}
			var got []string
			code := peering.OK
			for c, err := range peering.List(context.Background(), l, tt.f) {
				if err != nil {
					code = peering.Code(err)
					break
				}
				got = append(got, c.ID)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) || code != tt.wantCode {
				t.Errorf("got %v, %v; want %v, %v", got, code, tt.want, tt.wantCode)
			}
			if l.calls.Load() != 0 {
				t.Errorf("ListPage was called although the adapter has its own pages")
			}
		})
	}
}

func TestListFiltersAfterDeduplication(t *testing.T) {
	// 19 pages of active connections, then one rejected: a selective filter
	// must not look like a listing that stopped progressing.
	pages := append(fresh(19, 50), []string{"r-last", "a-last"})
	tests := []struct {
		name string
		f    peering.Filter
		want []string
	}{
		{name: "status", f: peering.Filter{Status: []peering.Status{peering.StatusRejected}}, want: []string{"r-last"}},
		{name: "first and last ID", f: peering.Filter{IDs: []string{"a000-000", " a-last "}}, want: []string{"a000-000", "a-last"}},
		{name: "nothing matches", f: peering.Filter{Name: "none"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &pager{pages: pages}
			var got []string
			for c, err := range peering.List(context.Background(), p, tt.f) {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, c.ID)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %v; want %v", got, tt.want)
			}
			if n := p.calls.Load(); n != int32(len(pages)) {
				t.Errorf("ListPage called %d times; want %d", n, len(pages))
			}
		})
	}
}

func TestPaginator(t *testing.T) {
	p := &pager{pages: [][]string{{"a", "b"}, {"b"}, {"c"}}}
	pg := peering.NewPaginator(p, peering.Filter{})
	var pages [][]string
	for pg.HasMorePages() {
		conns, err := pg.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var page []string
		for _, c := range conns {
			page = append(page, c.ID)
		}
		pages = append(pages, page)
	}
	if got := fmt.Sprint(pages); got != "[[a b] [] [c]]" {
		t.Errorf("pages = %s; want [[a b] [] [c]]", got)
	}
	if _, err := pg.NextPage(context.Background()); peering.Code(err) != peering.FailedPrecondition {
		t.Errorf("NextPage after the end: %v; want FailedPrecondition", err)
	}
}

func TestPaginatorBudget(t *testing.T) {
	p := &pager{pages: fresh(100, 1), endless: true}
	pg := peering.NewPaginator(p, peering.Filter{})
	pg.MaxPages = 5
	var err error
	for pg.HasMorePages() && err == nil {
		_, err = pg.NextPage(context.Background())
	}
	if peering.Code(err) != peering.Internal || !strings.Contains(err.Error(), "budget of 5 pages") {
		t.Errorf("err = %v; want Internal naming the budget", err)
	}
	if n := p.calls.Load(); n != 5 {
		t.Errorf("ListPage called %d times; want 5", n)
	}
}

func TestPaginatorRetriesAFailedPage(t *testing.T) {
	p := &pager{pages: [][]string{{"a"}, {"b"}}, next: map[int]string{0: "p9"}}
	pg := peering.NewPaginator(p, peering.Filter{})
	if _, err := pg.NextPage(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := pg.NextPage(context.Background()); err == nil || !pg.HasMorePages() {
		t.Fatalf("a failed page: err %v, HasMorePages %v; want an error and more pages", err, pg.HasMorePages())
	}
}
