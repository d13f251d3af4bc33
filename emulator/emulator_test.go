package emulator_test

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"maps"
	"net"
	"net/http"
	"slices"
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
	"github.com/baidubce/bce-sdk-go/services/vpc"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/emulator/aliyun"
	"github.com/peeringkit/peering/emulator/bce"
	"github.com/peeringkit/peering/emulator/clock"
	"github.com/peeringkit/peering/emulator/fault"
)

// start runs a server for the test and closes it when the test ends.
func start(t *testing.T, opts emulator.Options) *emulator.Server {
	t.Helper()
	srv, err := emulator.Start(opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

// endpoints returns every listener's base URL: one per Baidu region, and
// the Alibaba one (which the manifest gives without a scheme).
func endpoints(srv *emulator.Server) []string {
	m := srv.Manifest()
	out := slices.Sorted(maps.Values(m.Baidu))
	return append(out, "http://"+m.Alibaba)
}

// answers reports whether something answers HTTP at base; any status will
// do, since an unsigned request is refused by every API.
func answers(base string) error {
	c := &http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(base + "/")
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func TestStartServesAndCloseStops(t *testing.T) {
	srv, err := emulator.Start(emulator.Options{Seed: 3})
	require.NoError(t, err)
	eps := endpoints(srv)
	require.Len(t, eps, len(emulator.DefaultBaiduRegions)+1)
	for _, ep := range eps {
		require.NoError(t, answers(ep), "%s answers", ep)
	}

	require.NoError(t, srv.Close())
	for _, ep := range eps {
		// Close returns once every listener is closed: a new connection is
		// refused at once, not served late.
		_, err := net.DialTimeout("tcp", strings.TrimPrefix(ep, "http://"), time.Second)
		require.Error(t, err, "%s still accepts connections after Close", ep)
	}
}

// TestStartRegions: the regions served are the ones asked for, each on a
// listener of its own; a region not served has no endpoint.
func TestStartRegions(t *testing.T) {
	srv := start(t, emulator.Options{BaiduRegions: []string{"bj", "hkg"}})
	m := srv.Manifest()
	require.Equal(t, []string{"bj", "hkg"}, slices.Sorted(maps.Keys(m.Baidu)))
	require.NotEqual(t, m.Baidu["bj"], m.Baidu["hkg"])
	require.Empty(t, srv.BaiduEndpoint("gz"))
	for _, ep := range endpoints(srv) {
		require.NoError(t, answers(ep), "%s answers", ep)
	}
}

// TestStartAddr: the emulator accepts sandbox keys that it prints, so it
// listens on loopback only; anything else is refused before listening.
func TestStartAddr(t *testing.T) {
	for _, c := range []struct {
		addr string
		ok   bool
	}{
		{"", true}, // the default, 127.0.0.1
		{"127.0.0.1", true},
		{"127.0.0.2", true}, // all of 127.0.0.0/8 is loopback
		{"localhost", true},
		{"::1", true},
		{"[::1]", true},
		{"0.0.0.0", false}, // every interface
		{"::", false},
		{"192.0.2.10", false},
		{"10.0.0.1", false},
		{"example.com", false},
		{"127.0.0.1:8080", false}, // a host, not a host:port
	} {
		name := c.addr
		if name == "" {
			name = "default"
		}
		t.Run(name, func(t *testing.T) {
			if strings.Contains(c.addr, "::1") {
				ln, err := net.Listen("tcp", "[::1]:0")
				if err != nil {
					t.Skip("no IPv6 loopback here:", err)
				}
				_ = ln.Close()
			}
			srv, err := emulator.Start(emulator.Options{Addr: c.addr})
			if !c.ok {
				require.Error(t, err)
				require.Nil(t, srv)
				return
			}
			require.NoError(t, err)
			defer srv.Close()
			for _, ep := range endpoints(srv) {
				host, _, err := net.SplitHostPort(strings.TrimPrefix(ep, "http://"))
				require.NoError(t, err)
				require.True(t, net.ParseIP(host).IsLoopback(), "%s listens on loopback", ep)
				require.NoError(t, answers(ep))
			}
		})
	}
}

func TestStartRefusesNegativeCount(t *testing.T) {
	_, err := emulator.Start(emulator.Options{Connections: -1})
	require.Error(t, err)
}

// TestManifest: the manifest, the account list and the per-name and
// per-region accessors tell the same story, and the accounts are the ones
// the two clouds' worlds hold.
func TestManifest(t *testing.T) {
	srv := start(t, emulator.Options{Seed: 5})
	m := srv.Manifest()

	require.Equal(t, slices.Sorted(slices.Values(emulator.DefaultBaiduRegions)), slices.Sorted(maps.Keys(m.Baidu)))
	for region, ep := range m.Baidu {
		require.Equal(t, srv.BaiduEndpoint(region), ep)
		require.True(t, strings.HasPrefix(ep, "http://127.0.0.1:"), ep)
	}
	require.Equal(t, srv.AlibabaEndpoint(), m.Alibaba)
	require.False(t, strings.Contains(m.Alibaba, "://"), "the SDK's Domain has no scheme: %s", m.Alibaba)
	require.Equal(t, srv.Accounts(), m.Accounts)

	names := []string{"baidu-a", "baidu-b", "alibaba-a", "alibaba-b"}
	require.Len(t, m.Accounts, len(names))
	for i, a := range m.Accounts {
		require.Equal(t, names[i], a.Name)
		require.Equal(t, strings.Split(a.Name, "-")[0], a.Provider)
		require.NotEmpty(t, a.AccessKeyID)
		require.NotEmpty(t, a.Secret)
		byName, ok := srv.Account(a.Name)
		require.True(t, ok)
		require.Equal(t, a, byName)
	}
	_, ok := srv.Account("nobody")
	require.False(t, ok)

	// Each account owns networks in its cloud's world: the IDs are the
	// worlds' own.
	baiduVPCs := map[string]int{}
	for _, v := range srv.Baidu.VPCs() {
		baiduVPCs[v.AccountID]++
	}
	alibabaVPCs, networks := map[int64]int{}, map[int64]int{}
	for _, v := range srv.Alibaba.VPCs() {
		alibabaVPCs[v.OwnerUID]++
	}
	for _, n := range srv.Alibaba.Networks() {
		networks[n.OwnerUID]++
	}
	for _, a := range m.Accounts {
		switch a.Provider {
		case "baidu":
			require.Regexp(t, `^[0-9a-f]{32}$`, a.ID)
			require.Positive(t, baiduVPCs[a.ID], a.Name)
		case "alibaba":
			uid, err := strconv.ParseInt(a.ID, 10, 64)
			require.NoError(t, err)
			require.Greater(t, uid, int64(1)<<53, "%s: real UIDs exceed 2^53", a.Name)
			require.Regexp(t, `^LTAI`, a.AccessKeyID)
			require.Positive(t, alibabaVPCs[uid], a.Name)
			require.Positive(t, networks[uid], a.Name)
		}
	}

	// What callers get are copies: changing them changes nothing.
	m.Baidu["bj"] = "http://elsewhere"
	m.Accounts[0].Secret = "changed"
	accts := srv.Accounts()
	accts[1].Name = "changed"
	again := srv.Manifest()
	require.NotEqual(t, "http://elsewhere", again.Baidu["bj"])
	require.NotEqual(t, "changed", again.Accounts[0].Secret)
	require.Equal(t, "baidu-b", again.Accounts[1].Name)

	// The JSON that 'peerctl emulate' prints decodes to the same manifest.
	b, err := json.Marshal(again)
	require.NoError(t, err)
	var back emulator.Manifest
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, again, back)
	require.Contains(t, string(b), `"accessKeyId":`)
}

// world is everything a server's state shows.
type world struct {
	accounts  []emulator.Account
	baidu     []bce.PeerConn
	baiduVPCs []bce.VPC
	peers     []aliyun.VpcPeerConnection
	enses     []aliyun.NetworkPeerConnection
	vpcs      []aliyun.VPC
	networks  []aliyun.Network
}

func worldOf(srv *emulator.Server) world {
	return world{
		accounts:  srv.Accounts(),
		baidu:     srv.Baidu.PeerConns(),
		baiduVPCs: srv.Baidu.VPCs(),
		peers:     srv.Alibaba.VpcPeerConnections(),
		enses:     srv.Alibaba.NetworkPeerConnections(),
		vpcs:      srv.Alibaba.VPCs(),
		networks:  srv.Alibaba.Networks(),
	}
}

// connectionIDs returns every connection ID of the three APIs.
func connectionIDs(srv *emulator.Server) []string {
	var ids []string
	for _, c := range srv.Baidu.PeerConns() {
		ids = append(ids, c.ID)
	}
	for _, c := range srv.Alibaba.VpcPeerConnections() {
		ids = append(ids, c.InstanceID)
	}
	for _, c := range srv.Alibaba.NetworkPeerConnections() {
		ids = append(ids, c.InstanceID)
	}
	return ids
}

// settle moves a server's clock an hour on. The generated estates are dated
// from fixed instants, with one exception: the Baidu generator starts the
// connections it makes starting, updating or deleting (and the acceptance
// windows of consulting ones) at the wall-clock instant of Start, so their
// statuses, and whether a deleting one is still there, depend on when each
// server is read. An hour later every such transition has ended on both
// servers (acceptance windows last a day or more), so the worlds can be
// compared whole, statuses included, with no field left out.
func settle(srv *emulator.Server) { srv.Clock.Advance(time.Hour) }

// TestSeedReproducible: the same Seed and Connections give the same world
// and the same sandbox credentials; another seed gives other ones.
func TestSeedReproducible(t *testing.T) {
	opts := emulator.Options{Seed: 9, Connections: 8}
	a, b := start(t, opts), start(t, opts)
	other := start(t, emulator.Options{Seed: 10, Connections: 8})
	for _, srv := range []*emulator.Server{a, b, other} {
		settle(srv)
	}

	wa, wb := worldOf(a), worldOf(b)
	require.NotEmpty(t, wa.baidu)
	require.NotEmpty(t, wa.peers)
	require.NotEmpty(t, wa.enses)
	require.Equal(t, wa.accounts, wb.accounts)
	require.Equal(t, wa.baidu, wb.baidu)
	require.Equal(t, wa.baiduVPCs, wb.baiduVPCs)
	require.Equal(t, wa.peers, wb.peers)
	require.Equal(t, wa.enses, wb.enses)
	require.Equal(t, wa.vpcs, wb.vpcs)
	require.Equal(t, wa.networks, wb.networks)

	wo := worldOf(other)
	for i := range wa.accounts {
		x, y := wa.accounts[i], wo.accounts[i]
		require.Equal(t, x.Name, y.Name)
		require.NotEqual(t, x.ID, y.ID, x.Name)
		require.NotEqual(t, x.AccessKeyID, y.AccessKeyID, x.Name)
		require.NotEqual(t, x.Secret, y.Secret, x.Name)
	}
	ids := connectionIDs(a)
	for _, id := range connectionIDs(other) {
		require.NotContains(t, ids, id, "seed 10 made a connection ID of seed 9's")
	}
}

// vpcPeerClient is the official typed VpcPeer client of an account, over
// plain HTTP to the emulator.
func vpcPeerClient(t *testing.T, srv *emulator.Server, name string) *vpcpeer.Client {
	t.Helper()
	acct, ok := srv.Account(name)
	require.True(t, ok)
	c, err := vpcpeer.NewClientWithOptions("cn-hangzhou", sdk.NewConfig().WithScheme("HTTP").WithAutoRetry(false),
		credentials.NewAccessKeyCredential(acct.AccessKeyID, acct.Secret))
	require.NoError(t, err)
	c.Domain = srv.AlibabaEndpoint()
	return c
}

// vpcPeerCall sends one VpcPeer action with the official SDK's
// CommonRequest and reports whether it was throttled; any other answer,
// success or refusal, counts as let through.
func vpcPeerCall(t *testing.T, srv *emulator.Server, name, region, action string, params map[string]string) (throttled bool) {
	t.Helper()
	code, status := alibabaCall(t, srv, name, "Vpcpeer", "2022-01-01", region, action, params)
	if code == "Throttling.User" {
		require.Equal(t, http.StatusBadRequest, status)
		return true
	}
	return false
}

// alibabaCall sends one action with the official SDK's CommonRequest and
// returns the error code and HTTP status ("" and 200 on success).
func alibabaCall(t *testing.T, srv *emulator.Server, name, product, version, region, action string, params map[string]string) (string, int) {
	t.Helper()
	acct, ok := srv.Account(name)
	require.True(t, ok)
	client, err := sdk.NewClientWithOptions(region, sdk.NewConfig().WithScheme("HTTP").WithAutoRetry(false),
		credentials.NewAccessKeyCredential(acct.AccessKeyID, acct.Secret))
	require.NoError(t, err)
	req := requests.NewCommonRequest()
	req.Method, req.Scheme, req.Domain = "POST", "http", srv.AlibabaEndpoint()
	req.Product, req.Version, req.ApiName = product, version, action
	if region != "" {
		req.QueryParams["RegionId"] = region
	}
	for k, v := range params {
		req.QueryParams[k] = v
	}
	_, err = client.ProcessCommonRequest(req)
	if err == nil {
		return "", http.StatusOK
	}
	var se *sdkerrors.ServerError
	require.True(t, errors.As(err, &se), "%s: %v", action, err)
	return se.ErrorCode(), se.HttpStatus()
}

// TestConflictFault: the conflict fault answers each cloud's "another
// operation is in progress" error on writes (VpcPeer's documented
// Conflict.Operation) and leaves reads alone.
func TestConflictFault(t *testing.T) {
	const id = "pcc-0000000000000000000000"
	for _, c := range []struct {
		name, provider string
		call           func(t *testing.T, srv *emulator.Server) (string, int)
		write          bool
		code           string // with the rule firing
		status         int
	}{
		{"VpcPeer delete", "alibaba-vpc", func(t *testing.T, srv *emulator.Server) (string, int) {
			return alibabaCall(t, srv, "alibaba-a", "Vpcpeer", "2022-01-01", "cn-hangzhou", "DeleteVpcPeerConnection", map[string]string{"InstanceId": id})
		}, true, "Conflict.Operation", 400},
		{"VpcPeer get", "alibaba-vpc", func(t *testing.T, srv *emulator.Server) (string, int) {
			return alibabaCall(t, srv, "alibaba-a", "Vpcpeer", "2022-01-01", "cn-hangzhou", "GetVpcPeerConnectionAttribute", map[string]string{"InstanceId": id})
		}, false, "Conflict.Operation", 0},
		{"ENS delete", "alibaba-ens", func(t *testing.T, srv *emulator.Server) (string, int) {
			return alibabaCall(t, srv, "alibaba-a", "Ens", "2017-11-10", "", "DeleteNetworkPeerConnection", map[string]string{"InstanceId": id})
		}, true, "IncorrectStatus.NetworkPeerConnection", 400},
		{"Baidu delete", "baidu", func(t *testing.T, srv *emulator.Server) (string, int) {
			acct, _ := srv.Account("baidu-a")
			client, err := vpc.NewClient(acct.AccessKeyID, acct.Secret, srv.BaiduEndpoint("bj"))
			require.NoError(t, err)
			client.Config.Retry = bcesdk.NewNoRetryPolicy()
			var se *bcesdk.BceServiceError
			require.True(t, errors.As(client.DeletePeerConn("peerconn-000000000000", "tok"), &se))
			return se.Code, se.StatusCode
		}, true, "PeerConnStatusConflict", 409},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := start(t, emulator.Options{NoRateLimits: true})
			without, _ := c.call(t, srv)
			require.NotEqual(t, c.code, without, "without the fault")
			srv.Faults.Add(fault.Rule{Provider: c.provider, Kind: fault.Conflict, Count: 1})
			code, status := c.call(t, srv)
			if !c.write {
				require.Equal(t, without, code, "a read is not affected")
				return
			}
			require.Equal(t, c.code, code)
			require.Equal(t, c.status, status)
			again, _ := c.call(t, srv)
			require.Equal(t, without, again, "the rule is spent")
		})
	}
}

