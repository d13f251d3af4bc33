package aliyun_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpcpeer"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator/aliyun"
)

// step is the longest one transient status lasts with the default timing
// (every default range is the same): a test that waits for a transition
// advances the clock by it.
var step = aliyun.DefaultTiming().VpcPeerCreating.Max

// TestSameAccountLifecycle walks a same-account connection through create,
// modify and delete with the official SDK, advancing the clock between steps.
func TestSameAccountLifecycle(t *testing.T) {
	e := newEnv(t)
	c := e.vpcClient(t, acctA, hz)
	id := e.createPeer(t, c, vpcA1, hz, vpcA2, acctA.UID, map[string]string{"Name": "web-to-db", "Description": "Peering for tests"})
	require.Regexp(t, `^pcc-[0-9a-z]{22}$`, id)

	got := e.mustStatus(t, c, id, "Creating")
	require.Equal(t, "web-to-db", got.Name)
	require.Equal(t, "Peering for tests", got.Description)
	require.Equal(t, acctA.UID, got.OwnerId)
	require.Equal(t, acctA.UID, got.AcceptingOwnerUid)
	require.Equal(t, -1, got.Bandwidth, "intra-region default is unlimited")
	require.Equal(t, "Normal", got.BizStatus)
	require.Empty(t, got.GmtExpired, "same-account connections never expire")
	require.Equal(t, vpcA1, got.Vpc.VpcId)
	require.Equal(t, []string{"10.1.0.0/16"}, got.Vpc.Ipv4Cidrs)
	require.Equal(t, []string{"2408:4000:3c5:6e00::/56"}, got.Vpc.Ipv6Cidrs)
	require.Equal(t, vpcA2, got.AcceptingVpc.VpcId)
	require.Regexp(t, `^rg-`, got.ResourceGroupId)
	created, err := time.Parse(time.RFC3339, got.GmtCreate)
	require.NoError(t, err)

	e.clock.Advance(step)
	e.mustStatus(t, c, id, "Activated")

	mod := vpcpeer.CreateModifyVpcPeerConnectionRequest()
	mod.InstanceId, mod.Name, mod.Description = id, "renamed", "d"
	_, err = c.ModifyVpcPeerConnection(mod)
	require.NoError(t, err)
	got = e.mustStatus(t, c, id, "Updating")
	require.Equal(t, "renamed", got.Name)
	require.Equal(t, "d", got.Description, "a one-character description is valid on modify")
	modified, err := time.Parse(time.RFC3339, got.GmtModified)
	require.NoError(t, err)
	require.True(t, modified.After(created), "GmtModified %v not after GmtCreate %v", modified, created)

	// A second modify while Updating is refused.
	_, err = c.ModifyVpcPeerConnection(mod)
	require.Equal(t, "IncorrectStatus.VpcPeer", serverCode(t, err))
	e.clock.Advance(step)
	e.mustStatus(t, c, id, "Activated")

	del := vpcpeer.CreateDeleteVpcPeerConnectionRequest()
	del.InstanceId = id
	_, err = c.DeleteVpcPeerConnection(del)
	require.NoError(t, err)
	e.mustStatus(t, c, id, "Deleting")
	_, err = c.DeleteVpcPeerConnection(del)
	require.Equal(t, "IncorrectStatus.VpcPeer", serverCode(t, err))
	e.clock.Advance(step)
	e.mustStatus(t, c, id, "Deleted")
	e.clock.Advance(step)
	_, err = e.getPeer(t, c, id)
	require.Equal(t, "ResourceNotFound.InstanceId", serverCode(t, err))
	list, err := c.ListVpcPeerConnections(vpcpeer.CreateListVpcPeerConnectionsRequest())
	require.NoError(t, err)
	require.Zero(t, list.TotalCount)
	require.Empty(t, e.svc.VpcPeerConnections())
}

