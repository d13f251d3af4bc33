package inventory_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/inventory"
	"github.com/peeringkit/peering/providers/alibabaens"
	"github.com/peeringkit/peering/providers/alibabavpc"
	"github.com/peeringkit/peering/providers/baidu"
)

// startEmulator serves a seeded estate on loopback for the test.
func startEmulator(t *testing.T, connections int) *emulator.Server {
	t.Helper()
	srv, err := emulator.Start(emulator.Options{Seed: 1, Connections: connections})
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	srv.Clock.Freeze() // the estate must not change while a test compares it
	return srv
}

// emulatorTargets returns a target per Baidu account and region, per
// Alibaba account and VpcPeer region, and per Alibaba account for ENS, with
// the real adapters pointed at srv.
func emulatorTargets(t testing.TB, srv *emulator.Server) []inventory.Target {
	t.Helper()
	var targets []inventory.Target
	for _, a := range srv.Accounts() {
		switch a.Provider {
		case "baidu":
			for _, r := range emulator.DefaultBaiduRegions {
				p, err := baidu.New(baidu.Options{
					Credentials: baidu.Credentials{AccessKeyID: a.AccessKeyID, SecretAccessKey: a.Secret},
					Region:      r, Endpoint: srv.BaiduEndpoint(r), AccountID: a.ID,
				})
				require.NoError(t, err)
				targets = append(targets, inventory.Target{Name: a.Name + "/" + r, Account: a.Name, Region: r, Peering: p})
			}
		case "alibaba":
			for _, r := range emulator.DefaultVpcPeerRegions {
				p, err := alibabavpc.New(alibabavpc.Options{
					Credentials: alibabavpc.Credentials{AccessKeyID: a.AccessKeyID, AccessKeySecret: a.Secret},
					Region:      r, Endpoint: srv.AlibabaEndpoint(), AccountID: a.ID,
				})
				require.NoError(t, err)
				targets = append(targets, inventory.Target{Name: a.Name + "/" + r, Account: a.Name, Region: r, Peering: p})
			}
			p, err := alibabaens.New(alibabaens.Options{
				Credentials: alibabaens.Credentials{AccessKeyID: a.AccessKeyID, AccessKeySecret: a.Secret},
				Endpoint:    srv.AlibabaEndpoint(), AccountID: a.ID,
			})
			require.NoError(t, err)
			targets = append(targets, inventory.Target{Name: a.Name + "/ens", Account: a.Name, Peering: p})
		}
	}
	return targets
}

// held returns "provider/ID" of every connection the emulator holds.
func held(srv *emulator.Server) []string {
	var out []string
	for _, c := range srv.Baidu.PeerConns() {
		out = append(out, "baidu/"+c.ID)
	}
	for _, c := range srv.Alibaba.VpcPeerConnections() {
		out = append(out, "alibaba-vpc/"+c.InstanceID)
	}
	for _, c := range srv.Alibaba.NetworkPeerConnections() {
		out = append(out, "alibaba-ens/"+c.InstanceID)
	}
	slices.Sort(out)
	return out
}

func recordRefs(inv *inventory.Inventory) []string {
	out := make([]string, inv.Records.Len())
	for i := range inv.Records.Len() {
		out[i] = inv.Records.Ref(i).String()
	}
	return out
}

func TestCollectEmulator(t *testing.T) {
	srv := startEmulator(t, 4)
	targets := emulatorTargets(t, srv)
	inv, err := inventory.Collect(context.Background(), targets, inventory.Options{Now: srv.Clock.Now})
	require.NoError(t, err)
	assert.Empty(t, inv.Errors)
	assert.Equal(t, len(targets), inv.Targets)
	assert.Equal(t, held(srv), recordRefs(inv), "one record per connection the emulator holds, in order")

	// Both sides of each cross-account peering are merged into one record
	// that knows both ends.
	accounts := make(map[string]string) // account ID -> sandbox name
	for _, a := range srv.Accounts() {
		accounts[a.ID] = a.Name
	}
	baiduConns := make(map[string]bool)
	for _, c := range srv.Baidu.PeerConns() {
		baiduConns[c.ID] = c.Initiator.AccountID != c.Acceptor.AccountID
	}
	crossAccount := 0
	for _, r := range inv.Records.All() {
		if r.Provider != peering.Baidu || !baiduConns[r.ID] {
			continue
		}
		crossAccount++
		require.Len(t, r.SeenBy, 2, "%s is seen by both accounts", r.ID)
		assert.Equal(t, peering.RoleRequester, r.Role, "%s: the requester's view is the main one", r.ID)
		assert.NotEqual(t, r.Requester.AccountID, r.Accepter.AccountID)
		assert.Contains(t, accounts, r.Accepter.AccountID, "%s: the accepter's account is known", r.ID)
		assert.NotEmpty(t, r.Requester.IPv4CIDRs, "%s: the requester's blocks", r.ID)
		assert.NotEmpty(t, r.Accepter.IPv4CIDRs, "%s: the accepter's blocks, from the accepter's view", r.ID)
	}
	assert.Positive(t, crossAccount, "the seeded estate has cross-account Baidu peerings")

	// The generated estate overlaps on purpose: the analysis finds it.
	kinds := make(map[inventory.Kind]int)
	for _, f := range inv.Findings {
		kinds[f.Kind]++
	}
	assert.Positive(t, kinds[inventory.KindCIDROverlap]+kinds[inventory.KindPeerCIDROverlap], "findings: %v", kinds)
	assert.Equal(t, inv.Records.Len(), inv.Graph.Links.Len())

	// Raw is dropped by default.
	for _, r := range inv.Records.All() {
		require.Nil(t, r.Raw)
	}
}