// TestRateLimits: each VpcPeer API has its published quota per account and
// region (360, 1000 or 3000 calls a minute), with a burst of one second's
// calls but at least 20, then answers 400 Throttling.User as the cloud
// does; NoRateLimits lifts them. The buckets run on a frozen clock, so the
// counts are exact whatever the machine's speed.
func TestRateLimits(t *testing.T) {
	tagParams := map[string]string{"ResourceType": "PeerConnection", "ResourceId.1": "pcc-0000000000000000000000"}
	for _, c := range []struct {
		name   string
		opts   emulator.Options
		action string
		params map[string]string
		burst  int // calls let through at once; -1 = never throttled
		per1s  int // calls let through one second later
	}{
		// 3000 a minute: not throttled at call 21, but at 51; 50 a second.
		{"ListTagResources", emulator.Options{}, "ListTagResources", tagParams, 50, 50},
		// 1000 a minute: 16.7 a second, a burst of 20.
		{"TagResources", emulator.Options{}, "TagResources", map[string]string{
			"ResourceType": "PeerConnection", "ResourceId.1": "pcc-0000000000000000000000", "Tag.1.Key": "k", "Tag.1.Value": "v"}, 20, 16},
		{"MoveResourceGroup", emulator.Options{}, "MoveResourceGroup", map[string]string{
			"ResourceType": "PeerConnection", "ResourceId": "pcc-0000000000000000000000", "NewResourceGroupId": "rg-aaa"}, 20, 16},
		// 360 a minute: 6 a second, a burst of 20.
		{"ListVpcPeerConnections", emulator.Options{}, "ListVpcPeerConnections", nil, 20, 6},
		{"GetVpcPeerConnectionAttribute", emulator.Options{}, "GetVpcPeerConnectionAttribute",
			map[string]string{"InstanceId": "pcc-0000000000000000000000"}, 20, 6},
		{"NoRateLimits", emulator.Options{NoRateLimits: true}, "ListTagResources", tagParams, -1, -1},
		// RateLimit replaces the table: 120 a minute is 2 a second, a burst of 20.
		{"RateLimit", emulator.Options{RateLimit: 120}, "ListTagResources", tagParams, 20, 2},
		{"NoRateLimits wins over RateLimit", emulator.Options{NoRateLimits: true, RateLimit: 120}, "ListVpcPeerConnections", nil, -1, -1},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := start(t, c.opts)
			clk := clock.New()
			clk.Freeze()
			srv.Faults.SetClock(clk.Now)
			run := func(region string) int {
				for i := 0; i < 60; i++ {
					if vpcPeerCall(t, srv, "alibaba-a", region, c.action, c.params) {
						return i
					}
				}
				return -1
			}
			require.Equal(t, c.burst, run("cn-hangzhou"), "calls let through at once")
			clk.Advance(time.Second)
			require.Equal(t, c.per1s, run("cn-hangzhou"), "calls let through one second later")
			if c.burst < 0 {
				return
			}
			// Another account, and another region, have buckets of their own.
			require.False(t, vpcPeerCall(t, srv, "alibaba-b", "cn-hangzhou", c.action, c.params), "another account")
			require.False(t, vpcPeerCall(t, srv, "alibaba-a", "cn-shanghai", c.action, c.params), "another region")
		})
	}
}

