package clock

import (
	"testing"
	"time"
)

func TestAdvance(t *testing.T) {
	c := New()
	before := c.Now()
	c.Advance(7 * 24 * time.Hour)
	after := c.Now()
	if d := after.Sub(before); d < 7*24*time.Hour || d > 7*24*time.Hour+time.Minute {
		t.Errorf("advanced by %v; want 7 days", d)
	}
	if after.Location() != time.UTC {
		t.Errorf("Now is in %v; want UTC", after.Location())
	}
}
