package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpcpeer"
	bcesdk "github.com/baidubce/bce-sdk-go/bce"
	"github.com/baidubce/bce-sdk-go/model"
	"github.com/baidubce/bce-sdk-go/services/vpc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/emulator/bce"
)

// TestEmulateOfficialSDKs drives every peering operation of the two
// official SDKs against a 'peerctl emulate' process, as another program
// would use it: the only errors are the ones the test provokes. The
// process keeps its own clock, which follows the wall clock, so the test
// waits out transient statuses by polling (a few seconds each) instead of
// advancing time.
func TestEmulateOfficialSDKs(t *testing.T) {
	t.Parallel()
	m := startEmulate(t, "--seed", "7", "--connections", "0").Manifest
	// The same seed builds the same world here, where the fixture networks'
	// IDs can be read.
	world := twin(t, 7, 0)

	t.Run("baidu", func(t *testing.T) {
		t.Parallel()
		driveBaidu(t, m, world)
	})
	t.Run("alibaba-vpc", func(t *testing.T) {
		t.Parallel()
		driveVpcPeer(t, m, world)
	})
	t.Run("alibaba-ens", func(t *testing.T) {
		t.Parallel()
		driveENS(t, m, world)
	})
}

// poll calls probe until it reports done, every 300 ms for at most a
// minute. An error from probe fails the test: no call may fail while
// waiting. The interval keeps a VpcPeer poller at about three calls a
// second, well under the emulator's published limit of six.
func poll(t *testing.T, what string, probe func() (bool, error)) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		done, err := probe()
		require.NoError(t, err, "waiting for %s", what)
		if done {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within a minute", what)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

// baiduFixture returns the n-th fixture VPC of acct in region.
func baiduFixture(t *testing.T, world *emulator.Server, acct emulator.Account, region string, n int) string {
	t.Helper()
	for _, v := range world.Baidu.VPCs() {
		if v.AccountID == acct.ID && v.Region == region && v.Name == bce.FixtureVPCName(n) {
			return v.ID
		}
	}
	t.Fatalf("no fixture VPC %d of %s in %s", n, acct.Name, region)
	return ""
}

// bceClient is the official VPC client for acct in Beijing, without
// retries so that any error shows.
func bceClient(t *testing.T, m emulator.Manifest, acct emulator.Account, secret string) *vpc.Client {
	t.Helper()
	c, err := vpc.NewClient(acct.AccessKeyID, secret, m.Baidu["bj"])
	require.NoError(t, err)
	c.Config.Retry = bcesdk.NewNoRetryPolicy()
	return c
}

// bceCode returns the code of a BCE service error, failing on anything else.
func bceCode(t *testing.T, err error) string {
	t.Helper()
	var se *bcesdk.BceServiceError
	require.True(t, errors.As(err, &se), "not a service error: %v", err)
	return se.Code
}

func driveBaidu(t *testing.T, m emulator.Manifest, world *emulator.Server) {
	a, b := account(t, m, "baidu-a"), account(t, m, "baidu-b")
	ca, cb := bceClient(t, m, a, a.Secret), bceClient(t, m, b, b.Secret)
	a1, a2 := baiduFixture(t, world, a, "bj", 1), baiduFixture(t, world, a, "bj", 2)
	b1 := baiduFixture(t, world, b, "bj", 1)
	postpaid := &vpc.Billing{PaymentTiming: vpc.PAYMENT_TIMING_POSTPAID}

	creates := 0
	create := func(args *vpc.CreatePeerConnArgs) string {
		t.Helper()
		if args.ClientToken == "" { // the create document requires one
			creates++
			args.ClientToken = fmt.Sprintf("sdk-test-%d", creates)
		}
		res, err := ca.CreatePeerConn(args)
		require.NoError(t, err)
		require.Regexp(t, `^peerconn-[0-9a-z]{12}$`, res.PeerConnId)
		return res.PeerConnId
	}
	get := func(c *vpc.Client, id string, role vpc.PeerConnRoleType) *vpc.PeerConn {
		t.Helper()
		pc, err := c.GetPeerConnDetail(id, role)
		require.NoError(t, err)
		return pc
	}
	waitStatus := func(c *vpc.Client, id string, want vpc.PeerConnStatusType) {
		t.Helper()
		poll(t, id+" "+string(want), func() (bool, error) {
			pc, err := c.GetPeerConnDetail(id, "")
			return err == nil && pc.Status == want, err
		})
	}

	// Create: one within the account, with its options; the same request
	// under the same clientToken returns the same connection. Two offers to
	// baidu-b: one to accept, one to reject.
	sameArgs := &vpc.CreatePeerConnArgs{
		ClientToken: "sdk-same-1", BandwidthInMbps: 20, LocalVpcId: a1, PeerVpcId: a2, PeerRegion: "bj",
		Description: "sdk_same_account", LocalIfName: "sdk-local", PeerIfName: "sdk-peer", Billing: postpaid,
		Tags: []model.TagModel{{TagKey: "env", TagValue: "test"}},
	}
	same := create(sameArgs)
	require.Equal(t, same, create(sameArgs), "the same clientToken and request: the same connection")
	offer := create(&vpc.CreatePeerConnArgs{BandwidthInMbps: 10, LocalVpcId: a1, PeerVpcId: b1, PeerRegion: "bj",
		PeerAccountId: b.ID, Description: "sdk_offer", Billing: postpaid})
	refused := create(&vpc.CreatePeerConnArgs{BandwidthInMbps: 10, LocalVpcId: a2, PeerVpcId: b1, PeerRegion: "bj",
		PeerAccountId: b.ID, Billing: postpaid})
	waitStatus(ca, same, vpc.PEERCONN_STATUS_ACTIVE)
	waitStatus(ca, offer, vpc.PEERCONN_STATUS_CONSULTING)
	waitStatus(ca, refused, vpc.PEERCONN_STATUS_CONSULTING)

	// List one connection a page: three pages, each connection once.
	var listed []string
	marker, pages := "", 0
	for {
		res, err := ca.ListPeerConn(&vpc.ListPeerConnsArgs{Marker: marker, MaxKeys: 1})
		require.NoError(t, err)
		pages++
		require.LessOrEqual(t, len(res.PeerConns), 1)
		if marker != "" {
			require.Equal(t, marker, res.Marker, "the marker is echoed")
		}
		for _, pc := range res.PeerConns {
			listed = append(listed, pc.PeerConnId)
		}
		if !res.IsTruncated {
			require.Empty(t, res.NextMarker)
			break
		}
		require.Less(t, pages, 10, "runaway listing")
		marker = res.NextMarker
	}
	require.ElementsMatch(t, []string{same, offer, refused}, listed)
	require.Equal(t, 3, pages)
	res, err := cb.ListPeerConn(nil)
	require.NoError(t, err)
	require.Len(t, res.PeerConns, 2, "baidu-b sees the two offers")
	for _, pc := range res.PeerConns {
		require.Equal(t, vpc.PEERCONN_ROLE_ACCEPTOR, pc.Role)
		require.Equal(t, b1, pc.LocalVpcId)
	}

	// Get, from either end.
	pc := get(ca, same, vpc.PEERCONN_ROLE_INITIATOR)
	require.Equal(t, [4]string{a1, a2, "sdk_same_account", "sdk-local"}, [4]string{pc.LocalVpcId, pc.PeerVpcId, pc.Description, pc.LocalIfName})
	require.Equal(t, 20, pc.BandwidthInMbps)
	require.Equal(t, "Postpaid", pc.PaymentTiming)
	require.Equal(t, vpc.DNS_STATUS_CLOSE, pc.DnsStatus)
	require.Equal(t, []model.TagModel{{TagKey: "env", TagValue: "test"}}, pc.Tags)
	other := get(ca, same, vpc.PEERCONN_ROLE_ACCEPTOR)
	require.Equal(t, [3]string{a2, a1, "sdk-peer"}, [3]string{other.LocalVpcId, other.PeerVpcId, other.LocalIfName})

	// baidu-b answers its offers; baidu-a updates its own connection.
	require.NoError(t, cb.AcceptPeerConnApply(offer, "sdk-accept-1"))
	require.NoError(t, cb.RejectPeerConnApply(refused, ""))
	require.NoError(t, ca.UpdatePeerConn(same, &vpc.UpdatePeerConnArgs{LocalIfId: pc.LocalIfId, Description: "sdk_renamed", LocalIfName: "sdk-local-2"}))
	waitStatus(ca, offer, vpc.PEERCONN_STATUS_ACTIVE)
	waitStatus(ca, refused, vpc.PEERCONN_STATUS_CONSULT_FAILED)
	waitStatus(ca, same, vpc.PEERCONN_STATUS_ACTIVE)
	pc = get(ca, same, vpc.PEERCONN_ROLE_INITIATOR)
	require.Equal(t, [2]string{"sdk_renamed", "sdk-local-2"}, [2]string{pc.Description, pc.LocalIfName})
	require.Equal(t, vpc.PEERCONN_STATUS_ACTIVE, get(cb, offer, "").Status, "baidu-b sees its acceptance")

	// Resize (postpaid: either way).
	require.NoError(t, ca.ResizePeerConn(same, &vpc.ResizePeerConnArgs{NewBandwidthInMbps: 50, ClientToken: "sdk-resize-1"}))
	waitStatus(ca, same, vpc.PEERCONN_STATUS_ACTIVE)
	require.Equal(t, 50, get(ca, same, "").BandwidthInMbps)

	// Delete protection: on, a delete refused, off.
	require.NoError(t, ca.UpdatePeerConnDeleteProtect(same, &vpc.UpdatePeerConnDeleteProtectArgs{DeleteProtect: true}))
	require.True(t, get(ca, same, "").DeleteProtect)
	require.Equal(t, bce.CodePeerConnDeleteProtected, bceCode(t, ca.DeletePeerConn(same, "")))
	require.NoError(t, ca.UpdatePeerConnDeleteProtect(same, &vpc.UpdatePeerConnDeleteProtectArgs{DeleteProtect: false}))
	require.False(t, get(ca, same, "").DeleteProtect)

	// DNS sync on the initiator's end: open (wait, syncing, open), then
	// close (closing, close).
	dns := vpc.PeerConnSyncDNSArgs{Role: vpc.PEERCONN_ROLE_INITIATOR}
	waitDNS := func(want vpc.DnsStatusType) {
		t.Helper()
		poll(t, "DNS "+string(want), func() (bool, error) {
			pc, err := ca.GetPeerConnDetail(same, vpc.PEERCONN_ROLE_INITIATOR)
			return err == nil && pc.DnsStatus == want, err
		})
	}
	require.NoError(t, ca.OpenPeerConnSyncDNS(same, &dns))
	waitDNS(vpc.DNS_STATUS_OPEN)
	require.Equal(t, vpc.DNS_STATUS_CLOSE, get(ca, same, vpc.PEERCONN_ROLE_ACCEPTOR).DnsStatus, "the other end's DNS is its own")
	require.NoError(t, ca.ClosePeerConnSyncDNS(same, &dns))
	waitDNS(vpc.DNS_STATUS_CLOSE)

	// Delete all three: deleting, then deleted (and later gone, which a
	// poll may see first: NoSuchObject is then the expected answer).
	for _, id := range []string{same, offer, refused} {
		require.NoError(t, ca.DeletePeerConn(id, ""))
	}
	for _, id := range []string{same, offer, refused} {
		poll(t, id+" deleted", func() (bool, error) {
			pc, err := ca.GetPeerConnDetail(id, "")
			if err != nil && bceCode(t, err) == bce.CodeNoSuchObject {
				return true, nil
			}
			return err == nil && pc.Status == vpc.PEERCONN_STATUS_DELETED, err
		})
	}

	// A wrong secret is refused.
	_, err = bceClient(t, m, a, "wrong"+a.Secret).ListPeerConn(nil)
	require.Equal(t, bce.CodeSignatureDoesNotMatch, bceCode(t, err))
}

// alibabaVPCs returns the VPCs of acct in region: with no generated
// connections, the fixtures.
func alibabaVPCs(t *testing.T, world *emulator.Server, acct emulator.Account, region string) []string {
	t.Helper()
	uid := alibabaUID(t, acct)
	var out []string
	for _, v := range world.Alibaba.VPCs() {
		if v.OwnerUID == uid && v.RegionID == region {
			out = append(out, v.ID)
		}
	}
	require.GreaterOrEqual(t, len(out), 3, "fixture VPCs of %s in %s", acct.Name, region)
	return out
}

func alibabaUID(t *testing.T, acct emulator.Account) int64 {
	t.Helper()
	uid, err := strconv.ParseInt(acct.ID, 10, 64)
	require.NoError(t, err)
	return uid
}

// alibabaConfig is the SDK configuration for the emulator: plain HTTP
// (the scheme an emulator endpoint speaks) and no automatic retries, so
// that any error shows.
func alibabaConfig() *sdk.Config { return sdk.NewConfig().WithScheme("HTTP").WithAutoRetry(false) }

// vpcPeerClient is the official typed VpcPeer client of acct, pointed at
// the emulator by its Domain.
func vpcPeerClient(t *testing.T, m emulator.Manifest, acct emulator.Account, secret string) *vpcpeer.Client {
	t.Helper()
	c, err := vpcpeer.NewClientWithOptions("cn-hangzhou", alibabaConfig(), credentials.NewAccessKeyCredential(acct.AccessKeyID, secret))
	require.NoError(t, err)
	c.Domain = m.Alibaba
	return c
}

// alibabaCode returns the code of an Alibaba server error, failing on
// anything else.
func alibabaCode(t *testing.T, err error) string {
	t.Helper()
	var se *sdkerrors.ServerError
	require.True(t, errors.As(err, &se), "not a server error: %v", err)
	return se.ErrorCode()
}

func driveVpcPeer(t *testing.T, m emulator.Manifest, world *emulator.Server) {
	const hz, sh = "cn-hangzhou", "cn-shanghai"
	a, b := account(t, m, "alibaba-a"), account(t, m, "alibaba-b")
	ca, cb := vpcPeerClient(t, m, a, a.Secret), vpcPeerClient(t, m, b, b.Secret)
	va, vaSh, vb := alibabaVPCs(t, world, a, hz), alibabaVPCs(t, world, a, sh), alibabaVPCs(t, world, b, hz)
	uidA, uidB := alibabaUID(t, a), alibabaUID(t, b)

	create := func(vpcID, accRegion, accVpc string, accUID int64, more func(*vpcpeer.CreateVpcPeerConnectionRequest)) (string, error) {
		req := vpcpeer.CreateCreateVpcPeerConnectionRequest()
		req.RegionId, req.VpcId = hz, vpcID
		req.AcceptingRegionId, req.AcceptingVpcId = accRegion, accVpc
		req.AcceptingAliUid = requests.NewInteger64(accUID)
		if more != nil {
			more(req)
		}
		res, err := ca.CreateVpcPeerConnection(req)
		if err != nil {
			return "", err
		}
		require.Regexp(t, `^pcc-[0-9a-z]{22}$`, res.InstanceId)
		return res.InstanceId, nil
	}
	mustCreate := func(vpcID, accRegion, accVpc string, accUID int64, more func(*vpcpeer.CreateVpcPeerConnectionRequest)) string {
		t.Helper()
		id, err := create(vpcID, accRegion, accVpc, accUID, more)
		require.NoError(t, err)
		return id
	}
	get := func(c *vpcpeer.Client, id string) *vpcpeer.GetVpcPeerConnectionAttributeResponse {
		t.Helper()
		req := vpcpeer.CreateGetVpcPeerConnectionAttributeRequest()
		req.RegionId, req.InstanceId = hz, id
		res, err := c.GetVpcPeerConnectionAttribute(req)
		require.NoError(t, err)
		return res
	}
	// list walks every page of an account's connections in
	// Hangzhou and returns them with the number of pages.
	list := func(c *vpcpeer.Client, size int) (map[string]vpcpeer.VpcPeerConnectsItem, int, error) {
		out := map[string]vpcpeer.VpcPeerConnectsItem{}
		req := vpcpeer.CreateListVpcPeerConnectionsRequest()
		req.RegionId, req.MaxResults = hz, requests.NewInteger(size)
		for pages := 1; ; pages++ {
			res, err := c.ListVpcPeerConnections(req)
			if err != nil {
				return nil, pages, err
			}
			for _, it := range res.VpcPeerConnects {
				if _, dup := out[it.InstanceId]; dup {
					return nil, pages, fmt.Errorf("%s listed twice", it.InstanceId)
				}
				out[it.InstanceId] = it
			}
			if res.NextToken == "" {
				if len(out) != res.TotalCount {
					return nil, pages, fmt.Errorf("listed %d of a TotalCount of %d", len(out), res.TotalCount)
				}
				return out, pages, nil
			}
			if pages > 50 {
				return nil, pages, errors.New("runaway listing")
			}
			req.NextToken = res.NextToken
		}
	}
	// waitStatuses polls one listing a round, not one Get per connection,
	// to stay under the per-API rate limit the emulator enforces.
	waitStatuses := func(want map[string]string) {
		t.Helper()
		poll(t, fmt.Sprint(want), func() (bool, error) {
			got, _, err := list(ca, 100)
			for id, st := range want {
				if got[id].Status != st {
					return false, err
				}
			}
			return true, err
		})
	}

	// Create: within the region with a name, a description, a token and a
	// tag; across regions with the bandwidth, link type and tags the typed
	// request lacks; two offers to alibaba-b, one to accept, one to reject.
	same := mustCreate(va[0], hz, va[1], uidA, func(r *vpcpeer.CreateVpcPeerConnectionRequest) {
		r.Name, r.Description, r.ClientToken = "sdk-same", "SDK same-account", "sdk-same-1"
		r.QueryParams["Tag.1.Key"], r.QueryParams["Tag.1.Value"] = "env", "test"
	})
	inter := mustCreate(va[0], sh, vaSh[0], uidA, func(r *vpcpeer.CreateVpcPeerConnectionRequest) {
		r.Name = "sdk-inter"
		r.FormParams["Bandwidth"] = "200"
		r.QueryParams["LinkType"] = "Platinum"
		r.QueryParams["Tag.1.Key"], r.QueryParams["Tag.1.Value"] = "env", "test"
		r.QueryParams["Tag.2.Key"], r.QueryParams["Tag.2.Value"] = "team", "net"
	})
	offer := mustCreate(va[1], hz, vb[0], uidB, nil)
	refused := mustCreate(va[2], hz, vb[0], uidB, nil)
	// One connection per VPC pair: the first pair again, the other way, is
	// refused.
	_, err := create(va[1], hz, va[0], uidA, nil)
	require.Equal(t, "ResourceAlreadyExist.VpcPeer", alibabaCode(t, err))
	waitStatuses(map[string]string{same: "Activated", inter: "Activated", offer: "Accepting", refused: "Accepting"})

	// List in pages of two: four connections, two pages; alibaba-b sees
	// the two offers.
	got, pages, err := list(ca, 2)
	require.NoError(t, err)
	require.Len(t, got, 4)
	require.Equal(t, 2, pages)
	got, _, err = list(cb, 100)
	require.NoError(t, err)
	require.Len(t, got, 2)
	require.Equal(t, uidA, got[offer].OwnerId, "OwnerId exact beyond 2^53")
	require.Equal(t, uidB, got[offer].AcceptingOwnerUid)

	// Get: the values the create set, the ones the typed request could not
	// carry included (LinkType is not in the typed response: read the body).
	g := get(ca, inter)
	require.Equal(t, [4]string{"sdk-inter", hz, sh, "Activated"}, [4]string{g.Name, g.RegionId, g.AcceptingRegionId, g.Status})
	require.Equal(t, 200, g.Bandwidth)
	require.Equal(t, [2]string{va[0], vaSh[0]}, [2]string{g.Vpc.VpcId, g.AcceptingVpc.VpcId})
	require.ElementsMatch(t, []vpcpeer.TagsItem{{Key: "env", Value: "test"}, {Key: "team", Value: "net"}}, g.Tags)
	require.Contains(t, g.GetHttpContentString(), `"LinkType":"Platinum"`)
	g = get(ca, same)
	require.Equal(t, [2]string{"sdk-same", "SDK same-account"}, [2]string{g.Name, g.Description})
	require.Equal(t, -1, g.Bandwidth, "unlimited within a region")
	require.NotEmpty(t, get(cb, offer).GmtExpired, "an offer expires unanswered")

	// alibaba-b answers its offers; alibaba-a modifies its connections.
	accept := vpcpeer.CreateAcceptVpcPeerConnectionRequest()
	accept.RegionId, accept.InstanceId, accept.ClientToken = hz, offer, "sdk-accept-1"
	_, err = cb.AcceptVpcPeerConnection(accept)
	require.NoError(t, err)
	reject := vpcpeer.CreateRejectVpcPeerConnectionRequest()
	reject.RegionId, reject.InstanceId = hz, refused
	_, err = cb.RejectVpcPeerConnection(reject)
	require.NoError(t, err)
	modify := vpcpeer.CreateModifyVpcPeerConnectionRequest()
	modify.RegionId, modify.InstanceId = hz, same
	modify.Name, modify.Description = "sdk-renamed", "renamed by the SDK"
	_, err = ca.ModifyVpcPeerConnection(modify)
	require.NoError(t, err)
	modify = vpcpeer.CreateModifyVpcPeerConnectionRequest()
	modify.RegionId, modify.InstanceId, modify.Bandwidth = hz, inter, requests.NewInteger(300)
	_, err = ca.ModifyVpcPeerConnection(modify)
	require.NoError(t, err)
	require.Equal(t, "Updating", get(ca, same).Status)
	waitStatuses(map[string]string{same: "Activated", inter: "Activated", offer: "Activated", refused: "Rejected"})
	require.Equal(t, "sdk-renamed", get(ca, same).Name)
	require.Equal(t, 300, get(ca, inter).Bandwidth)

	// Tags: add one to both, remove one from one, list them.
	tag := vpcpeer.CreateTagResourcesRequest()
	tag.RegionId, tag.ResourceType = hz, "PeerConnection"
	tag.ResourceId = &[]string{same, inter}
	tag.Tag = &[]vpcpeer.TagResourcesTag{{Key: "owner", Value: "sdk"}}
	_, err = ca.TagResources(tag)
	require.NoError(t, err)
	untag := vpcpeer.CreateUnTagResourcesRequest()
	untag.RegionId, untag.ResourceType = hz, "PeerConnection"
	untag.ResourceId, untag.TagKey = &[]string{inter}, &[]string{"team"}
	_, err = ca.UnTagResources(untag)
	require.NoError(t, err)
	tags := map[string]map[string]string{}
	lt := vpcpeer.CreateListTagResourcesRequest()
	lt.RegionId, lt.ResourceType = hz, "PeerConnection"
	lt.ResourceId, lt.MaxResults = &[]string{same, inter}, requests.NewInteger(1)
	for range 10 {
		res, err := ca.ListTagResources(lt)
		require.NoError(t, err)
		for _, r := range res.TagResources {
			if tags[r.ResourceId] == nil {
				tags[r.ResourceId] = map[string]string{}
			}
			tags[r.ResourceId][r.TagKey] = r.TagValue
		}
		if lt.NextToken = res.NextToken; lt.NextToken == "" {
			break
		}
	}
	require.Equal(t, map[string]map[string]string{
		same:  {"env": "test", "owner": "sdk"},
		inter: {"env": "test", "owner": "sdk"},
	}, tags)

	// Delete: Deleting, then Deleted (then gone, which a poll may see
	// first).
	for _, id := range []string{same, inter, offer, refused} {
		del := vpcpeer.CreateDeleteVpcPeerConnectionRequest()
		del.RegionId, del.InstanceId = hz, id
		_, err := ca.DeleteVpcPeerConnection(del)
		require.NoError(t, err, id)
	}
	require.Equal(t, "Deleting", get(cb, offer).Status)
	poll(t, "the connections to be deleted", func() (bool, error) {
		got, _, err := list(ca, 100)
		for _, c := range got {
			if c.Status != "Deleted" {
				return false, err
			}
		}
		return true, err
	})

	// A wrong secret is refused.
	req := vpcpeer.CreateListVpcPeerConnectionsRequest()
	req.RegionId = hz
	_, err = vpcPeerClient(t, m, a, "wrong"+a.Secret).ListVpcPeerConnections(req)
	require.Equal(t, "SignatureDoesNotMatch", alibabaCode(t, err))
}

// ensPage is a DescribeNetworkPeerConnections answer; its counters are
// strings on the wire.
type ensPage struct {
	PageNumber          string `json:"PageNumber"`
	PageSize            string `json:"PageSize"`
	TotalCount          string `json:"TotalCount"`
	NetworkPeerConnects []struct {
		InstanceID string `json:"InstanceId"`
		Status     string `json:"Status"`
		Name       string `json:"Name"`
	} `json:"NetworkPeerConnects"`
}

func driveENS(t *testing.T, m emulator.Manifest, world *emulator.Server) {
	a := account(t, m, "alibaba-a")
	uid := alibabaUID(t, a)
	newClient := func(secret string) *sdk.Client {
		c, err := sdk.NewClientWithOptions("cn-hangzhou", alibabaConfig(), credentials.NewAccessKeyCredential(a.AccessKeyID, secret))
		require.NoError(t, err)
		return c
	}
	client := newClient(a.Secret)
	call := func(c *sdk.Client, action string, params map[string]string) ([]byte, error) {
		cr := requests.NewCommonRequest()
		cr.Method, cr.Scheme, cr.Domain = "POST", "http", m.Alibaba
		cr.Product, cr.Version, cr.ApiName = "Ens", "2017-11-10", action
		for k, v := range params {
			cr.QueryParams[k] = v
		}
		res, err := c.ProcessCommonRequest(cr)
		if err != nil {
			return nil, err
		}
		return res.GetHttpContentBytes(), nil
	}
	describe := func(page, size int) (ensPage, error) {
		var p ensPage
		body, err := call(client, "DescribeNetworkPeerConnections", map[string]string{"PageNumber": strconv.Itoa(page), "PageSize": strconv.Itoa(size)})
		if err != nil {
			return p, err
		}
		return p, json.Unmarshal(body, &p)
	}

	// Eleven connections, one per pair of the account's fixture networks
	// (any node to any node): one more than the smallest page.
	var nets []string
	for _, n := range world.Alibaba.Networks() {
		if n.OwnerUID == uid {
			nets = append(nets, n.ID)
		}
	}
	require.GreaterOrEqual(t, len(nets), 6)
	var made []string
	for j := 1; j < len(nets) && len(made) < 11; j++ {
		for i := 0; i < j && len(made) < 11; i++ {
			body, err := call(client, "CreateNetworkPeerConnection", map[string]string{
				"NetworkId": nets[i], "AcceptingNetworkId": nets[j], "Name": fmt.Sprintf("sdk-ens-%d", len(made)),
			})
			require.NoError(t, err)
			var res struct{ InstanceId string }
			require.NoError(t, json.Unmarshal(body, &res))
			require.True(t, strings.HasPrefix(res.InstanceId, "pcc-"), res.InstanceId)
			made = append(made, res.InstanceId)
		}
	}

	// Describe in pages of ten: two pages, each connection once.
	var listed []string
	for page := 1; page <= 2; page++ {
		p, err := describe(page, 10)
		require.NoError(t, err)
		require.Equal(t, [3]string{strconv.Itoa(page), "10", "11"}, [3]string{p.PageNumber, p.PageSize, p.TotalCount})
		for _, c := range p.NetworkPeerConnects {
			listed = append(listed, c.InstanceID)
		}
	}
	require.ElementsMatch(t, made, listed)

	poll(t, "the ENS connections to activate", func() (bool, error) {
		p, err := describe(1, 100)
		for _, c := range p.NetworkPeerConnects {
			if c.Status != "Activated" {
				return false, err
			}
		}
		return len(p.NetworkPeerConnects) == len(made), err
	})
	for _, id := range made {
		_, err := call(client, "DeleteNetworkPeerConnection", map[string]string{"InstanceId": id})
		require.NoError(t, err, id)
	}
	p, err := describe(1, 100)
	require.NoError(t, err)
	for _, c := range p.NetworkPeerConnects {
		require.Equal(t, "Deleting", c.Status, c.InstanceID)
	}

	// A wrong secret is refused.
	_, err = call(newClient("wrong"+a.Secret), "DescribeNetworkPeerConnections", nil)
	require.Equal(t, "SignatureDoesNotMatch", alibabaCode(t, err))
}

// --fault and --rate-limits act on the official SDK's calls: the 5xx rule
// fires once on the operation it names, and 60 calls a minute lets a burst
// of 20 through, then throttles with Baidu's code.
func TestEmulateFaultAndRateLimitFlags(t *testing.T) {
	t.Parallel()
	m := startEmulate(t, "--connections", "0", "--rate-limits", "60",
		"--fault", "kind=5xx,count=1,provider=baidu,operation=ListPeerConn,status=502").Manifest
	a := account(t, m, "baidu-a")
	c := bceClient(t, m, a, a.Secret)
	_, err := c.ListPeerConn(&vpc.ListPeerConnsArgs{})
	var se *bcesdk.BceServiceError
	require.ErrorAs(t, err, &se)
	require.Equal(t, 502, se.StatusCode)
	calls := 1
	for ; calls <= 30; calls++ {
		if _, err = c.ListPeerConn(&vpc.ListPeerConnsArgs{}); err != nil {
			break
		}
	}
	require.Equal(t, "RequestRateLimitExceeded", bceCode(t, err))
	require.Equal(t, 20, calls, "the burst of a 60-a-minute limit is 20 calls, the faulted one among them")
}

// readmeSection returns the README's section with the given heading, up to
// the next heading of its level.
func readmeSection(t *testing.T, heading string) string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	s := string(b)
	i := strings.Index(s, "\n## "+heading+"\n")
	require.GreaterOrEqual(t, i, 0, "README has a section %q", heading)
	s = s[i+1:]
	if j := strings.Index(s[3:], "\n## "); j >= 0 {
		s = s[:j+3]
	}
	return s
}

