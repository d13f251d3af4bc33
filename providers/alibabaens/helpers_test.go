package alibabaens

import (
	"fmt"
	"testing"

	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/emulator/aliyun"
	"github.com/peeringkit/peering/internal/peeringtest"
)

const node = "cn-xian-unicom"

// world is an emulator with the sandbox accounts and no connections.
type world struct {
	srv *emulator.Server
	a   emulator.Account
	uid int64
}

func start(t testing.TB, seed int64) *world {
	t.Helper()
	return worldOf(t, peeringtest.FrozenEmulator(t, emulator.Options{Seed: seed, NoRateLimits: true}))
}

// worldOf is srv seen from the sandbox account alibaba-a.
func worldOf(t testing.TB, srv *emulator.Server) *world {
	t.Helper()
	a := peeringtest.Account(t, srv, "alibaba-a")
	return &world{srv: srv, a: a, uid: peeringtest.UID(t, a)}
}

func (w *world) client(t testing.TB, opts ...func(*Options)) *Client {
	t.Helper()
	return peeringtest.Client(t, New, Options{
		Credentials: Credentials{AccessKeyID: w.a.AccessKeyID, AccessKeySecret: w.a.Secret},
		Endpoint:    w.srv.AlibabaEndpoint(),
		AccountID:   w.a.ID,
	}, opts...)
}

// networks adds n networks of the caller's on one node and returns their IDs.
func (w *world) networks(t testing.TB, n int) []string {
	t.Helper()
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("n-test%05d", i)
		err := w.srv.Alibaba.AddNetwork(aliyun.Network{ID: ids[i], EnsRegionID: node, OwnerUID: w.uid,
			IPv4CIDRs: []string{fmt.Sprintf("10.%d.%d.0/24", i/256, i%256)}})
		if err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

// createN makes n connections, one per pair of networks (ENS allows one),
// several at a time, and returns their IDs.
func createN(t testing.TB, w *world, c *Client, n int) map[string]bool {
	t.Helper()
	return peeringtest.CreateN(t, c, peeringtest.Pairs(w.networks(t, peeringtest.PoolFor(n)), n))
}

// The helpers every adapter's tests share.
var (
	readFixture = peeringtest.ReadFixture // a file of testdata
	collectOnce = peeringtest.CollectOnce // List, failing on an error or a repeated ID
	walk        = peeringtest.Walk        // ListPage alone, failing on a repeated connection
	sameIDs     = peeringtest.SameIDs
)
