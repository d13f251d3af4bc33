// Package retry runs an operation again after transient failures, with capped
// exponential backoff and full jitter, within the caller's context. It is the
// one retry loop every adapter uses.
//
//	err := retry.Do(ctx, retry.Default, func(ctx context.Context, attempt int) error {
//		return call(ctx)
//	}, isTransient)
package retry

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/peeringkit/peering"
)

// Policy bounds the retries.
type Policy struct {
	// Attempts is the most tries in all, the first included (1 = no retry).
	Attempts int
	// Base is the backoff ceiling before the second try; it doubles on each
	// retry up to Cap. Each pause is drawn uniformly from [0, ceiling] (full
	// jitter) so that many clients throttled together spread out.
	Base, Cap time.Duration
}

// Default is the policy adapters use unless configured: 6 tries, pauses
// drawn under 100ms, 200ms, 400ms, 800ms, 1.6s (at most about 3.1s in all).
var Default = Policy{Attempts: 6, Base: 100 * time.Millisecond, Cap: 5 * time.Second}

// Retryable reports whether err is worth another try. It may also return a
// minimum pause the server asked for (Retry-After), or 0.
type Retryable func(err error) (retry bool, after time.Duration)

// Do calls op until it succeeds, fails with an error retryable rejects, the
// policy's tries are spent, or ctx ends. It returns op's last error (saying
// so when the tries were spent on retryable errors), or ctx's error when
// ctx ended while pausing between tries. attempt counts from 0.
func Do(ctx context.Context, p Policy, op func(ctx context.Context, attempt int) error, retryable Retryable) error {
	attempts := max(p.Attempts, 1)
	var err error
	for attempt := 0; attempt < attempts; attempt++ {
		if attempt > 0 {
			if werr := sleep(ctx, p.backoff(attempt)); werr != nil {
				return werr
			}
		}
		err = op(ctx, attempt)
		if err == nil || ctx.Err() != nil {
			return err
		}
		again, after := retryable(err)
		if !again {
			return err
		}
		if attempt == attempts-1 {
			break
		}
		if after > 0 {
			if werr := sleep(ctx, after); werr != nil {
				return werr
			}
		}
	}
	return exhausted(err, attempts)
}

// exhausted says in err that the tries were spent, so that the message
// tells the budget ran out: a *peering.Error (what adapters return) is
// copied with the count added to its message; any other error is wrapped.
func exhausted(err error, attempts int) error {
	if attempts == 1 {
		return err
	}
	note := fmt.Sprintf("gave up after %d attempts", attempts)
	if pe, ok := err.(*peering.Error); ok {
		e := *pe
		if e.Message == "" {
			e.Message = note
		} else {
			e.Message += " (" + note + ")"
		}
		return &e
	}
	return fmt.Errorf("%w (%s)", err, note)
}

// backoff returns the jittered pause before try number attempt (>= 1).
func (p Policy) backoff(attempt int) time.Duration {
	ceiling := p.Base
	for i := 1; i < attempt && ceiling < p.Cap; i++ {
		ceiling *= 2
	}
	if p.Cap > 0 && ceiling > p.Cap {
		ceiling = p.Cap
	}
	if ceiling <= 0 {
		return 0
	}
	return rand.N(ceiling + 1)
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
