package conformance_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/conformance"
	"github.com/peeringkit/peering/conformance/emulatorharness"
	"github.com/peeringkit/peering/providers/baidu"
)

// An adapter of this module runs the suite against the emulator from its own
// test file (here providers/baidu/conformance_test.go). Run needs the
// *testing.T of a Test function, so the example only builds one.
func ExampleRun() {
	testConformance := func(t *testing.T) {
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
	_ = testConformance
}

// An adapter for another cloud runs the same checks against a real account
// with RunLive: they skip unless PEERING_LIVE=1 and the Required variables
// are set, and mutate only with PEERING_LIVE_MUTATE=1 and the fixture
// networks in PEERING_LIVE_ACME_NETWORK and the other documented variables.
func ExampleRunLive() {
	// newACME stands for the new adapter's constructor.
	var newACME func(region string, hc *http.Client) (peering.Peering, error)

	testConformanceLive := func(t *testing.T) {
		conformance.RunLive(t, conformance.LiveConfig{
			Name:     "ACME",
			Required: []string{"ACME_ACCESS_KEY", "ACME_SECRET", "PEERING_LIVE_ACME_REGION"},
			New: func(ctx context.Context, acct conformance.Account, region string, hc *http.Client) (peering.Peering, error) {
				if acct == conformance.AccountB {
					return nil, conformance.ErrNoAccount // no second account: cross-account checks skip
				}
				return newACME(region, hc)
			},
		})
	}
	_ = testConformanceLive
}

// sandbox is a Harness over a backend of the adapter author's own: here, an
// in-process fake of the cloud with a clock the test controls. Only Peering,
// Networks and Advance need the backend; the rest says what it cannot do.
type sandbox struct {
	a, b    peering.Peering
	nets    conformance.Networks
	advance func(time.Duration)
}

func (s *sandbox) Peering(ctx context.Context, acct conformance.Account) (peering.Peering, error) {
	if acct == conformance.AccountB {
		return s.b, nil
	}
	return s.a, nil
}

func (s *sandbox) Networks() conformance.Networks { return s.nets }
func (s *sandbox) Mutable() bool                  { return true }
func (s *sandbox) Advance(ctx context.Context, d time.Duration) error {
	s.advance(d)
	return nil
}
func (s *sandbox) Faults() conformance.FaultInjector { return nil } // fault checks skip
func (s *sandbox) Requests() int64                   { return -1 }  // "no request sent" is not checked
func (s *sandbox) Close() error                      { return nil }

// A harness of one's own plugs in through a HarnessMaker, which Run calls
// once for each group of checks so that each starts from a clean backend.
func ExampleHarness() {
	// startFake stands for starting the author's fake backend.
	var startFake func() (*sandbox, error)

	testConformance := func(t *testing.T) {
		conformance.Run(t, func(ctx context.Context, t *testing.T) (conformance.Harness, error) {
			return startFake()
		})
	}
	_ = testConformance
}
