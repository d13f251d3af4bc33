package alibabavpc

import (
	"maps"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/emulator/aliyun"
	"github.com/peeringkit/peering/internal/peeringtest"
)

// A generated estate (statuses of every kind, FinancialLocked connections,
// cross-account and cross-region ones, IPv6 blocks, tags) comes through the
// adapter field for field as the emulator holds it.
func TestGeneratedEstateComesThroughExactly(t *testing.T) {
	// Seed 55 gives the account in Hangzhou every kind the checks below want.
	w := worldOf(t, peeringtest.Emulator(t, emulator.Options{Seed: 55, Connections: 60, NoRateLimits: true}))
	srv, acct := w.srv, w.a
	c := w.client(t, acct, hangzhou)
	uid := peeringtest.UID(t, acct)

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
		role := peering.RoleAccepter
		if x.OwnerUID == uid {
			role = peering.RoleRequester
		}
		// Tags and the resource group are the owner's (the requester's):
		// the accepter's view shows neither as its own.
		var tags map[string]string
		rg := x.ResourceGroupID
		if role == peering.RoleAccepter {
			x.Tags, rg = nil, ""
		}
		for _, tg := range x.Tags {
			if tags == nil {
				tags = map[string]string{}
			}
			tags[tg.Key] = tg.Value
		}
		end := func(vpc string, owner int64, region string) peering.Endpoint {
			v4, v6 := peeringtest.Prefixes(t, vpcs[vpc].IPv4CIDRs...), peeringtest.Prefixes(t, vpcs[vpc].IPv6CIDRs...)
			return peering.Endpoint{NetworkID: vpc, Region: region, AccountID: strconv.FormatInt(owner, 10), IPv4CIDRs: v4, IPv6CIDRs: v6}
		}
		// GmtExpired is the deadline of an offer awaiting its answer, and
		// otherwise kept as sent.
		var acceptBy time.Time
		var lapsed string
		switch {
		case x.ExpiresAt.IsZero():
		case x.Status == "Accepting":
			acceptBy = x.ExpiresAt.UTC().Truncate(time.Second)
		default:
			lapsed = x.ExpiresAt.UTC().Format(time.RFC3339)
		}
		peeringtest.Fields(t, id, []peeringtest.Field{
			{"Name", g.Name, x.Name},
			{"Description", g.Description, x.Description},
			{"ProviderStatus", g.ProviderStatus, x.Status},
			{"Bandwidth", int64(g.Bandwidth), int64(x.Bandwidth)},
			{"Requester", g.Requester, end(x.VpcID, x.OwnerUID, x.RegionID)},
			{"Accepter", g.Accepter, end(x.AcceptingVpcID, x.AcceptingOwnerUID, x.AcceptingRegionID)},
			{"Role", g.Role, role},
			{"Tags", g.Tags, tags},
			{"CreatedAt", g.CreatedAt, x.CreatedAt.UTC().Truncate(1e9)},
			{"TermEndsAt", g.TermEndsAt, time.Time{}},
			{"AcceptBy", g.AcceptBy, acceptBy},
			{"GmtExpired", g.Attributes["GmtExpired"], lapsed},
			{"ResourceGroupID", g.ResourceGroupID, rg},
			{"BizStatus", g.Attributes["BizStatus"], x.BizStatus},
			{"LinkType", g.Attributes["LinkType"], x.LinkType},
		}...)
		if g.Status == peering.StatusUnknown {
			t.Errorf("%s: status %q is not in the table", id, g.ProviderStatus)
		}
		if x.BizStatus == "FinancialLocked" && g.Status == peering.StatusActive {
			t.Errorf("%s: a connection locked for non-payment is %s", id, g.Status)
		}
		seen["status "+g.ProviderStatus] = true
		seen["biz "+x.BizStatus] = true
		seen["role "+string(g.Role)] = true
		if g.Requester.Region != g.Accepter.Region {
			seen["cross-region"] = true
		}
		if len(g.Requester.IPv6CIDRs)+len(g.Accepter.IPv6CIDRs) > 0 {
			seen["ipv6"] = true
		}
	}
	for _, k := range []string{"biz FinancialLocked", "role accepter", "role requester", "cross-region", "ipv6", "status Accepting", "status Activated"} {
		if !seen[k] {
			t.Errorf("the estate has no %s: the comparison covers less than it should", k)
		}
	}
	t.Logf("compared %d connections: %v", len(got), seen)
	peeringtest.GetAgrees(t, c, slices.Collect(maps.Values(got)))
}

// The estate again, page by page: each connection still reads as the
// emulator holds it after later pages reused its page's buffer (see
// peeringtest.OutlivesBodies; tags are the owner's only).
func TestListedConnectionsOutliveTheirBodies(t *testing.T) {
	w := worldOf(t, peeringtest.Emulator(t, emulator.Options{Seed: 55, Connections: 60, NoRateLimits: true}))
	uid := peeringtest.UID(t, w.a)
	held := map[string]aliyun.VpcPeerConnection{}
	for _, x := range w.srv.Alibaba.VpcPeerConnections() {
		held[x.InstanceID] = x
	}
	tagged := 0
	peeringtest.OutlivesBodies(t, w.client(t, w.a, hangzhou), 10, func(g peering.Connection) ([]peeringtest.Field, bool) {
		x, ok := held[g.ID]
		r, _ := g.Raw.(*VpcPeerConnection)
		if !ok || r == nil {
			return nil, false
		}
		// Tags are the owner's: the accepter's view shows none.
		var tags map[string]string
		if x.OwnerUID == uid {
			for _, tg := range x.Tags {
				if tags == nil {
					tags = map[string]string{}
				}
				tags[tg.Key] = tg.Value
			}
			tagged += min(1, len(tags))
		}
		return []peeringtest.Field{
			{"Name", g.Name, x.Name},
			{"Description", g.Description, x.Description},
			{"ProviderStatus", g.ProviderStatus, x.Status},
			{"Requester.NetworkID", g.Requester.NetworkID, x.VpcID},
			{"Accepter.NetworkID", g.Accepter.NetworkID, x.AcceptingVpcID},
			{"Tags", g.Tags, tags},
			{"Raw.InstanceID", r.InstanceID, x.InstanceID},
			{"Raw.RegionID", r.RegionID, x.RegionID},
			{"Raw.AcceptingRegionID", r.AcceptingRegionID, x.AcceptingRegionID},
			{"Raw.Vpc.VpcID", r.Vpc.VpcID, x.VpcID},
			{"Raw.LinkType", r.LinkType, x.LinkType},
			{"Raw.BizStatus", r.BizStatus, x.BizStatus},
		}, true
	})
	if tagged == 0 {
		t.Error("no listed connection has tags: the comparison covers less than it should")
	}
}
