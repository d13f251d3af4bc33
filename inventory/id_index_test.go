package inventory

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The index finds every row by its ID through many growths, finds no row
// for an ID it was not given, and tells apart IDs whose 32-bit hashes are
// equal, which a table of a million IDs is sure to hold.
func TestIDIndex(t *testing.T) {
	var ids []string
	x := newIDIndex(func(row uint32) string { return ids[row] })

	// Two IDs of one hash, found by trying: a birthday search over 2^32
	// hashes needs some 80,000 IDs.
	byHash := make(map[uint32]string)
	var twins [2]string
	for i := 0; twins[0] == ""; i++ {
		require.Less(t, i, 4_000_000, "no two IDs of one hash")
		id := fmt.Sprintf("twin-%d", i)
		if other, ok := byHash[x.hash(id)]; ok {
			twins = [2]string{other, id}
		}
		byHash[x.hash(id)] = id
	}

	for _, id := range append([]string{twins[0]}, twins[1]) {
		_, ok := x.find(id)
		require.False(t, ok, "%s before it is added", id)
		ids = append(ids, id)
		x.add(id, uint32(len(ids)-1))
	}
	const n = 100_000
	for i := range n {
		id := fmt.Sprintf("pcc-%06d", i)
		ids = append(ids, id)
		x.add(id, uint32(len(ids)-1))
	}
	for row, id := range ids {
		got, ok := x.find(id)
		require.True(t, ok, id)
		require.Equal(t, uint32(row), got, id)
	}
	for _, id := range []string{"", "pcc-", "pcc-100000", "twin-"} {
		_, ok := x.find(id)
		assert.False(t, ok, "%q was never added", id)
	}
	assert.GreaterOrEqual(t, 3*len(x.slots), 4*x.n, "at most three quarters full")
}
