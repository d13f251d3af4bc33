package baidu

import (
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
)

// get fetches a connection, failing the test on error.
func get(t *testing.T, c *Client, id string) peering.Connection {
	t.Helper()
	conn, err := c.Get(testContext(t), id)
	if err != nil {
		t.Fatal(err)
	}
	return conn
}

// settle lets the emulator's transient statuses pass.
func settle(srv *emulator.Server) { srv.Clock.Advance(30 * time.Second) }

// whileTimePasses runs call while moving the emulated clock along, for
// calls that wait for a transient status to pass.
func whileTimePasses(srv *emulator.Server, call func() error) error {
	done := make(chan error, 1)
	go func() { done <- call() }()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			return err
		case <-tick.C:
			srv.Clock.Advance(time.Second)
		}
	}
}

func prefixes(t *testing.T, blocks ...string) []netip.Prefix {
	t.Helper()
	var out []netip.Prefix
	for _, b := range blocks {
		if b != "" {
			out = append(out, netip.MustParsePrefix(b))
		}
	}
	return out
}

// TestSameAccountLifecycle drives every operation on one connection within
// one account and region: create, get, update, resize, DNS sync, delete
// protection, delete.
func TestSameAccountLifecycle(t *testing.T) {
	srv := startEmulator(t)
	ctx := testContext(t)
	c := clientFor(t, srv, "baidu-a", "bj", Options{})
	a := account(t, srv, "baidu-a")
	fx := fixtures(t, srv, "baidu-a", "bj")

	id, err := c.Create(ctx, peering.CreateRequest{
		Description:    "app to data",
		LocalNetworkID: fx[0].ID, PeerNetworkID: fx[2].ID,
		Bandwidth: peering.Mbps(100), Tags: map[string]string{"env": "test", "team": "net"},
		ProviderOptions: &CreateOptions{LocalIfName: "app-link", PeerIfName: "data-link"},
	})
	if err != nil {
		t.Fatal(err)
	}
	created := srv.Clock.Now().Truncate(time.Second)

	conn := get(t, c, id)
	if conn.Status != peering.StatusPending || conn.ProviderStatus != "creating" {
		t.Errorf("status after create = %s (%s), want pending (creating)", conn.Status, conn.ProviderStatus)
	}
	settle(srv)
	conn = get(t, c, id)
	want := peering.Connection{
		Provider: peering.Baidu, ID: id, Description: "app to data", // no Name: Baidu has none
		Status: peering.StatusActive, ProviderStatus: "active", Bandwidth: 100,
		Requester: peering.Endpoint{NetworkID: fx[0].ID, Region: "bj", AccountID: a.ID, IPv4CIDRs: prefixes(t, fx[0].CIDR)},
		Accepter: peering.Endpoint{NetworkID: fx[2].ID, Region: "bj", AccountID: a.ID,
			IPv4CIDRs: prefixes(t, fx[2].CIDR), IPv6CIDRs: prefixes(t, fx[2].IPv6CIDR)},
		Role: peering.RoleRequester, Tags: map[string]string{"env": "test", "team": "net"},
		CreatedAt: created.UTC(),
	}
	checkConn(t, conn, want)
	p := conn.Raw.(*PeerConn)
	if conn.Attributes["paymentTiming"] != "Postpaid" || conn.Attributes["dnsStatus"] != "close" ||
		conn.Attributes["deleteProtect"] != "false" || conn.Attributes["localIfId"] != p.LocalIfID || p.LocalIfID == "" ||
		conn.Attributes["localIfName"] != "app-link" {
		t.Errorf("attributes = %v", conn.Attributes)
	}
	if len(fx[2].IPv6CIDR) == 0 {
		t.Error("fixture 3 has no IPv6 block: the IPv6 path is not exercised")
	}

	// The description through update, the interface name through
	// RenameInterface, bandwidth through resize; a Name is Unimplemented.
	name, desc := "app-link-2", "renamed"
	wantCode(t, c.Update(ctx, id, peering.Update{Name: &name}), peering.Unimplemented)
	if err := c.Update(ctx, id, peering.Update{Description: &desc}); err != nil {
		t.Fatal(err)
	}
	if s := get(t, c, id).Status; s != peering.StatusUpdating {
		t.Errorf("status after update = %s, want updating", s)
	}
	// Baidu refuses a resize while the connection is updating.
	wantCode(t, c.Update(ctx, id, peering.Update{Bandwidth: peering.Mbps(200)}), peering.FailedPrecondition)
	settle(srv)
	if err := c.RenameInterface(ctx, id, name); err != nil {
		t.Fatal(err)
	}
	settle(srv)
	if err := c.Update(ctx, id, peering.Update{Bandwidth: peering.Mbps(200)}); err != nil {
		t.Fatal(err)
	}
	settle(srv)
	conn = get(t, c, id)
	if conn.Name != "" || conn.Attributes["localIfName"] != name || conn.Description != desc || conn.Bandwidth != 200 || conn.Status != peering.StatusActive {
		t.Errorf("after update: name %q, interface %q, description %q, bandwidth %v, status %s", conn.Name, conn.Attributes["localIfName"], conn.Description, conn.Bandwidth, conn.Status)
	}
	// Both at once: the resize waits for the update's "updating" to pass,
	// which the emulated clock, moved along here, lets happen.
	desc = "renamed again"
	requests := srv.Baidu.Requests()
	if err := whileTimePasses(srv, func() error {
		return c.Update(ctx, id, peering.Update{Description: &desc, Bandwidth: peering.Mbps(300)})
	}); err != nil {
		t.Fatal(err)
	}
	if n := srv.Baidu.Requests() - requests; n < 4 {
		t.Errorf("%d requests for a combined update, want at least 4 (get, update, poll, resize)", n)
	}
	settle(srv)
	if conn = get(t, c, id); conn.Description != desc || conn.Bandwidth != 300 {
		t.Errorf("after a combined update: description %q, bandwidth %v", conn.Description, conn.Bandwidth)
	}
	before := srv.Baidu.Requests()
	if err := c.Update(ctx, id, peering.Update{}); err != nil || srv.Baidu.Requests() != before {
		t.Errorf("an empty update: err %v, %d requests; want nothing sent", err, srv.Baidu.Requests()-before)
	}

	// DNS sync.
	if err := c.OpenDNSSync(ctx, id); err != nil {
		t.Fatal(err)
	}
	if s := get(t, c, id).Attributes["dnsStatus"]; s != "wait" {
		t.Errorf("dnsStatus after open = %q, want wait", s)
	}
	settle(srv)
	if s := get(t, c, id).Attributes["dnsStatus"]; s != "open" {
		t.Errorf("dnsStatus = %q, want open", s)
	}
	wantCode(t, c.OpenDNSSync(ctx, id), peering.FailedPrecondition) // already open
	if err := c.CloseDNSSync(ctx, id); err != nil {
		t.Fatal(err)
	}
	settle(srv)
	if s := get(t, c, id).Attributes["dnsStatus"]; s != "close" {
		t.Errorf("dnsStatus = %q, want close", s)
	}

	// Delete protection, then delete.
	if err := c.SetDeleteProtection(ctx, id, true); err != nil {
		t.Fatal(err)
	}
	if s := get(t, c, id).Attributes["deleteProtect"]; s != "true" {
		t.Errorf("deleteProtect = %q", s)
	}
	err = c.Delete(ctx, id)
	wantCode(t, err, peering.FailedPrecondition)
	if pe := err.(*peering.Error); pe.ProviderCode != "PeerConnDeleteProtected" || pe.RequestID == "" || pe.HTTPStatus != 409 {
		t.Errorf("error fields: code %q, request id %q, HTTP %d", pe.ProviderCode, pe.RequestID, pe.HTTPStatus)
	}
	if err := c.SetDeleteProtection(ctx, id, false); err != nil {
		t.Fatal(err)
	}
	if err := c.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}
	if s := get(t, c, id).Status; s != peering.StatusDeleting {
		t.Errorf("status after delete = %s, want deleting", s)
	}
	// The API refuses to delete what is being deleted; Delete does not.
	if err := c.Delete(ctx, id); err != nil {
		t.Errorf("deleting a connection being deleted: %v, want nil", err)
	}
	srv.Clock.Advance(5 * time.Second)
	if s := get(t, c, id).Status; s != peering.StatusDeleted {
		t.Errorf("status = %s, want deleted", s)
	}
	if err := c.Delete(ctx, id); err != nil {
		t.Errorf("deleting a deleted connection: %v, want nil", err)
	}
	settle(srv)
	_, err = c.Get(ctx, id)
	wantCode(t, err, peering.NotFound)
	if err := c.Delete(ctx, id); err != nil {
		t.Errorf("deleting a connection that is gone: %v, want nil", err)
	}
}

