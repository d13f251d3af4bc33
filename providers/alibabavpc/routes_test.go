package alibabavpc

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"reflect"
	"strings"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator/fault"
	"github.com/peeringkit/peering/internal/peeringtest"
)

// activePeer makes an active same-account connection between two of A's
// fixture VPCs in Hangzhou and returns it with the two VPCs.
func activePeer(t *testing.T, w *world, c *Client) (id, near, far string) {
	t.Helper()
	vpcs := w.vpcs(t, w.a, hangzhou)
	return peeringtest.ActivePeering(t, w.srv, c, peering.CreateRequest{LocalNetworkID: vpcs[0], PeerNetworkID: vpcs[1]}), vpcs[0], vpcs[1]
}

// blocksOf returns a VPC's IPv4 blocks as the emulator holds them.
func blocksOf(t *testing.T, w *world, id string) []netip.Prefix {
	t.Helper()
	for _, v := range w.srv.Alibaba.VPCs() {
		if v.ID == id {
			var out []netip.Prefix
			for _, b := range v.IPv4CIDRs {
				out = append(out, netip.MustParsePrefix(b))
			}
			return out
		}
	}
	t.Fatalf("no VPC %s", id)
	return nil
}

// TestRouteCycle is the cycle a route user runs: read the tables, add a
// route through an active peering to the far block, find it listed, a
// duplicate is AlreadyExists, delete it, deleting again is no error.
func TestRouteCycle(t *testing.T) {
	w := start(t, 31, false)
	ctx := context.Background()
	c := w.client(t, w.a, hangzhou)
	if !c.Capabilities().Routes {
		t.Fatal("Capabilities.Routes is false")
	}
	id, near, far := activePeer(t, w, c)

	before := peeringtest.RouteTables(t, c, near)
	if len(before) != 1 || !before[0].System || before[0].NetworkID != near || before[0].Region != hangzhou {
		t.Fatalf("tables of %s: %+v", near, before)
	}
	for _, r := range before[0].Routes {
		if !r.System || r.NextHop != peering.NextHopLocal || r.NextHopType != "local" || r.ProviderStatus != "Available" {
			t.Errorf("system route %+v", r)
		}
	}
	dest := blocksOf(t, w, far)[0]
	routeID, err := c.AddRoute(ctx, peering.RouteRequest{NetworkID: near, Destination: dest, ConnectionID: id, Description: "To the far VPC"})
	if err != nil {
		t.Fatal(err)
	}
	after := peeringtest.RouteTables(t, c, near)[0]
	last := after.Routes[len(after.Routes)-1]
	want := peering.Route{ID: routeID, Destination: dest, NextHop: peering.NextHopPeering, NextHopType: "VpcPeer",
		NextHopID: id, ProviderStatus: "Available", Description: "To the far VPC"}
	if !reflect.DeepEqual(last, want) || !last.Through(id) {
		t.Errorf("route %+v, want %+v", last, want)
	}
	if raw, ok := after.Raw.(*RouteTable); !ok || len(raw.Entries) != len(after.Routes) {
		t.Errorf("Raw is %T", after.Raw)
	}

	_, err = c.AddRoute(ctx, peering.RouteRequest{NetworkID: near, TableID: after.ID, Destination: dest, ConnectionID: id})
	if peering.Code(err) != peering.AlreadyExists {
		t.Errorf("a duplicate destination: %v, want AlreadyExists", err)
	}
	for range 2 {
		if err := c.DeleteRoute(ctx, near, after.ID, routeID); err != nil {
			t.Fatalf("DeleteRoute: %v", err)
		}
	}
	if got := peeringtest.RouteTables(t, c, near)[0].Routes; len(got) != len(before[0].Routes) {
		t.Errorf("after delete %d routes, want %d", len(got), len(before[0].Routes))
	}
	if err := c.DeleteRoute(ctx, near, after.ID, before[0].Routes[0].ID); peering.Code(err) != peering.FailedPrecondition {
		t.Errorf("deleting a system route: %v, want FailedPrecondition", err)
	}
}

