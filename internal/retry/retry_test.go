package retry

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/peeringkit/peering"
)

var errTransient = errors.New("transient")
var errPermanent = errors.New("permanent")

func classify(err error) (bool, time.Duration) { return errors.Is(err, errTransient), 0 }

func TestDo(t *testing.T) {
	fast := Policy{Attempts: 4, Base: time.Microsecond, Cap: 10 * time.Microsecond}
	tests := []struct {
		name    string
		results []error // what each try returns; the last repeats
		want    error
		tries   int
	}{
		{"first try succeeds", []error{nil}, nil, 1},
		{"succeeds after transient failures", []error{errTransient, errTransient, nil}, nil, 3},
		{"permanent failure is not retried", []error{errPermanent}, errPermanent, 1},
		{"tries are bounded", []error{errTransient}, errTransient, 4},
		{"transient then permanent", []error{errTransient, errPermanent}, errPermanent, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tries := 0
			err := Do(context.Background(), fast, func(ctx context.Context, attempt int) error {
				if attempt != tries {
					t.Errorf("attempt = %d; want %d", attempt, tries)
				}
				r := tt.results[min(tries, len(tt.results)-1)]
				tries++
				return r
			}, classify)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Errorf("err = %v; want %v", err, tt.want)
			}
			if tries != tt.tries {
				t.Errorf("tries = %d; want %d", tries, tt.tries)
			}
		})
	}
}

func TestDoStopsWhenContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	tries := 0
	err := Do(ctx, Policy{Attempts: 100, Base: time.Hour, Cap: time.Hour}, func(context.Context, int) error {
		tries++
		cancel()
		return errTransient
	}, classify)
	if tries != 1 || err == nil {
		t.Fatalf("tries = %d, err = %v; want one try and an error", tries, err)
	}
}

func TestDoWaitsRetryAfter(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // a Retry-After pause must not outlive the context
	err := Do(ctx, Policy{Attempts: 3}, func(context.Context, int) error { return errTransient },
		func(error) (bool, time.Duration) { return true, time.Hour })
	if !errors.Is(err, errTransient) && !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}

func TestBackoffIsCappedAndJittered(t *testing.T) {
	p := Policy{Base: 100 * time.Millisecond, Cap: 400 * time.Millisecond}
	ceilings := map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 3: 400 * time.Millisecond, 10: 400 * time.Millisecond}
	for attempt, ceiling := range ceilings {
		seen := map[time.Duration]bool{}
		for i := 0; i < 200; i++ {
			d := p.backoff(attempt)
			if d < 0 || d > ceiling {
				t.Fatalf("backoff(%d) = %v; want within [0, %v]", attempt, d, ceiling)
			}
			seen[d] = true
		}
		if len(seen) < 50 {
			t.Errorf("backoff(%d) took only %d distinct values in 200 draws: no jitter", attempt, len(seen))
		}
	}
}

// Tries spent on retryable errors say so, and keep the error's type.
func TestDoSaysWhenTriesAreSpent(t *testing.T) {
	fail := &peering.Error{Code: peering.Unavailable, Message: "busy"}
	p := Policy{Attempts: 3, Base: time.Microsecond, Cap: time.Microsecond}
	err := Do(context.Background(), p, func(context.Context, int) error { return fail },
		func(error) (bool, time.Duration) { return true, 0 })
	var pe *peering.Error
	if !errors.As(err, &pe) || pe.Code != peering.Unavailable || !strings.Contains(err.Error(), "busy (gave up after 3 attempts)") {
		t.Errorf("err = %v; want the Unavailable error saying it gave up after 3 attempts", err)
	}
	if fail.Message != "busy" {
		t.Errorf("the op's own error was changed: %q", fail.Message)
	}
	err = Do(context.Background(), p, func(context.Context, int) error { return fail },
		func(error) (bool, time.Duration) { return false, 0 })
	if err != fail {
		t.Errorf("a refused retry returned %v; want the error itself", err)
	}
}
