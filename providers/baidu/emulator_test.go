package baidu

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/emulator/bce"
	"github.com/peeringkit/peering/internal/peeringtest"
)

// Helpers for the tests that run the adapter against the emulator over
// loopback HTTP.

// startEmulator starts an emulator serving Baidu regions bj and gz, with
// the sandbox accounts' fixture VPCs and no connections.
func startEmulator(t testing.TB) *emulator.Server {
	t.Helper()
	return peeringtest.FrozenEmulator(t, emulator.Options{Seed: 1, BaiduRegions: []string{"bj", "gz"}})
}

// account returns a sandbox account, failing the test when there is none.
var account = peeringtest.Account

// clientFor returns an adapter for a sandbox account in a region; opts
// adds to the credentials, region, endpoint and account ID it sets.
func clientFor(t testing.TB, srv *emulator.Server, name, region string, opts Options) *Client {
	t.Helper()
	a := account(t, srv, name)
	if opts.Credentials == (Credentials{}) {
		opts.Credentials = Credentials{AccessKeyID: a.AccessKeyID, SecretAccessKey: a.Secret}
	}
	opts.Region, opts.Endpoint, opts.AccountID = region, srv.BaiduEndpoint(region), a.ID
	c, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// fixtures returns an account's fixture VPCs in a region, in name order.
func fixtures(t testing.TB, srv *emulator.Server, name, region string) []bce.VPC {
	t.Helper()
	id := account(t, srv, name).ID
	var out []bce.VPC
	for _, v := range srv.Baidu.VPCs() {
		if v.AccountID == id && v.Region == region && strings.HasPrefix(v.Name, "fixture-") {
			out = append(out, v)
		}
	}
	slices.SortFunc(out, func(a, b bce.VPC) int { return strings.Compare(a.Name, b.Name) })
	if len(out) < 3 {
		t.Fatalf("%d fixture VPCs for %s in %s, want 3", len(out), name, region)
	}
	return out
}

// seed inserts n active connections for an account in a region and
// returns their IDs.
func seed(t testing.TB, srv *emulator.Server, name, region string, n int) []string {
	t.Helper()
	ids, err := srv.Baidu.Seed(account(t, srv, name).ID, region, n)
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// connsBetween returns the emulator's connections joining two VPCs.
func connsBetween(srv *emulator.Server, a, b string) []bce.PeerConn {
	var out []bce.PeerConn
	for _, pc := range srv.Baidu.PeerConns() {
		if pc.Initiator.VPCID == a && pc.Acceptor.VPCID == b || pc.Initiator.VPCID == b && pc.Acceptor.VPCID == a {
			out = append(out, pc)
		}
	}
	return out
}

func testContext(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// wantCode fails the test unless err has the portable code want.
func wantCode(t testing.TB, err error, want peering.ErrorCode) {
	t.Helper()
	if got := peering.Code(err); got != want {
		t.Fatalf("err = %v (code %v), want code %v", err, got, want)
	}
}

// idsOf returns the IDs of conns, sorted, failing on a duplicate.
func idsOf(t testing.TB, conns []peering.Connection) []string {
	t.Helper()
	ids := make([]string, 0, len(conns))
	seen := make(map[string]bool, len(conns))
	for _, c := range conns {
		if seen[c.ID] {
			t.Fatalf("connection %s listed twice", c.ID)
		}
		seen[c.ID] = true
		ids = append(ids, c.ID)
	}
	slices.Sort(ids)
	return ids
}