// TestEmulateREADMESessions runs the README's program for each official
// SDK, exactly as printed there, against 'peerctl emulate' over HTTP and
// with --tls over HTTPS, with the variables the README's session exports.
func TestEmulateREADMESessions(t *testing.T) {
	t.Parallel()
	section := readmeSection(t, "Run the emulator for other programs")
	var blocks []string
	for rest := section; ; {
		i := strings.Index(rest, "```go\n")
		if i < 0 {
			break
		}
		rest = rest[i+len("```go\n"):]
		j := strings.Index(rest, "```\n")
		require.GreaterOrEqual(t, j, 0)
		blocks = append(blocks, rest[:j])
		rest = rest[j:]
	}
	programs := []string{"bce", "alibaba", "darabonba"}
	require.Len(t, blocks, len(programs), "one program per SDK")
	for _, v := range []string{"BCE_ACCESS_KEY_ID", "BCE_SECRET_ACCESS_KEY", "ALIBABA_CLOUD_ACCESS_KEY_ID",
		"ALIBABA_CLOUD_ACCESS_KEY_SECRET", "EMULATOR_BAIDU", "EMULATOR_ALIBABA", "EMULATOR_CA"} {
		require.Regexp(t, `(?m)^export .*\b`+v+`=`, section, "the session exports %s", v)
	}

	dir := t.TempDir()
	bins := map[string]string{}
	for i, p := range programs {
		src := filepath.Join("testdata", "readme", p, "main.go")
		want, err := os.ReadFile(src)
		require.NoError(t, err)
		require.Equal(t, string(want), blocks[i], "the README shows %s as it is", src)
		bins[p] = filepath.Join(dir, p)
		build := exec.Command("go", "build", "-o", bins[p], "./"+filepath.Dir(src))
		out, err := build.CombinedOutput()
		require.NoError(t, err, "building %s: %s", src, out)
	}

	for _, mode := range []string{"http", "tls"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			var args []string
			if mode == "tls" {
				args = append(args, "--tls")
			}
			m := startEmulate(t, args...)
			ba, aa := account(t, m.Manifest, "baidu-a"), account(t, m.Manifest, "alibaba-a")
			env := []string{
				"BCE_ACCESS_KEY_ID=" + ba.AccessKeyID, "BCE_SECRET_ACCESS_KEY=" + ba.Secret,
				"ALIBABA_CLOUD_ACCESS_KEY_ID=" + aa.AccessKeyID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET=" + aa.Secret,
				"EMULATOR_BAIDU=" + m.Baidu["bj"], "EMULATOR_ALIBABA=" + m.Alibaba, "EMULATOR_CA=" + m.CAFile,
			}
			var bjVPCs []string
			for _, n := range m.Networks {
				if n.Provider == "baidu" && n.Account == "baidu-a" && n.Region == "bj" {
					bjVPCs = append(bjVPCs, "vpc "+n.ID+" "+n.IPv4CIDRs[0])
				}
			}
			for _, p := range programs {
				cmd := exec.Command(bins[p])
				cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}, env...)
				out, err := cmd.CombinedOutput()
				require.NoError(t, err, "%s: %s", p, out)
				switch p {
				case "bce":
					assert.Regexp(t, `(?m)^peering peerconn-[0-9a-z]{12} \w+ vpc-`, string(out))
					var listed []string
					for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
						if strings.HasPrefix(l, "vpc ") {
							listed = append(listed, l)
						}
					}
					assert.ElementsMatch(t, bjVPCs, listed, "the SDK lists the networks the line names")
				case "alibaba":
					assert.Regexp(t, `(?m)^total [1-9]\d*$`, string(out))
					assert.Regexp(t, `(?m)^peering pcc-[0-9a-z]+ \w+ vpc-\w+ -> vpc-\w+$`, string(out))
				case "darabonba":
					assert.Regexp(t, `(?m)^vpcpeer total [1-9]\d*$`, string(out))
					assert.Regexp(t, `(?m)^ens total [1-9]\d*$`, string(out))
				}
			}
		})
	}
}
