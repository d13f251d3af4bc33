package alibabavpc

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpcpeer"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/aliyunrpc"
	"github.com/peeringkit/peering/internal/deletion"
	"github.com/peeringkit/peering/normalize"
)

// The link types of an inter-region connection.
const (
	LinkTypeGold     = "Gold" // the API's default
	LinkTypePlatinum = "Platinum"
)

// CreateOptions is the CreateRequest.ProviderOptions VpcPeer accepts, as a
// value or a pointer.
type CreateOptions struct {
	// LinkType is LinkTypeGold or LinkTypePlatinum, for inter-region
	// connections only; "" leaves the API's default (Gold).
	LinkType string
}

// Create asks for a connection from the caller's VPC (req.LocalNetworkID,
// in the client's region) to req.PeerNetworkID in req.PeerRegion ("" = the
// same region) of account req.PeerAccountID ("" = Options.AccountID, which
// must then be set). A same-account connection activates by itself; a
// cross-account one waits in Accepting for the other account.
//
// Bandwidth applies to inter-region connections only: nil keeps the API's
// default (1024 Mbit/s), otherwise it must be positive; an in-region
// connection is unlimited, so only nil or -1 is accepted for it. Tags,
// bandwidth and link type, which the SDK's typed request lacks, are added
// as parameters.
//
// Every attempt carries the same ClientToken (req.ClientToken or a random
// one), so a retry after a lost answer returns the connection the first
// attempt made instead of making a second one. When every attempt failed
// and one of them may have been applied (its answer was lost, cut or
// unreadable, or the server failed), the error is a
// *peering.UncertainWriteError carrying the token: send the same request
// with that ClientToken to get the connection, if one was made, without
// making a second.
func (c *Client) Create(ctx context.Context, req peering.CreateRequest) (string, error) {
	in, err := c.checkCreate(req)
	if err != nil {
		return "", err
	}
	var ans struct {
		RequestID  string `json:"RequestId"`
		InstanceID string `json:"InstanceId"`
	}
	err = c.rpc.Do(ctx, aliyunrpc.Call{
		Op:          "Create",
		Action:      "CreateVpcPeerConnection",
		Request:     in.request,
		ClientToken: in.token,
		Decode: func(body []byte) error {
			if err := json.Unmarshal(body, &ans); err != nil {
				return err
			}
			if normalize.ID(ans.InstanceID) == "" {
				return &peering.Error{Code: peering.Internal, Provider: peering.AlibabaVPC, Op: "Create",
					RequestID: ans.RequestID, Message: "CreateVpcPeerConnection answered without an InstanceId"}
			}
			return nil
		},
	})
	if err != nil {
		return "", err
	}
	return normalize.ID(ans.InstanceID), nil
}

// createInput is a checked CreateRequest.
type createInput struct {
	region, vpc, peerVpc, peerRegion, peerAccount string
	name, description, resourceGroup, linkType    string
	bandwidth                                     int64 // 0 = not sent
	tags                                          map[string]string
	token                                         string
}

// request builds one attempt's request; every attempt is identical.
func (in *createInput) request() requests.AcsRequest {
	r := vpcpeer.CreateCreateVpcPeerConnectionRequest()
	r.RegionId = in.region
	r.VpcId = in.vpc
	r.AcceptingVpcId = in.peerVpc
	r.AcceptingRegionId = in.peerRegion
	r.AcceptingAliUid = requests.Integer(in.peerAccount) // digits as given: UIDs exceed 2^53
	r.Name = in.name
	r.Description = in.description
	r.ResourceGroupId = in.resourceGroup
	r.ClientToken = in.token
	if in.bandwidth > 0 {
		r.FormParams["Bandwidth"] = strconv.FormatInt(in.bandwidth, 10)
	}
	if in.linkType != "" {
		r.QueryParams["LinkType"] = in.linkType
	}
	for i, k := range sortedKeys(in.tags) {
		n := strconv.Itoa(i + 1)
		r.QueryParams["Tag."+n+".Key"] = k
		r.QueryParams["Tag."+n+".Value"] = in.tags[k]
	}
	return r
}

// Accept accepts a connection offered to the caller's account
// (AcceptVpcPeerConnection). The connection passes through Updating to
// Activated. A connection not in Accepting is FailedPrecondition
// (IncorrectStatus.VpcPeer).
func (c *Client) Accept(ctx context.Context, id string) error {
	id, err := checkID("Accept", id)
	if err != nil {
		return err
	}
	token := aliyunrpc.NewClientToken()
	return c.rpc.Do(ctx, aliyunrpc.Call{Op: "Accept", Action: "AcceptVpcPeerConnection",
		Request: func() requests.AcsRequest {
			r := vpcpeer.CreateAcceptVpcPeerConnectionRequest()
			r.RegionId, r.InstanceId, r.ClientToken = c.region, id, token
			return r
		}})
}

// Reject refuses a connection offered to the caller's account
// (RejectVpcPeerConnection); it becomes Rejected.
func (c *Client) Reject(ctx context.Context, id string) error {
	id, err := checkID("Reject", id)
	if err != nil {
		return err
	}
	token := aliyunrpc.NewClientToken()
	return c.rpc.Do(ctx, aliyunrpc.Call{Op: "Reject", Action: "RejectVpcPeerConnection",
		Request: func() requests.AcsRequest {
			r := vpcpeer.CreateRejectVpcPeerConnectionRequest()
			r.RegionId, r.InstanceId, r.ClientToken = c.region, id, token
			return r
		}})
}

