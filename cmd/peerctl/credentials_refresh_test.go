package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An instance's RAM role credentials are refreshed during a long run: the
// metadata service stand-in (reached through HTTP_PROXY, as the SDK's
// requests honour it) hands out credentials that are about to expire, so
// the SDK fetches them again before each request; from the third fetch on
// it hands out the role's next credentials and the emulator expires the
// first ones. An inventory of several pages signs its later requests with
// the new key, which the emulator accepts, and succeeds.
func TestRoleCredentialsRefreshDuringARun(t *testing.T) {
	t.Parallel()
	world := twin(t, 1, 250) // three VpcPeer pages per account and region
	uid := alibabaUID(t, account(t, world.Manifest(), "alibaba-a"))
	type keys struct{ id, secret, token string }
	var first, next keys
	first.id, first.secret, first.token = world.Alibaba.IssueSTSToken(uid)
	next.id, next.secret, next.token = world.Alibaba.IssueSTSToken(uid)

	var (
		mu      sync.Mutex
		fetches int
	)
	const role = "peerctl-role"
	md := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Host != "100.100.100.200":
			http.Error(w, "not the metadata service", http.StatusBadGateway)
		case r.URL.Path == "/latest/api/token":
			_, _ = w.Write([]byte("metadata-token"))
		case r.URL.Path == "/latest/meta-data/ram/security-credentials/"+role:
			mu.Lock()
			fetches++
			k := first
			if fetches >= 3 {
				k = next
				world.Alibaba.ExpireSTSToken(first.id)
			}
			mu.Unlock()
			// Within the SDK's refresh margin (3 minutes): asked again
			// before the next request.
			exp := time.Now().Add(time.Minute).UTC().Format("2006-01-02T15:04:05Z")
			_ = json.NewEncoder(w).Encode(map[string]string{"Code": "Success", "AccessKeyId": k.id, "AccessKeySecret": k.secret,
				"SecurityToken": k.token, "Expiration": exp, "LastUpdated": time.Now().UTC().Format("2006-01-02T15:04:05Z")})
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(md.Close)

	r := peerctl(t, []string{"HTTP_PROXY=" + md.URL, "ALIBABA_CLOUD_ECS_METADATA_DISABLED=false", "ALIBABA_CLOUD_ECS_METADATA=" + role},
		"inventory", "--provider", "alibaba-vpc", "--region", "cn-hangzhou", "--endpoint", world.AlibabaEndpoint(), "-o", "json")
	require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
	var inv struct{ Records []json.RawMessage }
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &inv))
	assert.GreaterOrEqual(t, len(inv.Records), 250)
	mu.Lock()
	defer mu.Unlock()
	assert.Greater(t, fetches, 3, "the credentials were asked for again during the run")
	for _, secret := range []string{first.secret, first.token, next.secret, next.token} {
		assert.NotContains(t, r.stdout+r.stderr, secret)
	}
}