// TestRateLimitTable: the emulator enforces exactly the published table.
func TestRateLimitTable(t *testing.T) {
	srv := start(t, emulator.Options{})
	want := map[string]fault.Limit{}
	for _, q := range append(aliyun.VpcPeerRateLimits(), aliyun.VPCRateLimits()...) {
		want["alibaba-vpc/"+q.Action] = q.Limit()
	}
	require.Equal(t, want, srv.Faults.Limits())
	require.Len(t, want, 15, "every VpcPeer and VPC route API the emulator serves")
}

// TestRateLimitOption: RateLimit sets one limit on every API of the three
// clouds, in place of the published table.
func TestRateLimitOption(t *testing.T) {
	srv := start(t, emulator.Options{RateLimit: 600})
	l := fault.Limit{Calls: 600, Per: time.Minute, Burst: 20}
	require.Equal(t, map[string]fault.Limit{"baidu/": l, "alibaba-vpc/": l, "alibaba-ens/": l}, srv.Faults.Limits())
}

// TestStartFaults: the faults of the options are in force from the first
// request.
func TestStartFaults(t *testing.T) {
	srv := start(t, emulator.Options{Faults: []fault.Rule{
		{Provider: "alibaba-vpc", Operation: "ListVpcPeerConnections", Kind: fault.ServerError, Count: 1, Status: http.StatusBadGateway},
	}})
	_, status := alibabaCall(t, srv, "alibaba-a", "Vpcpeer", "2022-01-01", "cn-hangzhou", "ListVpcPeerConnections", nil)
	require.Equal(t, http.StatusBadGateway, status)
	code, _ := alibabaCall(t, srv, "alibaba-a", "Vpcpeer", "2022-01-01", "cn-hangzhou", "ListVpcPeerConnections", nil)
	require.Empty(t, code, "the rule was spent")
	require.Equal(t, map[fault.Kind]int{fault.ServerError: 1}, srv.Faults.Fired())
}

