package inventory

import (
	"cmp"
	"math/rand/v2"
	"net/netip"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// overlapGroupsByPrefix is overlapGroups as it was first written, over
// netip values and with a fresh map and slices per hub: the reference
// that the integer sweep must agree with.
func overlapGroupsByPrefix(sides []peerSide) []overlapGroup {
	type item struct {
		p    netip.Prefix
		side int
	}
	var items []item
	for i, s := range sides {
		for _, p := range s.blocks {
			items = append(items, item{p, i})
		}
	}
	slices.SortFunc(items, func(a, b item) int { return comparePrefixes(a.p.Masked(), b.p.Masked()) })
	parent := make([]int, len(sides))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		if parent[i] != i {
			parent[i] = find(parent[i])
		}
		return parent[i]
	}
	lastAddr := func(p netip.Prefix) netip.Addr {
		a := p.Masked().Addr().AsSlice()
		for i := p.Bits(); i < len(a)*8; i++ {
			a[i/8] |= 1 << (7 - i%8)
		}
		last, _ := netip.AddrFromSlice(a)
		return last
	}
	involved := make([]bool, len(items))
	open := -1
	var openLast netip.Addr
	for j, it := range items {
		if open >= 0 && it.p.Addr().Is4() == items[open].p.Addr().Is4() && it.p.Masked().Addr().Compare(openLast) <= 0 {
			if it.side != items[open].side {
				parent[find(it.side)] = find(items[open].side)
				involved[j], involved[open] = true, true
			}
			continue
		}
		open, openLast = j, lastAddr(it.p)
	}
	order := make([]int, len(sides))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Or(cmp.Compare(find(a), find(b)), cmp.Compare(a, b)) })
	var out []overlapGroup
	group := make(map[int]int)
	for lo, hi := 0, 0; lo < len(order); lo = hi {
		root := find(order[lo])
		for hi = lo + 1; hi < len(order) && find(order[hi]) == root; hi++ {
		}
		if hi-lo >= 2 {
			group[root] = len(out)
			out = append(out, overlapGroup{sides: order[lo:hi:hi]})
		}
	}
	for j, it := range items {
		if involved[j] {
			g := &out[group[find(it.side)]]
			g.blocks = append(g.blocks, it.p)
		}
	}
	for i := range out {
		slices.SortFunc(out[i].blocks, comparePrefixes)
		out[i].blocks = slices.Clip(slices.Compact(out[i].blocks))
	}
	return out
}

// The sweep over integers finds the groups and blocks the sweep over
// netip values finds, hub after hub with one scratch: IPv4, IPv6 and
// IPv4-mapped blocks, nested, equal and apart, unmasked ones, lengths 0
// to the full address.
func TestOverlapGroupsAgreesWithPrefixSweep(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	block := func() netip.Prefix {
		switch rng.IntN(3) {
		case 0:
			a := netip.AddrFrom4([4]byte{10, byte(rng.IntN(4)), byte(rng.IntN(256)), byte(rng.IntN(256))})
			return netip.PrefixFrom(a, []int{0, 8, 15, 16, 17, 24, 32}[rng.IntN(7)])
		case 1:
			var b [16]byte
			b[0], b[1], b[7], b[15] = 0xfd, byte(rng.IntN(3)), byte(rng.IntN(256)), byte(rng.IntN(256))
			return netip.PrefixFrom(netip.AddrFrom16(b), []int{0, 8, 48, 56, 63, 64, 65, 120, 128}[rng.IntN(9)])
		}
		a := netip.AddrFrom16(netip.AddrFrom4([4]byte{10, byte(rng.IntN(4)), 0, 0}).As16()) // ::ffff:10.x.0.0
		return netip.PrefixFrom(a, []int{96, 104, 112, 128}[rng.IntN(4)])
	}
	var sc overlapScratch
	for hub := range 3000 {
		sides := make([]peerSide, 1+rng.IntN(12))
		for i := range sides {
			for range rng.IntN(4) {
				sides[i].blocks = append(sides[i].blocks, block())
			}
		}
		want := overlapGroupsByPrefix(sides)
		got := overlapGroups(sides, &sc)
		require.Equal(t, len(want), len(got), "hub %d: %v", hub, sides)
		for g := range want {
			require.Equal(t, want[g].sides, got[g].sides, "hub %d group %d", hub, g)
			require.Equal(t, want[g].blocks, got[g].blocks, "hub %d group %d", hub, g)
		}
	}
}
