package peering_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strconv"
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
	if i >= len(p.pages) {
		return peering.Page{}, &peering.Error{Code: peering.InvalidArgument, Message: "token past the end"}
	}
	var page peering.Page
	for _, id := range p.pages[i] {
		page.Connections = append(page.Connections, peering.Connection{ID: id, Status: peering.StatusActive})
	}
	if i+1 < len(p.pages) {
		page.Next = "p" + strconv.Itoa(i+1)
	}
	if t, ok := p.next[i]; ok {
		page.Next = t
	}
	return page, nil
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

// lister is a Peering with its own List, which peering.List must prefer.
type lister struct{ pager }

func (l *lister) List(ctx context.Context, f peering.Filter) iter.Seq2[peering.Connection, error] {
	return func(yield func(peering.Connection, error) bool) {
		yield(peering.Connection{ID: "own", Status: peering.StatusActive}, nil)
	}
}

func TestListUsesAdapterLister(t *testing.T) {
	l := &lister{pager{pages: [][]string{{"a"}}}}
	got, err := peering.Collect(context.Background(), l, peering.Filter{})
	if err != nil || len(got) != 1 || got[0].ID != "own" {
		t.Fatalf("got %v, %v; want the adapter's own listing", got, err)
	}
	if l.calls.Load() != 0 {
		t.Errorf("ListPage was called although the adapter lists by itself")
	}
}
