package alibabavpc

import (
	"context"
	"net/http"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/peeringtest"
)

// TestHostileAnswers: an endless body and a redirect to plain HTTP are
// refused at once, nothing reaches the redirect's target, and the read
// stops near Options.MaxResponseBytes.
func TestHostileAnswers(t *testing.T) {
	peeringtest.GuardedAnswers(t, func(endpoint string, transport http.RoundTripper, maxBytes int64) error {
		c, err := New(Options{Credentials: Credentials{AccessKeyID: "id", AccessKeySecret: "secret-value-guard", SecurityToken: "token-value-guard"},
			Region: hangzhou, CallsPerMinute: -1, Endpoint: endpoint, Transport: transport, MaxResponseBytes: maxBytes})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.ListPage(context.Background(), peering.Filter{}, "")
		return err
	})
	if _, err := New(Options{Credentials: Credentials{AccessKeyID: "id", AccessKeySecret: "secret-value-guard"}, Region: hangzhou, CallsPerMinute: -1, MaxResponseBytes: -1}); peering.Code(err) != peering.InvalidArgument {
		t.Errorf("New with MaxResponseBytes -1 = %v, want InvalidArgument", err)
	}
}
