package baidu

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator/fault"
)

// TestDroppedCreateMakesOne is the criterion: a create whose answer
// is lost after the emulator committed it is retried with the same client
// token and leaves exactly one connection, whose ID the caller gets.
func TestDroppedCreateMakesOne(t *testing.T) {
	for _, token := range []string{"", "caller-token-1"} {
		t.Run(fmt.Sprintf("token %q", token), func(t *testing.T) {
			srv := startEmulator(t)
			c := clientFor(t, srv, "baidu-a", "bj", Options{})
			fx := fixtures(t, srv, "baidu-a", "bj")
			srv.Faults.Add(fault.Rule{Provider: "baidu", Operation: "CreatePeerConn", Kind: fault.DropResponse, Count: 2})
			before := srv.Baidu.Requests()
			id, err := c.Create(testContext(t), peering.CreateRequest{LocalNetworkID: fx[0].ID, PeerNetworkID: fx[1].ID,
				Bandwidth: peering.Mbps(10), ClientToken: token})
			if err != nil {
				t.Fatal(err)
			}
			if n := srv.Faults.Fired()[fault.DropResponse]; n != 2 {
				t.Fatalf("%d responses dropped, want 2", n)
			}
			if n := srv.Baidu.Requests() - before; n != 3 {
				t.Errorf("%d attempts, want 3", n)
			}
			conns := connsBetween(srv, fx[0].ID, fx[1].ID)
			if len(conns) != 1 || conns[0].ID != id {
				t.Fatalf("connections between the VPCs: %v; want exactly %s", conns, id)
			}
		})
	}
}

