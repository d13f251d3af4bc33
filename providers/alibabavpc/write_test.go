package alibabavpc

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator/fault"
)

// get fetches a connection, failing the test on an error.
func get(t *testing.T, c *Client, id string) peering.Connection {
	t.Helper()
	conn, err := c.Get(context.Background(), id)
	if err != nil {
		t.Fatalf("Get(%s): %v", id, err)
	}
	return conn
}

func TestCrossAccountLifecycle(t *testing.T) {
	w := start(t, 21, false)
	ctx := context.Background()
	a, b := w.client(t, w.a, hangzhou), w.client(t, w.b, hangzhou)
	id, err := a.Create(ctx, peering.CreateRequest{
		Name: "web-to-db", Description: "cross-account", LocalNetworkID: w.vpcs(t, w.a, hangzhou)[0],
		PeerNetworkID: w.vpcs(t, w.b, hangzhou)[0], PeerAccountID: w.b.ID,
	})
	if err != nil {
		t.Fatal(err)
	}
	if c := get(t, a, id); c.Status != peering.StatusPending || c.Role != peering.RoleRequester {
		t.Errorf("after create: %s, role %s; want pending, requester", c.Status, c.Role)
	}
	w.srv.Clock.Advance(10 * time.Second)
	c := get(t, b, id)
	if c.Status != peering.StatusPendingAcceptance || c.Role != peering.RoleAccepter || c.AcceptBy.IsZero() || !c.TermEndsAt.IsZero() ||
		c.Requester.AccountID != w.a.ID || c.Accepter.AccountID != w.b.ID {
		t.Fatalf("the accepter sees %s, role %s, accept by %v, term ends %v, accounts %s -> %s", c.Status, c.Role, c.AcceptBy, c.TermEndsAt, c.Requester.AccountID, c.Accepter.AccountID)
	}
	if got := collectOnce(t, b, peering.Filter{}); len(got) != 1 {
		t.Errorf("the accepter lists %d connections, want 1", len(got))
	}
	if err := b.Accept(ctx, id); err != nil {
		t.Fatal(err)
	}
	if err := b.Accept(ctx, id); peering.Code(err) != peering.FailedPrecondition {
		t.Errorf("a second Accept = %v, want FailedPrecondition", err)
	}
	w.srv.Clock.Advance(10 * time.Second)
	if c := get(t, a, id); c.Status != peering.StatusActive || !c.AcceptBy.IsZero() {
		t.Errorf("after accept: %s, accept by %v; want active, none", c.Status, c.AcceptBy)
	}

	name, desc := "web-to-db-2", "renamed"
	if err := a.Update(ctx, id, peering.Update{Name: &name, Description: &desc}); err != nil {
		t.Fatal(err)
	}
	w.srv.Clock.Advance(10 * time.Second)
	if c := get(t, a, id); c.Name != name || c.Description != desc {
		t.Errorf("after update: %q %q", c.Name, c.Description)
	}

	if err := a.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}
	if c := get(t, a, id); c.Status != peering.StatusDeleting {
		t.Errorf("after delete: %s, want deleting", c.Status)
	}
	w.srv.Clock.Advance(time.Minute)
	if _, err := a.Get(ctx, id); peering.Code(err) != peering.NotFound {
		t.Errorf("Get after delete = %v, want NotFound", err)
	}
	if err := a.Delete(ctx, id); err != nil {
		t.Errorf("deleting a gone connection = %v, want nil", err)
	}
}

func TestReject(t *testing.T) {
	w := start(t, 22, false)
	ctx := context.Background()
	a, b := w.client(t, w.a, hangzhou), w.client(t, w.b, hangzhou)
	id, err := a.Create(ctx, peering.CreateRequest{LocalNetworkID: w.vpcs(t, w.a, hangzhou)[0],
		PeerNetworkID: w.vpcs(t, w.b, hangzhou)[1], PeerAccountID: w.b.ID})
	if err != nil {
		t.Fatal(err)
	}
	w.srv.Clock.Advance(10 * time.Second)
	if err := b.Reject(ctx, id); err != nil {
		t.Fatal(err)
	}
	c, err := peering.WaitFor(ctx, a, id, peering.StatusActive)
	if peering.Code(err) != peering.FailedPrecondition || c.Status != peering.StatusRejected {
		t.Errorf("waiting for a rejected connection: %s, %v; want rejected, FailedPrecondition", c.Status, err)
	}
}

