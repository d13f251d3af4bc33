package alibabavpc_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/docserver"
	"github.com/peeringkit/peering/providers/alibabavpc"
)

// Hostile listings: servers written from the ListVpcPeerConnections
// document (internal/docserver), scripted to page the way the cases
// describe, against the adapter through peering.List.

// maxIdle is how many raw pages in a row may bring no new ID before a
// listing must end with Internal; a walk over looping content of period p
// may take p + maxIdle pages and a couple more.
const maxIdle = 8

// hostileClient returns an adapter for srv with no client-side rate limit
// and no retries: a pagination case must be decided by the pages alone.
func hostileClient(t *testing.T, srv *docserver.VpcPeer) *alibabavpc.Client {
	t.Helper()
	return routeClient(t, srv, 1)
}

// connections returns n active items with IDs numbered from first.
func connections(first, n int) []docserver.Item {
	return docserver.Active(docserver.IDs(docserver.VpcPeerID, first, n)...)
}

// TestHostileClientSideFilter: Status and several IDs are not filtered by
// the API, so most raw pages hold nothing the filter wants. That is not a
// listing that stopped progressing: every match is yielded, with no error.
func TestHostileClientSideFilter(t *testing.T) {
	items := connections(0, 950)
	items = append(items, docserver.Item{ID: docserver.VpcPeerID(950), Status: "Rejected"})
	first, last := items[0].ID, items[len(items)-1].ID
	cases := []struct {
		name   string
		filter peering.Filter
		want   []string
	}{
		{"status rejected", peering.Filter{Status: []peering.Status{peering.StatusRejected}}, []string{last}},
		{"first and last IDs", peering.Filter{IDs: []string{first, last}}, []string{first, last}},
		{"status and a network", peering.Filter{Status: []peering.Status{peering.StatusRejected}, NetworkID: docserver.VpcPeerLocalVPC}, []string{last}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := docserver.NewVpcPeer(t, docserver.Config{Script: docserver.Listing{Items: items, TrueTotal: true}})
			tc.filter.PageSize = 100
			ids, err := docserver.Collect(peering.List(context.Background(), hostileClient(t, srv), tc.filter))
			if err != nil {
				t.Fatalf("after %d connections and %d requests: %v", len(ids), srv.ListRequests(), err)
			}
			if d := docserver.Once(ids, tc.want); d != "" {
				t.Error(d)
			}
			if n := srv.ListRequests(); n != 10 {
				t.Errorf("%d list requests for 951 connections in pages of 100, want 10", n)
			}
		})
	}
}

// TestHostileDuplicatesFarApart: a connection that comes back four pages
// later is yielded once, as is every other.
func TestHostileDuplicatesFarApart(t *testing.T) {
	d := docserver.IDs(docserver.VpcPeerID, 1, 5)
	cases := []struct {
		name  string
		pages []string // one ID per page
		total docserver.Total
		want  []string
	}{
		{"d1 four pages later", []string{d[0], d[1], d[2], d[3], d[0], d[4]}, docserver.Total{}, d},
		{"d1 four pages later, honest total", []string{d[0], d[1], d[2], d[3], d[0], d[4]}, docserver.Announce(5), d},
		{"every page back once", []string{d[0], d[1], d[2], d[3], d[4], d[0], d[1], d[2], d[3], d[4]}, docserver.Total{}, d},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pages := make(docserver.Pages, len(tc.pages))
			for i, id := range tc.pages {
				pages[i] = docserver.Page{Items: docserver.Active(id), Total: tc.total}
				if i+1 < len(tc.pages) {
					pages[i].Next = fmt.Sprintf("token-%d", i+1)
				}
			}
			srv := docserver.NewVpcPeer(t, docserver.Config{Script: pages})
			ids, err := docserver.Collect(peering.List(context.Background(), hostileClient(t, srv), peering.Filter{PageSize: 1}))
			if err != nil {
				t.Fatalf("after %v: %v", ids, err)
			}
			if d := docserver.Once(ids, tc.want); d != "" {
				t.Error(d)
			}
		})
	}
}

// loop returns a walk whose pages carry fresh tokens over content that
// repeats every period pages (size connections a page).
func loop(period, size int, total docserver.Total) docserver.Walk {
	return docserver.Walk{Total: total, Items: func(n int) []docserver.Item {
		return connections(((n-1)%period)*size, size)
	}}
}

