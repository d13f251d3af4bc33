package alibabavpc

import (
	"fmt"
	"testing"

	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/emulator/aliyun"
	"github.com/peeringkit/peering/internal/peeringtest"
)

const (
	hangzhou = "cn-hangzhou"
	shanghai = "cn-shanghai"
)

// world is an emulator with the two sandbox accounts.
type world struct {
	srv  *emulator.Server
	a, b emulator.Account
}

// start runs an emulator with no generated connections. Rate limits are off
// unless a test turns them on: tests other than the rate-limit ones would
// otherwise spend their time waiting.
func start(t testing.TB, seed int64, limits bool) *world {
	t.Helper()
	return worldOf(t, peeringtest.Emulator(t, emulator.Options{Seed: seed, NoRateLimits: !limits}))
}

// worldOf is srv with its two sandbox accounts.
func worldOf(t testing.TB, srv *emulator.Server) *world {
	t.Helper()
	return &world{srv: srv, a: peeringtest.Account(t, srv, "alibaba-a"), b: peeringtest.Account(t, srv, "alibaba-b")}
}

// client returns an adapter for acct in region, with no client-side rate
// limit unless opts sets one.
func (w *world) client(t testing.TB, acct emulator.Account, region string, opts ...func(*Options)) *Client {
	t.Helper()
	return peeringtest.Client(t, New, Options{
		Credentials:    Credentials{AccessKeyID: acct.AccessKeyID, AccessKeySecret: acct.Secret},
		Region:         region,
		Endpoint:       w.srv.AlibabaEndpoint(),
		AccountID:      acct.ID,
		CallsPerMinute: -1,
	}, opts...)
}

// vpcs returns the fixture VPCs of acct in region, which carry no
// generated connections.
func (w *world) vpcs(t testing.TB, acct emulator.Account, region string) []string {
	t.Helper()
	uid := peeringtest.UID(t, acct)
	var out []string
	for _, v := range w.srv.Alibaba.VPCs() {
		if v.OwnerUID == uid && v.RegionID == region {
			out = append(out, v.ID)
		}
	}
	if len(out) < 2 {
		t.Fatalf("%s has %d fixture VPCs in %s, want at least 2", acct.Name, len(out), region)
	}
	return out
}

// addVPCs adds n VPCs of acct in region to the world and returns their
// IDs: VpcPeer allows one connection per VPC pair, so a test that needs
// many connections needs more VPCs than the fixtures.
func (w *world) addVPCs(t testing.TB, acct emulator.Account, region string, n int) []string {
	t.Helper()
	uid := peeringtest.UID(t, acct)
	base := len(w.srv.Alibaba.VPCs())
	out := make([]string, n)
	for i := range out {
		k := base + i
		out[i] = fmt.Sprintf("vpc-test%017d", k)
		v := aliyun.VPC{ID: out[i], RegionID: region, OwnerUID: uid,
			IPv4CIDRs: []string{fmt.Sprintf("172.%d.%d.0/24", 16+k/256%16, k%256)}}
		if err := w.srv.Alibaba.AddVPC(v); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// createN makes n same-account connections, several at a time, and returns
// their IDs. Each joins its own pair of a pool of VPCs made for the call,
// just large enough for n pairs.
func createN(t testing.TB, w *world, c *Client, n int) map[string]bool {
	t.Helper()
	pool := w.addVPCs(t, w.a, c.Region(), peeringtest.PoolFor(n))
	return peeringtest.CreateN(t, c, peeringtest.Pairs(pool, n))
}

// The helpers every adapter's tests share.
var (
	readFixture = peeringtest.ReadFixture // a file of testdata
	collectOnce = peeringtest.CollectOnce // List, failing on an error or a repeated ID
	sameIDs     = peeringtest.SameIDs     // the difference between a listing and the IDs expected
)

// emulated returns the IDs of every VpcPeer connection in the world.
func emulated(srv *emulator.Server) map[string]bool {
	out := make(map[string]bool)
	for _, c := range srv.Alibaba.VpcPeerConnections() {
		out[c.InstanceID] = true
	}
	return out
}
