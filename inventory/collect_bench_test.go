package inventory_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/inventory"
)

// BenchmarkCollect lists the emulator's estate through the real adapters,
// merges and analyzes it, and reports the time per connection listed (both
// sides of a cross-account peering count) and the heap the finished
// inventory holds per record, that is per unique connection
// (retained-B/record: what stays live after a collection, the emulator's
// own state excluded).
//
//	go test -run '^$' -bench '^BenchmarkCollect$' -benchmem ./inventory
func BenchmarkCollect(b *testing.B) {
	srv, err := emulator.Start(emulator.Options{Seed: 1, Connections: 2000})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	srv.Clock.Freeze()
	targets := emulatorTargets(b, srv)
	ctx := context.Background()
	var (
		inv      *inventory.Inventory
		listed   int
		retained float64
	)
	for b.Loop() {
		inv = nil
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		inv, err = inventory.Collect(ctx, targets, inventory.Options{Now: srv.Clock.Now})
		if err != nil || len(inv.Errors) > 0 {
			b.Fatal(err, inv.Errors)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		listed = 0
		for _, r := range inv.Records.All() {
			listed += len(r.SeenBy)
		}
		retained = float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(inv.Records.Len())
	}
	keptInventory = inv // live for a heap profile taken after the benchmark
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(listed), "ns/conn")
	b.ReportMetric(retained, "retained-B/record")
	b.ReportMetric(float64(inv.Records.Len()), "records")
	b.ReportMetric(float64(len(inv.Findings)), "findings")
}

// keptInventory holds the last inventory BenchmarkCollect made, so that
// -memprofile's in-use view shows what an inventory holds.
var keptInventory *inventory.Inventory