// TestRouteErrors: invalid input before any request; a VPC that is not the
// caller's, and a connection that is not active.
func TestRouteErrors(t *testing.T) {
	w := start(t, 32, false)
	ctx := context.Background()
	c := w.client(t, w.a, hangzhou)
	id, near, far := activePeer(t, w, c)
	dest := blocksOf(t, w, far)[0]
	sent := w.srv.Alibaba.Requests()
	for name, err := range map[string]error{
		"empty network": func() error { _, err := c.RouteTables(ctx, " "); return err }(),
		"add, no destination": func() error {
			_, err := c.AddRoute(ctx, peering.RouteRequest{NetworkID: near, ConnectionID: id})
			return err
		}(),
		"add, no connection": func() error {
			_, err := c.AddRoute(ctx, peering.RouteRequest{NetworkID: near, Destination: dest})
			return err
		}(),
		"add, no network": func() error {
			_, err := c.AddRoute(ctx, peering.RouteRequest{Destination: dest, ConnectionID: id})
			return err
		}(),
		"delete, no route": c.DeleteRoute(ctx, near, "vtb-x", ""),
		"delete, no table": c.DeleteRoute(ctx, near, "", "rte-x"),
	} {
		if peering.Code(err) != peering.InvalidArgument {
			t.Errorf("%s: %v, want InvalidArgument", name, err)
		}
	}
	if n := w.srv.Alibaba.Requests(); n != sent {
		t.Errorf("invalid input sent %d requests", n-sent)
	}
	b := w.client(t, w.b, hangzhou)
	if _, err := b.RouteTables(ctx, near); peering.Code(err) != peering.NotFound {
		t.Errorf("another account's VPC: %v, want NotFound", err)
	}
	if _, err := w.client(t, w.a, shanghai).RouteTables(ctx, near); peering.Code(err) != peering.NotFound {
		t.Errorf("a VPC of another region: %v, want NotFound", err)
	}
	if _, err := b.AddRoute(ctx, peering.RouteRequest{NetworkID: near, Destination: dest, ConnectionID: id}); peering.Code(err) != peering.NotFound {
		t.Errorf("adding to another account's VPC: %v, want NotFound", err)
	}
	if err := c.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AddRoute(ctx, peering.RouteRequest{NetworkID: near, Destination: dest, ConnectionID: id}); peering.Code(err) != peering.FailedPrecondition {
		t.Errorf("through a connection being deleted: %v, want FailedPrecondition", err)
	}
}

// TestDeleteWithRoutes: a connection with routes is refused on Delete with
// FailedPrecondition naming the routes and DeleteForce; DeleteForce
// deletes it and its routes.
func TestDeleteWithRoutes(t *testing.T) {
	w := start(t, 33, false)
	ctx := context.Background()
	c := w.client(t, w.a, hangzhou)
	id, near, far := activePeer(t, w, c)
	there, err := c.AddRoute(ctx, peering.RouteRequest{NetworkID: near, Destination: blocksOf(t, w, far)[0], ConnectionID: id})
	if err != nil {
		t.Fatal(err)
	}
	back, err := c.AddRoute(ctx, peering.RouteRequest{NetworkID: far, Destination: blocksOf(t, w, near)[0], ConnectionID: id})
	if err != nil {
		t.Fatal(err)
	}
	err = c.Delete(ctx, id)
	var pe *peering.Error
	if peering.Code(err) != peering.FailedPrecondition || !asError(err, &pe) || pe.ProviderCode != "OperationDenied.RouteEntryExist" {
		t.Fatalf("Delete with routes: %v, want FailedPrecondition (OperationDenied.RouteEntryExist)", err)
	}
	for _, s := range []string{there, back, near, far, "DeleteForce"} {
		if !strings.Contains(pe.Message, s) {
			t.Errorf("the message %q does not name %s", pe.Message, s)
		}
	}
	if get(t, c, id).Status != peering.StatusActive {
		t.Error("the refused delete changed the connection")
	}
	if err := c.DeleteForce(ctx, id); err != nil {
		t.Fatalf("DeleteForce: %v", err)
	}
	if st := get(t, c, id).Status; st != peering.StatusDeleting {
		t.Errorf("after DeleteForce: %s", st)
	}
	for _, v := range []string{near, far} {
		for _, r := range peeringtest.RouteTables(t, c, v)[0].Routes {
			if r.Through(id) {
				t.Errorf("route %s through the deleted connection is left in %s", r.ID, v)
			}
		}
	}
}