// TestStartTLS: with TLS every endpoint serves HTTPS with a certificate
// that the CA of CACert signed, and only that.
func TestStartTLS(t *testing.T) {
	srv := start(t, emulator.Options{TLS: true})
	m := srv.Manifest()
	require.True(t, m.TLS)
	pool := x509.NewCertPool()
	require.True(t, pool.AppendCertsFromPEM(srv.CACert()))
	trusting := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	bases := slices.Sorted(maps.Values(m.Baidu))
	for _, b := range bases {
		require.True(t, strings.HasPrefix(b, "https://127.0.0.1:"), b)
	}
	for _, base := range append(bases, "https://"+m.Alibaba, "https://localhost:"+strings.Split(m.Alibaba, ":")[1]) {
		resp, err := trusting.Get(base + "/")
		require.NoError(t, err, base)
		require.NoError(t, resp.Body.Close())
		_, err = (&http.Client{Timeout: 5 * time.Second}).Get(base + "/")
		var unknown x509.UnknownAuthorityError
		require.ErrorAs(t, err, &unknown, "%s: a client that does not trust the CA is refused", base)
	}
	require.Nil(t, start(t, emulator.Options{}).CACert(), "no CA without TLS")
}

// TestManifestNetworks: the manifest lists every network of the two worlds
// with its owner, region and blocks.
func TestManifestNetworks(t *testing.T) {
	srv := start(t, emulator.Options{Seed: 2, Connections: 2})
	m := srv.Manifest()
	names := map[string]string{}
	for _, a := range m.Accounts {
		names[a.ID] = a.Name
	}
	var want []emulator.Network
	for _, v := range srv.Baidu.VPCs() {
		n := emulator.Network{ID: v.ID, Provider: "baidu", Account: names[v.AccountID], AccountID: v.AccountID,
			Region: v.Region, Name: v.Name, IPv4CIDRs: []string{v.CIDR}}
		if v.IPv6CIDR != "" {
			n.IPv6CIDRs = []string{v.IPv6CIDR}
		}
		want = append(want, n)
	}
	vpcs := srv.Alibaba.VPCs()
	slices.SortFunc(vpcs, func(a, b aliyun.VPC) int { return strings.Compare(a.ID, b.ID) })
	for _, v := range vpcs {
		uid := strconv.FormatInt(v.OwnerUID, 10)
		n := emulator.Network{ID: v.ID, Provider: "alibaba-vpc", Account: names[uid], AccountID: uid, Region: v.RegionID, IPv4CIDRs: v.IPv4CIDRs}
		if len(v.IPv6CIDRs) > 0 {
			n.IPv6CIDRs = v.IPv6CIDRs
		}
		want = append(want, n)
	}
	nets := srv.Alibaba.Networks()
	slices.SortFunc(nets, func(a, b aliyun.Network) int { return strings.Compare(a.ID, b.ID) })
	for _, n := range nets {
		uid := strconv.FormatInt(n.OwnerUID, 10)
		want = append(want, emulator.Network{ID: n.ID, Provider: "alibaba-ens", Account: names[uid], AccountID: uid,
			Region: n.EnsRegionID, IPv4CIDRs: n.IPv4CIDRs})
	}
	require.Equal(t, want, m.Networks)
	for _, n := range m.Networks {
		require.NotEmpty(t, n.Account, n.ID)
		require.NotEmpty(t, n.IPv4CIDRs, n.ID)
	}
	m.Networks[0].IPv4CIDRs[0] = "changed"
	require.NotEqual(t, "changed", srv.Manifest().Networks[0].IPv4CIDRs[0], "the manifest is a copy")
}

