package baidu_test

import (
	"context"
	"fmt"
	"net/netip"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/docserver"
	"github.com/peeringkit/peering/providers/baidu"
)

// Hostile listings: servers written from the GET /v1/peerconn document
// (internal/docserver), scripted to page the way the cases
// describe, against the adapter through peering.List and ListPage.

// maxIdle is how many raw pages in a row may bring no new ID before a
// listing must end with Internal; a walk over looping content of period p
// may take p + maxIdle pages and a couple more.
const maxIdle = 8

// hostileClient returns an adapter for srv, with VPC look-ups (the server
// answers them) and no retries: a pagination case must be decided by the
// pages alone.
func hostileClient(t *testing.T, srv *docserver.Baidu) *baidu.Client {
	t.Helper()
	return routeClient(t, srv, 1)
}

// connections returns n active items with IDs numbered from first.
func connections(first, n int) []docserver.Item {
	return docserver.Active(docserver.IDs(docserver.BaiduID, first, n)...)
}

// TestHostileClientSideFilter: Status and several IDs are not filtered by
// the API, so most raw pages hold nothing the filter wants. Every match is
// yielded, with no error, in one request per raw page.
func TestHostileClientSideFilter(t *testing.T) {
	items := connections(0, 950)
	items = append(items, docserver.Item{ID: docserver.BaiduID(950), Status: "consult_failed"})
	first, last := items[0].ID, items[len(items)-1].ID
	cases := []struct {
		name   string
		filter peering.Filter
		want   []string
	}{
		{"status rejected", peering.Filter{Status: []peering.Status{peering.StatusRejected}}, []string{last}},
		{"first and last IDs", peering.Filter{IDs: []string{first, last}}, []string{first, last}},
		{"status and a VPC", peering.Filter{Status: []peering.Status{peering.StatusRejected}, NetworkID: docserver.BaiduPeerVPC}, []string{last}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := docserver.NewBaidu(t, docserver.Config{Script: docserver.Listing{Items: items}})
			tc.filter.PageSize = 100
			conns, err := peering.Collect(context.Background(), hostileClient(t, srv), tc.filter)
			ids := make([]string, len(conns))
			for i, c := range conns {
				ids[i] = c.ID
			}
			if err != nil {
				t.Fatalf("after %d connections and %d requests: %v", len(ids), srv.ListRequests(), err)
			}
			if d := docserver.Once(ids, tc.want); d != "" {
				t.Error(d)
			}
			if n := srv.ListRequests(); n != 10 {
				t.Errorf("%d list requests for 951 connections in pages of 100, want 10", n)
			}
			// The CIDR blocks come from the VPC calls the server answers.
			want := netip.MustParsePrefix("192.168.0.0/16")
			for _, c := range conns {
				if len(c.Requester.IPv4CIDRs) != 1 || c.Requester.IPv4CIDRs[0] != want {
					t.Errorf("%s: local blocks %v, want [%v]", c.ID, c.Requester.IPv4CIDRs, want)
				}
			}
		})
	}
}

