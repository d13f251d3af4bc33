package aliyunrpc

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/httpguard"
)

// The STS credentials of the hostile-server tests.
const (
	guardKeyID  = "STS.guard-key-id"
	guardSecret = "guard-secret-0123456789abcdef"
	guardToken  = "CAISguardSecurityTokenValue0123456789"
)

// hostile is a server written from the RPC documents that answers every
// request with handler, counting requests.
type hostile struct {
	*httptest.Server
	requests atomic.Int32
}

func newHostile(t *testing.T, tls bool, handler http.HandlerFunc) *hostile {
	t.Helper()
	h := &hostile{}
	count := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.requests.Add(1)
		handler(w, r)
	})
	if tls {
		h.Server = httptest.NewTLSServer(count)
	} else {
		h.Server = httptest.NewServer(count)
	}
	t.Cleanup(h.Close)
	return h
}

func (h *hostile) client(t *testing.T, cfg Config) *Client {
	t.Helper()
	cfg.Provider, cfg.DefaultHost, cfg.Region = peering.AlibabaVPC, "vpcpeer.aliyuncs.com", "cn-hangzhou"
	cfg.Credentials = Credentials{AccessKeyID: guardKeyID, AccessKeySecret: guardSecret, SecurityToken: guardToken}
	cfg.Endpoint = h.URL
	if cfg.Transport == nil {
		cfg.Transport = h.Client().Transport // trusts the TLS server's certificate
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// An endless 2xx body (the SDK reads bodies whole) is cut at the cap: an
// Internal error, not retried, and the server could write little more than
// the cap before the client hung up.
func TestEndlessBodyIsCapped(t *testing.T) {
	const limit = 1 << 20
	const giveUp = 256 << 20 // the server stops here; an uncapped client reads it all
	var written atomic.Int64
	h := newHostile(t, true, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		chunk := bytes.Repeat([]byte(" "), 32<<10)
		for written.Load() < giveUp {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	})
	c := h.client(t, Config{MaxResponseBytes: limit})
	call := listCall()
	call.Decode = func([]byte) error { return nil }
	err := c.Do(context.Background(), call)
	var pe *peering.Error
	if !errors.As(err, &pe) || pe.Code != peering.Internal || !errors.Is(err, httpguard.ErrBodyTooLarge) {
		t.Fatalf("Do = %v, want Internal for a body over the cap", err)
	}
	for _, want := range []string{"1 MiB", "MaxResponseBytes"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not say %q: %v", want, err)
		}
	}
	if n := h.requests.Load(); n != 1 {
		t.Errorf("%d requests, want 1: a body over the cap is not retried", n)
	}
	h.Close() // waits for the handler to stop writing
	if w := written.Load(); w >= giveUp/4 {
		t.Errorf("the server wrote %d bytes before the client hung up; want near the %d-byte cap", w, limit)
	}
}

func TestMaxResponseBytesNegative(t *testing.T) {
	_, err := New(Config{Provider: peering.AlibabaVPC, Credentials: Credentials{AccessKeyID: "id", AccessKeySecret: "secret-value"},
		DefaultHost: "vpcpeer.aliyuncs.com", MaxResponseBytes: -1})
	if err == nil {
		t.Error("New with MaxResponseBytes -1 succeeded")
	}
}

// The SDK's own client follows a 307 from HTTPS to plain HTTP, signed query
// and security token included, and takes the forged answer. Ours does not:
// the second server never receives a request.
func TestRedirectIsRefused(t *testing.T) {
	plain := newHostile(t, false, func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{"RequestId":"forged","VpcPeerConnects":[]}`)
	})
	target := plain.Listener.Addr().String()
	h := newHostile(t, true, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://user:pw@"+target+r.URL.RequestURI(), http.StatusTemporaryRedirect)
	})
	c := h.client(t, Config{})
	err := c.Do(context.Background(), listCall())
	var pe *peering.Error
	if !errors.As(err, &pe) || pe.Code != peering.Internal || pe.HTTPStatus != http.StatusTemporaryRedirect {
		t.Fatalf("Do after a 307 = %v, want Internal with HTTP 307", err)
	}
	if !strings.Contains(err.Error(), target) {
		t.Errorf("the error does not name the Location's host %s: %v", target, err)
	}
	for _, leak := range []string{"user:pw", "Signature=", guardToken, guardSecret} {
		if strings.Contains(err.Error(), leak) {
			t.Errorf("the error shows %q: %v", leak, err)
		}
	}
	if n := h.requests.Load(); n != 1 {
		t.Errorf("%d requests to the endpoint, want 1: a redirect is not retried", n)
	}
	if n := plain.requests.Load(); n != 0 {
		t.Errorf("the redirect's target received %d requests, want 0", n)
	}
}

// envDebugChild marks the process TestSDKDebugPrintsNothing starts.
const envDebugChild = "PEERING_TEST_SDK_DEBUG_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(envDebugChild) != "" {
		os.Exit(debugChild())
	}
	os.Exit(m.Run())
}

// The SDK prints every signed request (signature and security token) and
// every answer on stdout when DEBUG=sdk is set; it reads the variable when
// the program starts, so the test runs a child process with it set, and
// checks that the child printed nothing secret.
func TestSDKDebugPrintsNothing(t *testing.T) {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "DEBUG=sdk", envDebugChild+"=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("the child failed: %v\n%s", err, out.String())
	}
	if !strings.HasSuffix(out.String(), "child done\n") {
		t.Fatalf("the child did not finish:\n%s", out.String())
	}
	for _, leak := range []string{guardSecret, guardToken, "Signature", "SecurityToken", "AccessKeyId"} {
		if strings.Contains(out.String(), leak) {
			t.Errorf("with DEBUG=sdk the output shows %q:\n%s", leak, out.String())
		}
	}
}

// debugChild runs in the child of TestSDKDebugPrintsNothing: a call that
// succeeds and one whose error answer echoes the string to sign, as
// SignatureDoesNotMatch does. It prints only its verdict.
func debugChild() int {
	var fail atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if fail.Load() {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, `{"RequestId":"r-2","Code":"SignatureDoesNotMatch","Message":"Specified signature is not matched. server string to sign is:POST&%2F&SecurityToken%3D`+guardToken+`"}`)
			return
		}
		_, _ = io.WriteString(w, `{"RequestId":"r-1","VpcPeerConnects":[]}`)
	}))
	defer srv.Close()
	c, err := New(Config{Provider: peering.AlibabaVPC, DefaultHost: "vpcpeer.aliyuncs.com", Region: "cn-hangzhou",
		Credentials: Credentials{AccessKeyID: guardKeyID, AccessKeySecret: guardSecret, SecurityToken: guardToken},
		Endpoint:    srv.URL, MaxAttempts: 1})
	if err != nil {
		fmt.Fprintln(os.Stderr, "New:", err)
		return 1
	}
	if err := c.Do(context.Background(), listCall()); err != nil {
		fmt.Fprintln(os.Stderr, "Do:", err)
		return 1
	}
	fail.Store(true)
	if err := c.Do(context.Background(), listCall()); peering.Code(err) != peering.Unauthenticated {
		fmt.Fprintln(os.Stderr, "Do with a wrong signature: want Unauthenticated, got", err)
		return 1
	}
	fmt.Println("child done")
	return 0
}
