package inventory_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/inventory"
)

// assertFindingJSON asserts that f is written as encoding/json writes it,
// alone (the json format's) and as the ndjson line's object.
func assertFindingJSON(t testing.TB, f inventory.Finding) {
	t.Helper()
	for _, typ := range []string{"", "finding"} {
		direct, err := inventory.AppendFindingJSON([]byte("kept"), &f, typ)
		require.NoError(t, err)
		reflected, err := inventory.ReflectedFindingJSON(&f, typ)
		require.NoError(t, err)
		if !bytes.Equal(append([]byte("kept"), reflected...), direct) {
			t.Fatalf("type %q: wrote\n%s\nencoding/json writes\n%s", typ, direct, reflected)
		}
	}
}

// The appender follows the types: a field added, retagged or given a
// method of its own turns it off, and this test fails until it follows.
func TestFindingJSONDirect(t *testing.T) {
	assert.True(t, inventory.FindingJSONDirect)
}

// Every finding of an estate is written as encoding/json writes it: one
// at a time, as the ndjson writer's lines (json.Encoder's before), and as
// the json format's findings (json.MarshalIndent's before).
func TestFindingJSONEstate(t *testing.T) {
	srv := startEmulator(t, 60)
	collected, err := inventory.Collect(context.Background(), emulatorTargets(t, srv), inventory.Options{Now: srv.Clock.Now, Routes: true})
	require.NoError(t, err)
	for name, inv := range map[string]*inventory.Inventory{"emulator": collected, "fixture with routes": estateWithRoutes(t)} {
		t.Run(name, func(t *testing.T) {
			require.NotEmpty(t, inv.Findings)
			routes := 0
			var want bytes.Buffer
			enc := json.NewEncoder(&want)
			for _, f := range inv.Findings {
				assertFindingJSON(t, f)
				routes += len(f.Routes)
				require.NoError(t, enc.Encode(struct {
					Type string `json:"type"`
					inventory.Finding
				}{"finding", f}))
			}
			assert.NotZero(t, routes, "no finding names a route")

			var nd bytes.Buffer
			require.NoError(t, inventory.NewNDJSONWriter(&nd).Finish(&inventory.Inventory{Findings: inv.Findings}))
			assert.Equal(t, want.String(), nd.String())

			var doc bytes.Buffer
			require.NoError(t, inventory.Render(&doc, inv, inventory.JSON))
			findings, err := json.MarshalIndent(inv.Findings, "  ", "  ")
			require.NoError(t, err)
			assert.Contains(t, doc.String(), "\n  \"findings\": "+string(findings)+",\n")
		})
	}
}

// hostileFindings are findings whose every field is at an edge of what
// encoding/json escapes, omits or writes as null.
func hostileFindings() map[string]inventory.Finding {
	odd := "q\"b\\s/<a>&amp;\u2028\u2029\x00\x01\x1f\x7f\b\f\n\r\t\xff\xc3(é€😀\ufffd"
	refs := []inventory.Ref{{Provider: "baidu<", ID: odd}, {}, {Provider: peering.AlibabaENS, ID: "n-1"}}
	prefixes := []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("0.0.0.0/0"), {},
		netip.MustParsePrefix("2001:db8::/32"), netip.MustParsePrefix("::ffff:10.0.0.0/104"), netip.MustParsePrefix("::/0"),
		netip.PrefixFrom(netip.MustParseAddr("fe80::1%eth0"), 64), netip.PrefixFrom(netip.MustParseAddr("::1"), 200),
	}
	routes := []inventory.RouteRef{
		{Network: refs[0], Table: odd, Route: odd, Destination: prefixes[4], NextHop: odd},
		{Network: refs[2], Table: "vtb-1", Destination: netip.MustParsePrefix("192.168.0.0/16"), NextHop: "peering pcc-1"}, // no route ID
		{},                         // the zero destination is written as ""
		{Destination: prefixes[7]}, // and an invalid one as "invalid Prefix"
	}
	full := inventory.Finding{Kind: inventory.Kind(odd), Severity: inventory.Severity(odd),
		Connections: refs, Networks: refs, Prefixes: prefixes, Routes: routes, Message: odd}
	return map[string]inventory.Finding{
		"zero":                 {},
		"empty non-nil":        {Connections: []inventory.Ref{}, Networks: []inventory.Ref{}, Prefixes: []netip.Prefix{}, Routes: []inventory.RouteRef{}},
		"full":                 full,
		"nil connections":      {Kind: inventory.KindSelfPeering, Networks: refs[:1], Message: "m"},
		"nil networks":         {Kind: inventory.KindStuck, Connections: refs[2:], Message: "<m>"},
		"one prefix":           {Kind: inventory.KindCIDROverlap, Prefixes: prefixes[:1]},
		"IPv6 prefixes":        {Prefixes: prefixes[3:6]},
		"route without its ID": {Routes: routes[1:2]},
		"zero route":           {Connections: []inventory.Ref{}, Routes: routes[2:3]},
	}
}

