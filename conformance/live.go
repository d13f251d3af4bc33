package conformance

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peeringkit/peering"
)

// The environment variables that turn the live checks on. Without
// EnvLive=1 a live run skips, so that CI never touches a cloud account.
const (
	EnvLive       = "PEERING_LIVE"        // "1": run the read-only checks against the real API
	EnvLiveMutate = "PEERING_LIVE_MUTATE" // "1": also create, change and delete connections
)

// LiveConfig describes how to reach one provider's real API for [RunLive].
//
// The fixtures come from variables named PEERING_LIVE_<Name>_<KEY>:
//
//	REGION                 region of account A's adapter (passed to New)
//	ACCOUNT_ID             account A's ID
//	NETWORK                account A's network in REGION (Networks.Local)
//	SAME_REGION_NETWORK    another network of A in REGION (Networks.SameRegion)
//	OTHER_REGION           another region of A's
//	OTHER_REGION_NETWORK   A's network there (Networks.OtherRegion)
//	OTHER_ACCOUNT_ID       account B's ID
//	OTHER_ACCOUNT_NETWORK  B's network in REGION (Networks.OtherAccount)
//
// The mutating checks need EnvLiveMutate=1, NETWORK and SAME_REGION_NETWORK;
// the checks that need another region or account skip without them. The
// fixture networks must have no connections: the checks count what they make.
type LiveConfig struct {
	// Name is the provider's part of the variable names, like "BAIDU".
	Name string
	// Required are the variables that must be set for the live checks to
	// run at all: account A's credentials, and the region if New needs one.
	Required []string
	// New returns an adapter for acct, bound to region (the REGION
	// variable, or "" when unset), that sends its requests through hc so
	// that the suite can count them. For AccountB it returns ErrNoAccount
	// when account B's credentials are not in the environment.
	New func(ctx context.Context, acct Account, region string, hc *http.Client) (peering.Peering, error)
	// Uncounted says New cannot make the adapter use hc: the "no request
	// sent" checks are then skipped rather than passed on a zero count.
	Uncounted bool
}

// LiveVar returns the value of the variable PEERING_LIVE_<name>_<key>.
func LiveVar(name, key string) string {
	return strings.TrimSpace(os.Getenv("PEERING_LIVE_" + name + "_" + key))
}

// RunLive runs the suite against a provider's real API when the environment
// asks for it (see [LiveConfig]), and otherwise skips t, saying what is
// missing. It never fails for want of credentials.
func RunLive(t *testing.T, cfg LiveConfig) {
	t.Helper()
	if os.Getenv(EnvLive) != "1" {
		t.Skipf("live checks are off: set %s=1 and the provider's credentials to run them against a real account", EnvLive)
	}
	var missing []string
	for _, v := range cfg.Required {
		if strings.TrimSpace(os.Getenv(v)) == "" {
			missing = append(missing, v)
		}
	}
	if len(missing) > 0 {
		t.Skipf("live checks need %s in the environment", strings.Join(missing, ", "))
	}
	nets, mutable := liveNetworks(t, cfg.Name)
	Run(t, func(ctx context.Context, t *testing.T) (Harness, error) {
		return &live{cfg: cfg, nets: nets, mutable: mutable, region: LiveVar(cfg.Name, "REGION")}, nil
	})
}

// liveNetworks reads the fixture networks, and whether the mutating checks
// may run, logging why not.
func liveNetworks(t *testing.T, name string) (Networks, bool) {
	region, acct := LiveVar(name, "REGION"), LiveVar(name, "ACCOUNT_ID")
	n := Networks{
		Local:      Network{ID: LiveVar(name, "NETWORK"), Region: region, AccountID: acct},
		SameRegion: Network{ID: LiveVar(name, "SAME_REGION_NETWORK"), Region: region, AccountID: acct},
		OtherRegion: Network{ID: LiveVar(name, "OTHER_REGION_NETWORK"), Region: LiveVar(name, "OTHER_REGION"),
			AccountID: acct},
		OtherAccount: Network{ID: LiveVar(name, "OTHER_ACCOUNT_NETWORK"), Region: region,
			AccountID: LiveVar(name, "OTHER_ACCOUNT_ID")},
	}
	for _, nw := range []*Network{&n.Local, &n.SameRegion, &n.OtherRegion, &n.OtherAccount} {
		if nw.ID == "" {
			*nw = Network{}
		}
	}
	switch {
	case os.Getenv(EnvLiveMutate) != "1":
		t.Logf("read-only: set %s=1 to run the checks that create and delete connections", EnvLiveMutate)
		return n, false
	case n.Local.ID == "" || n.SameRegion.ID == "":
		t.Logf("read-only: %s=1 also needs PEERING_LIVE_%s_NETWORK and PEERING_LIVE_%s_SAME_REGION_NETWORK", EnvLiveMutate, name, name)
		return n, false
	}
	return n, true
}

// live is the harness of a real account.
type live struct {
	cfg      LiveConfig
	nets     Networks
	mutable  bool
	region   string
	requests atomic.Int64

	mu       sync.Mutex
	adapters map[Account]peering.Peering
}

func (l *live) Peering(ctx context.Context, acct Account) (peering.Peering, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if p, ok := l.adapters[acct]; ok {
		return p, nil
	}
	hc := &http.Client{
		Transport: counting{next: http.DefaultTransport.(*http.Transport).Clone(), n: &l.requests},
		// Cloud APIs do not redirect; following one would resend a signed request elsewhere.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	p, err := l.cfg.New(ctx, acct, l.region, hc)
	if err != nil {
		return nil, fmt.Errorf("live %s account %v: %w", l.cfg.Name, acct, err)
	}
	if l.adapters == nil {
		l.adapters = make(map[Account]peering.Peering)
	}
	l.adapters[acct] = p
	return p, nil
}

func (l *live) Networks() Networks { return l.nets }
func (l *live) Mutable() bool      { return l.mutable }
func (l *live) Faults() FaultInjector {
	return nil // a real cloud fails when it will, not when asked
}

// Advance waits: a real cloud's time cannot be hurried.
func (l *live) Advance(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (l *live) Requests() int64 {
	if l.cfg.Uncounted {
		return -1
	}
	return l.requests.Load()
}

func (l *live) Close() error { return nil }

// counting is a RoundTripper that counts the requests it sends.
type counting struct {
	next http.RoundTripper
	n    *atomic.Int64
}

func (c counting) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.RoundTrip(r)
}
