package alibabavpc

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/peeringtest"
)

// rotating hands out its keys in turn, one per call, keeping the last; with
// none it fails. It stands in for an SDK provider that refreshes.
type rotating struct {
	mu    sync.Mutex
	keys  []credentials.Credentials
	calls int
	after func(call int) // runs after each call, under the lock
}

func (r *rotating) GetCredentials() (*credentials.Credentials, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls++
	if r.after != nil {
		defer r.after(r.calls)
	}
	if len(r.keys) == 0 {
		return nil, errors.New("the metadata service did not answer")
	}
	k := r.keys[min(r.calls, len(r.keys))-1]
	return &k, nil
}

func (r *rotating) GetProviderName() string { return "rotating" }

// Options.CredentialsProvider is asked before each request: once the
// provider hands out new credentials and the old ones expire, the client
// signs with the new ones, which the emulator accepts. A provider with
// nothing to give fails the call, Unauthenticated, without sending it.
func TestCredentialsProviderIsAskedPerRequest(t *testing.T) {
	w := start(t, 31, false)
	uid := peeringtest.UID(t, w.a)
	oldID, oldSecret, oldToken := w.srv.Alibaba.IssueSTSToken(uid)
	newID, newSecret, newToken := w.srv.Alibaba.IssueSTSToken(uid)
	p := &rotating{keys: []credentials.Credentials{
		{AccessKeyId: oldID, AccessKeySecret: oldSecret, SecurityToken: oldToken},
		{AccessKeyId: newID, AccessKeySecret: newSecret, SecurityToken: newToken},
	}}
	p.after = func(call int) {
		if call == 2 {
			w.srv.Alibaba.ExpireSTSToken(oldID) // the first request is done: its key expires
		}
	}
	c := w.client(t, w.a, hangzhou, func(o *Options) { o.Credentials, o.CredentialsProvider = Credentials{}, p })
	ctx := context.Background()
	for i := range 3 {
		if _, err := c.ListPage(ctx, peering.Filter{}, ""); err != nil {
			t.Fatalf("list %d: %v", i, err)
		}
	}
	if p.calls < 3 {
		t.Errorf("the provider was asked %d times for 3 requests", p.calls)
	}

	// The old key is refused now: a client that kept it would fail.
	stale := w.client(t, w.a, hangzhou, func(o *Options) {
		o.Credentials = Credentials{AccessKeyID: oldID, AccessKeySecret: oldSecret, SecurityToken: oldToken}
	})
	if _, err := stale.ListPage(ctx, peering.Filter{}, ""); peering.Code(err) != peering.Unauthenticated {
		t.Errorf("the expired key: %v, want Unauthenticated", err)
	}

	empty := w.client(t, w.a, hangzhou, func(o *Options) { o.CredentialsProvider = &rotating{} })
	before := w.srv.Alibaba.Requests()
	if _, err := empty.ListPage(ctx, peering.Filter{}, ""); peering.Code(err) != peering.Unauthenticated {
		t.Errorf("a provider with no credentials: %v, want Unauthenticated", err)
	}
	if sent := w.srv.Alibaba.Requests() - before; sent != 0 {
		t.Errorf("%d requests sent without credentials", sent)
	}
}