// TestListRecoversFromFaults lists 2500 connections in pages of 1000 while
// the emulator misbehaves, and wants each exactly once and no error.
func TestListRecoversFromFaults(t *testing.T) {
	tests := []struct {
		name string
		rule fault.Rule
	}{
		{"throttled", fault.Rule{Kind: fault.Throttle, Count: 2}},
		{"503", fault.Rule{Kind: fault.ServerError, Count: 2}},
		{"500 InternalError", fault.Rule{Kind: fault.ServerError, Status: 500, Count: 1}},
		{"connection reset", fault.Rule{Kind: fault.Reset, Count: 2}},
		{"truncated body", fault.Rule{Kind: fault.Truncate, Count: 2}},
		{"dropped response", fault.Rule{Kind: fault.DropResponse, Count: 1}},
		{"repeated marker", fault.Rule{Kind: fault.RepeatMarker, Count: 2}},
		{"empty page", fault.Rule{Kind: fault.EmptyPage, Count: 2}},
		{"items shift", fault.Rule{Kind: fault.ShiftItems, Count: 2}},
		{"latency", fault.Rule{Kind: fault.Latency, Latency: 30 * time.Millisecond, Count: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startEmulator(t)
			want := seed(t, srv, "baidu-a", "bj", 2500)
			c := clientFor(t, srv, "baidu-a", "bj", Options{NoVPCLookup: true})
			tt.rule.Provider, tt.rule.Operation = "baidu", "ListPeerConn"
			srv.Faults.Add(tt.rule)
			got, err := peering.Collect(testContext(t), c, peering.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			if n := srv.Faults.Fired()[tt.rule.Kind]; n != tt.rule.Count {
				t.Fatalf("fault fired %d times, want %d", n, tt.rule.Count)
			}
			ids := idsOf(t, got)
			if tt.rule.Kind == fault.ShiftItems {
				// Items inserted behind the walk are not seen; every item
				// that was there all along is.
				for _, id := range want {
					if _, found := slices.BinarySearch(ids, id); !found {
						t.Fatalf("connection %s missing", id)
					}
				}
				return
			}
			if !slices.Equal(ids, want) {
				t.Fatalf("listed %d, want the %d seeded", len(ids), len(want))
			}
		})
	}
}

// TestOperationsRecoverFromFaults injects a fault into each operation once
// and wants the operation to succeed, and the state to be as if it had not.
func TestOperationsRecoverFromFaults(t *testing.T) {
	kinds := []fault.Rule{
		{Kind: fault.Throttle, Count: 1},
		{Kind: fault.ServerError, Count: 1},
		{Kind: fault.Reset, Count: 1},
		{Kind: fault.DropResponse, Count: 1},
		{Kind: fault.Truncate, Count: 1},
	}
	for _, rule := range kinds {
		t.Run(string(rule.Kind), func(t *testing.T) {
			srv := startEmulator(t)
			ctx := testContext(t)
			ca := clientFor(t, srv, "baidu-a", "bj", Options{})
			cb := clientFor(t, srv, "baidu-b", "bj", Options{})
			fa, fb := fixtures(t, srv, "baidu-a", "bj"), fixtures(t, srv, "baidu-b", "bj")
			b := account(t, srv, "baidu-b")
			inject := func(op string) {
				r := rule
				r.Provider, r.Operation = "baidu", op
				srv.Faults.Add(r)
			}
			fired := func(step string, want int) {
				t.Helper()
				if n := srv.Faults.Fired()[rule.Kind]; n != want {
					t.Fatalf("%s: fault fired %d times in all, want %d", step, n, want)
				}
			}

			inject("CreatePeerConn")
			id, err := ca.Create(ctx, peering.CreateRequest{LocalNetworkID: fa[0].ID, PeerNetworkID: fb[0].ID, PeerAccountID: b.ID, Bandwidth: peering.Mbps(10)})
			if err != nil {
				t.Fatal(err)
			}
			fired("create", 1)
			settle(srv)

			inject("GetPeerConn")
			inject("GetVPC")
			if conn := get(t, ca, id); conn.Status != peering.StatusPendingAcceptance || len(conn.Requester.IPv4CIDRs) != 1 {
				t.Fatalf("after create: %s, local %+v", conn.Status, conn.Requester)
			}
			fired("get", 3)

			inject("AcceptPeerConn")
			if err := cb.Accept(ctx, id); err != nil {
				t.Fatal(err)
			}
			fired("accept", 4)
			settle(srv)

			inject("UpdatePeerConn")
			name := "described"
			if err := ca.Update(ctx, id, peering.Update{Description: &name}); err != nil {
				t.Fatal(err)
			}
			fired("update", 5)
			settle(srv)

			inject("ResizePeerConn")
			if err := ca.Update(ctx, id, peering.Update{Bandwidth: peering.Mbps(20)}); err != nil {
				t.Fatal(err)
			}
			fired("resize", 6)
			settle(srv)
			if conn := get(t, ca, id); conn.Description != name || conn.Bandwidth != 20 || conn.Status != peering.StatusActive {
				t.Fatalf("after update: description %q, bandwidth %v, status %s", conn.Description, conn.Bandwidth, conn.Status)
			}

			inject("UpdatePeerConnDeleteProtect")
			if err := ca.SetDeleteProtection(ctx, id, false); err != nil {
				t.Fatal(err)
			}
			fired("delete protection", 7)

			inject("DeletePeerConn")
			if err := ca.Delete(ctx, id); err != nil {
				t.Fatal(err)
			}
			fired("delete", 8)
			settle(srv)
			if n := len(connsBetween(srv, fa[0].ID, fb[0].ID)); n != 0 {
				t.Errorf("%d connections left after delete", n)
			}
		})
	}
}

// TestErrorMapping provokes the emulator's errors and checks the portable
// code and the fields kept from Baidu's answer.
func TestErrorMapping(t *testing.T) {
	srv := startEmulator(t)
	ctx := testContext(t)
	a := account(t, srv, "baidu-a")
	c := clientFor(t, srv, "baidu-a", "bj", Options{})
	fx := fixtures(t, srv, "baidu-a", "bj")

	check := func(t *testing.T, err error, code peering.ErrorCode, providerCode string, status int) {
		t.Helper()
		wantCode(t, err, code)
		pe, ok := err.(*peering.Error)
		if !ok {
			t.Fatalf("err is a %T", err)
		}
		if pe.Provider != peering.Baidu || pe.ProviderCode != providerCode || pe.HTTPStatus != status || pe.RequestID == "" || pe.Message == "" {
			t.Errorf("fields: provider %q, code %q, HTTP %d, request id %q, message %q; want code %q, HTTP %d",
				pe.Provider, pe.ProviderCode, pe.HTTPStatus, pe.RequestID, pe.Message, providerCode, status)
		}
	}

	t.Run("not found", func(t *testing.T) {
		_, err := c.Get(ctx, "peerconn-000000000000")
		check(t, err, peering.NotFound, "NoSuchObject", 404)
		if !strings.Contains(err.Error(), "baidu Get") {
			t.Errorf("error text %q does not name the operation", err)
		}
	})
	t.Run("bad signature", func(t *testing.T) {
		bad := clientFor(t, srv, "baidu-a", "bj", Options{Credentials: Credentials{AccessKeyID: a.AccessKeyID, SecretAccessKey: "not-the-secret-0123456789"}})
		_, err := bad.Get(ctx, "peerconn-000000000000")
		check(t, err, peering.Unauthenticated, "SignatureDoesNotMatch", 400)
	})
	t.Run("unknown access key", func(t *testing.T) {
		bad := clientFor(t, srv, "baidu-a", "bj", Options{Credentials: Credentials{AccessKeyID: "no-such-key", SecretAccessKey: "whatever-0123456789"}})
		_, err := bad.Get(ctx, "peerconn-000000000000")
		check(t, err, peering.Unauthenticated, "InvalidAccessKeyId", 403)
	})
	t.Run("throttled, retries spent", func(t *testing.T) {
		one := clientFor(t, srv, "baidu-a", "bj", Options{MaxAttempts: 1})
		srv.Faults.Add(fault.Rule{Provider: "baidu", Operation: "GetPeerConn", Kind: fault.Throttle, Count: 1})
		_, err := one.Get(ctx, "peerconn-000000000000")
		check(t, err, peering.ResourceExhausted, "RequestRateLimitExceeded", 429)
	})
	t.Run("server error, retries spent", func(t *testing.T) {
		two := clientFor(t, srv, "baidu-a", "bj", Options{MaxAttempts: 2})
		srv.Faults.Add(fault.Rule{Provider: "baidu", Operation: "GetPeerConn", Kind: fault.ServerError, Count: 2})
		before := srv.Baidu.Requests()
		_, err := two.Get(ctx, "peerconn-000000000000")
		check(t, err, peering.Unavailable, "ServiceUnavailable", 503)
		if n := srv.Baidu.Requests() - before; n != 2 {
			t.Errorf("%d attempts, want 2", n)
		}
	})
	t.Run("reset, retries spent", func(t *testing.T) {
		// A transport of its own: net/http itself retries a request once
		// when a reused idle connection breaks, which would hide the reset.
		tr := &http.Transport{}
		defer tr.CloseIdleConnections()
		one := clientFor(t, srv, "baidu-a", "bj", Options{MaxAttempts: 1, HTTPClient: &http.Client{Transport: tr}})
		srv.Faults.Add(fault.Rule{Provider: "baidu", Operation: "DeletePeerConn", Kind: fault.Reset, Count: 1})
		err := one.Delete(ctx, "peerconn-000000000000")
		wantCode(t, err, peering.Unavailable)
		// The transport error must not carry the URL and its query.
		if text := err.Error(); strings.Contains(text, "http://") || strings.Contains(text, "clientToken") || strings.Contains(text, "?") {
			t.Errorf("error text %q holds the URL", text)
		}
	})
	t.Run("not retried", func(t *testing.T) {
		before := srv.Baidu.Requests()
		_, err := c.Get(ctx, "peerconn-000000000000")
		wantCode(t, err, peering.NotFound)
		// Once as initiator, once as acceptor (role.go): neither retried.
		if n := srv.Baidu.Requests() - before; n != 2 {
			t.Errorf("a NotFound was sent %d times, want once per role", n)
		}
	})
	t.Run("already exists", func(t *testing.T) {
		req := peering.CreateRequest{LocalNetworkID: fx[0].ID, PeerNetworkID: fx[1].ID, Bandwidth: peering.Mbps(10)}
		if _, err := c.Create(ctx, req); err != nil {
			t.Fatal(err)
		}
		_, err := c.Create(ctx, req)
		check(t, err, peering.AlreadyExists, "PeerConnAlreadyExists", 409)
	})
	t.Run("VPC not found", func(t *testing.T) {
		_, err := c.Create(ctx, peering.CreateRequest{LocalNetworkID: "vpc-000000000000", PeerNetworkID: fx[1].ID, Bandwidth: peering.Mbps(10)})
		check(t, err, peering.NotFound, "NoSuchObject", 404)
	})
}

// TestRequestExpiredResigned skews the signing clock: the first attempt is
// refused as expired, the retry is signed afresh and succeeds; a clock that
// stays wrong fails after exactly one retry.
func TestRequestExpiredResigned(t *testing.T) {
	srv := startEmulator(t)
	ctx := testContext(t)
	ids := seed(t, srv, "baidu-a", "bj", 1)

	c := clientFor(t, srv, "baidu-a", "bj", Options{NoVPCLookup: true})
	// Once the caller's role is known, a Get is one request.
	if _, err := c.Get(ctx, ids[0]); err != nil {
		t.Fatal(err)
	}
	skewed := true
	c.now = func() time.Time {
		if skewed {
			skewed = false
			return time.Now().Add(-2 * time.Hour)
		}
		return time.Now()
	}
	before := srv.Baidu.Requests()
	if _, err := c.Get(ctx, ids[0]); err != nil {
		t.Fatal(err)
	}
	if n := srv.Baidu.Requests() - before; n != 2 {
		t.Errorf("%d attempts, want 2 (expired, then re-signed)", n)
	}

	c.now = func() time.Time { return time.Now().Add(-2 * time.Hour) }
	before = srv.Baidu.Requests()
	_, err := c.Get(ctx, ids[0])
	wantCode(t, err, peering.Unauthenticated)
	if pe := err.(*peering.Error); pe.ProviderCode != "RequestExpired" {
		t.Errorf("code %q, want RequestExpired", pe.ProviderCode)
	}
	if n := srv.Baidu.Requests() - before; n != 2 {
		t.Errorf("%d attempts with a wrong clock, want 2", n)
	}
}

// TestNoSecretsInErrors makes the emulator refuse a session-token client's
// signature (its message echoes the canonical request, which holds the
// token) and checks every rendering of the error.
func TestNoSecretsInErrors(t *testing.T) {
	srv := startEmulator(t)
	a := account(t, srv, "baidu-a")
	const secret, token = "secret-key-that-is-wrong-0123", "session-token-0123456789abcdef"
	c := clientFor(t, srv, "baidu-a", "bj", Options{MaxAttempts: 1,
		Credentials: Credentials{AccessKeyID: a.AccessKeyID, SecretAccessKey: secret, SessionToken: token}})
	_, err := c.Get(testContext(t), "peerconn-000000000000")
	wantCode(t, err, peering.Unauthenticated)
	pe := err.(*peering.Error)
	for _, s := range []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", pe), pe.Message} {
		if strings.Contains(s, secret) || strings.Contains(s, token) {
			t.Errorf("error rendering holds a secret: %s", s)
		}
		if strings.Contains(s, "bce-auth-v1/") && !strings.Contains(s, "REDACTED") {
			t.Errorf("error rendering holds an unmasked signature: %s", s)
		}
	}
	if !strings.Contains(pe.Message, "canonical request") {
		t.Errorf("message %q: the emulator's explanation was lost", pe.Message)
	}

	// The real secret with the token works: the token is signed and sent.
	ok := clientFor(t, srv, "baidu-a", "bj", Options{Credentials: Credentials{AccessKeyID: a.AccessKeyID, SecretAccessKey: a.Secret, SessionToken: token}})
	if _, err := ok.ListPage(testContext(t), peering.Filter{}, ""); err != nil {
		t.Fatal(err)
	}
}

