package inventory_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/inventory"
)

// An inventory holds its records compactly: a record costs well under the
// size of the peering.Connection it was listed as (some 500 bytes of
// struct, before its strings, maps and slices), because what records
// repeat is held once. The bound is the heap the finished inventory holds
// per record, the emulator's own state excluded; a []Record held 1.5 KB.
func TestCollectHoldsRecordsCompactly(t *testing.T) {
	srv, err := emulator.Start(emulator.Options{Seed: 1, Connections: 2000})
	require.NoError(t, err)
	defer srv.Close()
	srv.Clock.Freeze()
	targets := emulatorTargets(t, srv)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	inv, err := inventory.Collect(context.Background(), targets, inventory.Options{Now: srv.Clock.Now})
	require.NoError(t, err)
	require.Empty(t, inv.Errors)
	runtime.GC()
	runtime.ReadMemStats(&after)
	perRecord := float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(inv.Records.Len())
	assert.Less(t, perRecord, 800.0, "heap held per record, bytes")
	runtime.KeepAlive(inv)
}