func TestCollectPartialFailure(t *testing.T) {
	srv := startEmulator(t, 2)
	good := emulatorTargets(t, srv)
	a, _ := srv.Account("baidu-a")
	wrongKey, err := baidu.New(baidu.Options{
		Credentials: baidu.Credentials{AccessKeyID: a.AccessKeyID, SecretAccessKey: "0123456789abcdef0123456789abcdef"},
		Region:      "bj", Endpoint: srv.BaiduEndpoint("bj"),
	})
	require.NoError(t, err)
	unbuilt := errors.New("no credentials: BCE_OPS_AK not set")
	targets := append(slices.Clone(good),
		inventory.Target{Name: "wrong-key/bj", Account: "baidu-a", Region: "bj", Peering: wrongKey},
		inventory.Target{Name: "unbuilt", Provider: peering.AlibabaVPC, Account: "ops", Region: "cn-hangzhou", Err: unbuilt},
	)

	inv, err := inventory.Collect(context.Background(), targets, inventory.Options{Now: srv.Clock.Now})
	require.NoError(t, err, "target failures are in the inventory, not the error")
	require.Len(t, inv.Errors, 2)
	assert.Equal(t, "unbuilt", inv.Errors[0].Target, "errors are ordered by target name")
	assert.ErrorIs(t, inv.Errors[0].Err, unbuilt)
	assert.Equal(t, peering.AlibabaVPC, inv.Errors[0].Provider)
	assert.Equal(t, "wrong-key/bj", inv.Errors[1].Target)
	assert.Equal(t, peering.Unauthenticated, peering.Code(inv.Errors[1].Err))
	assert.Contains(t, inv.Errors[1].Error(), "target wrong-key/bj: ")
	assert.NotContains(t, inv.Errors[1].Error(), "0123456789abcdef0123456789abcdef", "no secret in errors")

	// The failures hide nothing the other targets listed.
	alone, err := inventory.Collect(context.Background(), good, inventory.Options{Now: srv.Clock.Now})
	require.NoError(t, err)
	assert.Equal(t, recordRefs(alone), recordRefs(inv))
	assert.Equal(t, held(srv), recordRefs(inv))
}

