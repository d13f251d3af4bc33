package alibabaens_test

import (
	"context"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/docserver"
	"github.com/peeringkit/peering/providers/alibabaens"
)

// Hostile listings: servers written from the DescribeNetworkPeerConnections
// document (internal/docserver), scripted to page the way the issue's
// cases describe, against the adapter through peering.List and Create.

const (
	// maxIdle is how many raw pages in a row may bring no new ID before a
	// listing must end with Internal; a walk over looping content of
	// period p may take p + maxIdle pages and a couple more.
	maxIdle = 8
	// prefetch is how many pages the adapter may have asked for ahead of
	// the one it is on (its default list concurrency): requests a bounded
	// walk may have sent beyond the page where it stopped.
	prefetch = alibabaens.DefaultListConcurrency
)

// hostileClient returns an adapter for srv with no retries: a pagination
// case must be decided by the pages alone.
func hostileClient(t *testing.T, srv *docserver.ENS) *alibabaens.Client {
	t.Helper()
	return routeClient(t, srv, 1)
}

// connections returns n active items with IDs numbered from first.
func connections(first, n int) []docserver.Item {
	return docserver.Active(docserver.IDs(docserver.ENSID, first, n)...)
}

// pagesOf returns pages by number holding the given numbers of
// connections, numbered on from page to page, each announcing total.
func pagesOf(total docserver.Total, sizes ...int) (docserver.Pages, []string) {
	var pages docserver.Pages
	var ids []string
	next := 0
	for _, n := range sizes {
		items := connections(next, n)
		next += n
		pages = append(pages, docserver.Page{Items: items, Total: total})
		ids = append(ids, docserver.ItemIDs(items)...)
	}
	return pages, ids
}

