package alibabaens

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

const node = "cn-xian-unicom"

// world is an emulator with the sandbox accounts and no connections.
type world struct {
	srv *emulator.Server
	a   emulator.Account
	uid int64
}

func start(t testing.TB, seed int64) *world {
	t.Helper()
	srv, err := emulator.Start(emulator.Options{Seed: seed, NoRateLimits: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	srv.Clock.Freeze() // only Advance moves time: a slow machine must not settle a status under a test
	a, _ := srv.Account("alibaba-a")
	uid, err := strconv.ParseInt(a.ID, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return &world{srv: srv, a: a, uid: uid}
}

func (w *world) client(t testing.TB, opts ...func(*Options)) *Client {
	t.Helper()
	o := Options{
		Credentials: Credentials{AccessKeyID: w.a.AccessKeyID, AccessKeySecret: w.a.Secret},
		Endpoint:    w.srv.AlibabaEndpoint(),
		AccountID:   w.a.ID,
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
	k := 2
	for k*(k-1)/2 < n {
		k++
	}
	nets := w.networks(t, k)
	var pairs [][2]string
	for i := 0; i < k && len(pairs) < n; i++ {
		for j := i + 1; j < k && len(pairs) < n; j++ {
			pairs = append(pairs, [2]string{nets[i], nets[j]})
		}
	}
	ids := make([]string, n)
	g, ctx := errgroup.WithContext(context.Background())
	g.SetLimit(8)
	for i, p := range pairs {
		g.Go(func() error {
			id, err := c.Create(ctx, peering.CreateRequest{Name: fmt.Sprintf("conn-%05d", i), LocalNetworkID: p[0], PeerNetworkID: p[1]})
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

// walk lists with ListPage alone, failing on a repeated connection.
func walk(t testing.TB, c *Client, f peering.Filter) (map[string]peering.Connection, int) {
	t.Helper()
	got := make(map[string]peering.Connection)
	token, pages := "", 0
	for {
		p, err := c.ListPage(context.Background(), f, token)
		if err != nil {
			t.Fatalf("page %d: %v", pages+1, err)
		}
		pages++
		if f.PageSize > 0 && len(p.Connections) > f.PageSize {
			t.Errorf("page %d holds %d connections, more than %d", pages, len(p.Connections), f.PageSize)
		}
		for _, conn := range p.Connections {
			if _, dup := got[conn.ID]; dup {
				t.Errorf("page %d repeats %s", pages, conn.ID)
			}
			got[conn.ID] = conn
		}
		if token = p.Next; token == "" {
			return got, pages
		}
	}
}

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