// TestAccountsSign: every sandbox account's keys open its cloud's API in
// the official SDK, and the same key with a wrong secret is refused.
func TestAccountsSign(t *testing.T) {
	srv := start(t, emulator.Options{Seed: 11, NoRateLimits: true})
	for _, a := range srv.Accounts() {
		for _, c := range []struct {
			name, secret string
			code         string // "" = accepted
		}{{"own secret", a.Secret, ""}, {"wrong secret", a.Secret + "x", "SignatureDoesNotMatch"}} {
			t.Run(a.Name+"/"+c.name, func(t *testing.T) {
				var err error
				switch a.Provider {
				case "baidu":
					client, cerr := vpc.NewClient(a.AccessKeyID, c.secret, srv.BaiduEndpoint("bj"))
					require.NoError(t, cerr)
					client.Config.Retry = bcesdk.NewNoRetryPolicy()
					_, err = client.ListPeerConn(&vpc.ListPeerConnsArgs{MaxKeys: 1})
					if c.code != "" {
						var se *bcesdk.BceServiceError
						require.True(t, errors.As(err, &se), "%v", err)
						require.Equal(t, c.code, se.Code)
						return
					}
				case "alibaba":
					client, cerr := vpcpeer.NewClientWithOptions("cn-hangzhou", sdk.NewConfig().WithScheme("HTTP"),
						credentials.NewAccessKeyCredential(a.AccessKeyID, c.secret))
					require.NoError(t, cerr)
					client.Domain = srv.AlibabaEndpoint()
					req := vpcpeer.CreateListVpcPeerConnectionsRequest()
					req.RegionId = "cn-hangzhou"
					req.MaxResults = requests.NewInteger(1)
					_, err = client.ListVpcPeerConnections(req)
					if c.code != "" {
						var se *sdkerrors.ServerError
						require.True(t, errors.As(err, &se), "%v", err)
						require.Equal(t, c.code, se.ErrorCode())
						return
					}
				}
				require.NoError(t, err)
			})
		}
	}
}

