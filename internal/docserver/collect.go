package docserver

import (
	"iter"

	"github.com/peeringkit/peering"
)

// Collect drains a listing and returns the IDs it yielded, in order, and
// the error that ended it (nil when it ended by itself). Tests compare the
// IDs with [Once] and the error with peering.Code.
func Collect(seq iter.Seq2[peering.Connection, error]) ([]string, error) {
	var ids []string
	for c, err := range seq {
		if err != nil {
			return ids, err
		}
		ids = append(ids, c.ID)
	}
	return ids, nil
}

// ItemIDs returns the IDs of items, in order.
func ItemIDs(items []Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.ID
	}
	return out
}