// TestRouteTablesPages: a table of more routes than a page, read whole;
// and a NextToken that comes back on every attempt ends the walk.
func TestRouteTablesPages(t *testing.T) {
	w := start(t, 34, false)
	ctx := context.Background()
	c := w.client(t, w.a, hangzhou)
	id, near, _ := activePeer(t, w, c)
	for i := range 150 {
		dest := netip.PrefixFrom(netip.AddrFrom4([4]byte{172, 30, byte(i), 0}), 24)
		if _, err := c.AddRoute(ctx, peering.RouteRequest{NetworkID: near, Destination: dest, ConnectionID: id}); err != nil {
			t.Fatal(err)
		}
	}
	before := w.srv.Alibaba.Requests()
	got := peeringtest.RouteTables(t, c, near)[0].Routes
	seen := map[string]bool{}
	for _, r := range got {
		seen[r.ID] = true
	}
	if len(got) != 151 || len(seen) != 151 {
		t.Errorf("%d routes (%d distinct), want 151", len(got), len(seen))
	}
	if n := w.srv.Alibaba.Requests() - before; n != 3 {
		t.Errorf("%d requests, want 3 (one table page, two route pages of 100)", n)
	}

	w.srv.Faults.Add(fault.Rule{Provider: "alibaba-vpc", Operation: "DescribeRouteEntryList", Kind: fault.RepeatMarker, Probability: 1})
	_, err := c.RouteTables(ctx, near)
	if peering.Code(err) != peering.Internal || !strings.Contains(err.Error(), "loop") {
		t.Errorf("a NextToken that repeats: %v, want Internal", err)
	}
}

// TestOddRoutes: a route whose destination is no CIDR is kept and flagged;
// a next hop type the adapter does not know is NextHopOther with the type
// kept; the other kinds map as documented.
func TestOddRoutes(t *testing.T) {
	w := start(t, 35, false)
	c := w.client(t, w.a, hangzhou)
	near := w.vpcs(t, w.a, hangzhou)[0]
	table := peeringtest.RouteTables(t, c, near)[0].ID
	for _, r := range [][2]string{
		{"10.99.0.0/33", "VpcPeer"}, {"10.98.0.0/16", "Teleporter"}, {"10.97.0.0/16", "HaVip"},
		{"10.96.0.0/16", "NatGateway"}, {"10.95.0.0/16", "Attachment"},
	} {
		if _, err := w.srv.Alibaba.AddRoute(table, r[0], r[1], "hop-1"); err != nil {
			t.Fatal(err)
		}
	}
	got := peeringtest.RouteTables(t, c, near)[0].Routes
	byType := map[string]peering.Route{}
	for _, r := range got {
		byType[r.NextHopType] = r
	}
	if r := byType["VpcPeer"]; r.Destination.IsValid() || r.Attributes[peering.UnparsedAttribute] != "DestinationCidrBlock=10.99.0.0/33" || r.NextHop != peering.NextHopPeering {
		t.Errorf("a bad destination: %+v", r)
	}
	for typ, kind := range map[string]peering.NextHopKind{
		"Teleporter": peering.NextHopOther, "HaVip": peering.NextHopInstance,
		"NatGateway": peering.NextHopGateway, "Attachment": peering.NextHopGateway,
	} {
		if r := byType[typ]; r.NextHop != kind || r.Attributes[peering.UnparsedAttribute] != "" || !r.Destination.IsValid() {
			t.Errorf("%s: %+v, want kind %s", typ, r, kind)
		}
	}
}

func asError(err error, target **peering.Error) bool {
	e, ok := err.(*peering.Error)
	*target = e
	return ok
}

func TestRoutesExist(t *testing.T) {
	refusal := &peering.Error{Code: peering.FailedPrecondition, Provider: peering.AlibabaVPC, ProviderCode: "OperationDenied.RouteEntryExist"}
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"the refusal", refusal, true},
		{"wrapped", fmt.Errorf("delete: %w", refusal), true},
		{"another refusal", &peering.Error{Code: peering.FailedPrecondition, ProviderCode: "IncorrectStatus.VpcPeer"}, false},
		{"not a peering error", errors.New("OperationDenied.RouteEntryExist"), false},
	} {
		if got := RoutesExist(tc.err); got != tc.want {
			t.Errorf("%s: RoutesExist = %v, want %v", tc.name, got, tc.want)
		}
	}
}