// TestRateLimit makes the emulator enforce 20 list calls a second and the
// client keep to the same rate: nothing is throttled.
func TestRateLimit(t *testing.T) {
	srv := startEmulator(t)
	seed(t, srv, "baidu-a", "bj", 12)
	srv.Faults.SetLimit("baidu", "ListPeerConn", fault.Limit{Calls: 20, Per: time.Second, Burst: 2})
	c := clientFor(t, srv, "baidu-a", "bj", Options{NoVPCLookup: true, CallsPerSecond: 20, Burst: 1})
	got, err := peering.Collect(testContext(t), c, peering.Filter{PageSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 12 {
		t.Fatalf("listed %d, want 12", len(got))
	}
	if n := srv.Faults.Fired()[fault.Throttle]; n != 0 {
		t.Errorf("%d calls throttled", n)
	}
}

// TestAttemptTimeoutRetried holds the first answer past the attempt's time
// limit: the attempt is abandoned and retried while ctx is still live, and
// the abandonment is not reported as the caller's deadline.
func TestAttemptTimeoutRetried(t *testing.T) {
	srv := startEmulator(t)
	ids := seed(t, srv, "baidu-a", "bj", 1)
	ctx := testContext(t)
	c := clientFor(t, srv, "baidu-a", "bj", Options{NoVPCLookup: true})
	c.attemptTimeout = 100 * time.Millisecond
	// Once the caller's role is known, a Get is one request.
	if _, err := c.Get(ctx, ids[0]); err != nil {
		t.Fatal(err)
	}
	hold := fault.Rule{Provider: "baidu", Operation: "GetPeerConn", Kind: fault.Latency, Latency: 5 * time.Second, Count: 1}
	srv.Faults.Add(hold)
	before := srv.Baidu.Requests()
	if _, err := c.Get(ctx, ids[0]); err != nil {
		t.Fatal(err)
	}
	if n := srv.Baidu.Requests() - before; n != 2 {
		t.Errorf("%d attempts, want 2", n)
	}

	c = clientFor(t, srv, "baidu-a", "bj", Options{NoVPCLookup: true, MaxAttempts: 1})
	c.attemptTimeout = 100 * time.Millisecond
	srv.Faults.Add(hold)
	_, err := c.Get(ctx, ids[0])
	wantCode(t, err, peering.Unavailable)
	if errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v: reads as the caller's deadline", err)
	}
}