func TestFindingJSONHostile(t *testing.T) {
	for name, f := range hostileFindings() {
		t.Run(name, func(t *testing.T) { assertFindingJSON(t, f) })
	}
}

func FuzzFindingJSON(f *testing.F) {
	f.Add("peer-cidr-overlap", "error", "alibaba-vpc", "vpc-1", "<a>&\u2028", "\xff\x00\"\\", []byte{10, 0, 0, 0}, 8, 3, true, true)
	f.Add("", "", "", "", "", "", []byte{}, 0, 0, false, false)
	f.Add("é", "\x7f", "\t\n", "\xc3", "\u2029", "r-1", bytes.Repeat([]byte{0x20}, 16), 129, 1, true, false)
	f.Add("k", "s", "p", "i", "m", "", append(make([]byte, 10), 0xff, 0xff, 192, 168, 0, 0), 112, 2, false, true)
	f.Fuzz(func(t *testing.T, kind, severity, provider, id, message, route string, addr []byte, bits, n int, nilConns, nilNets bool) {
		var p netip.Prefix
		if a, ok := netip.AddrFromSlice(addr); ok {
			p = netip.PrefixFrom(a, bits)
		}
		n = min(max(n, 0), 8)
		fd := inventory.Finding{Kind: inventory.Kind(kind), Severity: inventory.Severity(severity), Message: message}
		if !nilConns {
			fd.Connections = []inventory.Ref{}
		}
		if !nilNets {
			fd.Networks = []inventory.Ref{}
		}
		for i := range n {
			r := inventory.Ref{Provider: peering.Provider(provider), ID: id[min(i, len(id)):]}
			fd.Connections = append(fd.Connections, r)
			fd.Networks = append(fd.Networks, r, inventory.Ref{ID: message})
			fd.Prefixes = append(fd.Prefixes, p)
			fd.Routes = append(fd.Routes, inventory.RouteRef{Network: r, Table: kind, Route: route, Destination: p, NextHop: severity})
		}
		assertFindingJSON(t, fd)
	})
}

// benchFindings are a peer-overlap finding naming 50 connections and 51
// networks, as a hub's does, and a stuck finding naming one connection.
func benchFindings() (large, small inventory.Finding) {
	large = inventory.Finding{Kind: inventory.KindPeerCIDROverlap, Severity: inventory.SeverityError,
		Prefixes: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16"), netip.MustParsePrefix("10.0.128.0/17")}}
	var ids []string
	for i := range 50 {
		large.Connections = append(large.Connections, inventory.Ref{Provider: peering.AlibabaVPC, ID: fmt.Sprintf("pcc-%016x", i*7919)})
		large.Networks = append(large.Networks, inventory.Ref{Provider: peering.AlibabaVPC, ID: fmt.Sprintf("vpc-%016x", i*104729)})
		ids = append(ids, large.Networks[i].ID)
	}
	large.Networks = append(large.Networks, inventory.Ref{Provider: peering.AlibabaVPC, ID: "vpc-hub"})
	large.Message = "alibaba-vpc network vpc-hub is peered with networks whose address blocks overlap (" + strings.Join(ids, ", ") + "): it cannot route to all of them"
	small = inventory.Finding{Kind: inventory.KindStuck, Severity: inventory.SeverityWarning,
		Connections: []inventory.Ref{{Provider: peering.Baidu, ID: "peerconn-1a2b3c4d"}},
		Networks:    []inventory.Ref{{Provider: peering.Baidu, ID: "vpc-a1"}, {Provider: peering.Baidu, ID: "vpc-b2"}},
		Message:     "baidu peering peerconn-1a2b3c4d has been creating for 3h0m0s",
	}
	return large, small
}

// BenchmarkFindingJSON writes a large and a small finding as the ndjson
// line's object, as encoding/json does (reflected) and as the inventory
// does (direct), and an ndjson writer's Finish over 100 findings of both.
//
//	go test -run '^$' -bench '^BenchmarkFindingJSON$' -benchmem ./inventory
func BenchmarkFindingJSON(b *testing.B) {
	large, small := benchFindings()
	var buf []byte
	for _, c := range []struct {
		name string
		f    *inventory.Finding
	}{{"large", &large}, {"small", &small}} {
		b.Run(c.name+"/reflected", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var err error
				if buf, err = inventory.ReflectedFindingJSON(c.f, "finding"); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(c.name+"/direct", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var err error
				if buf, err = inventory.AppendFindingJSON(buf[:0], c.f, "finding"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("finish", func(b *testing.B) {
		inv := &inventory.Inventory{}
		for i := range 100 {
			inv.Findings = append(inv.Findings, map[bool]inventory.Finding{true: large, false: small}[i%2 == 0])
		}
		b.ReportAllocs()
		for b.Loop() {
			if err := inventory.NewNDJSONWriter(io.Discard).Finish(inv); err != nil {
				b.Fatal(err)
			}
		}
	})
}
