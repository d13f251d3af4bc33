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
	frozen bool      // set by Freeze
	at     time.Time // the reading while frozen
}

// New returns a clock that reads the wall clock.
func New() *Clock { return &Clock{} }

// At returns a clock that reads t now and follows the wall clock from there.
func At(t time.Time) *Clock { return &Clock{offset: time.Until(t)} }

// Now returns the emulated current time, in UTC.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.frozen {
		return c.at
	}
	return time.Now().UTC().Add(c.offset)
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.frozen {
		c.at = c.at.Add(d)
		return
	}
	c.offset += d
}

// Freeze stops the clock at its current reading; from then on only Advance
// moves it. Tests freeze it so that no transient status can end between an
// action and the check that follows, however slow the machine.
func (c *Clock) Freeze() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.frozen {
		c.at = time.Now().UTC().Add(c.offset)
		c.frozen = true
	}
}
