package baidu_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/docserver"
)

// Hostile cases against the page-at-a-time contract: peering.Paginator
// keeps List's guarantees one page at a time, and ListPage announces no
// Total (Baidu's list has no count).

// TestHostileListPageHasNoTotal: the list API announces no count.
func TestHostileListPageHasNoTotal(t *testing.T) {
	srv := docserver.NewBaidu(t, docserver.Config{Script: docserver.Listing{Items: connections(0, 30)}})
	page, err := hostileClient(t, srv).ListPage(context.Background(), peering.Filter{PageSize: 10}, "")
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 0 || len(page.Connections) != 10 || page.Next == "" {
		t.Errorf("Total %d, %d connections, Next %q; want 0, 10 and a token", page.Total, len(page.Connections), page.Next)
	}
}

// TestHostilePaginator runs the listing cases through a Paginator.
func TestHostilePaginator(t *testing.T) {
	items := connections(0, 950)
	items = append(items, docserver.Item{ID: docserver.BaiduID(950), Status: "consult_failed"})
	d := docserver.IDs(docserver.BaiduID, 1, 5)
	farApart := docserver.Pages{}
	for i, id := range []string{d[0], d[1], d[2], d[3], d[0], d[4]} {
		p := docserver.Page{Items: docserver.Active(id)}
		if i < 5 {
			p.Next = fmt.Sprintf("marker-%d", i+1)
		}
		farApart = append(farApart, p)
	}
	repeated := docserver.Pages{
		{Items: docserver.Active(d[0]), Next: "A"},
		{Items: docserver.Active(d[1]), Next: "B"},
		{Items: docserver.Active(d[2]), Next: "C"},
		{Items: docserver.Active(d[3]), Next: "A"},
	}
	rejected := []peering.Status{peering.StatusRejected}
	cases := []struct {
		name     string
		script   docserver.Script
		filter   peering.Filter
		want     []string
		code     peering.ErrorCode
		requests int64
	}{
		{"client-side filter", docserver.Listing{Items: items}, peering.Filter{Status: rejected, PageSize: 100},
			[]string{items[950].ID}, peering.OK, 10},
		{"duplicates far apart", farApart, peering.Filter{PageSize: 1}, d, peering.OK, 6},
		{"repeated marker", repeated, peering.Filter{PageSize: 1}, d[:4], peering.Internal, 5},
		{"fresh markers over looping content", loop(4, 10), peering.Filter{PageSize: 10},
			docserver.ItemIDs(connections(0, 40)), peering.Internal, 4 + maxIdle + 2},
		{"fresh markers over looping content, filtered", loop(4, 10), peering.Filter{Status: rejected, PageSize: 10},
			nil, peering.Internal, 4 + maxIdle + 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := docserver.NewBaidu(t, docserver.Config{Script: tc.script, Limit: 64})
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
