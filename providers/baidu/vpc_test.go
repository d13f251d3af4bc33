package baidu

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/emulator/fault"
)

// distinctVPCs counts the VPCs the emulator's connections use.
func distinctVPCs(srv *emulator.Server) int {
	vpcs := map[string]bool{}
	for _, pc := range srv.Baidu.PeerConns() {
		vpcs[pc.Initiator.VPCID], vpcs[pc.Acceptor.VPCID] = true, true
	}
	return len(vpcs)
}

func TestVPCLookupOncePerVPC(t *testing.T) {
	srv := startEmulator(t)
	seed(t, srv, "baidu-a", "bj", 60)
	ctx := testContext(t)
	c := clientFor(t, srv, "baidu-a", "bj", Options{})
	vpcs := distinctVPCs(srv)

	before := srv.Baidu.Requests()
	page, err := c.ListPage(ctx, peering.Filter{}, "")
	if err != nil {
		t.Fatal(err)
	}
	if n := srv.Baidu.Requests() - before; n != int64(1+vpcs) {
		t.Errorf("%d requests for a page of %d connections on %d VPCs, want %d", n, len(page.Connections), vpcs, 1+vpcs)
	}
	for _, conn := range page.Connections {
		if len(conn.Requester.IPv4CIDRs) != 1 || len(conn.Accepter.IPv4CIDRs) != 1 {
			t.Fatalf("%s: local %v, peer %v", conn.ID, conn.Requester.IPv4CIDRs, conn.Accepter.IPv4CIDRs)
		}
	}
	// Each connection has its own copy: changing one changes no other.
	page.Connections[0].Requester.IPv4CIDRs[0] = page.Connections[0].Requester.IPv4CIDRs[0].Masked()
	page.Connections[0].Requester.IPv4CIDRs = append(page.Connections[0].Requester.IPv4CIDRs, page.Connections[0].Accepter.IPv4CIDRs...)

	before = srv.Baidu.Requests()
	again, err := c.ListPage(ctx, peering.Filter{}, "")
	if err != nil {
		t.Fatal(err)
	}
	if n := srv.Baidu.Requests() - before; n != 1 {
		t.Errorf("%d requests for the same page again, want 1 (VPCs cached)", n)
	}
	if len(again.Connections[0].Requester.IPv4CIDRs) != 1 {
		t.Error("a caller's change to a connection reached the cache")
	}

	// The cache's answers expire.
	c.vpcs.now = func() time.Time { return time.Now().Add(vpcCacheTTL + time.Second) }
	before = srv.Baidu.Requests()
	if _, err := c.ListPage(ctx, peering.Filter{}, ""); err != nil {
		t.Fatal(err)
	}
	if n := srv.Baidu.Requests() - before; n != int64(1+vpcs) {
		t.Errorf("%d requests after the cache expired, want %d", n, 1+vpcs)
	}
}

