package inventory

import (
	"cmp"
	"slices"
)

// groupBy orders items so that those of one key (below keys) are
// together, the groups in key order, each group sorted by compare. It
// places the items in their groups in place and in linear time, then sorts
// each group, most of which hold an item or two: for the million edges of
// a large estate's network graph, a fraction of a comparison sort's time,
// and no second copy of them.
func groupBy[T any](items []T, keys int, key func(*T) uint32, compare func(a, b T) int) {
	// start[k] is where group k begins; next[k] where its next item goes.
	start := make([]uint32, keys+1)
	for i := range items {
		start[key(&items[i])+1]++
	}
	for k := 1; k <= keys; k++ {
		start[k] += start[k-1]
	}
	next := slices.Clone(start[:keys])
	for k := range keys {
		// Each item swapped into place is one that belongs at next[k'];
		// each step settles one item, so the whole is linear.
		for next[k] < start[k+1] {
			i := next[k]
			if to := key(&items[i]); to != uint32(k) {
				items[i], items[next[to]] = items[next[to]], items[i]
				next[to]++
				continue
			}
			next[k]++
		}
	}
	for k := range keys {
		if g := items[start[k]:start[k+1]]; len(g) > 1 {
			slices.SortFunc(g, compare)
		}
	}
}

// networkPair is two networks and the record of the connection between
// them, as the graph's findings group them.
type networkPair struct {
	a, b netKey
	row  uint32
}

// compare orders pairs by a, b, then row.
func (x networkPair) compare(y networkPair) int {
	// Not cmp.Or, which would compare all three every time.
	switch {
	case x.a != y.a:
		return cmp.Compare(x.a, y.a)
	case x.b != y.b:
		return cmp.Compare(x.b, y.b)
	}
	return cmp.Compare(x.row, y.row)
}
