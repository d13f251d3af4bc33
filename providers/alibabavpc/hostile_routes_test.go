package alibabavpc_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/docserver"
	"github.com/peeringkit/peering/providers/alibabavpc"
)

// Hostile route reads: the DescribeRouteTableList and DescribeRouteEntryList
// documents' answers (internal/docserver), scripted to page, fail and lie,
// against RouteTables. Each case ends with every route once, or with the
// code that says the answer could not be trusted; never a short or
// repeated table.

const (
	vpcHop   = "pcc-v000000000000000000001"
	routeVPC = "vpc-bp1gsk7h12ew7oegkdoc1"
)

var (
	throttled   = &docserver.APIError{Status: http.StatusBadRequest, Code: "Throttling.User", Message: "Request was denied due to user flow control."}
	unavailable = &docserver.APIError{Status: http.StatusServiceUnavailable, Code: "ServiceUnavailable", Message: "The request has failed due to a temporary failure of the server."}
)

// routeClient returns an adapter for srv that tries each call attempts
// times.
func routeClient(t *testing.T, srv *docserver.VpcPeer, attempts int) *alibabavpc.Client {
	t.Helper()
	c, err := alibabavpc.New(alibabavpc.Options{
		Credentials:    alibabavpc.Credentials{AccessKeyID: "docserver-ak", AccessKeySecret: "docserver-secret"},
		Region:         docserver.VpcPeerRegion,
		Endpoint:       srv.URL(),
		CallsPerMinute: -1,
		MaxAttempts:    attempts,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestHostileRoutePages: NextToken pages of routes, honest and not.
func TestHostileRoutePages(t *testing.T) {
	all := docserver.PeerRoutes(0, 250, "VpcPeer", vpcHop)
	ids := docserver.RouteIDs(all)
	honest := docserver.RouteTokens(all, 100)
	cases := []struct {
		name     string
		routes   docserver.RouteConfig
		attempts int
		want     []string // the routes read, each once, when code is OK
		code     peering.ErrorCode
	}{
		{"honest", docserver.RouteConfig{Page: honest}, 1, ids, peering.OK},
		{"capped below the size asked", docserver.RouteConfig{Page: docserver.RouteTokens(all, 7)}, 1, ids, peering.OK},
		{"the token it was asked with, every time", docserver.RouteConfig{Page: func(r docserver.RouteRequest) docserver.RoutePage {
			return docserver.RoutePage{Routes: all[:100], Next: "same"}
		}}, 2, nil, peering.Internal},
		{"a token that comes back later", docserver.RouteConfig{Page: func(r docserver.RouteRequest) docserver.RoutePage {
			next := map[string]string{"": "t1", "t1": "t2", "t2": "t1"}[r.Token]
			return docserver.RoutePage{Routes: all[r.N*10 : r.N*10+10], Next: next}
		}}, 1, nil, peering.Internal},
		{"pages that repeat routes", docserver.RouteConfig{Page: func(r docserver.RouteRequest) docserver.RoutePage {
			// Each page starts with the last five of the one before.
			p := honest(r)
			if r.Token != "" {
				i := 100 * (r.N - 1)
				p.Routes = append(append([]docserver.Route{}, all[i-5:i]...), p.Routes...)
			}
			return p
		}}, 1, ids, peering.OK},
		{"an empty page with a token, then the rest", docserver.RouteConfig{Page: func(r docserver.RouteRequest) docserver.RoutePage {
			if r.N == 2 {
				return docserver.RoutePage{Next: "x-" + r.Token}
			}
			r.Token = strings.TrimPrefix(r.Token, "x-")
			return honest(r)
		}}, 1, ids, peering.OK},
		{"empty pages with fresh tokens, for ever", docserver.RouteConfig{Page: func(r docserver.RouteRequest) docserver.RoutePage {
			return docserver.RoutePage{Next: "empty-" + string(rune('a'+r.N%26)) + string(rune('a'+r.N/26%26)) + string(rune('a'+r.N/676%26))}
		}}, 1, nil, peering.Internal},
		{"a body cut short, then whole", docserver.RouteConfig{Page: docserver.FailFirst(1, nil, honest)}, 2, ids, peering.OK},
		{"bodies cut short on every attempt", docserver.RouteConfig{Page: docserver.FailFirst(1000, nil, honest)}, 2, nil, peering.Unavailable},
		{"throttled, then served", docserver.RouteConfig{Page: docserver.FailFirst(2, throttled, honest)}, 3, ids, peering.OK},
		{"503, then served", docserver.RouteConfig{Page: docserver.FailFirst(1, unavailable, honest)}, 2, ids, peering.OK},
		{"503 on every attempt", docserver.RouteConfig{Page: docserver.FailFirst(1000, unavailable, honest)}, 2, nil, peering.Unavailable},
		{"more tables announced than served", docserver.RouteConfig{Page: honest, TablesTotal: docserver.Announce(3)}, 1, nil, peering.Internal},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := docserver.NewVpcPeer(t, docserver.Config{Routes: tc.routes, Limit: 400})
			tables, err := routeClient(t, srv, tc.attempts).RouteTables(context.Background(), routeVPC)
			if got := peering.Code(err); got != tc.code {
				t.Fatalf("RouteTables ended with %v after %d route requests, want %v", err, srv.RouteRequests(), tc.code)
			}
			if err != nil {
				if tables != nil {
					t.Errorf("RouteTables returned %d tables with its error", len(tables))
				}
				return
			}
			if len(tables) != 1 || tables[0].ID != docserver.RouteTableID {
				t.Fatalf("tables %+v, want %s alone", tables, docserver.RouteTableID)
			}
			var got []string
			for _, r := range tables[0].Routes {
				got = append(got, r.ID)
			}
			if d := docserver.Once(got, tc.want); d != "" {
				t.Error(d)
			}
		})
	}
}

// TestHostileRouteRecords: routes the adapter cannot fully read are kept
// and say what was not read; none is dropped or made up.
func TestHostileRouteRecords(t *testing.T) {
	routes := []docserver.Route{
		{ID: "rte-system", Destination: "192.168.0.0/24", NextHopType: "local", System: true},
		{ID: "rte-peer", Destination: "10.0.0.0/16", NextHopType: "VpcPeer", NextHopID: vpcHop},
		{ID: "rte-unknown-hop", Destination: "10.1.0.0/16", NextHopType: "QuantumTunnel", NextHopID: "qt-1"},
		{ID: "rte-bad-cidr", Destination: "10.2.0.0/33", NextHopType: "VpcPeer", NextHopID: vpcHop},
		{ID: "rte-not-a-block", Destination: "ten-dot-three", NextHopType: "VpcPeer", NextHopID: vpcHop},
	}
	srv := docserver.NewVpcPeer(t, docserver.Config{Routes: docserver.RouteConfig{Page: docserver.RouteTokens(routes, 100)}})
	tables, err := routeClient(t, srv, 1).RouteTables(context.Background(), routeVPC)
	if err != nil {
		t.Fatal(err)
	}
	checkOddRoutes(t, tables, "rte-system", "rte-peer", "rte-unknown-hop", "rte-bad-cidr", "rte-not-a-block")
}

// checkOddRoutes checks the routes of TestHostileRouteRecords as read.
func checkOddRoutes(t *testing.T, tables []peering.RouteTable, system, peer, unknown string, bad ...string) {
	t.Helper()
	if len(tables) != 1 {
		t.Fatalf("%d tables, want 1", len(tables))
	}
	byID := map[string]peering.Route{}
	for _, r := range tables[0].Routes {
		byID[r.ID] = r
	}
	if len(byID) != 3+len(bad) {
		t.Errorf("%d routes read, want %d: %+v", len(byID), 3+len(bad), tables[0].Routes)
	}
	if r := byID[system]; r.NextHop != peering.NextHopLocal || !r.System {
		t.Errorf("the system route reads as %+v", r)
	}
	if r := byID[peer]; r.NextHop != peering.NextHopPeering || r.NextHopID != vpcHop || !r.Destination.IsValid() {
		t.Errorf("the route through the peering reads as %+v", r)
	}
	if r := byID[unknown]; r.NextHop != peering.NextHopOther || r.NextHopType != "QuantumTunnel" || r.NextHopID != "qt-1" {
		t.Errorf("the route with an unknown next hop reads as %+v; want NextHopOther with the type and ID kept", r)
	}
	for _, id := range bad {
		r := byID[id]
		if r.Destination.IsValid() || r.Attributes[peering.UnparsedAttribute] == "" || r.NextHop != peering.NextHopPeering {
			t.Errorf("route %s with a destination that is no block reads as %+v; want it kept, Destination invalid, Attributes[%s] saying so",
				id, r, peering.UnparsedAttribute)
		}
	}
}
