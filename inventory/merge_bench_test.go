package inventory

import (
	"fmt"
	"net/netip"
	"runtime"
	"testing"
	"time"

	"github.com/peeringkit/peering"
)

// benchView is one target's view of a connection.
type benchView struct {
	target int
	name   string
	conn   peering.Connection
}

// benchViews returns the views of n connections among n/10 networks of
// two accounts, as two targets listed them: every third connection crosses
// accounts and is seen by both, with blocks drawn from a small pool so
// that some peers of a network overlap.
func benchViews(n int) []benchView {
	views := make([]benchView, 0, n+n/3+1)
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
		if i%3 == 0 {
			c.Accepter.AccountID = "2"
			other := c
			other.Role = peering.RoleAccepter
			views = append(views, benchView{target: 1, name: "b/cn-hangzhou", conn: other})
		}
		views = append(views, benchView{target: 0, name: "a/cn-hangzhou", conn: c})
	}
	return views
}

// BenchmarkMergeAnalyze merges the views of 100,000 connections into
// records, as Collect does when they arrive, and analyzes them (graph and
// findings), and reports the cost per connection, allocations included,
// and the heap the records hold (retained-B/record).
//
//	go test -run '^$' -bench '^BenchmarkMergeAnalyze$' ./inventory
func BenchmarkMergeAnalyze(b *testing.B) {
	const n = 100_000
	opts := Options{}.withDefaults()
	var ms runtime.MemStats
	var mallocs, bytes uint64
	var retained float64
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&ms)
		h0 := ms.HeapAlloc
		views := benchViews(n)
		runtime.ReadMemStats(&ms)
		m0, b0 := ms.Mallocs, ms.TotalAlloc
		b.StartTimer()
		bl := newBuilder()
		for i := range views {
			v := &views[i]
			seen := [1]Sighting{{Target: v.name, Role: v.conn.Role}}
			bl.add(v.target, &v.conn, seen[:])
		}
		recs := bl.finish()
		inv := build(recs, nil, opts)
		b.StopTimer()
		runtime.ReadMemStats(&ms)
		mallocs, bytes = mallocs+ms.Mallocs-m0, bytes+ms.TotalAlloc-b0
		if inv.Records.Len() != n {
			b.Fatalf("%d records, want %d", inv.Records.Len(), n)
		}
		views = nil
		runtime.GC()
		runtime.ReadMemStats(&ms)
		retained = float64(int64(ms.HeapAlloc)-int64(h0)) / n
		runtime.KeepAlive(inv)
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/conn")
	b.ReportMetric(float64(mallocs)/float64(b.N*n), "allocs/conn")
	b.ReportMetric(float64(bytes)/float64(b.N*n), "B/conn")
	b.ReportMetric(retained, "retained-B/record")
}
