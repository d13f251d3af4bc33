package alibabavpc_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/docserver"
	"github.com/peeringkit/peering/internal/peeringtest"
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
	cases := []peeringtest.RouteCase{
		peeringtest.Case("honest", docserver.RouteConfig{Page: honest}, 1, ids, peering.OK),
		peeringtest.Case("capped below the size asked", docserver.RouteConfig{Page: docserver.RouteTokens(all, 7)}, 1, ids, peering.OK),
		peeringtest.Case("the token it was asked with, every time", docserver.RouteConfig{Page: func(r docserver.RouteRequest) docserver.RoutePage {
			return docserver.RoutePage{Routes: all[:100], Next: "same"}
		}}, 2, nil, peering.Internal),
		peeringtest.Case("a token that comes back later", docserver.RouteConfig{Page: func(r docserver.RouteRequest) docserver.RoutePage {
			next := map[string]string{"": "t1", "t1": "t2", "t2": "t1"}[r.Token]
			return docserver.RoutePage{Routes: all[r.N*10 : r.N*10+10], Next: next}
		}}, 1, nil, peering.Internal),
		peeringtest.Case("pages that repeat routes", docserver.RouteConfig{Page: func(r docserver.RouteRequest) docserver.RoutePage {
			// Each page starts with the last five of the one before.
			p := honest(r)
			if r.Token != "" {
				i := 100 * (r.N - 1)
				p.Routes = append(append([]docserver.Route{}, all[i-5:i]...), p.Routes...)
			}
			return p
		}}, 1, ids, peering.OK),
		peeringtest.Case("an empty page with a token, then the rest", docserver.RouteConfig{Page: func(r docserver.RouteRequest) docserver.RoutePage {
			if r.N == 2 {
				return docserver.RoutePage{Next: "x-" + r.Token}
			}
			r.Token = strings.TrimPrefix(r.Token, "x-")
			return honest(r)
		}}, 1, ids, peering.OK),
		peeringtest.Case("empty pages with fresh tokens, for ever", docserver.RouteConfig{Page: func(r docserver.RouteRequest) docserver.RoutePage {
			return docserver.RoutePage{Next: "empty-" + string(rune('a'+r.N%26)) + string(rune('a'+r.N/26%26)) + string(rune('a'+r.N/676%26))}
		}}, 1, nil, peering.Internal),
		peeringtest.Case("more tables announced than served", docserver.RouteConfig{Page: honest, TablesTotal: docserver.Announce(3)}, 1, nil, peering.Internal),
	}
	cases = append(cases, peeringtest.RouteFaults(honest, ids, throttled, unavailable)...)
	peeringtest.RunRouteCases(t, cases, func(t *testing.T, c peeringtest.RouteCase) ([]peering.RouteTable, int, error) {
		srv := docserver.NewVpcPeer(t, docserver.Config{Routes: c.Routes, Limit: 400})
		tables, err := routeClient(t, srv, c.Attempts).RouteTables(context.Background(), routeVPC)
		return tables, srv.RouteRequests(), err
	})
}

// TestHostileRouteRecords: routes the adapter cannot fully read are kept
// and say what was not read; none is dropped or made up.
func TestHostileRouteRecords(t *testing.T) {
	routes := docserver.OddRoutes("local", "VpcPeer", vpcHop)
	srv := docserver.NewVpcPeer(t, docserver.Config{Routes: docserver.RouteConfig{Page: docserver.RouteTokens(routes, 100)}})
	tables, err := routeClient(t, srv, 1).RouteTables(context.Background(), routeVPC)
	if err != nil {
		t.Fatal(err)
	}
	peeringtest.CheckOddRoutes(t, tables, vpcHop, 0)
}
