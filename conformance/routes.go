package conformance

import (
	"context"
	"fmt"
	"net/netip"
	"testing"

	"github.com/peeringkit/peering"
)

// checkRoutes checks the route tables of an adapter with Capabilities.Routes:
// it is a peering.RouteReader and a peering.RouteWriter; the tables of a
// fixture network read, each route valid; an unknown network is NotFound,
// an empty one InvalidArgument with no request, a canceled context
// Canceled; and (on a mutable harness) a route through an active
// connection to the far network's block is added, listed through the
// connection, refused when repeated (AlreadyExists), deleted, and deleted
// again without error. An adapter without Capabilities.Routes must answer
// any route call it has with Unimplemented, and send nothing.
func checkRoutes(t *testing.T, e *env) {
	rr, isReader := e.a.(peering.RouteReader)
	rw, isWriter := e.a.(peering.RouteWriter)
	if !e.caps.Routes {
		e.routesUnimplemented(t, rr, rw)
		t.Logf("Capabilities.Routes is false: route tables are not read or written; checked only that any route call of the %s adapter answers Unimplemented",
			e.a.Provider())
		return
	}
	if !isReader || !isWriter {
		t.Fatalf("Capabilities.Routes is set, but the adapter (%T) is a RouteReader: %v, a RouteWriter: %v; it must be both", e.a, isReader, isWriter)
	}
	l := e.nets.Local
	t.Run("Read", func(t *testing.T) {
		if l.ID == "" {
			t.Skip("the harness has no Local fixture network whose route tables to read")
		}
		tables, err := rr.RouteTables(e.ctx, l.ID)
		e.noError(t, fmt.Sprintf("RouteTables(%s)", l.ID), err)
		e.checkTables(t, l.ID, tables)
	})
	t.Run("NotFound", func(t *testing.T) {
		_, err := rr.RouteTables(e.ctx, "conformance-no-such-network")
		e.wantCode(t, "RouteTables of a network that does not exist", err, peering.NotFound)
	})
	t.Run("InvalidArgument", func(t *testing.T) {
		before := e.requests()
		_, err := rr.RouteTables(e.ctx, "")
		e.wantCode(t, "RouteTables(\"\")", err, peering.InvalidArgument)
		_, err = rw.AddRoute(e.ctx, peering.RouteRequest{NetworkID: "conformance-network", ConnectionID: "conformance-connection"})
		e.wantCode(t, "AddRoute with no destination", err, peering.InvalidArgument)
		err = rw.DeleteRoute(e.ctx, "conformance-network", "", "")
		e.wantCode(t, "DeleteRoute with no route ID", err, peering.InvalidArgument)
		e.wantNoRequest(t, "route calls with invalid input", before)
	})
	t.Run("Canceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(e.ctx)
		cancel()
		_, err := rr.RouteTables(ctx, "conformance-network")
		e.wantCode(t, "RouteTables with a canceled context", err, peering.Canceled)
	})
	t.Run("RoundTrip", func(t *testing.T) { e.routeRoundTrip(t, rr, rw) })
}

// checkTables checks what RouteTables returned for a network.
func (e *env) checkTables(t *testing.T, network string, tables []peering.RouteTable) {
	t.Helper()
	if len(tables) == 0 {
		t.Errorf("RouteTables(%s) returned no table; every network has at least its system table", network)
	}
	for _, tb := range tables {
		switch {
		case tb.ID == "":
			t.Errorf("a table of %s has no ID", network)
		case tb.Provider != e.a.Provider():
			t.Errorf("table %s names provider %q, want %q", tb.ID, tb.Provider, e.a.Provider())
		case tb.NetworkID != network:
			t.Errorf("table %s names network %q, want %q", tb.ID, tb.NetworkID, network)
		}
		for _, r := range tb.Routes {
			if !r.Destination.IsValid() && r.Attributes[peering.UnparsedAttribute] == "" {
				t.Errorf("route %q of table %s has no valid destination and does not say why (Attributes[%s])", r.ID, tb.ID, peering.UnparsedAttribute)
			}
			if r.NextHop == "" || r.NextHopType == "" {
				t.Errorf("route %q of table %s: next hop %q, type %q; both must be set", r.ID, tb.ID, r.NextHop, r.NextHopType)
			}
		}
	}
}

