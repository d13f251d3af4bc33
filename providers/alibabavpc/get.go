package alibabavpc

import (
	"context"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpcpeer"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/aliyunrpc"
)

// Get returns one connection (GetVpcPeerConnectionAttribute). A connection
// that does not exist, or no longer does, is NotFound
// (ResourceNotFound.InstanceId).
func (c *Client) Get(ctx context.Context, id string) (peering.Connection, error) {
	id, err := checkID("Get", id)
	if err != nil {
		return peering.Connection{}, err
	}
	rec := new(VpcPeerConnection)
	err = c.rpc.Do(ctx, aliyunrpc.Call{
		Op:     "Get",
		Action: "GetVpcPeerConnectionAttribute",
		Request: func() requests.AcsRequest {
			req := vpcpeer.CreateGetVpcPeerConnectionAttributeRequest()
			req.RegionId = c.region
			req.InstanceId = id
			return req
		},
		Decode: func(body []byte) error {
			*rec = VpcPeerConnection{}
			return decodeRecord(body, rec)
		},
	})
	if err != nil {
		return peering.Connection{}, err
	}
	if rec.InstanceID == "" {
		// A 200 without the connection is not an answer to trust.
		return peering.Connection{}, &peering.Error{Code: peering.Internal, Provider: peering.AlibabaVPC, Op: "Get",
			Message: "GetVpcPeerConnectionAttribute answered without an InstanceId for " + id}
	}
	return connection(rec, c.account), nil
}
