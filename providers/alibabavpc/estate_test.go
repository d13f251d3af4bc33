package alibabavpc

import (
	"context"
	"net/netip"
	"reflect"
	"strconv"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/emulator/aliyun"
)

// A generated estate (statuses of every kind, FinancialLocked connections,
// cross-account and cross-region ones, IPv6 blocks, tags) comes through the
// adapter field for field as the emulator holds it.
func TestGeneratedEstateComesThroughExactly(t *testing.T) {
	// Seed 55 gives the account in Hangzhou every kind the checks below want.
	srv, err := emulator.Start(emulator.Options{Seed: 55, Connections: 60, NoRateLimits: true})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	acct, _ := srv.Account("alibaba-a")
	w := &world{srv: srv, a: acct}
	c := w.client(t, acct, hangzhou)
	uid, _ := strconv.ParseInt(acct.ID, 10, 64)

	vpcs := map[string]aliyun.VPC{}
	for _, v := range srv.Alibaba.VPCs() {
		vpcs[v.ID] = v
	}
	want := map[string]aliyun.VpcPeerConnection{}
	for _, x := range srv.Alibaba.VpcPeerConnections() {
		if (x.OwnerUID == uid && x.RegionID == hangzhou) || (x.AcceptingOwnerUID == uid && x.AcceptingRegionID == hangzhou) {
			want[x.InstanceID] = x
		}
	}
	got := collectOnce(t, c, peering.Filter{})
	if len(got) != len(want) {
		t.Fatalf("listed %d connections, the emulator shows the account %d", len(got), len(want))
	}
	seen := map[string]bool{}
	for id, g := range got {
		x, ok := want[id]
		if !ok {
			t.Errorf("unexpected %s", id)
			continue
		}
		role := peering.RoleAcceptor
		if x.OwnerUID == uid {
			role = peering.RoleInitiator
		}
		var tags map[string]string
		for _, tg := range x.Tags {
			if tags == nil {
				tags = map[string]string{}
			}
			tags[tg.Key] = tg.Value
		}
		end := func(vpc string, owner int64, region string) peering.Endpoint {
			v4, v6 := prefixes(t, vpcs[vpc].IPv4CIDRs), prefixes(t, vpcs[vpc].IPv6CIDRs)
			return peering.Endpoint{NetworkID: vpc, Region: region, AccountID: strconv.FormatInt(owner, 10), IPv4CIDRs: v4, IPv6CIDRs: v6}
		}
		for _, f := range []struct {
			field     string
			got, want any
		}{
			{"Name", g.Name, x.Name},
			{"Description", g.Description, x.Description},
			{"ProviderStatus", g.ProviderStatus, x.Status},
			{"Bandwidth", int64(g.Bandwidth), int64(x.Bandwidth)},
			{"Local", g.Local, end(x.VpcID, x.OwnerUID, x.RegionID)},
			{"Peer", g.Peer, end(x.AcceptingVpcID, x.AcceptingOwnerUID, x.AcceptingRegionID)},
			{"Role", g.Role, role},
			{"Tags", g.Tags, tags},
			{"CreatedAt", g.CreatedAt, x.CreatedAt.UTC().Truncate(1e9)},
			{"ExpiresAt", g.ExpiresAt, x.ExpiresAt.UTC().Truncate(1e9)},
			{"ResourceGroupID", g.ResourceGroupID, x.ResourceGroupID},
			{"BizStatus", g.Attributes["BizStatus"], x.BizStatus},
			{"LinkType", g.Attributes["LinkType"], x.LinkType},
		} {
			if !reflect.DeepEqual(f.got, f.want) {
				t.Errorf("%s %s = %v, want %v", id, f.field, f.got, f.want)
			}
		}
		if g.Status == peering.StatusUnknown {
			t.Errorf("%s: status %q is not in the table", id, g.ProviderStatus)
		}
		seen["status "+g.ProviderStatus] = true
		seen["biz "+x.BizStatus] = true
		seen["role "+string(g.Role)] = true
		if g.Local.Region != g.Peer.Region {
			seen["cross-region"] = true
		}
		if len(g.Local.IPv6CIDRs)+len(g.Peer.IPv6CIDRs) > 0 {
			seen["ipv6"] = true
		}
	}
	for _, k := range []string{"biz FinancialLocked", "role acceptor", "role initiator", "cross-region", "ipv6", "status Accepting", "status Activated"} {
		if !seen[k] {
			t.Errorf("the estate has no %s: the comparison covers less than it should", k)
		}
	}
	t.Logf("compared %d connections: %v", len(got), seen)
	// Get agrees with List.
	for id, g := range got {
		one, err := c.Get(context.Background(), id)
		if err != nil {
			t.Fatalf("Get(%s): %v", id, err)
		}
		g.Raw, one.Raw = nil, nil
		if !reflect.DeepEqual(one, g) {
			t.Errorf("Get(%s) = %+v\nList gave %+v", id, one, g)
		}
	}
}

func prefixes(t *testing.T, ss []string) []netip.Prefix {
	t.Helper()
	var out []netip.Prefix
	for _, s := range ss {
		out = append(out, netip.MustParsePrefix(s).Masked())
	}
	return out
}
