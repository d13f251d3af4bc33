package alibabaens

import (
	"context"
	"encoding/json"
	"fmt"
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

// last reports whether no page follows: this one is short, or it reaches
// the reported total. (An empty page inside the total never gets here:
// describe retries it.)
func (p *page) last() bool {
	return len(p.items) < p.size || int64(p.number)*int64(p.size) >= p.total
}

// describe fetches one page. An empty page before the reported total is a
// glitch (the API's own count says items are there), not the end: it is
// reported as Unavailable, which the retry loop fetches again.
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
					Message: fmt.Sprintf("page %d is empty although the total is %d", number, total)}
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
