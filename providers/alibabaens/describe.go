package alibabaens

import (
	"context"
	"encoding/json"
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
}

// short reports whether the page holds fewer connections than asked,
// which ends a listing. A full page never does, whatever the total says:
// totals can be wrong, and a walk that trusted one would stop short.
func (p *page) short() bool { return len(p.items) < p.size }

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

// errEmptyInsideTotal marks a page that came back empty although the total
// says connections are there. Once retried away it was a glitch; if every
// attempt is empty, the total is wrong.
var errEmptyInsideTotal = errors.New("empty page inside the total")

// describe fetches one page. An empty page before the reported total is
// likely a glitch (the API's own count says items are there): it is
// reported as Unavailable, which the retry loop fetches again, wrapping
// errEmptyInsideTotal so that a caller can tell when it persists.
func (c *Client) describe(ctx context.Context, op string, q query, number, size int) (*page, error) {
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
			if len(ans.NetworkPeerConnects) == 0 && int64(number-1)*int64(size) < total {
				return &peering.Error{Code: peering.Unavailable, Provider: peering.AlibabaENS, Op: op, RequestID: ans.RequestID,
					Message: fmt.Sprintf("page %d is empty although the total is %d", number, total), Err: errEmptyInsideTotal}
			}
			return nil
		},
	})
	if err != nil {
		return nil, err
	}
	return &page{number: number, size: size, total: total, items: ans.NetworkPeerConnects}, nil
}

// decodeDescribe decodes a DescribeNetworkPeerConnections answer and its
// total, which arrives as a string.
func decodeDescribe(body []byte) (describeAnswer, int64, error) {
	var ans describeAnswer
	if err := json.Unmarshal(body, &ans); err != nil {
		return ans, 0, err
	}
	total, err := normalize.Int(ans.TotalCount)
	if err != nil {
		return ans, 0, fmt.Errorf("TotalCount: %w", err)
	}
	return ans, total, nil
}

// Get returns one connection: DescribeNetworkPeerConnections with its
// InstanceId. An empty answer (the API's way of saying the ID is unknown)
// is NotFound.
func (c *Client) Get(ctx context.Context, id string) (peering.Connection, error) {
	id, err := checkID("Get", id)
	if err != nil {
		return peering.Connection{}, err
	}
	p, err := c.describe(ctx, "Get", query{instanceID: id}, 1, MinPageSize)
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
