package inventory

import (
	"encoding/binary"
	"hash/maphash"
	"math"
	"net/netip"
	"slices"
	"time"

	"github.com/peeringkit/peering"
)

// The records of an inventory are held as fixed rows over shared tables,
// not as peering.Connection values: a connection is some 500 bytes of
// struct, with maps and slices of its own, while most of what it says
// (statuses, networks and their blocks, accounts, regions, the targets that
// saw it) is repeated by thousands of others. A row holds what is the
// connection's own (its ID, name, description, bandwidth and times) and
// indexes into the tables for the rest, so that an estate of a million
// connections fits in a fraction of the memory of its records.

// row is one record. Strings other than the connection's own are indexes
// into tables.strs; ends into tables.ends; sightings into tables.seen.
type row struct {
	text        uint32 // ID, name and description, in tables.text
	bandwidth   peering.Bandwidth
	times       [4]int64 // CreatedAt, UpdatedAt, TermEndsAt, AcceptBy in Unix nanoseconds; noTime when zero
	req, acc    uint32
	state       uint32 // provider, status and the rest, in tables.states
	seen        uint32
	raw         uint32 // into tables.raws; 0 unless Options.KeepRaw
	tags, attrs uint32 // in tables.text; 0 for none
	released    bool   // handed to Options.Record while collecting
}

// rowState is the fields of a row that take few values, as strs indexes:
// an estate has a handful of their combinations, so a row keeps one index
// for the five.
type rowState struct {
	provider, status, providerStatus, role, group uint32 // group: ResourceGroupID
}

// noTime stands for the zero time.Time, which has no Unix nanoseconds.
const noTime = math.MinInt64

// tables are what rows share. Index 0 of strs, ends and seen is the empty
// value. They only grow: a row, once written, stays valid.
type tables struct {
	strs []string
	ends []peering.Endpoint // read-only: their slices are shared by every record of the end
	nets []uint32           // per end: the strs index of its NetworkID
	seen [][]Sighting       // read-only sets, each sorted
	text texts              // per row: its ID, name and description, tags and attributes
	// states are the combinations of few-valued fields that rows have.
	states []rowState
	raws   []any // Connection.Raw of the rows that keep one
}

// interner fills tables, finding what they already hold. It lives while
// records are being built and is dropped after, with its maps.
type interner struct {
	t    *tables
	strs map[string]uint32
	// ends finds an end by its hash (see hashEnd), checked against the
	// end itself; the few whose hash an earlier end took are in
	// endsByKey, under their whole encoding. Hashing the fields spares
	// building that key and comparing it, twice for every view of the
	// million connections of a large estate.
	ends      map[uint64]uint32
	endsByKey map[string]uint32
	seed      maphash.Seed
	seen      map[string]uint32
	states    map[rowState]uint32
	key       []byte   // scratch for map keys
	keys      []string // scratch for sorted map keys
}

func newInterner() *interner {
	t := &tables{strs: []string{""}, ends: []peering.Endpoint{{}}, nets: []uint32{0}, seen: [][]Sighting{nil}, raws: []any{nil}}
	t.text.put("", "", "") // text 0, as other tables' index 0, is the empty value
	in := &interner{t: t, strs: map[string]uint32{"": 0}, ends: make(map[uint64]uint32), endsByKey: make(map[string]uint32),
		seed: maphash.MakeSeed(), seen: map[string]uint32{"": 0}, states: make(map[rowState]uint32)}
	in.ends[in.hashEnd(&t.ends[0])] = 0
	return in
}

func (in *interner) str(s string) uint32 { return intern(in.strs, &in.t.strs, s) }

// intern returns the index of v in table, found through index, adding it
// to both when it is new.
func intern[T comparable](index map[T]uint32, table *[]T, v T) uint32 {
	if i, ok := index[v]; ok {
		return i
	}
	i := uint32(len(*table))
	*table = append(*table, v)
	index[v] = i
	return i
}

