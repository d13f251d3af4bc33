package baidu

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/normalize"
)

// tokenVersion prefixes the marker inside a page token, so that the token's
// form can change without old tokens being misread.
const tokenVersion = "m1:"

// encodeToken wraps a marker into an opaque page token.
func encodeToken(marker string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(tokenVersion + marker))
}

// decodeToken returns the marker of a page token ("" starts a listing).
func decodeToken(token string) (string, error) {
	if token == "" {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return "", errors.New("not a page token of this adapter")
	}
	marker, ok := strings.CutPrefix(string(b), tokenVersion)
	if !ok || marker == "" {
		return "", errors.New("not a page token of this adapter")
	}
	return marker, nil
}

// ListPage returns one raw page of the listing, with one request. Only
// f.NetworkID is sent to the API (as vpcId), which filters on it; the rest
// of f is not applied here (peering.List and peering.Paginator apply it;
// see peering.Filter). f.PageSize is maxKeys: 0 means MaxPageSize, 1 to
// 1000 are valid. Connections are returned with CIDR blocks filled from
// the region's VPC listing, read beside the page and cached (see vpc.go and
// Options.NoVPCLookup).
func (c *Client) ListPage(ctx context.Context, f peering.Filter, token string) (peering.Page, error) {
	const op = "ListPage"
	if err := f.Validate(MaxPageSize); err != nil {
		var pe *peering.Error
		if errors.As(err, &pe) {
			return peering.Page{}, invalid(op, "%s", pe.Message)
		}
		return peering.Page{}, invalid(op, "%v", err)
	}
	if f.NetworkID != "" {
		if err := checkID(op, "network ID in filter", f.NetworkID); err != nil {
			return peering.Page{}, err
		}
	}
	marker, err := decodeToken(token)
	if err != nil {
		return peering.Page{}, invalid(op, "page token: %v", err)
	}
	size := f.PageSize
	if size == 0 {
		size = MaxPageSize
	}
	// The region's VPC listing runs beside the page (it is cached after the
	// first page of a walk): its blocks are needed once the page is in.
	var (
		vpcs    map[string]vpcInfo
		vpcsErr error
		listed  = make(chan struct{})
	)
	lctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(listed)
		if c.vpcs != nil {
			vpcs, vpcsErr = c.regionVPCs(lctx, op)
		}
	}()
	resp, err := c.listOnce(ctx, op, strings.TrimSpace(f.NetworkID), marker, size)
	if err != nil {
		cancel()
		<-listed
		return peering.Page{}, err
	}
	conns, err := c.connections(op, resp.PeerConns)
	if err == nil {
		<-listed
		err = c.fillFromListing(ctx, op, conns, vpcs, vpcsErr)
	}
	if err != nil {
		cancel()
		<-listed
		return peering.Page{}, err
	}
	page := peering.Page{Connections: conns}
	if resp.IsTruncated {
		page.Next = encodeToken(resp.NextMarker)
	}
	return page, nil
}

// listOnce fetches one page as the API returns it.
func (c *Client) listOnce(ctx context.Context, op, vpcID, marker string, size int) (listResponse, error) {
	q := url.Values{"maxKeys": {strconv.Itoa(size)}}
	if marker != "" {
		q.Set("marker", marker)
	}
	if vpcID != "" {
		q.Set("vpcId", vpcID)
	}
	var resp listResponse
	err := c.do(ctx, &request{op: op, api: "ListPeerConn", method: http.MethodGet, path: "/v1/peerconn", query: q,
		decode: func(body []byte) error {
			page, err := decodePage(body, marker, size)
			if err == nil {
				resp = page
			}
			return err
		}})
	return resp, err
}

// decodePage decodes a list answer and checks that it does not point back
// at itself.
func decodePage(body []byte, marker string, size int) (listResponse, error) {
	page, _, err := decodeListPage(body, size)
	if err != nil {
		return listResponse{}, err
	}
	// A truncated page must say where to go on, and not back to where it
	// started (the marker sent, or the page's own marker, which names its
	// first item): either would loop. Both are worth a retry, as they come
	// from an inconsistent read on the server.
	if page.IsTruncated && (page.NextMarker == "" || page.NextMarker == marker || page.NextMarker == page.Marker) {
		return listResponse{}, fmt.Errorf("%w: truncated page starting at %q points to %q", errTransient, page.Marker, page.NextMarker)
	}
	return page, nil
}

// decodeListPage decodes a list answer of up to size records, and says
// whether it took the tolerant path.
func decodeListPage(body []byte, size int) (ans listResponse, tolerated bool, err error) {
	// Room for the page asked for: decoding then appends into it rather
	// than growing the slice of records page by page.
	fast := listFast{listResponse: &ans, PeerConns: make([]PeerConn, 0, size)}
	tolerated, err = normalize.DecodePage(body, &ans, (*[]PeerConn)(&ans.PeerConns), &fast, &fast.PeerConns,
		func(body []byte) bool { return readList(body, &fast) },
		func(l []PeerConn) error { return checkIDs(l, peerConnID, peerConnMissing) })
	return ans, tolerated, cutShort(body, err)
}

// connections converts a page's records. The connections point into
// records (Raw), which must not be reused.
func (c *Client) connections(op string, records []PeerConn) ([]peering.Connection, error) {
	conns := make([]peering.Connection, 0, len(records))
	for i := range records {
		// A listed record is the caller's end in this region.
		conn, err := c.connection(op, &records[i], recordRole(&records[i], ""), true)
		if err != nil {
			return nil, err
		}
		conns = append(conns, conn)
	}
	return conns, nil
}
