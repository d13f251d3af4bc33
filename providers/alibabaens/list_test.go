package alibabaens

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator/fault"
)

func TestListReturnsEachConnectionOnce(t *testing.T) {
	for _, n := range []int{0, 1, 99, 100, 101, 5000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			w := start(t, 51)
			c := w.client(t)
			want := createN(t, w, c, n)
			sameIDs(t, collectOnce(t, c, peering.Filter{}), want) // the concurrent List
			got, pages := walk(t, c, peering.Filter{})            // and ListPage
			sameIDs(t, got, want)
			// A full page is never taken for the last, whatever the total
			// says: a multiple of the page size takes one empty page more.
			if wantPages := n/100 + 1; pages != wantPages {
				t.Errorf("ListPage took %d pages, want %d", pages, wantPages)
			}
		})
	}
}

// Page sizes under the API's minimum of 10 are fetched as 10 and sliced.
func TestListPageSizes(t *testing.T) {
	w := start(t, 52)
	c := w.client(t)
	want := createN(t, w, c, 25)
	for _, size := range []int{1, 3, 7, 9, 10, 11, 24, 25, 26, 100} {
		got, pages := walk(t, c, peering.Filter{PageSize: size})
		sameIDs(t, got, want)
		if size < MinPageSize {
			// Each wire page of 10 gives ceil(10/size) pages.
			if wantPages := 2*((10+size-1)/size) + (5+size-1)/size; pages != wantPages {
				t.Errorf("size %d: %d pages, want %d", size, pages, wantPages)
			}
		} else if wantPages := 25/size + 1; pages != wantPages {
			t.Errorf("size %d: %d pages, want %d", size, pages, wantPages)
		}
		sameIDs(t, collectOnce(t, c, peering.Filter{PageSize: size}), want)
	}
}

func TestListFilters(t *testing.T) {
	w := start(t, 53)
	c := w.client(t)
	nets := w.networks(t, 4)
	ctx := context.Background()
	mk := func(name, a, b string) string {
		id, err := c.Create(ctx, peering.CreateRequest{Name: name, LocalNetworkID: a, PeerNetworkID: b})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	x, y, z := mk("alpha", nets[0], nets[1]), mk("beta", nets[1], nets[2]), mk("alpha", nets[2], nets[3])
	w.srv.Clock.Advance(10 * time.Second)
	for _, tt := range []struct {
		name string
		f    peering.Filter
		want []string
	}{
		{"all", peering.Filter{}, []string{x, y, z}},
		{"network at either end", peering.Filter{NetworkID: nets[1]}, []string{x, y}},
		{"network trimmed", peering.Filter{NetworkID: nets[3] + "\n"}, []string{z}},
		{"name", peering.Filter{Name: "alpha"}, []string{x, z}},
		{"one ID", peering.Filter{IDs: []string{" " + y}}, []string{y}},
		{"several IDs", peering.Filter{IDs: []string{x, z}}, []string{x, z}},
		{"status", peering.Filter{Status: []peering.Status{peering.StatusActive}}, []string{x, y, z}},
		{"no status matches", peering.Filter{Status: []peering.Status{peering.StatusDeleting}}, nil},
		{"tags: ENS has none", peering.Filter{Tags: map[string]string{"env": "prod"}}, nil},
		{"combined", peering.Filter{Name: "alpha", NetworkID: nets[2], PageSize: 1}, []string{z}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			want := map[string]bool{}
			for _, id := range tt.want {
				want[id] = true
			}
			sameIDs(t, collectOnce(t, c, tt.f), want)
			// ListPage applies only what the API filters: its raw pages
			// hold every match, and Match keeps exactly the matches.
			raw, _ := walk(t, c, tt.f)
			for id, conn := range raw {
				if !tt.f.Match(conn) {
					delete(raw, id)
				}
			}
			sameIDs(t, raw, want)
		})
	}
}

func TestListRecoversFromFaults(t *testing.T) {
	for _, k := range []fault.Kind{fault.Throttle, fault.ServerError, fault.Reset, fault.Truncate, fault.DropResponse,
		fault.Latency, fault.EmptyPage, fault.ShiftItems} {
		for _, concurrency := range []int{1, 8} {
			t.Run(fmt.Sprintf("%s/%d", k, concurrency), func(t *testing.T) {
				w := start(t, 54)
				c := w.client(t, func(o *Options) { o.ListConcurrency = concurrency })
				want := createN(t, w, c, 95)
				w.srv.Faults.Add(fault.Rule{Provider: "alibaba-ens", Operation: "DescribeNetworkPeerConnections", Kind: k, Count: 3, Latency: 20 * time.Millisecond})
				got := collectOnce(t, c, peering.Filter{PageSize: 10})
				if k == fault.ShiftItems {
					// The copies the fault inserts are connections made during
					// the walk; every original must be there, once.
					for id := range want {
						if _, ok := got[id]; !ok {
							t.Errorf("missing %s", id)
						}
					}
				} else {
					sameIDs(t, got, want)
				}
				if w.srv.Faults.Fired()[k] == 0 {
					t.Errorf("fault %s never fired", k)
				}
			})
		}
	}
}

