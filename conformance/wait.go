package conformance

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/peeringkit/peering"
)

// How the suite waits for a connection to settle. Backend time passes before
// every poll but the first, doubling from firstStep to maxStep: an emulated
// clock then runs through transient statuses in a few polls, and a live
// backend is polled at a sane rate. maxPolls bounds a wait that never ends
// (about 18 minutes of backend time).
const (
	firstStep = time.Second
	maxStep   = 30 * time.Second
	maxPolls  = 40
)

// waiter polls fast in real time: the backend time between polls comes from
// Harness.Advance, not from the waiter's own pauses.
var waiter = peering.Waiter{Initial: 10 * time.Millisecond, Max: 100 * time.Millisecond}

// advancing is a Peering whose Get lets backend time pass before each poll
// after the first, so that peering.Waiter, which knows nothing of emulated
// clocks, can wait on one. It records the statuses it saw for the failure
// message.
type advancing struct {
	peering.Peering
	h      Harness
	id     string
	step   time.Duration
	polls  int
	seen   []string
	cancel context.CancelCauseFunc
}

func (a *advancing) Get(ctx context.Context, id string) (peering.Connection, error) {
	if a.polls > 0 {
		if err := a.h.Advance(ctx, a.step); err != nil {
			return peering.Connection{}, err
		}
		a.step = min(2*a.step, maxStep)
	}
	a.polls++
	if a.polls > maxPolls {
		a.cancel(fmt.Errorf("gave up after %d polls", maxPolls))
		return peering.Connection{}, peering.ContextError(ctx, a.Provider(), "Get")
	}
	c, err := a.Peering.Get(ctx, id)
	s := string(c.Status)
	switch {
	case err != nil:
		s = peering.Code(err).String()
	case c.ProviderStatus != "":
		s += "(" + c.ProviderStatus + ")"
	}
	if n := len(a.seen); n == 0 || a.seen[n-1] != s {
		a.seen = append(a.seen, s)
	}
	return c, err
}

// waitFor waits with peering.Waiter until connection id, as p sees it,
// reaches one of want, letting backend time pass between polls. The error
// says which statuses the connection went through.
func (e *env) waitFor(p peering.Peering, id string, want ...peering.Status) (peering.Connection, error) {
	ctx, cancel := context.WithCancelCause(e.ctx)
	defer cancel(nil)
	a := &advancing{Peering: p, h: e.h, id: id, step: firstStep, cancel: cancel}
	c, err := waiter.Wait(ctx, a, id, want...)
	if err != nil {
		return c, fmt.Errorf("waiting for %s to reach %v (statuses seen: %s): %w", id, want, strings.Join(a.seen, " -> "), err)
	}
	return c, nil
}

// mustWait is waitFor that fails the test now when the wait fails.
func (e *env) mustWait(t *testing.T, p peering.Peering, id string, want ...peering.Status) peering.Connection {
	t.Helper()
	c, err := e.waitFor(p, id, want...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// gone reports whether a connection seen by Get (c, err) no longer exists.
func gone(c peering.Connection, err error) bool {
	return peering.Code(err) == peering.NotFound || err == nil && c.Status == peering.StatusDeleted
}

// deleteAndWait deletes id through p and waits until it is deleted or gone.
func (e *env) deleteAndWait(t *testing.T, p peering.Peering, id string) {
	t.Helper()
	err := p.Delete(e.ctx, id)
	e.noError(t, fmt.Sprintf("Delete(%q)", id), err)
	e.mustWait(t, p, id, peering.StatusDeleted)
}

// cleanup deletes connection id through p when the test ends, if it still
// exists, so that a failed check leaves nothing behind on a live account.
// Errors are logged, not failed: the check has already reported its own.
func (e *env) cleanup(t *testing.T, p peering.Peering, id string) {
	t.Cleanup(func() {
		if e.ctx.Err() != nil {
			return
		}
		if c, err := p.Get(e.ctx, id); gone(c, err) {
			return
		}
		if err := p.Delete(e.ctx, id); err != nil {
			t.Logf("cleanup: deleting %s: %v", id, err)
			return
		}
		if _, err := e.waitFor(p, id, peering.StatusDeleted); err != nil {
			t.Logf("cleanup: %v", err)
		}
	})
}
