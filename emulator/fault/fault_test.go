package fault_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peeringkit/peering/emulator/fault"
)

// serve wraps a handler that counts the requests it handled and answers a
// JSON body, as a cloud's handler would.
func serve(t *testing.T, in *fault.Injector) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var handled atomic.Int32
	cloud := fault.Cloud{
		Classify: func(r *http.Request) fault.RequestInfo {
			return fault.RequestInfo{Provider: "p", Operation: r.URL.Query().Get("op"), Account: "a", Region: "r"}
		},
		WriteError: func(w http.ResponseWriter, status int, code, msg string) {
			w.WriteHeader(status)
			_ = json.NewEncoder(w).Encode(map[string]string{"code": code, "message": msg})
		},
		ThrottleStatus: 429, ThrottleCode: "Throttled",
	}
	h := in.Wrap(cloud, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		handled.Add(1)
		_, _ = io.WriteString(w, `{"items":["a","b","c","d","e","f","g","h"]}`)
	}))
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, &handled
}

type outcome struct {
	status int
	code   string
	err    bool // transport error or truncated body
}

func get(t *testing.T, url string) outcome {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		return outcome{err: true}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return outcome{status: resp.StatusCode, err: true}
	}
	var e struct{ Code string }
	_ = json.Unmarshal(body, &e)
	return outcome{status: resp.StatusCode, code: e.Code}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		name    string
		rule    fault.Rule
		first   outcome
		handled int32 // by the wrapped handler, for the first request
	}{
		{"reset", fault.Rule{Kind: fault.Reset, Count: 1}, outcome{err: true}, 0},
		{"5xx", fault.Rule{Kind: fault.ServerError, Count: 1}, outcome{status: 503, code: "ServiceUnavailable"}, 0},
		{"500", fault.Rule{Kind: fault.ServerError, Count: 1, Status: 500}, outcome{status: 500, code: "InternalError"}, 0},
		{"throttle", fault.Rule{Kind: fault.Throttle, Count: 1}, outcome{status: 429, code: "Throttled"}, 0},
		{"dropped response after the write", fault.Rule{Kind: fault.DropResponse, Count: 1}, outcome{err: true}, 1},
		{"truncated body", fault.Rule{Kind: fault.Truncate, Count: 1}, outcome{status: 200, err: true}, 1},
		{"other operation unaffected", fault.Rule{Kind: fault.Reset, Count: 1, Operation: "Other"}, outcome{status: 200}, 1},
		{"other provider unaffected", fault.Rule{Kind: fault.Reset, Count: 1, Provider: "q"}, outcome{status: 200}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := fault.New(1)
			in.Add(tt.rule)
			srv, handled := serve(t, in)
			if got := get(t, srv.URL+"/?op=List"); got != tt.first {
				t.Errorf("first request: %+v; want %+v", got, tt.first)
			}
			if n := handled.Load(); n != tt.handled {
				t.Errorf("handler ran %d times; want %d", n, tt.handled)
			}
			// A Count rule is spent: the next request is served normally.
			if got := get(t, srv.URL+"/?op=List"); got != (outcome{status: 200}) {
				t.Errorf("second request: %+v; want a plain 200", got)
			}
		})
	}
}

func TestRateLimit(t *testing.T) {
	in := fault.New(1)
	in.SetLimit("p", "", fault.Limit{Calls: 1, Per: time.Hour, Burst: 3})
	srv, _ := serve(t, in)
	var throttled int
	for i := 0; i < 5; i++ {
		if get(t, srv.URL+"/?op=List").status == 429 {
			throttled++
		}
	}
	if throttled != 2 {
		t.Errorf("%d of 5 calls throttled with a burst of 3; want 2", throttled)
	}
	if in.Fired()[fault.Throttle] != 2 {
		t.Errorf("Fired()[throttle] = %d", in.Fired()[fault.Throttle])
	}
	// Each operation has its own bucket.
	if get(t, srv.URL+"/?op=Get").status != 200 {
		t.Error("another operation was throttled")
	}
}

func TestProbabilityIsReproducible(t *testing.T) {
	draw := func(seed int64) []bool {
		in := fault.New(seed)
		in.Add(fault.Rule{Kind: fault.EmptyPage, Probability: 0.3})
		out := make([]bool, 200)
		for i := range out {
			out[i] = in.Fire("p", "List", fault.EmptyPage)
		}
		return out
	}
	a, b, c := draw(7), draw(7), draw(8)
	fired, same := 0, true
	for i := range a {
		if a[i] != b[i] {
			t.Fatal("the same seed drew differently")
		}
		if a[i] {
			fired++
		}
		same = same && a[i] == c[i]
	}
	if fired < 30 || fired > 90 {
		t.Errorf("fired %d of 200 at p=0.3", fired)
	}
	if same {
		t.Error("different seeds drew the same sequence")
	}
}

func TestLatency(t *testing.T) {
	in := fault.New(1)
	in.Add(fault.Rule{Kind: fault.Latency, Count: 1, Latency: 50 * time.Millisecond})
	srv, _ := serve(t, in)
	start := time.Now()
	if got := get(t, srv.URL+"/?op=List"); got.status != 200 {
		t.Fatalf("%+v", got)
	}
	// A lower bound only: the delay must have happened; how fast the
	// machine is otherwise is not this test's business.
	if d := time.Since(start); d < 50*time.Millisecond {
		t.Errorf("answered after %v; want at least the injected 50ms", d)
	}
}

func TestClear(t *testing.T) {
	in := fault.New(1)
	in.Add(fault.Rule{Kind: fault.Reset, Probability: 1})
	in.Clear()
	if in.Fire("p", "List", fault.Reset) {
		t.Error("a cleared rule fired")
	}
}