// By default every target of an estate is listed at once: each listing's
// first page waits until all of them are in flight, which a bound below
// the number of targets would never allow.
func TestCollectDefaultConcurrency(t *testing.T) {
	srv := startEmulator(t, 2)
	targets := emulatorTargets(t, srv)
	all := make(chan struct{})
	var inFlight atomic.Int32
	for i := range targets {
		targets[i].Peering = barrierPeering{Peering: targets[i].Peering, inFlight: &inFlight, want: int32(len(targets)), all: all}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	inv, err := inventory.Collect(ctx, targets, inventory.Options{Now: srv.Clock.Now})
	require.NoError(t, err, "the listings waited for one another: not all %d targets were started at once", len(targets))
	require.Empty(t, inv.Errors)
	assert.Equal(t, held(srv), recordRefs(inv))
}

// barrierPeering holds its first ListPage until want listings are in it.
type barrierPeering struct {
	peering.Peering
	inFlight *atomic.Int32
	want     int32
	all      chan struct{}
}

func (b barrierPeering) ListPage(ctx context.Context, f peering.Filter, token string) (peering.Page, error) {
	if token == "" {
		if b.inFlight.Add(1) == b.want {
			close(b.all)
		}
		select {
		case <-b.all:
		case <-ctx.Done():
			return peering.Page{}, ctx.Err()
		}
	}
	return b.Peering.ListPage(ctx, f, token)
}

// countingPeering wraps a real adapter to count how many of its listings
// are in flight at once. It hides the adapter's own Lister, so that every
// listing goes through ListPage.
type countingPeering struct {
	peering.Peering
	inFlight, peak *atomic.Int32
}

func (c countingPeering) ListPage(ctx context.Context, f peering.Filter, token string) (peering.Page, error) {
	n := c.inFlight.Add(1)
	defer c.inFlight.Add(-1)
	for {
		p := c.peak.Load()
		if n <= p || c.peak.CompareAndSwap(p, n) {
			break
		}
	}
	return c.Peering.ListPage(ctx, f, token)
}

func TestCollectConcurrencyBound(t *testing.T) {
	srv := startEmulator(t, 2)
	// Latency keeps each listing in flight long enough for others to start.
	srv.Faults.SetLatency(20 * time.Millisecond)
	var inFlight, peak atomic.Int32
	targets := emulatorTargets(t, srv)
	for i := range targets {
		targets[i].Peering = countingPeering{Peering: targets[i].Peering, inFlight: &inFlight, peak: &peak}
	}
	for _, limit := range []int{1, 3} {
		peak.Store(0)
		inv, err := inventory.Collect(context.Background(), targets, inventory.Options{Concurrency: limit, Now: srv.Clock.Now})
		require.NoError(t, err)
		require.Empty(t, inv.Errors)
		assert.LessOrEqual(t, int(peak.Load()), limit, "at most %d targets listed at once", limit)
		if limit > 1 {
			assert.Greater(t, int(peak.Load()), 1, "targets are listed concurrently")
		}
		assert.Equal(t, held(srv), recordRefs(inv))
	}
}

func TestCollectProgressAndFilter(t *testing.T) {
	srv := startEmulator(t, 3)
	targets := emulatorTargets(t, srv)
	var mu sync.Mutex
	var events []inventory.Progress
	inv, err := inventory.Collect(context.Background(), targets, inventory.Options{
		Now:    srv.Clock.Now,
		Filter: peering.Filter{Status: []peering.Status{peering.StatusActive}},
		Progress: func(p inventory.Progress) {
			mu.Lock()
			defer mu.Unlock()
			events = append(events, p)
		},
		KeepRaw: true,
	})
	require.NoError(t, err)
	require.NotEmpty(t, inv.Records)
	for _, r := range inv.Records.All() {
		assert.Equal(t, peering.StatusActive, r.Status, "%s", r.ID)
		assert.NotNil(t, r.Raw, "KeepRaw keeps the native record")
	}
	require.NotEmpty(t, events)
	for i := 1; i < len(events); i++ {
		assert.GreaterOrEqual(t, events[i].Done, events[i-1].Done)
		assert.GreaterOrEqual(t, events[i].Connections, events[i-1].Connections)
	}
	last := events[len(events)-1]
	assert.Equal(t, len(targets), last.Done)
	assert.Equal(t, len(targets), last.Targets)
	assert.Zero(t, last.Failed)
}

func TestCollectCanceled(t *testing.T) {
	srv := startEmulator(t, 1)
	targets := emulatorTargets(t, srv)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	inv, err := inventory.Collect(ctx, targets, inventory.Options{})
	require.ErrorIs(t, err, context.Canceled)
	require.NotNil(t, inv, "what was collected comes back with the error")
	assert.Len(t, inv.Errors, len(targets))
	for _, e := range inv.Errors {
		assert.Equal(t, peering.Canceled, peering.Code(e.Err), "%s", e.Target)
	}
}

func TestCollectInvalidInput(t *testing.T) {
	srv := startEmulator(t, 0)
	targets := emulatorTargets(t, srv)
	tests := []struct {
		name    string
		targets []inventory.Target
		want    string
	}{
		{"no client", []inventory.Target{{Name: "x"}}, `target 0 ("x") has no Peering client`},
		{"duplicate names", []inventory.Target{{Name: "x", Peering: targets[0].Peering}, {Name: "x", Peering: targets[1].Peering}}, `targets 0 and 1 are both named "x"`},
		{"provider mismatch", []inventory.Target{{Name: "x", Provider: peering.AlibabaENS, Peering: targets[0].Peering}}, `says provider "alibaba-ens" but its client is "baidu"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv, err := inventory.Collect(context.Background(), tt.targets, inventory.Options{})
			assert.Nil(t, inv)
			assert.ErrorContains(t, err, tt.want)
		})
	}

	// An unnamed target is named after its provider, account and region.
	inv, err := inventory.Collect(context.Background(), []inventory.Target{{Account: "a", Region: "bj", Err: errors.New("boom"), Provider: peering.Baidu}}, inventory.Options{})
	require.NoError(t, err)
	require.Len(t, inv.Errors, 1)
	assert.Equal(t, "baidu/a/bj", inv.Errors[0].Target)
}
