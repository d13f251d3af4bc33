package bce_test

import (
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/baidubce/bce-sdk-go/services/vpc"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator/bce"
)

// routeWorld is a world with an active same-account connection between
// vpc-abj1 and vpc-abj2, and the interface of each end.
type routeWorld struct {
	*world
	a              *vpc.Client
	conn           string
	ifAbj1, ifAbj2 string
	table          string // vpc-abj1's
}

func newRouteWorld(t *testing.T, cfg bce.Config) *routeWorld {
	t.Helper()
	w := &routeWorld{world: newWorld(t, cfg)}
	w.a = w.client(t, acctA, "bj")
	w.conn = create(t, w.a, createArgs("vpc-abj1", "vpc-abj2"))
	w.clock.Advance(creatingFor)
	for role, dst := range map[vpc.PeerConnRoleType]*string{vpc.PEERCONN_ROLE_INITIATOR: &w.ifAbj1, vpc.PEERCONN_ROLE_ACCEPTOR: &w.ifAbj2} {
		pc, err := w.a.GetPeerConnDetail(w.conn, role)
		require.NoError(t, err)
		*dst = pc.LocalIfId
	}
	tbl, err := w.a.GetRouteTableDetail("", "vpc-abj1")
	require.NoError(t, err)
	w.table = tbl.RouteTableId
	return w
}

// peerRule is a rule from vpc-abj1 through the connection.
func (w *routeWorld) peerRule(dst string) *vpc.CreateRouteRuleArgs {
	return &vpc.CreateRouteRuleArgs{ClientToken: newToken(), RouteTableId: w.table, SourceAddress: "0.0.0.0/0",
		DestinationAddress: dst, NexthopType: vpc.NEXTHOP_TYPE_PEERCONN, NexthopId: w.ifAbj1, Description: "to a-bj-2"}
}

// Every VPC has one route table, with a system rule per block; the SDK
// reads it by VPC and by table ID, and the two agree.
func TestSDKRouteTable(t *testing.T) {
	w := newWorld(t, bce.Config{})
	a := w.client(t, acctA, "bj")
	byVPC, err := a.GetRouteTableDetail("", "vpc-abj1")
	require.NoError(t, err)
	require.Regexp(t, `^rt-[0-9a-z]{12}$`, byVPC.RouteTableId)
	require.Equal(t, "vpc-abj1", byVPC.VpcId)
	require.Len(t, byVPC.RouteRules, 2)
	for i, dst := range []string{"192.168.0.0/16", "240c:4081:8002:a100::/56"} {
		r := byVPC.RouteRules[i]
		require.Regexp(t, `^rr-[0-9a-z]{12}$`, r.RouteRuleId)
		require.Equal(t, byVPC.RouteTableId, r.RouteTableId)
		require.Equal(t, dst, r.DestinationAddress)
		require.Equal(t, vpc.NexthopType(bce.NexthopSystem), r.NexthopType)
		require.Equal(t, bce.SystemNexthopID, r.NexthopId)
	}
	byID, err := a.GetRouteTableDetail(byVPC.RouteTableId, "")
	require.NoError(t, err)
	require.Equal(t, byVPC, byID)
	both, err := a.GetRouteTableDetail(byVPC.RouteTableId, "vpc-abj1")
	require.NoError(t, err)
	require.Equal(t, byVPC, both)

	other, err := a.GetRouteTableDetail("", "vpc-abj2")
	require.NoError(t, err)
	require.NotEqual(t, byVPC.RouteTableId, other.RouteTableId)
	require.Equal(t, "10.1.0.0/16", other.RouteRules[0].DestinationAddress)
	tbl, ok := w.svc.RouteTable("vpc-abj1")
	require.True(t, ok)
	require.Equal(t, byVPC.RouteTableId, tbl.ID)
	require.True(t, tbl.Rules[0].System)
}

// The table is the caller's VPC's in this region only; both parameters
// empty is refused (the SDK refuses it before sending, so the request is
// raw).
func TestRouteTableRefusals(t *testing.T) {
	w := newWorld(t, bce.Config{})
	a := w.client(t, acctA, "bj")
	b, err := w.client(t, acctB, "bj").GetRouteTableDetail("", "vpc-bbj1")
	require.NoError(t, err)
	for _, tc := range []struct {
		name, table, vpcID string
	}{
		{"another account's VPC", "", "vpc-bbj1"},
		{"another account's table", b.RouteTableId, ""},
		{"a VPC of another region", "", "vpc-agz1"},
		{"an unknown VPC", "", "vpc-nosuchthing"},
		{"a table of another VPC", b.RouteTableId, "vpc-abj1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := a.GetRouteTableDetail(tc.table, tc.vpcID)
			requireCode(t, err, bce.CodeNoSuchObject, http.StatusNotFound)
		})
	}
	_, err = a.GetRouteTableDetail("", "")
	require.Error(t, err) // the SDK's own check
	got := send(t, signed(t, acctA, http.MethodGet, w.url["bj"]+"/v1/route", nil, signOpts{}))
	require.Equal(t, http.StatusBadRequest, got.status)
	require.Equal(t, bce.CodeInvalidURI, got.body["code"])
}

