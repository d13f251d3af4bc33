package inventory

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering"
)

// The orderer returns every row it was given once, in provider-then-ID
// order, however the rows arrive: fewer than a batch (no goroutine),
// exactly a batch, and many batches of providers interleaved, so that runs
// of every length are merged.
func TestOrdererOrdersRows(t *testing.T) {
	providers := []peering.Provider{peering.AlibabaVPC, peering.Baidu, peering.AlibabaENS}
	for _, tt := range []struct {
		name      string
		n         int
		providers int
		id        func(r *rand.Rand, i int) string
	}{
		{"none", 0, 1, nil},
		{"one", 1, 1, func(*rand.Rand, int) string { return "a" }},
		{"less than a batch, reversed", orderBatch - 1, 1, func(_ *rand.Rand, i int) string { return fmt.Sprintf("p%08d", orderBatch-i) }},
		{"a batch exactly", orderBatch, 1, func(r *rand.Rand, i int) string { return fmt.Sprintf("p%08d-%d", r.IntN(1e8), i) }},
		{"a batch and one", orderBatch + 1, 1, func(_ *rand.Rand, i int) string { return fmt.Sprintf("p%08d", orderBatch-i) }},
		{"in order already", 5 * orderBatch, 2, func(_ *rand.Rand, i int) string { return fmt.Sprintf("p%08d", i) }},
		{"random, three providers", 17*orderBatch + 5, 3, func(r *rand.Rand, i int) string { return fmt.Sprintf("%x-%d", r.Uint64(), i) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, uint64(tt.n)))
			type made struct {
				provider peering.Provider
				id       string
			}
			rows := make([]made, tt.n)
			var o orderer
			for i := range rows {
				rows[i] = made{providers[r.IntN(tt.providers)], tt.id(r, i)}
				o.add(rows[i].provider, rows[i].id, uint32(i))
			}
			got := o.order(tt.n)

			want := make([]uint32, tt.n)
			for i := range want {
				want[i] = uint32(i)
			}
			slices.SortFunc(want, func(a, b uint32) int {
				return cmp.Or(cmp.Compare(rows[a].provider, rows[b].provider), cmp.Compare(rows[a].id, rows[b].id))
			})
			require.Len(t, got, tt.n)
			assert.Equal(t, want, got)
			counts := map[peering.Provider]int{}
			for _, m := range rows {
				counts[m.provider]++
			}
			full := slices.ContainsFunc(providers, func(p peering.Provider) bool { return counts[p] >= orderBatch })
			assert.Equal(t, full, o.work != nil, "the goroutine starts with the first full batch of a provider, and only then")
		})
	}
}