// TestCrossAccountAccept: A asks B across regions; B sees the request in its
// own region, only B can accept, and the connection activates.
func TestCrossAccountAccept(t *testing.T) {
	e := newEnv(t)
	ca, cb := e.vpcClient(t, acctA, hz), e.vpcClient(t, acctB, sh)
	req := vpcpeer.CreateCreateVpcPeerConnectionRequest()
	req.VpcId, req.AcceptingRegionId, req.AcceptingVpcId = vpcA1, sh, vpcB2
	req.AcceptingAliUid = requests.NewInteger64(acctB.UID)
	req.Name = "a-to-b"
	// The typed request lacks these; adapters add them by hand, like this.
	req.FormParams["Bandwidth"] = "200"
	req.QueryParams["LinkType"] = "Platinum"
	req.QueryParams["Tag.1.Key"], req.QueryParams["Tag.1.Value"] = "env", "prod"
	resp, err := ca.CreateVpcPeerConnection(req)
	require.NoError(t, err)
	id := resp.InstanceId

	got := e.mustStatus(t, ca, id, "Creating")
	require.Equal(t, 200, got.Bandwidth)
	require.Equal(t, []vpcpeer.TagsItem{{Key: "env", Value: "prod"}}, got.Tags)
	e.clock.Advance(step)
	got = e.mustStatus(t, ca, id, "Accepting")
	created, _ := time.Parse(time.RFC3339, got.GmtCreate)
	expires, err := time.Parse(time.RFC3339, got.GmtExpired)
	require.NoError(t, err, "GmtExpired is set while Accepting")
	require.Equal(t, 7*24*time.Hour, expires.Sub(created))

	// B sees it in its region, with A's exact UID.
	list, err := cb.ListVpcPeerConnections(vpcpeer.CreateListVpcPeerConnectionsRequest())
	require.NoError(t, err)
	require.Len(t, list.VpcPeerConnects, 1)
	item := list.VpcPeerConnects[0]
	require.Equal(t, id, item.InstanceId)
	require.Equal(t, acctA.UID, item.OwnerId)
	require.Equal(t, acctB.UID, item.AcceptingOwnerUid)
	require.Equal(t, hz, item.RegionId)
	require.Equal(t, sh, item.AcceptingRegionId)
	gotB := e.mustStatus(t, cb, id, "Accepting")
	require.Equal(t, acctA.UID, gotB.OwnerId)

	// A's own view in Shanghai is empty: A's end is in Hangzhou.
	listA, err := e.vpcClient(t, acctA, sh).ListVpcPeerConnections(vpcpeer.CreateListVpcPeerConnectionsRequest())
	require.NoError(t, err)
	require.Empty(t, listA.VpcPeerConnects)

	acc := vpcpeer.CreateAcceptVpcPeerConnectionRequest()
	acc.InstanceId = id
	_, err = ca.AcceptVpcPeerConnection(acc)
	require.Equal(t, "Forbidden.NoPermission", serverCode(t, err), "the requester cannot accept its own request")
	_, err = cb.AcceptVpcPeerConnection(acc)
	require.NoError(t, err)
	got = e.mustStatus(t, cb, id, "Updating")
	require.Empty(t, got.GmtExpired)
	e.clock.Advance(step)
	e.mustStatus(t, ca, id, "Activated")

	// Only the requester modifies.
	mod := vpcpeer.CreateModifyVpcPeerConnectionRequest()
	mod.InstanceId, mod.Bandwidth = id, requests.NewInteger(500)
	_, err = cb.ModifyVpcPeerConnection(mod)
	require.Equal(t, "Forbidden.NoPermission", serverCode(t, err))
	_, err = ca.ModifyVpcPeerConnection(mod)
	require.NoError(t, err)
	require.Equal(t, 500, e.mustStatus(t, ca, id, "Updating").Bandwidth)

	// A third account sees nothing.
	_, err = e.getPeer(t, e.vpcClient(t, acctC(e), hz), id)
	require.Equal(t, "ResourceNotFound.InstanceId", serverCode(t, err))
}

// acctC adds a third account with no VPCs.
func acctC(e *env) (a aliyun.Account) {
	a = aliyun.Account{UID: 1999999999999999999, AccessKeyID: "LTAI5tAccountCCCCCCCCCCC", AccessKeySecret: "secretCsecretCsecretCsecretC56"}
	e.svc.AddAccount(a)
	return a
}

func TestCrossAccountReject(t *testing.T) {
	e := newEnv(t)
	ca, cb := e.vpcClient(t, acctA, hz), e.vpcClient(t, acctB, hz)
	id := e.createPeer(t, ca, vpcA1, hz, vpcB1, acctB.UID, nil)
	rej := vpcpeer.CreateRejectVpcPeerConnectionRequest()
	rej.InstanceId = id
	_, err := cb.RejectVpcPeerConnection(rej)
	require.Equal(t, "IncorrectStatus.VpcPeer", serverCode(t, err), "cannot reject while Creating")
	e.clock.Advance(step)
	_, err = ca.RejectVpcPeerConnection(rej)
	require.Equal(t, "Forbidden.NoPermission", serverCode(t, err))
	_, err = cb.RejectVpcPeerConnection(rej)
	require.NoError(t, err)
	got := e.mustStatus(t, ca, id, "Rejected")
	require.Empty(t, got.GmtExpired)
	acc := vpcpeer.CreateAcceptVpcPeerConnectionRequest()
	acc.InstanceId = id
	_, err = cb.AcceptVpcPeerConnection(acc)
	require.Equal(t, "IncorrectStatus.VpcPeer", serverCode(t, err))
	// A rejected connection can be deleted, by either account.
	del := vpcpeer.CreateDeleteVpcPeerConnectionRequest()
	del.InstanceId = id
	_, err = cb.DeleteVpcPeerConnection(del)
	require.NoError(t, err)
	e.mustStatus(t, ca, id, "Deleting")
}

// TestAcceptanceExpires: seven emulated days unanswered make it Expired.
func TestAcceptanceExpires(t *testing.T) {
	e := newEnv(t)
	ca, cb := e.vpcClient(t, acctA, hz), e.vpcClient(t, acctB, hz)
	id := e.createPeer(t, ca, vpcA1, hz, vpcB1, acctB.UID, nil)
	e.clock.Advance(7*24*time.Hour - time.Minute)
	e.mustStatus(t, cb, id, "Accepting")
	e.clock.Advance(time.Minute)
	got := e.mustStatus(t, cb, id, "Expired")
	require.NotEmpty(t, got.GmtExpired, "GmtExpired stays set once Expired")
	acc := vpcpeer.CreateAcceptVpcPeerConnectionRequest()
	acc.InstanceId = id
	_, err := cb.AcceptVpcPeerConnection(acc)
	require.Equal(t, "IncorrectStatus.VpcPeer", serverCode(t, err))
}

