package alibabavpc

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
	for _, n := range []int{0, 1, 99, 100, 101} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			w := start(t, 11, false)
			c := w.client(t, w.a, hangzhou)
			want := createN(t, w, c, n)
			sameIDs(t, collectOnce(t, c, peering.Filter{}), want)
			pages := 0
			sameIDs(t, walk(t, c, peering.Filter{}, func() {}, &pages), want)
			if wantPages := max(1, (n+99)/100); pages != wantPages {
				t.Errorf("ListPage took %d pages, want %d (pages of 100 by default)", pages, wantPages)
			}
		})
	}
}

// 5,000 connections at the published quota: the client's limiter paces the
// 50 pages so that the emulator, limiting as the cloud does (360 a minute,
// burst 20), never throttles.
func TestListFiveThousandAtDefaultLimits(t *testing.T) {
	w := start(t, 5000, true)
	// Setting up 5,000 connections at 360 a minute would take a quarter of
	// an hour: lift the emulator's limit for the creates only.
	w.srv.Faults.SetLimit("alibaba-vpc", "", fault.Limit{})
	want := createN(t, w, w.client(t, w.a, hangzhou), 5000)
	w.srv.Faults.SetLimit("alibaba-vpc", "", fault.Limit{Calls: 360, Per: time.Minute, Burst: 20})

	c := w.client(t, w.a, hangzhou, func(o *Options) { o.CallsPerMinute = 0 }) // the published defaults
	before := w.srv.Faults.Fired()[fault.Throttle]
	t0 := time.Now()
	got := collectOnce(t, c, peering.Filter{})
	t.Logf("listed %d connections in %v: 50 pages at 360 calls/min with a burst of %d", len(got), time.Since(t0), DefaultBurst)
	sameIDs(t, got, want)
	if n := w.srv.Faults.Fired()[fault.Throttle] - before; n != 0 {
		t.Errorf("the listing drew %d throttling errors, want 0", n)
	}
}

// The same pacing at a quicker rate, against a control without it: the
// emulator does throttle a listing that is not paced (and the retries
// recover), so the zero above is the limiter's doing.
func TestRateLimiterKeepsListingUnderTheQuota(t *testing.T) {
	w := start(t, 12, false)
	c := w.client(t, w.a, hangzhou)
	want := createN(t, w, c, 60)
	w.srv.Faults.SetLimit("alibaba-vpc", "ListVpcPeerConnections", fault.Limit{Calls: 1200, Per: time.Minute, Burst: 5})

	for _, tt := range []struct {
		name      string
		perMinute int
		throttled bool
	}{
		{"paced", 1200, false},
		{"unpaced", -1, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := w.client(t, w.a, hangzhou, func(o *Options) { o.CallsPerMinute, o.Burst, o.MaxAttempts = tt.perMinute, 3, 12 })
			before := w.srv.Faults.Fired()[fault.Throttle]
			sameIDs(t, collectOnce(t, c, peering.Filter{PageSize: 4}), want)
			n := w.srv.Faults.Fired()[fault.Throttle] - before
			t.Logf("15 pages drew %d throttling errors", n)
			if (n > 0) != tt.throttled {
				t.Errorf("throttled %d times; want throttling: %v", n, tt.throttled)
			}
		})
	}
}

func TestListPageSizes(t *testing.T) {
	w := start(t, 13, false)
	c := w.client(t, w.a, hangzhou)
	want := createN(t, w, c, 7)
	for _, size := range []int{1, 2, 3, 6, 7, 8, 100} {
		got := map[string]bool{}
		token, pages := "", 0
		for {
			p, err := c.ListPage(context.Background(), peering.Filter{PageSize: size}, token)
			if err != nil {
				t.Fatalf("size %d: %v", size, err)
			}
			if len(p.Connections) > size {
				t.Errorf("size %d: a page of %d", size, len(p.Connections))
			}
			for _, conn := range p.Connections {
				if got[conn.ID] {
					t.Errorf("size %d: %s twice", size, conn.ID)
				}
				got[conn.ID] = true
			}
			pages++
			if token = p.Next; token == "" {
				break
			}
		}
		if len(got) != len(want) || pages != (7+size-1)/size {
			t.Errorf("size %d: %d connections in %d pages, want 7 in %d", size, len(got), pages, (7+size-1)/size)
		}
	}
}

func TestListFilters(t *testing.T) {
	w := start(t, 14, false)
	c := w.client(t, w.a, hangzhou)
	vpcs := w.vpcs(t, w.a, hangzhou)
	ctx := context.Background()
	mk := func(name, peer string, tags map[string]string) string {
		id, err := c.Create(ctx, peering.CreateRequest{Name: name, LocalNetworkID: vpcs[0], PeerNetworkID: peer, Tags: tags})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	x := mk("alpha", vpcs[1], map[string]string{"env": "prod", "team": "net"})
	y := mk("beta", vpcs[2], map[string]string{"env": "test"})
	// z starts at another VPC: VpcPeer allows one connection per VPC pair.
	z, err := c.Create(ctx, peering.CreateRequest{Name: "alpha", LocalNetworkID: vpcs[1], PeerNetworkID: vpcs[2]})
	if err != nil {
		t.Fatal(err)
	}
	w.srv.Clock.Advance(10 * time.Second) // Creating -> Activated

	for _, tt := range []struct {
		name string
		f    peering.Filter
		want []string
	}{
		{"all", peering.Filter{}, []string{x, y, z}},
		{"network at either end", peering.Filter{NetworkID: vpcs[2]}, []string{y, z}},
		{"network trimmed", peering.Filter{NetworkID: " " + vpcs[1] + "\n"}, []string{x, z}},
		{"name", peering.Filter{Name: "alpha"}, []string{x, z}},
		{"one ID", peering.Filter{IDs: []string{y}}, []string{y}},
		{"several IDs", peering.Filter{IDs: []string{x, z}}, []string{x, z}},
		{"tag", peering.Filter{Tags: map[string]string{"env": "prod"}}, []string{x}},
		{"tags", peering.Filter{Tags: map[string]string{"env": "prod", "team": "other"}}, nil},
		{"status", peering.Filter{Status: []peering.Status{peering.StatusActive}}, []string{x, y, z}},
		{"no status matches", peering.Filter{Status: []peering.Status{peering.StatusRejected}}, nil},
		{"combined", peering.Filter{Name: "alpha", NetworkID: vpcs[2], PageSize: 1}, []string{z}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			want := map[string]bool{}
			for _, id := range tt.want {
				want[id] = true
			}
			sameIDs(t, collectOnce(t, c, tt.f), want)
		})
	}
}