// Bandwidth, link type and tags are missing from the SDK's typed create
// request; the adapter adds them.
func TestCreateInterRegionWithBandwidthLinkTypeAndTags(t *testing.T) {
	w := start(t, 23, false)
	ctx := context.Background()
	a := w.client(t, w.a, hangzhou)
	tags := map[string]string{"env": "prod", "team": "net", "empty": ""}
	id, err := a.Create(ctx, peering.CreateRequest{
		Name: "hz-to-sh", LocalNetworkID: w.vpcs(t, w.a, hangzhou)[0], PeerNetworkID: w.vpcs(t, w.a, shanghai)[0],
		PeerRegion: shanghai, Bandwidth: peering.Mbps(500), Tags: tags,
		ProviderOptions: &CreateOptions{LinkType: LinkTypePlatinum},
	})
	if err != nil {
		t.Fatal(err)
	}
	w.srv.Clock.Advance(10 * time.Second)
	c := get(t, a, id)
	if c.Bandwidth != 500 || c.Attributes["LinkType"] != LinkTypePlatinum || !reflect.DeepEqual(c.Tags, tags) ||
		c.Accepter.Region != shanghai || c.Requester.Region != hangzhou || c.Status != peering.StatusActive {
		t.Fatalf("created %+v", c)
	}
	// The peer region's client sees it too.
	if c := get(t, w.client(t, w.a, shanghai), id); c.ID != id {
		t.Errorf("the Shanghai client sees %q", c.ID)
	}
	if err := a.Update(ctx, id, peering.Update{Bandwidth: peering.Mbps(800)}); err != nil {
		t.Fatal(err)
	}
	w.srv.Clock.Advance(10 * time.Second)
	if c := get(t, a, id); c.Bandwidth != 800 {
		t.Errorf("bandwidth after update = %v, want 800", c.Bandwidth)
	}
}

func TestCreateInRegionIsUnlimited(t *testing.T) {
	w := start(t, 24, false)
	a := w.client(t, w.a, hangzhou)
	vpcs := w.vpcs(t, w.a, hangzhou)
	for i, bw := range []*peering.Bandwidth{nil, peering.Mbps(-1)} {
		// A pair of VPCs each: VpcPeer allows one connection per pair.
		id, err := a.Create(context.Background(), peering.CreateRequest{LocalNetworkID: vpcs[0], PeerNetworkID: vpcs[1+i], Bandwidth: bw})
		if err != nil {
			t.Fatal(err)
		}
		if c := get(t, a, id); c.Bandwidth != peering.BandwidthUnlimited || c.Accepter.AccountID != w.a.ID {
			t.Errorf("bandwidth %v, peer account %s; want unlimited, the caller's", c.Bandwidth, c.Accepter.AccountID)
		}
	}
}

// VpcPeer allows one connection per VPC pair, in either direction: a
// second create for a held pair is AlreadyExists with the cloud's code, and
// is not retried (waiting would not free the pair).
func TestCreateOnAHeldPairIsAlreadyExists(t *testing.T) {
	w := start(t, 29, false)
	ctx := context.Background()
	a, b := w.client(t, w.a, hangzhou), w.client(t, w.b, hangzhou)
	va, vb := w.vpcs(t, w.a, hangzhou), w.vpcs(t, w.b, hangzhou)
	for _, req := range []peering.CreateRequest{
		{LocalNetworkID: va[0], PeerNetworkID: va[1]},
		{LocalNetworkID: va[0], PeerNetworkID: vb[0], PeerAccountID: w.b.ID},
	} {
		if _, err := a.Create(ctx, req); err != nil {
			t.Fatal(err)
		}
	}
	w.srv.Clock.Advance(10 * time.Second) // Activated, and Accepting
	for _, tt := range []struct {
		name string
		c    *Client
		req  peering.CreateRequest
	}{
		{"again", a, peering.CreateRequest{LocalNetworkID: va[0], PeerNetworkID: va[1]}},
		{"the other way", a, peering.CreateRequest{LocalNetworkID: va[1], PeerNetworkID: va[0]}},
		{"asked back by the accepter", b, peering.CreateRequest{LocalNetworkID: vb[0], PeerNetworkID: va[0], PeerAccountID: w.a.ID}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := w.srv.Alibaba.Requests()
			_, err := tt.c.Create(ctx, tt.req)
			var pe *peering.Error
			if peering.Code(err) != peering.AlreadyExists || !errors.As(err, &pe) || pe.ProviderCode != "ResourceAlreadyExist.VpcPeer" {
				t.Fatalf("Create = %v, want AlreadyExists (ResourceAlreadyExist.VpcPeer)", err)
			}
			if n := w.srv.Alibaba.Requests() - before; n != 1 {
				t.Errorf("%d requests, want 1: AlreadyExists is not retried", n)
			}
		})
	}
}

