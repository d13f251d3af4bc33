package inventory

import (
	"fmt"
	"net/netip"
	"runtime"
	"testing"
	"time"

	"github.com/peeringkit/peering"
)

// benchViews returns the views of n connections among n/10 networks of
// two accounts, as two targets listed them: every third connection crosses
// accounts and is seen by both, with blocks drawn from a small pool so
// that some peers of a network overlap.
func benchViews(n int) map[Ref][]view {
	views := make(map[Ref][]view, n)
	nets := max(n/10, 2)
	block := func(i int) netip.Prefix {
		return netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i % 200), 0, 0}), 16)
	}
	for i := range n {
		a, b := i%nets, (i*7+1)%nets
		c := peering.Connection{
			Provider: peering.AlibabaVPC, ID: fmt.Sprintf("pcc-%08d", i), Status: peering.StatusActive, ProviderStatus: "Activated",
			Bandwidth: 100, Role: peering.RoleRequester, CreatedAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
			Requester: peering.Endpoint{NetworkID: fmt.Sprintf("vpc-%06d", a), Region: "cn-hangzhou", AccountID: "1", IPv4CIDRs: []netip.Prefix{block(a)}},
			Accepter:  peering.Endpoint{NetworkID: fmt.Sprintf("vpc-%06d", b), Region: "cn-hangzhou", AccountID: "1", IPv4CIDRs: []netip.Prefix{block(b)}},
		}
		ref := Ref{Provider: c.Provider, ID: c.ID}
		if i%3 == 0 {
			c.Accepter.AccountID = "2"
			other := c
			other.Role = peering.RoleAccepter
			views[ref] = append(views[ref], view{target: 1, name: "b/cn-hangzhou", conn: other})
		}
		views[ref] = append(views[ref], view{target: 0, name: "a/cn-hangzhou", conn: c})
	}
	return views
}

// BenchmarkMergeAnalyze merges the views of 100,000 connections into
// records and analyzes them (graph and findings), and reports the cost per
// connection, allocations included.
//
//	go test -run '^$' -bench '^BenchmarkMergeAnalyze$' ./inventory
func BenchmarkMergeAnalyze(b *testing.B) {
	const n = 100_000
	opts := Options{}.withDefaults()
	var ms runtime.MemStats
	var mallocs, bytes uint64
	for b.Loop() {
		b.StopTimer()
		c := &collector{views: benchViews(n)}
		runtime.ReadMemStats(&ms)
		m0, b0 := ms.Mallocs, ms.TotalAlloc
		b.StartTimer()
		inv := build(c.merge(), nil, opts)
		b.StopTimer()
		runtime.ReadMemStats(&ms)
		mallocs, bytes = mallocs+ms.Mallocs-m0, bytes+ms.TotalAlloc-b0
		if len(inv.Records) != n {
			b.Fatalf("%d records, want %d", len(inv.Records), n)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/conn")
	b.ReportMetric(float64(mallocs)/float64(b.N*n), "allocs/conn")
	b.ReportMetric(float64(bytes)/float64(b.N*n), "B/conn")
}
