package baidu

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/emulator/fault"
	"github.com/peeringkit/peering/internal/peeringtest"
)

// routeSetup makes an active connection between the first two fixture VPCs
// of baidu-a in bj and returns the client, the connection and the VPCs.
func routeSetup(t *testing.T, srv *emulator.Server) (c *Client, conn, near, far string, farBlock netip.Prefix) {
	t.Helper()
	c = clientFor(t, srv, "baidu-a", "bj", Options{})
	fx := fixtures(t, srv, "baidu-a", "bj")
	id := peeringtest.ActivePeering(t, srv, c, peering.CreateRequest{LocalNetworkID: fx[1].ID, PeerNetworkID: fx[2].ID, Bandwidth: peering.Mbps(10)})
	return c, id, fx[1].ID, fx[2].ID, netip.MustParsePrefix(fx[2].CIDR)
}

// A route through a peering round trips: added on either end's VPC, read
// back with the connection's ID as next hop (Baidu names the interface),
// refused when repeated, deleted, and deleted again without error.
func TestRoutesRoundTrip(t *testing.T) {
	srv := startEmulator(t)
	ctx := testContext(t)
	c, conn, near, far, farBlock := routeSetup(t, srv)

	tables, err := c.RouteTables(ctx, near)
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) != 1 || !tables[0].System || tables[0].NetworkID != near || tables[0].Region != "bj" ||
		!strings.HasPrefix(tables[0].ID, "rt-") || tables[0].Raw.(*RouteTableRecord).VPCID != near {
		t.Fatalf("tables = %+v", tables)
	}
	sys := tables[0].Routes[0]
	if !sys.System || sys.NextHop != peering.NextHopLocal || sys.NextHopType != "system" {
		t.Errorf("system route = %+v", sys)
	}

	for _, tc := range []struct {
		network string
		dst     netip.Prefix
	}{{near, farBlock}, {far, netip.MustParsePrefix(fixtures(t, srv, "baidu-a", "bj")[1].CIDR)}} {
		id, err := c.AddRoute(ctx, peering.RouteRequest{NetworkID: tc.network, Destination: tc.dst, ConnectionID: conn, Description: "to peer"})
		if err != nil {
			t.Fatal(err)
		}
		tables, err := c.RouteTables(ctx, tc.network)
		if err != nil {
			t.Fatal(err)
		}
		var got *peering.Route
		for i, r := range tables[0].Routes {
			if r.ID == id {
				got = &tables[0].Routes[i]
			}
		}
		if got == nil || !got.Through(conn) || got.Destination != tc.dst || got.NextHopType != "peerConn" || got.System ||
			got.Description != "to peer" || !strings.HasPrefix(got.Attributes[AttrNexthopInterface], "qpif-") ||
			got.Attributes[AttrSourceAddress] != "0.0.0.0/0" {
			t.Fatalf("route %s in %s = %+v", id, tc.network, got)
		}
		_, err = c.AddRoute(ctx, peering.RouteRequest{NetworkID: tc.network, Destination: tc.dst, ConnectionID: conn})
		wantCode(t, err, peering.AlreadyExists)
		for range 2 {
			if err := c.DeleteRoute(ctx, tc.network, tables[0].ID, id); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// AddRoute keeps one clientToken across its attempts: a create whose
// answer was lost is retried and makes one rule.
func TestAddRouteRetriesWithOneToken(t *testing.T) {
	srv := startEmulator(t)
	ctx := testContext(t)
	c, conn, near, _, farBlock := routeSetup(t, srv)
	srv.Faults.Add(fault.Rule{Provider: "baidu", Operation: "CreateRouteRule", Kind: fault.DropResponse, Count: 1})
	id, err := c.AddRoute(ctx, peering.RouteRequest{NetworkID: near, Destination: farBlock, ConnectionID: conn})
	if err != nil {
		t.Fatal(err)
	}
	tbl, _ := srv.Baidu.RouteTable(near)
	n := 0
	for _, r := range tbl.Rules {
		if !r.System {
			n++
			if r.ID != id {
				t.Errorf("rule %s, want %s", r.ID, id)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d custom rules, want 1", n)
	}
}

// The errors of the route calls, mapped to portable codes.
func TestRouteErrors(t *testing.T) {
	srv := startEmulator(t)
	ctx := testContext(t)
	c, conn, near, far, farBlock := routeSetup(t, srv)
	other := fixtures(t, srv, "baidu-b", "bj")[0].ID
	for _, tc := range []struct {
		name string
		call func() error
		want peering.ErrorCode
	}{
		{"tables of another account's VPC", func() error { _, err := c.RouteTables(ctx, other); return err }, peering.NotFound},
		{"tables of an unknown VPC", func() error { _, err := c.RouteTables(ctx, "vpc-nosuchthing0"); return err }, peering.NotFound},
		{"route into the VPC's own block", func() error {
			_, err := c.AddRoute(ctx, peering.RouteRequest{NetworkID: far, Destination: farBlock, ConnectionID: conn})
			return err
		}, peering.InvalidArgument},
		{"route on a VPC the connection does not join", func() error {
			_, err := c.AddRoute(ctx, peering.RouteRequest{NetworkID: fixtures(t, srv, "baidu-a", "bj")[0].ID, Destination: farBlock, ConnectionID: conn})
			return err
		}, peering.InvalidArgument},
		{"route through an unknown connection", func() error {
			_, err := c.AddRoute(ctx, peering.RouteRequest{NetworkID: near, Destination: farBlock, ConnectionID: "peerconn-nosuchthing"})
			return err
		}, peering.NotFound},
		{"route on another account's table", func() error {
			bt, _ := srv.Baidu.RouteTable(other)
			_, err := c.AddRoute(ctx, peering.RouteRequest{NetworkID: near, TableID: bt.ID, Destination: farBlock, ConnectionID: conn})
			return err
		}, peering.NotFound},
		{"delete a system rule", func() error {
			t, _ := srv.Baidu.RouteTable(near)
			return c.DeleteRoute(ctx, near, t.ID, t.Rules[0].ID)
		}, peering.FailedPrecondition},
	} {
		t.Run(tc.name, func(t *testing.T) { wantCode(t, tc.call(), tc.want) })
	}
}

// Bad input is InvalidArgument with nothing sent.
func TestRouteInvalidInputSendsNothing(t *testing.T) {
	srv := startEmulator(t)
	ctx := testContext(t)
	c := clientFor(t, srv, "baidu-a", "bj", Options{})
	ok := peering.RouteRequest{NetworkID: "vpc-a", ConnectionID: "peerconn-a", Destination: netip.MustParsePrefix("10.9.0.0/16")}
	with := func(edit func(*peering.RouteRequest)) peering.RouteRequest {
		r := ok
		edit(&r)
		return r
	}
	for _, tc := range []struct {
		name string
		call func() error
	}{
		{"RouteTables empty network", func() error { _, err := c.RouteTables(ctx, ""); return err }},
		{"RouteTables network with a slash", func() error { _, err := c.RouteTables(ctx, "vpc-a/../b"); return err }},
		{"AddRoute no network", func() error {
			_, err := c.AddRoute(ctx, with(func(r *peering.RouteRequest) { r.NetworkID = "" }))
			return err
		}},
		{"AddRoute no connection", func() error {
			_, err := c.AddRoute(ctx, with(func(r *peering.RouteRequest) { r.ConnectionID = "" }))
			return err
		}},
		{"AddRoute no destination", func() error {
			_, err := c.AddRoute(ctx, with(func(r *peering.RouteRequest) { r.Destination = netip.Prefix{} }))
			return err
		}},
		{"AddRoute host bits", func() error {
			_, err := c.AddRoute(ctx, with(func(r *peering.RouteRequest) { r.Destination = netip.MustParsePrefix("10.9.0.1/16") }))
			return err
		}},
		{"AddRoute table with a query", func() error {
			_, err := c.AddRoute(ctx, with(func(r *peering.RouteRequest) { r.TableID = "rt-a?x" }))
			return err
		}},
		{"AddRoute token too long", func() error {
			_, err := c.AddRoute(ctx, with(func(r *peering.RouteRequest) { r.ClientToken = strings.Repeat("t", 65) }))
			return err
		}},
		{"DeleteRoute empty route", func() error { return c.DeleteRoute(ctx, "vpc-a", "rt-a", "") }},
		{"DeleteRoute empty network", func() error { return c.DeleteRoute(ctx, "", "rt-a", "rr-a") }},
		{"DeleteRoute route with a slash", func() error { return c.DeleteRoute(ctx, "vpc-a", "", "rr-a/b") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := srv.Baidu.Requests()
			wantCode(t, tc.call(), peering.InvalidArgument)
			if n := srv.Baidu.Requests() - before; n != 0 {
				t.Errorf("%d requests sent", n)
			}
		})
	}
}

// The sandbox estate read through the adapter: peering routes name
// connections, a rule to a peering deleted long ago keeps its interface
// and names no connection, and no route is unparsed.
func TestRouteTablesOfTheGeneratedEstate(t *testing.T) {
	srv := peeringtest.FrozenEmulator(t, emulator.Options{Seed: 1, Connections: 60, BaiduRegions: []string{"bj"}})
	ctx := testContext(t)
	c := clientFor(t, srv, "baidu-a", "bj", Options{})
	a := account(t, srv, "baidu-a")
	var through, dangling int
	for _, v := range srv.Baidu.VPCs() {
		if v.AccountID != a.ID || v.Region != "bj" {
			continue
		}
		tables, err := c.RouteTables(ctx, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range tables[0].Routes {
			if r.Attributes[peering.UnparsedAttribute] != "" || !r.Destination.IsValid() {
				t.Errorf("route %+v of %s not read whole", r, v.ID)
			}
			if r.NextHop != peering.NextHopPeering {
				continue
			}
			switch {
			case r.NextHopID == "":
				dangling++
			case strings.HasPrefix(r.NextHopID, "peerconn-"):
				through++
			default:
				t.Errorf("route %s next hop %q", r.ID, r.NextHopID)
			}
		}
	}
	if through == 0 || dangling == 0 {
		t.Errorf("%d routes through peerings, %d to deleted ones; want some of each", through, dangling)
	}
}
