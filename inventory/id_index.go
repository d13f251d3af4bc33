package inventory

import "hash/maphash"

// idIndex finds a row by its connection's ID. It is an open-addressing
// table of 8-byte slots, each a 32-bit hash of the ID and the row, rather
// than a map[string]uint32: a map's slot holds a string header as well,
// three times the memory, and comparing its key reads the ID's bytes
// wherever they are. Here a slot whose hash differs is passed over without
// reading the ID; one whose hash matches is checked against the row's own
// ID, so two IDs that hash alike are still told apart.
type idIndex struct {
	seed  maphash.Seed
	slots []uint64 // hash<<32 | row+1; 0 is empty
	n     int
	idOf  func(row uint32) string
}

// newIDIndex returns an empty index over rows whose IDs idOf gives.
func newIDIndex(idOf func(row uint32) string) *idIndex {
	return &idIndex{seed: maphash.MakeSeed(), slots: make([]uint64, 1<<10), idOf: idOf}
}

func (x *idIndex) hash(id string) uint32 { return uint32(maphash.String(x.seed, id)) }

// find returns the row of id.
func (x *idIndex) find(id string) (uint32, bool) {
	h := x.hash(id)
	mask := uint32(len(x.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := x.slots[i]
		if s == 0 {
			return 0, false
		}
		if uint32(s>>32) == h && x.idOf(uint32(s)-1) == id {
			return uint32(s) - 1, true
		}
	}
}

// add records row as the row of id, which find did not find.
func (x *idIndex) add(id string, row uint32) {
	if 4*(x.n+1) > 3*len(x.slots) {
		x.grow()
	}
	x.put(uint64(x.hash(id))<<32 | uint64(row) + 1)
	x.n++
}

// put places a slot's value in the first empty slot from its hash on.
func (x *idIndex) put(v uint64) {
	mask := uint32(len(x.slots) - 1)
	i := uint32(v>>32) & mask
	for x.slots[i] != 0 {
		i = (i + 1) & mask
	}
	x.slots[i] = v
}

// grow doubles the table. The hashes are in the slots, so no ID is read.
func (x *idIndex) grow() {
	old := x.slots
	x.slots = make([]uint64, 2*len(old))
	for _, v := range old {
		if v != 0 {
			x.put(v)
		}
	}
}
