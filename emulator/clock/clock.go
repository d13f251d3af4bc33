// Package clock is the emulator's time: it follows the wall clock from a
// starting instant and can be moved forward by tests, so that transient
// statuses, 7-day acceptance windows and expiry pass without waiting.
// Signature checks do not use it: they compare request timestamps with the
// wall clock, as the clouds do, so that advancing it never breaks signing.
package clock

import (
	"sync"
	"time"
)

// Clock is safe for concurrent use. The zero value is not usable; use [New].
type Clock struct {
	mu     sync.Mutex
	offset time.Duration
}

// New returns a clock that reads the wall clock.
func New() *Clock { return &Clock{} }

// Now returns the emulated current time, in UTC.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().UTC().Add(c.offset)
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}
