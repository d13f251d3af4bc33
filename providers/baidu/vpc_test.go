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
	if conn.Requester.CIDRsUnknown != "" || !strings.HasPrefix(conn.Accepter.CIDRsUnknown, "NotFound: the VPC look-up found no such VPC") ||
		!strings.Contains(conn.Accepter.CIDRsUnknown, "NoSuchObject, HTTP 404") {
		t.Errorf("CIDRsUnknown: requester %q, accepter %q; want none and the look-up's NotFound", conn.Requester.CIDRsUnknown, conn.Accepter.CIDRsUnknown)
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

// TestVPCLookupThrottledStops: once a look-up is throttled past its
// retries, the page's look-ups not yet started are not sent, and every end
// still says why its blocks are unknown.
func TestVPCLookupThrottledStops(t *testing.T) {
	srv := startEmulator(t)
	seed(t, srv, "baidu-a", "bj", 60)
	vpcs := distinctVPCs(srv)
	if vpcs <= vpcLookupConcurrency {
		t.Fatalf("the estate has %d VPCs: the test needs more than %d", vpcs, vpcLookupConcurrency)
	}
	ctx := testContext(t)
	c := clientFor(t, srv, "baidu-a", "bj", Options{MaxAttempts: 1})
	srv.Faults.Add(fault.Rule{Provider: "baidu", Operation: "GetVPC", Kind: fault.Throttle, Probability: 1})
	before := srv.Baidu.Requests()
	page, err := c.ListPage(ctx, peering.Filter{}, "")
	if err != nil {
		t.Fatalf("ListPage failed: %v; want the page with its blocks unknown", err)
	}
	if n := srv.Baidu.Requests() - before - 1; n < 1 || n > vpcLookupConcurrency {
		t.Errorf("%d look-ups of %d VPCs, want 1 to %d (those started before the first was throttled)", n, vpcs, vpcLookupConcurrency)
	}
	skipped := 0
	for _, conn := range page.Connections {
		for _, ep := range []peering.Endpoint{conn.Requester, conn.Accepter} {
			switch {
			case len(ep.IPv4CIDRs) != 0:
				t.Errorf("%s %s: blocks %v from a throttled look-up", conn.ID, ep.NetworkID, ep.IPv4CIDRs)
			case strings.HasPrefix(ep.CIDRsUnknown, "ResourceExhausted: not looked up, after another look-up of the page failed past its retries"):
				skipped++
			case strings.HasPrefix(ep.CIDRsUnknown, "ResourceExhausted: the VPC look-up failed past its retries"):
			case ep.Region != "bj" && strings.HasPrefix(ep.CIDRsUnknown, "not looked up: the VPC is in region "):
			default:
				t.Errorf("%s %s: CIDRsUnknown %q", conn.ID, ep.NetworkID, ep.CIDRsUnknown)
			}
		}
	}
	if skipped == 0 {
		t.Error("no end says its look-up was not sent")
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
