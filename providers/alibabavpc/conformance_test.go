package alibabavpc_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/conformance"
	"github.com/peeringkit/peering/conformance/emulatorharness"
	"github.com/peeringkit/peering/providers/alibabavpc"
)

// TestConformance runs the conformance suite against the emulator. The
// client-side rate limit is off: the emulator runs without one, and the
// suite's hundreds of calls would otherwise take minutes.
func TestConformance(t *testing.T) {
	conformance.Run(t, emulatorharness.New(emulatorharness.Config{
		Provider: peering.AlibabaVPC,
		New: func(tg emulatorharness.Target) (peering.Peering, error) {
			return alibabavpc.New(alibabavpc.Options{
				Credentials:    alibabavpc.Credentials{AccessKeyID: tg.Account.AccessKeyID, AccessKeySecret: tg.Account.Secret},
				Region:         tg.Region,
				Endpoint:       tg.Endpoint,
				AccountID:      tg.Account.ID,
				CallsPerMinute: -1,
			})
		},
	}))
}

// TestConformanceLive runs the suite against a real Alibaba Cloud account
// when PEERING_LIVE=1 and ALIBABA_CLOUD_ACCESS_KEY_ID,
// ALIBABA_CLOUD_ACCESS_KEY_SECRET and PEERING_LIVE_ALIBABA_VPC_REGION are
// set; account B's keys, for the cross-account checks, are
// PEERING_LIVE_ALIBABA_VPC_B_ACCESS_KEY_ID and
// PEERING_LIVE_ALIBABA_VPC_B_ACCESS_KEY_SECRET. See conformance.LiveConfig
// for the fixture networks the mutating checks need.
func TestConformanceLive(t *testing.T) {
	const name = "ALIBABA_VPC"
	conformance.RunLive(t, conformance.LiveConfig{
		Name:     name,
		Required: []string{"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "PEERING_LIVE_" + name + "_REGION"},
		New: func(ctx context.Context, acct conformance.Account, region string, hc *http.Client) (peering.Peering, error) {
			opts := alibabavpc.Options{Region: region, Transport: hc.Transport, AccountID: conformance.LiveVar(name, "ACCOUNT_ID")}
			if acct == conformance.AccountB {
				opts.Credentials = alibabavpc.Credentials{
					AccessKeyID:     conformance.LiveVar(name, "B_ACCESS_KEY_ID"),
					AccessKeySecret: conformance.LiveVar(name, "B_ACCESS_KEY_SECRET"),
				}
				if opts.Credentials.AccessKeyID == "" || opts.Credentials.AccessKeySecret == "" {
					return nil, conformance.ErrNoAccount
				}
				opts.AccountID = conformance.LiveVar(name, "OTHER_ACCOUNT_ID")
			}
			return alibabavpc.New(opts)
		},
	})
}
