package alibabaens_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/docserver"
	"github.com/peeringkit/peering/internal/peeringtest"
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
	cases := []peeringtest.RouteCase{
		peeringtest.Case("honest", docserver.RouteConfig{Page: honest}, 1, ids, peering.OK),
		peeringtest.Case("no total", docserver.RouteConfig{Page: func(r docserver.RouteRequest) docserver.RoutePage {
			p := honest(r)
			p.Total = docserver.Total{}
			return p
		}}, 1, ids, peering.OK),
		peeringtest.Case("a total below the truth", docserver.RouteConfig{Page: docserver.RouteNumbers(all, docserver.Announce(fewerRoutes))}, 1, nil, peering.Internal),
		peeringtest.Case("a total above the truth", docserver.RouteConfig{Page: docserver.RouteNumbers(all, docserver.Announce(400))}, 1, nil, peering.Internal),
		peeringtest.Case("pages that repeat routes", docserver.RouteConfig{Page: func(r docserver.RouteRequest) docserver.RoutePage {
			// Each page but the first starts with the last five of the one
			// before, as a route added before the walk's position moves
			// every later one down.
			p := honest(r)
			if i := (r.Number - 1) * r.Size; i > 0 {
				p.Routes = append(append([]docserver.Route{}, all[i-5:i]...), p.Routes[:len(p.Routes)-min(5, len(p.Routes))]...)
			}
			return p
		}}, 1, nil, peering.Internal),
		peeringtest.Case("the same full page for ever", docserver.RouteConfig{Page: func(r docserver.RouteRequest) docserver.RoutePage {
			return docserver.RoutePage{Routes: all[:routeSize], Total: docserver.Announce(manyRoutes)}
		}}, 1, nil, peering.Internal),
		peeringtest.Case("full pages of new routes past the total, for ever", docserver.RouteConfig{Page: func(r docserver.RouteRequest) docserver.RoutePage {
			return docserver.RoutePage{Routes: docserver.PeerRoutes((r.Number-1)*routeSize, routeSize, "NetworkPeer", ensHop), Total: docserver.Announce(10)}
		}}, 1, nil, peering.Internal),
		peeringtest.Case("more tables announced than served", docserver.RouteConfig{Page: honest, TablesTotal: docserver.Announce(3)}, 1, nil, peering.Internal),
	}
	cases = append(cases, peeringtest.RouteFaults(honest, ids, throttled, unavailable)...)
	peeringtest.RunRouteCases(t, cases, func(t *testing.T, c peeringtest.RouteCase) ([]peering.RouteTable, int, error) {
		srv := docserver.NewENS(t, docserver.Config{Routes: c.Routes, Limit: 400})
		tables, err := routeClient(t, srv, c.Attempts).RouteTables(context.Background(), routeNet)
		return tables, srv.RouteRequests(), err
	})
}

// TestHostileRouteRecords: routes the adapter cannot fully read are kept
// and say what was not read; none is dropped or made up.
func TestHostileRouteRecords(t *testing.T) {
	routes := docserver.OddRoutes("local", "NetworkPeer", ensHop)
	srv := docserver.NewENS(t, docserver.Config{Routes: docserver.RouteConfig{Page: docserver.RouteNumbers(routes, docserver.Total{})}})
	tables, err := routeClient(t, srv, 1).RouteTables(context.Background(), routeNet)
	if err != nil {
		t.Fatal(err)
	}
	peeringtest.CheckOddRoutes(t, tables, ensHop, 0)
}
