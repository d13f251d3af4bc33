package conformance

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/peeringkit/peering"
)

// ErrNoAccount is what Harness.Peering returns (wrapped or not) for an
// account the backend does not have: the checks that need it are skipped.
var ErrNoAccount = errors.New("conformance: the harness has no such account")

// group is one named group of checks, run on a harness of its own.
type group struct {
	name     string
	mutating bool // skipped unless Harness.Mutable
	run      func(t *testing.T, e *env)
}

// groups are the checks, in the order they run: the read-only ones first, so
// that a broken listing is reported before the lifecycle trips over it.
var groups = []group{
	{"Capabilities", false, checkCapabilities},
	{"Pagination", false, checkPagination},
	{"Filters", false, checkFilters},
	{"GetMatchesList", false, checkGetMatchesList},
	{"NotFound", false, checkNotFound},
	{"InvalidArgument", false, checkInvalidArgument},
	{"Fields", false, checkFields},
	{"Cancellation", false, checkCancellation},
	{"Routes", false, checkRoutes},
	{"RouteAnalysis", true, checkRouteAnalysis},
	{"Lifecycle", true, checkLifecycle},
	{"IdempotentCreate", true, checkIdempotentCreate},
	{"Faults", false, checkFaults},
}

// Run runs the conformance checks against the adapters newHarness makes, each
// group as a named subtest of t (Pagination, GetMatchesList, Lifecycle, ...),
// so that -run selects them as usual. Each group gets a harness of its own.
func Run(t *testing.T, newHarness HarnessMaker) {
	t.Helper()
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			e := setup(t, newHarness)
			if g.mutating && !e.h.Mutable() {
				t.Skip("the harness is read-only (Harness.Mutable is false)")
			}
			g.run(t, e)
		})
	}
}

// env is what every check works with: the harness, account A's adapter and
// its capabilities, and a context that ends with the test.
type env struct {
	h       Harness
	ctx     context.Context
	a       peering.Peering
	caps    peering.Capabilities
	nets    Networks
	secrets []string
}

func setup(t *testing.T, newHarness HarnessMaker) *env {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	if d, ok := t.Deadline(); ok {
		// Leave a moment to report before the test binary's own deadline.
		ctx, cancel = context.WithDeadline(context.Background(), d.Add(-5*time.Second))
	}
	t.Cleanup(cancel)
	h, err := newHarness(ctx, t)
	if err != nil {
		t.Fatalf("making the harness: %v", err)
	}
	t.Cleanup(func() {
		if err := h.Close(); err != nil {
			t.Errorf("closing the harness: %v", err)
		}
	})
	a, err := h.Peering(ctx, AccountA)
	if err != nil {
		t.Fatalf("making the adapter for account A: %v", err)
	}
	e := &env{h: h, ctx: ctx, a: a, caps: a.Capabilities(), nets: h.Networks()}
	if s, ok := h.(SecretHolder); ok {
		e.secrets = s.Secrets()
	}
	return e
}

// peeringB returns account B's adapter, skipping the test when the harness
// has no account B.
func (e *env) peeringB(t *testing.T) peering.Peering {
	t.Helper()
	b, err := e.h.Peering(e.ctx, AccountB)
	if errors.Is(err, ErrNoAccount) {
		t.Skipf("the harness has no account B: %v", err)
	}
	if err != nil {
		t.Fatalf("making the adapter for account B: %v", err)
	}
	return b
}

// eachAccount runs check in a subtest for account A, then for account B
// (skipped when the harness has none), with that account's adapter: checks
// that look at what each side of a connection sees run the same for both.
func (e *env) eachAccount(t *testing.T, check func(t *testing.T, acct Account, p peering.Peering)) {
	for _, acct := range []Account{AccountA, AccountB} {
		t.Run("account="+acct.String(), func(t *testing.T) {
			p := e.a
			if acct == AccountB {
				p = e.peeringB(t)
			}
			check(t, acct, p)
		})
	}
}

// checkError fails t unless err is what every adapter error must be: an
// *peering.Error naming the adapter's provider, with a code other than
// Unknown, and with no secret of the harness in its text.
func (e *env) checkError(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var pe *peering.Error
	switch {
	case !errors.As(err, &pe):
		t.Errorf("%s: error %q (%T) is not a *peering.Error", what, err, err)
	case pe.Provider != e.a.Provider():
		t.Errorf("%s: error %q names provider %q, want %q", what, err, pe.Provider, e.a.Provider())
	case pe.Code == peering.Unknown:
		t.Errorf("%s: error %q has code Unknown; every adapter error needs a portable code", what, err)
	}
	text := err.Error() + "\n" + fmt.Sprintf("%+v %#v", err, err)
	for _, s := range e.secrets {
		if s != "" && strings.Contains(text, s) {
			t.Errorf("%s: error text contains a secret of the harness's credentials: %q", what, err)
		}
	}
}

// wantCode fails t unless err has code want (and is a proper adapter error).
func (e *env) wantCode(t *testing.T, what string, err error, want peering.ErrorCode) {
	t.Helper()
	if got := peering.Code(err); got != want {
		t.Errorf("%s: got code %v (error: %v), want %v", what, got, err, want)
		return
	}
	e.checkError(t, what, err)
}

// noError fails the test now when err is not nil.
func (e *env) noError(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		e.checkError(t, what, err)
		t.Fatalf("%s: %v", what, err)
	}
}

// requests returns the harness's request count, to compare before and after.
func (e *env) requests() int64 { return e.h.Requests() }

// wantNoRequest fails t when requests were sent since before (a count from
// e.requests), unless the harness cannot count them.
func (e *env) wantNoRequest(t *testing.T, what string, before int64) {
	t.Helper()
	if before < 0 {
		return
	}
	if n := e.requests() - before; n != 0 {
		t.Errorf("%s: sent %d request(s); it must be answered before any request is sent", what, n)
	}
}

// name returns a fresh connection name that every provider accepts: a
// letter first, then lowercase letters, digits and hyphens.
func name(kind string) string { return "conformance-" + kind + "-" + suffix() }

// suffix returns 8 random lowercase letters and digits, so that names and
// tokens of one run never meet those of another on a live account.
func suffix() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 8)
	for i := range b {
		b[i] = alphabet[rand.N(len(alphabet))]
	}
	return string(b)
}

// sample returns up to n connections spread evenly over cs.
func sample(cs []peering.Connection, n int) []peering.Connection {
	if len(cs) <= n {
		return cs
	}
	out := make([]peering.Connection, 0, n)
	for i := range n {
		out = append(out, cs[i*len(cs)/n])
	}
	return out
}

// firstN formats up to n strings of s, saying how many more there are.
func firstN(s []string, n int) string {
	if len(s) <= n {
		return strings.Join(s, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(s[:n], ", "), len(s)-n)
}
