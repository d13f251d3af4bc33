package alibabaens_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/conformance"
	"github.com/peeringkit/peering/conformance/emulatorharness"
	"github.com/peeringkit/peering/providers/alibabaens"
)

// TestConformance runs the conformance suite against the emulator.
func TestConformance(t *testing.T) {
	conformance.Run(t, emulatorharness.New(emulatorharness.Config{
		Provider: peering.AlibabaENS,
		New: func(tg emulatorharness.Target) (peering.Peering, error) {
			return alibabaens.New(alibabaens.Options{
				Credentials: alibabaens.Credentials{AccessKeyID: tg.Account.AccessKeyID, AccessKeySecret: tg.Account.Secret},
				Endpoint:    tg.Endpoint,
				AccountID:   tg.Account.ID,
			})
		},
	}))
}

// TestConformanceLive runs the suite against a real Alibaba Cloud account
// when PEERING_LIVE=1 and ALIBABA_CLOUD_ACCESS_KEY_ID and
// ALIBABA_CLOUD_ACCESS_KEY_SECRET are set. ENS peers networks of one
// account, so there is no account B. See conformance.LiveConfig for the
// fixture networks the mutating checks need (REGION is the ENS node).
func TestConformanceLive(t *testing.T) {
	const name = "ALIBABA_ENS"
	conformance.RunLive(t, conformance.LiveConfig{
		Name:     name,
		Required: []string{"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"},
		New: func(ctx context.Context, acct conformance.Account, region string, hc *http.Client) (peering.Peering, error) {
			if acct == conformance.AccountB {
				return nil, conformance.ErrNoAccount
			}
			return alibabaens.New(alibabaens.Options{Transport: hc.Transport, AccountID: conformance.LiveVar(name, "ACCOUNT_ID")})
		},
	})
}
