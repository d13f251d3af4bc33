package bce

import "time"

// Connection statuses (§1.4) and DNS sync statuses, as the API spells them.
const (
	StatusCreating      = "creating"
	StatusConsulting    = "consulting"
	StatusConsultFailed = "consult_failed"
	StatusActive        = "active"
	StatusDown          = "down"
	StatusStarting      = "starting"
	StatusStopping      = "stopping"
	StatusDeleting      = "deleting"
	StatusDeleted       = "deleted"
	StatusExpired       = "expired"
	StatusError         = "error"
	StatusUpdating      = "updating"

	DNSClose   = "close"
	DNSWait    = "wait"
	DNSSyncing = "syncing"
	DNSOpen    = "open"
	DNSClosing = "closing"
)

// statusGone marks the end of a deleted connection's timeline: from then on
// the connection no longer exists (NoSuchObject). It is never sent.
const statusGone = "gone"

// How long the emulated clock keeps a connection in each transient status.
// The documents give no durations; these are short enough for tests to pass
// with one Advance and long enough to be observed.
const (
	CreatingFor = 3 * time.Second // creating, then active (same account) or consulting (cross-account)
	StartingFor = 2 * time.Second // starting after accept or renewal of an expired connection, then active
	UpdatingFor = 2 * time.Second // updating after update or resize, then the previous status
	DeletingFor = 3 * time.Second // deleting, then deleted
	DeletedFor  = 10 * time.Second
	// ConsultWindow is how long a cross-account request waits for the
	// acceptor before it becomes consult_failed (documented: 7 days).
	ConsultWindow = 7 * 24 * time.Hour

	DNSWaitFor    = 2 * time.Second // wait, then syncing
	DNSSyncFor    = 3 * time.Second // syncing, then open
	DNSClosingFor = 3 * time.Second // closing, then close
)

// step is a status that holds from at onwards.
type step struct {
	at     time.Time
	status string
}

// timeline is a status history and its scheduled future, in time order.
// Statuses are computed from it when read, so no goroutine moves them. A
// timeline is never changed in place (operations replace it), so
// connections may share one.
type timeline []step

// at returns the status in force at now.
func (tl timeline) at(now time.Time) string {
	for i := len(tl) - 1; i >= 0; i-- {
		if !tl[i].at.After(now) {
			return tl[i].status
		}
	}
	if len(tl) == 0 {
		return ""
	}
	return tl[0].status
}

// from returns a timeline that holds current from now and then the steps.
// Steps scheduled earlier and not yet reached are dropped: an operation
// replaces whatever was planned.
func from(now time.Time, current string, next ...step) timeline {
	tl := make(timeline, 0, 1+len(next))
	tl = append(tl, step{at: now, status: current})
	return append(tl, next...)
}

// after is the step that starts d after t.
func after(t time.Time, d time.Duration, status string) step {
	return step{at: t.Add(d), status: status}
}

// live reports whether a connection in status s still occupies its VPC
// pair and quotas: releasing ones do not, as the create document says.
func live(s string) bool {
	return s != StatusDeleting && s != StatusDeleted && s != statusGone
}