// TestExactUIDsOnTheWire reads the raw JSON: OwnerId and AcceptingOwnerUid
// are integers with every digit, and GmtExpired is null, not "".
func TestExactUIDsOnTheWire(t *testing.T) {
	e := newEnv(t)
	id := e.createPeer(t, e.vpcClient(t, acctA, hz), vpcA1, hz, vpcB1, acctB.UID, nil)
	r := e.do(t, credsOf(acctB), rawCall{action: "GetVpcPeerConnectionAttribute", form: map[string]string{"InstanceId": id}})
	require.Equal(t, 200, r.status, "body: %s", r.raw)
	require.Contains(t, string(r.raw), `"OwnerId":253460731706911258,`)
	require.Contains(t, string(r.raw), `"AcceptingOwnerUid":283117732402484001,`)
	require.Contains(t, string(r.raw), `"GmtExpired":null`)
	require.Equal(t, strconv.FormatInt(acctA.UID, 10), fmt.Sprint(r.body["OwnerId"]))
}

// TestCreateRules: each documented value rule, through raw requests so that
// values the SDK would not send can be sent.
func TestCreateRules(t *testing.T) {
	e := newEnv(t)
	long := func(n int) string { return "a" + strings.Repeat("b", n-1) }
	base := createParams()
	cross := with(base, "AcceptingAliUid", fmt.Sprint(acctB.UID), "AcceptingRegionId", sh, "AcceptingVpcId", vpcB2)
	cases := []struct {
		name   string
		params map[string]string
		code   string // "" = accepted
	}{
		{"valid", base, ""},
		{"no RegionId", with(base, "RegionId", "\x00"), "MissingParam.RegionId"},
		{"no VpcId", with(base, "VpcId", "\x00"), "MissingParam.VpcId"},
		{"no AcceptingAliUid", with(base, "AcceptingAliUid", "\x00"), "MissingParam.AcceptingAliUid"},
		{"no AcceptingRegionId", with(base, "AcceptingRegionId", "\x00"), "MissingParam.AcceptingRegionId"},
		{"no AcceptingVpcId", with(base, "AcceptingVpcId", "\x00"), "MissingParam.AcceptingVpcId"},
		{"AcceptingAliUid not a number", with(base, "AcceptingAliUid", "abc"), "IllegalParam.AcceptingAliUid"},
		{"VPC of another account", with(base, "VpcId", vpcB1), "ResourceNotFound.VpcId"},
		{"VPC in another region", with(base, "RegionId", sh), "ResourceNotFound.VpcId"},
		{"unknown VPC", with(base, "VpcId", "vpc-nothere"), "ResourceNotFound.VpcId"},
		{"accepting VPC of another account", with(base, "AcceptingVpcId", vpcB1), "ResourceNotFound.AcceptingVpcId"},
		{"accepting VPC in another region", with(base, "AcceptingVpcId", vpcA3), "ResourceNotFound.AcceptingVpcId"},
		{"same VPC", with(base, "AcceptingVpcId", vpcA1), "IllegalParam.AcceptingVpcId"},
		{"name 2 chars", with(base, "Name", "ab"), ""},
		{"name 1 char", with(base, "Name", "a"), "IllegalParam.Name"},
		{"name 128 chars", with(base, "Name", long(128)), ""},
		{"name 129 chars", with(base, "Name", long(129)), "IllegalParam.Name"},
		{"name starts with digit", with(base, "Name", "1abc"), "IllegalParam.Name"},
		{"name with space", with(base, "Name", "a b"), "IllegalParam.Name"},
		{"name Chinese", with(base, "Name", "对等连接_1-a"), ""},
		{"description 1 char", with(base, "Description", "a"), "IllegalParam.Description"},
		{"description 256 chars", with(base, "Description", long(256)), ""},
		{"description 257 chars", with(base, "Description", long(257)), "IllegalParam.Description"},
		{"description http", with(base, "Description", "http://x"), "IllegalParam.Description"},
		{"description starts with digit", with(base, "Description", "1 peering"), "IllegalParam.Description"},
		{"bandwidth same region", with(base, "Bandwidth", "100"), "IllegalParam.Bandwidth"},
		{"bandwidth 0 same region ignored", with(base, "Bandwidth", "0"), ""},
		{"bandwidth cross region", with(cross, "Bandwidth", "100"), ""},
		{"bandwidth 0 cross region", with(cross, "Bandwidth", "0"), "IllegalParam.Bandwidth"},
		{"bandwidth negative", with(cross, "Bandwidth", "-1"), "IllegalParam.Bandwidth"},
		{"bandwidth not a number", with(cross, "Bandwidth", "fast"), "IllegalParam.Bandwidth"},
		{"link type Platinum cross region", with(cross, "LinkType", "Platinum"), ""},
		{"link type Platinum same region", with(base, "LinkType", "Platinum"), "IllegalParam.LinkType"},
		{"link type Gold same region", with(base, "LinkType", "Gold"), ""},
		{"link type unknown", with(cross, "LinkType", "Silver"), "IllegalParam.LinkType"},
		{"resource group", with(base, "ResourceGroupId", "rg-acfmxazb4ph6aiy"), ""},
		{"resource group malformed", with(base, "ResourceGroupId", "group-1"), "OperationFailed.NotExist.ResourceGroup"},
		{"tag", with(base, "Tag.1.Key", "k", "Tag.1.Value", ""), ""},
		{"tag key empty", with(base, "Tag.1.Key", "", "Tag.1.Value", "v"), "InvalidTagKey"},
		{"tag value only", with(base, "Tag.1.Value", "v"), "InvalidTagKey"},
		{"tag key aliyun", with(base, "Tag.1.Key", "aliyun-x"), "Forbidden.TagKeys"},
		{"tag key acs:", with(base, "Tag.1.Key", "acs:x"), "Forbidden.TagKeys"},
		{"tag key url", with(base, "Tag.1.Key", "see https://x"), "IllegalParam.TagKey"},
		{"tag key 129", with(base, "Tag.1.Key", long(129)), "IllegalParam.TagKey"},
		{"tag value 129", with(base, "Tag.1.Key", "k", "Tag.1.Value", long(129)), "IllegalParam.TagValue"},
		{"tag duplicate", with(base, "Tag.1.Key", "k", "Tag.2.Key", "k"), "Forbidden.TagKey.Duplicated"},
		{"tag index bad", with(base, "Tag.x.Key", "k"), "IllegalParam.Tag"},
		{"21 tags", tagsN(base, 21), "NumberExceed.Tags"},
		{"20 tags", tagsN(base, 20), ""},
		{"client token 65", with(base, "ClientToken", strings.Repeat("t", 65)), "IllegalParam.ClientToken"},
		{"client token non-ASCII", with(base, "ClientToken", "tøken"), "IllegalParam.ClientToken"},
		{"DryRun bad", with(base, "DryRun", "maybe"), "IllegalParam.DryRun"},
		{"DryRun valid", with(base, "DryRun", "true"), "DryRunOperation"},
		{"DryRun invalid request", with(base, "DryRun", "true", "VpcId", vpcB1), "ResourceNotFound.VpcId"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := len(e.svc.VpcPeerConnections())
			r := e.do(t, credsOf(acctA), rawCall{action: "CreateVpcPeerConnection", form: c.params})
			after := len(e.svc.VpcPeerConnections())
			if c.code == "" {
				require.Equal(t, 200, r.status, "body: %s", r.raw)
				require.Equal(t, before+1, after)
				// Delete it until gone, to free the VPC pair for the next case.
				e.clock.Advance(step)
				del := e.do(t, credsOf(acctA), rawCall{action: "DeleteVpcPeerConnection", form: map[string]string{"InstanceId": r.body["InstanceId"].(string)}})
				require.Equal(t, 200, del.status, "body: %s", del.raw)
				e.clock.Advance(3 * step)
				require.Len(t, e.svc.VpcPeerConnections(), before)
				return
			}
			require.Equal(t, 400, r.status, "body: %s", r.raw)
			require.Equal(t, c.code, r.code(), "body: %s", r.raw)
			requireErrorBody(t, r)
			require.Equal(t, before, after, "a refused create must not create")
		})
	}
}