// TestHostileDuplicatesFarApart: a connection that comes back four pages
// later is yielded once, as is every other.
func TestHostileDuplicatesFarApart(t *testing.T) {
	d := docserver.IDs(docserver.BaiduID, 1, 5)
	cases := []struct {
		name  string
		pages []string // one ID per page
		want  []string
	}{
		{"d1 four pages later", []string{d[0], d[1], d[2], d[3], d[0], d[4]}, d},
		{"every page back once", []string{d[0], d[1], d[2], d[3], d[4], d[0], d[1], d[2], d[3], d[4]}, d},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pages := make(docserver.Pages, len(tc.pages))
			for i, id := range tc.pages {
				pages[i] = docserver.Page{Items: docserver.Active(id)}
				if i+1 < len(tc.pages) {
					pages[i].Next = fmt.Sprintf("marker-%d", i+1)
				}
			}
			srv := docserver.NewBaidu(t, docserver.Config{Script: pages})
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

// loop returns a walk whose pages carry fresh markers over content that
// repeats every period pages (size connections a page).
func loop(period, size int) docserver.Walk {
	return docserver.Walk{Items: func(n int) []docserver.Item {
		return connections(((n-1)%period)*size, size)
	}}
}

// TestHostileFreshMarkersOverLoopingContent: markers that never repeat
// over content that does must not yield duplicates forever, nor, under a
// filter that matches nothing, send requests until ctx ends. The walk
// yields each connection once and ends with Internal after a bounded
// number of requests.
func TestHostileFreshMarkersOverLoopingContent(t *testing.T) {
	const period, size = 4, 10
	cases := []struct {
		name   string
		filter peering.Filter
		want   []string
	}{
		{"no filter", peering.Filter{}, docserver.ItemIDs(connections(0, period*size))},
		{"client-side filter matching nothing", peering.Filter{Status: []peering.Status{peering.StatusRejected}}, nil},
		{"two IDs, one there", peering.Filter{IDs: []string{docserver.BaiduID(5), docserver.BaiduID(999)}}, []string{docserver.BaiduID(5)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := docserver.NewBaidu(t, docserver.Config{Script: loop(period, size), Limit: 64})
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

// TestHostileListPageSendsOneRequest: ListPage returns the raw page the
// API sent, whatever the client-side filter, in exactly one request; it
// does not walk on looking for a match (the walk is List's, with its
// budget).
func TestHostileListPageSendsOneRequest(t *testing.T) {
	const size = 10
	walk := docserver.Walk{Items: func(n int) []docserver.Item { return connections((n-1)*size, size) }}
	filters := []peering.Filter{
		{Status: []peering.Status{peering.StatusRejected}, PageSize: size},
		{IDs: []string{docserver.BaiduID(1 << 20), docserver.BaiduID(1<<20 + 1)}, PageSize: size},
	}
	for _, f := range filters {
		t.Run(fmt.Sprint(f.Status, len(f.IDs)), func(t *testing.T) {
			srv := docserver.NewBaidu(t, docserver.Config{Script: walk, Limit: 64})
			page, err := hostileClient(t, srv).ListPage(context.Background(), f, "")
			if err != nil {
				t.Fatalf("after %d requests: %v", srv.ListRequests(), err)
			}
			if n := srv.ListRequests(); n != 1 {
				t.Errorf("ListPage sent %d list requests, want 1", n)
			}
			var ids []string
			for _, c := range page.Connections {
				ids = append(ids, c.ID)
			}
			if d := docserver.Once(ids, docserver.ItemIDs(connections(0, size))); d != "" {
				t.Errorf("ListPage is not the raw first page: %s", d)
			}
			if page.Next == "" {
				t.Error("the page has no token, though the server's page was truncated")
			}
		})
	}
}

// TestHostileRepeatedMarker: a marker that comes back, not on the next page
// but three pages later (A, B, C, A), would loop the walk: it ends with
// Internal, every connection seen yielded once.
func TestHostileRepeatedMarker(t *testing.T) {
	d := docserver.IDs(docserver.BaiduID, 1, 4)
	pages := docserver.Pages{
		{Items: docserver.Active(d[0]), Next: "A"},
		{Items: docserver.Active(d[1]), Next: "B"},
		{Items: docserver.Active(d[2]), Next: "C"},
		{Items: docserver.Active(d[3]), Next: "A"},
	}
	for _, f := range []peering.Filter{{PageSize: 1}, {PageSize: 1, Status: []peering.Status{peering.StatusRejected}}} {
		t.Run(fmt.Sprint(f.Status), func(t *testing.T) {
			srv := docserver.NewBaidu(t, docserver.Config{Script: pages, Limit: 64})
			ids, err := docserver.Collect(peering.List(context.Background(), hostileClient(t, srv), f))
			if peering.Code(err) != peering.Internal {
				t.Errorf("the walk ended with %v after %d requests, want Internal", err, srv.ListRequests())
			}
			want := d
			if len(f.Status) > 0 {
				want = nil
			}
			if diff := docserver.Once(ids, want); diff != "" {
				t.Error(diff)
			}
			if n := srv.ListRequests(); n > 5 {
				t.Errorf("%d list requests, want at most 5", n)
			}
		})
	}
}
