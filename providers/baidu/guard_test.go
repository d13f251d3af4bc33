package baidu

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/httpguard"
)

// hostile is a TLS server written from the list API's document that answers
// every request with handler, counting requests.
type hostile struct {
	*httptest.Server
	requests atomic.Int32
}

func newHostile(t *testing.T, handler http.HandlerFunc) *hostile {
	t.Helper()
	h := &hostile{}
	h.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.requests.Add(1)
		handler(w, r)
	}))
	t.Cleanup(h.Close)
	return h
}

// client returns an adapter for h; hc nil means h's own client (which
// trusts h's certificate and follows redirects, as http.Client does).
func (h *hostile) client(t *testing.T, opts Options) *Client {
	t.Helper()
	opts.Credentials = Credentials{AccessKeyID: "ak-guard", SecretAccessKey: "sk-guard-secret", SessionToken: "session-token-guard"}
	opts.Region, opts.Endpoint, opts.NoVPCLookup = "bj", h.URL, true
	if opts.HTTPClient == nil {
		opts.HTTPClient = h.Client()
	}
	c, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// An endless 2xx body is read up to the cap, fails Internal without a
// retry, and the server could write little more than the cap before the
// client hung up.
func TestEndlessBodyIsCapped(t *testing.T) {
	const limit = 1 << 20
	const giveUp = 256 << 20 // the server stops here; an uncapped client reads it all
	var written atomic.Int64
	h := newHostile(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		n, _ := io.WriteString(w, `{"peerConns":[{"peerConnId":"`)
		written.Add(int64(n))
		chunk := bytes.Repeat([]byte("a"), 32<<10)
		for written.Load() < giveUp {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	})
	c := h.client(t, Options{MaxResponseBytes: limit})
	_, err := c.ListPage(context.Background(), peering.Filter{}, "")
	var pe *peering.Error
	if !errors.As(err, &pe) || pe.Code != peering.Internal || !errors.Is(err, httpguard.ErrBodyTooLarge) {
		t.Fatalf("ListPage = %v, want Internal for a body over the cap", err)
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

// A legal page just under the cap is read whole.
func TestPageUnderTheCap(t *testing.T) {
	const limit = 64 << 10
	pad := strings.Repeat(" ", limit-100)
	h := newHostile(t, func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{"peerConns":[]`+pad+`,"isTruncated":false}`)
	})
	if _, err := h.client(t, Options{MaxResponseBytes: limit}).ListPage(context.Background(), peering.Filter{}, ""); err != nil {
		t.Fatalf("ListPage of a page under the cap: %v", err)
	}
}

func TestMaxResponseBytesNegative(t *testing.T) {
	_, err := New(Options{Credentials: Credentials{AccessKeyID: "ak", SecretAccessKey: "sk"}, Region: "bj", MaxResponseBytes: -1})
	if peering.Code(err) != peering.InvalidArgument {
		t.Errorf("New with MaxResponseBytes -1 = %v, want InvalidArgument", err)
	}
}

// A 307 from the HTTPS endpoint to plain HTTP is refused, with the
// caller's own client (which follows redirects) and with the default one:
// the second server never hears of the request or its credentials.
func TestRedirectIsRefused(t *testing.T) {
	var leaked atomic.Int32
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked.Add(1)
		_, _ = io.WriteString(w, `{"peerConns":[],"isTruncated":false}`)
	}))
	defer plain.Close()
	target := plain.Listener.Addr().String()
	for name, follow := range map[string]func(*http.Client) *http.Client{
		"the caller's client, which follows redirects": func(hc *http.Client) *http.Client { return hc },
		"a client whose CheckRedirect allows anything": func(hc *http.Client) *http.Client {
			return &http.Client{Transport: hc.Transport, CheckRedirect: func(*http.Request, []*http.Request) error { return nil }}
		},
	} {
		h := newHostile(t, func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://user:pw@"+target+r.URL.RequestURI()+"&stolen=1", http.StatusTemporaryRedirect)
		})
		opts := Options{HTTPClient: follow(h.Client())}
		t.Log(name)
		_, err := h.client(t, opts).ListPage(context.Background(), peering.Filter{}, "")
		var pe *peering.Error
		if !errors.As(err, &pe) || pe.Code != peering.Internal || pe.HTTPStatus != http.StatusTemporaryRedirect {
			t.Fatalf("ListPage after a 307 = %v, want Internal with HTTP 307", err)
		}
		if !strings.Contains(err.Error(), target) {
			t.Errorf("the error does not name the Location's host %s: %v", target, err)
		}
		for _, leak := range []string{"user:pw", "stolen", "session-token-guard"} {
			if strings.Contains(err.Error(), leak) {
				t.Errorf("the error shows %q: %v", leak, err)
			}
		}
		if n := h.requests.Load(); n != 1 {
			t.Errorf("%d requests to the endpoint, want 1: a redirect is not retried", n)
		}
	}
	if n := leaked.Load(); n != 0 {
		t.Errorf("the redirect's target received %d requests, want 0", n)
	}
}