// TestHostileFreshTokensOverLoopingContent: tokens that never repeat over
// content that does must not yield duplicates forever. The walk yields
// each connection once and ends with Internal once pages stop bringing new
// IDs, after a bounded number of requests.
func TestHostileFreshTokensOverLoopingContent(t *testing.T) {
	const period, size = 4, 10
	all := docserver.ItemIDs(connections(0, period*size))
	cases := []struct {
		name   string
		filter peering.Filter
		total  docserver.Total
		want   []string
	}{
		{"no filter", peering.Filter{}, docserver.Total{}, all},
		{"client-side filter matching nothing", peering.Filter{Status: []peering.Status{peering.StatusRejected}}, docserver.Total{}, nil},
		{"a total that never arrives", peering.Filter{}, docserver.Announce(1 << 30), all},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := docserver.NewVpcPeer(t, docserver.Config{Script: loop(period, size, tc.total), Limit: 64})
			tc.filter.PageSize = size
			ids, err := docserver.Collect(peering.List(context.Background(), hostileClient(t, srv), tc.filter))
			if peering.Code(err) != peering.Internal {
				t.Errorf("the walk ended with %v after %d requests, want Internal", err, srv.ListRequests())
			}
			if d := docserver.Once(ids, tc.want); d != "" {
				t.Error(d)
			}
			if n, most := srv.ListRequests(), int64(period+maxIdle+2); n > most {
				t.Errorf("%d list requests, want at most %d", n, most)
			}
		})
	}
}

// TestHostileFarPastTotal: a server that announces 10 connections and
// hands out new ones with fresh tokens for ever is stopped with Internal by
// the walk's page budget, every connection yielded once.
func TestHostileFarPastTotal(t *testing.T) {
	const size = 100
	walk := docserver.Walk{Total: docserver.Announce(10), Items: func(n int) []docserver.Item {
		return connections((n-1)*size, size)
	}}
	srv := docserver.NewVpcPeer(t, docserver.Config{Script: walk, Limit: 64})
	// The adapter does not take TotalCount for the listing's total (the
	// document calls it "the number of entries returned"), so what stops a
	// listing that never ends is the walk's page budget.
	pg := peering.NewPaginator(hostileClient(t, srv), peering.Filter{PageSize: size})
	pg.MaxPages = 5
	var ids []string
	var err error
	for pg.HasMorePages() && err == nil {
		var conns []peering.Connection
		conns, err = pg.NextPage(context.Background())
		for _, c := range conns {
			ids = append(ids, c.ID)
		}
	}
	if peering.Code(err) != peering.Internal || !strings.Contains(err.Error(), "budget of 5 pages") {
		t.Errorf("the walk ended with %v after %d requests, want Internal naming the budget", err, srv.ListRequests())
	}
	// Whole pages, each once, from the first.
	if d := docserver.Once(ids, docserver.ItemIDs(connections(0, 5*size))); d != "" {
		t.Errorf("%d yielded, not the five pages from the first: %s", len(ids), d)
	}
	if n := srv.ListRequests(); n != 5 {
		t.Errorf("%d list requests, want the budget's 5", n)
	}
}

// TestHostileRepeatedToken: a token that comes back, not on the next page
// but three pages later (A, B, C, A), would loop the walk: it ends with
// Internal, every connection seen yielded once.
func TestHostileRepeatedToken(t *testing.T) {
	d := docserver.IDs(docserver.VpcPeerID, 1, 4)
	pages := docserver.Pages{
		{Items: docserver.Active(d[0]), Next: "A"},
		{Items: docserver.Active(d[1]), Next: "B"},
		{Items: docserver.Active(d[2]), Next: "C"},
		{Items: docserver.Active(d[3]), Next: "A"},
	}
	srv := docserver.NewVpcPeer(t, docserver.Config{Script: pages, Limit: 64})
	ids, err := docserver.Collect(peering.List(context.Background(), hostileClient(t, srv), peering.Filter{PageSize: 1}))
	if peering.Code(err) != peering.Internal {
		t.Errorf("the walk ended with %v after %d requests, want Internal", err, srv.ListRequests())
	}
	if d := docserver.Once(ids, d); d != "" {
		t.Error(d)
	}
	if n := srv.ListRequests(); n > 5 {
		t.Errorf("%d list requests, want at most 5", n)
	}
}
