package baidu

import (
	"encoding/json"
	"fmt"
	"runtime"
	"testing"
	"time"
)

// pageJSON returns a full list answer of n connections in the shape the
// emulator (and the live API) sends: every field, bandwidthInMbps, two
// tags, zone-less times, a mix of statuses, roles and payment timings.
func pageJSON(n int) []byte {
	statuses := []string{"active", "active", "active", "consulting", "creating", "down", "deleting", "consult_failed"}
	type tag struct {
		TagKey   string `json:"tagKey"`
		TagValue string `json:"tagValue"`
	}
	type item struct {
		PeerConnID      string `json:"peerConnId"`
		Role            string `json:"role"`
		Status          string `json:"status"`
		BandwidthInMbps int    `json:"bandwidthInMbps"`
		Description     string `json:"description"`
		LocalIfID       string `json:"localIfId"`
		LocalIfName     string `json:"localIfName"`
		LocalVpcID      string `json:"localVpcId"`
		LocalRegion     string `json:"localRegion"`
		PeerVpcID       string `json:"peerVpcId"`
		PeerRegion      string `json:"peerRegion"`
		PeerAccountID   string `json:"peerAccountId"`
		DNSStatus       string `json:"dnsStatus"`
		PaymentTiming   string `json:"paymentTiming"`
		CreatedTime     string `json:"createdTime"`
		ExpiredTime     string `json:"expiredTime"`
		Tags            []tag  `json:"tags"`
		DeleteProtect   bool   `json:"deleteProtect"`
	}
	page := struct {
		PeerConns   []item `json:"peerConns"`
		Marker      string `json:"marker"`
		IsTruncated bool   `json:"isTruncated"`
		NextMarker  string `json:"nextMarker"`
		MaxKeys     int    `json:"maxKeys"`
	}{Marker: "peerconn-000000000000", IsTruncated: true, NextMarker: fmt.Sprintf("peerconn-%012d", n), MaxKeys: n}
	base := time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		it := item{
			PeerConnID: fmt.Sprintf("peerconn-%012d", i), Role: "initiator", Status: statuses[i%len(statuses)],
			BandwidthInMbps: 10 * (1 + i%50), Description: fmt.Sprintf("link %d to the data centre", i),
			LocalIfID: fmt.Sprintf("qpif-%012d", i), LocalIfName: fmt.Sprintf("if-%d", i),
			LocalVpcID: fmt.Sprintf("vpc-%012d", i%37), LocalRegion: "bj",
			PeerVpcID: fmt.Sprintf("vpc-%012d", 100+i%53), PeerRegion: []string{"bj", "gz", "su"}[i%3],
			PeerAccountID: "75c14a239bb24b9e88b695e8e9e47952", DNSStatus: "close", PaymentTiming: "Postpaid",
			CreatedTime: base.Add(time.Duration(i) * time.Minute).Format("2006-01-02 15:04:05"),
			Tags:        []tag{{"env", "prod"}, {"team", fmt.Sprintf("t%d", i%7)}},
		}
		if i%4 == 1 {
			it.Role = "acceptor"
		}
		if i%5 == 0 {
			it.PaymentTiming, it.ExpiredTime = "Prepaid", base.AddDate(1, 0, 0).Format("2006-01-02 15:04:05")
		}
		page.PeerConns = append(page.PeerConns, it)
	}
	b, err := json.Marshal(page)
	if err != nil {
		panic(err)
	}
	return b
}

// BenchmarkDecodePage decodes and normalizes a 1000-connection page as
// ListPage does (stream decode, convert, filter; no VPC look-ups) and
// reports the cost per connection.
func BenchmarkDecodePage(b *testing.B) {
	const n = 1000
	body := pageJSON(n)
	c, err := New(Options{Region: "bj", NoVPCLookup: true,
		Credentials: Credentials{AccessKeyID: "ak", SecretAccessKey: "sk-bench-0123456789"}})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	mallocs := ms.Mallocs
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		page, err := decodePage(body, "peerconn-000000000000", n)
		if err != nil {
			b.Fatal(err)
		}
		conns, err := c.connections("ListPage", page.PeerConns)
		if err != nil || len(conns) != n {
			b.Fatalf("%d connections, %v", len(conns), err)
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/conn")
	b.ReportMetric(float64(ms.Mallocs-mallocs)/float64(b.N*n), "allocs/conn")
}
