package alibabavpc

import (
	"context"
	"strings"
	"testing"

	"github.com/peeringkit/peering"
)

// Invalid input is refused with InvalidArgument before any request.
func TestInvalidInputSendsNothing(t *testing.T) {
	w := start(t, 41, false)
	c := w.client(t, w.a, hangzhou)
	noAccount := w.client(t, w.a, hangzhou, func(o *Options) { o.AccountID = "" })
	ctx := context.Background()
	ok := peering.CreateRequest{LocalNetworkID: "vpc-a", PeerNetworkID: "vpc-b"}
	with := func(f func(*peering.CreateRequest)) peering.CreateRequest { r := ok; f(&r); return r }
	long := strings.Repeat("x", 129)
	s := func(v string) *string { return &v }

	for _, tt := range []struct {
		name string
		call func() error
	}{
		{"page size too big", func() error { _, err := c.ListPage(ctx, peering.Filter{PageSize: 101}, ""); return err }},
		{"negative page size", func() error { _, err := c.ListPage(ctx, peering.Filter{PageSize: -1}, ""); return err }},
		{"unknown status", func() error {
			_, err := c.ListPage(ctx, peering.Filter{Status: []peering.Status{"up"}}, "")
			return err
		}},
		{"blank filter ID", func() error { _, err := c.ListPage(ctx, peering.Filter{IDs: []string{" "}}, ""); return err }},
		{"empty tag key", func() error {
			_, err := c.ListPage(ctx, peering.Filter{Tags: map[string]string{"": "x"}}, "")
			return err
		}},
		{"token not base64", func() error { _, err := c.ListPage(ctx, peering.Filter{}, "%%%"); return err }},
		{"token of another version", func() error { _, err := c.ListPage(ctx, peering.Filter{}, "AmFiYw"); return err }},
		{"token too short", func() error { _, err := c.ListPage(ctx, peering.Filter{}, "AQ"); return err }},
		{"list iterator", func() error {
			for _, err := range peering.List(ctx, c, peering.Filter{PageSize: 1000}) {
				return err
			}
			return nil
		}},
		{"Get empty ID", func() error { _, err := c.Get(ctx, " \n"); return err }},
		{"Get ID with a space", func() error { _, err := c.Get(ctx, "pcc-a b"); return err }},
		{"Accept empty ID", func() error { return c.Accept(ctx, "") }},
		{"Reject empty ID", func() error { return c.Reject(ctx, "") }},
		{"Delete empty ID", func() error { return c.Delete(ctx, "") }},
		{"Update empty ID", func() error { return c.Update(ctx, "", peering.Update{Name: s("abc")}) }},
		{"Update zero bandwidth", func() error { return c.Update(ctx, "pcc-a", peering.Update{Bandwidth: peering.Mbps(0)}) }},
		{"Update unlimited bandwidth", func() error { return c.Update(ctx, "pcc-a", peering.Update{Bandwidth: peering.Mbps(-1)}) }},
		{"Update empty name", func() error { return c.Update(ctx, "pcc-a", peering.Update{Name: s("")}) }},
		{"Update long name", func() error { return c.Update(ctx, "pcc-a", peering.Update{Name: s(long)}) }},
		{"Update URL description", func() error { return c.Update(ctx, "pcc-a", peering.Update{Description: s("https://x")}) }},
		{"Create without local VPC", func() error {
			_, err := c.Create(ctx, with(func(r *peering.CreateRequest) { r.LocalNetworkID = "" }))
			return err
		}},
		{"Create without peer VPC", func() error {
			_, err := c.Create(ctx, with(func(r *peering.CreateRequest) { r.PeerNetworkID = "" }))
			return err
		}},
		{"Create to itself", func() error {
			_, err := c.Create(ctx, with(func(r *peering.CreateRequest) { r.PeerNetworkID = "vpc-a" }))
			return err
		}},
		{"Create without any account", func() error { _, err := noAccount.Create(ctx, ok); return err }},
		{"Create with a bad account", func() error {
			_, err := c.Create(ctx, with(func(r *peering.CreateRequest) { r.PeerAccountID = "12ab" }))
			return err
		}},
		{"Create in-region bandwidth", func() error {
			_, err := c.Create(ctx, with(func(r *peering.CreateRequest) { r.Bandwidth = peering.Mbps(100) }))
			return err
		}},
		{"Create inter-region unlimited", func() error {
			_, err := c.Create(ctx, with(func(r *peering.CreateRequest) { r.PeerRegion, r.Bandwidth = shanghai, peering.Mbps(-1) }))
			return err
		}},
		{"Create bandwidth below -1", func() error {
			_, err := c.Create(ctx, with(func(r *peering.CreateRequest) { r.PeerRegion, r.Bandwidth = shanghai, peering.Mbps(-5) }))
			return err
		}},
		{"Create in-region link type", func() error {
			_, err := c.Create(ctx, with(func(r *peering.CreateRequest) { r.ProviderOptions = CreateOptions{LinkType: LinkTypeGold} }))
			return err
		}},
		{"Create unknown link type", func() error {
			_, err := c.Create(ctx, with(func(r *peering.CreateRequest) {
				r.PeerRegion, r.ProviderOptions = shanghai, CreateOptions{LinkType: "Silver"}
			}))
			return err
		}},
		{"Create foreign options", func() error {
			_, err := c.Create(ctx, with(func(r *peering.CreateRequest) { r.ProviderOptions = struct{}{} }))
			return err
		}},
		{"Create short name", func() error {
			_, err := c.Create(ctx, with(func(r *peering.CreateRequest) { r.Name = "a" }))
			return err
		}},
		{"Create name with a digit first", func() error {
			_, err := c.Create(ctx, with(func(r *peering.CreateRequest) { r.Name = "1abc" }))
			return err
		}},
		{"Create reserved tag", func() error {
			_, err := c.Create(ctx, with(func(r *peering.CreateRequest) { r.Tags = map[string]string{"aliyun-x": "1"} }))
			return err
		}},
		{"Create too many tags", func() error {
			_, err := c.Create(ctx, with(func(r *peering.CreateRequest) {
				r.Tags = map[string]string{}
				for i := range 21 {
					r.Tags[strings.Repeat("k", i+1)] = "v"
				}
			}))
			return err
		}},
		{"Create long token", func() error {
			_, err := c.Create(ctx, with(func(r *peering.CreateRequest) { r.ClientToken = strings.Repeat("t", 65) }))
			return err
		}},
		{"Tag nothing", func() error { return c.TagResources(ctx, nil, map[string]string{"a": "b"}) }},
		{"Tag without tags", func() error { return c.TagResources(ctx, []string{"pcc-a"}, nil) }},
		{"Untag keys and all", func() error { return c.UntagResources(ctx, []string{"pcc-a"}, []string{"a"}, true) }},
		{"Untag neither", func() error { return c.UntagResources(ctx, []string{"pcc-a"}, nil, false) }},
		{"ListTags nothing", func() error { _, err := c.ListTags(ctx, nil); return err }},
		{"MoveResourceGroup empty ID", func() error { return c.MoveResourceGroup(ctx, " ", "rg-a") }},
		{"MoveResourceGroup empty group", func() error { return c.MoveResourceGroup(ctx, "pcc-a", " ") }},
		{"SetLinkType empty ID", func() error { return c.SetLinkType(ctx, "", LinkTypeGold, nil) }},
		{"SetLinkType unknown", func() error { return c.SetLinkType(ctx, "pcc-a", "Silver", nil) }},
		{"SetLinkType empty", func() error { return c.SetLinkType(ctx, "pcc-a", "", &WriteOptions{DryRun: true}) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := w.srv.Alibaba.Requests()
			err := tt.call()
			if peering.Code(err) != peering.InvalidArgument {
				t.Errorf("error = %v, want InvalidArgument", err)
			}
			var pe *peering.Error
			if e, ok := err.(*peering.Error); ok {
				pe = e
			}
			if pe == nil || pe.Provider != peering.AlibabaVPC {
				t.Errorf("error %#v does not name the provider", err)
			}
			if sent := w.srv.Alibaba.Requests() - before; sent != 0 {
				t.Errorf("%d requests were sent", sent)
			}
		})
	}
	// An empty update is valid and sends nothing.
	before := w.srv.Alibaba.Requests()
	if err := c.Update(ctx, "pcc-a", peering.Update{}); err != nil || w.srv.Alibaba.Requests() != before {
		t.Errorf("empty Update = %v, sent %d", err, w.srv.Alibaba.Requests()-before)
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	creds := Credentials{AccessKeyID: "id", AccessKeySecret: "secret-value"}
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "")
	for _, tt := range []struct {
		name string
		o    Options
	}{
		{"no region", Options{Credentials: creds}},
		{"no credentials", Options{Region: hangzhou}},
		{"plain HTTP to a remote host", Options{Credentials: creds, Region: hangzhou, Endpoint: "http://vpcpeer.aliyuncs.com"}},
		{"bad account", Options{Credentials: creds, Region: hangzhou, AccountID: "me"}},
	} {
		if _, err := New(tt.o); peering.Code(err) != peering.InvalidArgument {
			t.Errorf("%s: New = %v, want InvalidArgument", tt.name, err)
		}
	}
}

func TestCapabilities(t *testing.T) {
	w := start(t, 42, false)
	got := w.client(t, w.a, hangzhou).Capabilities()
	want := peering.Capabilities{Create: true, Accept: true, Reject: true, Delete: true,
		UpdateName: true, UpdateDescription: true, UpdateBandwidth: true, Bandwidth: true, Tags: true, IPv6: true,
		AcceptBy: true, ResourceGroup: true, CrossAccount: true, CrossRegion: true, Routes: true, MaxPageSize: 100, MinPageSize: 1}
	if got != want {
		t.Errorf("Capabilities = %+v, want %+v", got, want)
	}
}