// checkConn compares the fields of a connection a test can predict.
func checkConn(t *testing.T, got, want peering.Connection) {
	t.Helper()
	eq := func(field string, g, w any) {
		t.Helper()
		if g != w {
			t.Errorf("%s = %v, want %v", field, g, w)
		}
	}
	eq("Provider", got.Provider, want.Provider)
	eq("ID", got.ID, want.ID)
	eq("Name", got.Name, want.Name)
	eq("Description", got.Description, want.Description)
	eq("Status", got.Status, want.Status)
	eq("ProviderStatus", got.ProviderStatus, want.ProviderStatus)
	eq("Bandwidth", got.Bandwidth, want.Bandwidth)
	eq("Role", got.Role, want.Role)
	eq("CreatedAt", got.CreatedAt, want.CreatedAt)
	eq("TermEndsAt", got.TermEndsAt, want.TermEndsAt)
	for _, ep := range []struct {
		name      string
		got, want peering.Endpoint
	}{{"Requester", got.Requester, want.Requester}, {"Accepter", got.Accepter, want.Accepter}} {
		eq(ep.name+".NetworkID", ep.got.NetworkID, ep.want.NetworkID)
		eq(ep.name+".Region", ep.got.Region, ep.want.Region)
		eq(ep.name+".AccountID", ep.got.AccountID, ep.want.AccountID)
		eq(ep.name+".IPv4CIDRs", fmtPrefixes(ep.got.IPv4CIDRs), fmtPrefixes(ep.want.IPv4CIDRs))
		eq(ep.name+".IPv6CIDRs", fmtPrefixes(ep.got.IPv6CIDRs), fmtPrefixes(ep.want.IPv6CIDRs))
	}
	if len(got.Tags) != len(want.Tags) {
		t.Errorf("Tags = %v, want %v", got.Tags, want.Tags)
	}
	for k, v := range want.Tags {
		eq("Tags["+k+"]", got.Tags[k], v)
	}
}

