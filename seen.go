package peering

import (
	"hash/maphash"
	"math/bits"
	"runtime"
)

// idSet is the exact set of IDs a listing has seen, kept as 128-bit
// fingerprints: 16 bytes an ID whatever its length, so a listing of a
// million connections remembers every one of them in about 20 MiB.
//
// The fingerprint is two 64-bit maphash sums under seeds drawn for each set:
// two different IDs share a fingerprint with probability about n²/2¹²⁹ (for
// n = 10⁹, under 10⁻²⁰), and since the seeds are secret and new for every
// listing, a server cannot choose IDs that collide.
//
// The table is split into shards that grow one at a time, so growing never
// holds two copies of the whole set, and each shard is open-addressed with
// linear probing in a flat array. Large arrays live outside the Go heap
// (see allocSlots): the set is the one thing a listing keeps for its whole
// length, and on the heap the garbage collector's pacing would let garbage
// grow to its size again before collecting, doubling what it costs. Call
// release when the listing ends; a set dropped without it is released when
// the garbage collector finds it unreachable.
type idSet struct {
	seed0, seed1 maphash.Seed
	t            *idTable
	n            int
}

// idTable holds the shards apart from idSet, so that a cleanup attached to
// the set can release them.
type idTable struct {
	shards [idShards]idShard
}

// idShards is the number of shards: enough that one shard's growth is a
// small fraction of the set, few enough that an empty set stays small.
const idShards = 64

// idShard is one open-addressed table. A zero fingerprint marks a free
// slot; fingerprints are never zero (see add).
type idShard struct {
	slots   [][2]uint64
	n       int
	initial int  // the first size, different for each shard (see newIDSet)
	mapped  bool // slots came from allocSlots' own memory
}

func newIDSet() *idSet {
	s := &idSet{seed0: maphash.MakeSeed(), seed1: maphash.MakeSeed(), t: new(idTable)}
	for i := range s.t.shards {
		// Shards of one size would all grow at the same moment, since IDs
		// spread evenly, and so all be at their emptiest together; staggered
		// first sizes keep the set's load near the average. They start
		// small: a listing of a hundred IDs touches most shards, and a large
		// one grows them at the same cost from any start.
		s.t.shards[i].initial = 8 + i%8
	}
	runtime.AddCleanup(s, (*idTable).release, s.t)
	return s
}

// release returns the set's memory; the set is empty afterwards.
func (s *idSet) release() {
	s.t.release()
	s.n = 0
}

func (t *idTable) release() {
	for i := range t.shards {
		sh := &t.shards[i]
		freeSlots(sh.slots, sh.mapped)
		sh.slots, sh.n, sh.mapped = nil, 0, false
	}
}

// add records id and reports whether it was new.
func (s *idSet) add(id string) bool {
	fp := [2]uint64{maphash.String(s.seed0, id), maphash.String(s.seed1, id)}
	if fp == [2]uint64{} {
		fp[1] = 1 // zero marks a free slot
	}
	sh := &s.t.shards[fp[0]>>(64-6)] // the top bits pick the shard: idShards is 2⁶
	if !sh.insert(fp) {
		return false
	}
	s.n++
	return true
}

// len returns the number of distinct IDs added.
func (s *idSet) len() int { return s.n }

// insert adds fp unless present and reports whether it was added. The
// shard grows by a quarter when it would be more than 4/5 full: a gentle
// step keeps the average load near 0.7, and so the memory near 22 bytes an
// ID, while 4/5 keeps linear probing's runs short.
func (sh *idShard) insert(fp [2]uint64) bool {
	if (sh.n+1)*5 > len(sh.slots)*4 {
		sh.grow()
	}
	if !place(sh.slots, fp) {
		return false
	}
	sh.n++
	return true
}

func (sh *idShard) grow() {
	size := max(sh.initial, len(sh.slots)+len(sh.slots)/4)
	slots, mapped := allocSlots(size)
	for _, fp := range sh.slots {
		if fp != [2]uint64{} {
			place(slots, fp)
		}
	}
	freeSlots(sh.slots, sh.mapped)
	sh.slots, sh.mapped = slots, mapped
}

// place puts fp in the first free slot from its home slot on, and reports
// false if it finds fp there first. slots must have a free slot.
func place(slots [][2]uint64, fp [2]uint64) bool {
	// The low word spreads over any table size without a modulo.
	i, _ := bits.Mul64(fp[1], uint64(len(slots)))
	for {
		switch slots[i] {
		case [2]uint64{}:
			slots[i] = fp
			return true
		case fp:
			return false
		}
		if i++; i == uint64(len(slots)) {
			i = 0
		}
	}
}
