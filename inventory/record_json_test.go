package inventory_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/inventory"
)

// assertRecordJSON asserts that r is written as encoding/json writes it,
// with and without a type, or refused as encoding/json refuses it.
func assertRecordJSON(t testing.TB, r inventory.Record) {
	t.Helper()
	for _, typ := range []string{"", "connection"} {
		direct, directErr := inventory.AppendRecordJSON(nil, &r, typ)
		reflected, reflectedErr := inventory.ReflectedRecordJSON(&r, typ)
		if reflectedErr != nil {
			if assert.Error(t, directErr, "encoding/json refused %#v", r) {
				assert.Equal(t, reflectedErr.Error(), directErr.Error())
			}
			continue
		}
		require.NoError(t, directErr)
		if !bytes.Equal(reflected, direct) {
			t.Fatalf("type %q: wrote\n%s\nencoding/json writes\n%s", typ, direct, reflected)
		}
		if typ == "" {
			// The json format indents what the appender writes, as
			// json.MarshalIndent indented encoding/json's.
			var indented bytes.Buffer
			require.NoError(t, json.Indent(&indented, direct, "    ", "  "))
			want, err := inventory.ReflectedRecordJSONIndent(&r, "    ", "  ")
			require.NoError(t, err)
			assert.Equal(t, string(want), indented.String())
		}
	}
}

// The appender follows the types: a field added, retagged or given a
// method of its own turns it off, and this test fails until it follows.
func TestRecordJSONDirect(t *testing.T) {
	assert.True(t, inventory.RecordJSONDirect)
}

// Every record of an emulator estate is written as encoding/json writes
// it: one at a time, as ndjson lines, and as the records' array.
func TestRecordJSONEstate(t *testing.T) {
	srv := startEmulator(t, 60)
	inv, err := inventory.Collect(context.Background(), emulatorTargets(t, srv), inventory.Options{Now: srv.Clock.Now})
	require.NoError(t, err)
	require.NotZero(t, inv.Records.Len())

	var nd, wantND bytes.Buffer
	w := inventory.NewNDJSONWriter(&nd)
	wantArray := []byte{'['}
	for i, r := range inv.Records.All() {
		assertRecordJSON(t, r)
		w.Record(r)
		line, err := inventory.ReflectedRecordJSON(&r, "connection")
		require.NoError(t, err)
		wantND.Write(append(line, '\n'))
		elem, err := inventory.ReflectedRecordJSON(&r, "")
		require.NoError(t, err)
		if i > 0 {
			wantArray = append(wantArray, ',')
		}
		wantArray = append(wantArray, elem...)
	}
	require.NoError(t, w.Flush())
	assert.Equal(t, wantND.String(), nd.String())
	array, err := json.Marshal(inv.Records)
	require.NoError(t, err)
	assert.Equal(t, string(append(wantArray, ']')), string(array))
}