// TestHostileClientSideFilter: Status and several IDs are not filtered by
// the API, so most raw pages hold nothing the filter wants. Every match is
// yielded, with no error, in one request per raw page.
func TestHostileClientSideFilter(t *testing.T) {
	items := connections(0, 950)
	items = append(items, docserver.Item{ID: docserver.ENSID(950), Status: "Deleting"})
	first, last := items[0].ID, items[len(items)-1].ID
	cases := []struct {
		name   string
		filter peering.Filter
		want   []string
	}{
		{"status deleting", peering.Filter{Status: []peering.Status{peering.StatusDeleting}}, []string{last}},
		{"first and last IDs", peering.Filter{IDs: []string{first, last}}, []string{first, last}},
		{"status and a network", peering.Filter{Status: []peering.Status{peering.StatusDeleting}, NetworkID: docserver.ENSPeerNetwork}, []string{last}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := docserver.NewENS(t, docserver.Config{Script: docserver.Listing{Items: items, TrueTotal: true}})
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

// TestHostileDuplicatesFarApart: a page's connections that come back four
// pages later are yielded once, as is every other; the walk goes on while
// pages come back full.
func TestHostileDuplicatesFarApart(t *testing.T) {
	const size = 10 // the smallest page ENS serves
	g := func(i int) []docserver.Item { return connections(i*size, size) }
	cases := []struct {
		name   string
		groups []int // the group of connections each page holds
		last   int   // the connections on a last, short page
		total  docserver.Total
	}{
		{"g0 four pages later", []int{0, 1, 2, 3, 0, 4}, 3, docserver.Announce(53)},
		{"g0 four pages later, no total", []int{0, 1, 2, 3, 0, 4}, 3, docserver.Total{}},
		{"every page back once", []int{0, 1, 2, 3, 4, 0, 1, 2, 3, 4}, 0, docserver.Announce(50)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var pages docserver.Pages
			var want []string
			for _, i := range tc.groups {
				pages = append(pages, docserver.Page{Items: g(i), Total: tc.total})
				want = append(want, docserver.ItemIDs(g(i))...)
			}
			tail := connections(1000, tc.last)
			pages = append(pages, docserver.Page{Items: tail, Total: tc.total})
			want = append(want, docserver.ItemIDs(tail)...)
			srv := docserver.NewENS(t, docserver.Config{Script: pages, Limit: 64})
			ids, err := docserver.Collect(peering.List(context.Background(), hostileClient(t, srv), peering.Filter{PageSize: size}))
			if err != nil {
				t.Fatalf("after %d connections and %d requests: %v", len(ids), srv.ListRequests(), err)
			}
			if d := docserver.Once(ids, want); d != "" {
				t.Error(d)
			}
		})
	}
}

// TestHostileLoopingContent: page numbers are always fresh, so a server
// whose content repeats every 4 pages under a total that never ends (or no
// total at all) must not yield duplicates forever: each connection once,
// then Internal after a bounded number of requests.
func TestHostileLoopingContent(t *testing.T) {
	const period, size = 4, 100
	all := docserver.ItemIDs(connections(0, period*size))
	cases := []struct {
		name   string
		filter peering.Filter
		total  docserver.Total
		want   []string
	}{
		{"no total", peering.Filter{}, docserver.Total{}, all},
		{"a total that never arrives", peering.Filter{}, docserver.Announce(1 << 30), all},
		{"client-side filter matching nothing", peering.Filter{Status: []peering.Status{peering.StatusDeleting}}, docserver.Announce(1 << 30), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			walk := docserver.Walk{Total: tc.total, Items: func(n int) []docserver.Item {
				return connections(((n-1)%period)*size, size)
			}}
			srv := docserver.NewENS(t, docserver.Config{Script: walk, Limit: 64})
			ids, err := docserver.Collect(peering.List(context.Background(), hostileClient(t, srv), tc.filter))
			if peering.Code(err) != peering.Internal {
				t.Errorf("the walk ended with %v after %d requests, want Internal", err, srv.ListRequests())
			}
			if d := docserver.Once(ids, tc.want); d != "" {
				t.Error(d)
			}
			if n, most := srv.ListRequests(), int64(period+maxIdle+2+prefetch); n > most {
				t.Errorf("%d list requests, want at most %d", n, most)
			}
		})
	}
}

// TestHostileTotalCount: the listing goes on while pages come back full,
// whatever TotalCount says; a page shorter than asked on page 1 is a
// server-side cap, not the end; and a total that disagrees with what was
// listed is reported after every connection was yielded.
func TestHostileTotalCount(t *testing.T) {
	twentyFive := connections(0, 25)
	shortInside, shortIDs := pagesOf(docserver.Announce(240), 100, 40, 100)
	cases := []struct {
		name   string
		script docserver.Script
		size   int
		want   []string
		// alsoOK is another acceptable outcome: at a short page inside the
		// total, the walk may stop before or after yielding it.
		alsoOK []string
		code   peering.ErrorCode
	}{
		{"says 5 with 25 there, pages of 10", docserver.Listing{Items: twentyFive, Total: docserver.Announce(5)}, 10,
			docserver.ItemIDs(twentyFive), nil, peering.Internal},
		{"says 5 with 25 there, pages of 100", docserver.Listing{Items: twentyFive, Total: docserver.Announce(5)}, 100,
			docserver.ItemIDs(twentyFive), nil, peering.Internal},
		{"says 100 with 25 there", docserver.Listing{Items: twentyFive, Total: docserver.Announce(100)}, 10,
			docserver.ItemIDs(twentyFive), docserver.ItemIDs(twentyFive[:20]), peering.Internal},
		{"absent with 250", docserver.Listing{Items: connections(0, 250)}, 0,
			docserver.ItemIDs(connections(0, 250)), nil, peering.OK},
		{"capped at 50 while asked 100, 120 there", docserver.Listing{Items: connections(0, 120), TrueTotal: true, Cap: 50}, 100,
			docserver.ItemIDs(connections(0, 120)), nil, peering.OK},
		{"capped at 50 while asked 100, 100 there", docserver.Listing{Items: connections(0, 100), TrueTotal: true, Cap: 50}, 0,
			docserver.ItemIDs(connections(0, 100)), nil, peering.OK},
		{"a short page inside the total", shortInside, 100, shortIDs[:140], shortIDs[:100], peering.Internal},
		{"honest", docserver.Listing{Items: connections(0, 250), TrueTotal: true}, 0,
			docserver.ItemIDs(connections(0, 250)), nil, peering.OK},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := docserver.NewENS(t, docserver.Config{Script: tc.script, Limit: 64})
			ids, err := docserver.Collect(peering.List(context.Background(), hostileClient(t, srv), peering.Filter{PageSize: tc.size}))
			if peering.Code(err) != tc.code {
				t.Errorf("the walk ended with %v after %d connections and %d requests, want %v", err, len(ids), srv.ListRequests(), tc.code)
			}
			d := docserver.Once(ids, tc.want)
			if d != "" && tc.alsoOK != nil && docserver.Once(ids, tc.alsoOK) == "" {
				d = ""
			}
			if d != "" {
				t.Error(d)
			}
		})
	}
}

