package baidu_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/docserver"
	"github.com/peeringkit/peering/providers/baidu"
)

// Hostile route reads: GET /v1/route as the route table document answers
// it (internal/docserver: one answer with every rule, no pages), scripted
// to fail and to carry rules the adapter cannot fully read, against
// RouteTables. Each case ends with every rule once, or with the code that
// says the answer could not be trusted.

// docIf is the interface the docserver's peering records have on their
// local VPC: a rule through the peering names it as its next hop.
const docIf = "qpif-ken2yc9j8x56"

var (
	routeThrottled   = &docserver.APIError{Status: http.StatusTooManyRequests, Code: "RequestRateLimitExceeded", Message: "Request rate limit exceeded."}
	routeUnavailable = &docserver.APIError{Status: http.StatusServiceUnavailable, Code: "ServiceUnavailable", Message: "Service is temporarily routeUnavailable."}
)

// routeServer serves the VPC BaiduLocalVPC with one peering, BaiduID(1),
// whose interface there is docIf, and its route rules as page says.
func routeServer(t *testing.T, page func(docserver.RouteRequest) docserver.RoutePage) *docserver.Baidu {
	return docserver.NewBaidu(t, docserver.Config{
		Script: docserver.Listing{Items: docserver.Active(docserver.BaiduID(1))},
		Routes: docserver.RouteConfig{Page: page},
		Limit:  100,
	})
}