// hostileRecords are records whose every field is at an edge of what
// encoding/json escapes, omits or refuses.
func hostileRecords() map[string]inventory.Record {
	odd := "q\"b\\s/<a>&amp;\u2028\u2029\x00\x01\x1f\x7f\b\f\n\r\t\xff\xc3(é€😀\ufffd"
	nonUTC := time.FixedZone("X", -(9*3600 + 30*60))
	lmt, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		lmt = time.FixedZone("LMT", 5*3600+53*60+28) // seconds in the offset
	}
	full := inventory.Record{
		Connection: peering.Connection{
			Provider: "baidu<", ID: odd, Name: odd, Description: odd,
			Status: peering.StatusActive, ProviderStatus: odd, Bandwidth: 100,
			Requester: peering.Endpoint{
				NetworkID: odd, Region: odd, AccountID: "1234567890123456789",
				IPv4CIDRs:    []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("0.0.0.0/0"), {}},
				IPv6CIDRs:    []netip.Prefix{netip.MustParsePrefix("2001:db8::/32"), netip.MustParsePrefix("::ffff:10.0.0.0/104"), netip.PrefixFrom(netip.MustParseAddr("::1"), 200)},
				CIDRsUnknown: odd,
			},
			Accepter:        peering.Endpoint{NetworkID: "", IPv6CIDRs: []netip.Prefix{netip.MustParsePrefix("::/0")}},
			Role:            peering.RoleAccepter,
			Tags:            map[string]string{odd: odd, "": "", "b": "1", "a": "2", "<": ">", "\xff": "x", "é": "e", "\u2028": "\u2029"},
			CreatedAt:       time.Date(2024, 2, 29, 23, 59, 59, 123456789, time.UTC),
			UpdatedAt:       time.Date(2024, 3, 1, 0, 0, 0, 100, nonUTC),
			TermEndsAt:      time.Date(1900, 1, 1, 0, 0, 0, 0, lmt),
			AcceptBy:        time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
			ResourceGroupID: odd,
			Attributes:      map[string]string{"z": odd, "A": "", odd: "k"},
			Raw:             struct{ X int }{1},
		},
		SeenBy: []inventory.Sighting{{Target: odd, Role: peering.RoleRequester}, {Target: "", Role: ""}, {Target: "b/cn-hangzhou", Role: peering.RoleUnknown}},
	}
	many := map[string]string{}
	for i := range 40 { // more keys than the appender sorts on its stack
		many[string(rune('a'+i%26))+string(rune('0'+i))] = odd[i%len(odd):]
	}
	withMany := full
	withMany.Tags, withMany.Attributes = many, many
	unlimited := full
	unlimited.Bandwidth = peering.BandwidthUnlimited
	invalidBW := full
	invalidBW.Bandwidth = -7
	maxBW := full
	maxBW.Bandwidth = 1<<63 - 1
	local := full
	local.CreatedAt = time.Date(2020, 1, 2, 3, 4, 5, 6000, time.Local)
	zeroNonUTC := full // the zero instant in a zone is still omitted
	zeroNonUTC.CreatedAt = time.Time{}.In(nonUTC)
	year10000 := full
	year10000.UpdatedAt = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	yearMinus1 := full
	yearMinus1.AcceptBy = time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)
	offset24 := full
	offset24.TermEndsAt = time.Date(2020, 1, 1, 0, 0, 0, 0, time.FixedZone("", 24*3600))
	empties := inventory.Record{Connection: peering.Connection{
		Tags: map[string]string{}, Attributes: map[string]string{},
		Requester: peering.Endpoint{IPv4CIDRs: []netip.Prefix{}, IPv6CIDRs: []netip.Prefix{}},
	}, SeenBy: []inventory.Sighting{}}
	return map[string]inventory.Record{
		"zero":              {},
		"empty non-nil":     empties,
		"full":              full,
		"many keys":         withMany,
		"unlimited":         unlimited,
		"invalid bandwidth": invalidBW,
		"max bandwidth":     maxBW,
		"local time":        local,
		"zero in a zone":    zeroNonUTC,
		"year 10000":        year10000,
		"year -1":           yearMinus1,
		"offset 24h":        offset24,
		"one sighting":      {Connection: peering.Connection{Provider: "ens", ID: "p-1"}, SeenBy: []inventory.Sighting{{Target: "t", Role: peering.RoleAccepter}}},
	}
}

func TestRecordJSONHostile(t *testing.T) {
	for name, r := range hostileRecords() {
		t.Run(name, func(t *testing.T) { assertRecordJSON(t, r) })
	}
}

// A record encoding/json refuses stops the ndjson writer with its error,
// as json.Encoder's did.
func TestNDJSONWriterRefusesRecord(t *testing.T) {
	r := hostileRecords()["year 10000"]
	_, want := inventory.ReflectedRecordJSON(&r, "connection")
	require.Error(t, want)
	var out bytes.Buffer
	w := inventory.NewNDJSONWriter(&out)
	w.Record(hostileRecords()["full"])
	w.Record(r)
	w.Record(hostileRecords()["full"])
	err := w.Flush()
	require.Error(t, err)
	assert.Equal(t, want.Error(), err.Error())
}