// The timing options reach both clouds, and a range that cannot be drawn
// from is refused.
func TestStartTiming(t *testing.T) {
	fixed := clock.Range{Min: time.Minute, Max: time.Minute}
	srv := start(t, emulator.Options{BaiduTiming: bce.Timing{Creating: fixed}, AlibabaTiming: aliyun.Timing{VpcPeerCreating: fixed}})
	srv.Clock.Freeze()

	ba, _ := srv.Account("baidu-a")
	var bj []string
	for _, v := range srv.Baidu.VPCs() {
		if v.AccountID == ba.ID && v.Region == "bj" {
			bj = append(bj, v.ID)
		}
	}
	bc, err := vpc.NewClient(ba.AccessKeyID, ba.Secret, srv.BaiduEndpoint("bj"))
	require.NoError(t, err)
	_, err = bc.CreatePeerConn(&vpc.CreatePeerConnArgs{ClientToken: "timing-1", BandwidthInMbps: 10, LocalVpcId: bj[0], PeerVpcId: bj[1],
		PeerRegion: "bj", Billing: &vpc.Billing{PaymentTiming: vpc.PAYMENT_TIMING_POSTPAID}})
	require.NoError(t, err)

	aa, _ := srv.Account("alibaba-a")
	var hz []string
	for _, v := range srv.Alibaba.VPCs() {
		if v.RegionID == "cn-hangzhou" && strconv.FormatInt(v.OwnerUID, 10) == aa.ID {
			hz = append(hz, v.ID)
		}
	}
	code, _ := alibabaCall(t, srv, "alibaba-a", "Vpcpeer", "2022-01-01", "cn-hangzhou", "CreateVpcPeerConnection", map[string]string{
		"VpcId": hz[0], "AcceptingVpcId": hz[1], "AcceptingRegionId": "cn-hangzhou", "AcceptingAliUid": aa.ID,
	})
	require.Empty(t, code)

	statuses := func() []string {
		return []string{srv.Baidu.PeerConns()[0].Status, srv.Alibaba.VpcPeerConnections()[0].Status}
	}
	srv.Clock.Advance(time.Minute - time.Millisecond)
	require.Equal(t, []string{bce.StatusCreating, "Creating"}, statuses())
	srv.Clock.Advance(time.Millisecond)
	require.Equal(t, []string{bce.StatusActive, "Activated"}, statuses())

	for _, opts := range []emulator.Options{
		{BaiduTiming: bce.Timing{Deleting: clock.Range{Min: time.Second, Max: time.Millisecond}}},
		{AlibabaTiming: aliyun.Timing{ENSCreating: clock.Range{Min: -time.Second, Max: time.Second}}},
	} {
		_, err := emulator.Start(opts)
		require.ErrorContains(t, err, "timing")
	}
}

