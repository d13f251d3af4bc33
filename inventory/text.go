package inventory

import (
	"encoding/binary"
	"unsafe"
)

// texts holds the strings that are each row's own (its ID, name and
// description) back to back, in chunks that are never written again once
// filled. A row keeps one index for the three instead of three string
// headers and three allocations: at a million rows, some 60 MB less.
//
// The strings read back point into the chunks (unsafe.String), as
// strings.Builder's do into its buffer: that is sound because a byte, once
// appended, never changes, and a string keeps its chunk alive.
type texts struct {
	chunks [][]byte // each of capacity textChunk, or one oversized text
}

// textChunk is the capacity of a chunk; an index is its chunk's number
// then the offset in it, 16 bits each.
const textChunk = 1 << 16

// put appends id, name and desc, each after its length, and returns their
// index.
func (t *texts) put(id, name, desc string) uint32 {
	need := 0
	for _, s := range [...]string{id, name, desc} {
		need += uvarintLen(len(s)) + len(s)
	}
	last := len(t.chunks) - 1
	if last < 0 || cap(t.chunks[last])-len(t.chunks[last]) < need {
		if len(t.chunks) == 1<<16 {
			panic("inventory: more than 4 GB of connection IDs, names and descriptions")
		}
		t.chunks = append(t.chunks, make([]byte, 0, max(textChunk, need)))
		last++
	}
	b := t.chunks[last]
	at := uint32(last)<<16 | uint32(len(b))
	for _, s := range [...]string{id, name, desc} {
		b = append(binary.AppendUvarint(b, uint64(len(s))), s...)
	}
	t.chunks[last] = b
	return at
}

// get returns the three strings at index at.
func (t *texts) get(at uint32) (id, name, desc string) {
	b := t.chunks[at>>16][at&(textChunk-1):]
	id, b = nextText(b)
	name, b = nextText(b)
	desc, _ = nextText(b)
	return id, name, desc
}

// id returns the first string at index at.
func (t *texts) id(at uint32) string {
	id, _ := nextText(t.chunks[at>>16][at&(textChunk-1):])
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

func uvarintLen(n int) int {
	k := 1
	for ; n >= 0x80; n >>= 7 {
		k++
	}
	return k
}