// A rule through a peering: created (idempotently per clientToken), listed
// in the table and by the rule listing, refused when repeated, deleted,
// and gone.
func TestSDKRouteRuleLifecycle(t *testing.T) {
	w := newRouteWorld(t, bce.Config{})
	args := w.peerRule("10.1.0.0/16")
	res, err := w.a.CreateRouteRule(args)
	require.NoError(t, err)
	require.Regexp(t, `^rr-[0-9a-z]{12}$`, res.RouteRuleId)
	again, err := w.a.CreateRouteRule(args)
	require.NoError(t, err)
	require.Equal(t, res.RouteRuleId, again.RouteRuleId, "the same clientToken answers the first result")

	tbl, err := w.a.GetRouteTableDetail(w.table, "")
	require.NoError(t, err)
	require.Len(t, tbl.RouteRules, 3)
	require.Equal(t, vpc.RouteRule{RouteRuleId: res.RouteRuleId, RouteTableId: w.table, SourceAddress: "0.0.0.0/0",
		DestinationAddress: "10.1.0.0/16", NexthopId: w.ifAbj1, NexthopType: vpc.NEXTHOP_TYPE_PEERCONN, Description: "to a-bj-2"},
		tbl.RouteRules[2])

	dup := w.peerRule("10.1.0.0/16")
	_, err = w.a.CreateRouteRule(dup)
	requireCode(t, err, bce.CodeRouteRuleAlreadyExists, http.StatusConflict)
	narrower := w.peerRule("10.1.0.0/24") // another destination is another rule
	_, err = w.a.CreateRouteRule(narrower)
	require.NoError(t, err)

	require.NoError(t, w.a.DeleteRouteRule(res.RouteRuleId, newToken()))
	requireCode(t, w.a.DeleteRouteRule(res.RouteRuleId, newToken()), bce.CodeNoSuchObject, http.StatusNotFound)
	tbl, err = w.a.GetRouteTableDetail(w.table, "")
	require.NoError(t, err)
	require.Len(t, tbl.RouteRules, 3)
	require.NotContains(t, ruleIDs(tbl.RouteRules), res.RouteRuleId)
	_, err = w.a.CreateRouteRule(dup)
	require.NoError(t, err, "once deleted, the destination can be routed again")
}

func ruleIDs(rules []vpc.RouteRule) []string {
	out := make([]string, len(rules))
	for i, r := range rules {
		out[i] = r.RouteRuleId
	}
	return out
}