// Options.Start sets the clock's first reading, and a generated estate is
// dated before EstateDate whatever the clock reads.
func TestStartAndEstateDate(t *testing.T) {
	for _, start := range []time.Time{emulator.EstateDate.Add(time.Hour), emulator.EstateDate.AddDate(3, 0, 0)} {
		srv, err := emulator.Start(emulator.Options{Seed: 2, Connections: 5, Start: start})
		require.NoError(t, err)
		now := srv.Clock.Now()
		require.False(t, now.Before(start), "the clock reads %s, before its start %s", now, start)
		require.Less(t, now.Sub(start), time.Minute)
		n := 0
		for _, c := range srv.Baidu.PeerConns() {
			require.True(t, c.CreatedTime.Before(emulator.EstateDate), "baidu %s created %s", c.ID, c.CreatedTime)
			n++
		}
		for _, c := range srv.Alibaba.VpcPeerConnections() {
			require.True(t, c.CreatedAt.Before(emulator.EstateDate), "vpcpeer %+v", c)
			n++
		}
		for _, c := range srv.Alibaba.NetworkPeerConnections() {
			require.True(t, c.CreatedAt.Before(emulator.EstateDate), "ens %+v", c)
			n++
		}
		require.Positive(t, n)
		require.NoError(t, srv.Close())
	}
}
