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

// The SDK panics on an error body whose Code is a number (issue #534); the
// panic must come back as an error, not end the program.
func TestDoSurvivesAPanickingSDK(t *testing.T) {
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"RequestId":"r-1","Code":400,"Message":"numeric code"}`))
	}))
	defer broken.Close()
	c, err := New(Config{Provider: peering.AlibabaENS, Credentials: Credentials{AccessKeyID: "id", AccessKeySecret: "secret-value"},
		Endpoint: broken.URL, DefaultHost: "ens.aliyuncs.com", MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	err = c.Do(context.Background(), listCall())
	if peering.Code(err) != peering.Unavailable {
		t.Fatalf("Do = %v, want Unavailable", err)
	}
}
