// Package deletion is the one place that decides when a delete counts as
// done although the cloud refused it: every adapter's Delete treats a
// connection that is already gone, or already on its way out, as deleted,
// because that is the outcome the caller asked for.
package deletion

import (
	"context"

	"github.com/peeringkit/peering"
)

// Check describes how to read the state of the connection being deleted.
type Check struct {
	// ID is the connection's ID.
	ID string
	// Get reads the connection; only its Status is looked at. An error
	// whose code is NotFound means the connection is gone.
	Get func(ctx context.Context, id string) (peering.Connection, error)
}

// going reports whether a connection in s is on its way out: deleting, or
// deleted where a cloud keeps showing deleted connections for a while. The
// clouds refuse to delete those again. The normalized statuses say this the
// same way for every provider, so one set serves all (ENS, which has no
// deleted status, only ever reports deleting).
func going(s peering.Status) bool {
	return s == peering.StatusDeleting || s == peering.StatusDeleted
}

// Gone reports whether the connection is gone or going. It returns Get's
// error when that is anything but NotFound. Its signature suits a write's
// reconciliation step (internal/aliyunrpc's Call.Reconcile): a delete whose
// answer was lost is not sent again once the connection is gone or going.
func (c Check) Gone(ctx context.Context) (bool, error) {
	conn, err := c.Get(ctx, c.ID)
	switch {
	case peering.Code(err) == peering.NotFound:
		return true, nil
	case err != nil:
		return false, err
	}
	return going(conn.Status), nil
}

// Outcome returns what Delete returns once the delete call answered err:
// nil when the connection was already gone (NotFound), or when the cloud
// refused the delete for the connection's status (FailedPrecondition) and
// Gone finds it gone or going; err itself otherwise, also when the status
// cannot be read, since the refusal is then the best account of what
// happened. A refusal for another reason (delete protection, routes still
// using the connection) stays an error: Gone finds the connection there.
func (c Check) Outcome(ctx context.Context, err error) error {
	switch peering.Code(err) {
	case peering.NotFound:
		return nil
	case peering.FailedPrecondition:
		if gone, gerr := c.Gone(ctx); gerr == nil && gone {
			return nil
		}
	}
	return err
}
