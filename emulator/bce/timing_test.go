package bce_test

import (
	"testing"
	"time"

	"github.com/baidubce/bce-sdk-go/services/vpc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator/bce"
	"github.com/peeringkit/peering/emulator/clock"
)

// tick is the step timing tests advance the clock by: finer than any
// default range is wide.
const tick = 50 * time.Millisecond

// creatingDurations creates a connection on each pair of A's three Beijing
// VPCs and returns how long each stayed creating, to the tick.
func creatingDurations(t *testing.T, cfg bce.Config, limit time.Duration) []time.Duration {
	t.Helper()
	w := newWorld(t, cfg)
	a := w.client(t, acctA, "bj")
	ids := []string{
		create(t, a, createArgs("vpc-abj1", "vpc-abj2")),
		create(t, a, createArgs("vpc-abj1", "vpc-abj3")),
		create(t, a, createArgs("vpc-abj2", "vpc-abj3")),
	}
	start := w.clock.Now()
	got := make(map[string]time.Duration)
	for len(got) < len(ids) && w.clock.Now().Sub(start) <= limit {
		w.clock.Advance(tick)
		for _, pc := range w.svc.PeerConns() {
			if _, seen := got[pc.ID]; !seen && pc.Status != bce.StatusCreating {
				require.Equal(t, bce.StatusActive, pc.Status)
				got[pc.ID] = w.clock.Now().Sub(start)
			}
		}
	}
	require.Len(t, got, len(ids), "every connection leaves creating within %v", limit)
	out := make([]time.Duration, len(ids))
	for i, id := range ids {
		out[i] = got[id]
	}
	return out
}

// How long a connection stays creating is drawn, per connection, from the
// configured range (the default one unless set), the same in every run.
func TestTimingDrawn(t *testing.T) {
	def := bce.DefaultTiming().Creating
	for _, tc := range []struct {
		name  string
		cfg   bce.Config
		want  clock.Range
		fixed bool
	}{
		{name: "default range", want: def},
		{name: "configured range", cfg: bce.Config{Timing: bce.Timing{Creating: clock.Range{Min: 20 * time.Second, Max: 40 * time.Second}}},
			want: clock.Range{Min: 20 * time.Second, Max: 40 * time.Second}},
		{name: "fixed", cfg: bce.Config{Timing: bce.Timing{Creating: clock.Range{Min: 7 * time.Second, Max: 7 * time.Second}}},
			want: clock.Range{Min: 7 * time.Second, Max: 7 * time.Second}, fixed: true},
		{name: "other fields set, creating default", cfg: bce.Config{Timing: bce.Timing{Deleted: clock.Range{Min: time.Hour, Max: time.Hour}}}, want: def},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := creatingDurations(t, tc.cfg, tc.want.Max+tick)
			for _, d := range got {
				assert.GreaterOrEqual(t, d, tc.want.Min)
				assert.Less(t, d, tc.want.Max+tick)
			}
			if tc.fixed {
				assert.Equal(t, []time.Duration{tc.want.Min, tc.want.Min, tc.want.Min}, got)
			} else {
				assert.NotEqual(t, got[0], got[1], "durations vary between connections: %v", got)
			}
			assert.Equal(t, got, creatingDurations(t, tc.cfg, tc.want.Max+tick), "the same requests draw the same durations")
		})
	}
}

// Every transition of the connection and DNS timelines ends within its
// default range.
func TestTimingEveryTransition(t *testing.T) {
	d := bce.DefaultTiming()
	w := newWorld(t, bce.Config{})
	a, b := w.client(t, acctA, "bj"), w.client(t, acctB, "bj")
	// passes waits for the status read to change from what it is, and
	// checks when it did against r.
	passes := func(what string, r clock.Range, read func() string) string {
		t.Helper()
		from, start := read(), w.clock.Now()
		for w.clock.Now().Sub(start) <= r.Max {
			w.clock.Advance(tick)
			if st := read(); st != from {
				took := w.clock.Now().Sub(start)
				assert.GreaterOrEqual(t, took, r.Min, what)
				assert.Less(t, took, r.Max+tick, what)
				return st
			}
		}
		t.Fatalf("%s: still %s after %v", what, from, r.Max)
		return ""
	}
	id := create(t, a, crossArgs())
	st := func() string { return status(t, a, id) }
	require.Equal(t, bce.StatusConsulting, passes("creating", d.Creating, st))
	require.NoError(t, b.AcceptPeerConnApply(id, ""))
	require.Equal(t, bce.StatusActive, passes("starting", d.Starting, st))
	require.NoError(t, a.ResizePeerConn(id, &vpc.ResizePeerConnArgs{NewBandwidthInMbps: 20}))
	require.Equal(t, bce.StatusActive, passes("updating", d.Updating, st))

	dnsArgs := func() *vpc.PeerConnSyncDNSArgs { return &vpc.PeerConnSyncDNSArgs{Role: vpc.PEERCONN_ROLE_INITIATOR} }
	dns := func() string {
		pc, err := a.GetPeerConnDetail(id, vpc.PEERCONN_ROLE_INITIATOR)
		require.NoError(t, err)
		return string(pc.DnsStatus)
	}
	require.NoError(t, a.OpenPeerConnSyncDNS(id, dnsArgs()))
	require.Equal(t, bce.DNSSyncing, passes("dns wait", d.DNSWait, dns))
	require.Equal(t, bce.DNSOpen, passes("dns syncing", d.DNSSync, dns))
	require.NoError(t, a.ClosePeerConnSyncDNS(id, dnsArgs()))
	require.Equal(t, bce.DNSClose, passes("dns closing", d.DNSClosing, dns))

	require.NoError(t, a.DeletePeerConn(id, ""))
	require.Equal(t, bce.StatusDeleted, passes("deleting", d.Deleting, st))
	gone := func() string {
		if len(w.svc.PeerConns()) == 0 {
			return "gone"
		}
		return bce.StatusDeleted
	}
	require.Equal(t, "gone", passes("deleted", d.Deleted, gone))
}

// A range that cannot be drawn from is refused when the service is made.
func TestTimingInvalid(t *testing.T) {
	for _, r := range []clock.Range{{Min: 2 * time.Second, Max: time.Second}, {Min: -time.Second, Max: time.Second}} {
		timing := bce.Timing{Updating: r}
		assert.Error(t, timing.Check(), r)
		assert.Panics(t, func() { bce.New(bce.Config{Timing: timing}) }, r)
	}
	assert.NoError(t, bce.DefaultTiming().Check())
	assert.NoError(t, bce.Timing{}.Check(), "zero fields stand for the defaults")
}
