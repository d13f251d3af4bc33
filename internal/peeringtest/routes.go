package peeringtest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/internal/docserver"
)

// settleTime is how long of emulated time every provider's new
// same-account connection takes to become active, with room to spare.
const settleTime = 30 * time.Second

// ActivePeering creates req through p on the emulator srv, lets the
// emulated clock run until the connection is active, and returns its ID:
// the connection the route tests route through.
func ActivePeering(t testing.TB, srv *emulator.Server, p peering.Peering, req peering.CreateRequest) string {
	t.Helper()
	id, err := p.Create(context.Background(), req)
	if err != nil {
		t.Fatalf("Create(%s -> %s): %v", req.LocalNetworkID, req.PeerNetworkID, err)
	}
	srv.Clock.Advance(settleTime)
	return id
}

// RouteTables returns the route tables of network as rr reads them,
// failing the test on an error.
func RouteTables(t testing.TB, rr peering.RouteReader, network string) []peering.RouteTable {
	t.Helper()
	tables, err := rr.RouteTables(context.Background(), network)
	if err != nil {
		t.Fatalf("RouteTables(%s): %v", network, err)
	}
	return tables
}

// RouteRead checks the outcome of a hostile route read: its code is want;
// with an error no table comes back; without one, there is one table,
// with ID table, holding the routes ids each exactly once. what says how
// the read went ("after 3 requests"), for the message.
func RouteRead(t testing.TB, tables []peering.RouteTable, err error, want peering.ErrorCode, table string, ids []string, what string) {
	t.Helper()
	if got := peering.Code(err); got != want {
		t.Fatalf("RouteTables ended with %v %s, want %v", err, what, want)
	}
	if err != nil {
		if tables != nil {
			t.Errorf("RouteTables returned %d tables with its error", len(tables))
		}
		return
	}
	if len(tables) != 1 || tables[0].ID != table {
		t.Fatalf("tables %+v, want %s alone", tables, table)
	}
	count := map[string]int{}
	for _, r := range tables[0].Routes {
		count[r.ID]++
	}
	var diffs []string
	for _, id := range ids {
		if count[id] != 1 {
			diffs = append(diffs, fmt.Sprintf("%s read %d times", id, count[id]))
		}
		delete(count, id)
	}
	for id, n := range count {
		diffs = append(diffs, fmt.Sprintf("%s not expected (read %d times)", id, n))
	}
	if len(diffs) > 0 {
		t.Errorf("%d routes read, %d wanted each once: %v", len(tables[0].Routes), len(ids), diffs[:min(len(diffs), 8)])
	}
}

// CheckOddRoutes checks how an adapter read docserver.OddRoutes (and
// others more routes): every route kept, the system route local, the one
// through the peering (peerID, as the adapter names it) whole, the one of
// an unknown type NextHopOther with its type and next hop kept, those
// whose destinations are no blocks kept with Destination invalid and
// Attributes[peering.UnparsedAttribute] saying so. It returns the routes
// by ID.
func CheckOddRoutes(t testing.TB, tables []peering.RouteTable, peerID string, others int) map[string]peering.Route {
	t.Helper()
	if len(tables) != 1 {
		t.Fatalf("%d tables, want 1", len(tables))
	}
	byID := map[string]peering.Route{}
	for _, r := range tables[0].Routes {
		byID[r.ID] = r
	}
	if want := 5 + others; len(byID) != want || len(tables[0].Routes) != want {
		t.Errorf("%d routes read (%d distinct), want %d: %+v", len(tables[0].Routes), len(byID), want, tables[0].Routes)
	}
	if r := byID[docserver.OddSystem]; r.NextHop != peering.NextHopLocal || !r.System {
		t.Errorf("the system route reads as %+v", r)
	}
	if r := byID[docserver.OddPeer]; r.NextHop != peering.NextHopPeering || r.NextHopID != peerID || !r.Destination.IsValid() {
		t.Errorf("the route through the peering reads as %+v, want through %s", r, peerID)
	}
	if r := byID[docserver.OddUnknownHop]; r.NextHop != peering.NextHopOther || r.NextHopType != docserver.OddHopType || r.NextHopID != docserver.OddHopID {
		t.Errorf("the route with an unknown next hop reads as %+v; want NextHopOther with the type and ID kept", r)
	}
	for _, id := range []string{docserver.OddBadCIDR, docserver.OddNotABlock} {
		r := byID[id]
		if r.Destination.IsValid() || r.Attributes[peering.UnparsedAttribute] == "" || r.NextHop != peering.NextHopPeering {
			t.Errorf("route %s with a destination that is no block reads as %+v; want it kept, Destination invalid, Attributes[%s] saying so",
				id, r, peering.UnparsedAttribute)
		}
	}
	return byID
}

// RouteCase is one hostile route read: the server's script, the attempts
// the adapter may make, the routes it must read each once (when Code is
// OK), and the code it must end with.
type RouteCase struct {
	Name     string
	Routes   docserver.RouteConfig
	Attempts int
	Want     []string
	Code     peering.ErrorCode
}

// Case returns a RouteCase.
func Case(name string, routes docserver.RouteConfig, attempts int, want []string, code peering.ErrorCode) RouteCase {
	return RouteCase{Name: name, Routes: routes, Attempts: attempts, Want: want, Code: code}
}

// RouteFaults returns the cases every route API shares, over the honest
// script that serves ids: a body cut short, the API's throttling error and
// a 503, each once and then served, and on every attempt (ending with
// Unavailable, or ResourceExhausted for throttling).
func RouteFaults(honest func(docserver.RouteRequest) docserver.RoutePage, ids []string, throttled, unavailable *docserver.APIError) []RouteCase {
	page := func(p func(docserver.RouteRequest) docserver.RoutePage) docserver.RouteConfig {
		return docserver.RouteConfig{Page: p}
	}
	return []RouteCase{
		{"a body cut short, then whole", page(docserver.FailFirst(1, nil, honest)), 2, ids, peering.OK},
		{"bodies cut short on every attempt", page(docserver.FailFirst(1000, nil, honest)), 2, nil, peering.Unavailable},
		{"throttled, then served", page(docserver.FailFirst(2, throttled, honest)), 3, ids, peering.OK},
		{"throttled on every attempt", page(docserver.FailFirst(1000, throttled, honest)), 2, nil, peering.ResourceExhausted},
		{"503, then served", page(docserver.FailFirst(1, unavailable, honest)), 2, ids, peering.OK},
		{"503 on every attempt", page(docserver.FailFirst(1000, unavailable, honest)), 2, nil, peering.Unavailable},
	}
}

// RunRouteCases runs each case as a subtest: read serves the case and
// reads the table with an adapter that makes c.Attempts attempts, and
// returns the tables RouteTables returned, how many route requests the
// server answered, and RouteTables' error; RouteRead judges it.
func RunRouteCases(t *testing.T, cases []RouteCase, read func(t *testing.T, c RouteCase) ([]peering.RouteTable, int, error)) {
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			tables, n, err := read(t, c)
			RouteRead(t, tables, err, c.Code, docserver.RouteTableID, c.Want, fmt.Sprintf("after %d route requests", n))
		})
	}
}
