package baidu_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/conformance"
	"github.com/peeringkit/peering/conformance/emulatorharness"
	"github.com/peeringkit/peering/providers/baidu"
)

// TestConformance runs the conformance suite against the emulator.
func TestConformance(t *testing.T) {
	conformance.Run(t, emulatorharness.New(emulatorharness.Config{
		Provider: peering.Baidu,
		New: func(tg emulatorharness.Target) (peering.Peering, error) {
			return baidu.New(baidu.Options{
				Credentials: baidu.Credentials{AccessKeyID: tg.Account.AccessKeyID, SecretAccessKey: tg.Account.Secret},
				Region:      tg.Region,
				Endpoint:    tg.Endpoint,
				AccountID:   tg.Account.ID,
			})
		},
	}))
}

// TestConformanceLive runs the suite against a real Baidu account when
// PEERING_LIVE=1 and BCE_ACCESS_KEY_ID, BCE_SECRET_ACCESS_KEY and
// PEERING_LIVE_BAIDU_REGION are set; account B's keys, for the
// cross-account checks, are PEERING_LIVE_BAIDU_B_ACCESS_KEY_ID and
// PEERING_LIVE_BAIDU_B_SECRET_ACCESS_KEY. See conformance.LiveConfig for
// the fixture networks the mutating checks need.
func TestConformanceLive(t *testing.T) {
	conformance.RunLive(t, conformance.LiveConfig{
		Name:     "BAIDU",
		Required: []string{baidu.EnvAccessKeyID, baidu.EnvSecretAccessKey, "PEERING_LIVE_BAIDU_REGION"},
		New: func(ctx context.Context, acct conformance.Account, region string, hc *http.Client) (peering.Peering, error) {
			opts := baidu.Options{Region: region, HTTPClient: hc, AccountID: conformance.LiveVar("BAIDU", "ACCOUNT_ID")}
			if acct == conformance.AccountB {
				opts.Credentials = baidu.Credentials{
					AccessKeyID:     conformance.LiveVar("BAIDU", "B_ACCESS_KEY_ID"),
					SecretAccessKey: conformance.LiveVar("BAIDU", "B_SECRET_ACCESS_KEY"),
				}
				if opts.Credentials.AccessKeyID == "" || opts.Credentials.SecretAccessKey == "" {
					return nil, conformance.ErrNoAccount
				}
				opts.AccountID = conformance.LiveVar("BAIDU", "OTHER_ACCOUNT_ID")
			}
			return baidu.New(opts)
		},
	})
}