// TestOnePeerPerVPCPair: a create for a VPC pair that a connection holds,
// in either direction, is ResourceAlreadyExist.VpcPeer; a connection holds
// its pair in every status but Rejected, Expired and Deleted.
func TestOnePeerPerVPCPair(t *testing.T) {
	type end struct {
		acct aliyun.Account
		vpc  string // every one in Hangzhou
	}
	a1, a2, b1 := end{acctA, vpcA1}, end{acctA, vpcA2}, end{acctB, vpcB1}
	params := func(from, to end) map[string]string {
		return map[string]string{"RegionId": hz, "VpcId": from.vpc, "AcceptingAliUid": fmt.Sprint(to.acct.UID),
			"AcceptingRegionId": hz, "AcceptingVpcId": to.vpc}
	}
	act := func(action string, who aliyun.Account) func(*testing.T, *env, string) {
		return func(t *testing.T, e *env, id string) {
			r := e.do(t, credsOf(who), rawCall{action: action, form: map[string]string{"InstanceId": id}})
			require.Equal(t, 200, r.status, "%s: %s", action, r.raw)
		}
	}
	wait := func(d time.Duration) func(*testing.T, *env, string) {
		return func(_ *testing.T, e *env, _ string) { e.clock.Advance(d) }
	}
	const held = "ResourceAlreadyExist.VpcPeer"
	cases := []struct {
		name     string
		from, to end                              // the first connection
		then     []func(*testing.T, *env, string) // what brings it to status
		status   string                           // "" = gone
		again    [2]end                           // the second create: from, to
		extra    map[string]string                // more parameters of the second
		code     string                           // "" = created
	}{
		{"Creating", a1, a2, nil, "Creating", [2]end{a1, a2}, nil, held},
		{"Activated", a1, a2, []func(*testing.T, *env, string){wait(step)}, "Activated", [2]end{a1, a2}, nil, held},
		{"Activated, the other way", a1, a2, []func(*testing.T, *env, string){wait(step)}, "Activated", [2]end{a2, a1}, nil, held},
		{"Activated, dry run", a1, a2, []func(*testing.T, *env, string){wait(step)}, "Activated", [2]end{a1, a2}, map[string]string{"DryRun": "true"}, held},
		{"Activated, another pair with one VPC in common", a1, a2, []func(*testing.T, *env, string){wait(step)}, "Activated", [2]end{a1, b1}, nil, ""},
		{"Accepting", a1, b1, []func(*testing.T, *env, string){wait(step)}, "Accepting", [2]end{a1, b1}, nil, held},
		{"Accepting, asked back by the accepter", a1, b1, []func(*testing.T, *env, string){wait(step)}, "Accepting", [2]end{b1, a1}, nil, held},
		{"Updating", a1, b1, []func(*testing.T, *env, string){wait(step), act("AcceptVpcPeerConnection", acctB)}, "Updating", [2]end{a1, b1}, nil, held},
		{"Deleting", a1, a2, []func(*testing.T, *env, string){wait(step), act("DeleteVpcPeerConnection", acctA)}, "Deleting", [2]end{a2, a1}, nil, held},
		{"Deleted", a1, a2, []func(*testing.T, *env, string){wait(step), act("DeleteVpcPeerConnection", acctA), wait(step)}, "Deleted", [2]end{a1, a2}, nil, ""},
		{"gone", a1, a2, []func(*testing.T, *env, string){wait(step), act("DeleteVpcPeerConnection", acctA), wait(2 * step)}, "", [2]end{a1, a2}, nil, ""},
		{"Rejected", a1, b1, []func(*testing.T, *env, string){wait(step), act("RejectVpcPeerConnection", acctB)}, "Rejected", [2]end{b1, a1}, nil, ""},
		{"Expired", a1, b1, []func(*testing.T, *env, string){wait(7 * 24 * time.Hour)}, "Expired", [2]end{a1, b1}, nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			first := e.do(t, credsOf(c.from.acct), rawCall{action: "CreateVpcPeerConnection", form: params(c.from, c.to)})
			require.Equal(t, 200, first.status, "body: %s", first.raw)
			id := first.body["InstanceId"].(string)
			for _, f := range c.then {
				f(t, e, id)
			}
			status := ""
			for _, p := range e.svc.VpcPeerConnections() {
				if p.InstanceID == id {
					status = p.Status
				}
			}
			require.Equal(t, c.status, status)

			before := len(e.svc.VpcPeerConnections())
			p := with(params(c.again[0], c.again[1]), flatten(c.extra)...)
			r := e.do(t, credsOf(c.again[0].acct), rawCall{action: "CreateVpcPeerConnection", form: p})
			if c.code == "" {
				require.Equal(t, 200, r.status, "body: %s", r.raw)
				require.Len(t, e.svc.VpcPeerConnections(), before+1)
				return
			}
			require.Equal(t, 400, r.status, "body: %s", r.raw)
			require.Equal(t, c.code, r.code(), "body: %s", r.raw)
			require.Contains(t, r.body["Message"], id, "the message names the connection that holds the pair")
			requireErrorBody(t, r)
			require.Len(t, e.svc.VpcPeerConnections(), before, "a refused create must not create")
		})
	}
}

