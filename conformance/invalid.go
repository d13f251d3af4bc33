package conformance

import (
	"context"
	"testing"

	"github.com/peeringkit/peering"
)

// foreignOptions is a ProviderOptions type no adapter knows.
type foreignOptions struct{}

// checkInvalidArgument checks that bad input is rejected with
// InvalidArgument before any request is sent. Calls that would write if an
// adapter sent them anyway run only on a mutable harness.
func checkInvalidArgument(t *testing.T, e *env) {
	caps := e.caps
	local, peer := e.nets.Local.ID, e.nets.SameRegion.ID
	if local == "" || peer == "" {
		// Well-formed placeholders: the input under test must be the only
		// thing wrong with each request.
		local, peer = "conformance-local", "conformance-peer"
	}
	create := func(mod func(*peering.CreateRequest)) func(context.Context, peering.Peering) error {
		return func(ctx context.Context, p peering.Peering) error {
			req := e.request(peering.CreateRequest{Name: name("invalid"), LocalNetworkID: local, PeerNetworkID: peer})
			mod(&req)
			_, err := p.Create(ctx, req)
			return err
		}
	}
	list := func(f peering.Filter) func(context.Context, peering.Peering) error {
		return func(ctx context.Context, p peering.Peering) error {
			_, err := p.ListPage(ctx, f, "")
			return err
		}
	}
	named := peering.Update{Name: ptr(name("invalid"))}
	if !caps.UpdateName {
		named = peering.Update{Description: ptr("conformance")}
	}
	cases := []struct {
		name  string
		write bool // would write if sent
		ok    bool // the provider has the operation
		call  func(context.Context, peering.Peering) error
	}{
		{"Get/empty ID", false, true, func(ctx context.Context, p peering.Peering) error { _, err := p.Get(ctx, ""); return err }},
		{"ListPage/negative page size", false, true, list(peering.Filter{PageSize: -1})},
		{"ListPage/page size over the maximum", false, true, list(peering.Filter{PageSize: caps.MaxPageSize + 1})},
		{"ListPage/unknown status", false, true, list(peering.Filter{Status: []peering.Status{"no-such-status"}})},
		{"ListPage/empty ID", false, true, list(peering.Filter{IDs: []string{""}})},
		{"List/page size over the maximum", false, true, func(ctx context.Context, p peering.Peering) error {
			_, err := peering.Collect(ctx, p, peering.Filter{PageSize: caps.MaxPageSize + 1})
			return err
		}},
		{"Update/empty ID", true, caps.UpdateName || caps.UpdateDescription, func(ctx context.Context, p peering.Peering) error { return p.Update(ctx, "", named) }},
		{"Update/bandwidth -2", true, caps.UpdateBandwidth, func(ctx context.Context, p peering.Peering) error {
			return p.Update(ctx, "conformance-no-such-connection", peering.Update{Bandwidth: peering.Mbps(-2)})
		}},
		{"Accept/empty ID", true, caps.Accept, func(ctx context.Context, p peering.Peering) error { return p.Accept(ctx, "") }},
		{"Reject/empty ID", true, caps.Reject, func(ctx context.Context, p peering.Peering) error { return p.Reject(ctx, "") }},
		{"Delete/empty ID", true, caps.Delete, func(ctx context.Context, p peering.Peering) error { return p.Delete(ctx, "") }},
		{"Create/no local network", true, caps.Create, create(func(r *peering.CreateRequest) { r.LocalNetworkID = "" })},
		{"Create/no peer network", true, caps.Create, create(func(r *peering.CreateRequest) { r.PeerNetworkID = "" })},
		{"Create/bandwidth -2", true, caps.Create, create(func(r *peering.CreateRequest) { r.Bandwidth = peering.Mbps(-2) })},
		{"Create/foreign ProviderOptions", true, caps.Create, create(func(r *peering.CreateRequest) { r.ProviderOptions = foreignOptions{} })},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			switch {
			case !c.ok:
				t.Skip("the provider has no such operation (Capabilities)")
			case c.write && !e.h.Mutable():
				t.Skip("the harness is read-only, and a wrong adapter would write")
			}
			before := e.requests()
			err := c.call(e.ctx, e.a)
			e.wantCode(t, c.name, err, peering.InvalidArgument)
			e.wantNoRequest(t, c.name, before)
		})
	}
}
