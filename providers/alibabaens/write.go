package alibabaens

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"unicode/utf8"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/aliyunrpc"
	"github.com/peeringkit/peering/internal/deletion"
	"github.com/peeringkit/peering/normalize"
)

// Lengths CreateNetworkPeerConnection and ModifyNetworkPeerConnection take.
const (
	maxNameLen = 128
	maxDescLen = 256
)

// Create asks for a connection between two ENS networks
// (CreateNetworkPeerConnection; see the package doc: the call is known
// only from an unmerged Terraform change). It takes LocalNetworkID,
// PeerNetworkID, Name and Description; ENS has no bandwidth, tags,
// resource group, peer account or region, so setting one is
// InvalidArgument.
//
// The API has no ClientToken. When an attempt's outcome is unknown (the
// answer was lost), the adapter looks for a connection from LocalNetworkID
// to PeerNetworkID, not being deleted, before sending the create again, and
// returns it if there is one: ENS allows one connection per pair, so that
// connection is either the one the lost attempt made or one that would have
// made the create fail anyway. A req.ClientToken cannot be sent; giving one
// asks for the same outcome across calls: a create that fails because the
// pair is already connected (in this direction) returns that connection.
//
// When every attempt failed and one of them may have been applied (its
// answer was lost, cut or unreadable, or the server failed), the error is a
// *peering.UncertainWriteError whose ClientToken is req.ClientToken, or one
// the adapter made up: send the same request with it, and a connection the
// lost attempt made is returned instead of a second one. The token only
// tells the adapter to look the pair up (ENS itself never sees it, and does
// not bind it to the request's name or description). A caller can also
// look for the pair itself: peering.List with Filter.NetworkID set to
// LocalNetworkID, keeping the connection whose Peer.NetworkID is
// PeerNetworkID.
func (c *Client) Create(ctx context.Context, req peering.CreateRequest) (string, error) {
	const op = "Create"
	local, peer := normalize.ID(req.LocalNetworkID), normalize.ID(req.PeerNetworkID)
	switch {
	case local == "":
		return "", invalid(op, "LocalNetworkID (the requester's network) is required")
	case peer == "":
		return "", invalid(op, "PeerNetworkID (the accepter's network) is required")
	case local == peer:
		return "", invalid(op, "a network cannot peer with itself (%s)", local)
	case req.Bandwidth != nil:
		return "", invalid(op, "ENS network peering has no bandwidth setting")
	case len(req.Tags) > 0:
		return "", invalid(op, "ENS network peering has no tags")
	case req.ResourceGroupID != "":
		return "", invalid(op, "ENS network peering has no resource groups")
	case req.PeerAccountID != "":
		return "", invalid(op, "ENS network peering names networks only; PeerAccountID is not supported")
	case req.PeerRegion != "":
		return "", invalid(op, "ENS network peering names networks only; PeerRegion is not supported")
	case req.ProviderOptions != nil:
		return "", invalid(op, "ProviderOptions of type %T; ENS accepts none", req.ProviderOptions)
	}
	if err := checkText(op, "name", req.Name); err != nil {
		return "", err
	}
	if err := checkText(op, "description", req.Description); err != nil {
		return "", err
	}
	token := req.ClientToken
	if token != "" {
		if err := aliyunrpc.CheckClientToken(token); err != nil {
			return "", invalid(op, "%v", err)
		}
	} else {
		token = aliyunrpc.NewClientToken() // for an UncertainWriteError only
	}

	var id string
	reconciled := false
	err := c.rpc.Do(ctx, aliyunrpc.Call{
		Op:          op,
		Action:      "CreateNetworkPeerConnection",
		ClientToken: token,
		Request: func() requests.AcsRequest {
			r := newRequest("CreateNetworkPeerConnection")
			r.QueryParams["NetworkId"] = local
			r.QueryParams["AcceptingNetworkId"] = peer
			if req.Name != "" {
				r.QueryParams["Name"] = req.Name
			}
			if req.Description != "" {
				r.QueryParams["Description"] = req.Description
			}
			r.TransToAcsRequest()
			return r
		},
		Decode: func(body []byte) error {
			var ans struct {
				RequestID  string `json:"RequestId"`
				InstanceID string `json:"InstanceId"`
			}
			if err := json.Unmarshal(body, &ans); err != nil {
				return err
			}
			if id = normalize.ID(ans.InstanceID); id == "" {
				return &peering.Error{Code: peering.Internal, Provider: peering.AlibabaENS, Op: op,
					RequestID: ans.RequestID, Message: "CreateNetworkPeerConnection answered without an InstanceId"}
			}
			return nil
		},
		Reconcile: func(ctx context.Context) (bool, error) {
			reconciled = true
			found, err := c.findPair(ctx, op, local, peer)
			id = found
			return found != "", err
		},
	})
	if peering.Code(err) == peering.AlreadyExists && (reconciled || req.ClientToken != "") {
		// A create retried after a lost answer, or repeated by the caller
		// with its token, meets the connection the first one made.
		found, ferr := c.findPair(ctx, op, local, peer)
		if ferr != nil {
			return "", ferr
		}
		if found != "" {
			return found, nil
		}
	}
	if err != nil {
		return "", err
	}
	return id, nil
}

