package alibabaens

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

// TestHostileAnswers lists from a TLS server that answers with an endless
// body, or with a 307 to a plain-HTTP server: both are Internal at once (no
// retry), nothing reaches the redirect's target, and the body read stops
// near Options.MaxResponseBytes.
func TestHostileAnswers(t *testing.T) {
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
			c, err := New(Options{Credentials: Credentials{AccessKeyID: "id", AccessKeySecret: "secret-value-guard", SecurityToken: "token-value-guard"},
				Endpoint: srv.URL, Transport: srv.Client().Transport, MaxResponseBytes: limit})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.ListPage(context.Background(), peering.Filter{}, "")
			if peering.Code(err) != peering.Internal {
				t.Fatalf("ListPage = %v, want Internal", err)
			}
			tt.check(t, err)
			if n := requests.Load(); n != 1 {
				t.Errorf("%d requests, want 1 (not retried)", n)
			}
			srv.Close()
		})
	}
	if n := leaked.Load(); n != 0 {
		t.Errorf("the redirect's target received %d requests, want 0", n)
	}
	if w := written.Load(); w >= 16<<20 {
		t.Errorf("the server wrote %d bytes before the client hung up; want near the %d-byte cap", w, limit)
	}
	if _, err := New(Options{Credentials: Credentials{AccessKeyID: "id", AccessKeySecret: "secret-value-guard"}, MaxResponseBytes: -1}); peering.Code(err) != peering.InvalidArgument {
		t.Errorf("New with MaxResponseBytes -1 = %v, want InvalidArgument", err)
	}
}