func tagsN(base map[string]string, n int) map[string]string {
	out := with(base)
	for i := 1; i <= n; i++ {
		out[fmt.Sprintf("Tag.%d.Key", i)] = fmt.Sprintf("k%d", i)
		out[fmt.Sprintf("Tag.%d.Value", i)] = "v"
	}
	return out
}

// TestModifyRules: modify's looser name rules and its same-region limits.
func TestModifyRules(t *testing.T) {
	e := newEnv(t)
	ca := e.vpcClient(t, acctA, hz)
	intra := e.createPeer(t, ca, vpcA1, hz, vpcA2, acctA.UID, nil)
	inter := e.createPeer(t, ca, vpcA1, sh, vpcA3, acctA.UID, nil)
	e.clock.Advance(step)
	cases := []struct {
		name   string
		params map[string]string
		code   string
	}{
		{"no InstanceId", map[string]string{}, "MissingParam.InstanceId"},
		{"unknown", map[string]string{"InstanceId": "pcc-nothere"}, "ResourceNotFound.InstanceId"},
		{"name 1 char", map[string]string{"InstanceId": intra, "Name": "x"}, ""},
		{"name starting with a digit", map[string]string{"InstanceId": intra, "Name": "1x"}, ""},
		{"name https", map[string]string{"InstanceId": intra, "Name": "https://x"}, "IllegalParam.Name"},
		{"description 257", map[string]string{"InstanceId": intra, "Description": strings.Repeat("d", 257)}, "IllegalParam.Description"},
		{"bandwidth same region", map[string]string{"InstanceId": intra, "Bandwidth": "100"}, "IllegalParam.Bandwidth"},
		{"bandwidth 0", map[string]string{"InstanceId": inter, "Bandwidth": "0"}, "IllegalParam.Bandwidth"},
		{"link type same region", map[string]string{"InstanceId": intra, "LinkType": "Platinum"}, "IllegalParam.LinkType"},
		{"nothing to change", map[string]string{"InstanceId": inter}, ""},
		{"dry run", map[string]string{"InstanceId": inter, "Bandwidth": "50", "DryRun": "true"}, "DryRunOperation"},
		{"bandwidth cross region", map[string]string{"InstanceId": inter, "Bandwidth": "50", "LinkType": "Platinum"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := e.do(t, credsOf(acctA), rawCall{action: "ModifyVpcPeerConnection", form: c.params})
			if c.code == "" {
				require.Equal(t, 200, r.status, "body: %s", r.raw)
			} else {
				require.Equal(t, c.code, r.code(), "body: %s", r.raw)
			}
			e.clock.Advance(step) // let any update finish before the next case
		})
	}
	got := e.mustStatus(t, ca, inter, "Activated")
	require.Equal(t, 50, got.Bandwidth)
	for _, p := range e.svc.VpcPeerConnections() {
		if p.InstanceID == inter {
			require.Equal(t, "Platinum", p.LinkType)
		}
	}
}

