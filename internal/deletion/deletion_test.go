package deletion

import (
	"context"
	"errors"
	"testing"

	"github.com/peeringkit/peering"
)

type getter = func(context.Context, string) (peering.Connection, error)

func status(s peering.Status) getter {
	return func(context.Context, string) (peering.Connection, error) { return peering.Connection{Status: s}, nil }
}

func failing(err error) getter {
	return func(context.Context, string) (peering.Connection, error) { return peering.Connection{}, err }
}

func TestOutcome(t *testing.T) {
	refused := &peering.Error{Code: peering.FailedPrecondition, Provider: peering.Baidu, Op: "Delete", ProviderCode: "PeerConnStatusConflict"}
	notFound := &peering.Error{Code: peering.NotFound, Provider: peering.Baidu, Op: "Delete"}
	throttled := &peering.Error{Code: peering.ResourceExhausted, Provider: peering.Baidu, Op: "Delete"}
	readFailed := &peering.Error{Code: peering.Unavailable, Provider: peering.Baidu, Op: "Get"}
	tests := []struct {
		name string
		err  error  // the delete call's answer
		get  getter // nil: the status must not be read
		want error
	}{
		{"deleted now", nil, nil, nil},
		{"gone before", notFound, nil, nil},
		{"refused, now gone", refused, failing(&peering.Error{Code: peering.NotFound}), nil},
		{"refused, deleting", refused, status(peering.StatusDeleting), nil},
		{"refused, deleted", refused, status(peering.StatusDeleted), nil},
		{"refused, still active", refused, status(peering.StatusActive), refused},
		{"refused, updating", refused, status(peering.StatusUpdating), refused},
		{"refused, status unreadable", refused, failing(readFailed), refused},
		{"other failure, not looked into", throttled, nil, throttled},
	}
	for _, tt := range tests {
		c := Check{ID: "pcc-1", Get: func(ctx context.Context, id string) (peering.Connection, error) {
			if tt.get == nil {
				t.Fatalf("%s: the status was read although the answer settles it", tt.name)
			}
			if id != "pcc-1" {
				t.Errorf("%s: Get(%q), want the checked ID", tt.name, id)
			}
			return tt.get(ctx, id)
		}}
		if got := c.Outcome(context.Background(), tt.err); got != tt.want {
			t.Errorf("%s: Outcome = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestGone(t *testing.T) {
	readFailed := &peering.Error{Code: peering.Unavailable}
	tests := []struct {
		name    string
		get     getter
		gone    bool
		wantErr error
	}{
		{"not found", failing(&peering.Error{Code: peering.NotFound}), true, nil},
		{"deleting", status(peering.StatusDeleting), true, nil},
		{"deleted", status(peering.StatusDeleted), true, nil},
		{"active", status(peering.StatusActive), false, nil},
		{"pending", status(peering.StatusPending), false, nil},
		{"unreadable", failing(readFailed), false, readFailed},
	}
	for _, tt := range tests {
		gone, err := Check{ID: "x", Get: tt.get}.Gone(context.Background())
		if gone != tt.gone || !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
			t.Errorf("%s: Gone = %v, %v; want %v, %v", tt.name, gone, err, tt.gone, tt.wantErr)
		}
	}
}