// Every attempt of a write carries one ClientToken: a create whose answer
// is lost is retried and returns the connection it made, not a second one.
func TestCreateSurvivesALostAnswer(t *testing.T) {
	w := start(t, 25, false)
	ctx := context.Background()
	a := w.client(t, w.a, hangzhou)
	vpcs := w.vpcs(t, w.a, hangzhou)
	w.srv.Faults.Add(fault.Rule{Provider: "alibaba-vpc", Operation: "CreateVpcPeerConnection", Kind: fault.DropResponse, Count: 1})
	id, err := a.Create(ctx, peering.CreateRequest{Name: "once", LocalNetworkID: vpcs[0], PeerNetworkID: vpcs[1]})
	if err != nil {
		t.Fatal(err)
	}
	if w.srv.Faults.Fired()[fault.DropResponse] != 1 {
		t.Fatal("the answer was not dropped")
	}
	if all := emulated(w.srv); len(all) != 1 || !all[id] {
		t.Errorf("the world holds %v, want only %s", all, id)
	}

	// The caller's own token makes its retries idempotent too.
	req := peering.CreateRequest{Name: "twice", LocalNetworkID: vpcs[0], PeerNetworkID: vpcs[2], ClientToken: "caller-token-1"}
	first, err := a.Create(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	second, err := a.Create(ctx, req)
	if err != nil || second != first {
		t.Errorf("a repeated create with the same token = %s, %v; want %s", second, err, first)
	}
	req.Name = "different"
	if _, err := a.Create(ctx, req); peering.Code(err) != peering.InvalidArgument {
		t.Errorf("the token reused for another create = %v, want InvalidArgument (IdempotentParameterMismatch)", err)
	}
}

func TestWritesSurviveLostAnswers(t *testing.T) {
	w := start(t, 26, false)
	ctx := context.Background()
	a, b := w.client(t, w.a, hangzhou), w.client(t, w.b, hangzhou)
	id, err := a.Create(ctx, peering.CreateRequest{LocalNetworkID: w.vpcs(t, w.a, hangzhou)[0],
		PeerNetworkID: w.vpcs(t, w.b, hangzhou)[0], PeerAccountID: w.b.ID})
	if err != nil {
		t.Fatal(err)
	}
	w.srv.Clock.Advance(10 * time.Second)
	for _, step := range []struct {
		action string
		do     func() error
	}{
		{"AcceptVpcPeerConnection", func() error { return b.Accept(ctx, id) }},
		{"ModifyVpcPeerConnection", func() error { n := "renamed"; return a.Update(ctx, id, peering.Update{Name: &n}) }},
		{"DeleteVpcPeerConnection", func() error { return a.Delete(ctx, id) }},
	} {
		w.srv.Faults.Add(fault.Rule{Provider: "alibaba-vpc", Operation: step.action, Kind: fault.DropResponse, Count: 1})
		if err := step.do(); err != nil {
			t.Errorf("%s with its answer lost: %v", step.action, err)
		}
		w.srv.Clock.Advance(10 * time.Second)
	}
	if got := w.srv.Faults.Fired()[fault.DropResponse]; got != 3 {
		t.Errorf("dropped %d answers, want 3", got)
	}
}

func TestTags(t *testing.T) {
	w := start(t, 27, false)
	ctx := context.Background()
	a := w.client(t, w.a, hangzhou)
	ids := make([]string, 0, 3)
	for id := range createN(t, w, a, 3) {
		ids = append(ids, id)
	}
	if err := a.TagResources(ctx, ids, map[string]string{"env": "prod", "team": "net"}); err != nil {
		t.Fatal(err)
	}
	if err := a.UntagResources(ctx, ids[:1], []string{"team"}, false); err != nil {
		t.Fatal(err)
	}
	if err := a.UntagResources(ctx, ids[1:2], nil, true); err != nil {
		t.Fatal(err)
	}
	got, err := a.ListTags(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]string{ids[0]: {"env": "prod"}, ids[2]: {"env": "prod", "team": "net"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ListTags = %v, want %v", got, want)
	}
	if c := get(t, a, ids[2]); !reflect.DeepEqual(c.Tags, want[ids[2]]) {
		t.Errorf("Get shows tags %v", c.Tags)
	}
}

func TestListTagsPages(t *testing.T) {
	w := start(t, 28, false)
	ctx := context.Background()
	a := w.client(t, w.a, hangzhou)
	var ids []string
	for id := range createN(t, w, a, 60) { // two chunks of ResourceId, several tag pages
		ids = append(ids, id)
	}
	tags := map[string]string{"a": "1", "b": "2"}
	if err := a.TagResources(ctx, ids, tags); err != nil {
		t.Fatal(err)
	}
	got, err := a.ListTags(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(ids) {
		t.Fatalf("ListTags covers %d connections, want %d", len(got), len(ids))
	}
	for _, id := range ids {
		if !reflect.DeepEqual(got[id], tags) {
			t.Errorf("%s: %v", id, got[id])
		}
	}
}
