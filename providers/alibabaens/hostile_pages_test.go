package alibabaens_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/docserver"
	"github.com/peeringkit/peering/providers/alibabaens"
)

// Hostile cases against the page-at-a-time contract: the adapter is a
// peering.PageLister, ListPage returns raw pages with the announced Total,
// and peering.Paginator keeps List's guarantees one page at a time.

var _ peering.PageLister = (*alibabaens.Client)(nil)

// TestHostileListPageIsRaw: ListPage applies only what the API filters
// (Status is not among it), sends one request, and reports TotalCount.
func TestHostileListPageIsRaw(t *testing.T) {
	items := connections(0, 25)
	srv := docserver.NewENS(t, docserver.Config{Script: docserver.Listing{Items: items, Total: docserver.Announce(25)}, Limit: 64})
	page, err := hostileClient(t, srv).ListPage(context.Background(),
		peering.Filter{Status: []peering.Status{peering.StatusDeleting}, PageSize: 10}, "")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range page.Connections {
		ids = append(ids, c.ID)
	}
	if d := docserver.Once(ids, docserver.ItemIDs(items[:10])); d != "" {
		t.Errorf("ListPage is not the raw page: %s", d)
	}
	if page.Total != 25 || page.Next == "" {
		t.Errorf("Total %d, Next %q; want 25 and a token", page.Total, page.Next)
	}
	if n := srv.ListRequests(); n != 1 {
		t.Errorf("ListPage sent %d requests, want 1", n)
	}
}

// TestHostilePaginator runs the listing cases through a Paginator.
func TestHostilePaginator(t *testing.T) {
	twentyFive := connections(0, 25)
	var farApart docserver.Pages
	var farApartIDs []string
	for _, g := range []int{0, 1, 2, 3, 0, 4} {
		farApart = append(farApart, docserver.Page{Items: connections(g*10, 10), Total: docserver.Announce(53)})
	}
	farApart = append(farApart, docserver.Page{Items: connections(1000, 3), Total: docserver.Announce(53)})
	farApartIDs = append(docserver.ItemIDs(connections(0, 50)), docserver.ItemIDs(connections(1000, 3))...)
	loop := docserver.Walk{Items: func(n int) []docserver.Item { return connections(((n-1)%4)*100, 100) }}
	cases := []struct {
		name     string
		script   docserver.Script
		filter   peering.Filter
		want     []string
		code     peering.ErrorCode
		requests int64
	}{
		{"says 5 with 25 there", docserver.Listing{Items: twentyFive, Total: docserver.Announce(5)}, peering.Filter{PageSize: 10},
			docserver.ItemIDs(twentyFive), peering.Internal, 3 + prefetch},
		{"absent with 250", docserver.Listing{Items: connections(0, 250)}, peering.Filter{},
			docserver.ItemIDs(connections(0, 250)), peering.OK, 3 + prefetch},
		{"capped at 50 while asked 100", docserver.Listing{Items: connections(0, 120), TrueTotal: true, Cap: 50}, peering.Filter{},
			docserver.ItemIDs(connections(0, 120)), peering.OK, 3 + prefetch},
		{"duplicates far apart", farApart, peering.Filter{PageSize: 10}, farApartIDs, peering.OK, 7 + prefetch},
		{"looping content", loop, peering.Filter{}, docserver.ItemIDs(connections(0, 400)), peering.Internal, 4 + maxIdle + 2 + prefetch},
		{"looping content, filtered", loop, peering.Filter{Status: []peering.Status{peering.StatusDeleting}}, nil,
			peering.Internal, 4 + maxIdle + 2 + prefetch},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := docserver.NewENS(t, docserver.Config{Script: tc.script, Limit: 64})
			pg := peering.NewPaginator(hostileClient(t, srv), tc.filter)
			ids, _, err := docserver.CollectPages(context.Background(), pg, 100)
			if peering.Code(err) != tc.code {
				t.Errorf("the walk ended with %v, want %v", err, tc.code)
			}
			if d := docserver.Once(ids, tc.want); d != "" {
				t.Error(d)
			}
			if n := srv.ListRequests(); n > tc.requests {
				t.Errorf("%d list requests, want at most %d", n, tc.requests)
			}
		})
	}
}

