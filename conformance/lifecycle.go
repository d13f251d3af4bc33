package conformance

import (
	"fmt"
	"slices"
	"testing"

	"github.com/peeringkit/peering"
)

// checkLifecycle takes connections through their lives: created, settled,
// found by every filter, updated, accepted or rejected by the other account,
// deleted and gone. Each case joins a different pair of fixture networks, so
// that none waits on another's deletion.
func checkLifecycle(t *testing.T, e *env) {
	if !e.caps.Create || !e.caps.Delete {
		t.Skip("the provider cannot both create and delete connections (Capabilities)")
	}
	t.Run("SameAccount", func(t *testing.T) { sameAccount(t, e) })
	t.Run("CrossRegion", func(t *testing.T) { crossRegion(t, e) })
	t.Run("CrossAccount/Accept", func(t *testing.T) { crossAccount(t, e, true) })
	t.Run("CrossAccount/Reject", func(t *testing.T) { crossAccount(t, e, false) })
}

// bandwidthInCrossRegion reports whether the bandwidth update is checked on
// the cross-region connection rather than the same-account one: some clouds
// (VpcPeer) limit bandwidth only between regions.
func (e *env) bandwidthInCrossRegion() bool {
	return e.caps.CrossRegion && e.nets.OtherRegion.ID != ""
}

func sameAccount(t *testing.T, e *env) {
	l, s := e.nets.Local, e.nets.SameRegion
	if l.ID == "" || s.ID == "" {
		t.Skip("the harness has no Local and SameRegion fixture networks")
	}
	req := e.request(peering.CreateRequest{
		Name:           name("life"),
		Description:    "conformance lifecycle",
		LocalNetworkID: l.ID,
		PeerNetworkID:  s.ID,
	})
	if e.caps.Tags {
		req.Tags = map[string]string{"conformance": "lifecycle", "case": req.Name}
	}
	id := e.create(t, e.a, req)
	c := e.mustWait(t, e.a, id, peering.StatusActive)

	t.Run("Filters", func(t *testing.T) { e.checkFilters(t, c) })

	upd := peering.Update{}
	if e.caps.UpdateName {
		upd.Name = ptr(name("renamed"))
	}
	if e.caps.UpdateDescription {
		upd.Description = ptr("conformance lifecycle, updated")
	}
	if !upd.IsZero() {
		c = e.update(t, id, upd, c)
	}
	if e.caps.UpdateBandwidth && e.caps.Bandwidth && !e.bandwidthInCrossRegion() {
		e.update(t, id, peering.Update{Bandwidth: peering.Mbps(20)}, c)
	}
	e.deleteAndCheck(t, id)
}

func crossRegion(t *testing.T, e *env) {
	l, r := e.nets.Local, e.nets.OtherRegion
	switch {
	case !e.caps.CrossRegion:
		t.Skip("the provider cannot join regions (Capabilities)")
	case l.ID == "" || r.ID == "":
		t.Skip("the harness has no OtherRegion fixture network")
	}
	req := e.request(peering.CreateRequest{
		Name:           name("region"),
		Description:    "conformance cross-region",
		LocalNetworkID: l.ID,
		PeerNetworkID:  r.ID,
		PeerRegion:     r.Region,
	})
	if e.caps.Bandwidth {
		req.Bandwidth = peering.Mbps(10)
	}
	id := e.create(t, e.a, req)
	c := e.mustWait(t, e.a, id, peering.StatusActive)
	if e.caps.UpdateBandwidth && e.caps.Bandwidth {
		e.update(t, id, peering.Update{Bandwidth: peering.Mbps(20)}, c)
	}
	e.deleteAndCheck(t, id)
}

