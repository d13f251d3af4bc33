package aliyunrpc

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/peeringkit/peering"
)

// BenchmarkAttempt sends one call to a loopback server answering a 200 KB
// body, about a page of 100 connections, and hands the body to Decode.
// B/op beyond the body's size is what reading an answer costs: a buffer
// grown from nothing and a copy into a string would be three times it.
func BenchmarkAttempt(b *testing.B) {
	body := []byte(`{"RequestId":"r","Items":"` + strings.Repeat("x", 200<<10) + `"}`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	c, err := New(Config{Provider: peering.AlibabaVPC, Credentials: Credentials{AccessKeyID: "id", AccessKeySecret: "secret-value"},
		Endpoint: srv.URL, DefaultHost: "vpcpeer.aliyuncs.com", Region: "cn-hangzhou", MaxAttempts: 1, Transport: srv.Client().Transport})
	if err != nil {
		b.Fatal(err)
	}
	call := listCall()
	call.Decode = func(got []byte) error {
		if len(got) != len(body) {
			return fmt.Errorf("decoded %d bytes, want %d", len(got), len(body))
		}
		return nil
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for range b.N {
		if err := c.Do(context.Background(), call); err != nil {
			b.Fatal(err)
		}
	}
}
