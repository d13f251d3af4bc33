package alibabaens

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"strings"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/normalize"
)

// ListPage returns one raw page of DescribeNetworkPeerConnections, with
// one request. The filter's NetworkID (either end), Name and a single ID
// are sent to the API, which filters on them; several IDs, Status and Tags
// (ENS has none, so a tag filter matches nothing) are not applied here
// (peering.List applies the whole filter; see peering.Filter). Page.Total
// is the answer's TotalCount. A short page is the last, whatever the total
// says; peering.List reports a total the listing contradicts.
//
// The API pages by number with sizes 10 to 100. A page size of 1 to 9 is
// fetched as a page of 10 and sliced: the token records the position of the
// next connection in the listing and the wire page size, so the walk
// resumes where it stopped whatever the page size, and goes on at the
// server's own cap when the first page showed one (see servedCap).
func (c *Client) ListPage(ctx context.Context, f peering.Filter, token string) (peering.Page, error) {
	f, err := checkFilter("ListPage", f)
	if err != nil {
		return peering.Page{}, err
	}
	offset, size, err := decodeToken(token)
	if err != nil {
		return peering.Page{}, err
	}
	want := f.PageSize
	if want == 0 {
		want = MaxPageSize
	}
	if size == 0 {
		size = max(want, MinPageSize)
	}
	number, skip := int(offset/uint64(size))+1, int(offset%uint64(size))
	p, err := c.describe(ctx, "ListPage", queryOf(f), number, size, 0)
	if err != nil {
		return peering.Page{}, err
	}
	if number == 1 {
		size = p.servedCap()
	}
	lo := min(skip, len(p.items))
	hi := min(lo+want, len(p.items))
	out := p.raw()
	out.Connections = out.Connections[lo:hi]
	switch {
	case hi < len(p.items): // more of this wire page to give
		out.Next = encodeToken(offset+uint64(hi-lo), size)
	case !p.short():
		out.Next = encodeToken(uint64(number)*uint64(size), size)
	}
	return out, nil
}

// queryOf returns the part of f the API filters on.
func queryOf(f peering.Filter) query {
	q := query{name: f.Name}
	if f.NetworkID != "" {
		q.networkIDs = []string{f.NetworkID}
	}
	if len(f.IDs) == 1 {
		q.instanceID = f.IDs[0]
	}
	return q
}

// checkFilter validates f before any request and returns it with IDs and
// the network ID trimmed, as the adapter trims what the cloud sends.
func checkFilter(op string, f peering.Filter) (peering.Filter, error) {
	if err := f.Validate(MaxPageSize); err != nil {
		if e, ok := err.(*peering.Error); ok {
			e2 := *e
			e2.Provider, e2.Op = peering.AlibabaENS, op
			return f, &e2
		}
		return f, err
	}
	f.NetworkID = normalize.ID(f.NetworkID)
	if len(f.IDs) > 0 {
		ids := make([]string, len(f.IDs))
		for i, id := range f.IDs {
			if ids[i] = normalize.ID(id); ids[i] == "" {
				return f, invalid(op, "blank ID in filter")
			}
		}
		f.IDs = ids
	}
	return f, nil
}

// tokenVersion is the first byte of every page token, so that the format
// can change without old tokens being misread.
// Version 1 tokens hold the offset; version 2 also the wire page size.
const tokenVersion = 2

// maxOffset bounds a decoded offset: no listing is near it, and a forged
// token must not overflow page arithmetic.
const maxOffset = 1 << 40

// encodeToken writes the position of the next connection in the listing
// and the page size the walk reads the API with.
func encodeToken(offset uint64, size int) string {
	b := binary.AppendUvarint([]byte{tokenVersion}, offset)
	b = binary.AppendUvarint(b, uint64(size))
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeToken reads a page token; "" is the start. size is 0 for a token
// of version 1, which read the API at the size the caller asked for.
func decodeToken(token string) (offset uint64, size int, err error) {
	if token == "" {
		return 0, 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return 0, 0, invalid("ListPage", "malformed page token: %v", err)
	}
	if len(b) < 2 || (b[0] != 1 && b[0] != tokenVersion) {
		return 0, 0, invalid("ListPage", "malformed page token %q: not one this adapter issued", token)
	}
	off, n := binary.Uvarint(b[1:])
	rest := b[1+max(n, 0):]
	var sz uint64
	if n > 0 && b[0] == tokenVersion {
		var m int
		sz, m = binary.Uvarint(rest)
		if m <= 0 || sz < MinPageSize || sz > MaxPageSize {
			return 0, 0, invalid("ListPage", "malformed page token %q", token)
		}
		rest = rest[m:]
	}
	if n <= 0 || len(rest) != 0 || off > maxOffset {
		return 0, 0, invalid("ListPage", "malformed page token %q", token)
	}
	return off, int(sz), nil
}

// checkID trims a connection ID and rejects an empty one.
func checkID(op, id string) (string, error) {
	id = normalize.ID(id)
	if id == "" {
		return "", invalid(op, "empty connection ID")
	}
	if strings.ContainsAny(id, " \t\r\n") {
		return "", invalid(op, "connection ID %q contains whitespace", id)
	}
	return id, nil
}
