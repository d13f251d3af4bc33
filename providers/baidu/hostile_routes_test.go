package baidu_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/docserver"
	"github.com/peeringkit/peering/internal/peeringtest"
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
	page := func(p func(docserver.RouteRequest) docserver.RoutePage) docserver.RouteConfig {
		return docserver.RouteConfig{Page: p}
	}
	cases := append(peeringtest.RouteFaults(honest, ids, routeThrottled, routeUnavailable),
		peeringtest.Case("honest", page(honest), 1, ids, peering.OK),
		peeringtest.Case("a rule twice", page(func(docserver.RouteRequest) docserver.RoutePage {
			return docserver.RoutePage{Routes: append(append([]docserver.Route{}, rules...), rules[3])}
		}), 1, nil, peering.Internal),
		peeringtest.Case("a rule without an ID", page(func(docserver.RouteRequest) docserver.RoutePage {
			return docserver.RoutePage{Routes: append(append([]docserver.Route{}, rules...), docserver.Route{Destination: "10.9.0.0/16", NextHopType: "peerConn", NextHopID: docIf})}
		}), 1, nil, peering.Internal),
	)
	peeringtest.RunRouteCases(t, cases, func(t *testing.T, c peeringtest.RouteCase) ([]peering.RouteTable, int, error) {
		srv := routeServer(t, c.Routes.Page)
		tables, err := routeClient(t, srv, c.Attempts).RouteTables(context.Background(), docserver.BaiduLocalVPC)
		for _, tb := range tables {
			for _, r := range tb.Routes {
				if r.NextHop == peering.NextHopPeering && r.NextHopID != docserver.BaiduID(1) {
					t.Errorf("rule %s through %s reads as through %q, want %s", r.ID, docIf, r.NextHopID, docserver.BaiduID(1))
				}
			}
		}
		return tables, srv.RouteRequests(), err
	})
}

// TestHostileRouteRules: rules the adapter cannot fully read are kept and
// say what was not read; none is dropped or made up. A rule through an
// interface no peering of the VPC has (a deleted peering's) is kept
// through no connection.
func TestHostileRouteRules(t *testing.T) {
	const gone = "rr-gone-peering"
	rules := append(docserver.OddRoutes("sys", "peerConn", docIf),
		docserver.Route{ID: gone, Destination: "10.4.0.0/16", NextHopType: "peerConn", NextHopID: "qpif-nolongerhere"})
	srv := routeServer(t, func(docserver.RouteRequest) docserver.RoutePage { return docserver.RoutePage{Routes: rules} })
	tables, err := routeClient(t, srv, 1).RouteTables(context.Background(), docserver.BaiduLocalVPC)
	if err != nil {
		t.Fatal(err)
	}
	byID := peeringtest.CheckOddRoutes(t, tables, docserver.BaiduID(1), 1)
	if r := byID[docserver.OddUnknownHop]; r.Attributes[peering.UnparsedAttribute] == "" {
		t.Errorf("the rule with an unknown next hop does not say it was not read: %+v", r)
	}
	if r := byID[gone]; r.NextHop != peering.NextHopPeering || r.NextHopID != "" || r.Attributes[baidu.AttrNexthopInterface] != "qpif-nolongerhere" {
		t.Errorf("the rule through an interface no peering has reads as %+v; want NextHopPeering, no NextHopID, the interface kept", r)
	}
}
