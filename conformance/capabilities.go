package conformance

import (
	"fmt"
	"testing"

	"github.com/peeringkit/peering"
)

// checkCapabilities checks that Capabilities is coherent, and that every
// operation it says the provider lacks answers Unimplemented without a
// request. Calls use an ID that names no connection, so that a wrong
// adapter cannot change anything on a live account.
func checkCapabilities(t *testing.T, e *env) {
	caps := e.caps
	t.Run("Coherent", func(t *testing.T) {
		if e.a.Provider() == "" {
			t.Error("Provider() is empty")
		}
		if caps.MaxPageSize < 1 {
			t.Errorf("MaxPageSize is %d, want at least 1", caps.MaxPageSize)
		}
		if caps.MinPageSize < 0 || caps.MinPageSize > caps.MaxPageSize {
			t.Errorf("MinPageSize %d is outside 0..MaxPageSize (%d)", caps.MinPageSize, caps.MaxPageSize)
		}
		if caps.CrossAccount && !caps.Accept {
			t.Error("CrossAccount is set but Accept is not: a cross-account connection needs an accept step")
		}
		if again := e.a.Capabilities(); again != caps {
			t.Errorf("Capabilities changed between two calls: %+v, then %+v", caps, again)
		}
		if e.h.Mutable() && caps.Create && (e.nets.Local.ID == "" || e.nets.SameRegion.ID == "") {
			t.Error("the harness is mutable but has no Local and SameRegion fixture networks to create connections between")
		}
	})

	id := "conformance-no-such-connection"
	if known, err := e.a.ListPage(e.ctx, peering.Filter{}, ""); err == nil && len(known.Connections) > 0 {
		id = rotate(known.Connections[0].ID)
	}
	// Real networks only where the harness allows writes: a wrong adapter
	// must not be able to create a connection on a read-only account.
	local, peer := e.nets.Local.ID, e.nets.SameRegion.ID
	if local == "" || peer == "" || !e.h.Mutable() {
		local, peer = "conformance-local", "conformance-peer"
	}
	unsupported := []struct {
		op   string
		has  bool
		call func() error
	}{
		{"Create", caps.Create, func() error {
			_, err := e.a.Create(e.ctx, e.request(peering.CreateRequest{Name: name("unimpl"), LocalNetworkID: local, PeerNetworkID: peer}))
			return err
		}},
		{"Accept", caps.Accept, func() error { return e.a.Accept(e.ctx, id) }},
		{"Reject", caps.Reject, func() error { return e.a.Reject(e.ctx, id) }},
		{"Delete", caps.Delete, func() error { return e.a.Delete(e.ctx, id) }},
		{"Update/Name", caps.UpdateName, func() error { return e.a.Update(e.ctx, id, peering.Update{Name: ptr(name("unimpl"))}) }},
		{"Update/Description", caps.UpdateDescription, func() error {
			return e.a.Update(e.ctx, id, peering.Update{Description: ptr("conformance")})
		}},
		{"Update/Bandwidth", caps.UpdateBandwidth, func() error { return e.a.Update(e.ctx, id, peering.Update{Bandwidth: peering.Mbps(10)}) }},
	}
	for _, u := range unsupported {
		if u.has {
			continue
		}
		t.Run("Unsupported/"+u.op, func(t *testing.T) {
			before := e.requests()
			what := fmt.Sprintf("%s, which Capabilities says the provider lacks", u.op)
			e.wantCode(t, what, u.call(), peering.Unimplemented)
			e.wantNoRequest(t, what, before)
		})
	}
}