// crossAccount offers a connection from A to B's network, and B accepts (or
// rejects) it. The two cases start from different networks of A.
func crossAccount(t *testing.T, e *env, accept bool) {
	local, o := e.nets.Local, e.nets.OtherAccount
	if !accept {
		local = e.nets.SameRegion
	}
	switch {
	case !e.caps.CrossAccount:
		t.Skip("the provider cannot join accounts (Capabilities)")
	case accept && !e.caps.Accept || !accept && !e.caps.Reject:
		t.Skip("the provider lacks the operation (Capabilities)")
	case local.ID == "" || o.ID == "":
		t.Skip("the harness has no OtherAccount fixture network")
	}
	b := e.peeringB(t)
	req := e.request(peering.CreateRequest{
		Name:           name("offer"),
		Description:    "conformance cross-account",
		LocalNetworkID: local.ID,
		PeerNetworkID:  o.ID,
		PeerAccountID:  o.AccountID,
	})
	id := e.create(t, e.a, req)
	e.mustWait(t, e.a, id, peering.StatusPendingAcceptance)
	e.mustWait(t, b, id, peering.StatusPendingAcceptance)
	listed, err := peering.Collect(e.ctx, b, peering.Filter{NetworkID: o.ID})
	e.noError(t, "account B's List of its network", err)
	if !slices.Contains(ids(listed), id) {
		t.Errorf("account B's List of network %s lacks the offer %s made to it", o.ID, id)
	}
	if e.caps.Accept {
		if err := e.a.Accept(e.ctx, id); err == nil {
			t.Errorf("account A accepted its own offer %s; only the accepting account may", id)
		} else {
			e.checkError(t, "account A's Accept of its own offer", err)
		}
	}

	if accept {
		e.noError(t, fmt.Sprintf("account B's Accept(%q)", id), b.Accept(e.ctx, id))
		e.mustWait(t, e.a, id, peering.StatusActive)
		e.mustWait(t, b, id, peering.StatusActive)
	} else {
		e.noError(t, fmt.Sprintf("account B's Reject(%q)", id), b.Reject(e.ctx, id))
		e.mustWait(t, e.a, id, peering.StatusRejected)
		e.mustWait(t, b, id, peering.StatusRejected, peering.StatusDeleted)
	}
	e.deleteAndCheck(t, id)
	e.mustWait(t, b, id, peering.StatusDeleted)
}

// request completes a create request with what the provider requires
// beyond the networks: a bandwidth where it has no default.
func (e *env) request(req peering.CreateRequest) peering.CreateRequest {
	if req.Bandwidth == nil && e.caps.CreateNeedsBandwidth {
		req.Bandwidth = peering.Mbps(10)
	}
	if !e.caps.UpdateName {
		req.Name = "" // a provider that cannot name a connection has no names (Baidu)
	}
	return req
}

// create creates req through p, fails the test on error, and deletes the
// connection when the test ends if it is still there.
func (e *env) create(t *testing.T, p peering.Peering, req peering.CreateRequest) string {
	t.Helper()
	id, err := p.Create(e.ctx, req)
	e.noError(t, fmt.Sprintf("Create(%s -> %s)", req.LocalNetworkID, req.PeerNetworkID), err)
	if id == "" {
		t.Fatalf("Create(%s -> %s) returned an empty ID and no error", req.LocalNetworkID, req.PeerNetworkID)
	}
	e.cleanup(t, p, id)
	return id
}

// checkFilters checks that every filter field finds connection c, a settled
// connection of A's, exactly once, and that a filter it does not match
// leaves it out.
func (e *env) checkFilters(t *testing.T, c peering.Connection) {
	type filterCase struct {
		name string
		f    peering.Filter
		want bool // c must be listed once, or not at all
	}
	cases := []filterCase{
		{"NetworkID=local", peering.Filter{NetworkID: c.Requester.NetworkID}, true},
		{"NetworkID=peer", peering.Filter{NetworkID: c.Accepter.NetworkID}, true},
		{"IDs", peering.Filter{IDs: []string{c.ID}}, true},
		{"Name", peering.Filter{Name: c.Name}, true},
		{"Status=match", peering.Filter{NetworkID: c.Requester.NetworkID, Status: []peering.Status{c.Status}}, true},
		{"Status=other", peering.Filter{NetworkID: c.Requester.NetworkID, Status: []peering.Status{peering.StatusRejected}}, false},
		{"Name=other", peering.Filter{NetworkID: c.Requester.NetworkID, Name: c.Name + "-other"}, false},
	}
	if e.caps.Tags && len(c.Tags) > 0 {
		cases = append(cases,
			filterCase{"Tags", peering.Filter{Tags: c.Tags}, true},
			filterCase{"Tags=other", peering.Filter{NetworkID: c.Requester.NetworkID, Tags: map[string]string{"conformance": "no-such-value"}}, false})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := peering.Collect(e.ctx, e.a, tc.f)
			e.noError(t, fmt.Sprintf("List(%+v)", tc.f), err)
			n := 0
			for _, g := range got {
				if !tc.f.Match(g) {
					t.Errorf("List(%+v) returned %s, which does not match the filter", tc.f, g.ID)
				}
				if g.ID == c.ID {
					n++
				}
			}
			switch {
			case tc.want && n != 1:
				t.Errorf("List(%+v) returned connection %s %d times, want once", tc.f, c.ID, n)
			case !tc.want && n != 0:
				t.Errorf("List(%+v) returned connection %s, which does not match the filter", tc.f, c.ID)
			}
		})
	}
}