// TestDryRunEverywhere: a valid dry run answers DryRunOperation and changes
// nothing, on every mutating action.
func TestDryRunEverywhere(t *testing.T) {
	e := newEnv(t)
	ca, cb := e.vpcClient(t, acctA, hz), e.vpcClient(t, acctB, hz)
	id := e.createPeer(t, ca, vpcA1, hz, vpcB1, acctB.UID, nil)
	e.clock.Advance(step)
	for _, c := range []struct {
		action string
		who    creds
	}{
		{"AcceptVpcPeerConnection", credsOf(acctB)},
		{"RejectVpcPeerConnection", credsOf(acctB)},
		{"DeleteVpcPeerConnection", credsOf(acctA)},
	} {
		r := e.do(t, c.who, rawCall{action: c.action, form: map[string]string{"InstanceId": id, "DryRun": "true"}})
		require.Equal(t, "DryRunOperation", r.code(), "%s: %s", c.action, r.raw)
		e.mustStatus(t, cb, id, "Accepting")
	}
}

// TestClientToken: the same token and parameters replay the first result; a
// different request under the same token is refused.
func TestClientToken(t *testing.T) {
	e := newEnv(t)
	p := with(createParams(), "ClientToken", "token-1", "Name", "first")
	first := e.do(t, credsOf(acctA), rawCall{action: "CreateVpcPeerConnection", form: p})
	require.Equal(t, 200, first.status, "body: %s", first.raw)
	again := e.do(t, credsOf(acctA), rawCall{action: "CreateVpcPeerConnection", form: p})
	require.Equal(t, 200, again.status)
	require.Equal(t, first.body["InstanceId"], again.body["InstanceId"])
	require.NotEqual(t, first.body["RequestId"], again.body["RequestId"])
	require.Len(t, e.svc.VpcPeerConnections(), 1)

	other := e.do(t, credsOf(acctA), rawCall{action: "CreateVpcPeerConnection", form: with(p, "Name", "second")})
	require.Equal(t, 400, other.status)
	require.Equal(t, "IdempotentParameterMismatch", other.code())

	// Tokens are per account: B's "token-1" is its own.
	pb := with(p, "VpcId", vpcB1, "AcceptingVpcId", vpcA2)
	rb := e.do(t, credsOf(acctB), rawCall{action: "CreateVpcPeerConnection", form: pb})
	require.Equal(t, 200, rb.status, "body: %s", rb.raw)
	require.NotEqual(t, first.body["InstanceId"], rb.body["InstanceId"])

	// Delete with a token: the retry succeeds although the connection is now
	// Deleting, which a fresh delete would refuse.
	e.clock.Advance(step)
	id := first.body["InstanceId"].(string)
	del := map[string]string{"InstanceId": id, "ClientToken": "del-1"}
	require.Equal(t, 200, e.do(t, credsOf(acctA), rawCall{action: "DeleteVpcPeerConnection", form: del}).status)
	require.Equal(t, 200, e.do(t, credsOf(acctA), rawCall{action: "DeleteVpcPeerConnection", form: del}).status)
	r := e.do(t, credsOf(acctA), rawCall{action: "DeleteVpcPeerConnection", form: map[string]string{"InstanceId": id}})
	require.Equal(t, "IncorrectStatus.VpcPeer", r.code())
}

