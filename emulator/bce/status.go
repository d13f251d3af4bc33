package bce

import (
	"fmt"
	"time"

	"github.com/peeringkit/peering/emulator/clock"
)

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

// ConsultWindow is how long a cross-account request waits for the acceptor
// before it becomes consult_failed (documented: 7 days).
const ConsultWindow = 7 * 24 * time.Hour

// Timing is how long the emulated clock keeps a connection in each
// transient status: each time a connection enters one, its duration is
// drawn from the range, from the service's seeded source. A zero field
// takes its range from DefaultTiming.
type Timing struct {
	Creating clock.Range // creating, then active (same account) or consulting (cross-account)
	Starting clock.Range // starting after accept or renewal of an expired connection, then active
	Updating clock.Range // updating after update or resize, then the previous status
	Deleting clock.Range // deleting, then deleted
	Deleted  clock.Range // deleted, then gone (NoSuchObject)

	DNSWait    clock.Range // DNS sync wait, then syncing
	DNSSync    clock.Range // syncing, then open
	DNSClosing clock.Range // closing, then close
}

// DefaultTiming returns the ranges used where Config.Timing leaves a field
// zero. The documents give no durations (the create, update, accept,
// delete and DNS sections only name the statuses), so each range is an
// assumption: centred on the fixed duration earlier versions used, from
// three quarters to five quarters of it. The ranges are narrow enough that
// a status that follows another is never skipped by a client that waits
// out the first one's longest duration.
func DefaultTiming() Timing {
	return Timing{
		Creating:   clock.Around(3 * time.Second),
		Starting:   clock.Around(2 * time.Second),
		Updating:   clock.Around(2 * time.Second),
		Deleting:   clock.Around(3 * time.Second),
		Deleted:    clock.Around(10 * time.Second),
		DNSWait:    clock.Around(2 * time.Second),
		DNSSync:    clock.Around(3 * time.Second),
		DNSClosing: clock.Around(3 * time.Second),
	}
}

// Check reports a field that is neither zero nor a valid range.
func (t Timing) Check() error {
	if err := clock.CheckAll(t.Creating, t.Starting, t.Updating, t.Deleting, t.Deleted, t.DNSWait, t.DNSSync, t.DNSClosing); err != nil {
		return fmt.Errorf("bce: timing: %w", err)
	}
	return nil
}

// orDefaults fills t's zero fields from DefaultTiming.
func (t Timing) orDefaults() Timing {
	d := DefaultTiming()
	return Timing{
		Creating: t.Creating.Or(d.Creating), Starting: t.Starting.Or(d.Starting),
		Updating: t.Updating.Or(d.Updating), Deleting: t.Deleting.Or(d.Deleting),
		Deleted: t.Deleted.Or(d.Deleted), DNSWait: t.DNSWait.Or(d.DNSWait),
		DNSSync: t.DNSSync.Or(d.DNSSync), DNSClosing: t.DNSClosing.Or(d.DNSClosing),
	}
}

// lasts draws how long a connection entering a transient status stays in
// it. Callers hold s.mu, which guards the source.
func (s *Service) lasts(r clock.Range) time.Duration { return r.Draw(s.timingRng) }

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
