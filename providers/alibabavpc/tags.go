package alibabavpc

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpcpeer"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/aliyunrpc"
)

// resourceType is the tag APIs' name for VpcPeer connections.
const resourceType = "PeerConnection"

// maxTagResources is how many connections one tag call names; longer lists
// are sent in several calls.
const maxTagResources = 50

// maxTagPage is ListTagResources' largest MaxResults.
const maxTagPage = 50

// TagResources sets tags on connections (TagResources), replacing the value
// of a key a connection already has. Each call carries one ClientToken for
// all of its attempts. The tag rules are checked before any request: at
// most 20 tags, keys of 1 to 128 characters not starting with aliyun or
// acs:, values of at most 128, no http(s):// prefix.
func (c *Client) TagResources(ctx context.Context, ids []string, tags map[string]string) error {
	const op = "TagResources"
	ids, err := checkIDs(op, ids)
	if err != nil {
		return err
	}
	if len(tags) == 0 {
		return invalid(op, "no tags to set")
	}
	if err := checkTags(op, tags); err != nil {
		return err
	}
	keys := sortedKeys(tags)
	return c.writeChunks(ctx, op, "TagResources", ids, func(chunk []string, token string) requests.AcsRequest {
		r := vpcpeer.CreateTagResourcesRequest()
		r.RegionId, r.ResourceType, r.ClientToken = c.region, resourceType, token
		r.ResourceId = &chunk
		t := make([]vpcpeer.TagResourcesTag, 0, len(keys))
		for _, k := range keys {
			t = append(t, vpcpeer.TagResourcesTag{Key: k, Value: tags[k]})
		}
		r.Tag = &t
		return r
	})
}

// writeChunks sends a tag write once per chunk of at most maxTagResources
// connections (the API's limit), each chunk with one ClientToken for all of
// its attempts, and stops at the first failure. request builds an attempt's
// request for a chunk.
func (c *Client) writeChunks(ctx context.Context, op, action string, ids []string, request func(chunk []string, token string) requests.AcsRequest) error {
	for _, chunk := range chunks(ids, maxTagResources) {
		token := aliyunrpc.NewClientToken()
		err := c.rpc.Do(ctx, aliyunrpc.Call{Op: op, Action: action,
			Request: func() requests.AcsRequest { return request(chunk, token) }})
		if err != nil {
			return err
		}
	}
	return nil
}

// UntagResources removes the tags with the given keys from connections, or
// every tag when all is true (UnTagResources). Exactly one of keys and all
// must be given.
func (c *Client) UntagResources(ctx context.Context, ids []string, keys []string, all bool) error {
	const op = "UntagResources"
	ids, err := checkIDs(op, ids)
	if err != nil {
		return err
	}
	switch {
	case all && len(keys) > 0:
		return invalid(op, "give tag keys or all, not both")
	case !all && len(keys) == 0:
		return invalid(op, "no tag keys to remove (set all to remove every tag)")
	case len(keys) > maxTags:
		return invalid(op, "%d tag keys; the API takes at most %d", len(keys), maxTags)
	}
	for _, k := range keys {
		if k == "" {
			return invalid(op, "empty tag key")
		}
	}
	return c.writeChunks(ctx, op, "UnTagResources", ids, func(chunk []string, token string) requests.AcsRequest {
		r := vpcpeer.CreateUnTagResourcesRequest()
		r.RegionId, r.ResourceType, r.ClientToken = c.region, resourceType, token
		r.ResourceId = &chunk
		if all {
			r.All = requests.NewBoolean(true)
		} else {
			k := append([]string(nil), keys...)
			r.TagKey = &k
		}
		return r
	})
}

// ListTags returns the tags of connections (ListTagResources), by
// connection ID; a connection with no tags is absent from the map.
func (c *Client) ListTags(ctx context.Context, ids []string) (map[string]map[string]string, error) {
	const op = "ListTags"
	ids, err := checkIDs(op, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string]map[string]string)
	for _, chunk := range chunks(ids, maxTagResources) {
		next := ""
		for {
			var ans tagPage
			err := c.rpc.Do(ctx, aliyunrpc.Call{Op: op, Action: "ListTagResources",
				Request: func() requests.AcsRequest {
					r := vpcpeer.CreateListTagResourcesRequest()
					r.RegionId, r.ResourceType = c.region, resourceType
					r.ResourceId = &chunk
					r.MaxResults = requests.NewInteger(maxTagPage)
					r.NextToken = next
					return r
				},
				Decode: func(body []byte) error {
					ans = tagPage{}
					if err := json.Unmarshal(body, &ans); err != nil {
						return err
					}
					if next != "" && ans.NextToken == next {
						return &peering.Error{Code: peering.Unavailable, Provider: peering.AlibabaVPC, Op: op,
							RequestID: ans.RequestID, Message: "the page's NextToken is the token it was asked with"}
					}
					return nil
				}})
			if err != nil {
				return nil, err
			}
			for _, t := range ans.TagResources {
				m := out[t.ResourceID]
				if m == nil {
					m = make(map[string]string)
					out[t.ResourceID] = m
				}
				m[t.TagKey] = t.TagValue
			}
			if ans.NextToken == "" {
				break
			}
			next = ans.NextToken
		}
	}
	return out, nil
}

// tagPage is the ListTagResources answer.
type tagPage struct {
	RequestID    string       `json:"RequestId"`
	NextToken    string       `json:"NextToken"`
	TagResources tagResources `json:"TagResources"`
}

type tagResource struct {
	ResourceID   string `json:"ResourceId"`
	ResourceType string `json:"ResourceType"`
	TagKey       string `json:"TagKey"`
	TagValue     string `json:"TagValue"`
}

// tagResources decodes both shapes Alibaba APIs use for the list: a bare
// array (the SDK's model) and {"TagResource": [...]} (the XML-derived form
// of other products).
type tagResources []tagResource

// UnmarshalJSON implements json.Unmarshaler.
func (t *tagResources) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '{' {
		var w struct {
			TagResource []tagResource `json:"TagResource"`
		}
		if err := json.Unmarshal(b, &w); err != nil {
			return err
		}
		*t = w.TagResource
		return nil
	}
	return json.Unmarshal(b, (*[]tagResource)(t))
}

// checkIDs trims connection IDs and rejects an empty list or ID.
func checkIDs(op string, ids []string) ([]string, error) {
	if len(ids) == 0 {
		return nil, invalid(op, "no connection IDs")
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		var err error
		if out[i], err = checkID(op, id); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func chunks(s []string, n int) [][]string {
	var out [][]string
	for len(s) > n {
		out = append(out, s[:n:n])
		s = s[n:]
	}
	return append(out, s)
}
