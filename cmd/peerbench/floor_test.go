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
		name  string
		shape shape
		want  floor
	}{
		{"baidu: two pages beside one page of 64 VPCs",
			shape{provider: peering.Baidu, connections: 2000, vpcs: 64, latency: 20 * ms},
			floor{pages: 2, vpcPages: 1, rounds: 2, duration: 40 * ms}},
		{"baidu: a VPC listing longer than the peering chain",
			shape{provider: peering.Baidu, connections: 1001, vpcs: 3001, latency: 10 * ms},
			floor{pages: 2, vpcPages: 4, rounds: 4, duration: 40 * ms}},
		{"baidu: an empty listing is one page of each",
			shape{provider: peering.Baidu, latency: 20 * ms},
			floor{pages: 1, vpcPages: 1, rounds: 1, duration: 20 * ms}},
		{"vpcpeer without a limit: the token chain",
			shape{provider: peering.AlibabaVPC, connections: 2000, latency: 20 * ms},
			floor{pages: 20, rounds: 20, duration: 400 * ms}},
		{"vpcpeer at 360 a minute, burst 10: the bucket paces the last ten",
			shape{provider: peering.AlibabaVPC, connections: 2000, latency: 20 * ms, perMinute: 360, burst: 10},
			floor{pages: 20, rounds: 20, duration: 10*time.Second/6 + 20*ms}},
		{"ens: the first page, then 20 eight at a time (the last one empty)",
			shape{provider: peering.AlibabaENS, connections: 2000, latency: 20 * ms},
			floor{pages: 21, rounds: 4, duration: 80 * ms}},
		{"ens: one short page",
			shape{provider: peering.AlibabaENS, connections: 99, latency: 20 * ms},
			floor{pages: 1, rounds: 1, duration: 20 * ms}},
		{"ens: a full page, then an empty one",
			shape{provider: peering.AlibabaENS, connections: 100, latency: 20 * ms},
			floor{pages: 2, rounds: 2, duration: 40 * ms}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := floorOf(tc.shape)
			require.Equal(t, tc.want, got)
			require.Equal(t, tc.want.pages+tc.want.vpcPages, got.requests())
		})
	}
}

func TestChainUnderLimit(t *testing.T) {
	const ms = time.Millisecond
	require.Equal(t, time.Duration(0), chainUnderLimit(0, 20*ms, 60, 1))
	require.Equal(t, 100*ms, chainUnderLimit(5, 20*ms, 0, 0), "no limit: the chain alone")
	require.Equal(t, 100*ms, chainUnderLimit(5, 20*ms, 60, 5), "the burst covers every request")
	// One a second after a burst of 2: requests 2, 3 and 4 wait for tokens
	// at 1s, 2s and 3s; the last answer comes a latency later.
	require.Equal(t, 3*time.Second+20*ms, chainUnderLimit(5, 20*ms, 60, 2))
	// A latency longer than the refill: the chain dominates again.
	require.Equal(t, 5*2*time.Second, chainUnderLimit(5, 2*time.Second, 60, 1))
}

func TestSchedule(t *testing.T) {
	d := func(s ...int) []time.Duration {
		out := make([]time.Duration, len(s))
		for i, v := range s {
			out[i] = time.Duration(v) * time.Second
		}
		return out
	}
	require.Equal(t, 5*time.Second, schedule(d(5, 3, 1), 8), "enough slots: the longest")
	require.Equal(t, 9*time.Second, schedule(d(5, 3, 1), 1), "one slot: the sum")
	require.Equal(t, 6*time.Second, schedule(d(5, 3, 3, 1), 2), "3 and 3 share a slot beside 5, then 1 follows 5")
	require.Equal(t, 6*time.Second, schedule(d(1, 1, 5), 2), "in the order given, the 5 starts late")
	require.Equal(t, 5*time.Second, schedule(d(5, 1, 1), 2), "longest first, it does not")
	require.Equal(t, time.Duration(0), schedule(nil, 2))
}
