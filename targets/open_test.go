package targets_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/providers/alibabavpc"
	"github.com/peeringkit/peering/targets"
)

// OpenOptions.CallsPerMinute reaches every adapter's rate limiter: at one
// call a minute, a run of calls soon meets a limiter that refuses at once
// a call that could not go before the context's deadline (DeadlineExceeded);
// with the default (none on Baidu and ENS, VpcPeer's published 360 a
// minute) and with limits off, every call goes.
func TestOpenCallsPerMinute(t *testing.T) {
	srv, err := emulator.Start(emulator.Options{Seed: 1, NoRateLimits: true})
	require.NoError(t, err)
	t.Cleanup(func() { srv.Close() })
	baiduAcct, _ := srv.Account("baidu-a")
	aliAcct, _ := srv.Account("alibaba-a")
	target := func(p peering.Provider, n int) targets.Target {
		// An account ID of its own per case: limiters are per account.
		switch p {
		case peering.Baidu:
			return targets.Target{Provider: p, Region: "bj", Endpoint: srv.BaiduEndpoint("bj"), AccountID: fmt.Sprintf("test-limit-%d", n),
				Keys: &targets.Keys{AccessKeyID: baiduAcct.AccessKeyID, Secret: baiduAcct.Secret}}
		case peering.AlibabaVPC:
			return targets.Target{Provider: p, Region: "cn-hangzhou", Endpoint: srv.AlibabaEndpoint(), AccountID: fmt.Sprintf("90000000000000%d", n),
				Keys: &targets.Keys{AccessKeyID: aliAcct.AccessKeyID, Secret: aliAcct.Secret}}
		}
		return targets.Target{Provider: p, Endpoint: srv.AlibabaEndpoint(), AccountID: fmt.Sprintf("90000000000000%d", n),
			Keys: &targets.Keys{AccessKeyID: aliAcct.AccessKeyID, Secret: aliAcct.Secret}}
	}
	calls := alibabavpc.DefaultBurst + 5 // more than any adapter's burst
	n := 0
	for _, p := range []peering.Provider{peering.Baidu, peering.AlibabaVPC, peering.AlibabaENS} {
		for _, tt := range []struct {
			perMinute int
			limited   bool
		}{{1, true}, {0, false}, {-1, false}} {
			n++
			t.Run(fmt.Sprintf("%s %d a minute", p, tt.perMinute), func(t *testing.T) {
				c, err := target(p, n).Open(targets.OpenOptions{CallsPerMinute: tt.perMinute})
				require.NoError(t, err)
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				refused := 0
				for range calls {
					_, err := c.Get(ctx, "no-such-connection")
					switch peering.Code(err) {
					case peering.NotFound:
					case peering.DeadlineExceeded:
						refused++
					default:
						t.Fatalf("Get = %v", err)
					}
				}
				if tt.limited {
					assert.Positive(t, refused, "the limiter let every call through")
				} else {
					assert.Zero(t, refused)
				}
			})
		}
	}
}
