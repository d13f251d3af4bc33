package httpguard

import (
	"bytes"
	"io"
	"net/http"
	"slices"
	"strconv"
	"sync"
)

// maxPooledBytes bounds the buffers kept for reuse: a list page is at most
// about 2 MiB (see DefaultMaxBodyBytes), so one larger than this came from
// an odd answer and is left to the collector rather than held for good.
const maxPooledBytes = 4 << 20

// bodies holds released Bodies, their buffers emptied.
var bodies = sync.Pool{New: func() any { return new(Body) }}

// Body is a body read whole by [ReadBody], in a buffer borrowed from a
// pool. It has one owner, which calls Release once, when nothing it
// decoded refers to the bytes any longer.
type Body struct {
	b []byte
}

// Bytes returns the body. The slice is valid until Release: a value
// decoded from it must hold copies (json.Unmarshal and normalize.Reader
// copy every string and json.RawMessage they store). Bytes of a nil Body
// is nil.
func (b *Body) Bytes() []byte {
	if b == nil {
		return nil
	}
	return b.b
}

// Release hands the buffer back for a later ReadBody to reuse; a buffer
// over 4 MiB is dropped instead. After Release neither b nor the bytes it
// gave may be used, and b must not be released again. Release of a nil
// Body does nothing.
func (b *Body) Release() {
	if b == nil {
		return
	}
	if raceEnabled {
		// Whatever still points into the buffer reads as garbage from
		// now on, in every test run with -race.
		for i := range b.b {
			b.b[i] = poison
		}
	}
	if cap(b.b) > maxPooledBytes {
		return
	}
	b.b = b.b[:0]
	bodies.Put(b)
}

// ReadBody reads resp's body whole into a pooled buffer, grown first to
// the announced Content-Length when there is one (up to
// DefaultMaxBodyBytes; the guard's cap still applies as the body is read),
// so that a page of a megabyte costs no allocation once an earlier page's
// buffer is back in the pool, and at most one otherwise, rather than a
// buffer grown and copied as it arrives. The caller owns the Body and
// releases it after decoding (see [Body.Release]). On an error the Body is
// nil: the buffer is already back.
func ReadBody(resp *http.Response) (*Body, error) {
	b := bodies.Get().(*Body)
	buf := b.b[:0]
	// The header, not resp.ContentLength, which the guard clears: what is
	// read may be less than announced. MinRead to spare lets the read
	// that finds the end do so without growing the buffer.
	if n, err := strconv.ParseInt(resp.Header.Get("Content-Length"), 10, 64); err == nil && n > 0 && n <= DefaultMaxBodyBytes {
		if need := int(n) + bytes.MinRead; cap(buf) < need {
			// A fresh buffer of the size: growing the pooled one would
			// copy its (empty) contents and round the size up.
			buf = make([]byte, 0, need)
		}
	}
	for {
		if cap(buf)-len(buf) < bytes.MinRead {
			buf = slices.Grow(buf, bytes.MinRead)
		}
		n, err := resp.Body.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			b.b = buf
			return b, nil
		}
		if err != nil {
			b.b = buf
			b.Release()
			return nil, err
		}
	}
}
