package alibabavpc

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/peeringkit/peering"
)

// pageBody returns a ListVpcPeerConnections answer of n connections made
// from the seed example, with real IPv6 blocks instead of its masked ones.
func pageBody(b *testing.B, n int) []byte {
	b.Helper()
	body := strings.ReplaceAll(string(readFixture(b, "list_vpc_peer_connections_seed001_exact_owner_id.json")), "XXXX", "4000")
	ans, err := decodeList([]byte(body))
	if err != nil {
		b.Fatal(err)
	}
	item := ans.VpcPeerConnects[0]
	ans.VpcPeerConnects = make([]VpcPeerConnection, n)
	for i := range ans.VpcPeerConnects {
		ans.VpcPeerConnects[i] = item
		ans.VpcPeerConnects[i].InstanceID = fmt.Sprintf("pcc-%022d", i)
	}
	out, err := json.Marshal(ans)
	if err != nil {
		b.Fatal(err)
	}
	return out
}

// BenchmarkDecodePage decodes and normalizes a page of 100 connections, as
// ListPage does with each answer; ns/conn and allocs/conn are per connection.
func BenchmarkDecodePage(b *testing.B) {
	const n = 100
	body := pageBody(b, n)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	b.ResetTimer()
	for range b.N {
		ans, err := decodeList(body)
		if err != nil {
			b.Fatal(err)
		}
		conns := make([]peering.Connection, 0, n)
		for i := range ans.VpcPeerConnects {
			conns = append(conns, connection(&ans.VpcPeerConnects[i], "253460731706911258"))
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
