package fault_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peeringkit/peering/emulator/bce"
	"github.com/peeringkit/peering/emulator/clock"
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

// TestRateLimitOnInjectedClock: buckets refill on the clock SetClock
// gives, so a limit can be counted exactly; a per-API limit wins over the
// provider-wide one, and a provider-wide SetLimit replaces the per-API ones.
func TestRateLimitOnInjectedClock(t *testing.T) {
	for _, c := range []struct {
		name  string
		set   func(in *fault.Injector)
		op    string
		burst int // calls let through at once
		per1s int // calls let through after one more second
	}{
		{"provider-wide", func(in *fault.Injector) {
			in.SetLimit("p", "", fault.Limit{Calls: 120, Per: time.Minute, Burst: 4})
		}, "List", 4, 2},
		{"per API over provider-wide", func(in *fault.Injector) {
			in.SetLimit("p", "", fault.Limit{Calls: 120, Per: time.Minute, Burst: 4})
			in.SetLimit("p", "List", fault.Limit{Calls: 600, Per: time.Minute, Burst: 7})
		}, "List", 7, 7}, // ten more tokens, but the bucket holds seven
		{"provider-wide after per API replaces it", func(in *fault.Injector) {
			in.SetLimit("p", "List", fault.Limit{Calls: 600, Per: time.Minute, Burst: 7})
			in.SetLimit("p", "", fault.Limit{Calls: 60, Per: time.Minute, Burst: 3})
		}, "List", 3, 1},
		{"provider-wide lift removes per API", func(in *fault.Injector) {
			in.SetLimit("p", "List", fault.Limit{Calls: 600, Per: time.Minute, Burst: 7})
			in.SetLimit("p", "", fault.Limit{})
		}, "List", -1, -1},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := fault.New(1)
			clk := clock.New()
			clk.Freeze()
			in.SetClock(clk.Now)
			c.set(in)
			srv, _ := serve(t, in)
			// run makes calls until one is throttled (at most 50) and
			// returns how many passed; -1 when none was throttled.
			run := func() int {
				for i := 0; i < 50; i++ {
					if get(t, srv.URL+"/?op="+c.op).status == 429 {
						return i
					}
				}
				return -1
			}
			if got := run(); got != c.burst {
				t.Errorf("%d calls passed at once; want %d", got, c.burst)
			}
			clk.Advance(time.Second)
			if got := run(); got != c.per1s {
				t.Errorf("%d calls passed one second later; want %d", got, c.per1s)
			}
		})
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

// The pagination helpers fire their kind, consume it like Fire, and fill
// in the rule's parameters or their defaults.
func TestPaginationHelpers(t *testing.T) {
	in := fault.New(3)
	if _, ok := in.Lag("p", "list"); ok {
		t.Fatal("Lag fired without a rule")
	}
	in.Add(fault.Rule{Kind: fault.RepeatLater, Count: 1, Lag: 9})
	if lag, ok := in.Lag("p", "list"); !ok || lag != 9 {
		t.Fatalf("Lag = %d, %v; want 9", lag, ok)
	}
	in.Add(fault.Rule{Kind: fault.RepeatLater, Probability: 1})
	drawn := map[int]bool{}
	for range 200 {
		lag, ok := in.Lag("p", "list")
		if !ok || lag < 3 || lag > 6 {
			t.Fatalf("drawn lag %d, %v; want 3 to 6", lag, ok)
		}
		drawn[lag] = true
	}
	if len(drawn) != 4 {
		t.Errorf("lags drawn: %v; want each of 3 to 6", drawn)
	}

	in.Add(fault.Rule{Kind: fault.CycleTokens, Count: 1})
	in.Add(fault.Rule{Kind: fault.CycleTokens, Count: 1, Cycle: 7})
	for _, want := range []int{4, 7} {
		if n, ok := in.Cycle("p", "list"); !ok || n != want {
			t.Fatalf("Cycle = %d, %v; want %d", n, ok, want)
		}
	}
	if _, ok := in.Cycle("p", "list"); ok {
		t.Fatal("a spent cycle rule fired")
	}

	in.Add(fault.Rule{Kind: fault.ShortPages, Count: 4, PageCap: 3})
	for _, tc := range []struct{ size, want int }{{1, 1}, {10, 3}, {3, 1}, {2, 1}, {7, 3}} {
		if got := in.PageCap("p", "list", tc.size); got != tc.want {
			t.Errorf("PageCap(%d) = %d, want %d", tc.size, got, tc.want)
		}
	}
	if got := in.PageCap("p", "list", 10); got != 10 {
		t.Errorf("PageCap after the rule is spent = %d, want 10 (the one-item page spent none)", got)
	}

	for _, tc := range []struct {
		kind    fault.Kind
		want    int
		present bool
	}{
		{fault.TotalLow, 12, true},
		{fault.TotalHigh, 60, true},
		{fault.TotalMissing, 0, false},
		{"", 25, true},
	} {
		if tc.kind != "" {
			in.Add(fault.Rule{Kind: tc.kind, Count: 1})
		}
		if got, ok := in.Total("p", "list", 25, 10); got != tc.want || ok != tc.present {
			t.Errorf("%s: Total = %d, %v; want %d, %v", tc.kind, got, ok, tc.want, tc.present)
		}
	}
	fired := in.Fired()
	for _, k := range []fault.Kind{fault.RepeatLater, fault.CycleTokens, fault.ShortPages, fault.TotalLow, fault.TotalHigh, fault.TotalMissing} {
		if fired[k] == 0 {
			t.Errorf("%s not counted as fired", k)
		}
	}

	a, b := fault.New(5), fault.New(5)
	for range 20 {
		if x, y := a.Pick(100), b.Pick(100); x != y {
			t.Fatalf("Pick differs under one seed: %d, %d", x, y)
		}
	}
	if a.Pick(0) != 0 {
		t.Error("Pick(0) != 0")
	}
}

// ListPathologies aims one rule per pathology at each provider's list
// call, leaving out what its API cannot show.
func TestListPathologies(t *testing.T) {
	for _, tc := range []struct {
		provider, op string
		kinds        []fault.Kind
	}{
		{"baidu", bce.OpListPeerConn, []fault.Kind{fault.RepeatLater, fault.CycleTokens, fault.ShortPages}},
		{"alibaba-vpc", "ListVpcPeerConnections", fault.Pathologies()},
		{"alibaba-ens", "DescribeNetworkPeerConnections", fault.Pathologies()},
	} {
		rules := fault.ListPathologies(tc.provider, 0.25)
		var kinds []fault.Kind
		for _, r := range rules {
			if r.Provider != tc.provider || r.Operation != tc.op || r.Probability != 0.25 || r.Count != 0 {
				t.Errorf("%s: rule %+v", tc.provider, r)
			}
			kinds = append(kinds, r.Kind)
		}
		if !slices.Equal(kinds, tc.kinds) {
			t.Errorf("%s: kinds %v, want %v", tc.provider, kinds, tc.kinds)
		}
	}
	for _, k := range fault.Pathologies() {
		if !slices.Contains(fault.Kinds(), k) {
			t.Errorf("%s is not among Kinds()", k)
		}
	}
}