// TestTags: TagResources, ListTagResources and UnTagResources through the
// SDK, and the tags on Get.
func TestTags(t *testing.T) {
	e := newEnv(t)
	ca := e.vpcClient(t, acctA, hz)
	id1 := e.createPeer(t, ca, vpcA1, hz, vpcA2, acctA.UID, map[string]string{"Tag.1.Key": "env", "Tag.1.Value": "prod"})
	id2 := e.createPeer(t, ca, vpcA2, hz, e.addVPC(t, acctA.UID, hz), acctA.UID, nil)

	tag := vpcpeer.CreateTagResourcesRequest()
	tag.ResourceType = "PeerConnection"
	tag.ResourceId = &[]string{id1, id2}
	tag.Tag = &[]vpcpeer.TagResourcesTag{{Key: "team", Value: "net"}, {Key: "env", Value: "dev"}}
	tr, err := ca.TagResources(tag)
	require.NoError(t, err)
	require.True(t, tr.Success)
	got := e.mustGet(t, ca, id1)
	require.Equal(t, []vpcpeer.TagsItem{{Key: "env", Value: "dev"}, {Key: "team", Value: "net"}}, got.Tags)

	lt := vpcpeer.CreateListTagResourcesRequest()
	lt.ResourceType = "PeerConnection"
	lt.ResourceId = &[]string{id1}
	lr, err := ca.ListTagResources(lt)
	require.NoError(t, err)
	require.Len(t, lr.TagResources, 2)
	require.Equal(t, vpcpeer.TagResultModelList{ResourceId: id1, ResourceType: "PeerConnection", RegionNo: hz, TagKey: "env", TagValue: "dev"}, lr.TagResources[0])

	// By tag only, one row per matching tag, paged.
	lt = vpcpeer.CreateListTagResourcesRequest()
	lt.ResourceType = "PeerConnection"
	lt.Tag = &[]vpcpeer.ListTagResourcesTag{{Key: "team"}}
	lt.MaxResults = requests.NewInteger(1)
	lr, err = ca.ListTagResources(lt)
	require.NoError(t, err)
	require.Len(t, lr.TagResources, 1)
	require.NotEmpty(t, lr.NextToken)
	lt.NextToken = lr.NextToken
	lr2, err := ca.ListTagResources(lt)
	require.NoError(t, err)
	require.Len(t, lr2.TagResources, 1)
	require.Empty(t, lr2.NextToken)
	require.ElementsMatch(t, []string{id1, id2}, []string{lr.TagResources[0].ResourceId, lr2.TagResources[0].ResourceId})

	un := vpcpeer.CreateUnTagResourcesRequest()
	un.ResourceType = "PeerConnection"
	un.ResourceId = &[]string{id1}
	un.TagKey = &[]string{"team"}
	_, err = ca.UnTagResources(un)
	require.NoError(t, err)
	got = e.mustGet(t, ca, id1)
	require.Equal(t, []vpcpeer.TagsItem{{Key: "env", Value: "dev"}}, got.Tags)
	un.TagKey, un.All = nil, requests.NewBoolean(true)
	_, err = ca.UnTagResources(un)
	require.NoError(t, err)
	require.Empty(t, e.mustGet(t, ca, id1).Tags)

	// List by Tags.N (note: Tags, not Tag).
	list := vpcpeer.CreateListVpcPeerConnectionsRequest()
	list.Tags = &[]vpcpeer.ListVpcPeerConnectionsTags{{Key: "team", Value: "net"}}
	l, err := ca.ListVpcPeerConnections(list)
	require.NoError(t, err)
	require.Len(t, l.VpcPeerConnects, 1)
	require.Equal(t, id2, l.VpcPeerConnects[0].InstanceId)
}

func TestTagRules(t *testing.T) {
	e := newEnv(t)
	ca := e.vpcClient(t, acctA, hz)
	id := e.createPeer(t, ca, vpcA1, hz, vpcA2, acctA.UID, nil)
	idB := e.createPeer(t, e.vpcClient(t, acctB, hz), vpcB1, hz, vpcA1, acctA.UID, nil)
	base := map[string]string{"RegionId": hz, "ResourceType": "PeerConnection", "ResourceId.1": id, "Tag.1.Key": "k", "Tag.1.Value": "v"}
	many := with(base)
	for i := 2; i <= 51; i++ {
		many[fmt.Sprintf("ResourceId.%d", i)] = id
	}
	cases := []struct {
		name, action string
		params       map[string]string
		code         string
	}{
		{"tag", "TagResources", base, ""},
		{"no region", "TagResources", with(base, "RegionId", "\x00"), "MissingParam.RegionId"},
		{"wrong type", "TagResources", with(base, "ResourceType", "VPC"), "InvalidInstanceType.NotFound"},
		{"no resources", "TagResources", with(base, "ResourceId.1", "\x00"), "MissingParam.ResourceId"},
		{"51 resources", "TagResources", many, "NumberExceed.ResourceIds"},
		{"no tags", "TagResources", with(base, "Tag.1.Key", "\x00", "Tag.1.Value", "\x00"), "MissingParam.Tag"},
		{"unknown resource", "TagResources", with(base, "ResourceId.1", "pcc-nothere"), "InvalidInstanceIds.NotFound"},
		{"accepter cannot tag", "TagResources", with(base, "ResourceId.1", idB), "InvalidInstanceIds.NotFound"},
		{"other region", "TagResources", with(base, "RegionId", sh), "InvalidInstanceIds.NotFound"},
		{"over 20 on the resource", "TagResources", tagsN(with(base, "Tag.1.Key", "\x00", "Tag.1.Value", "\x00"), 20), "NumberExceed.Tags"},
		{"untag needs keys", "UnTagResources", map[string]string{"RegionId": hz, "ResourceType": "PeerConnection", "ResourceId.1": id}, "MissingParam.TagKey"},
		{"list needs something", "ListTagResources", map[string]string{"RegionId": hz, "ResourceType": "PeerConnection"}, "BothEmpty.TagsAndResources"},
		{"list value only", "ListTagResources", map[string]string{"RegionId": hz, "ResourceType": "PeerConnection", "Tag.1.Value": "v"}, "InvalidTagKey"},
		{"list size 51", "ListTagResources", map[string]string{"RegionId": hz, "ResourceType": "PeerConnection", "ResourceId.1": id, "MaxResults": "51"}, "IllegalParam.MaxResults"},
		{"list bad token", "ListTagResources", map[string]string{"RegionId": hz, "ResourceType": "PeerConnection", "ResourceId.1": id, "NextToken": "bogus"}, "IllegalParam.NextToken"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := e.do(t, credsOf(acctA), rawCall{action: c.action, query: c.params})
			if c.code == "" {
				require.Equal(t, 200, r.status, "body: %s", r.raw)
				require.Equal(t, true, r.body["Success"])
				return
			}
			require.Equal(t, c.code, r.code(), "body: %s", r.raw)
			requireErrorBody(t, r)
		})
	}
	// "over 20" changed nothing: the resource still has its one tag.
	got := e.mustGet(t, ca, id)
	require.Equal(t, []vpcpeer.TagsItem{{Key: "k", Value: "v"}}, got.Tags)
}

