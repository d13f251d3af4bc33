package alibabavpc

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	"golang.org/x/sync/errgroup"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/emulator/aliyun"
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
	srv, err := emulator.Start(emulator.Options{Seed: seed, NoRateLimits: !limits})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	a, _ := srv.Account("alibaba-a")
	b, _ := srv.Account("alibaba-b")
	return &world{srv: srv, a: a, b: b}
}

// client returns an adapter for acct in region, with no client-side rate
// limit unless opts sets one.
func (w *world) client(t testing.TB, acct emulator.Account, region string, opts ...func(*Options)) *Client {
	t.Helper()
	o := Options{
		Credentials:    Credentials{AccessKeyID: acct.AccessKeyID, AccessKeySecret: acct.Secret},
		Region:         region,
		Endpoint:       w.srv.AlibabaEndpoint(),
		AccountID:      acct.ID,
		CallsPerMinute: -1,
	}
	for _, f := range opts {
		f(&o)
	}
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// vpcs returns the fixture VPCs of acct in region, which carry no
// generated connections.
func (w *world) vpcs(t testing.TB, acct emulator.Account, region string) []string {
	t.Helper()
	uid, err := strconv.ParseInt(acct.ID, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
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
	uid, err := strconv.ParseInt(acct.ID, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
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
	k := 2
	for k*(k-1)/2 < n {
		k++
	}
	vpcs := w.addVPCs(t, w.a, c.Region(), k)
	var pairs [][2]string
	for j := 1; j < k && len(pairs) < n; j++ {
		for i := 0; i < j && len(pairs) < n; i++ {
			pairs = append(pairs, [2]string{vpcs[i], vpcs[j]})
		}
	}
	ids := make([]string, n)
	g, ctx := errgroup.WithContext(context.Background())
	g.SetLimit(8)
	for i := range n {
		g.Go(func() error {
			id, err := c.Create(ctx, peering.CreateRequest{Name: fmt.Sprintf("conn-%05d", i), LocalNetworkID: pairs[i][0], PeerNetworkID: pairs[i][1]})
			ids[i] = id
			return err
		})
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	set := make(map[string]bool, n)
	for _, id := range ids {
		set[id] = true
	}
	if len(set) != n {
		t.Fatalf("%d creates made %d distinct IDs", n, len(set))
	}
	return set
}

// collectOnce lists everything and fails on an error or a repeated ID.
func collectOnce(t testing.TB, p peering.Peering, f peering.Filter) map[string]peering.Connection {
	t.Helper()
	got := make(map[string]peering.Connection)
	for c, err := range peering.List(context.Background(), p, f) {
		if err != nil {
			t.Fatalf("List after %d connections: %v", len(got), err)
		}
		if _, dup := got[c.ID]; dup {
			t.Fatalf("List yielded %s twice", c.ID)
		}
		got[c.ID] = c
	}
	return got
}

// sameIDs reports the difference between a listing and the IDs expected.
func sameIDs(t testing.TB, got map[string]peering.Connection, want map[string]bool) {
	t.Helper()
	for id := range want {
		if _, ok := got[id]; !ok {
			t.Errorf("missing %s", id)
		}
	}
	for id := range got {
		if !want[id] {
			t.Errorf("unexpected %s", id)
		}
	}
}

// emulated returns the IDs of every VpcPeer connection in the world.
func emulated(srv *emulator.Server) map[string]bool {
	out := make(map[string]bool)
	for _, c := range srv.Alibaba.VpcPeerConnections() {
		out[c.InstanceID] = true
	}
	return out
}