// end returns the index of e; a new end's block lists are copied, since
// every record of the end will share them.
func (in *interner) end(e *peering.Endpoint) uint32 {
	h := in.hashEnd(e)
	i, taken := in.ends[h]
	if taken && sameEnd(e, &in.t.ends[i]) {
		return i
	}
	var key []byte
	if taken { // by another end: e is found by its whole encoding
		key = in.endKey(e)
		if i, ok := in.endsByKey[string(key)]; ok {
			return i
		}
	}
	i, net := uint32(len(in.t.ends)), in.str(e.NetworkID)
	shared := peering.Endpoint{
		NetworkID: in.t.strs[net], Region: in.t.strs[in.str(e.Region)],
		AccountID: in.t.strs[in.str(e.AccountID)], CIDRsUnknown: in.t.strs[in.str(e.CIDRsUnknown)],
		IPv4CIDRs: slices.Clip(slices.Clone(e.IPv4CIDRs)), IPv6CIDRs: slices.Clip(slices.Clone(e.IPv6CIDRs)),
	}
	in.t.ends = append(in.t.ends, shared)
	in.t.nets = append(in.t.nets, net)
	if taken {
		in.endsByKey[string(key)] = i
	} else {
		in.ends[h] = i
	}
	return i
}

// endAgain is end for a row made again (see pack): an end unchanged by the
// merge keeps its index, found without a look-up.
func (in *interner) endAgain(e *peering.Endpoint, prev uint32) uint32 {
	if sameEnd(e, &in.t.ends[prev]) {
		return prev
	}
	return in.end(e)
}

// hashEnd hashes what makes an end: the fields sameEnd compares.
func (in *interner) hashEnd(e *peering.Endpoint) uint64 {
	var h maphash.Hash
	h.SetSeed(in.seed)
	for _, s := range [...]string{e.NetworkID, e.Region, e.AccountID, e.CIDRsUnknown} {
		h.WriteString(s)
		h.WriteByte(0) // no two lists of fields hash the same bytes
	}
	for _, list := range [...][]netip.Prefix{e.IPv4CIDRs, e.IPv6CIDRs} {
		for _, p := range list {
			a := p.Addr().As16()
			h.Write(a[:])
			h.WriteByte(byte(p.Bits()))
		}
		h.WriteByte(0xff) // not a prefix length: ends the list
	}
	return h.Sum64()
}

// endKey is e's whole encoding, for the ends whose hash another took.
// Lengths come first, so that no two ends make the same key.
func (in *interner) endKey(e *peering.Endpoint) []byte {
	k := in.key[:0]
	for _, s := range [...]string{e.NetworkID, e.Region, e.AccountID, e.CIDRsUnknown} {
		k = appendField(k, s)
	}
	for _, list := range [...][]netip.Prefix{e.IPv4CIDRs, e.IPv6CIDRs} {
		k = binary.AppendUvarint(k, uint64(len(list)))
		for _, p := range list {
			k, _ = p.AppendBinary(k) // never fails
		}
	}
	in.key = k
	return k
}

// sameEnd reports whether a and b are the same end. An empty block list
// and none are the same.
func sameEnd(a, b *peering.Endpoint) bool {
	return a.NetworkID == b.NetworkID && a.Region == b.Region && a.AccountID == b.AccountID &&
		a.CIDRsUnknown == b.CIDRsUnknown && slices.Equal(a.IPv4CIDRs, b.IPv4CIDRs) && slices.Equal(a.IPv6CIDRs, b.IPv6CIDRs)
}

// sightings returns the index of the set s, as given (a merge gives it
// sorted, without repeats).
func (in *interner) sightings(s []Sighting) uint32 {
	k := in.key[:0]
	for _, x := range s {
		k = appendField(appendField(k, x.Target), string(x.Role))
	}
	in.key = k
	if i, ok := in.seen[string(k)]; ok {
		return i
	}
	i := uint32(len(in.t.seen))
	in.t.seen = append(in.t.seen, slices.Clip(slices.Clone(s)))
	in.seen[string(k)] = i
	return i
}

