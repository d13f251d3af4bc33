package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering"
)

func TestFloorOf(t *testing.T) {
	const ms = time.Millisecond
	for _, tc := range []struct {
		name    string
		shape   shape
		want    floor
		minimum int
	}{
		{"baidu: two pages beside one page of 64 VPCs",
			shape{provider: peering.Baidu, connections: 2000, vpcs: 64, latency: 20 * ms},
			floor{pages: 2, vpcPages: 1, rounds: 2, duration: 40 * ms}, 3},
		{"baidu: a VPC listing longer than the peering chain",
			shape{provider: peering.Baidu, connections: 1001, vpcs: 3001, latency: 10 * ms},
			floor{pages: 2, vpcPages: 4, rounds: 4, duration: 40 * ms}, 6},
		{"baidu: an empty listing is one page of each",
			shape{provider: peering.Baidu, latency: 20 * ms},
			floor{pages: 1, vpcPages: 1, rounds: 1, duration: 20 * ms}, 2},
		{"vpcpeer without a limit: the token chain",
			shape{provider: peering.AlibabaVPC, connections: 2000, latency: 20 * ms},
			floor{pages: 20, rounds: 20, duration: 400 * ms}, 20},
		{"vpcpeer at 360 a minute: the emulator's burst of 20 covers 20 pages",
			shape{provider: peering.AlibabaVPC, connections: 2000, latency: 20 * ms, perMinute: 360, burst: 20},
			floor{pages: 20, rounds: 20, duration: 400 * ms}, 20},
		{"vpcpeer at 360 a minute, burst 20: the bucket paces the last 180 of 200",
			shape{provider: peering.AlibabaVPC, connections: 20000, latency: 20 * ms, perMinute: 360, burst: 20},
			floor{pages: 200, rounds: 200, duration: 30 * time.Second}, 200},
		{"vpcpeer at 360 a minute: a latency slower than the refill leaves the chain longer",
			shape{provider: peering.AlibabaVPC, connections: 20000, latency: 200 * ms, perMinute: 360, burst: 20},
			floor{pages: 200, rounds: 200, duration: 40 * time.Second}, 200},
		{"ens: the first page, then the other 20 at once (the last one empty)",
			shape{provider: peering.AlibabaENS, connections: 2000, latency: 20 * ms},
			floor{pages: 21, rounds: 2, duration: 40 * ms}, 21},
		{"ens: 200 pages are still two rounds",
			shape{provider: peering.AlibabaENS, connections: 19999, latency: 50 * ms},
			floor{pages: 200, rounds: 2, duration: 100 * ms}, 200},
		{"ens: one short page",
			shape{provider: peering.AlibabaENS, connections: 99, latency: 20 * ms},
			floor{pages: 1, rounds: 1, duration: 20 * ms}, 1},
		{"ens: a full page, then an empty one",
			shape{provider: peering.AlibabaENS, connections: 100, latency: 20 * ms},
			floor{pages: 2, rounds: 2, duration: 40 * ms}, 2},
		{"ens: an empty listing is one page",
			shape{provider: peering.AlibabaENS, latency: 20 * ms},
			floor{pages: 1, rounds: 1, duration: 20 * ms}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := floorOf(tc.shape)
			require.Equal(t, tc.want, got)
			require.Equal(t, tc.minimum, got.minimum())
		})
	}
}

func TestChainUnderLimit(t *testing.T) {
	const ms = time.Millisecond
	for _, tc := range []struct {
		name             string
		n                int
		latency          time.Duration
		perMinute, burst int
		want             time.Duration
	}{
		{"no requests", 0, 20 * ms, 60, 1, 0},
		{"no limit: the chain alone", 5, 20 * ms, 0, 0, 100 * ms},
		{"the burst covers every request", 5, 20 * ms, 60, 5, 100 * ms},
		// One a second after a burst of 2: tokens 2, 3 and 4 exist at 1s,
		// 2s and 3s, and the last request left a latency before its token.
		{"the bucket paces the last three", 5, 20 * ms, 60, 2, 3 * time.Second},
		{"a latency longer than the refill: the chain dominates", 5, 2 * time.Second, 60, 1, 10 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, chainUnderLimit(tc.n, tc.latency, tc.perMinute, tc.burst))
		})
	}
}

// The estate's floor is its longest target's, not a sum or a schedule:
// targets with separate rate limits overlap fully.
func TestEstateFloor(t *testing.T) {
	const ms = time.Millisecond
	for _, tc := range []struct {
		name   string
		floors []floor
		want   floor
	}{
		{"none", nil, floor{}},
		{"one", []floor{{pages: 2, vpcPages: 1, rounds: 2, duration: 40 * ms}},
			floor{pages: 2, vpcPages: 1, rounds: 2, duration: 40 * ms}},
		{"the longest, whatever the order; pages add up",
			[]floor{
				{pages: 2, vpcPages: 1, rounds: 2, duration: 40 * ms},
				{pages: 200, rounds: 200, duration: 30 * time.Second},
				{pages: 21, rounds: 2, duration: 40 * ms},
			},
			floor{pages: 223, vpcPages: 1, rounds: 200, duration: 30 * time.Second}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, estateFloor(tc.floors))
		})
	}
}
