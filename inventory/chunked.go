package inventory

// chunked holds a sequence of T in chunks of a fixed capacity. The rows
// of a million records are some 150 MB: grown as one slice, each growth
// would copy and clear them all again (in a large collection, more time
// than the merge itself), while a full chunk never moves.
type chunked[T any] struct {
	chunks [][]T // each full (chunkLen values) but the last
	n      int
}

const (
	chunkBits = 10
	chunkLen  = 1 << chunkBits // values a chunk holds: 1024 rows are some 150 KB
)

// makeChunked returns a sequence of n zero values.
func makeChunked[T any](n int) chunked[T] {
	s := chunked[T]{chunks: make([][]T, 0, (n+chunkLen-1)/chunkLen), n: n}
	for left := n; left > 0; left -= chunkLen {
		s.chunks = append(s.chunks, make([]T, min(left, chunkLen)))
	}
	return s
}

func (s *chunked[T]) len() int { return s.n }

// at returns the value at i, which must be in [0, len).
func (s *chunked[T]) at(i int) *T { return &s.chunks[i>>chunkBits][i&(chunkLen-1)] }

// push adds v at the end and returns its index. Only the last chunk grows,
// doubling up to chunkLen exactly: append's own growth would leave a full
// chunk a fifth larger than it holds.
func (s *chunked[T]) push(v T) int {
	if s.n%chunkLen == 0 {
		s.chunks = append(s.chunks, nil)
	}
	last := &s.chunks[len(s.chunks)-1]
	if len(*last) == cap(*last) {
		grown := make([]T, len(*last), min(max(2*cap(*last), 8), chunkLen))
		copy(grown, *last)
		*last = grown
	}
	*last = append(*last, v)
	s.n++
	return s.n - 1
}

// truncate keeps the first n values, which must be at most len.
func (s *chunked[T]) truncate(n int) {
	keep := (n + chunkLen - 1) / chunkLen
	clear(s.chunks[keep:]) // dropped values must not keep what they point to alive
	s.chunks = s.chunks[:keep]
	if keep > 0 {
		last := &s.chunks[keep-1]
		tail := n - (keep-1)*chunkLen
		clear((*last)[tail:])
		*last = (*last)[:tail]
	}
	s.n = n
}
