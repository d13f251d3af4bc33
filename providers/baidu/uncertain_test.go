package baidu

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator/fault"
)

// TestUncertainCreateCarriesItsToken: every attempt of a create is
// committed by the emulator and its answer dropped. The error carries the
// token the attempts used (the caller's, or the generated one); sent back,
// it returns the connection the lost attempts made, and no second one.
func TestUncertainCreateCarriesItsToken(t *testing.T) {
	for _, token := range []string{"", "caller-token-7"} {
		t.Run("token "+token, func(t *testing.T) {
			srv := startEmulator(t)
			c := clientFor(t, srv, "baidu-a", "bj", Options{MaxAttempts: 3})
			fx := fixtures(t, srv, "baidu-a", "bj")
			srv.Faults.Add(fault.Rule{Provider: "baidu", Operation: "CreatePeerConn", Kind: fault.DropResponse, Count: 3})
			req := peering.CreateRequest{LocalNetworkID: fx[0].ID, PeerNetworkID: fx[1].ID, Bandwidth: peering.Mbps(10), ClientToken: token}

			_, err := c.Create(testContext(t), req)
			var uw *peering.UncertainWriteError
			if !errors.As(err, &uw) {
				t.Fatalf("Create = %v (%T), want an UncertainWriteError", err, err)
			}
			if peering.Code(err) != peering.Unavailable || !errors.Is(err, peering.ErrUnavailable) {
				t.Errorf("code %v, want Unavailable, the last attempt's", peering.Code(err))
			}
			if uw.ClientToken == "" || (token != "" && uw.ClientToken != token) || uw.Provider != peering.Baidu || uw.Op != "Create" {
				t.Errorf("error fields %+v, want token %q", *uw, token)
			}
			if n := len(connsBetween(srv, fx[0].ID, fx[1].ID)); n != 1 {
				t.Fatalf("%d connections after the lost attempts, want the 1 they made", n)
			}

			req.ClientToken = uw.ClientToken
			id, err := c.Create(testContext(t), req)
			if err != nil {
				t.Fatal(err)
			}
			conns := connsBetween(srv, fx[0].ID, fx[1].ID)
			if len(conns) != 1 || conns[0].ID != id {
				t.Errorf("after the retry: %v, want only %s", conns, id)
			}
		})
	}
}

// TestCreateOutcomes: only a create that may have been applied is
// uncertain. The server answers each attempt in turn (the last answer
// repeats).
func TestCreateOutcomes(t *testing.T) {
	reset := func(w http.ResponseWriter) {
		// The request was read; the connection dies without an answer.
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			conn.Close()
		}
	}
	const (
		badParam  = `{"requestId":"r-1","code":"InvalidParameter","message":"bad"}`
		throttled = `{"requestId":"r-1","code":"RequestRateLimitExceeded","message":"slow down"}`
		failed    = `{"requestId":"r-1","code":"InternalError","message":"failed"}`
	)
	tests := []struct {
		name      string
		answers   []func(http.ResponseWriter)
		code      peering.ErrorCode
		uncertain bool
	}{
		{"5xx on every attempt", []func(http.ResponseWriter){answer(503, nil, failed)}, peering.Unavailable, true},
		{"reset after sending", []func(http.ResponseWriter){reset}, peering.Unavailable, true},
		{"200 without an ID", []func(http.ResponseWriter){answer(200, nil, `{"requestId":"r-1"}`)}, peering.Internal, true},
		{"200 that is not JSON", []func(http.ResponseWriter){answer(200, nil, `<html>ok</html>`)}, peering.Internal, true},
		{"5xx, then a refusal", []func(http.ResponseWriter){answer(500, nil, failed), answer(400, nil, badParam)}, peering.InvalidArgument, true},
		{"a refusal", []func(http.ResponseWriter){answer(400, nil, badParam)}, peering.InvalidArgument, false},
		{"throttled on every attempt", []func(http.ResponseWriter){answer(429, nil, throttled)}, peering.ResourceExhausted, false},
		{"not implemented", []func(http.ResponseWriter){answer(501, nil, "")}, peering.Unimplemented, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := replayClient(t, tt.answers...)
			c.policy.Attempts, c.policy.Base = 3, time.Millisecond
			_, err := c.Create(testContext(t), peering.CreateRequest{LocalNetworkID: "vpc-a", PeerNetworkID: "vpc-b",
				Bandwidth: peering.Mbps(10), ClientToken: "tok-1"})
			wantCode(t, err, tt.code)
			var uw *peering.UncertainWriteError
			if errors.As(err, &uw) != tt.uncertain {
				t.Fatalf("Create = %v; uncertain %v, want %v", err, !tt.uncertain, tt.uncertain)
			}
			if tt.uncertain && uw.ClientToken != "tok-1" {
				t.Errorf("token %q, want tok-1", uw.ClientToken)
			}
		})
	}

	// The caller's deadline passes while the server holds the request.
	hold := make(chan struct{})
	held := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-hold:
		}
	}))
	defer held.Close()
	defer close(hold)
	c, err := New(Options{Region: "bj", Endpoint: held.URL,
		Credentials: Credentials{AccessKeyID: "ak", SecretAccessKey: "sk-held-0123456789"}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(testContext(t), 50*time.Millisecond)
	defer cancel()
	_, err = c.Create(ctx, peering.CreateRequest{LocalNetworkID: "vpc-a", PeerNetworkID: "vpc-b", Bandwidth: peering.Mbps(10)})
	var hw *peering.UncertainWriteError
	if peering.Code(err) != peering.DeadlineExceeded || !errors.As(err, &hw) || hw.ClientToken == "" {
		t.Errorf("deadline mid-exchange: %v; want an uncertain DeadlineExceeded", err)
	}

	// Nothing listens: nothing can have been sent.
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	c, err = New(Options{Region: "bj", Endpoint: closed.URL, MaxAttempts: 2,
		Credentials: Credentials{AccessKeyID: "ak", SecretAccessKey: "sk-closed-0123456789"}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Create(testContext(t), peering.CreateRequest{LocalNetworkID: "vpc-a", PeerNetworkID: "vpc-b", Bandwidth: peering.Mbps(10)})
	var uw *peering.UncertainWriteError
	if peering.Code(err) != peering.Unavailable || errors.As(err, &uw) {
		t.Errorf("connection refused: %v; want a plain Unavailable", err)
	}
}
