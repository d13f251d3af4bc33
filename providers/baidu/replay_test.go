package baidu

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/peeringkit/peering"
)

// Answers the live API is known to give that the emulator does not produce
// (an empty 200, a proxy's error page, Retry-After), replayed by a loopback
// server. The server checks nothing but counts what it is sent.

type replay struct {
	mu       sync.Mutex
	answers  []func(http.ResponseWriter) // one per request; the last repeats
	requests []time.Time
}

func (rp *replay) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rp.mu.Lock()
	i := min(len(rp.requests), len(rp.answers)-1)
	rp.requests = append(rp.requests, time.Now())
	answer := rp.answers[i]
	rp.mu.Unlock()
	w.Header().Set("X-Bce-Request-Id", "replayed-request-id")
	answer(w)
}

func (rp *replay) times() []time.Time {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	return append([]time.Time(nil), rp.requests...)
}

func answer(status int, header map[string]string, body string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		for k, v := range header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

func replayClient(t *testing.T, answers ...func(http.ResponseWriter)) (*Client, *replay) {
	t.Helper()
	rp := &replay{answers: answers}
	srv := httptest.NewServer(rp)
	t.Cleanup(srv.Close)
	c, err := New(Options{Region: "bj", Endpoint: srv.URL,
		Credentials: Credentials{AccessKeyID: "ak", SecretAccessKey: "sk-replay-0123456789"}})
	if err != nil {
		t.Fatal(err)
	}
	return c, rp
}

func TestReplayedAnswers(t *testing.T) {
	const bceError = `{"requestId":"r-1","code":"NoSuchObject","message":"gone"}`
	tests := []struct {
		name     string
		answers  []func(http.ResponseWriter)
		code     peering.ErrorCode
		attempts int // a NotFound as initiator is asked again as acceptor (role.go)
	}{
		// Terraform reads Get's empty 200 as "gone".
		{"empty 200 on Get", []func(http.ResponseWriter){answer(200, nil, "")}, peering.NotFound, 2},
		{"not JSON on 200", []func(http.ResponseWriter){answer(200, nil, "<html>maintenance</html>")}, peering.Internal, 1},
		{"JSON of the wrong shape", []func(http.ResponseWriter){answer(200, nil, `{"peerConnId":7}`)}, peering.Internal, 1},
		{"record without an ID", []func(http.ResponseWriter){answer(200, nil, `{"status":"active"}`)}, peering.Internal, 1},
		{"proxy error page, then the answer", []func(http.ResponseWriter){
			answer(502, nil, "<html>Bad Gateway</html>"),
			answer(404, nil, bceError),
		}, peering.NotFound, 3},
		{"BCE error body", []func(http.ResponseWriter){answer(404, nil, bceError)}, peering.NotFound, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, rp := replayClient(t, tt.answers...)
			_, err := c.Get(testContext(t), "peerconn-abc")
			wantCode(t, err, tt.code)
			if n := len(rp.times()); n != tt.attempts {
				t.Errorf("%d attempts, want %d", n, tt.attempts)
			}
			if pe := err.(*peering.Error); pe.RequestID == "" {
				t.Errorf("request ID lost: %v", err)
			}
		})
	}
}

// TestRetryAfterHonoured: a throttled answer asking for a pause of a second
// is not retried sooner.
func TestRetryAfterHonoured(t *testing.T) {
	c, rp := replayClient(t,
		answer(429, map[string]string{"Retry-After": "1"}, `{"code":"RequestRateLimitExceeded","message":"slow down"}`),
		answer(200, nil, `{"peerConnId":"peerconn-abc","status":"active","localVpcId":"vpc-a","peerVpcId":"vpc-b","localRegion":"bj","peerRegion":"gz"}`))
	c.vpcs = nil
	conn, err := c.Get(testContext(t), "peerconn-abc")
	if err != nil {
		t.Fatal(err)
	}
	if conn.Status != peering.StatusActive {
		t.Errorf("status = %s", conn.Status)
	}
	// The throttled attempt, its retry, then the same record as acceptor:
	// it names no peer account, so the answer alone does not tell whose
	// end it is (role.go).
	times := rp.times()
	if len(times) != 3 {
		t.Fatalf("%d attempts, want 3", len(times))
	}
	if gap := times[1].Sub(times[0]); gap < time.Second {
		t.Errorf("retried after %v, before the second the server asked for", gap)
	}
}

// TestEmptyVPCAnswerIsNotOurs: an empty 200 from the VPC API is read like
// NoSuchObject, and remembered.
func TestEmptyVPCAnswerIsNotOurs(t *testing.T) {
	c, rp := replayClient(t, answer(200, nil, ""))
	for range 2 {
		info, err := c.vpc(testContext(t), "Get", "vpc-a")
		if err != nil || info.ours {
			t.Fatalf("vpc = %+v, %v; want not ours", info, err)
		}
	}
	if n := len(rp.times()); n != 1 {
		t.Errorf("%d requests, want 1 (the answer is cached)", n)
	}
}
