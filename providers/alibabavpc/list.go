package alibabavpc

import (
	"context"
	"encoding/base64"
	"errors"
	"sort"
	"strings"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpcpeer"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/aliyunrpc"
	"github.com/peeringkit/peering/normalize"
)

// errRepeatedToken marks a page whose NextToken is the one it was asked
// with. Once it is retried away it was a glitch; if it persists, a loop.
var errRepeatedToken = errors.New("repeated NextToken")

// maxFilterTags is the most tags ListVpcPeerConnections filters on.
const maxFilterTags = 20

// ListPage returns one raw page of ListVpcPeerConnections, with one
// request. The filter's NetworkID (either end's VPC), Name, a single ID and
// Tags are sent to the API, which filters on them; several IDs and Status
// are not applied here (peering.List and peering.Paginator apply the whole
// filter; see peering.Filter). Page.Total stays 0: the document describes
// TotalCount as "the number of entries returned", and its example pairs a
// TotalCount of 1 with a NextToken, so it may count the page rather than
// the listing, and a walk must not be judged against it.
//
// The token is the API's NextToken, versioned and base64url-encoded. A page
// whose NextToken is the one it was asked with (a cloud glitch that would
// loop a listing) is fetched again; if every attempt comes back so, the
// error is Internal.
func (c *Client) ListPage(ctx context.Context, f peering.Filter, token string) (peering.Page, error) {
	f, err := checkFilter(f)
	if err != nil {
		return peering.Page{}, err
	}
	next, err := decodeToken(token)
	if err != nil {
		return peering.Page{}, err
	}
	size := f.PageSize
	if size == 0 {
		size = MaxPageSize
	}
	var ans listAnswer
	err = c.rpc.Do(ctx, aliyunrpc.Call{
		Op:     "ListPage",
		Action: "ListVpcPeerConnections",
		Request: func() requests.AcsRequest {
			req := vpcpeer.CreateListVpcPeerConnectionsRequest()
			req.RegionId = c.region
			req.MaxResults = requests.NewInteger(size)
			req.NextToken = next
			if f.NetworkID != "" {
				req.VpcId = &[]string{f.NetworkID}
			}
			req.Name = f.Name
			if len(f.IDs) == 1 {
				req.InstanceId = f.IDs[0]
			}
			if len(f.Tags) > 0 {
				req.Tags = filterTags(f.Tags)
			}
			return req
		},
		Decode: func(body []byte) (err error) {
			if ans, err = decodeList(body); err != nil {
				return err
			}
			if next != "" && ans.NextToken == next {
				return &peering.Error{Code: peering.Unavailable, Provider: peering.AlibabaVPC, Op: "ListPage",
					RequestID: ans.RequestID, Message: "the page's NextToken is the token it was asked with", Err: errRepeatedToken}
			}
			return nil
		},
	})
	if errors.Is(err, errRepeatedToken) && ctx.Err() == nil {
		// Every attempt looped: going on would list the same page forever.
		return peering.Page{}, &peering.Error{Code: peering.Internal, Provider: peering.AlibabaVPC, Op: "ListPage",
			Message: "NextToken repeated on every attempt: the listing would loop", Err: err}
	}
	if err != nil {
		return peering.Page{}, err
	}
	page := peering.Page{Connections: make([]peering.Connection, 0, len(ans.VpcPeerConnects))}
	for i := range ans.VpcPeerConnects {
		page.Connections = append(page.Connections, connection(&ans.VpcPeerConnects[i], c.account))
	}
	if ans.NextToken != "" {
		page.Next = encodeToken(ans.NextToken)
	}
	return page, nil
}

// checkFilter validates f before any request and returns it with IDs and
// the network ID trimmed, as the adapter trims what the cloud sends.
func checkFilter(f peering.Filter) (peering.Filter, error) {
	if err := f.Validate(MaxPageSize); err != nil {
		return f, tagError(err, "ListPage")
	}
	if len(f.Tags) > maxFilterTags {
		return f, peering.InvalidArgumentf(peering.AlibabaVPC, "ListPage", "%d tags in filter; the API filters on at most %d", len(f.Tags), maxFilterTags)
	}
	for k := range f.Tags {
		if k == "" {
			return f, peering.InvalidArgumentf(peering.AlibabaVPC, "ListPage", "empty tag key in filter")
		}
	}
	f.NetworkID = normalize.ID(f.NetworkID)
	if len(f.IDs) > 0 {
		ids := make([]string, len(f.IDs))
		for i, id := range f.IDs {
			if ids[i] = normalize.ID(id); ids[i] == "" {
				return f, peering.InvalidArgumentf(peering.AlibabaVPC, "ListPage", "blank ID in filter")
			}
		}
		f.IDs = ids
	}
	return f, nil
}

// tagError fills in the provider and operation of a root-package error.
func tagError(err error, op string) error {
	if e, ok := err.(*peering.Error); ok {
		e2 := *e
		e2.Provider, e2.Op = peering.AlibabaVPC, op
		return &e2
	}
	return err
}

func filterTags(tags map[string]string) *[]vpcpeer.ListVpcPeerConnectionsTags {
	out := make([]vpcpeer.ListVpcPeerConnectionsTags, 0, len(tags))
	for _, k := range sortedKeys(tags) {
		out = append(out, vpcpeer.ListVpcPeerConnectionsTags{Key: k, Value: tags[k]})
	}
	return &out
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// tokenVersion is the first byte of every page token, so that the format
// can change without old tokens being misread.
const tokenVersion = 1

func encodeToken(nextToken string) string {
	return base64.RawURLEncoding.EncodeToString(append([]byte{tokenVersion}, nextToken...))
}

// decodeToken returns the NextToken in a page token ("" for the first page).
func decodeToken(token string) (string, error) {
	if token == "" {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(token)
	switch {
	case err != nil:
		return "", peering.InvalidArgumentf(peering.AlibabaVPC, "ListPage", "malformed page token: %v", err)
	case len(b) < 2 || b[0] != tokenVersion:
		return "", peering.InvalidArgumentf(peering.AlibabaVPC, "ListPage", "malformed page token %q: not one this adapter issued", token)
	case strings.ContainsFunc(string(b[1:]), func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return "", peering.InvalidArgumentf(peering.AlibabaVPC, "ListPage", "malformed page token %q: control characters", token)
	}
	return string(b[1:]), nil
}

// checkID trims a connection ID and rejects an empty one.
func checkID(op, id string) (string, error) {
	id = normalize.ID(id)
	if id == "" {
		return "", peering.InvalidArgumentf(peering.AlibabaVPC, op, "empty connection ID")
	}
	if strings.ContainsAny(id, " \t\r\n") {
		return "", peering.InvalidArgumentf(peering.AlibabaVPC, op, "connection ID %q contains whitespace", id)
	}
	return id, nil
}
