package alibabaens

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/aliyunrpc"
	"github.com/peeringkit/peering/normalize"
)

// The API the adapter calls: Ens 2017-11-10 through the SDK's CommonRequest
// (the SDK's typed ENS package has no peering calls).
const (
	product = "Ens"
	version = "2017-11-10"
)

// newRequest returns a POST CommonRequest for an ENS action; the client
// sets the endpoint and scheme.
func newRequest(action string) *requests.CommonRequest {
	r := requests.NewCommonRequest()
	r.Method = requests.POST
	r.Product, r.Version, r.ApiName = product, version, action
	return r
}

// query is what DescribeNetworkPeerConnections filters on server-side.
type query struct {
	instanceID string
	networkIDs []string // either end
	name       string
}

// page is one decoded DescribeNetworkPeerConnections page.
type page struct {
	number, size int
	total        int64
	items        []NetworkPeerConnection
	// cut marks a page that stayed short of its own total through every
	// retry (errShortInsideTotal): the listing ends with it.
	cut bool
}

// short reports whether the page ends a listing: it holds fewer
// connections than asked, or it is cut. A full page never does, whatever
// the total says: totals can be wrong, and a walk that trusted one would
// stop short.
func (p *page) short() bool { return p.cut || len(p.items) < p.size }

// servedCap returns the page size a walk goes on with after this first
// page: the size asked, or, when the page came back shorter than asked
// while its total says more remain, the size it was served at, which is
// the server's own cap (its page numbers then count in pages of that
// size). The page's own size becomes that too, so that short reports on it.
func (p *page) servedCap() int {
	if n := len(p.items); n < p.size && int64(n) < p.total && n >= MinPageSize {
		p.size = n
	}
	return p.size
}

// raw returns the page as a raw peering.Page.
func (p *page) raw() peering.Page {
	out := peering.Page{Connections: make([]peering.Connection, len(p.items)), Total: int(min(max(p.total, 0), math.MaxInt32))}
	for i := range p.items {
		out.Connections[i] = connection(&p.items[i])
	}
	return out
}

// errShortInsideTotal marks a page that came back shorter than asked
// although its own total says more connections follow. Once retried away
// it was a glitch; if every attempt is short, the total or the paging is
// wrong, and the page ends the listing (see page.cut).
var errShortInsideTotal = errors.New("short page inside the total")

// describe fetches one page. A page short of what the API's own total says
// is likely a glitch: it is reported as Unavailable, which the retry loop
// fetches again. A first page of at least MinPageSize is the exception: it
// may show the server's page cap (see servedCap). A page still short after
// the retries is returned marked cut, which ends a listing there; the
// listing's count then contradicts the total, which peering.List reports.
//
// known is the largest total the walk has seen on earlier pages (0 for a
// first page or a single look-up): a page whose own total says the listing
// ends with it, while an earlier page said more remain, is as suspect as one
// short of its own total, since totals can lie page by page.
func (c *Client) describe(ctx context.Context, op string, q query, number, size int, known int64) (*page, error) {
	var (
		ans   describeAnswer
		total int64
	)
	err := c.rpc.Do(ctx, aliyunrpc.Call{
		Op:     op,
		Action: "DescribeNetworkPeerConnections",
		Request: func() requests.AcsRequest {
			r := newRequest("DescribeNetworkPeerConnections")
			p := r.QueryParams
			p["PageNumber"] = strconv.Itoa(number)
			p["PageSize"] = strconv.Itoa(size)
			if q.instanceID != "" {
				p["InstanceId"] = q.instanceID
			}
			if q.name != "" {
				p["Name"] = q.name
			}
			for i, id := range q.networkIDs {
				p["NetworkIds."+strconv.Itoa(i+1)] = id
			}
			r.TransToAcsRequest()
			return r
		},
		Decode: func(body []byte) (err error) {
			if ans, total, err = decodeDescribe(body); err != nil {
				return err
			}
			n := len(ans.NetworkPeerConnects)
			// Page numbers count in pages of the size asked: a later page
			// served at another size holds other offsets than asked, and a
			// short one would look like the end of the listing.
			if served, err := ans.PageSize.Int64(); err == nil && number > 1 && served > 0 && served != int64(size) {
				return &peering.Error{Code: peering.Unavailable, Provider: peering.AlibabaENS, Op: op, RequestID: ans.RequestID,
					Message: fmt.Sprintf("page %d was served in pages of %d, not of %d as asked", number, served, size)}
			}
			capped := number == 1 && n >= MinPageSize
			if n < size && int64(number-1)*int64(size)+int64(n) < max(total, known) && !capped {
				return &peering.Error{Code: peering.Unavailable, Provider: peering.AlibabaENS, Op: op, RequestID: ans.RequestID,
					Message: fmt.Sprintf("page %d holds %d of %d connections although the total is %d", number, n, size, max(total, known)), Err: errShortInsideTotal}
			}
			return nil
		},
	})
	cut := errors.Is(err, errShortInsideTotal) && ctx.Err() == nil
	if err != nil && !cut {
		return nil, err
	}
	return &page{number: number, size: size, total: total, items: ans.NetworkPeerConnects, cut: cut}, nil
}

// decodeDescribe decodes a DescribeNetworkPeerConnections answer and its
// total, which arrives as a string.
func decodeDescribe(body []byte) (describeAnswer, int64, error) {
	ans, _, err := decodeDescribePage(body)
	if err != nil {
		return ans, 0, err
	}
	total, err := normalize.Int(ans.TotalCount)
	if err != nil {
		return ans, 0, fmt.Errorf("TotalCount: %w", err)
	}
	return ans, total, nil
}

// decodeDescribePage decodes the answer, and says whether it took the
// tolerant path.
func decodeDescribePage(body []byte) (ans describeAnswer, tolerated bool, err error) {
	// Room for a full page: decoding appends into it rather than growing
	// the slice of records as it goes.
	fast := describeFast{describeAnswer: &ans, NetworkPeerConnects: make([]NetworkPeerConnection, 0, MaxPageSize)}
	tolerated, err = normalize.DecodePage(body, &ans, (*[]NetworkPeerConnection)(&ans.NetworkPeerConnects),
		&fast, &fast.NetworkPeerConnects, nil, checkRecordIDs)
	return ans, tolerated, err
}

// Get returns one connection: DescribeNetworkPeerConnections with its
// InstanceId. An empty answer (the API's way of saying the ID is unknown)
// is NotFound.
func (c *Client) Get(ctx context.Context, id string) (peering.Connection, error) {
	id, err := checkID("Get", id)
	if err != nil {
		return peering.Connection{}, err
	}
	p, err := c.describe(ctx, "Get", query{instanceID: id}, 1, MinPageSize, 0)
	if err != nil {
		return peering.Connection{}, err
	}
	for i := range p.items {
		if normalize.ID(p.items[i].InstanceID) == id {
			return connection(&p.items[i]), nil
		}
	}
	return peering.Connection{}, &peering.Error{Code: peering.NotFound, Provider: peering.AlibabaENS, Op: "Get",
		Message: "no network peer connection " + id}
}