// routeRoundTrip adds and removes a route through an active connection
// between the Local and SameRegion fixtures.
func (e *env) routeRoundTrip(t *testing.T, rr peering.RouteReader, rw peering.RouteWriter) {
	l, s := e.nets.Local, e.nets.SameRegion
	switch {
	case !e.h.Mutable():
		t.Skip("the harness is read-only (Harness.Mutable is false)")
	case !e.caps.Create:
		t.Skip("the provider cannot create the connection to route through (Capabilities)")
	case l.ID == "" || s.ID == "":
		t.Skip("the harness has no Local and SameRegion fixture networks")
	}
	id := e.create(t, e.a, e.request(peering.CreateRequest{Name: name("routes"), LocalNetworkID: l.ID, PeerNetworkID: s.ID}))
	c := e.mustWait(t, e.a, id, peering.StatusActive)
	far := c.Accepter.IPv4CIDRs
	if len(far) == 0 {
		far = s.IPv4CIDRs
	}
	if len(far) == 0 {
		t.Fatalf("the address blocks of %s are not known: neither connection %s nor the harness reports them", s.ID, id)
	}
	req := peering.RouteRequest{NetworkID: l.ID, Destination: far[0], ConnectionID: id, Description: "conformance"}
	routeID, err := rw.AddRoute(e.ctx, req)
	e.noError(t, fmt.Sprintf("AddRoute(%s via %s in %s)", far[0], id, l.ID), err)
	if routeID == "" {
		t.Fatal("AddRoute returned an empty route ID and no error")
	}
	t.Cleanup(func() {
		if err := rw.DeleteRoute(e.ctx, l.ID, "", routeID); err != nil && e.ctx.Err() == nil {
			t.Logf("cleanup: deleting route %s: %v", routeID, err)
		}
	})
	table, found := e.findRoute(t, rr, l.ID, routeID)
	if found == nil {
		t.Fatalf("route %s is not in the tables of %s after AddRoute", routeID, l.ID)
	}
	if !found.Through(id) || found.Destination != far[0] || found.System {
		t.Errorf("route %s reads as %+v; want a custom route to %s through %s", routeID, *found, far[0], id)
	}
	_, err = rw.AddRoute(e.ctx, req)
	e.wantCode(t, "AddRoute of a destination the table already routes", err, peering.AlreadyExists)
	e.noError(t, "DeleteRoute", rw.DeleteRoute(e.ctx, l.ID, table, routeID))
	if _, again := e.findRoute(t, rr, l.ID, routeID); again != nil {
		t.Errorf("route %s is still listed after DeleteRoute", routeID)
	}
	e.noError(t, "DeleteRoute of a route already gone", rw.DeleteRoute(e.ctx, l.ID, table, routeID))
}

// findRoute returns the route with ID id among a network's tables, and its
// table's ID; nil when there is none.
func (e *env) findRoute(t *testing.T, rr peering.RouteReader, network, id string) (string, *peering.Route) {
	t.Helper()
	tables, err := rr.RouteTables(e.ctx, network)
	e.noError(t, fmt.Sprintf("RouteTables(%s)", network), err)
	e.checkTables(t, network, tables)
	for _, tb := range tables {
		for i := range tb.Routes {
			if tb.Routes[i].ID == id {
				return tb.ID, &tb.Routes[i]
			}
		}
	}
	return "", nil
}

// routesUnimplemented checks that an adapter without Capabilities.Routes
// answers every route call it has with Unimplemented and no request.
func (e *env) routesUnimplemented(t *testing.T, rr peering.RouteReader, rw peering.RouteWriter) {
	dst := netip.MustParsePrefix("10.255.0.0/24")
	var calls []struct {
		op   string
		call func() error
	}
	if rr != nil {
		calls = append(calls, struct {
			op   string
			call func() error
		}{"RouteTables", func() error { _, err := rr.RouteTables(e.ctx, "conformance-network"); return err }})
	}
	if rw != nil {
		calls = append(calls, []struct {
			op   string
			call func() error
		}{
			{"AddRoute", func() error {
				_, err := rw.AddRoute(e.ctx, peering.RouteRequest{NetworkID: "conformance-network", Destination: dst, ConnectionID: "conformance-connection"})
				return err
			}},
			{"DeleteRoute", func() error { return rw.DeleteRoute(e.ctx, "conformance-network", "", "conformance-route") }},
		}...)
	}
	for _, c := range calls {
		t.Run("Unsupported/"+c.op, func(t *testing.T) {
			before := e.requests()
			what := c.op + ", which Capabilities.Routes says the provider lacks"
			e.wantCode(t, what, c.call(), peering.Unimplemented)
			e.wantNoRequest(t, what, before)
		})
	}
}
