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

func TestAt(t *testing.T) {
	at := time.Date(2025, 6, 1, 1, 0, 0, 0, time.UTC)
	c := At(at)
	if d := c.Now().Sub(at); d < 0 || d > time.Minute {
		t.Fatalf("At(%s) reads %s", at, c.Now())
	}
	c.Freeze()
	c.Advance(time.Hour)
	if d := c.Now().Sub(at); d < time.Hour || d > time.Hour+time.Minute {
		t.Fatalf("an hour on, it reads %s", c.Now())
	}
}
