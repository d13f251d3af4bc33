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

// TestVPCListingOncePerRegion: a page's blocks come from one listing of the
// region's VPCs, whatever the number of VPCs, cached for vpcCacheTTL.
func TestVPCListingOncePerRegion(t *testing.T) {
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
	if n := srv.Baidu.Requests() - before; n != 2 {
		t.Errorf("%d requests for a page of %d connections on %d VPCs, want 2 (the page, the VPC listing)", n, len(page.Connections), vpcs)
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
		t.Errorf("%d requests for the same page again, want 1 (the listing cached)", n)
	}
	if len(again.Connections[0].Requester.IPv4CIDRs) != 1 {
		t.Error("a caller's change to a connection reached the cache")
	}

	// The listing expires.
	c.vpcs.now = func() time.Time { return time.Now().Add(vpcCacheTTL + time.Second) }
	before = srv.Baidu.Requests()
	if _, err := c.ListPage(ctx, peering.Filter{}, ""); err != nil {
		t.Fatal(err)
	}
	if n := srv.Baidu.Requests() - before; n != 2 {
		t.Errorf("%d requests after the listing expired, want 2", n)
	}
}

// TestVPCListingFailure: a listing throttled or unavailable past its
// retries leaves the region's ends unknown, with the reason, and the page
// whole; it is not cached, so the next page reads the blocks. Any other
// failure fails the page and says what failed.
func TestVPCListingFailure(t *testing.T) {
	cases := []struct {
		name   string
		rule   fault.Rule
		reason string            // the prefix of the region's ends' CIDRsUnknown
		code   peering.ErrorCode // the page's error, when it fails
	}{
		{"throttled", fault.Rule{Kind: fault.Throttle, Count: 1}, "ResourceExhausted: the VPC listing failed past its retries", peering.OK},
		{"unavailable", fault.Rule{Kind: fault.ServerError, Count: 1}, "Unavailable: the VPC listing failed past its retries", peering.OK},
		{"unimplemented", fault.Rule{Kind: fault.ServerError, Status: 501, Count: 1}, "", peering.Unimplemented},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := startEmulator(t)
			seed(t, srv, "baidu-a", "bj", 5)
			ctx := testContext(t)
			c := clientFor(t, srv, "baidu-a", "bj", Options{MaxAttempts: 1})
			rule := tc.rule
			rule.Provider, rule.Operation = "baidu", "ListVPC"
			srv.Faults.Add(rule)
			page, err := c.ListPage(ctx, peering.Filter{}, "")
			if tc.code != peering.OK {
				wantCode(t, err, tc.code)
				if !strings.Contains(err.Error(), "listing the region's VPCs") {
					t.Errorf("error %q does not say what failed", err)
				}
			} else {
				if err != nil {
					t.Fatalf("ListPage failed: %v; want the page with its blocks unknown", err)
				}
				for _, conn := range page.Connections {
					for _, ep := range []peering.Endpoint{conn.Requester, conn.Accepter} {
						if ep.Region == "bj" && (len(ep.IPv4CIDRs) != 0 || !strings.HasPrefix(ep.CIDRsUnknown, tc.reason)) {
							t.Errorf("%s: blocks %v, CIDRsUnknown %q; want none and %q...", ep.NetworkID, ep.IPv4CIDRs, ep.CIDRsUnknown, tc.reason)
						}
					}
				}
			}
			page, err = c.ListPage(ctx, peering.Filter{}, "")
			if err != nil {
				t.Fatal(err)
			}
			for _, conn := range page.Connections {
				if ep := conn.Requester; len(ep.IPv4CIDRs) != 1 || ep.CIDRsUnknown != "" {
					t.Errorf("after the failure: %s %v %q", ep.NetworkID, ep.IPv4CIDRs, ep.CIDRsUnknown)
				}
			}
		})
	}
}