// TestVPCLookupShared has concurrent callers want the same VPCs while the
// first look-ups are held up: they share them.
func TestVPCLookupShared(t *testing.T) {
	srv := startEmulator(t)
	ids := seed(t, srv, "baidu-a", "bj", 1)
	ctx := testContext(t)
	c := clientFor(t, srv, "baidu-a", "bj", Options{})
	srv.Faults.Add(fault.Rule{Provider: "baidu", Operation: "GetVPC", Kind: fault.Latency, Latency: 150 * time.Millisecond, Count: 2})

	const callers = 8
	before := srv.Baidu.Requests()
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := c.Get(ctx, ids[0])
			if err == nil && (len(conn.Requester.IPv4CIDRs) != 1 || len(conn.Accepter.IPv4CIDRs) != 1) {
				err = fmt.Errorf("connection %s: CIDRs missing: local %v, peer %v", conn.ID, conn.Requester.IPv4CIDRs, conn.Accepter.IPv4CIDRs)
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := srv.Baidu.Requests() - before; n != callers+2 {
		t.Errorf("%d requests for %d concurrent Gets of one connection on 2 VPCs, want %d", n, callers, callers+2)
	}
}

// TestVPCLookupNotOurs checks that a peer VPC of another account is asked
// about once, remembered as not the caller's, and left without CIDRs.
func TestVPCLookupNotOurs(t *testing.T) {
	srv := startEmulator(t)
	ctx := testContext(t)
	c := clientFor(t, srv, "baidu-a", "bj", Options{})
	fa, fb := fixtures(t, srv, "baidu-a", "bj"), fixtures(t, srv, "baidu-b", "bj")
	id, err := c.Create(ctx, peering.CreateRequest{LocalNetworkID: fa[0].ID, PeerNetworkID: fb[0].ID,
		PeerAccountID: account(t, srv, "baidu-b").ID, Bandwidth: peering.Mbps(10)})
	if err != nil {
		t.Fatal(err)
	}
	before := srv.Baidu.Requests()
	conn := get(t, c, id)
	if n := srv.Baidu.Requests() - before; n != 3 {
		t.Errorf("%d requests, want 3 (get, own VPC, peer VPC)", n)
	}
	if len(conn.Requester.IPv4CIDRs) != 1 || len(conn.Accepter.IPv4CIDRs) != 0 {
		t.Errorf("local %v, peer %v; want the local block only", conn.Requester.IPv4CIDRs, conn.Accepter.IPv4CIDRs)
	}
	before = srv.Baidu.Requests()
	get(t, c, id)
	if n := srv.Baidu.Requests() - before; n != 1 {
		t.Errorf("%d requests the second time, want 1: both answers are cached", n)
	}
}

func TestVPCLookupOff(t *testing.T) {
	srv := startEmulator(t)
	ids := seed(t, srv, "baidu-a", "bj", 5)
	c := clientFor(t, srv, "baidu-a", "bj", Options{NoVPCLookup: true})
	// Without the VPC API, whose end a same-account record shows takes a
	// Get as each role the first time (role.go), and one Get after.
	for _, want := range []int64{2, 1} {
		before := srv.Baidu.Requests()
		conn := get(t, c, ids[0])
		if n := srv.Baidu.Requests() - before; n != want || len(conn.Requester.IPv4CIDRs) != 0 || len(conn.Accepter.IPv4CIDRs) != 0 {
			t.Errorf("%d requests, local %v, peer %v; want %d and no CIDRs", n, conn.Requester.IPv4CIDRs, conn.Accepter.IPv4CIDRs, want)
		}
	}
}

// TestVPCLookupFailure: a look-up that fails after its retries fails the
// call, names the VPC, and is not cached.
func TestVPCLookupFailure(t *testing.T) {
	srv := startEmulator(t)
	ids := seed(t, srv, "baidu-a", "bj", 1)
	ctx := testContext(t)
	c := clientFor(t, srv, "baidu-a", "bj", Options{MaxAttempts: 1})
	srv.Faults.Add(fault.Rule{Provider: "baidu", Operation: "GetVPC", Kind: fault.ServerError, Count: 1})
	_, err := c.Get(ctx, ids[0])
	wantCode(t, err, peering.Unavailable)
	if !strings.Contains(err.Error(), "looking up VPC vpc-") {
		t.Errorf("error %q does not name the VPC", err)
	}
	if conn := get(t, c, ids[0]); len(conn.Requester.IPv4CIDRs) != 1 || len(conn.Accepter.IPv4CIDRs) != 1 {
		t.Errorf("after the failure: local %v, peer %v", conn.Requester.IPv4CIDRs, conn.Accepter.IPv4CIDRs)
	}
}

// TestVPCLookupCancel ends a call while its look-ups are held up: the call
// does not wait for them, and nothing is cached for the abandoned VPCs.
func TestVPCLookupCancel(t *testing.T) {
	srv := startEmulator(t)
	ids := seed(t, srv, "baidu-a", "bj", 1)
	c := clientFor(t, srv, "baidu-a", "bj", Options{})
	const hold = 10 * time.Second
	srv.Faults.Add(fault.Rule{Provider: "baidu", Operation: "GetVPC", Kind: fault.Latency, Latency: hold, Count: 2})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Get(ctx, ids[0])
	wantCode(t, err, peering.DeadlineExceeded)
	if d := time.Since(start); d >= hold/2 {
		t.Errorf("Get returned after %v: it waited for the held look-ups", d)
	}
	for _, pc := range srv.Baidu.PeerConns() {
		for _, vpc := range []string{pc.Initiator.VPCID, pc.Acceptor.VPCID} {
			if _, ok := c.vpcs.get(c.vpcKey(vpc)); ok {
				t.Errorf("VPC %s cached from an abandoned look-up", vpc)
			}
		}
	}
}
