package alibabavpc

import (
	"context"
	"strings"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpcpeer"

	"github.com/peeringkit/peering/internal/aliyunrpc"
)

// MoveResourceGroup moves a connection to another resource group of the
// caller's account (MoveResourceGroup), which Connection.ResourceGroupID
// then shows. Only the requesting account's connection is found: for the
// accepting account, as for an ID unknown in the client's region, it is
// NotFound (ResourceNotFound.VpcPeer), and so is a group the account does
// not have (OperationFailed.NotExist.ResourceGroup). Moving a connection
// to the group it is in changes nothing, so a retried move is harmless.
// The API has no DryRun.
func (c *Client) MoveResourceGroup(ctx context.Context, id, group string) error {
	const op = "MoveResourceGroup"
	id, err := checkID(op, id)
	if err != nil {
		return err
	}
	group = strings.TrimSpace(group)
	if group == "" {
		return invalid(op, "empty resource group ID")
	}
	return c.rpc.Do(ctx, aliyunrpc.Call{Op: op, Action: "MoveResourceGroup",
		Request: func() requests.AcsRequest {
			r := vpcpeer.CreateMoveResourceGroupRequest()
			r.RegionId, r.ResourceType = c.region, resourceType
			r.ResourceId, r.NewResourceGroupId = id, group
			return r
		}})
}
