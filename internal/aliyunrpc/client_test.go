package aliyunrpc

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpcpeer"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/emulator/fault"
)

// refusingTransport records where requests would go and sends nothing.
type refusingTransport struct {
	mu   sync.Mutex
	urls []string
}

func (t *refusingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t.mu.Lock()
	t.urls = append(t.urls, r.URL.Scheme+"://"+r.URL.Host)
	t.mu.Unlock()
	return nil, errors.New("refused by the test: no network")
}

func listCall() Call {
	return Call{Op: "ListPage", Action: "ListVpcPeerConnections", Request: func() requests.AcsRequest {
		r := vpcpeer.CreateListVpcPeerConnectionsRequest()
		r.RegionId = "cn-hangzhou"
		return r
	}}
}

// The SDK's default scheme is HTTP: the request it would send to a real
// endpoint must be HTTPS.
func TestDoSendsHTTPSToRealEndpoints(t *testing.T) {
	for _, tt := range []struct{ endpoint, want string }{
		{"", "https://vpcpeer.aliyuncs.com"},
		{"vpcpeer.cn-shanghai.aliyuncs.com", "https://vpcpeer.cn-shanghai.aliyuncs.com"},
		{"https://example.com:8443", "https://example.com:8443"},
	} {
		rt := &refusingTransport{}
		c, err := New(Config{Provider: peering.AlibabaVPC, Credentials: Credentials{AccessKeyID: "id", AccessKeySecret: "secret-value"},
			Endpoint: tt.endpoint, DefaultHost: "vpcpeer.aliyuncs.com", Region: "cn-hangzhou", MaxAttempts: 1, Transport: rt})
		if err != nil {
			t.Fatal(err)
		}
		err = c.Do(context.Background(), listCall())
		if peering.Code(err) != peering.Unavailable {
			t.Errorf("%q: Do = %v, want Unavailable from the refusing transport", tt.endpoint, err)
		}
		if len(rt.urls) != 1 || rt.urls[0] != tt.want {
			t.Errorf("%q: requests went to %v, want [%s]", tt.endpoint, rt.urls, tt.want)
		}
	}
}