// TestListFilters: VpcId in its three spellings, Name, InstanceId and
// ResourceGroupId.
func TestListFilters(t *testing.T) {
	e := newEnv(t)
	ca := e.vpcClient(t, acctA, hz)
	a12 := e.createPeer(t, ca, vpcA1, hz, vpcA2, acctA.UID, map[string]string{"Name": "one"})
	a1b := e.createPeer(t, ca, vpcA1, hz, vpcB1, acctB.UID, map[string]string{"Name": "two"})
	a2b := e.createPeer(t, ca, vpcA2, hz, vpcB1, acctB.UID, map[string]string{"Name": "two", "ResourceGroupId": "rg-other"})
	a13 := e.createPeer(t, ca, vpcA1, sh, vpcA3, acctA.UID, nil)
	cases := []struct {
		name   string
		params map[string]string
		want   []string
	}{
		{"region", map[string]string{"RegionId": hz}, []string{a12, a1b, a2b, a13}},
		{"all regions", map[string]string{}, []string{a12, a1b, a2b, a13}},
		{"Shanghai: the accepting end of a13", map[string]string{"RegionId": sh}, []string{a13}},
		{"VpcId.1", map[string]string{"RegionId": hz, "VpcId.1": vpcA2}, []string{a12, a2b}},
		{"VpcId scalar", map[string]string{"RegionId": hz, "VpcId": vpcA2}, []string{a12, a2b}},
		{"VpcId comma pair", map[string]string{"RegionId": hz, "VpcId": vpcB1 + "," + vpcA1}, []string{a1b}},
		{"VpcId JSON pair", map[string]string{"RegionId": hz, "VpcId": `["` + vpcA1 + `","` + vpcA2 + `"]`}, []string{a12}},
		{"VpcId without region", map[string]string{"VpcId.1": vpcA3}, []string{a13}},
		{"VpcId of the other account's end", map[string]string{"RegionId": hz, "VpcId.1": vpcB1}, []string{a1b, a2b}},
		{"Name", map[string]string{"RegionId": hz, "Name": "two"}, []string{a1b, a2b}},
		{"InstanceId", map[string]string{"RegionId": hz, "InstanceId": a2b}, []string{a2b}},
		{"InstanceId in another region", map[string]string{"RegionId": sh, "InstanceId": a2b}, nil},
		{"ResourceGroupId", map[string]string{"RegionId": hz, "ResourceGroupId": "rg-other"}, []string{a2b}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := e.do(t, credsOf(acctA), rawCall{action: "ListVpcPeerConnections", form: c.params})
			require.Equal(t, 200, r.status, "body: %s", r.raw)
			require.ElementsMatch(t, c.want, ids(r.body["VpcPeerConnects"]))
			require.Equal(t, fmt.Sprint(len(c.want)), fmt.Sprint(r.body["TotalCount"]))
		})
	}
	r := e.do(t, credsOf(acctA), rawCall{action: "ListVpcPeerConnections", form: map[string]string{"VpcId": "vpc-a,vpc-b,vpc-c"}})
	require.Equal(t, "IllegalParam.VpcId", r.code())
	// B sees the two cross-account ones from its side.
	r = e.do(t, credsOf(acctB), rawCall{action: "ListVpcPeerConnections", form: map[string]string{"RegionId": hz}})
	require.ElementsMatch(t, []string{a1b, a2b}, ids(r.body["VpcPeerConnects"]))
}

// ids collects InstanceIds from a decoded list.
func ids(list any) []string {
	var out []string
	items, _ := list.([]any)
	for _, it := range items {
		out = append(out, it.(map[string]any)["InstanceId"].(string))
	}
	return out
}

// TestSetBizStatus: a connection locked for non-payment shows
// FinancialLocked to both accounts and refuses accept until the lock is
// lifted; only the two documented values are taken.
func TestSetBizStatus(t *testing.T) {
	e := newEnv(t)
	a, b := e.vpcClient(t, acctA, hz), e.vpcClient(t, acctB, hz)
	id := e.createPeer(t, a, vpcA1, hz, vpcB1, acctB.UID, nil)
	require.NoError(t, e.svc.SetBizStatus(id, "FinancialLocked"))
	e.clock.Advance(step)
	require.Equal(t, "FinancialLocked", e.mustStatus(t, a, id, "Accepting").BizStatus)
	require.Equal(t, "FinancialLocked", e.mustStatus(t, b, id, "Accepting").BizStatus)

	accept := vpcpeer.CreateAcceptVpcPeerConnectionRequest()
	accept.InstanceId = id
	_, err := b.AcceptVpcPeerConnection(accept)
	require.Equal(t, "IncorrectBusinessStatus.VpcPeer", serverCode(t, err))

	require.NoError(t, e.svc.SetBizStatus(id, "Normal"))
	require.Equal(t, "Normal", e.mustGet(t, a, id).BizStatus)
	_, err = b.AcceptVpcPeerConnection(accept)
	require.NoError(t, err, "accepted once the bill is paid")
	require.Error(t, e.svc.SetBizStatus(id, "Locked"), "an undocumented value")
	require.Error(t, e.svc.SetBizStatus("pcc-none", "Normal"), "an unknown connection")
}