// The documented create rules, and the emulator's choices where the
// documents are silent, each refused with its code.
func TestCreateRouteRuleRefusals(t *testing.T) {
	w := newRouteWorld(t, bce.Config{})
	b := w.client(t, acctB, "bj")
	bTable, err := b.GetRouteTableDetail("", "vpc-bbj1")
	require.NoError(t, err)
	for _, tc := range []struct {
		name   string
		edit   func(*vpc.CreateRouteRuleArgs)
		code   string
		status int
	}{
		{"destination inside the VPC", func(a *vpc.CreateRouteRuleArgs) { a.DestinationAddress = "192.168.1.0/24" },
			bce.CodeRouteRuleDestinationOverlapsVpc, http.StatusBadRequest},
		{"destination holding the VPC", func(a *vpc.CreateRouteRuleArgs) { a.DestinationAddress = "192.0.0.0/8" },
			bce.CodeRouteRuleDestinationOverlapsVpc, http.StatusBadRequest},
		{"source outside the VPC", func(a *vpc.CreateRouteRuleArgs) { a.SourceAddress = "10.9.0.0/24" },
			bce.CodeInappropriateJSON, http.StatusBadRequest},
		{"destination not a block", func(a *vpc.CreateRouteRuleArgs) { a.DestinationAddress = "10.1.0.0/33" },
			bce.CodeInappropriateJSON, http.StatusBadRequest},
		{"destination with host bits", func(a *vpc.CreateRouteRuleArgs) { a.DestinationAddress = "10.1.0.1/16" },
			bce.CodeInappropriateJSON, http.StatusBadRequest},
		{"unknown next-hop type", func(a *vpc.CreateRouteRuleArgs) { a.NexthopType = "tunnel" },
			bce.CodeInappropriateJSON, http.StatusBadRequest},
		{"no next hop", func(a *vpc.CreateRouteRuleArgs) { a.NexthopId = "" }, bce.CodeInappropriateJSON, http.StatusBadRequest},
		{"the peering's ID, not its interface", func(a *vpc.CreateRouteRuleArgs) { a.NexthopId = w.conn },
			bce.CodeInappropriateJSON, http.StatusBadRequest},
		{"the interface of the peering's other end", func(a *vpc.CreateRouteRuleArgs) { a.NexthopId = w.ifAbj2 },
			bce.CodeInappropriateJSON, http.StatusBadRequest},
		{"another account's table", func(a *vpc.CreateRouteRuleArgs) { a.RouteTableId = bTable.RouteTableId },
			bce.CodeNoSuchObject, http.StatusNotFound},
		{"no table", func(a *vpc.CreateRouteRuleArgs) { a.RouteTableId = "" }, bce.CodeInappropriateJSON, http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := w.peerRule("10.1.0.0/16")
			tc.edit(args)
			_, err := w.a.CreateRouteRule(args)
			requireCode(t, err, tc.code, tc.status)
		})
	}
	// 0.0.0.0/0 is the documented exception to the overlap rule, and a
	// source inside the VPC is allowed.
	for _, edit := range []func(*vpc.CreateRouteRuleArgs){
		func(a *vpc.CreateRouteRuleArgs) { a.DestinationAddress = "0.0.0.0/0" },
		func(a *vpc.CreateRouteRuleArgs) { a.SourceAddress = "192.168.4.0/24" },
	} {
		args := w.peerRule("10.1.0.0/16")
		edit(args)
		_, err := w.a.CreateRouteRule(args)
		require.NoError(t, err)
	}
	tbl, err := w.a.GetRouteTableDetail(w.table, "")
	require.NoError(t, err)
	requireCode(t, w.a.DeleteRouteRule(tbl.RouteRules[0].RouteRuleId, ""), bce.CodeSystemRouteRuleNotDeletable, http.StatusBadRequest)
	requireCode(t, b.DeleteRouteRule(tbl.RouteRules[2].RouteRuleId, ""), bce.CodeNoSuchObject, http.StatusNotFound)
}

// A table holds at most MaxRouteRules custom rules; the system rules do not
// count.
func TestRouteRuleQuota(t *testing.T) {
	w := newRouteWorld(t, bce.Config{MaxRouteRules: 2})
	for _, dst := range []string{"10.1.0.0/24", "10.1.1.0/24"} {
		_, err := w.a.CreateRouteRule(w.peerRule(dst))
		require.NoError(t, err)
	}
	_, err := w.a.CreateRouteRule(w.peerRule("10.1.2.0/24"))
	requireCode(t, err, bce.CodeRouteRuleQuotaExceeded, http.StatusBadRequest)
}

// A rule through a peering outlives the peering (the documents do not say
// what becomes of it; the emulator keeps it, pointing at an interface that
// no longer exists), and a new rule cannot name the gone interface.
func TestRouteRuleOutlivesItsPeering(t *testing.T) {
	w := newRouteWorld(t, bce.Config{})
	res, err := w.a.CreateRouteRule(w.peerRule("10.1.0.0/16"))
	require.NoError(t, err)
	require.NoError(t, w.a.DeletePeerConn(w.conn, ""))
	w.clock.Advance(deletingFor + deletedFor)
	_, err = w.a.GetPeerConnDetail(w.conn, "")
	requireCode(t, err, bce.CodeNoSuchObject, http.StatusNotFound)
	tbl, err := w.a.GetRouteTableDetail(w.table, "")
	require.NoError(t, err)
	require.Contains(t, ruleIDs(tbl.RouteRules), res.RouteRuleId)
	_, err = w.a.CreateRouteRule(w.peerRule("10.1.0.0/24"))
	requireCode(t, err, bce.CodeInappropriateJSON, http.StatusBadRequest)
}