func startEmulator(t *testing.T) (*emulator.Server, emulator.Account) {
	t.Helper()
	srv, err := emulator.Start(emulator.Options{Seed: 31, NoRateLimits: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	a, _ := srv.Account("alibaba-a")
	return srv, a
}

func emulatorClient(t *testing.T, srv *emulator.Server, a emulator.Account, attempts int) *Client {
	t.Helper()
	c, err := New(Config{Provider: peering.AlibabaVPC, Credentials: Credentials{AccessKeyID: a.AccessKeyID, AccessKeySecret: a.Secret},
		Endpoint: srv.AlibabaEndpoint(), DefaultHost: "vpcpeer.aliyuncs.com", Region: "cn-hangzhou", MaxAttempts: attempts})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestDoRetriesTransientFailures(t *testing.T) {
	srv, a := startEmulator(t)
	c := emulatorClient(t, srv, a, 6)
	for _, k := range []fault.Kind{fault.Throttle, fault.ServerError, fault.Reset, fault.Truncate} {
		srv.Faults.Add(fault.Rule{Provider: "alibaba-vpc", Operation: "ListVpcPeerConnections", Kind: k, Count: 1})
	}
	before := srv.Alibaba.Requests()
	var ans struct{ RequestId string }
	call := listCall()
	call.Decode = func(b []byte) error { return json.Unmarshal(b, &ans) }
	if err := c.Do(context.Background(), call); err != nil {
		t.Fatalf("Do = %v, want success after the faults", err)
	}
	if sent := srv.Alibaba.Requests() - before; sent != 5 || ans.RequestId == "" {
		t.Errorf("sent %d requests (answer %+v), want 4 failures and 1 success", sent, ans)
	}
	fired := srv.Faults.Fired()
	for _, k := range []fault.Kind{fault.Throttle, fault.ServerError, fault.Reset, fault.Truncate} {
		if fired[k] != 1 {
			t.Errorf("fault %s fired %d times, want 1", k, fired[k])
		}
	}
}

func TestDoDoesNotRetryPermanentErrors(t *testing.T) {
	srv, a := startEmulator(t)
	c := emulatorClient(t, srv, a, 6)
	before := srv.Alibaba.Requests()
	err := c.Do(context.Background(), Call{Op: "Get", Action: "GetVpcPeerConnectionAttribute", Request: func() requests.AcsRequest {
		r := vpcpeer.CreateGetVpcPeerConnectionAttributeRequest()
		r.RegionId, r.InstanceId = "cn-hangzhou", "pcc-doesnotexist"
		return r
	}})
	var pe *peering.Error
	if !errors.As(err, &pe) || pe.Code != peering.NotFound || pe.ProviderCode != "ResourceNotFound.InstanceId" || pe.RequestID == "" || pe.HTTPStatus != 400 {
		t.Fatalf("Do = %#v, want NotFound with the cloud's code, status and request ID", err)
	}
	if sent := srv.Alibaba.Requests() - before; sent != 1 {
		t.Errorf("sent %d requests, want 1 (NotFound is not retried)", sent)
	}
}

// A hung request must not hold the caller past cancellation.
func TestDoReturnsPromptlyWhenCancelled(t *testing.T) {
	srv, a := startEmulator(t)
	c := emulatorClient(t, srv, a, 6)
	srv.Faults.Add(fault.Rule{Provider: "alibaba-vpc", Operation: "ListVpcPeerConnections", Kind: fault.Latency, Count: 1, Latency: 5 * time.Second})
	ctx, cancel := context.WithCancel(context.Background())
	var cancelled time.Time
	timer := time.AfterFunc(20*time.Millisecond, func() { cancelled = time.Now(); cancel() })
	defer timer.Stop()
	err := c.Do(ctx, listCall())
	took := time.Since(cancelled)
	if peering.Code(err) != peering.Canceled || !errors.Is(err, context.Canceled) {
		t.Fatalf("Do = %v, want Canceled", err)
	}
	t.Logf("returned %v after the cancel", took)
	if took > 100*time.Millisecond {
		t.Errorf("returned %v after the cancel, want within 100ms", took)
	}
}

func TestDoHonoursTheDeadline(t *testing.T) {
	srv, a := startEmulator(t)
	c := emulatorClient(t, srv, a, 6)
	srv.Faults.Add(fault.Rule{Provider: "alibaba-vpc", Operation: "ListVpcPeerConnections", Kind: fault.Latency, Count: 1, Latency: 5 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := c.Do(ctx, listCall())
	if peering.Code(err) != peering.DeadlineExceeded {
		t.Fatalf("Do = %v, want DeadlineExceeded", err)
	}
	t.Logf("returned %v after the start, with a 50ms deadline", time.Since(start))
}

// A bad answer that would come back the same on every try is Internal at
// once; a cut body, or a server failure, is retried. The SDK panics on an
// error body whose Code is a number (issue #534): the panic comes back as
// an error, not the end of the program.
func TestBadAnswers(t *testing.T) {
	truncated := func(w http.ResponseWriter) {
		w.Header().Set("Content-Length", "400") // more than is sent: the connection closes mid-body
		w.WriteHeader(200)
		_, _ = w.Write([]byte(`{"RequestId":"r-1","TotalCount":`))
	}
	answer := func(status int, body string) func(http.ResponseWriter) {
		return func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = w.Write([]byte(body))
		}
	}
	tests := []struct {
		name     string
		answer   func(http.ResponseWriter)
		code     peering.ErrorCode
		attempts int
	}{
		{"numeric Code in a 400", answer(400, `{"RequestId":"r-1","Code":400,"Message":"numeric code"}`), peering.Internal, 1},
		{"numeric Code in a 404", answer(404, `{"RequestId":"r-1","Code":404}`), peering.Internal, 1},
		{"a readable Code beside a mistyped member", answer(400, `{"RequestId":7,"Code":"InvalidParameter"}`), peering.InvalidArgument, 1},
		{"a throttling Code beside a mistyped member", answer(400, `{"RequestId":7,"Code":"Throttling.User"}`), peering.ResourceExhausted, 3},
		{"numeric Code in a 503", answer(503, `{"RequestId":"r-1","Code":503}`), peering.Unavailable, 3},
		{"numeric Code in a 429", answer(429, `{"RequestId":"r-1","Code":429}`), peering.ResourceExhausted, 3},
		{"TotalCount not a number", answer(200, `{"RequestId":"r-1","TotalCount":"many"}`), peering.Internal, 1},
		{"a list that is a string", answer(200, `{"RequestId":"r-1","Items":"x"}`), peering.Internal, 1},
		{"not JSON", answer(200, `<html>maintenance</html>`), peering.Internal, 1},
		{"empty", answer(200, ``), peering.Internal, 1},
		{"JSON that stops short", answer(200, `{"RequestId":"r-1","Items":[`), peering.Unavailable, 3},
		{"transfer cut", truncated, peering.Unavailable, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			n := 0
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				n++
				mu.Unlock()
				tt.answer(w)
			}))
			defer srv.Close()
			c, err := New(Config{Provider: peering.AlibabaENS, Credentials: Credentials{AccessKeyID: "id", AccessKeySecret: "secret-value"},
				Endpoint: srv.URL, DefaultHost: "ens.aliyuncs.com", MaxAttempts: 3})
			if err != nil {
				t.Fatal(err)
			}
			call := listCall()
			call.Decode = func(body []byte) error {
				var v struct {
					TotalCount json.Number
					Items      []struct{ InstanceID string }
				}
				return json.Unmarshal(body, &v)
			}
			err = c.Do(context.Background(), call)
			if peering.Code(err) != tt.code {
				t.Errorf("Do = %v, want %v", err, tt.code)
			}
			mu.Lock()
			defer mu.Unlock()
			if n != tt.attempts {
				t.Errorf("%d attempts, want %d", n, tt.attempts)
			}
		})
	}
}