func TestListRecoversFromFaults(t *testing.T) {
	for _, k := range []fault.Kind{fault.Throttle, fault.ServerError, fault.Reset, fault.Truncate, fault.DropResponse,
		fault.Latency, fault.RepeatMarker, fault.EmptyPage, fault.ShiftItems} {
		t.Run(string(k), func(t *testing.T) {
			w := start(t, 15, false)
			c := w.client(t, w.a, hangzhou)
			want := createN(t, w, c, 45)
			// The faults fire from the second page on: a repeated marker on
			// a first page is a loop (see TestListStopsOnALoopingToken).
			got := walk(t, c, peering.Filter{PageSize: 10}, func() {
				w.srv.Faults.Add(fault.Rule{Provider: "alibaba-vpc", Operation: "ListVpcPeerConnections", Kind: k, Count: 2, Latency: 20 * time.Millisecond})
			}, nil)
			if k == fault.ShiftItems {
				// The shifted copies are connections made during the walk;
				// what matters is that every original is there, once.
				for id := range got {
					if !want[id] && !emulated(w.srv)[id] {
						t.Errorf("unexpected %s", id)
					}
					delete(want, id)
				}
				if len(want) != 0 {
					t.Errorf("missing %d originals", len(want))
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

// walk lists with ListPage as peering.List does (skipping IDs already
// seen, failing on a repeated token), calling after the first page, and
// counts the pages in *pages when it is not nil.
func walk(t *testing.T, p peering.Peering, f peering.Filter, after func(), pages *int) map[string]peering.Connection {
	t.Helper()
	got := map[string]peering.Connection{}
	tokens := map[string]bool{}
	token := ""
	for i := 0; ; i++ {
		page, err := p.ListPage(context.Background(), f, token)
		if err != nil {
			t.Fatalf("page %d: %v", i+1, err)
		}
		if pages != nil {
			*pages = i + 1
		}
		for _, c := range page.Connections {
			got[c.ID] = c
		}
		if i == 0 {
			after()
		}
		if page.Next == "" {
			return got
		}
		if tokens[page.Next] {
			t.Fatalf("page %d: token repeated", i+1)
		}
		tokens[page.Next], token = true, page.Next
	}
}

// A first page whose NextToken answers with itself forever would loop the
// listing: it ends with an error instead.
func TestListStopsOnALoopingToken(t *testing.T) {
	w := start(t, 16, false)
	c := w.client(t, w.a, hangzhou, func(o *Options) { o.MaxAttempts = 2 })
	createN(t, w, c, 3)
	w.srv.Faults.Add(fault.Rule{Provider: "alibaba-vpc", Operation: "ListVpcPeerConnections", Kind: fault.RepeatMarker, Count: 1})
	var err error
	n := 0
	for _, err = range peering.List(context.Background(), c, peering.Filter{PageSize: 1}) {
		if err != nil {
			break
		}
		if n++; n > 10 {
			t.Fatal("the listing goes on")
		}
	}
	if code := peering.Code(err); code != peering.Internal {
		t.Fatalf("List ended with %v (code %v), want Internal", err, code)
	}
}

func TestListPageReturnsPromptlyWhenCancelled(t *testing.T) {
	w := start(t, 17, false)
	c := w.client(t, w.a, hangzhou)
	w.srv.Faults.Add(fault.Rule{Provider: "alibaba-vpc", Operation: "ListVpcPeerConnections", Kind: fault.Latency, Count: 1, Latency: 5 * time.Second})
	ctx, cancel := context.WithCancel(context.Background())
	var cancelled time.Time
	timer := time.AfterFunc(20*time.Millisecond, func() { cancelled = time.Now(); cancel() })
	defer timer.Stop()
	_, err := c.ListPage(ctx, peering.Filter{}, "")
	took := time.Since(cancelled)
	if peering.Code(err) != peering.Canceled || !errors.Is(err, context.Canceled) {
		t.Fatalf("ListPage = %v, want Canceled", err)
	}
	t.Logf("ListPage returned %v after the cancel", took)
	if took > 100*time.Millisecond {
		t.Errorf("returned %v after the cancel, want within 100ms", took)
	}
}

func TestListPageDeadlineBoundsTheRequest(t *testing.T) {
	w := start(t, 18, false)
	c := w.client(t, w.a, hangzhou)
	w.srv.Faults.Add(fault.Rule{Provider: "alibaba-vpc", Operation: "ListVpcPeerConnections", Kind: fault.Latency, Count: 1, Latency: 5 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	t0 := time.Now()
	_, err := c.ListPage(ctx, peering.Filter{}, "")
	if peering.Code(err) != peering.DeadlineExceeded {
		t.Fatalf("ListPage = %v, want DeadlineExceeded", err)
	}
	t.Logf("ListPage with a 100ms deadline returned after %v", time.Since(t0))
}