func routeClient(t *testing.T, srv *docserver.Baidu, attempts int) *baidu.Client {
	t.Helper()
	c, err := baidu.New(baidu.Options{
		Credentials: baidu.Credentials{AccessKeyID: "docserver-ak", SecretAccessKey: "docserver-secret"},
		Region:      docserver.BaiduRegion,
		Endpoint:    srv.URL(),
		MaxAttempts: attempts,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestHostileRouteAnswers: the one answer fails, is cut short or repeats a
// rule.
func TestHostileRouteAnswers(t *testing.T) {
	rules := append([]docserver.Route{{ID: "rr-system", Destination: "192.168.0.0/16", NextHopType: "sys", NextHopID: "local", System: true}},
		docserver.PeerRoutes(0, 40, "peerConn", docIf)...)
	ids := docserver.RouteIDs(rules)
	honest := func(docserver.RouteRequest) docserver.RoutePage { return docserver.RoutePage{Routes: rules} }
	cases := []struct {
		name     string
		page     func(docserver.RouteRequest) docserver.RoutePage
		attempts int
		code     peering.ErrorCode
	}{
		{"honest", honest, 1, peering.OK},
		{"a body cut short, then whole", docserver.FailFirst(1, nil, honest), 2, peering.OK},
		{"bodies cut short on every attempt", docserver.FailFirst(1000, nil, honest), 2, peering.Unavailable},
		{"routeThrottled, then served", docserver.FailFirst(2, routeThrottled, honest), 3, peering.OK},
		{"routeThrottled on every attempt", docserver.FailFirst(1000, routeThrottled, honest), 2, peering.ResourceExhausted},
		{"503, then served", docserver.FailFirst(1, routeUnavailable, honest), 2, peering.OK},
		{"503 on every attempt", docserver.FailFirst(1000, routeUnavailable, honest), 2, peering.Unavailable},
		{"a rule twice", func(docserver.RouteRequest) docserver.RoutePage {
			return docserver.RoutePage{Routes: append(append([]docserver.Route{}, rules...), rules[3])}
		}, 1, peering.Internal},
		{"a rule without an ID", func(docserver.RouteRequest) docserver.RoutePage {
			return docserver.RoutePage{Routes: append(append([]docserver.Route{}, rules...), docserver.Route{Destination: "10.9.0.0/16", NextHopType: "peerConn", NextHopID: docIf})}
		}, 1, peering.Internal},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := routeServer(t, tc.page)
			tables, err := routeClient(t, srv, tc.attempts).RouteTables(context.Background(), docserver.BaiduLocalVPC)
			if got := peering.Code(err); got != tc.code {
				t.Fatalf("RouteTables ended with %v after %d route requests, want %v", err, srv.RouteRequests(), tc.code)
			}
			if err != nil {
				if tables != nil {
					t.Errorf("RouteTables returned %d tables with its error", len(tables))
				}
				return
			}
			if len(tables) != 1 {
				t.Fatalf("%d tables, want 1", len(tables))
			}
			var got []string
			for _, r := range tables[0].Routes {
				got = append(got, r.ID)
				if r.NextHop == peering.NextHopPeering && r.NextHopID != docserver.BaiduID(1) {
					t.Errorf("rule %s through %s reads as through %q, want %s", r.ID, docIf, r.NextHopID, docserver.BaiduID(1))
				}
			}
			if d := docserver.Once(got, ids); d != "" {
				t.Error(d)
			}
		})
	}
}

// TestHostileRouteRules: rules the adapter cannot fully read are kept and
// say what was not read; none is dropped or made up.
func TestHostileRouteRules(t *testing.T) {
	rules := []docserver.Route{
		{ID: "rr-system", Destination: "192.168.0.0/16", NextHopType: "sys", NextHopID: "local", System: true},
		{ID: "rr-peer", Destination: "10.0.0.0/16", NextHopType: "peerConn", NextHopID: docIf},
		{ID: "rr-unknown-hop", Destination: "10.1.0.0/16", NextHopType: "quantumTunnel", NextHopID: "qt-1"},
		{ID: "rr-bad-cidr", Destination: "10.2.0.0/33", NextHopType: "peerConn", NextHopID: docIf},
		{ID: "rr-not-a-block", Destination: "ten-dot-three", NextHopType: "peerConn", NextHopID: docIf},
		{ID: "rr-gone-peering", Destination: "10.4.0.0/16", NextHopType: "peerConn", NextHopID: "qpif-nolongerhere"},
	}
	srv := routeServer(t, func(docserver.RouteRequest) docserver.RoutePage { return docserver.RoutePage{Routes: rules} })
	tables, err := routeClient(t, srv, 1).RouteTables(context.Background(), docserver.BaiduLocalVPC)
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
	if len(byID) != len(rules) {
		t.Errorf("%d rules read, want %d: %+v", len(byID), len(rules), tables[0].Routes)
	}
	if r := byID["rr-system"]; r.NextHop != peering.NextHopLocal || !r.System {
		t.Errorf("the system rule reads as %+v", r)
	}
	if r := byID["rr-peer"]; r.NextHop != peering.NextHopPeering || r.NextHopID != docserver.BaiduID(1) || !r.Destination.IsValid() {
		t.Errorf("the rule through the peering reads as %+v", r)
	}
	if r := byID["rr-unknown-hop"]; r.NextHop != peering.NextHopOther || r.NextHopType != "quantumTunnel" || r.NextHopID != "qt-1" ||
		r.Attributes[peering.UnparsedAttribute] == "" {
		t.Errorf("the rule with an unknown next hop reads as %+v; want NextHopOther with the type and ID kept, and saying so", r)
	}
	for _, id := range []string{"rr-bad-cidr", "rr-not-a-block"} {
		r := byID[id]
		if r.Destination.IsValid() || r.Attributes[peering.UnparsedAttribute] == "" || r.NextHop != peering.NextHopPeering {
			t.Errorf("rule %s with a destination that is no block reads as %+v; want it kept, Destination invalid, Attributes[%s] saying so",
				id, r, peering.UnparsedAttribute)
		}
	}
	if r := byID["rr-gone-peering"]; r.NextHop != peering.NextHopPeering || r.NextHopID != "" || r.Attributes[baidu.AttrNexthopInterface] != "qpif-nolongerhere" {
		t.Errorf("the rule through an interface no peering has reads as %+v; want NextHopPeering, no NextHopID, the interface kept", r)
	}
}
