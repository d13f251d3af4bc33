package inventory_test

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/inventory"
)

// spokes returns active connections from vpc-hub (10.255.0.0/16) to one
// network per block, named vpc-s0, vpc-s1, ...
func spokes(blocks ...string) []inventory.Record {
	var out []inventory.Record
	for i, b := range blocks {
		out = append(out, conn(fmt.Sprintf("pcc-%d", i), "active", "vpc-hub", fmt.Sprintf("vpc-s%d", i), []string{"10.255.0.0/16"}, strings.Fields(b)))
	}
	return out
}

// The peers of a hub whose blocks overlap, directly or through one
// another, make one finding per group, naming every peer of the group and
// the blocks that overlap.
func TestPeerOverlapGroups(t *testing.T) {
	v6 := spokes("10.0.0.0/16", "10.1.0.0/16")
	v6[0].Accepter.IPv6CIDRs = []netip.Prefix{netip.MustParsePrefix("2408:4000::/56")}
	v6[1].Accepter.IPv6CIDRs = []netip.Prefix{netip.MustParsePrefix("2408:4000:0:10::/60")}
	for _, tc := range []struct {
		name     string
		records  []inventory.Record
		groups   [][]string // the spokes of each finding, in order
		prefixes [][]string
		message  string // a part of the first finding's message
	}{
		{"no two overlap", spokes("10.0.0.0/16", "10.1.0.0/16", "10.2.0.0/16"), nil, nil, ""},
		{"a pair", spokes("10.0.0.0/16", "10.1.0.0/16", "10.0.0.0/20"),
			[][]string{{"vpc-s0", "vpc-s2"}}, [][]string{{"10.0.0.0/16", "10.0.0.0/20"}},
			"is peered with vpc-s0 (pcc-0) and vpc-s2 (pcc-2), whose address blocks overlap (10.0.0.0/16 ~ 10.0.0.0/20): it cannot route the shared range to both"},
		{"three alike are one finding", spokes("192.168.0.0/16", "192.168.0.0/16", "192.168.0.0/16"),
			[][]string{{"vpc-s0", "vpc-s1", "vpc-s2"}}, [][]string{{"192.168.0.0/16"}},
			"is peered with vpc-s0 (pcc-0), vpc-s1 (pcc-1) and vpc-s2 (pcc-2), whose address blocks overlap (192.168.0.0/16): it cannot route the shared range to all of them"},
		{"two inside a wide one", spokes("10.1.0.0/16", "10.0.0.0/8", "10.2.0.0/16"),
			[][]string{{"vpc-s0", "vpc-s1", "vpc-s2"}}, [][]string{{"10.0.0.0/8", "10.1.0.0/16", "10.2.0.0/16"}}, "all of them"},
		{"two groups", spokes("10.0.0.0/16", "172.16.0.0/12", "10.0.1.0/24", "172.16.5.0/24", "192.168.0.0/24"),
			[][]string{{"vpc-s0", "vpc-s2"}, {"vpc-s1", "vpc-s3"}}, [][]string{{"10.0.0.0/16", "10.0.1.0/24"}, {"172.16.0.0/12", "172.16.5.0/24"}}, ""},
		{"a peer's own blocks do not make a group", spokes("10.0.0.0/16 10.0.1.0/24", "10.1.0.0/16"), nil, nil, ""},
		{"chained through a second block", spokes("10.0.0.0/16 172.16.0.0/16", "10.0.0.0/24", "172.16.9.0/24"),
			[][]string{{"vpc-s0", "vpc-s1", "vpc-s2"}}, [][]string{{"10.0.0.0/16", "10.0.0.0/24", "172.16.0.0/16", "172.16.9.0/24"}}, ""},
		{"a large group's message names five peers and five blocks", spokes("10.0.0.0/8", "10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16", "10.4.0.0/16", "10.5.0.0/16", "10.6.0.0/16"),
			[][]string{{"vpc-s0", "vpc-s1", "vpc-s2", "vpc-s3", "vpc-s4", "vpc-s5", "vpc-s6"}},
			[][]string{{"10.0.0.0/8", "10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16", "10.4.0.0/16", "10.5.0.0/16", "10.6.0.0/16"}},
			"is peered with vpc-s0 (pcc-0), vpc-s1 (pcc-1), vpc-s2 (pcc-2), vpc-s3 (pcc-3), vpc-s4 (pcc-4) and 2 more networks, whose address blocks overlap (10.0.0.0/8, 10.1.0.0/16, 10.2.0.0/16, 10.3.0.0/16, 10.4.0.0/16, and 2 more): it cannot route the shared range to all of them"},
		{"IPv6 blocks overlap apart from IPv4", v6,
			[][]string{{"vpc-s0", "vpc-s1"}}, [][]string{{"2408:4000::/56", "2408:4000:0:10::/60"}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inv := inventory.Analyze(tc.records, inventory.Options{Now: func() time.Time { return fixtureNow }})
			var groups, prefixes [][]string
			var first string
			for _, f := range inv.Findings {
				if f.Kind != inventory.KindPeerCIDROverlap {
					continue
				}
				var g, p []string
				for _, n := range f.Networks {
					if n.ID != "vpc-hub" {
						g = append(g, n.ID)
					}
				}
				for _, b := range f.Prefixes {
					p = append(p, b.String())
				}
				require.Len(t, f.Connections, len(g), "a connection per peer")
				groups, prefixes = append(groups, g), append(prefixes, p)
				if first == "" {
					first = f.Message
				}
			}
			assert.Equal(t, tc.groups, groups)
			assert.Equal(t, tc.prefixes, prefixes)
			assert.Contains(t, first, tc.message)
		})
	}
}

// A hub with many peers on one block is one finding, however many peers:
// findings grow with the networks, not with the pairs.
func TestPeerOverlapManySpokes(t *testing.T) {
	blocks := make([]string, 300)
	for i := range blocks {
		blocks[i] = "10.0.0.0/16"
	}
	inv := inventory.Analyze(spokes(blocks...), inventory.Options{Now: func() time.Time { return fixtureNow }})
	require.Len(t, inv.Findings, 1)
	assert.Equal(t, inventory.KindPeerCIDROverlap, inv.Findings[0].Kind)
	assert.Len(t, inv.Findings[0].Connections, 300)
	assert.Len(t, inv.Findings[0].Networks, 301)
	assert.Equal(t, peering.AlibabaVPC, inv.Findings[0].Networks[0].Provider)
	assert.Less(t, len(inv.Findings[0].Message), 300, "one sentence, not three hundred names: %s", inv.Findings[0].Message)
}