// Items moving under a concurrent listing: the fault fires on every page,
// out of order. Each original connection must still come once.
func TestConcurrentListSurvivesShifts(t *testing.T) {
	w := start(t, 55)
	c := w.client(t, func(o *Options) { o.ListConcurrency = 8 })
	want := createN(t, w, c, 300)
	w.srv.Faults.Add(fault.Rule{Provider: "alibaba-ens", Operation: "DescribeNetworkPeerConnections", Kind: fault.ShiftItems, Probability: 0.5})
	got := collectOnce(t, c, peering.Filter{PageSize: 10})
	for id := range want {
		if _, ok := got[id]; !ok {
			t.Errorf("missing %s", id)
		}
	}
	t.Logf("%d shifts; %d listed for %d originals", w.srv.Faults.Fired()[fault.ShiftItems], len(got), len(want))
}

// The concurrent listing against the sequential page chain, with 50ms on
// every request. The figures are logged, not asserted.
func TestConcurrentListIsFasterThanThePageChain(t *testing.T) {
	w := start(t, 56)
	want := createN(t, w, w.client(t), 5000)
	w.srv.Faults.SetLatency(50 * time.Millisecond)
	took := map[int]time.Duration{}
	for _, n := range []int{1, DefaultListConcurrency} {
		c := w.client(t, func(o *Options) { o.ListConcurrency = n })
		t0 := time.Now()
		sameIDs(t, collectOnce(t, c, peering.Filter{}), want)
		took[n] = time.Since(t0)
	}
	t.Logf("5000 connections, 50 pages, 50ms latency: sequential chain %v, concurrent (%d at once) %v: %.0f%% of the chain",
		took[1], DefaultListConcurrency, took[DefaultListConcurrency], 100*float64(took[DefaultListConcurrency])/float64(took[1]))
}

func TestListReturnsPromptlyWhenCancelled(t *testing.T) {
	w := start(t, 57)
	c := w.client(t)
	createN(t, w, c, 250)
	for _, tt := range []struct {
		name string
		run  func(ctx context.Context) error
	}{
		{"ListPage", func(ctx context.Context) error { _, err := c.ListPage(ctx, peering.Filter{}, ""); return err }},
		{"List, first page", func(ctx context.Context) error {
			for _, err := range peering.List(ctx, c, peering.Filter{}) {
				if err != nil {
					return err
				}
			}
			return nil
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w.srv.Faults.Add(fault.Rule{Provider: "alibaba-ens", Operation: "DescribeNetworkPeerConnections", Kind: fault.Latency, Count: 1, Latency: 5 * time.Second})
			ctx, cancel := context.WithCancel(context.Background())
			var cancelled time.Time
			timer := time.AfterFunc(20*time.Millisecond, func() { cancelled = time.Now(); cancel() })
			defer timer.Stop()
			err := tt.run(ctx)
			took := time.Since(cancelled)
			if peering.Code(err) != peering.Canceled || !errors.Is(err, context.Canceled) {
				t.Fatalf("error = %v, want Canceled", err)
			}
			t.Logf("returned %v after the cancel", took)
			if took > 100*time.Millisecond {
				t.Errorf("returned %v after the cancel, want within 100ms", took)
			}
			w.srv.Faults.Clear()
		})
	}
	// Cancelled while later pages are in flight.
	defer w.srv.Faults.SetLatency(0)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	var err error
	var cancelled time.Time
	for _, err = range peering.List(ctx, c, peering.Filter{}) {
		if err != nil {
			break
		}
		if n++; n == 1 {
			w.srv.Faults.SetLatency(5 * time.Second) // pages 2 and on hang
			time.AfterFunc(20*time.Millisecond, func() { cancelled = time.Now(); cancel() })
		}
	}
	took := time.Since(cancelled)
	if peering.Code(err) != peering.Canceled {
		t.Fatalf("List with pages in flight ended with %v after %d, want Canceled", err, n)
	}
	t.Logf("List with pages in flight returned %v after the cancel", took)
	if took > 100*time.Millisecond {
		t.Errorf("returned %v after the cancel, want within 100ms", took)
	}
}

// A listing stopped early by its consumer leaves no fetch running.
func TestListStopsWhenTheConsumerStops(t *testing.T) {
	w := start(t, 58)
	c := w.client(t)
	createN(t, w, c, 500)
	before := w.srv.Alibaba.Requests()
	n := 0
	for _, err := range peering.List(context.Background(), c, peering.Filter{PageSize: 10}) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 15 {
			break
		}
	}
	// Page 1, pages 2 to 9 fetched ahead while page 2 is awaited, and page
	// 10 once it arrived: not the 50 pages of the whole listing.
	if sent := w.srv.Alibaba.Requests() - before; sent > 2+DefaultListConcurrency {
		t.Errorf("sent %d requests to yield 2 pages, want at most %d", sent, 2+DefaultListConcurrency)
	}
}