// A write that names its token comes back as an UncertainWriteError when an
// attempt may have been applied, and only then.
func TestUncertainWrites(t *testing.T) {
	failed := func(w http.ResponseWriter) {
		w.WriteHeader(503)
		_, _ = w.Write([]byte(`{"RequestId":"r-1","Code":"ServiceUnavailable","Message":"try later"}`))
	}
	refused := func(w http.ResponseWriter) {
		w.WriteHeader(400)
		_, _ = w.Write([]byte(`{"RequestId":"r-1","Code":"InvalidParameter","Message":"bad"}`))
	}
	busy := func(w http.ResponseWriter) {
		w.WriteHeader(400)
		_, _ = w.Write([]byte(`{"RequestId":"r-1","Code":"Conflict.Operation","Message":"busy"}`))
	}
	reset := func(w http.ResponseWriter) {
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			conn.Close()
		}
	}
	garbled := func(w http.ResponseWriter) { _, _ = w.Write([]byte(`{"RequestId":"r-1","InstanceId":7}`)) }
	tests := []struct {
		name      string
		answers   []func(http.ResponseWriter) // one per attempt; the last repeats
		code      peering.ErrorCode
		uncertain bool
	}{
		{"5xx on every attempt", []func(http.ResponseWriter){failed}, peering.Unavailable, true},
		{"reset on every attempt", []func(http.ResponseWriter){reset}, peering.Unavailable, true},
		{"a 200 that does not decode", []func(http.ResponseWriter){garbled}, peering.Internal, true},
		{"5xx, then refused", []func(http.ResponseWriter){failed, refused}, peering.InvalidArgument, true},
		{"refused", []func(http.ResponseWriter){refused}, peering.InvalidArgument, false},
		{"busy on every attempt", []func(http.ResponseWriter){busy}, peering.Unavailable, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			n := 0
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				answer := tt.answers[min(n, len(tt.answers)-1)]
				n++
				mu.Unlock()
				answer(w)
			}))
			defer srv.Close()
			c, err := New(Config{Provider: peering.AlibabaVPC, Credentials: Credentials{AccessKeyID: "id", AccessKeySecret: "secret-value"},
				Endpoint: srv.URL, DefaultHost: "vpcpeer.aliyuncs.com", Region: "cn-hangzhou", MaxAttempts: 3})
			if err != nil {
				t.Fatal(err)
			}
			call := listCall()
			call.Op, call.ClientToken = "Create", "tok-9"
			call.Decode = func(body []byte) error {
				var v struct{ InstanceID string }
				return json.Unmarshal(body, &v)
			}
			err = c.Do(context.Background(), call)
			if peering.Code(err) != tt.code {
				t.Errorf("Do = %v, want %v", err, tt.code)
			}
			var uw *peering.UncertainWriteError
			if errors.As(err, &uw) != tt.uncertain {
				t.Fatalf("Do = %v: uncertain %v, want %v", err, !tt.uncertain, tt.uncertain)
			}
			if tt.uncertain && (uw.ClientToken != "tok-9" || uw.Provider != peering.AlibabaVPC || uw.Op != "Create") {
				t.Errorf("error fields %+v", *uw)
			}
		})
	}

	// Nothing listens: nothing was sent.
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	c, err := New(Config{Provider: peering.AlibabaVPC, Credentials: Credentials{AccessKeyID: "id", AccessKeySecret: "secret-value"},
		Endpoint: closed.URL, DefaultHost: "vpcpeer.aliyuncs.com", Region: "cn-hangzhou", MaxAttempts: 2})
	if err != nil {
		t.Fatal(err)
	}
	call := listCall()
	call.ClientToken = "tok-9"
	err = c.Do(context.Background(), call)
	var uw *peering.UncertainWriteError
	if peering.Code(err) != peering.Unavailable || errors.As(err, &uw) {
		t.Errorf("connection refused: %v; want a plain Unavailable", err)
	}
}

// A dry run is sent with DryRun=true; a server that answers it 2xx
// applied the write, which must not read as a passed check.
func TestDryRunAnsweredAsDone(t *testing.T) {
	var sawDryRun string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		sawDryRun = r.PostForm.Get("DryRun")
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"RequestId":"4E2B3B6B-0000-0000-0000-000000000000"}`))
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{Provider: peering.AlibabaVPC, Credentials: Credentials{AccessKeyID: "id", AccessKeySecret: "secret-value"},
		Endpoint: srv.URL, DefaultHost: "vpcpeer.aliyuncs.com", Region: "cn-hangzhou", MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	err = c.Do(context.Background(), Call{Op: "SetLinkType", Action: "ModifyVpcPeerConnection", DryRun: true,
		Request: func() requests.AcsRequest {
			r := vpcpeer.CreateModifyVpcPeerConnectionRequest()
			r.InstanceId = "pcc-a"
			return r
		}})
	if peering.Code(err) != peering.Internal {
		t.Errorf("a dry run answered 200 = %v, want Internal", err)
	}
	if sawDryRun != "true" {
		t.Errorf("the request carried DryRun=%q, want true", sawDryRun)
	}
}
