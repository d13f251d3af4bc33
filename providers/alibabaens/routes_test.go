package alibabaens

import (
	"context"
	"net/netip"
	"reflect"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator/fault"
	"github.com/peeringkit/peering/internal/peeringtest"
)

// activePeer connects two new networks and lets the connection activate.
func activePeer(t *testing.T, w *world, c *Client) (id, near, far string) {
	t.Helper()
	nets := w.networks(t, 2)
	return peeringtest.ActivePeering(t, w.srv, c, peering.CreateRequest{LocalNetworkID: nets[0], PeerNetworkID: nets[1]}), nets[0], nets[1]
}

// TestRouteCycle: read the tables, add a route through an active peering
// to the far block, find it, a duplicate is AlreadyExists, delete it twice.
func TestRouteCycle(t *testing.T) {
	w := start(t, 41)
	ctx := context.Background()
	c := w.client(t)
	id, near, _ := activePeer(t, w, c)
	before := peeringtest.RouteTables(t, c, near)
	if len(before) != 1 || before[0].NetworkID != near || before[0].Region != node || !before[0].System {
		t.Fatalf("tables: %+v", before)
	}
	sys := before[0].Routes
	if len(sys) != 1 || sys[0].NextHop != peering.NextHopLocal || !sys[0].System || sys[0].Destination != netip.MustParsePrefix("10.0.0.0/24") {
		t.Fatalf("system routes: %+v", sys)
	}
	dest := netip.MustParsePrefix("10.0.1.0/24") // the far network's block
	routeID, err := c.AddRoute(ctx, peering.RouteRequest{NetworkID: near, Destination: dest, ConnectionID: id, Description: "to far"})
	if err != nil {
		t.Fatal(err)
	}
	got := peeringtest.RouteTables(t, c, near)[0].Routes
	want := peering.Route{ID: routeID, Destination: dest, NextHop: peering.NextHopPeering, NextHopType: "NetworkPeer",
		NextHopID: id, ProviderStatus: "Available", Description: "to far"}
	if len(got) != 2 || !reflect.DeepEqual(got[1], want) {
		t.Errorf("routes %+v, want the system route and %+v", got, want)
	}
	if _, err := c.AddRoute(ctx, peering.RouteRequest{NetworkID: near, Destination: dest, ConnectionID: id}); peering.Code(err) != peering.AlreadyExists {
		t.Errorf("duplicate: %v, want AlreadyExists", err)
	}
	for range 2 {
		if err := c.DeleteRoute(ctx, near, before[0].ID, routeID); err != nil {
			t.Fatalf("DeleteRoute: %v", err)
		}
	}
	if err := c.DeleteRoute(ctx, near, before[0].ID, sys[0].ID); peering.Code(err) != peering.FailedPrecondition {
		t.Errorf("deleting the system route: %v, want FailedPrecondition", err)
	}
	if _, err := c.RouteTables(ctx, "n-nosuchnetwork"); peering.Code(err) != peering.NotFound {
		t.Errorf("an unknown network: %v, want NotFound", err)
	}
	sent := w.srv.Alibaba.Requests()
	if _, err := c.RouteTables(ctx, ""); peering.Code(err) != peering.InvalidArgument {
		t.Errorf("an empty network: %v", err)
	}
	if _, err := c.AddRoute(ctx, peering.RouteRequest{NetworkID: near, ConnectionID: id}); peering.Code(err) != peering.InvalidArgument {
		t.Errorf("no destination: %v", err)
	}
	if n := w.srv.Alibaba.Requests(); n != sent {
		t.Errorf("invalid input sent %d requests", n-sent)
	}
}

// TestRoutePages: more routes than a page, each read once.
func TestRoutePages(t *testing.T) {
	w := start(t, 42)
	ctx := context.Background()
	c := w.client(t)
	id, near, _ := activePeer(t, w, c)
	for i := range 120 {
		dest := netip.PrefixFrom(netip.AddrFrom4([4]byte{172, 31, byte(i), 0}), 24)
		if _, err := c.AddRoute(ctx, peering.RouteRequest{NetworkID: near, TableID: peeringtest.RouteTables(t, c, near)[0].ID, Destination: dest, ConnectionID: id}); err != nil {
			t.Fatal(err)
		}
	}
	got := peeringtest.RouteTables(t, c, near)[0].Routes
	seen := map[string]bool{}
	for _, r := range got {
		seen[r.ID] = true
	}
	if len(got) != 121 || len(seen) != 121 {
		t.Errorf("%d routes (%d distinct), want 121", len(got), len(seen))
	}
}

// TestAddRouteAnswerLost: a create whose answer is lost is not sent again
// once the route is found, and its ID is returned.
func TestAddRouteAnswerLost(t *testing.T) {
	w := start(t, 43)
	ctx := context.Background()
	c := w.client(t)
	id, near, _ := activePeer(t, w, c)
	w.srv.Faults.Add(fault.Rule{Provider: "alibaba-ens", Operation: "CreateEnsRouteEntry", Kind: fault.DropResponse, Count: 1})
	dest := netip.MustParsePrefix("10.0.1.0/24")
	routeID, err := c.AddRoute(ctx, peering.RouteRequest{NetworkID: near, Destination: dest, ConnectionID: id})
	if err != nil {
		t.Fatalf("AddRoute after a lost answer: %v", err)
	}
	got := peeringtest.RouteTables(t, c, near)[0].Routes
	if len(got) != 2 || got[1].ID != routeID {
		t.Errorf("routes %+v; want one route, %s", got, routeID)
	}
}

// TestOddRoutes: a destination that is no CIDR is kept and flagged; next
// hop types map to their kinds, an unknown one to other.
func TestOddRoutes(t *testing.T) {
	w := start(t, 44)
	c := w.client(t)
	near := w.networks(t, 1)[0]
	table := peeringtest.RouteTables(t, c, near)[0].ID
	for _, r := range [][2]string{{"not-a-cidr", "NetworkPeer"}, {"10.50.0.0/16", "Instance"}, {"10.51.0.0/16", "HaVip"}, {"10.52.0.0/16", "Portal"}} {
		if _, err := w.srv.Alibaba.AddRoute(table, r[0], r[1], "hop"); err != nil {
			t.Fatal(err)
		}
	}
	byType := map[string]peering.Route{}
	for _, r := range peeringtest.RouteTables(t, c, near)[0].Routes {
		byType[r.NextHopType] = r
	}
	if r := byType["NetworkPeer"]; r.Destination.IsValid() || r.Attributes[peering.UnparsedAttribute] != "DestinationCidrBlock=not-a-cidr" {
		t.Errorf("a bad destination: %+v", r)
	}
	for typ, kind := range map[string]peering.NextHopKind{"Instance": peering.NextHopInstance, "HaVip": peering.NextHopInstance, "Portal": peering.NextHopOther} {
		if r := byType[typ]; r.NextHop != kind || r.Attributes[peering.UnparsedAttribute] != "" {
			t.Errorf("%s: %+v, want %s", typ, r, kind)
		}
	}
}