// update applies u to connection id (last seen as before), waits for it to
// settle in its former status, and checks that the fields in u changed and
// the others did not.
func (e *env) update(t *testing.T, id string, u peering.Update, before peering.Connection) peering.Connection {
	t.Helper()
	e.noError(t, fmt.Sprintf("Update(%q, %s)", id, describe(u)), e.a.Update(e.ctx, id, u))
	c := e.mustWait(t, e.a, id, before.Status)
	want := before
	if u.Name != nil {
		want.Name = *u.Name
	}
	if u.Description != nil {
		want.Description = *u.Description
	}
	if u.Bandwidth != nil {
		want.Bandwidth = *u.Bandwidth
	}
	// Only what Update may change is compared; the times move with it.
	want.UpdatedAt, want.ProviderStatus, want.Attributes = c.UpdatedAt, c.ProviderStatus, nil
	got := c
	got.Attributes = nil
	if d := diff(want, got); d != "" {
		t.Errorf("after Update(%q, %s) (expected -> got):\n%s", id, describe(u), d)
	}
	return c
}

// describe formats an Update's set fields.
func describe(u peering.Update) string {
	s := "{"
	if u.Name != nil {
		s += fmt.Sprintf(" Name:%q", *u.Name)
	}
	if u.Description != nil {
		s += fmt.Sprintf(" Description:%q", *u.Description)
	}
	if u.Bandwidth != nil {
		s += fmt.Sprintf(" Bandwidth:%v", *u.Bandwidth)
	}
	return s + " }"
}

// deleteAndCheck deletes id as A, waits until it is gone, and checks that a
// second Delete is not an error and that listings no longer show it live.
func (e *env) deleteAndCheck(t *testing.T, id string) {
	t.Helper()
	e.deleteAndWait(t, e.a, id)
	if err := e.a.Delete(e.ctx, id); err != nil {
		e.checkError(t, "second Delete", err)
		t.Errorf("Delete(%q) of a deleted connection: %v; deleting what is gone is not an error", id, err)
	}
	listed, err := peering.Collect(e.ctx, e.a, peering.Filter{IDs: []string{id}})
	e.noError(t, "List by ID after delete", err)
	for _, c := range listed {
		if c.Status != peering.StatusDeleted && c.Status != peering.StatusDeleting {
			t.Errorf("List by ID after delete shows %s in status %s", id, c.Status)
		}
	}
}

// checkIdempotentCreate sends the same create twice with one ClientToken,
// as a retry would: the second must return the first connection, and the
// pair of networks must end up with exactly one connection.
func checkIdempotentCreate(t *testing.T, e *env) {
	l, s := e.nets.Local, e.nets.SameRegion
	switch {
	case !e.caps.Create || !e.caps.Delete:
		t.Skip("the provider cannot both create and delete connections (Capabilities)")
	case l.ID == "" || s.ID == "":
		t.Skip("the harness has no Local and SameRegion fixture networks")
	}
	req := e.request(peering.CreateRequest{
		Name:           name("idem"),
		LocalNetworkID: l.ID,
		PeerNetworkID:  s.ID,
		ClientToken:    "conformance-" + suffix(),
	})
	first := e.create(t, e.a, req)
	second, err := e.a.Create(e.ctx, req)
	e.noError(t, "the second Create with the same ClientToken", err)
	if second != first {
		e.cleanup(t, e.a, second)
		t.Errorf("the second Create with ClientToken %q returned %s, want the first connection %s", req.ClientToken, second, first)
	}
	e.mustWait(t, e.a, first, peering.StatusActive)
	if got := e.between(t, l.ID, s.ID); len(got) != 1 || got[0] != first {
		t.Errorf("after two Creates with one ClientToken, networks %s and %s have connections %v, want just %s", l.ID, s.ID, got, first)
	}
	e.deleteAndWait(t, e.a, first)
}

// between returns the IDs of A's live connections (not deleting or deleted)
// that join networks a and b, in either direction.
func (e *env) between(t *testing.T, a, b string) []string {
	t.Helper()
	cs, err := peering.Collect(e.ctx, e.a, peering.Filter{NetworkID: a})
	e.noError(t, "List of a fixture network", err)
	var out []string
	for _, c := range cs {
		joins := c.Requester.NetworkID == a && c.Accepter.NetworkID == b || c.Requester.NetworkID == b && c.Accepter.NetworkID == a
		if joins && c.Status != peering.StatusDeleting && c.Status != peering.StatusDeleted {
			out = append(out, c.ID)
		}
	}
	return out
}
