package alibabaens_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/docserver"
	"github.com/peeringkit/peering/providers/alibabaens"
)

// Hostile route reads: the DescribeEnsRouteTables and
// DescribeEnsRouteEntryList documents' answers (internal/docserver),
// scripted to page, fail and lie, against RouteTables. Each case ends with
// every route once, or with the code that says the answer could not be
// trusted; never a short or repeated table.

const (
	ensHop      = "pcc-e000000000000000000001"
	routeNet    = "n-5q73bmdoc01"
	routeSize   = 100 // the adapter's page size (DescribeEnsRouteEntryList's maximum)
	manyRoutes  = 250
	fewerRoutes = 50
)

var (
	throttled   = &docserver.APIError{Status: http.StatusBadRequest, Code: "Throttling.User", Message: "Request was denied due to user flow control."}
	unavailable = &docserver.APIError{Status: http.StatusServiceUnavailable, Code: "ServiceUnavailable", Message: "The request has failed due to a temporary failure of the server."}
)

// routeClient returns an adapter for srv that tries each call attempts
// times.
func routeClient(t *testing.T, srv *docserver.ENS, attempts int) *alibabaens.Client {
	t.Helper()
	c, err := alibabaens.New(alibabaens.Options{
		Credentials: alibabaens.Credentials{AccessKeyID: "docserver-ak", AccessKeySecret: "docserver-secret"},
		Endpoint:    srv.URL(),
		MaxAttempts: attempts,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestHostileRoutePages: numbered pages of routes, honest and not.
func TestHostileRoutePages(t *testing.T) {
	all := docserver.PeerRoutes(0, manyRoutes, "NetworkPeer", ensHop)
	ids := docserver.RouteIDs(all)
	honest := docserver.RouteNumbers(all, docserver.Total{})
	cases := []struct {
		name     string
		routes   docserver.RouteConfig
		attempts int
		want     []string // the routes read, each once, when code is OK
		code     peering.ErrorCode
	}{
		{"honest", docserver.RouteConfig{Page: honest}, 1, ids, peering.OK},
		{"no total", docserver.RouteConfig{Page: func(r docserver.RouteRequest) docserver.RoutePage {
			p := honest(r)
			p.Total = docserver.Total{}
			return p
		}}, 1, ids, peering.OK},
		{"a total below the truth", docserver.RouteConfig{Page: docserver.RouteNumbers(all, docserver.Announce(fewerRoutes))}, 1, nil, peering.Internal},
		{"a total above the truth", docserver.RouteConfig{Page: docserver.RouteNumbers(all, docserver.Announce(400))}, 1, nil, peering.Internal},
		{"pages that repeat routes", docserver.RouteConfig{Page: func(r docserver.RouteRequest) docserver.RoutePage {
			// Each page but the first starts with the last five of the one
			// before, as a route added before the walk's position moves
			// every later one down.
			p := honest(r)
			if i := (r.Number - 1) * r.Size; i > 0 {
				p.Routes = append(append([]docserver.Route{}, all[i-5:i]...), p.Routes[:len(p.Routes)-min(5, len(p.Routes))]...)
			}
			return p
		}}, 1, nil, peering.Internal},
		{"the same full page for ever", docserver.RouteConfig{Page: func(r docserver.RouteRequest) docserver.RoutePage {
			return docserver.RoutePage{Routes: all[:routeSize], Total: docserver.Announce(manyRoutes)}
		}}, 1, nil, peering.Internal},
		{"full pages of new routes past the total, for ever", docserver.RouteConfig{Page: func(r docserver.RouteRequest) docserver.RoutePage {
			return docserver.RoutePage{Routes: docserver.PeerRoutes((r.Number-1)*routeSize, routeSize, "NetworkPeer", ensHop), Total: docserver.Announce(10)}
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
			srv := docserver.NewENS(t, docserver.Config{Routes: tc.routes, Limit: 400})
			tables, err := routeClient(t, srv, tc.attempts).RouteTables(context.Background(), routeNet)
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
		{ID: "rte-system", Destination: "10.0.0.0/24", NextHopType: "local", System: true},
		{ID: "rte-peer", Destination: "192.168.0.0/16", NextHopType: "NetworkPeer", NextHopID: ensHop},
		{ID: "rte-unknown-hop", Destination: "10.1.0.0/16", NextHopType: "QuantumTunnel", NextHopID: "qt-1"},
		{ID: "rte-bad-cidr", Destination: "10.2.0.0/33", NextHopType: "NetworkPeer", NextHopID: ensHop},
		{ID: "rte-not-a-block", Destination: "ten-dot-three", NextHopType: "NetworkPeer", NextHopID: ensHop},
	}
	srv := docserver.NewENS(t, docserver.Config{Routes: docserver.RouteConfig{Page: docserver.RouteNumbers(routes, docserver.Total{})}})
	tables, err := routeClient(t, srv, 1).RouteTables(context.Background(), routeNet)
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) != 1 {
		t.Fatalf("%d tables, want 1", len(tables))
	}
	byID := map[string]peering.Route{}
	for _, r := range tables[0].Routes {
		byID[r.ID] = r
	}
	if len(byID) != len(routes) {
		t.Errorf("%d routes read, want %d: %+v", len(byID), len(routes), tables[0].Routes)
	}
	if r := byID["rte-system"]; r.NextHop != peering.NextHopLocal || !r.System {
		t.Errorf("the system route reads as %+v", r)
	}
	if r := byID["rte-peer"]; r.NextHop != peering.NextHopPeering || r.NextHopID != ensHop || !r.Destination.IsValid() {
		t.Errorf("the route through the peering reads as %+v", r)
	}
	if r := byID["rte-unknown-hop"]; r.NextHop != peering.NextHopOther || r.NextHopType != "QuantumTunnel" || r.NextHopID != "qt-1" {
		t.Errorf("the route with an unknown next hop reads as %+v; want NextHopOther with the type and ID kept", r)
	}
	for _, id := range []string{"rte-bad-cidr", "rte-not-a-block"} {
		r := byID[id]
		if r.Destination.IsValid() || r.Attributes[peering.UnparsedAttribute] == "" || r.NextHop != peering.NextHopPeering {
			t.Errorf("route %s with a destination that is no block reads as %+v; want it kept, Destination invalid, Attributes[%s] saying so",
				id, r, peering.UnparsedAttribute)
		}
	}
}