func FuzzRecordJSON(f *testing.F) {
	f.Add("vpc-1", "<a>&\u2028", "\xff\x00\"\\", "k", "v", int64(100), int64(1700000000), int64(123456789), 3600, []byte{10, 0, 0, 0}, 8)
	f.Add("", "", "", "", "", int64(-1), int64(0), int64(0), 0, []byte{}, 0)
	f.Add("é", "\x7f", "\t\n", "\xc3", "\u2029", int64(0), int64(-62135596800), int64(1), -86399, bytes.Repeat([]byte{0x20}, 16), 129)
	f.Fuzz(func(t *testing.T, id, name, desc, key, val string, bw, sec, nsec int64, offset int, addr []byte, bits int) {
		at := time.Unix(sec, nsec).In(time.FixedZone("F", offset))
		var p netip.Prefix
		if a, ok := netip.AddrFromSlice(addr); ok {
			p = netip.PrefixFrom(a, bits)
		}
		r := inventory.Record{
			Connection: peering.Connection{
				Provider: peering.Provider(key), ID: id, Name: name, Description: desc,
				Status: peering.Status(val), ProviderStatus: desc, Bandwidth: peering.Bandwidth(bw),
				Requester: peering.Endpoint{NetworkID: id, Region: name, AccountID: key, IPv4CIDRs: []netip.Prefix{p}, CIDRsUnknown: val},
				Accepter:  peering.Endpoint{NetworkID: val, IPv6CIDRs: []netip.Prefix{p, p}},
				Role:      peering.Role(name),
				Tags:      map[string]string{key: val, val: key, name: desc},
				CreatedAt: at, UpdatedAt: at.Add(time.Duration(nsec)), AcceptBy: time.Unix(0, nsec).UTC(),
				ResourceGroupID: val,
				Attributes:      map[string]string{desc: id},
			},
			SeenBy: []inventory.Sighting{{Target: id, Role: peering.Role(key)}, {Target: desc}},
		}
		assertRecordJSON(t, r)
	})
}

// BenchmarkRecordJSON writes each record of an emulator estate as
// encoding/json did (reflected) and as the inventory does (direct), compact
// for ndjson and the records' array, and indented for the json format.
//
//	go test -run '^$' -bench '^BenchmarkRecordJSON$' -benchmem ./inventory
func BenchmarkRecordJSON(b *testing.B) {
	srv, err := emulator.Start(emulator.Options{Seed: 1, Connections: 200})
	require.NoError(b, err)
	b.Cleanup(func() { _ = srv.Close() })
	inv, err := inventory.Collect(context.Background(), emulatorTargets(b, srv), inventory.Options{Now: srv.Clock.Now})
	require.NoError(b, err)
	records := inv.Records.Slice()
	each := func(b *testing.B, write func(r *inventory.Record) error) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if err := write(&records[i%len(records)]); err != nil {
				b.Fatal(err)
			}
		}
	}
	var buf []byte
	var indented bytes.Buffer
	b.Run("compact/reflected", func(b *testing.B) {
		each(b, func(r *inventory.Record) (err error) {
			buf, err = inventory.ReflectedRecordJSON(r, "connection")
			return err
		})
	})
	b.Run("compact/direct", func(b *testing.B) {
		each(b, func(r *inventory.Record) (err error) {
			buf, err = inventory.AppendRecordJSON(buf[:0], r, "connection")
			return err
		})
	})
	b.Run("indent/reflected", func(b *testing.B) {
		each(b, func(r *inventory.Record) (err error) {
			buf, err = inventory.ReflectedRecordJSONIndent(r, "    ", "  ")
			return err
		})
	})
	b.Run("indent/direct", func(b *testing.B) {
		each(b, func(r *inventory.Record) error {
			var err error
			if buf, err = inventory.AppendRecordJSON(buf[:0], r, ""); err != nil {
				return err
			}
			indented.Reset()
			return json.Indent(&indented, buf, "    ", "  ")
		})
	})
}
