package alibabavpc_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/docserver"
)

// Hostile cases against the page-at-a-time contract: ListPage returns raw
// pages with the announced Total, and peering.Paginator keeps List's
// guarantees one page at a time.

// TestHostileListPageIsRaw: ListPage applies only what the API filters
// (Status is not among it), sends one request, and reports TotalCount.
func TestHostileListPageIsRaw(t *testing.T) {
	items := connections(0, 950)
	items = append(items, docserver.Item{ID: docserver.VpcPeerID(950), Status: "Rejected"})
	srv := docserver.NewVpcPeer(t, docserver.Config{Script: docserver.Listing{Items: items, TrueTotal: true}, Limit: 64})
	page, err := hostileClient(t, srv).ListPage(context.Background(),
		peering.Filter{Status: []peering.Status{peering.StatusRejected}, PageSize: 100}, "")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range page.Connections {
		ids = append(ids, c.ID)
	}
	if d := docserver.Once(ids, docserver.ItemIDs(items[:100])); d != "" {
		t.Errorf("ListPage is not the raw page: %s", d)
	}
	// TotalCount is "the number of entries returned" in the document,
	// perhaps of the page: it is not announced as the listing's total.
	if page.Total != 0 || page.Next == "" {
		t.Errorf("Total %d, Next %q; want 0 and a token", page.Total, page.Next)
	}
	if n := srv.ListRequests(); n != 1 {
		t.Errorf("ListPage sent %d requests, want 1", n)
	}
}

// TestHostilePaginator runs the listing cases through a Paginator.
func TestHostilePaginator(t *testing.T) {
	items := connections(0, 950)
	items = append(items, docserver.Item{ID: docserver.VpcPeerID(950), Status: "Rejected"})
	d := docserver.IDs(docserver.VpcPeerID, 1, 5)
	farApart := docserver.Pages{}
	for i, id := range []string{d[0], d[1], d[2], d[3], d[0], d[4]} {
		p := docserver.Page{Items: docserver.Active(id)}
		if i < 5 {
			p.Next = fmt.Sprintf("token-%d", i+1)
		}
		farApart = append(farApart, p)
	}
	repeated := docserver.Pages{
		{Items: docserver.Active(d[0]), Next: "A"},
		{Items: docserver.Active(d[1]), Next: "B"},
		{Items: docserver.Active(d[2]), Next: "C"},
		{Items: docserver.Active(d[3]), Next: "A"},
	}
	cases := []struct {
		name     string
		script   docserver.Script
		filter   peering.Filter
		want     []string
		code     peering.ErrorCode
		requests int64
	}{
		{"client-side filter", docserver.Listing{Items: items, TrueTotal: true},
			peering.Filter{Status: []peering.Status{peering.StatusRejected}, PageSize: 100}, []string{items[950].ID}, peering.OK, 10},
		{"duplicates far apart", farApart, peering.Filter{PageSize: 1}, d, peering.OK, 6},
		{"repeated token", repeated, peering.Filter{PageSize: 1}, d[:4], peering.Internal, 5},
		{"fresh tokens over looping content", loop(4, 10, docserver.Total{}), peering.Filter{PageSize: 10},
			docserver.ItemIDs(connections(0, 40)), peering.Internal, 4 + maxIdle + 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := docserver.NewVpcPeer(t, docserver.Config{Script: tc.script, Limit: 64})
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
