package alibabaens

import (
	"context"
	"testing"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator/fault"
)

func get(t *testing.T, c *Client, id string) peering.Connection {
	t.Helper()
	conn, err := c.Get(context.Background(), id)
	if err != nil {
		t.Fatalf("Get(%s): %v", id, err)
	}
	return conn
}

func TestLifecycle(t *testing.T) {
	w := start(t, 61)
	c := w.client(t)
	nets := w.networks(t, 2)
	ctx := context.Background()
	id, err := c.Create(ctx, peering.CreateRequest{Name: "edge-a-to-b", Description: "first", LocalNetworkID: nets[0], PeerNetworkID: nets[1]})
	if err != nil {
		t.Fatal(err)
	}
	conn := get(t, c, id)
	if conn.Status != peering.StatusPending || conn.Requester.NetworkID != nets[0] || conn.Accepter.NetworkID != nets[1] ||
		conn.Requester.Region != node || conn.Role != peering.RoleRequester || conn.Bandwidth != peering.BandwidthUnknown ||
		len(conn.Requester.IPv4CIDRs) != 1 || len(conn.Accepter.IPv4CIDRs) != 1 {
		t.Fatalf("after create: %+v", conn)
	}
	w.srv.Clock.Advance(10 * time.Second)
	if conn := get(t, c, id); conn.Status != peering.StatusActive {
		t.Fatalf("after 10s: %s", conn.Status)
	}

	name, desc := "edge-renamed", "second"
	if err := c.Update(ctx, id, peering.Update{Name: &name, Description: &desc}); err != nil {
		t.Fatal(err)
	}
	if conn := get(t, c, id); conn.Name != name || conn.Description != desc {
		t.Errorf("after update: %q %q", conn.Name, conn.Description)
	}

	if err := c.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}
	if conn := get(t, c, id); conn.Status != peering.StatusDeleting {
		t.Errorf("after delete: %s", conn.Status)
	}
	w.srv.Clock.Advance(time.Minute)
	if _, err := c.Get(ctx, id); peering.Code(err) != peering.NotFound {
		t.Errorf("Get after delete = %v, want NotFound", err)
	}
	if err := c.Delete(ctx, id); err != nil {
		t.Errorf("deleting a gone connection = %v, want nil", err)
	}
	if err := c.Update(ctx, id, peering.Update{Name: &name}); peering.Code(err) != peering.NotFound {
		t.Errorf("updating a gone connection = %v, want NotFound", err)
	}
}

func TestUnsupportedOperations(t *testing.T) {
	w := start(t, 62)
	c := w.client(t)
	ctx := context.Background()
	before := w.srv.Alibaba.Requests()
	for name, err := range map[string]error{
		"Accept":           c.Accept(ctx, "pcc-a"),
		"Reject":           c.Reject(ctx, "pcc-a"),
		"Update bandwidth": c.Update(ctx, "pcc-a", peering.Update{Bandwidth: peering.Mbps(100)}),
	} {
		if peering.Code(err) != peering.Unimplemented {
			t.Errorf("%s = %v, want Unimplemented", name, err)
		}
	}
	if sent := w.srv.Alibaba.Requests() - before; sent != 0 {
		t.Errorf("%d requests sent", sent)
	}
	want := peering.Capabilities{Create: true, Delete: true, UpdateName: true, UpdateDescription: true, Routes: true, MaxPageSize: 100, MinPageSize: 10}
	if got := c.Capabilities(); got != want {
		t.Errorf("Capabilities = %+v, want %+v", got, want)
	}
}

