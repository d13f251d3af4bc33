package alibabaens

import (
	"encoding/json"
	"fmt"
	"runtime"
	"testing"

	"github.com/peeringkit/peering"
)

// pageBody returns a DescribeNetworkPeerConnections answer of n
// connections made from the seed example.
func pageBody(b *testing.B, n int) []byte {
	b.Helper()
	ans, _, err := decodeDescribe(readFixture(b, "describe_network_peer_connections_seed004.json"))
	if err != nil {
		b.Fatal(err)
	}
	item := ans.NetworkPeerConnects[0]
	ans.NetworkPeerConnects = make([]NetworkPeerConnection, n)
	for i := range ans.NetworkPeerConnects {
		ans.NetworkPeerConnects[i] = item
		ans.NetworkPeerConnects[i].InstanceID = fmt.Sprintf("pcc-%021d", i)
	}
	ans.PageSize, ans.TotalCount = json.Number(fmt.Sprint(n)), json.Number(fmt.Sprint(n))
	out, err := json.Marshal(ans)
	if err != nil {
		b.Fatal(err)
	}
	return out
}

// BenchmarkDecodePage decodes and normalizes a page of 100 connections, as
// ListPage and List do with each answer; ns/conn and allocs/conn are per
// connection.
func BenchmarkDecodePage(b *testing.B) {
	const n = 100
	body := pageBody(b, n)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	b.ResetTimer()
	for range b.N {
		ans, _, err := decodeDescribe(body)
		if err != nil {
			b.Fatal(err)
		}
		conns := make([]peering.Connection, 0, n)
		for i := range ans.NetworkPeerConnects {
			conns = append(conns, connection(&ans.NetworkPeerConnects[i]))
		}
		if len(conns) != n {
			b.Fatal(len(conns))
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&ms1)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/conn")
	b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs)/float64(b.N*n), "allocs/conn")
}
