package peeringtest

import (
	"bytes"
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

// GuardedAnswers checks an adapter against a TLS server that answers with
// an endless body, or with a 307 to a plain-HTTP server: both must be
// Internal at once (no retry), nothing may reach the redirect's target, and
// the body read must stop near the cap. call builds the adapter for the
// endpoint and transport, with MaxResponseBytes set to maxBytes, and makes
// one read (a ListPage).
func GuardedAnswers(t *testing.T, call func(endpoint string, transport http.RoundTripper, maxBytes int64) error) {
	t.Helper()
	const limit = 64 << 10
	var leaked atomic.Int32
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		leaked.Add(1)
		_, _ = io.WriteString(w, `{"RequestId":"forged"}`)
	}))
	defer plain.Close()
	target := plain.Listener.Addr().String()
	var written atomic.Int64
	tests := []struct {
		name    string
		handler http.HandlerFunc
		check   func(t *testing.T, err error)
	}{
		{"endless body", func(w http.ResponseWriter, _ *http.Request) {
			chunk := bytes.Repeat([]byte(" "), 16<<10)
			for written.Load() < 64<<20 {
				n, err := w.Write(chunk)
				written.Add(int64(n))
				if err != nil {
					return
				}
			}
		}, func(t *testing.T, err error) {
			if !errors.Is(err, httpguard.ErrBodyTooLarge) || !strings.Contains(err.Error(), "MaxResponseBytes") {
				t.Errorf("error = %v, want one about the body cap", err)
			}
		}},
		{"redirect to plain http", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://"+target+r.URL.RequestURI(), http.StatusTemporaryRedirect)
		}, func(t *testing.T, err error) {
			var re *httpguard.RedirectError
			if !errors.As(err, &re) || re.Host != target {
				t.Errorf("error = %v, want a refused redirect to %s", err, target)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var requests atomic.Int32
			srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				requests.Add(1)
				tt.handler(w, r)
			}))
			defer srv.Close()
			err := call(srv.URL, srv.Client().Transport, limit)
			if peering.Code(err) != peering.Internal {
				t.Fatalf("the read = %v, want Internal", err)
			}
			tt.check(t, err)
			if n := requests.Load(); n != 1 {
				t.Errorf("%d requests, want 1 (not retried)", n)
			}
		})
	}
	if n := leaked.Load(); n != 0 {
		t.Errorf("the redirect's target received %d requests, want 0", n)
	}
	if w := written.Load(); w >= 16<<20 {
		t.Errorf("the server wrote %d bytes before the client hung up; want near the %d-byte cap", w, limit)
	}
}
