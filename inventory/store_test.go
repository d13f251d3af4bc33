package inventory

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering"
)

// The views of a connection merge into the same record whatever order they
// arrive in: the requester's view is the main one, the other fills what it
// lacks, and the tags and attributes stay the main side's.
func TestBuilderMergesInAnyOrder(t *testing.T) {
	created := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	requester := peering.Connection{
		Provider: peering.Baidu, ID: "peer-1", Status: peering.StatusActive, ProviderStatus: "active", Role: peering.RoleRequester,
		Requester: peering.Endpoint{NetworkID: "vpc-a", Region: "bj", AccountID: "acct-a", IPv4CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}},
		Accepter:  peering.Endpoint{NetworkID: "vpc-b", Region: "gz", AccountID: "acct-b", CIDRsUnknown: "not the caller's network"},
		Tags:      map[string]string{"team": "net"}, Attributes: map[string]string{"localIfName": "a-side"},
	}
	accepter := peering.Connection{
		Provider: peering.Baidu, ID: "peer-1", Status: peering.StatusActive, ProviderStatus: "active", Role: peering.RoleAccepter,
		Description: "from the other side", CreatedAt: created, Bandwidth: 100,
		Requester: peering.Endpoint{NetworkID: "vpc-a", Region: "bj", AccountID: "acct-a", CIDRsUnknown: "not the caller's network"},
		Accepter:  peering.Endpoint{NetworkID: "vpc-b", Region: "gz", AccountID: "acct-b", IPv4CIDRs: []netip.Prefix{netip.MustParsePrefix("10.1.0.0/16")}},
		Tags:      map[string]string{"team": "other"}, Attributes: map[string]string{"localIfName": "b-side"},
	}
	want := requester
	want.Description, want.CreatedAt, want.Bandwidth = accepter.Description, created, 100
	want.Accepter = accepter.Accepter
	wantSeen := []Sighting{{Target: "a", Role: peering.RoleRequester}, {Target: "b", Role: peering.RoleAccepter}}

	type view struct {
		target int
		name   string
		conn   peering.Connection
	}
	for _, tt := range []struct {
		name  string
		views []view
	}{
		{"requester first", []view{{0, "a", requester}, {1, "b", accepter}}},
		{"accepter first", []view{{1, "b", accepter}, {0, "a", requester}}},
		{"accepter first, listed by the earlier target", []view{{0, "b", accepter}, {1, "a", requester}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := newBuilder()
			for i, v := range tt.views {
				seen := []Sighting{{Target: v.name, Role: v.conn.Role}}
				_, isNew := b.add(v.target, &v.conn, seen)
				assert.Equal(t, i == 0, isNew, "the first view makes the row, the second completes it")
			}
			recs := b.finish()
			require.Equal(t, 1, recs.Len())
			got := recs.At(0)
			assert.Equal(t, want, got.Connection)
			assert.Equal(t, wantSeen, got.SeenBy)
		})
	}
}

// A record read with At is a copy: changing it changes neither the
// inventory nor the other records that share its network.
func TestRecordsAtIsACopy(t *testing.T) {
	block := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}
	end := func(id string) peering.Endpoint {
		return peering.Endpoint{NetworkID: id, Region: "bj", IPv4CIDRs: block}
	}
	inv := Analyze([]Record{
		{Connection: peering.Connection{Provider: peering.Baidu, ID: "p1", Status: peering.StatusActive, Requester: end("vpc-a"), Accepter: end("vpc-b"), Tags: map[string]string{"k": "v"}},
			SeenBy: []Sighting{{Target: "t", Role: peering.RoleRequester}}},
		{Connection: peering.Connection{Provider: peering.Baidu, ID: "p2", Status: peering.StatusActive, Requester: end("vpc-a"), Accepter: end("vpc-c")},
			SeenBy: []Sighting{{Target: "t", Role: peering.RoleRequester}}},
	}, Options{})
	r := inv.Records.At(0)
	r.Requester.IPv4CIDRs[0] = netip.MustParsePrefix("192.168.0.0/16")
	r.SeenBy[0].Target = "changed"
	r.Tags["k"] = "changed"
	again := inv.Records.At(0)
	assert.Equal(t, block[0], again.Requester.IPv4CIDRs[0])
	assert.Equal(t, block[0], inv.Records.At(1).Requester.IPv4CIDRs[0], "the shared end is untouched")
	assert.Equal(t, "t", again.SeenBy[0].Target)
	assert.Equal(t, "v", again.Tags["k"])
}