// pairLookupPages is the budget of findPair: the API filters on the pair,
// which real estates join with a connection or two, so a look-up that reads
// this many full pages is walking a server that never ends.
const pairLookupPages = 20

// findPair returns the ID of the connection from local to peer that is not
// being deleted, or "".
func (c *Client) findPair(ctx context.Context, op, local, peer string) (string, error) {
	q := query{networkIDs: []string{local, peer}}
	for number := 1; ; number++ {
		if number > pairLookupPages {
			return "", &peering.Error{Code: peering.Internal, Provider: peering.AlibabaENS, Op: op,
				Message: fmt.Sprintf("the look-up of connections between %s and %s read %d full pages without reaching the end: over its budget of %d pages", local, peer, pairLookupPages, pairLookupPages)}
		}
		p, err := c.describe(ctx, op, q, number, MaxPageSize, 0)
		if err != nil {
			return "", err
		}
		for i := range p.items {
			conn := connection(&p.items[i])
			if conn.Requester.NetworkID == local && conn.Accepter.NetworkID == peer && conn.Status != peering.StatusDeleting {
				return conn.ID, nil
			}
		}
		if p.short() {
			return "", nil
		}
	}
}

// Delete releases a connection (DeleteNetworkPeerConnection); it goes to
// Deleting, then leaves the listing. A connection that is already gone
// (InstanceNotFound.NetworkPeerConnection) or Deleting is not an error.
// The API has no ClientToken: after an attempt whose answer was lost, the
// adapter checks whether the connection is gone or being deleted before
// sending it again, since a second delete would be refused
// (IncorrectStatus).
func (c *Client) Delete(ctx context.Context, id string) error {
	const op = "Delete"
	id, err := checkID(op, id)
	if err != nil {
		return err
	}
	check := deletion.Check{ID: id, Get: c.Get}
	err = c.rpc.Do(ctx, aliyunrpc.Call{
		Op:     op,
		Action: "DeleteNetworkPeerConnection",
		Request: func() requests.AcsRequest {
			r := newRequest("DeleteNetworkPeerConnection")
			r.QueryParams["InstanceId"] = id
			r.TransToAcsRequest()
			return r
		},
		Reconcile: check.Gone,
	})
	// Deleting already (IncorrectStatus) is the outcome asked for.
	return check.Outcome(ctx, err)
}

// Update renames a connection or changes its description
// (ModifyNetworkPeerConnection, unverified like Create; see the package
// doc); nil fields are left alone and an empty Update sends nothing. ENS
// has no bandwidth: setting it is Unimplemented. Setting a name is
// idempotent, so the call is retried like a read.
func (c *Client) Update(ctx context.Context, id string, u peering.Update) error {
	const op = "Update"
	if u.Bandwidth != nil {
		return peering.Unimplementedf(peering.AlibabaENS, op, "ENS network peering has no bandwidth to update")
	}
	id, err := checkID(op, id)
	if err != nil {
		return err
	}
	for _, f := range []struct {
		what string
		v    *string
	}{{"name", u.Name}, {"description", u.Description}} {
		if f.v == nil {
			continue
		}
		if *f.v == "" {
			return invalid(op, "an empty %s cannot be set; leave it nil to keep it", f.what)
		}
		if err := checkText(op, f.what, *f.v); err != nil {
			return err
		}
	}
	if u.IsZero() {
		return nil
	}
	// The values, not the caller's pointers, go into every attempt.
	set := map[string]string{"InstanceId": id}
	if u.Name != nil {
		set["Name"] = *u.Name
	}
	if u.Description != nil {
		set["Description"] = *u.Description
	}
	return c.rpc.Do(ctx, aliyunrpc.Call{
		Op:     op,
		Action: "ModifyNetworkPeerConnection",
		Request: func() requests.AcsRequest {
			r := newRequest("ModifyNetworkPeerConnection")
			maps.Copy(r.QueryParams, set)
			r.TransToAcsRequest()
			return r
		},
	})
}

// Accept is Unimplemented: ENS network peering has no accept step.
func (c *Client) Accept(ctx context.Context, id string) error {
	return peering.Unimplementedf(peering.AlibabaENS, "Accept", "ENS network peering has no accept step")
}

// Reject is Unimplemented: ENS network peering has no accept step.
func (c *Client) Reject(ctx context.Context, id string) error {
	return peering.Unimplementedf(peering.AlibabaENS, "Reject", "ENS network peering has no accept step")
}

// checkText applies the lengths the API takes; "" is not sent.
func checkText(op, what, s string) error {
	maxLen := maxNameLen
	if what == "description" {
		maxLen = maxDescLen
	}
	if n := utf8.RuneCountInString(s); n > maxLen {
		return invalid(op, "%s is %d characters; the API takes at most %d", what, n, maxLen)
	}
	return nil
}