// TestHostileInsertUnderPrefetch: a connection is created at the front of
// the listing while pages 2 and 3 are fetched ahead, and the server answers
// page 3 first, from the state before the create, with a total that lies
// high. Page 2, answered after the create, shows one more connection and
// pushes its last one onto page 3, which the early page 3 does not hold.
// Every connection that existed throughout must still come once.
func TestHostileInsertUnderPrefetch(t *testing.T) {
	const size = 10
	before := connections(0, 3*size)
	after := append(connections(100, 1), before...)
	pageOf := func(items []docserver.Item, number int) []docserver.Item {
		lo := min((number-1)*size, len(items))
		return items[lo:min(lo+size, len(items))]
	}
	early := make(chan struct{}) // closed once page 3 was answered from the old state
	var requests3 atomic.Int32
	script := docserver.ScriptFunc(func(r docserver.Request) docserver.Page {
		switch {
		case r.N == 1:
			return docserver.Page{Items: pageOf(before, 1), Total: docserver.Announce(len(before))}
		case r.Number == 3 && requests3.Add(1) == 1:
			defer close(early)
			return docserver.Page{Items: pageOf(before, 3), Total: docserver.Announce(2*len(before) + size)}
		case r.Number == 2:
			select {
			case <-early:
			case <-time.After(10 * time.Second):
				t.Error("page 2 was asked for, but page 3 was not asked for ahead of it")
			}
		}
		return docserver.Page{Items: pageOf(after, r.Number), Total: docserver.Announce(len(after))}
	})
	srv := docserver.NewENS(t, docserver.Config{Script: script, Limit: 64})
	ids, err := docserver.Collect(peering.List(context.Background(), hostileClient(t, srv), peering.Filter{PageSize: size}))
	if err != nil {
		t.Fatalf("the walk ended with %v after %d connections and %d requests", err, len(ids), srv.ListRequests())
	}
	var missing []string
	got := make(map[string]bool)
	for _, id := range ids {
		got[id] = true
	}
	for _, id := range docserver.ItemIDs(before) {
		if !got[id] {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d of %d connections that existed throughout were not listed: %v", len(missing), len(before), missing)
	}
}

// TestHostilePageServedAtOtherSize: a later page answered in pages of
// another size than asked holds other offsets; short, after a total that
// lied low, it would end the listing unnoticed (the count falls between
// the totals announced). It is fetched again.
func TestHostilePageServedAtOtherSize(t *testing.T) {
	const size = 10
	items := connections(0, 25)
	var odd atomic.Int32
	script := docserver.ScriptFunc(func(r docserver.Request) docserver.Page {
		lo := min((r.Number-1)*size, len(items))
		p := docserver.Page{Items: items[lo:min(lo+size, len(items))], Total: docserver.Announce(len(items))}
		switch {
		case r.Number == 2:
			p.Total = docserver.Announce(12)
		case r.Number == 3 && odd.Add(1) <= 2: // a page fetched ahead may take the first
			p.Items, p.Size = items[10:15], 5 // page 3 in pages of 5: already listed
		}
		return p
	})
	srv := docserver.NewENS(t, docserver.Config{Script: script, Limit: 64})
	c, err := alibabaens.New(alibabaens.Options{
		Credentials:     alibabaens.Credentials{AccessKeyID: "docserver-ak", AccessKeySecret: "docserver-secret"},
		Endpoint:        srv.URL(),
		MaxAttempts:     4,
		ListConcurrency: 1, // every page fetched once its turn comes
	})
	if err != nil {
		t.Fatal(err)
	}
	ids, err := docserver.Collect(peering.List(context.Background(), c, peering.Filter{PageSize: size}))
	if err != nil {
		t.Fatalf("the walk ended with %v after %d connections", err, len(ids))
	}
	if d := docserver.Once(ids, docserver.ItemIDs(items)); d != "" {
		t.Error(d)
	}
}
