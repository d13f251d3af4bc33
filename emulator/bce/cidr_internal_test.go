package bce

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"
)

// Blocks are private, aligned and disjoint until the pools run out, then
// the allocator starts over.
func TestCIDRAllocator(t *testing.T) {
	var a cidrAllocator
	sizes := []int{16, 20, 24, 20, 16}
	var got []string
	units := 0
	for i := 0; units < units10+units172-16; i++ {
		bits := sizes[i%len(sizes)]
		p := a.take(bits)
		require.True(t, p.Addr().IsPrivate(), p)
		require.Equal(t, p.Masked(), p, "%s is not aligned", p)
		require.Equal(t, bits, p.Bits())
		got = append(got, p.String())
		units = int(a.next)
	}
	seen := map[string]bool{}
	second := netip.MustParsePrefix("172.16.0.0/12")
	inSecond := 0
	for i, s := range got {
		require.False(t, seen[s], "%s handed out twice", s)
		seen[s] = true
		p := netip.MustParsePrefix(s)
		for _, q := range got[:i] {
			require.False(t, p.Overlaps(netip.MustParsePrefix(q)), "%s overlaps %s", s, q)
		}
		if second.Contains(p.Addr()) {
			inSecond++
		}
	}
	require.Positive(t, inSecond, "the second pool is used")
	for a.next+16 <= units10+units172 {
		a.take(16)
	}
	require.Equal(t, "10.0.0.0/16", a.take(16).String(), "the allocator starts over")
}
