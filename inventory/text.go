package inventory

import (
	"encoding/binary"
	"unsafe"
)

// texts holds what is each row's own, as bytes back to back, in chunks
// that are never written again once filled: its ID, name and description,
// each after its length, and its tags and attributes (a count, then each
// key's index in tables.strs and the value after its length). A row keeps
// one index for each instead of string headers, slices and allocations; at
// a million rows, some 100 MB less. Values are not interned: an attribute's
// value is often the connection's own (an interface ID, a deadline), so
// that a table of them would cost more than the bytes.
//
// The strings read back point into the chunks (unsafe.String), as
// strings.Builder's do into its buffer: that is sound because a byte, once
// appended, never changes, and a string keeps its chunk alive.
type texts struct {
	chunks [][]byte // each of capacity textChunk, or one oversized text
	buf    []byte   // scratch for what is being added
}

// textChunk is the capacity of a chunk; an index is its chunk's number
// then the offset in it, 16 bits each.
const textChunk = 1 << 16

// add copies b, which must be read back whole from its index, and returns
// the index.
func (t *texts) add(b []byte) uint32 {
	last := len(t.chunks) - 1
	if last < 0 || cap(t.chunks[last])-len(t.chunks[last]) < len(b) {
		if len(t.chunks) == 1<<16 {
			panic("inventory: more than 4 GB of connection IDs, names, descriptions, tags and attributes")
		}
		t.chunks = append(t.chunks, make([]byte, 0, max(textChunk, len(b))))
		last++
	}
	at := uint32(last)<<16 | uint32(len(t.chunks[last]))
	t.chunks[last] = append(t.chunks[last], b...)
	return at
}

// from returns the bytes from index at to the end of its chunk.
func (t *texts) from(at uint32) []byte { return t.chunks[at>>16][at&(textChunk-1):] }

// put adds id, name and desc and returns their index.
func (t *texts) put(id, name, desc string) uint32 {
	t.buf = appendField(appendField(appendField(t.buf[:0], id), name), desc)
	return t.add(t.buf)
}

// get returns the three strings at index at.
func (t *texts) get(at uint32) (id, name, desc string) {
	b := t.from(at)
	id, b = nextText(b)
	name, b = nextText(b)
	desc, _ = nextText(b)
	return id, name, desc
}

// id returns the first string at index at.
func (t *texts) id(at uint32) string {
	id, _ := nextText(t.from(at))
	return id
}

func nextText(b []byte) (string, []byte) {
	n, k := binary.Uvarint(b)
	b = b[k:]
	if n == 0 {
		return "", b
	}
	return unsafe.String(&b[0], int(n)), b[n:]
}