// pairs adds m to the texts, in key order, and returns its index; 0 when
// m is empty. Maps are not shared between records: adapters' attributes
// hold per-connection values (an interface ID, an offer's deadline), so
// that looking for an equal map costs more than it saves.
func (in *interner) pairs(m map[string]string) uint32 {
	if len(m) == 0 {
		return 0
	}
	keys := in.keys[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	in.keys = keys
	b := binary.AppendUvarint(in.key[:0], uint64(len(keys)))
	for _, k := range keys {
		b = appendField(binary.AppendUvarint(b, uint64(in.str(k))), m[k])
	}
	in.key = b
	return in.t.text.add(b)
}

// appendField appends s to a map key, length first, so that no two lists
// of strings make the same key whatever bytes they hold.
func appendField(k []byte, s string) []byte {
	return append(binary.AppendUvarint(k, uint64(len(s))), s...)
}

// pack makes the row of c, seen by the sighting set seen. A row made again
// from a merged view (prev) keeps its texts and ends when they are
// unchanged.
func (in *interner) pack(c *peering.Connection, seen uint32, prev *row) row {
	var text uint32
	if prev != nil {
		if id, name, desc := in.t.text.get(prev.text); id == c.ID && name == c.Name && desc == c.Description {
			text = prev.text
		}
	}
	if text == 0 {
		text = in.t.text.put(c.ID, c.Name, c.Description)
	}
	var req, acc uint32
	if prev != nil {
		req, acc = in.endAgain(&c.Requester, prev.req), in.endAgain(&c.Accepter, prev.acc)
	} else {
		req, acc = in.end(&c.Requester), in.end(&c.Accepter)
	}
	return row{
		text: text, bandwidth: c.Bandwidth,
		times: [4]int64{unixNano(c.CreatedAt), unixNano(c.UpdatedAt), unixNano(c.TermEndsAt), unixNano(c.AcceptBy)},
		req:   req,
		acc:   acc,
		state: in.state(rowState{
			provider: in.str(string(c.Provider)), status: in.str(string(c.Status)),
			providerStatus: in.str(c.ProviderStatus), role: in.str(string(c.Role)), group: in.str(c.ResourceGroupID),
		}),
		seen: seen,
		tags: in.pairs(c.Tags), attrs: in.pairs(c.Attributes), raw: in.raw(c.Raw),
	}
}

// state returns the index of st in tables.states.
func (in *interner) state(st rowState) uint32 { return intern(in.states, &in.t.states, st) }

func (in *interner) raw(v any) uint32 {
	if v == nil {
		return 0
	}
	in.t.raws = append(in.t.raws, v)
	return uint32(len(in.t.raws) - 1)
}

func unixNano(t time.Time) int64 {
	if t.IsZero() {
		return noTime
	}
	return t.UnixNano()
}

func fromUnixNano(n int64) time.Time {
	if n == noTime {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// netKey is a network of the tables, as its provider's and its ID's
// indexes in strs: equal keys are equal networks, and comparing two is
// comparing integers, not strings. A key with ID index 0 is an end without
// a network ID.
type netKey uint64

// network returns the key of the network at end (r.req or r.acc) of r.
func (t *tables) network(r *row, end uint32) netKey {
	return netKey(uint64(t.states[r.state].provider)<<32 | uint64(t.nets[end]))
}

// known reports whether k has a network ID.
func (k netKey) known() bool { return uint32(k) != 0 }

// networkRef returns the network k names.
func (t *tables) networkRef(k netKey) Ref {
	return Ref{Provider: peering.Provider(t.strs[k>>32]), ID: t.strs[uint32(k)]}
}

// live reports whether the row's connection is live (see live).
func (t *tables) live(r *row) bool {
	return liveStatus(peering.Status(t.strs[t.states[r.state].status]))
}

// ref returns the row's connection reference.
func (t *tables) ref(r *row) Ref {
	return Ref{Provider: peering.Provider(t.strs[t.states[r.state].provider]), ID: t.text.id(r.text)}
}

// record returns the record of r. Its ends' block lists and its sightings
// are the tables' own, to be read only; its tags and attributes are left
// out unless full, since the analysis reads neither.
func (t *tables) record(r *row, full bool) Record {
	id, name, desc := t.text.get(r.text)
	st := &t.states[r.state]
	out := Record{
		Connection: peering.Connection{
			Provider: peering.Provider(t.strs[st.provider]), ID: id, Name: name, Description: desc,
			Status: peering.Status(t.strs[st.status]), ProviderStatus: t.strs[st.providerStatus],
			Bandwidth: r.bandwidth, Requester: t.ends[r.req], Accepter: t.ends[r.acc],
			Role:      peering.Role(t.strs[st.role]),
			CreatedAt: fromUnixNano(r.times[0]), UpdatedAt: fromUnixNano(r.times[1]),
			TermEndsAt: fromUnixNano(r.times[2]), AcceptBy: fromUnixNano(r.times[3]),
			ResourceGroupID: t.strs[st.group],
		},
		SeenBy: t.seen[r.seen],
	}
	if full {
		out.Tags, out.Attributes, out.Raw = t.stringMap(r.tags), t.stringMap(r.attrs), t.raws[r.raw]
	}
	return out
}

// stringMap reads back the map that pairs added at index at.
func (t *tables) stringMap(at uint32) map[string]string {
	if at == 0 {
		return nil
	}
	b := t.text.from(at)
	n, k := binary.Uvarint(b)
	b = b[k:]
	m := make(map[string]string, n)
	for range n {
		key, k := binary.Uvarint(b)
		var v string
		v, b = nextText(b[k:])
		m[t.strs[key]] = v
	}
	return m
}

// builder merges the views of connections into rows as they arrive: the
// first view of a connection makes its row, and each later one completes
// it, or takes its place as the main view when it ranks first (see
// mergeViews). The views are not kept.
type builder struct {
	in    *interner
	rows  chunked[row]
	ids   []providerRows // few: one per provider
	main  chunked[rank]  // per row: the rank of its main view
	union []Sighting     // scratch for a merge's sightings
	order orderer        // sorts the rows as they are made
}

// rank orders the views of a connection for the choice of the main one.
type rank struct {
	role   int32
	target int32
}

func (a rank) before(b rank) bool {
	return a.role < b.role || (a.role == b.role && a.target < b.target)
}

// providerRows finds the rows of one provider's connections by ID: keyed
// by ID alone, a look-up hashes one string instead of a Ref's two.
type providerRows struct {
	provider peering.Provider
	at       *idIndex
}

func newBuilder() *builder {
	return &builder{in: newInterner()}
}

// rowsOf returns the ID index of provider's rows.
func (b *builder) rowsOf(provider peering.Provider) *idIndex {
	for _, p := range b.ids {
		if p.provider == provider {
			return p.at
		}
	}
	at := newIDIndex(func(i uint32) string { return b.in.t.text.id(b.rows.at(int(i)).text) })
	b.ids = append(b.ids, providerRows{provider, at})
	return at
}

// add merges conn, the view of the target ranked target in the targets'
// order, seen as sightings (sorted), and returns its row and whether the
// row is new.
func (b *builder) add(target int, conn *peering.Connection, sightings []Sighting) (int, bool) {
	k := rank{int32(roleRank(conn.Role)), int32(target)}
	at := b.rowsOf(conn.Provider)
	i, ok := at.find(conn.ID)
	if !ok {
		i = uint32(b.rows.push(b.in.pack(conn, b.in.sightings(sightings), nil)))
		at.add(conn.ID, i)
		b.main.push(k)
		b.order.add(conn.Provider, b.in.t.text.id(b.rows.at(int(i)).text), i)
		return int(i), true
	}
	r := b.rows.at(int(i))
	// complete reads neither tags nor attributes: the row's stay in the
	// pair table as they are unless the new view takes the row.
	old := b.in.t.record(r, false)
	b.union = unionSightings(b.union[:0], old.SeenBy, sightings)
	seen := b.in.sightings(b.union) // which copies a set it did not hold
	released := r.released          // a row streamed is not streamed again
	if k.before(*b.main.at(int(i))) {
		c := *conn
		complete(&c, old.Connection)
		*r, *b.main.at(int(i)) = b.in.pack(&c, seen, r), k
	} else {
		complete(&old.Connection, *conn)
		tags, attrs, raw := r.tags, r.attrs, r.raw
		*r = b.in.pack(&old.Connection, seen, r)
		r.tags, r.attrs, r.raw = tags, attrs, raw
	}
	r.released = released
	return int(i), false
}

// unionSightings appends the sorted union of two sorted sets to dst.
func unionSightings(dst, a, b []Sighting) []Sighting {
	dst = sortSightings(append(append(dst, a...), b...))
	return slices.Compact(dst)
}

// records returns the records built so far, in the order rows were made;
// they stay valid while more are added, not their order.
func (b *builder) records() Records { return Records{rows: b.rows, t: b.in.t} }

// finish returns the records built, in provider-then-ID order, and drops
// what only building needed. The builder is not used after.
func (b *builder) finish() Records {
	recs := Records{rows: b.rows, t: b.in.t}
	b.rows, b.ids, b.main, b.in = chunked[row]{}, nil, chunked[rank]{}, nil
	recs.permute(b.order.order(recs.Len()))
	return recs
}
