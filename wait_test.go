package peering_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peeringkit/peering"
)

// sequence is a Peering whose Get answers from a script, one step per call,
// repeating the last step.
type sequence struct {
	mu    sync.Mutex
	steps []step
	calls int
	peering.Peering
}

type step struct {
	status peering.Status
	err    error
}

func (s *sequence) Provider() peering.Provider { return "scripted" }

func (s *sequence) Get(ctx context.Context, id string) (peering.Connection, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.steps[min(s.calls, len(s.steps)-1)]
	s.calls++
	if st.err != nil {
		return peering.Connection{}, st.err
	}
	return peering.Connection{ID: id, Status: st.status, ProviderStatus: string(st.status)}, nil
}

func TestWait(t *testing.T) {
	notFound := &peering.Error{Code: peering.NotFound}
	fast := peering.Waiter{Initial: time.Millisecond, Max: 2 * time.Millisecond}
	tests := []struct {
		name     string
		steps    []step
		want     []peering.Status
		status   peering.Status
		code     peering.ErrorCode
		getCalls int
	}{
		{"already there", []step{{status: peering.StatusActive}}, []peering.Status{peering.StatusActive}, peering.StatusActive, peering.OK, 1},
		{"after transient steps", []step{{status: peering.StatusPending}, {status: peering.StatusPending}, {status: peering.StatusActive}},
			[]peering.Status{peering.StatusActive}, peering.StatusActive, peering.OK, 3},
		{"any of several", []step{{status: peering.StatusPending}, {status: peering.StatusPendingAcceptance}},
			[]peering.Status{peering.StatusActive, peering.StatusPendingAcceptance}, peering.StatusPendingAcceptance, peering.OK, 2},
		{"terminal status not wanted", []step{{status: peering.StatusPendingAcceptance}, {status: peering.StatusRejected}},
			[]peering.Status{peering.StatusActive}, peering.StatusRejected, peering.FailedPrecondition, 2},
		{"gone counts as deleted", []step{{status: peering.StatusDeleting}, {err: notFound}},
			[]peering.Status{peering.StatusDeleted}, peering.StatusDeleted, peering.OK, 2},
		{"gone while waiting for active", []step{{status: peering.StatusPending}, {err: notFound}},
			[]peering.Status{peering.StatusActive}, "", peering.NotFound, 2},
		{"other errors end the wait", []step{{err: &peering.Error{Code: peering.PermissionDenied}}},
			[]peering.Status{peering.StatusActive}, "", peering.PermissionDenied, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &sequence{steps: tt.steps}
			c, err := fast.Wait(context.Background(), p, "pcc-1", tt.want...)
			if peering.Code(err) != tt.code || c.Status != tt.status {
				t.Errorf("got status %q, err %v; want %q and code %v", c.Status, err, tt.status, tt.code)
			}
			if p.calls != tt.getCalls {
				t.Errorf("Get called %d times; want %d", p.calls, tt.getCalls)
			}
		})
	}
}

func TestWaitInvalidInput(t *testing.T) {
	p := &sequence{steps: []step{{status: peering.StatusActive}}}
	for _, tc := range []struct {
		id   string
		want []peering.Status
	}{{"", []peering.Status{peering.StatusActive}}, {"x", nil}, {"x", []peering.Status{"Activated"}}} {
		if _, err := peering.WaitFor(context.Background(), p, tc.id, tc.want...); peering.Code(err) != peering.InvalidArgument {
			t.Errorf("WaitFor(%q, %v) = %v; want InvalidArgument", tc.id, tc.want, err)
		}
	}
	if p.calls != 0 {
		t.Errorf("Get called %d times for invalid input", p.calls)
	}
}

func TestWaitHonoursContext(t *testing.T) {
	p := &sequence{steps: []step{{status: peering.StatusPending}}}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := peering.Waiter{Initial: time.Hour}.Wait(ctx, p, "pcc-1", peering.StatusActive)
	if peering.Code(err) != peering.DeadlineExceeded {
		t.Fatalf("err = %v; want DeadlineExceeded", err)
	}
}

// A wait whose ctx has no deadline still ends, after its budget of polls.
func TestWaitBudget(t *testing.T) {
	s := &sequence{steps: []step{{status: peering.StatusPending}}}
	w := peering.Waiter{Initial: time.Microsecond, Max: time.Microsecond, MaxPolls: 4}
	_, err := w.Wait(context.Background(), s, "pcc-1", peering.StatusActive)
	if peering.Code(err) != peering.DeadlineExceeded || !strings.Contains(err.Error(), "after 4 polls") {
		t.Errorf("err = %v; want DeadlineExceeded saying the polls ran out", err)
	}
	if s.calls != 4 {
		t.Errorf("%d polls; want 4", s.calls)
	}
}

// Progress sees each status read on the way, not the one that ends the
// wait.
func TestWaitProgress(t *testing.T) {
	p := &sequence{steps: []step{{status: peering.StatusPending}, {status: peering.StatusUpdating}, {status: peering.StatusActive}}}
	var seen []peering.Status
	w := peering.Waiter{Initial: time.Millisecond, Max: time.Millisecond, Progress: func(c peering.Connection) { seen = append(seen, c.Status) }}
	if _, err := w.Wait(context.Background(), p, "pcc-a", peering.StatusActive); err != nil {
		t.Fatal(err)
	}
	if want := []peering.Status{peering.StatusPending, peering.StatusUpdating}; !slices.Equal(seen, want) {
		t.Errorf("Progress saw %v, want %v", seen, want)
	}
}