// Update changes the name, description or bandwidth
// (ModifyVpcPeerConnection); nil fields are left alone and an empty Update
// sends nothing. Bandwidth must be positive (the API has no way back to
// unlimited) and applies to inter-region connections.
func (c *Client) Update(ctx context.Context, id string, u peering.Update) error {
	id, err := checkID("Update", id)
	if err != nil {
		return err
	}
	if err := checkUpdate(u); err != nil {
		return err
	}
	if u.IsZero() {
		return nil
	}
	// The values, not the caller's pointers, go into every attempt.
	var name, desc string
	var bandwidth requests.Integer
	if u.Name != nil {
		name = *u.Name
	}
	if u.Description != nil {
		desc = *u.Description
	}
	if u.Bandwidth != nil {
		bandwidth = requests.NewInteger64(int64(*u.Bandwidth))
	}
	return c.modify(ctx, "Update", id, false, func(r *vpcpeer.ModifyVpcPeerConnectionRequest) {
		r.Name, r.Description, r.Bandwidth = name, desc, bandwidth
	})
}

// WriteOptions are the options of the VpcPeer-only writes whose API can
// check a request without applying it. The zero value (or nil) applies it.
type WriteOptions struct {
	// DryRun asks the cloud to check the request (parameters,
	// permissions, the connection's status) and change nothing. The
	// method returns nil when the request would have succeeded, and the
	// error it would have met otherwise.
	DryRun bool
}

// SetLinkType changes the link type of an inter-region connection to
// LinkTypeGold or LinkTypePlatinum (ModifyVpcPeerConnection with
// LinkType). Like Update, it is for the requesting account only, on an
// Activated connection, which passes through Updating back to Activated. A
// connection within one region has no link type: the API refuses it
// (IllegalParam.LinkType, InvalidArgument). Another value is refused
// before any request. With o.DryRun the cloud checks the change and makes
// none.
func (c *Client) SetLinkType(ctx context.Context, id, linkType string, o *WriteOptions) error {
	const op = "SetLinkType"
	id, err := checkID(op, id)
	if err != nil {
		return err
	}
	switch linkType {
	case LinkTypeGold, LinkTypePlatinum:
	default:
		return invalid(op, "link type %q: want %s or %s", linkType, LinkTypeGold, LinkTypePlatinum)
	}
	return c.modify(ctx, op, id, o != nil && o.DryRun, func(r *vpcpeer.ModifyVpcPeerConnectionRequest) {
		// The SDK's typed request lacks LinkType; the API document has it.
		r.FormParams["LinkType"] = linkType
	})
}

// modify sends one ModifyVpcPeerConnection, whose parameters set fills
// in, with one ClientToken for all of its attempts.
func (c *Client) modify(ctx context.Context, op, id string, dryRun bool, set func(*vpcpeer.ModifyVpcPeerConnectionRequest)) error {
	token := aliyunrpc.NewClientToken()
	return c.rpc.Do(ctx, aliyunrpc.Call{Op: op, Action: "ModifyVpcPeerConnection", DryRun: dryRun,
		Request: func() requests.AcsRequest {
			r := vpcpeer.CreateModifyVpcPeerConnectionRequest()
			r.RegionId, r.InstanceId, r.ClientToken = c.region, id, token
			set(r)
			return r
		}})
}

// Delete releases a connection (DeleteVpcPeerConnection); it passes
// through Deleting and Deleted, then is gone. A connection that is already
// gone, or on its way (Deleting, Deleted: the API refuses those with
// IncorrectStatus.VpcPeer), is not an error. Routes that still point at the
// connection make the API refuse (OperationDenied.RouteEntryExist): the
// error is FailedPrecondition, and its message names those routes (the
// ones in the caller's VPCs of the client's region) and says to remove
// them or to delete with DeleteForce.
func (c *Client) Delete(ctx context.Context, id string) error {
	return c.delete(ctx, "Delete", id, false)
}

// DeleteForce releases a connection as Delete does, and the routes that
// point at it with it, in either VPC's route tables
// (DeleteVpcPeerConnection with Force=true). See the package documentation
// for why force is a method of this client and not a portable option.
func (c *Client) DeleteForce(ctx context.Context, id string) error {
	return c.delete(ctx, "DeleteForce", id, true)
}

func (c *Client) delete(ctx context.Context, op, id string, force bool) error {
	id, err := checkID(op, id)
	if err != nil {
		return err
	}
	token := aliyunrpc.NewClientToken()
	err = c.rpc.Do(ctx, aliyunrpc.Call{Op: op, Action: "DeleteVpcPeerConnection",
		Request: func() requests.AcsRequest {
			r := vpcpeer.CreateDeleteVpcPeerConnectionRequest()
			r.RegionId, r.InstanceId, r.ClientToken = c.region, id, token
			if force {
				r.Force = requests.NewBoolean(true)
			}
			return r
		}})
	err = deletion.Check{ID: id, Get: c.Get}.Outcome(ctx, err)
	return c.routesExist(ctx, id, err)
}
