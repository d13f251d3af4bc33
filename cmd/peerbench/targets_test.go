package main

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering"
)

func TestPickTargets(t *testing.T) {
	all := []peering.Provider{peering.Baidu, peering.AlibabaVPC, peering.AlibabaENS}
	for _, tc := range []struct {
		name      string
		n         int
		providers []peering.Provider
		accounts  int
		regions   int
		first     []string // the first names picked, in order
		counts    map[peering.Provider]int
	}{
		{"two: one of each regional provider, first account, default region", 2, all, 2, 0,
			[]string{"baidu/baidu-a/bj", "alibaba-vpc/alibaba-a/cn-hangzhou"},
			map[peering.Provider]int{peering.Baidu: 1, peering.AlibabaVPC: 1}},
		{"fourteen: the providers in turn, accounts before regions", 14, all, 2, 0,
			[]string{"baidu/baidu-a/bj", "alibaba-vpc/alibaba-a/cn-hangzhou", "alibaba-ens/alibaba-a",
				"baidu/baidu-b/bj", "alibaba-vpc/alibaba-b/cn-hangzhou", "alibaba-ens/alibaba-b", "baidu/baidu-a/gz"},
			map[peering.Provider]int{peering.Baidu: 6, peering.AlibabaVPC: 6, peering.AlibabaENS: 2}},
		{"sixty: ENS and then Baidu run out, VpcPeer fills the rest", 60, all, 2, 0, nil,
			map[peering.Provider]int{peering.Baidu: 18, peering.AlibabaVPC: 40, peering.AlibabaENS: 2}},
		{"every candidate of one account in one region", 0, all, 1, 1,
			[]string{"baidu/baidu-a/bj", "alibaba-vpc/alibaba-a/cn-hangzhou", "alibaba-ens/alibaba-a"},
			map[peering.Provider]int{peering.Baidu: 1, peering.AlibabaVPC: 1, peering.AlibabaENS: 1}},
		{"the default estate: two accounts, three regions", 0, all, 2, 3, nil,
			map[peering.Provider]int{peering.Baidu: 6, peering.AlibabaVPC: 6, peering.AlibabaENS: 2}},
		{"one provider, past the emulator's default regions", 5, []peering.Provider{peering.Baidu}, 1, 0,
			[]string{"baidu/baidu-a/bj", "baidu/baidu-a/gz", "baidu/baidu-a/su", "baidu/baidu-a/hkg", "baidu/baidu-a/fwh"},
			map[peering.Provider]int{peering.Baidu: 5}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := pickTargets(tc.n, tc.providers, tc.accounts, tc.regions)
			require.NoError(t, err)
			again, err := pickTargets(tc.n, tc.providers, tc.accounts, tc.regions)
			require.NoError(t, err)
			require.Equal(t, got, again, "the same flags, the same estate")
			counts := make(map[peering.Provider]int)
			seen := make(map[targetID]bool)
			for i, id := range got {
				counts[id.provider]++
				require.False(t, seen[id], "%v twice: two targets would share a rate-limit bucket", id)
				seen[id] = true
				if i < len(tc.first) {
					require.Equal(t, tc.first[i], id.name(), "target %d", i)
				}
			}
			require.Equal(t, tc.counts, counts)
		})
	}

	_, err := pickTargets(75, all, 2, 0)
	require.ErrorContains(t, err, "75 targets asked")
	_, err = pickTargets(3, []peering.Provider{peering.AlibabaENS}, 2, 0)
	require.ErrorContains(t, err, "have 2")
}