// TestHostileFarPastTotal: a server that announces 10 connections and
// serves full pages of new ones for ever is stopped with Internal soon
// after the walk has gone far past the total (more than twice the total
// and a couple of pages), every connection yielded once.
func TestHostileFarPastTotal(t *testing.T) {
	const size = 100
	walk := docserver.Walk{Total: docserver.Announce(10), Items: func(n int) []docserver.Item {
		return connections((n-1)*size, size)
	}}
	srv := docserver.NewENS(t, docserver.Config{Script: walk, Limit: 64})
	ids, err := docserver.Collect(peering.List(context.Background(), hostileClient(t, srv), peering.Filter{PageSize: size}))
	if peering.Code(err) != peering.Internal {
		t.Errorf("the walk ended with %v after %d requests, want Internal", err, srv.ListRequests())
	}
	if d := docserver.Once(ids, docserver.ItemIDs(connections(0, len(ids)/size*size))); d != "" || len(ids)%size != 0 {
		t.Errorf("%d yielded, not whole pages from the first: %s", len(ids), d)
	}
	if n, most := srv.ListRequests(), int64(5+prefetch); n > most {
		t.Errorf("%d list requests past an announced total of 10 in pages of %d, want at most %d", n, size, most)
	}
}

// TestHostileCreateLookUp: Create looks the new connection up by its
// network pair when the create's outcome is in doubt (here: the pair is
// said to exist already and the caller gave a ClientToken). Against a
// TotalCount that never arrives, that look-up must stop with an error
// (Internal: its page budget was exceeded) after a bounded number of
// requests, not page until ctx ends.
func TestHostileCreateLookUp(t *testing.T) {
	const size = 100
	// The look-up budget is the adapter's; this bound only says it is
	// small: an ENS network has a handful of connections.
	const most = 100
	cases := []struct {
		name  string
		items func(n int) []docserver.Item
	}{
		{"fresh connections of other pairs", func(n int) []docserver.Item { return connections((n-1)*size, size) }},
		{"the same page again and again", func(int) []docserver.Item { return connections(0, size) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := docserver.NewENS(t, docserver.Config{
				Script:     docserver.Walk{Total: docserver.Announce(1 << 30), Items: tc.items},
				CreateFail: &docserver.APIError{Status: 400, Code: "OperationDenied.NetworkPeerConnectionExists", Message: "The network peer connection already exists."},
				Limit:      most + most/2,
			})
			id, err := hostileClient(t, srv).Create(context.Background(), peering.CreateRequest{
				LocalNetworkID: "n-hostilelocal", PeerNetworkID: "n-hostilepeer", ClientToken: "hostile-create-1",
			})
			if peering.Code(err) != peering.Internal {
				t.Errorf("Create = %q, %v after %d look-up requests; want an Internal error", id, err, srv.ListRequests())
			}
			if n := srv.ListRequests(); n > most {
				t.Errorf("the pair look-up sent %d requests, want at most %d", n, most)
			}
		})
	}
}