// GetRouteRuleDetail walks a table's rules with marker pagination: every
// rule once, in ID order; by VPC or by table, not both.
func TestSDKRouteRulePages(t *testing.T) {
	w := newRouteWorld(t, bce.Config{})
	for i := range 5 {
		_, err := w.a.CreateRouteRule(w.peerRule(netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 1, byte(i), 0}), 24).String()))
		require.NoError(t, err)
	}
	tbl, err := w.a.GetRouteTableDetail(w.table, "")
	require.NoError(t, err)
	want := ruleIDs(tbl.RouteRules)
	slices.Sort(want)
	for _, byVPC := range []bool{true, false} {
		var got []string
		args := &vpc.GetRouteRuleArgs{MaxKeys: 3}
		if byVPC {
			args.VpcId = "vpc-abj1"
		} else {
			args.RouteTableId = w.table
		}
		for pages := 0; ; pages++ {
			require.Less(t, pages, 5)
			page, err := w.a.GetRouteRuleDetail(args)
			require.NoError(t, err)
			require.Equal(t, 3, page.MaxKeys)
			got = append(got, ruleIDs(page.RouteRules)...)
			if !page.IsTruncated {
				require.Empty(t, page.NextMarker)
				break
			}
			args.Marker = page.NextMarker
		}
		require.Equal(t, want, got)
	}
	_, err = w.a.GetRouteRuleDetail(&vpc.GetRouteRuleArgs{VpcId: "vpc-abj1", RouteTableId: w.table})
	requireCode(t, err, bce.CodeInvalidURI, http.StatusBadRequest)
	_, err = w.a.GetRouteRuleDetail(&vpc.GetRouteRuleArgs{VpcId: "vpc-abj1", MaxKeys: 1001})
	requireCode(t, err, bce.CodeInvalidURI, http.StatusBadRequest)
}

// The generated estate routes most active connections both ways and has
// every kind of broken routing; every rule obeys the create rules; the same
// seed gives the same tables.
func TestGenerateRoutes(t *testing.T) {
	svc := generated(t, 42, 200)
	again := generated(t, 42, 200)
	vpcs := map[string]bce.VPC{}
	for _, v := range svc.VPCs() {
		vpcs[v.ID] = v
	}
	type side struct{ conn, vpc string }
	ifaces := map[string]side{} // interface -> (connection, VPC)
	statuses := map[string]string{}
	for _, pc := range svc.PeerConns() {
		statuses[pc.ID] = pc.Status
		ifaces[pc.Initiator.InterfaceID] = side{pc.ID, pc.Initiator.VPCID}
		ifaces[pc.Acceptor.InterfaceID] = side{pc.ID, pc.Acceptor.VPCID}
	}
	routed := map[string]map[string]bool{} // connection -> VPCs routing through it
	var dangling, dead, shadows, defaults int
	for id, v := range vpcs {
		tbl, ok := svc.RouteTable(id)
		require.True(t, ok, id)
		other, _ := again.RouteTable(id)
		require.Equal(t, tbl, other)
		require.True(t, tbl.Rules[0].System)
		require.Equal(t, v.CIDR, tbl.Rules[0].DestinationAddress)
		own := netip.MustParsePrefix(v.CIDR)
		seen := map[string]bool{}
		for _, r := range tbl.Rules {
			key := r.SourceAddress + ">" + r.DestinationAddress
			require.False(t, seen[key], "repeated rule %s in %s", key, id)
			seen[key] = true
			if r.System {
				continue
			}
			dst := netip.MustParsePrefix(r.DestinationAddress)
			require.True(t, dst.Bits() == 0 || !dst.Overlaps(own), "rule %s of %s enters its own block", r.ID, id)
			switch {
			case r.NexthopType == bce.NexthopCustom:
				shadows++
			case r.NexthopType != bce.NexthopPeerConn:
			case ifaces[r.NexthopID].conn == "":
				dangling++
			default:
				s := ifaces[r.NexthopID]
				require.Equal(t, id, s.vpc, "rule %s names the interface of another VPC", r.ID)
				if statuses[s.conn] != bce.StatusActive {
					dead++
				}
				if dst.Bits() == 0 {
					defaults++
				}
				if routed[s.conn] == nil {
					routed[s.conn] = map[string]bool{}
				}
				routed[s.conn][id] = true
			}
		}
		if strings.HasPrefix(v.Name, "fixture-") {
			require.Len(t, tbl.Rules, len(slices.DeleteFunc([]string{v.CIDR, v.IPv6CIDR}, func(s string) bool { return s == "" })))
		}
	}
	var active, both, oneWay int
	for id, st := range statuses {
		if st != bce.StatusActive {
			continue
		}
		active++
		switch len(routed[id]) {
		case 2:
			both++
		case 1:
			oneWay++
		}
	}
	require.Greater(t, both, active/2, "most active connections are routed both ways")
	require.Greater(t, oneWay, active/20)
	require.Less(t, both+oneWay, active, "some are routed neither way")
	require.Positive(t, dangling, "rules to peerings deleted long ago")
	require.Positive(t, dead, "rules to peerings that carry nothing")
	require.Positive(t, shadows, "more specific rules to instances")
	require.Positive(t, defaults, "0.0.0.0/0 through a peering")
}
