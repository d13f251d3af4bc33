package clock

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// Range is a span of durations, from Min to Max inclusive: how long the
// emulator keeps a connection in one transient status. The clouds say these
// operations take "a while", not how long, so the emulator draws each
// duration from a range rather than fixing it, and clients that poll are
// tested against variation as they will meet it.
//
// The zero Range means "the service's default"; Min == Max fixes the
// duration.
type Range struct {
	Min, Max time.Duration
}

// Around is the range from three quarters to five quarters of d: the
// emulator's default for a transient status the documents give no duration
// for, centred on the value it used before it drew them.
func Around(d time.Duration) Range { return Range{Min: d * 3 / 4, Max: d * 5 / 4} }

// IsZero reports whether r is the zero Range, which stands for a default.
func (r Range) IsZero() bool { return r == Range{} }

// Check reports a range that cannot be drawn from: negative, or Max below
// Min.
func (r Range) Check() error {
	if r.Min < 0 || r.Max < r.Min {
		return fmt.Errorf("duration range %v-%v: want 0 <= min <= max", r.Min, r.Max)
	}
	return nil
}

// CheckAll is Check of each range, the first failure reported.
func CheckAll(rs ...Range) error {
	for _, r := range rs {
		if err := r.Check(); err != nil {
			return err
		}
	}
	return nil
}

// Or returns r, or def when r is zero.
func (r Range) Or(def Range) Range {
	if r.IsZero() {
		return def
	}
	return r
}

// Draw returns a duration from the range, uniformly at whole milliseconds
// (a finer draw shows nowhere: the APIs report whole seconds), taken from
// rng so that a seeded run draws the same durations.
func (r Range) Draw(rng *rand.Rand) time.Duration {
	span := (r.Max - r.Min) / time.Millisecond
	if span <= 0 {
		return r.Min
	}
	return r.Min + time.Duration(rng.Int64N(int64(span)+1))*time.Millisecond
}

// String writes the range as peerctl's --timing flag takes it: "2s-4s",
// or "3s" when it is fixed.
func (r Range) String() string {
	if r.Min == r.Max {
		return r.Min.String()
	}
	return r.Min.String() + "-" + r.Max.String()
}

// ParseRange reads a range as String writes it: "MIN-MAX" or one duration
// for a fixed one, each in time.ParseDuration's form ("1.5s-3s", "500ms").
func ParseRange(s string) (Range, error) {
	lo, hi, ok := strings.Cut(s, "-")
	if !ok {
		hi = lo
	}
	var r Range
	var err error
	if r.Min, err = time.ParseDuration(lo); err != nil {
		return Range{}, fmt.Errorf("duration range %q: %w", s, err)
	}
	if r.Max, err = time.ParseDuration(hi); err != nil {
		return Range{}, fmt.Errorf("duration range %q: %w", s, err)
	}
	if err := r.Check(); err != nil {
		return Range{}, err
	}
	return r, nil
}