// TestVPCListingCancel ends a page while the VPC listing beside it is held
// up: the page does not wait for it, and no listing is cached.
func TestVPCListingCancel(t *testing.T) {
	srv := startEmulator(t)
	seed(t, srv, "baidu-a", "bj", 3)
	c := clientFor(t, srv, "baidu-a", "bj", Options{})
	const hold = 10 * time.Second
	srv.Faults.Add(fault.Rule{Provider: "baidu", Operation: "ListVPC", Kind: fault.Latency, Latency: hold, Count: 1})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.ListPage(ctx, peering.Filter{}, "")
	wantCode(t, err, peering.DeadlineExceeded)
	if d := time.Since(start); d >= hold/2 {
		t.Errorf("ListPage returned after %v: it waited for the held listing", d)
	}
	if _, ok := c.vpcs.listed(); ok {
		t.Error("a listing cached from an abandoned request")
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
	if conn.Requester.CIDRsUnknown != "" || conn.Accepter.CIDRsUnknown != c.notOurs() {
		t.Errorf("CIDRsUnknown: requester %q, accepter %q; want none and %q", conn.Requester.CIDRsUnknown, conn.Accepter.CIDRsUnknown, c.notOurs())
	}
	before = srv.Baidu.Requests()
	again := get(t, c, id)
	if n := srv.Baidu.Requests() - before; n != 1 {
		t.Errorf("%d requests the second time, want 1: both answers are cached", n)
	}
	if again.Accepter.CIDRsUnknown != conn.Accepter.CIDRsUnknown {
		t.Errorf("the cached answer says %q, the first %q", again.Accepter.CIDRsUnknown, conn.Accepter.CIDRsUnknown)
	}
}

// TestVPCLookupOtherRegion: an end in another region is not looked up
// (the VPC API is regional) and says so.
func TestVPCLookupOtherRegion(t *testing.T) {
	srv := startEmulator(t)
	ctx := testContext(t)
	c := clientFor(t, srv, "baidu-a", "bj", Options{})
	fbj, fgz := fixtures(t, srv, "baidu-a", "bj"), fixtures(t, srv, "baidu-a", "gz")
	id, err := c.Create(ctx, peering.CreateRequest{LocalNetworkID: fbj[0].ID, PeerNetworkID: fgz[0].ID,
		PeerRegion: "gz", Bandwidth: peering.Mbps(10)})
	if err != nil {
		t.Fatal(err)
	}
	before := srv.Baidu.Requests()
	conn := get(t, c, id)
	if n := srv.Baidu.Requests() - before; n != 2 {
		t.Errorf("%d requests, want 2 (get, own VPC)", n)
	}
	const want = "not looked up: the VPC is in region gz, not in this client's region bj"
	if len(conn.Requester.IPv4CIDRs) != 1 || conn.Requester.CIDRsUnknown != "" || len(conn.Accepter.IPv4CIDRs) != 0 || conn.Accepter.CIDRsUnknown != want {
		t.Errorf("requester %v %q, accepter %v %q; want the requester's block and the accepter unknown: %q",
			conn.Requester.IPv4CIDRs, conn.Requester.CIDRsUnknown, conn.Accepter.IPv4CIDRs, conn.Accepter.CIDRsUnknown, want)
	}
}

func TestVPCLookupOff(t *testing.T) {
	srv := startEmulator(t)
	ids := seed(t, srv, "baidu-a", "bj", 5)
	c := clientFor(t, srv, "baidu-a", "bj", Options{NoVPCLookup: true})
	// Without the VPC API, whose end a same-account record shows takes a
	// Get as each role the first time (role.go), and one Get after.
	var conn peering.Connection
	for _, want := range []int64{2, 1} {
		before := srv.Baidu.Requests()
		conn = get(t, c, ids[0])
		if n := srv.Baidu.Requests() - before; n != want || len(conn.Requester.IPv4CIDRs) != 0 || len(conn.Accepter.IPv4CIDRs) != 0 {
			t.Errorf("%d requests, local %v, peer %v; want %d and no CIDRs", n, conn.Requester.IPv4CIDRs, conn.Accepter.IPv4CIDRs, want)
		}
	}
	for _, ep := range []peering.Endpoint{conn.Requester, conn.Accepter} {
		if ep.CIDRsUnknown != "not looked up: Options.NoVPCLookup is set" {
			t.Errorf("%s: CIDRsUnknown %q, want the option named", ep.NetworkID, ep.CIDRsUnknown)
		}
	}
}

// TestVPCLookupFailure: a look-up that is throttled or unavailable past its
// retries leaves the end unknown, with the reason, and the call whole; it is
// not cached, so the next call reads the blocks. Any other failure fails the
// call and names the VPC.
func TestVPCLookupFailure(t *testing.T) {
	cases := []struct {
		name   string
		rule   fault.Rule
		reason string            // the prefix of both ends' CIDRsUnknown
		code   peering.ErrorCode // the call's error, when it fails
	}{
		{"throttled", fault.Rule{Kind: fault.Throttle}, "ResourceExhausted: ", peering.OK},
		{"unavailable", fault.Rule{Kind: fault.ServerError}, "Unavailable: ", peering.OK},
		// One look-up only: the call ends at the first failure, and a
		// look-up still in flight then would be shared by the next call.
		{"unimplemented", fault.Rule{Kind: fault.ServerError, Status: 501, Count: 1}, "", peering.Unimplemented},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := startEmulator(t)
			ids := seed(t, srv, "baidu-a", "bj", 1)
			ctx := testContext(t)
			c := clientFor(t, srv, "baidu-a", "bj", Options{MaxAttempts: 1})
			rule := tc.rule
			rule.Provider, rule.Operation = "baidu", "GetVPC"
			if rule.Count == 0 {
				rule.Probability = 1 // every look-up, and the call waits for them all
			}
			srv.Faults.Add(rule)
			conn, err := c.Get(ctx, ids[0])
			if tc.code != peering.OK {
				wantCode(t, err, tc.code)
				if !strings.Contains(err.Error(), "looking up VPC vpc-") {
					t.Errorf("error %q does not name the VPC", err)
				}
			} else {
				if err != nil {
					t.Fatalf("Get failed: %v; want the connection with its blocks unknown", err)
				}
				for _, ep := range []peering.Endpoint{conn.Requester, conn.Accepter} {
					if len(ep.IPv4CIDRs) != 0 || !strings.HasPrefix(ep.CIDRsUnknown, tc.reason) {
						t.Errorf("%s: blocks %v, CIDRsUnknown %q; want none and %q...", ep.NetworkID, ep.IPv4CIDRs, ep.CIDRsUnknown, tc.reason)
					}
				}
			}
			srv.Faults.Clear()
			conn = get(t, c, ids[0])
			if len(conn.Requester.IPv4CIDRs) != 1 || len(conn.Accepter.IPv4CIDRs) != 1 || conn.Requester.CIDRsUnknown != "" || conn.Accepter.CIDRsUnknown != "" {
				t.Errorf("after the failure: local %v %q, peer %v %q", conn.Requester.IPv4CIDRs, conn.Requester.CIDRsUnknown, conn.Accepter.IPv4CIDRs, conn.Accepter.CIDRsUnknown)
			}
		})
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
