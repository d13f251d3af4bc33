package peering

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"
)

// Waiter polls a connection until it reaches a wanted status. The zero Waiter
// uses the defaults documented on its fields; [WaitFor] uses the zero Waiter.
type Waiter struct {
	// Initial is the first pause between polls (default 1s); pauses double
	// up to Max (default 15s), with jitter of up to a quarter either way.
	Initial, Max time.Duration
	// MaxPolls is the most Get calls one wait makes (default
	// DefaultMaxPolls), so that a wait with no deadline in its ctx still
	// ends; running out is a DeadlineExceeded error that says so.
	MaxPolls int
	// Progress, when set, is called with the connection each poll reads
	// that does not end the wait (a status still on its way), in the
	// waiting goroutine, so that a caller can show where the wait is.
	Progress func(Connection)
}

// DefaultMaxPolls is Waiter.MaxPolls' default: at the default pauses about
// three hours of polling, longer than any transition the clouds document.
const DefaultMaxPolls = 720

// WaitFor polls p.Get(id) until the connection's status is one of want, and
// returns it. It returns an error with code FailedPrecondition when the
// connection reaches a terminal status that is not wanted (a connection that
// was rejected will never become active), and the portable Canceled or
// DeadlineExceeded error when ctx ends first. If want contains StatusDeleted,
// a connection that is gone (NotFound) counts as deleted.
func WaitFor(ctx context.Context, p Peering, id string, want ...Status) (Connection, error) {
	return Waiter{}.Wait(ctx, p, id, want...)
}

// Wait is WaitFor with w's polling intervals.
func (w Waiter) Wait(ctx context.Context, p Peering, id string, want ...Status) (Connection, error) {
	if id == "" {
		return Connection{}, InvalidArgumentf(p.Provider(), "WaitFor", "empty connection ID")
	}
	if len(want) == 0 {
		return Connection{}, InvalidArgumentf(p.Provider(), "WaitFor", "no status to wait for")
	}
	for _, s := range want {
		if !s.Valid() {
			return Connection{}, InvalidArgumentf(p.Provider(), "WaitFor", "unknown status %q", s)
		}
	}
	pause, maxPause := w.Initial, w.Max
	if pause <= 0 {
		pause = time.Second
	}
	if maxPause <= 0 {
		maxPause = 15 * time.Second
	}
	if maxPause < pause {
		maxPause = pause
	}
	polls := w.MaxPolls
	if polls <= 0 {
		polls = DefaultMaxPolls
	}
	for poll := 1; ; poll++ {
		c, err := p.Get(ctx, id)
		switch {
		case err == nil && slices.Contains(want, c.Status):
			return c, nil
		case err == nil && c.Status.Terminal():
			return c, &Error{Code: FailedPrecondition, Provider: p.Provider(), Op: "WaitFor",
				Message: fmt.Sprintf("connection %s reached %s (%s) while waiting for %v", id, c.Status, c.ProviderStatus, want)}
		case Code(err) == NotFound && slices.Contains(want, StatusDeleted):
			return Connection{Provider: p.Provider(), ID: id, Status: StatusDeleted, Role: RoleUnknown}, nil
		case err != nil:
			return c, err
		case poll >= polls:
			return c, &Error{Code: DeadlineExceeded, Provider: p.Provider(), Op: "WaitFor",
				Message: fmt.Sprintf("connection %s still %s (%s) after %d polls, the wait's budget (Waiter.MaxPolls); waiting for %v", id, c.Status, c.ProviderStatus, poll, want)}
		}
		if w.Progress != nil {
			w.Progress(c)
		}
		// Jitter keeps many waiters from polling in step.
		d := pause/2 + rand.N(pause/2+1) + rand.N(pause/4+1)
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return c, ContextError(ctx, p.Provider(), "WaitFor")
		case <-t.C:
		}
		pause = min(pause*2, maxPause)
	}
}
