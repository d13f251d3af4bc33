package inventory

import (
	"encoding/json"
	"iter"
	"slices"
)

// Records are the records of an inventory, one per connection, in a stable
// order (provider then ID, unless [SortBy] ordered them otherwise). They
// are held compactly, over tables that records share (see the package
// documentation on memory), so they are read through methods: Len, At and
// All. The zero value holds no records.
//
// Their JSON form is an array of records, as a []Record's.
type Records struct {
	rows chunked[row]
	t    *tables
}

// Len returns how many records there are.
func (rs Records) Len() int { return rs.rows.len() }

// At returns the record at index i, which must be in [0, Len). It is a
// copy: changing it changes nothing in the inventory. Times are in UTC.
func (rs Records) At(i int) Record {
	r := rs.t.record(rs.rows.at(i), true)
	r.SeenBy = slices.Clone(r.SeenBy)
	r.Requester.IPv4CIDRs = slices.Clone(r.Requester.IPv4CIDRs)
	r.Requester.IPv6CIDRs = slices.Clone(r.Requester.IPv6CIDRs)
	r.Accepter.IPv4CIDRs = slices.Clone(r.Accepter.IPv4CIDRs)
	r.Accepter.IPv6CIDRs = slices.Clone(r.Accepter.IPv6CIDRs)
	return r
}

// Ref returns the reference of the record at index i.
func (rs Records) Ref(i int) Ref { return rs.t.ref(rs.rows.at(i)) }

// All returns every record with its index, in order, each as At gives it.
func (rs Records) All() iter.Seq2[int, Record] {
	return func(yield func(int, Record) bool) {
		for i := range rs.Len() {
			if !yield(i, rs.At(i)) {
				return
			}
		}
	}
}

// Slice returns every record, as At gives them. It holds each record in
// full: for a large inventory, All reads them in a fraction of the memory.
func (rs Records) Slice() []Record {
	out := make([]Record, rs.Len())
	for i := range out {
		out[i] = rs.At(i)
	}
	return out
}

// shared returns the record at index i for the package's own reading: its
// block lists and sightings are the tables' own, and it has no tags,
// attributes or Raw, which no analysis reads.
func (rs Records) shared(i int) Record { return rs.t.record(rs.rows.at(i), false) }

// full is shared with the tags, attributes and Raw, for output.
func (rs Records) full(i int) Record { return rs.t.record(rs.rows.at(i), true) }

// MarshalJSON writes the records as a JSON array.
func (rs Records) MarshalJSON() ([]byte, error) {
	return marshalArray(rs.Len(), func(b []byte, i int) ([]byte, error) {
		r := rs.full(i)
		return appendRecordJSON(b, &r, "")
	})
}

// marshalArray writes the n elements that elem appends as a JSON array,
// without holding them all at once.
func marshalArray(n int, elem func(b []byte, i int) ([]byte, error)) ([]byte, error) {
	b := []byte{'['}
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = elem(b, i); err != nil {
			return nil, err
		}
	}
	return append(b, ']'), nil
}

// UnmarshalJSON reads a JSON array of records, as Record.UnmarshalJSON
// reads each, keeping them in the order given.
func (rs *Records) UnmarshalJSON(b []byte) error {
	var list []Record
	if err := json.Unmarshal(b, &list); err != nil {
		return err
	}
	*rs = recordsOf(list)
	return nil
}

// recordsOf holds list as Records, in its order, without merging.
func recordsOf(list []Record) Records {
	in := newInterner()
	rows := makeChunked[row](len(list))
	for i := range list {
		*rows.at(i) = in.pack(&list[i].Connection, in.sightings(list[i].SeenBy), nil)
	}
	return Records{rows: rows, t: in.t}
}

// keep returns the records for which f (given each as At gives it)
// returns true, in order, reusing rs's rows.
func (rs Records) keep(f func(*Record) bool) Records {
	n := 0
	for i := range rs.Len() {
		if r := rs.At(i); f(&r) {
			*rs.rows.at(n) = *rs.rows.at(i)
			n++
		}
	}
	rs.rows.truncate(n)
	return rs
}