func fmtPrefixes(ps []netip.Prefix) string {
	s := ""
	for _, p := range ps {
		s += p.String() + " "
	}
	return s
}

// TestCrossAccount covers the acceptor's side: the offer, accept, reject,
// and what each account may see and do.
func TestCrossAccount(t *testing.T) {
	srv := startEmulator(t)
	ctx := testContext(t)
	ca := clientFor(t, srv, "baidu-a", "bj", Options{})
	cb := clientFor(t, srv, "baidu-b", "bj", Options{})
	a, b := account(t, srv, "baidu-a"), account(t, srv, "baidu-b")
	fa, fb := fixtures(t, srv, "baidu-a", "bj"), fixtures(t, srv, "baidu-b", "bj")

	offer := func(local, peer string) string {
		t.Helper()
		id, err := ca.Create(ctx, peering.CreateRequest{LocalNetworkID: local, PeerNetworkID: peer, PeerAccountID: b.ID,
			Bandwidth: peering.Mbps(50), Tags: map[string]string{"owner": "a"}, Description: "offer"})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	accepted, rejected := offer(fa[0].ID, fb[0].ID), offer(fa[1].ID, fb[1].ID)
	settle(srv)

	// The initiator sees its offer waiting, the peer's account and no peer
	// CIDRs: the peer VPC is not the caller's to read.
	conn := get(t, ca, accepted)
	checkConn(t, conn, peering.Connection{
		Provider: peering.Baidu, ID: accepted, Description: "offer",
		Status: peering.StatusPendingAcceptance, ProviderStatus: "consulting", Bandwidth: 50,
		Requester: peering.Endpoint{NetworkID: fa[0].ID, Region: "bj", AccountID: a.ID, IPv4CIDRs: prefixes(t, fa[0].CIDR)},
		Accepter:  peering.Endpoint{NetworkID: fb[0].ID, Region: "bj", AccountID: b.ID},
		Role:      peering.RoleRequester,
		Tags:      map[string]string{"owner": "a"},
		CreatedAt: conn.CreatedAt,
	})

	// The acceptor lists the offer from its own end.
	offers, err := peering.Collect(ctx, cb, peering.Filter{Status: []peering.Status{peering.StatusPendingAcceptance}})
	if err != nil {
		t.Fatal(err)
	}
	if ids := idsOf(t, offers); len(ids) != 2 {
		t.Fatalf("the acceptor sees %v, want both offers", ids)
	}
	// Its own end is the Accepter, with its blocks; the Requester is A's.
	for _, o := range offers {
		if o.Role != peering.RoleAccepter || o.Requester.AccountID != a.ID || o.Accepter.AccountID != b.ID || len(o.Accepter.IPv4CIDRs) != 1 || len(o.Requester.IPv4CIDRs) != 0 {
			t.Errorf("acceptor's view of %s: role %s, requester %+v, accepter %+v", o.ID, o.Role, o.Requester, o.Accepter)
		}
	}

	// Only the acceptor may answer; only the initiator may resize.
	wantCode(t, ca.Accept(ctx, accepted), peering.PermissionDenied)
	wantCode(t, cb.Update(ctx, accepted, peering.Update{Bandwidth: peering.Mbps(60)}), peering.PermissionDenied)
	if err := cb.Accept(ctx, accepted); err != nil {
		t.Fatal(err)
	}
	if err := cb.Reject(ctx, rejected); err != nil {
		t.Fatal(err)
	}
	wantCode(t, cb.Accept(ctx, rejected), peering.FailedPrecondition)
	settle(srv)
	if s := get(t, ca, accepted).Status; s != peering.StatusActive {
		t.Errorf("accepted offer is %s, want active", s)
	}
	if conn := get(t, ca, rejected); conn.Status != peering.StatusRejected || conn.ProviderStatus != "consult_failed" {
		t.Errorf("rejected offer is %s (%s), want rejected (consult_failed)", conn.Status, conn.ProviderStatus)
	}
	// The acceptor may rename its own end's interface.
	name := "from-b"
	if err := cb.RenameInterface(ctx, accepted, name); err != nil {
		t.Fatal(err)
	}
	settle(srv)
	if got := get(t, cb, accepted).Attributes["localIfName"]; got != name {
		t.Errorf("acceptor's interface name = %q, want %q", got, name)
	}
	if got := get(t, ca, accepted).Attributes["localIfName"]; got == name {
		t.Error("renaming the acceptor's end renamed the initiator's")
	}
}

// TestPrepaidCrossRegion covers billing options and renewal.
func TestPrepaidCrossRegion(t *testing.T) {
	srv := startEmulator(t)
	ctx := testContext(t)
	c := clientFor(t, srv, "baidu-a", "bj", Options{})
	bj, gz := fixtures(t, srv, "baidu-a", "bj"), fixtures(t, srv, "baidu-a", "gz")
	id, err := c.Create(ctx, peering.CreateRequest{LocalNetworkID: bj[0].ID, PeerNetworkID: gz[0].ID, PeerRegion: "gz",
		Bandwidth:       peering.Mbps(20),
		ProviderOptions: CreateOptions{PaymentTiming: Prepaid, ReservationMonths: 1, DeleteProtect: true}})
	if err != nil {
		t.Fatal(err)
	}
	created := srv.Clock.Now().Truncate(time.Second)
	settle(srv)
	conn := get(t, c, id)
	if conn.Attributes["paymentTiming"] != Prepaid || conn.Attributes["deleteProtect"] != "true" {
		t.Errorf("attributes = %v", conn.Attributes)
	}
	if want := created.AddDate(0, 1, 0).UTC(); !conn.TermEndsAt.Equal(want) {
		t.Errorf("TermEndsAt = %v, want %v", conn.TermEndsAt, want)
	}
	// The peer VPC is in another region: its blocks are not looked up.
	if conn.Accepter.Region != "gz" || len(conn.Accepter.IPv4CIDRs) != 0 || len(conn.Requester.IPv4CIDRs) != 1 {
		t.Errorf("local %+v, peer %+v", conn.Requester, conn.Accepter)
	}
	if err := c.Renew(ctx, id, 12); err != nil {
		t.Fatal(err)
	}
	if want := created.AddDate(0, 13, 0).UTC(); !get(t, c, id).TermEndsAt.Equal(want) {
		t.Errorf("TermEndsAt after renewal = %v, want %v", get(t, c, id).TermEndsAt, want)
	}
	// A prepaid connection only grows.
	wantCode(t, c.Update(ctx, id, peering.Update{Bandwidth: peering.Mbps(10)}), peering.InvalidArgument)
	if err := c.SetDeleteProtection(ctx, id, false); err != nil {
		t.Fatal(err)
	}
	err = c.Delete(ctx, id)
	wantCode(t, err, peering.FailedPrecondition)
	if pe := err.(*peering.Error); pe.ProviderCode != "PrepaidPeerConnNotExpired" {
		t.Errorf("code = %q, want PrepaidPeerConnNotExpired", pe.ProviderCode)
	}

	// Renewing a postpaid connection is refused by the API.
	post, err := c.Create(ctx, peering.CreateRequest{LocalNetworkID: bj[1].ID, PeerNetworkID: gz[1].ID, PeerRegion: "gz", Bandwidth: peering.Mbps(20)})
	if err != nil {
		t.Fatal(err)
	}
	settle(srv)
	wantCode(t, c.Renew(ctx, post, 1), peering.InvalidArgument)
}

// TestIdempotentCreate reuses a client token: the same request returns the
// same connection, a different one is refused.
func TestIdempotentCreate(t *testing.T) {
	srv := startEmulator(t)
	ctx := testContext(t)
	c := clientFor(t, srv, "baidu-a", "bj", Options{})
	fx := fixtures(t, srv, "baidu-a", "bj")
	req := peering.CreateRequest{LocalNetworkID: fx[0].ID, PeerNetworkID: fx[1].ID, Bandwidth: peering.Mbps(10),
		Tags: map[string]string{"a": "1", "b": "2", "c": "3", "d": "4"}, ClientToken: "create-once-7f3a"}
	first, err := c.Create(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	// Tags are a map: the body must not depend on its iteration order.
	for range 5 {
		again, err := c.Create(ctx, req)
		if err != nil || again != first {
			t.Fatalf("the same token and request gave %q, %v; want %q", again, err, first)
		}
	}
	if n := len(connsBetween(srv, fx[0].ID, fx[1].ID)); n != 1 {
		t.Fatalf("%d connections, want 1", n)
	}
	req.Bandwidth = peering.Mbps(20)
	_, err = c.Create(ctx, req)
	wantCode(t, err, peering.InvalidArgument)
	if pe := err.(*peering.Error); pe.ProviderCode != "IdempotentParameterMismatch" {
		t.Errorf("code = %q", pe.ProviderCode)
	}
	// Without the token, the VPC pair is taken.
	req.ClientToken = ""
	_, err = c.Create(ctx, req)
	wantCode(t, err, peering.AlreadyExists)
}

// TestInvalidInputSendsNothing checks every input the adapter refuses
// itself: the error is InvalidArgument and the emulator sees no request.
func TestInvalidInputSendsNothing(t *testing.T) {
	srv := startEmulator(t)
	ctx := testContext(t)
	c := clientFor(t, srv, "baidu-a", "bj", Options{})
	fx := fixtures(t, srv, "baidu-a", "bj")
	ok := peering.CreateRequest{LocalNetworkID: fx[0].ID, PeerNetworkID: fx[1].ID, Bandwidth: peering.Mbps(10)}
	with := func(edit func(*peering.CreateRequest)) peering.CreateRequest {
		r := ok
		edit(&r)
		return r
	}
	neg := peering.Bandwidth(-5)
	creates := []struct {
		name string
		req  peering.CreateRequest
	}{
		{"no local network", with(func(r *peering.CreateRequest) { r.LocalNetworkID = "" })},
		{"no peer network", with(func(r *peering.CreateRequest) { r.PeerNetworkID = "" })},
		{"network with a slash", with(func(r *peering.CreateRequest) { r.PeerNetworkID = "vpc/../x" })},
		{"same network twice", with(func(r *peering.CreateRequest) { r.PeerNetworkID = r.LocalNetworkID })},
		{"unknown peer region", with(func(r *peering.CreateRequest) { r.PeerRegion = "mars-1" })},
		{"no bandwidth", with(func(r *peering.CreateRequest) { r.Bandwidth = nil })},
		{"zero bandwidth", with(func(r *peering.CreateRequest) { r.Bandwidth = peering.Mbps(0) })},
		{"unlimited bandwidth", with(func(r *peering.CreateRequest) { r.Bandwidth = peering.Mbps(-1) })},
		{"negative bandwidth", with(func(r *peering.CreateRequest) { r.Bandwidth = &neg })},
		{"token too long", with(func(r *peering.CreateRequest) { r.ClientToken = strings.Repeat("t", 65) })},
		{"token not ASCII", with(func(r *peering.CreateRequest) { r.ClientToken = "tök" })},
		{"wrong options type", with(func(r *peering.CreateRequest) { r.ProviderOptions = struct{}{} })},
		{"unknown payment timing", with(func(r *peering.CreateRequest) { r.ProviderOptions = CreateOptions{PaymentTiming: "Monthly"} })},
		{"prepaid within a region", with(func(r *peering.CreateRequest) {
			r.ProviderOptions = CreateOptions{PaymentTiming: Prepaid, ReservationMonths: 1}
		})},
		{"prepaid without a term", with(func(r *peering.CreateRequest) {
			r.PeerRegion, r.ProviderOptions = "gz", CreateOptions{PaymentTiming: Prepaid}
		})},
		{"postpaid with a term", with(func(r *peering.CreateRequest) { r.ProviderOptions = CreateOptions{ReservationMonths: 3} })},
		{"a name", with(func(r *peering.CreateRequest) { r.Name = "a" })},
		{"peer interface name across accounts", with(func(r *peering.CreateRequest) {
			r.PeerAccountID, r.ProviderOptions = "someone-else", CreateOptions{PeerIfName: "x"}
		})},
		{"empty tag key", with(func(r *peering.CreateRequest) { r.Tags = map[string]string{"": "v"} })},
	}
	for _, tt := range creates {
		t.Run("Create/"+tt.name, func(t *testing.T) {
			before := srv.Baidu.Requests()
			_, err := c.Create(ctx, tt.req)
			wantCode(t, err, peering.InvalidArgument)
			if n := srv.Baidu.Requests() - before; n != 0 {
				t.Errorf("%d requests sent", n)
			}
		})
	}
	others := []struct {
		name string
		call func() error
	}{
		{"Get empty ID", func() error { _, err := c.Get(ctx, ""); return err }},
		{"Get ID with a slash", func() error { _, err := c.Get(ctx, "peerconn-a/b"); return err }},
		{"Accept empty ID", func() error { return c.Accept(ctx, "") }},
		{"Reject empty ID", func() error { return c.Reject(ctx, "") }},
		{"Delete empty ID", func() error { return c.Delete(ctx, "") }},
		{"Delete ID with a query", func() error { return c.Delete(ctx, "peerconn-x?accept") }},
		{"Update empty ID", func() error { return c.Update(ctx, "", peering.Update{Bandwidth: peering.Mbps(1)}) }},
		{"Update negative bandwidth", func() error { return c.Update(ctx, "peerconn-x", peering.Update{Bandwidth: &neg}) }},
		{"Update zero bandwidth", func() error { return c.Update(ctx, "peerconn-x", peering.Update{Bandwidth: peering.Mbps(0)}) }},
		{"Renew bad term", func() error { return c.Renew(ctx, "peerconn-x", 10) }},
		{"Renew empty ID", func() error { return c.Renew(ctx, "", 1) }},
		{"OpenDNSSync empty ID", func() error { return c.OpenDNSSync(ctx, "") }},
		{"CloseDNSSync empty ID", func() error { return c.CloseDNSSync(ctx, "") }},
		{"SetDeleteProtection empty ID", func() error { return c.SetDeleteProtection(ctx, "", true) }},
	}
	for _, tt := range others {
		t.Run(tt.name, func(t *testing.T) {
			before := srv.Baidu.Requests()
			wantCode(t, tt.call(), peering.InvalidArgument)
			if n := srv.Baidu.Requests() - before; n != 0 {
				t.Errorf("%d requests sent", n)
			}
		})
	}
}