// Values that differ only in where one string ends and the next begins are
// different values: the interner's keys must not run them together.
func TestInternerKeepsApartWhatOnlyLooksAlike(t *testing.T) {
	in := newInterner()
	a := peering.Endpoint{NetworkID: "vpc-a\x00bj", Region: "r"}
	b := peering.Endpoint{NetworkID: "vpc-a", Region: "bj\x00r"}
	assert.NotEqual(t, in.end(&a), in.end(&b), "ends")
	assert.Equal(t, in.end(&a), in.end(&peering.Endpoint{NetworkID: "vpc-a\x00bj", Region: "r"}), "an equal end is found")

	s1 := []Sighting{{Target: "t\x00requester\x00u", Role: peering.RoleAccepter}}
	s2 := []Sighting{{Target: "t", Role: peering.RoleRequester}, {Target: "u", Role: peering.RoleAccepter}}
	assert.NotEqual(t, in.sightings(s1), in.sightings(s2), "sighting sets")

	m1 := map[string]string{"k\x00v": "w"}
	m2 := map[string]string{"k": "v\x00w"}
	p1, p2 := in.pairs(m1), in.pairs(m2)
	assert.Equal(t, m1, in.t.stringMap(p1))
	assert.Equal(t, m2, in.t.stringMap(p2))
}

// Ends are found by hash and checked against the end itself: an end whose
// hash an earlier, different end took is still told apart, and found again.
// The test takes the hash for another end by hand, as a collision would.
func TestInternerEndsWhoseHashIsTaken(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b peering.Endpoint
	}{
		{"another network", peering.Endpoint{NetworkID: "vpc-a", Region: "bj"}, peering.Endpoint{NetworkID: "vpc-b", Region: "bj"}},
		{"other blocks", peering.Endpoint{NetworkID: "vpc-a", IPv4CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}},
			peering.Endpoint{NetworkID: "vpc-a", IPv4CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/17")}}},
		{"a block of the other family", peering.Endpoint{NetworkID: "vpc-a", IPv4CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}},
			peering.Endpoint{NetworkID: "vpc-a", IPv6CIDRs: []netip.Prefix{netip.MustParsePrefix("::ffff:10.0.0.0/104")}}},
		{"blocks unknown", peering.Endpoint{NetworkID: "vpc-a"}, peering.Endpoint{NetworkID: "vpc-a", CIDRsUnknown: "other-account"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := newInterner()
			a := in.end(&tc.a)
			in.ends[in.hashEnd(&tc.b)] = a // b's hash is a's
			b := in.end(&tc.b)
			require.NotEqual(t, a, b)
			assert.True(t, sameEnd(&tc.b, &in.t.ends[b]), "b is held as it is")
			assert.Equal(t, b, in.end(&tc.b), "b is found again")
			assert.Equal(t, a, in.end(&tc.a), "a is still found")
			assert.Len(t, in.t.ends, 3, "the empty end, a and b")
		})
	}
}

// A row made again from a later view keeps the index of an end the merge
// left as it was, and takes a new one for an end the view completed.
func TestBuilderLaterViewKeepsEnds(t *testing.T) {
	hub := peering.Endpoint{NetworkID: "vpc-hub", AccountID: "1", IPv4CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}}
	main := peering.Connection{Provider: peering.AlibabaVPC, ID: "pcc-1", Status: peering.StatusActive, Role: peering.RoleRequester,
		Requester: hub, Accepter: peering.Endpoint{NetworkID: "vpc-spoke", AccountID: "2", CIDRsUnknown: "not the caller's network"}}
	other := main
	other.Role = peering.RoleAccepter
	other.Requester = peering.Endpoint{NetworkID: "vpc-hub", AccountID: "1", CIDRsUnknown: "not the caller's network"}
	other.Accepter = peering.Endpoint{NetworkID: "vpc-spoke", AccountID: "2", IPv4CIDRs: []netip.Prefix{netip.MustParsePrefix("10.1.0.0/16")}}
	b := newBuilder()
	at, _ := b.add(0, &main, []Sighting{{Target: "a", Role: peering.RoleRequester}})
	req, acc := b.rows.at(at).req, b.rows.at(at).acc
	ends := len(b.in.t.ends)
	b.add(1, &other, []Sighting{{Target: "b", Role: peering.RoleAccepter}})
	r := b.rows.at(at)
	assert.Equal(t, req, r.req, "the requester, known to the main view, is kept")
	assert.NotEqual(t, acc, r.acc, "the accepter's blocks came from the other view")
	assert.Equal(t, other.Accepter.IPv4CIDRs, b.in.t.ends[r.acc].IPv4CIDRs)
	assert.Len(t, b.in.t.ends, ends+1, "one end added: the completed accepter")
}

