package aliyun

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"hash/fnv"
)

// Page sizes, as documented.
const (
	vpcPeerDefaultPage = 20  // ListVpcPeerConnections MaxResults default
	vpcPeerMaxPage     = 100 // and maximum
	tagDefaultPage     = 50  // ListTagResources MaxResults default and maximum
	ensDefaultPage     = 10  // DescribeNetworkPeerConnections PageSize default and minimum
	ensMaxPage         = 100
)

// pageToken is what a NextToken carries. Tokens are opaque to clients: an
// offset into the sorted result, bound to the query that produced it (scope)
// and signed, so that a token that was altered, invented or used with other
// filters is refused with IllegalParam.NextToken (the documents' IllegalParam.%s).
//
// Offsets, not "after this ID" keys, because that is how the pathologies the
// fault injector asks for arise on a real service: a connection created
// before the walk's position pushes every later one a page down.
type pageToken struct {
	offset int
	loop   bool // answer with this same token again: the repeat-marker fault

	// The state a pagination fault gives a walk, carried from token to
	// token: an item to serve again (repeat-later) and a cycle of pages
	// (cycle-tokens).
	echoAt, echoIn                int // the item's offset; on the echoIn-th page from here (0: none)
	cycleStart, cycleLen, cycleAt int // the cycle's first offset, pages (0: none), this page's place
}

// Token flags.
const (
	flagLoop  = 1 << iota
	flagEcho  // echoAt and echoIn follow
	flagCycle // cycleStart, cycleLen and cycleAt follow
)

const tokenVersion = 1

var errBadToken = errors.New("bad token")

// scopeOf hashes the parts of a list query that a token is bound to.
func scopeOf(parts ...string) uint64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

// encodeToken writes a token. A serial number makes every token distinct, so
// that a client that compares tokens sees progress on an empty page whose
// next token continues at the same offset.
func (s *Service) encodeToken(t pageToken, scope uint64) string {
	b := make([]byte, 0, 48)
	b = append(b, tokenVersion)
	flags := byte(0)
	if t.loop {
		flags |= flagLoop
	}
	if t.echoIn > 0 {
		flags |= flagEcho
	}
	if t.cycleLen > 0 {
		flags |= flagCycle
	}
	b = append(b, flags)
	b = binary.AppendUvarint(b, uint64(t.offset))
	if t.echoIn > 0 {
		b = binary.AppendUvarint(b, uint64(t.echoAt))
		b = binary.AppendUvarint(b, uint64(t.echoIn))
	}
	if t.cycleLen > 0 {
		b = binary.AppendUvarint(b, uint64(t.cycleStart))
		b = binary.AppendUvarint(b, uint64(t.cycleLen))
		b = binary.AppendUvarint(b, uint64(t.cycleAt))
	}
	b = binary.AppendUvarint(b, s.tokenSerial.Add(1))
	b = binary.BigEndian.AppendUint64(b, scope)
	b = append(b, s.tokenMAC(b)...)
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeToken reads a token and checks it belongs to this query.
func (s *Service) decodeToken(str string, scope uint64) (pageToken, error) {
	b, err := base64.RawURLEncoding.DecodeString(str)
	if err != nil || len(b) < 2+2+8+8 {
		return pageToken{}, errBadToken
	}
	body, mac := b[:len(b)-8], b[len(b)-8:]
	flags := body[1]
	if !hmac.Equal(mac, s.tokenMAC(body)) || body[0] != tokenVersion || flags&^(flagLoop|flagEcho|flagCycle) != 0 {
		return pageToken{}, errBadToken
	}
	t := pageToken{loop: flags&flagLoop != 0}
	rest := body[2:]
	fields := []*int{&t.offset}
	if flags&flagEcho != 0 {
		fields = append(fields, &t.echoAt, &t.echoIn)
	}
	if flags&flagCycle != 0 {
		fields = append(fields, &t.cycleStart, &t.cycleLen, &t.cycleAt)
	}
	var serial int
	for _, f := range append(fields, &serial) {
		v, n := binary.Uvarint(rest)
		if n <= 0 || v > 1<<40 {
			return pageToken{}, errBadToken
		}
		*f, rest = int(v), rest[n:]
	}
	if len(rest) != 8 || binary.BigEndian.Uint64(rest) != scope {
		return pageToken{}, errBadToken
	}
	return t, nil
}

func (s *Service) tokenMAC(b []byte) []byte {
	h := hmac.New(sha256.New, s.tokenKey[:])
	h.Write(b)
	return h.Sum(nil)[:8]
}

// page returns the items of all at positions [off, off+n) among those that
// keep accepts (nil keeps all), and how many it accepts in total. Without a
// filter it is a slice of the index; with one it scans it.
func page[T any](all []T, keep func(T) bool, off, n int) (items []T, total int) {
	if keep == nil {
		lo, hi := min(off, len(all)), min(off+n, len(all))
		return append([]T(nil), all[lo:hi]...), len(all)
	}
	for _, c := range all {
		if !keep(c) {
			continue
		}
		if total >= off && total < off+n {
			items = append(items, c)
		}
		total++
	}
	return items, total
}
