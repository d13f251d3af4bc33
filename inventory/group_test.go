package inventory

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// groupBy keeps every item, puts the items of a key together in key
// order, and sorts each group.
func TestGroupBy(t *testing.T) {
	type item struct{ key, v uint32 }
	byKeyThenV := func(a, b item) int { return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.v, b.v)) }
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tt := range []struct {
		name    string
		n, keys int
	}{
		{"empty", 0, 4},
		{"one", 1, 1},
		{"few keys", 1000, 3},
		{"mostly singletons", 5000, 10000},
		{"keys unused", 10, 1 << 16},
	} {
		t.Run(tt.name, func(t *testing.T) {
			items := make([]item, tt.n)
			for i := range items {
				items[i] = item{uint32(rng.IntN(tt.keys)), uint32(rng.IntN(1 << 20))}
			}
			want := slices.Clone(items)
			slices.SortFunc(want, byKeyThenV)
			// Compare by v alone: grouping must come from the key.
			groupBy(items, tt.keys, func(x *item) uint32 { return x.key }, func(a, b item) int { return cmp.Compare(a.v, b.v) })
			require.Equal(t, want, items)
		})
	}
}