// A large inventory spans many chunks of rows and batches of the sorting
// goroutine: sorting, filtering and reordering it keep every record, in the
// right place.
func TestRecordsAcrossChunks(t *testing.T) {
	const n = 2*orderBatch + 3*chunkLen + 17
	list := make([]Record, n)
	for i := range list {
		// IDs in reverse order, so that sorting moves every row.
		id := fmt.Sprintf("p%05d", n-i)
		list[i] = Record{Connection: peering.Connection{Provider: peering.Baidu, ID: id, Name: "name-" + id, Status: peering.StatusActive,
			Requester: peering.Endpoint{NetworkID: "vpc-" + id}, Accepter: peering.Endpoint{NetworkID: "vpc-hub"}}}
	}
	inv := Analyze(list, Options{})
	require.Equal(t, n, inv.Records.Len())
	for i := range n {
		r := inv.Records.At(i)
		id := fmt.Sprintf("p%05d", i+1)
		require.Equal(t, id, r.ID)
		require.Equal(t, "name-"+id, r.Name, "a row moved whole")
	}

	even := Analyze(list, Options{Match: func(r *Record) bool { return r.ID[len(r.ID)-1]%2 == 0 }})
	require.Equal(t, n/2, even.Records.Len())
	for i := range even.Records.Len() {
		require.Equal(t, fmt.Sprintf("p%05d", 2*(i+1)), even.Records.At(i).ID)
	}

	require.NoError(t, SortBy(inv, "name"))
	require.Equal(t, n, inv.Records.Len())
	for i := range n {
		require.Equal(t, fmt.Sprintf("name-p%05d", i+1), inv.Records.At(i).Name)
	}
}

// A later view completes a row without copying its tags and attributes
// again, and a row already handed to Options.Record stays handed: the
// end of Collect must not stream it a second time.
func TestBuilderLaterViewKeepsRowState(t *testing.T) {
	main := peering.Connection{Provider: peering.Baidu, ID: "peer-1", Status: peering.StatusActive, Role: peering.RoleRequester,
		Attributes: map[string]string{"localIfName": "a-side"}}
	other := peering.Connection{Provider: peering.Baidu, ID: "peer-1", Status: peering.StatusActive, Role: peering.RoleAccepter,
		Description: "from b", Attributes: map[string]string{"localIfName": "b-side"}}
	b := newBuilder()
	at, _ := b.add(0, &main, []Sighting{{Target: "a", Role: peering.RoleRequester}})
	b.rows.at(at).released = true
	tags, attrs := b.rows.at(at).tags, b.rows.at(at).attrs
	b.add(1, &other, []Sighting{{Target: "b", Role: peering.RoleAccepter}})
	assert.True(t, b.rows.at(at).released, "still released")
	assert.Equal(t, [2]uint32{tags, attrs}, [2]uint32{b.rows.at(at).tags, b.rows.at(at).attrs}, "no pairs written again")
	got := b.records().At(at)
	assert.Equal(t, "from b", got.Description)
	assert.Equal(t, map[string]string{"localIfName": "a-side"}, got.Attributes)
}

// Texts give back each row's three strings as they were put, across chunk
// boundaries and for a text longer than a chunk.
func TestTexts(t *testing.T) {
	long := strings.Repeat("d", 3*textChunk)
	type triple struct{ id, name, desc string }
	var (
		tx   texts
		want []triple
		at   []uint32
	)
	for i := range 20000 {
		tr := triple{fmt.Sprintf("pcc-%06d", i), fmt.Sprintf("name-%d", i%7), ""}
		switch i % 1000 {
		case 1:
			tr.desc = long
		case 2:
			tr = triple{}
		case 3:
			tr.name = "名前 \x00 é"
		}
		want, at = append(want, tr), append(at, tx.put(tr.id, tr.name, tr.desc))
	}
	for i, w := range want {
		id, name, desc := tx.get(at[i])
		require.Equal(t, w, triple{id, name, desc}, "text %d", i)
		require.Equal(t, w.id, tx.id(at[i]))
	}
	assert.Greater(t, len(tx.chunks), 20, "the texts span chunks")
}
