package conformance

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/peeringkit/peering"
)

// prompt is how soon after its context ends a call must return, hung
// request or not.
const prompt = 2 * time.Second

// checkCancellation checks that calls honour their context: an ended one
// fails at once with the portable code, a listing stops when canceled
// between pages, and a hung request is abandoned promptly.
func checkCancellation(t *testing.T, e *env) {
	t.Run("CanceledContext", func(t *testing.T) {
		ctx, cancel := context.WithCancel(e.ctx)
		cancel()
		_, err := e.a.ListPage(ctx, peering.Filter{}, "")
		e.wantCode(t, "ListPage with a canceled context", err, peering.Canceled)
		_, err = peering.Collect(ctx, e.a, peering.Filter{})
		e.wantCode(t, "List with a canceled context", err, peering.Canceled)
		p, id := e.someConnection(t)
		_, err = p.Get(ctx, id)
		e.wantCode(t, "Get with a canceled context", err, peering.Canceled)
	})
	t.Run("ExpiredDeadline", func(t *testing.T) {
		ctx, cancel := context.WithDeadline(e.ctx, time.Now().Add(-time.Second))
		defer cancel()
		_, err := e.a.ListPage(ctx, peering.Filter{}, "")
		e.wantCode(t, "ListPage with an expired deadline", err, peering.DeadlineExceeded)
	})
	t.Run("DuringListing", func(t *testing.T) { cancelDuringListing(t, e) })
	t.Run("HungRequest", func(t *testing.T) { abandonHungRequests(t, e) })
}

// cancelDuringListing cancels a listing of several pages after its first
// connection: the listing may finish the page in hand, then must end with a
// Canceled error and yield nothing after it.
func cancelDuringListing(t *testing.T, e *env) {
	size := max(e.caps.MinPageSize, 2)
	p, f := e.a, peering.Filter{PageSize: size}
	n := 3*size + 1
	if est, ok := e.h.(Estater); ok {
		es := e.estate(t, est, n)
		p, f = es.Peering, es.Filter
		f.PageSize = size
	} else {
		all, err := peering.Collect(e.ctx, e.a, peering.Filter{})
		e.noError(t, "Collect", err)
		if n = len(all); n <= 2*size {
			t.Skipf("the account has %d connections: too few for three pages of %d", n, size)
		}
	}
	ctx, cancel := context.WithCancel(e.ctx)
	defer cancel()
	yielded, afterCancel := 0, 0
	var final error
	for c, err := range peering.List(ctx, p, f) {
		if final != nil {
			t.Fatalf("List yielded %q after its error %v", c.ID, final)
		}
		if err != nil {
			final = err
			continue
		}
		yielded++
		if yielded == 1 {
			cancel()
		} else {
			afterCancel++
		}
	}
	switch {
	case final == nil:
		t.Fatalf("List canceled after its first connection ran to the end (%d of %d connections) with no error", yielded, n)
	case afterCancel > size-1:
		t.Errorf("List yielded %d connections after cancellation; at most the rest of the page in hand (%d) may follow", afterCancel, size-1)
	}
	e.wantCode(t, "List canceled after its first connection", final, peering.Canceled)
}

// abandonHungRequests makes the backend hold requests unanswered and checks
// that ListPage, List and Get return promptly when their context ends.
func abandonHungRequests(t *testing.T, e *env) {
	faults := e.h.Faults()
	if faults == nil {
		t.Skip("the harness cannot inject faults")
	}
	p, id := e.someConnection(t)
	calls := []struct {
		name     string
		op       Op
		deadline bool // end by deadline rather than by cancel
		call     func(context.Context) error
	}{
		{"ListPage", OpList, false, func(ctx context.Context) error {
			_, err := e.a.ListPage(ctx, peering.Filter{}, "")
			return err
		}},
		{"List", OpList, false, func(ctx context.Context) error {
			_, err := peering.Collect(ctx, e.a, peering.Filter{})
			return err
		}},
		{"Get", OpGet, true, func(ctx context.Context) error {
			_, err := p.Get(ctx, id)
			return err
		}},
	}
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			// The context ends after a window in which the request must
			// reach the backend and hang. On a loaded machine it may not
			// even be sent in time, which proves nothing: try again with a
			// longer window before calling the check failed.
			for _, after := range []time.Duration{100 * time.Millisecond, 400 * time.Millisecond, 1600 * time.Millisecond} {
				if hangOnce(t, e, faults, c.name, c.op, c.deadline, after, c.call) {
					return
				}
			}
			t.Errorf("the hang injected for %s never happened, even with a 1.6s window: the check proved nothing", c.name)
		})
	}
}

// hangOnce runs call against a backend that holds its next op request,
// ending its context after the window, and checks the code and how soon the
// call returned. It reports whether the hang happened (the check counted).
func hangOnce(t *testing.T, e *env, faults FaultInjector, name string, op Op, deadline bool, after time.Duration, call func(context.Context) error) bool {
	t.Helper()
	defer faults.Clear()
	if err := faults.Inject(op, Hang, 1); err != nil {
		t.Skipf("the harness cannot make requests hang: %v", err)
	}
	var ctx context.Context
	var cancel context.CancelFunc
	want := peering.Canceled
	if deadline {
		ctx, cancel = context.WithTimeout(e.ctx, after)
		want = peering.DeadlineExceeded
	} else {
		ctx, cancel = context.WithCancel(e.ctx)
		time.AfterFunc(after, cancel)
	}
	defer cancel()
	start := time.Now()
	err := call(ctx)
	elapsed := time.Since(start)
	what := fmt.Sprintf("%s on a hung request", name)
	e.wantCode(t, what, err, want)
	if elapsed > after+prompt {
		t.Errorf("%s returned %v after its context ended; want within %v", what, elapsed-after, prompt)
	}
	return faults.Pending() == 0
}