// ENS allows one connection per pair of networks.
func TestCreateForAConnectedPair(t *testing.T) {
	w := start(t, 63)
	c := w.client(t)
	nets := w.networks(t, 2)
	ctx := context.Background()
	req := peering.CreateRequest{LocalNetworkID: nets[0], PeerNetworkID: nets[1]}
	first, err := c.Create(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Create(ctx, req); peering.Code(err) != peering.AlreadyExists {
		t.Errorf("a second create = %v, want AlreadyExists", err)
	}
	reversed := peering.CreateRequest{LocalNetworkID: nets[1], PeerNetworkID: nets[0], ClientToken: "t-1"}
	if _, err := c.Create(ctx, reversed); peering.Code(err) != peering.AlreadyExists {
		t.Errorf("the reverse create = %v, want AlreadyExists (not adopted: the direction differs)", err)
	}
	// With a token, the caller asks for the same outcome on a repeat.
	req.ClientToken = "t-1"
	if id, err := c.Create(ctx, req); err != nil || id != first {
		t.Errorf("a repeated create with a token = %s, %v; want %s", id, err, first)
	}
}

// CreateNetworkPeerConnection has no ClientToken: after a lost answer the
// adapter finds the connection the first attempt made instead of sending a
// second create.
func TestCreateSurvivesALostAnswer(t *testing.T) {
	for _, k := range []fault.Kind{fault.DropResponse, fault.Truncate} {
		t.Run(string(k), func(t *testing.T) {
			w := start(t, 64)
			c := w.client(t)
			nets := w.networks(t, 2)
			w.srv.Faults.Add(fault.Rule{Provider: "alibaba-ens", Operation: "CreateNetworkPeerConnection", Kind: k, Count: 1})
			id, err := c.Create(context.Background(), peering.CreateRequest{LocalNetworkID: nets[0], PeerNetworkID: nets[1]})
			if err != nil {
				t.Fatal(err)
			}
			all := w.srv.Alibaba.NetworkPeerConnections()
			if w.srv.Faults.Fired()[k] != 1 || len(all) != 1 || all[0].InstanceID != id {
				t.Errorf("fired %d; the world holds %d connections (%v); want exactly %s", w.srv.Faults.Fired()[k], len(all), all, id)
			}
		})
	}
}

func TestCreateRetriesWhatWasNotApplied(t *testing.T) {
	w := start(t, 65)
	c := w.client(t)
	nets := w.networks(t, 2)
	for _, k := range []fault.Kind{fault.Throttle, fault.ServerError, fault.Reset} {
		w.srv.Faults.Add(fault.Rule{Provider: "alibaba-ens", Operation: "CreateNetworkPeerConnection", Kind: k, Count: 1})
	}
	id, err := c.Create(context.Background(), peering.CreateRequest{LocalNetworkID: nets[0], PeerNetworkID: nets[1]})
	if err != nil {
		t.Fatal(err)
	}
	if all := w.srv.Alibaba.NetworkPeerConnections(); len(all) != 1 || all[0].InstanceID != id {
		t.Errorf("the world holds %v, want exactly %s", all, id)
	}
}

func TestDeleteSurvivesALostAnswer(t *testing.T) {
	w := start(t, 66)
	c := w.client(t)
	want := createN(t, w, c, 1)
	w.srv.Clock.Advance(10 * time.Second)
	w.srv.Faults.Add(fault.Rule{Provider: "alibaba-ens", Operation: "DeleteNetworkPeerConnection", Kind: fault.DropResponse, Count: 1})
	for id := range want {
		if err := c.Delete(context.Background(), id); err != nil {
			t.Fatalf("Delete with its answer lost = %v", err)
		}
		if conn := get(t, c, id); conn.Status != peering.StatusDeleting {
			t.Errorf("status %s, want deleting", conn.Status)
		}
	}
	if w.srv.Faults.Fired()[fault.DropResponse] != 1 {
		t.Error("the answer was not dropped")
	}
}

// With the emulator limiting ENS calls, a client limited the same way is
// never throttled, and one that is not limited is, and recovers.
func TestRateLimits(t *testing.T) {
	w := start(t, 67)
	c := w.client(t)
	want := createN(t, w, c, 60)
	w.srv.Faults.SetLimit("alibaba-ens", "DescribeNetworkPeerConnections", fault.Limit{Calls: 1200, Per: time.Minute, Burst: 5})
	for _, tt := range []struct {
		name      string
		perMinute int
		throttled bool
	}{
		{"paced", 1200, false},
		{"unpaced", 0, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := w.client(t, func(o *Options) { o.CallsPerMinute, o.Burst, o.MaxAttempts = tt.perMinute, 3, 12 })
			before := w.srv.Faults.Fired()[fault.Throttle]
			sameIDs(t, collectOnce(t, c, peering.Filter{PageSize: 10}), want)
			got, _ := walk(t, c, peering.Filter{PageSize: 10})
			sameIDs(t, got, want)
			n := w.srv.Faults.Fired()[fault.Throttle] - before
			t.Logf("12 pages drew %d throttling errors", n)
			if (n > 0) != tt.throttled {
				t.Errorf("throttled %d times; want throttling: %v", n, tt.throttled)
			}
		})
	}
}
