package baidu

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/deletion"
	"github.com/peeringkit/peering/internal/retry"
	"github.com/peeringkit/peering/normalize"
)

// write sends one mutation. Every Baidu mutation takes a clientToken: the
// same token goes with every attempt, so a retried write whose first answer
// was lost returns the first result instead of acting twice. token "" gets
// a fresh one. r.query holds any other parameters, such as the bare flag
// that selects a PUT action (see flag).
func (c *Client) write(ctx context.Context, r *request, token string, body any) error {
	if token == "" {
		var err error
		if token, err = newClientToken(r.op); err != nil {
			return err
		}
	}
	if r.query == nil {
		r.query = url.Values{}
	}
	r.query.Set("clientToken", token)
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return &peering.Error{Code: peering.Internal, Provider: peering.Baidu, Op: r.op, Message: "encoding the request", Err: err}
		}
		r.body = b
	}
	return c.do(ctx, r)
}

// flag returns the query of a PUT action selected by a bare flag, like
// "?accept", to which write adds the clientToken.
func flag(name string) url.Values { return url.Values{name: {""}} }

// Create asks for a new connection from req.LocalNetworkID (a VPC of the
// client's region) to req.PeerNetworkID and returns its ID. Baidu requires
// a bandwidth (req.Bandwidth, positive Mbit/s). Baidu connections have no
// name: a non-empty req.Name is InvalidArgument (the local interface name
// is CreateOptions.LocalIfName). req.PeerAccountID, when it is not Options.AccountID, makes
// a cross-account connection, which waits in pending-acceptance until the
// peer accepts. req.ProviderOptions may be a CreateOptions or *CreateOptions
// (billing, delete protection, interface names). req.ResourceGroupID is
// sent, though Baidu does not report it back. Tags are sent sorted by key, so
// that the same request always has the same body.
//
// The create is idempotent per req.ClientToken (generated when empty): a
// retry with the same token and request returns the same connection; the
// same token with a different request is an InvalidArgument error
// (Baidu's IdempotentParameterMismatch).
//
// When every attempt failed and one of them may have been applied (its
// answer was lost, cut or unreadable, or the server failed with a 5xx),
// the error is a *peering.UncertainWriteError carrying the token: send the
// same request with that ClientToken to get the connection, if one was
// made, without making a second.
func (c *Client) Create(ctx context.Context, req peering.CreateRequest) (string, error) {
	const op = "Create"
	body, err := c.createBody(op, req)
	if err != nil {
		return "", err
	}
	token := req.ClientToken
	if token == "" {
		if token, err = newClientToken(op); err != nil {
			return "", err
		}
	}
	var resp createResponse
	r := &request{op: op, api: "CreatePeerConn", method: http.MethodPost, path: "/v1/peerconn",
		decode: decodeInto(&resp, func(r *createResponse) error {
			if normalize.ID(r.PeerConnID) == "" {
				return fmt.Errorf("%w: the answer has no peerConnId", errIncomplete)
			}
			return nil
		}),
		uncertainToken: token}
	if err := c.write(ctx, r, token, body); err != nil {
		return "", err
	}
	return normalize.ID(resp.PeerConnID), nil
}

// createBody checks req and builds the request body.
func (c *Client) createBody(op string, req peering.CreateRequest) (*createBody, error) {
	if err := checkID(op, "local network ID", req.LocalNetworkID); err != nil {
		return nil, err
	}
	if err := checkID(op, "peer network ID", req.PeerNetworkID); err != nil {
		return nil, err
	}
	if req.LocalNetworkID == req.PeerNetworkID {
		return nil, invalid(op, "a VPC cannot be peered with itself (%s)", req.LocalNetworkID)
	}
	peerRegion := req.PeerRegion
	if peerRegion == "" {
		peerRegion = c.region
	}
	if err := c.checkPeerRegion(op, peerRegion); err != nil {
		return nil, err
	}
	switch {
	case req.Bandwidth == nil:
		return nil, invalid(op, "Baidu requires a bandwidth on create: set CreateRequest.Bandwidth, for example peering.Mbps(100)")
	case *req.Bandwidth <= 0:
		return nil, invalid(op, "bandwidth %s: Baidu takes a positive number of Mbit/s", *req.Bandwidth)
	}
	if err := checkClientToken(op, req.ClientToken); err != nil {
		return nil, err
	}
	opts, err := createOptions(op, req.ProviderOptions)
	if err != nil {
		return nil, err
	}
	bill, err := billingFor(op, opts, peerRegion == c.region)
	if err != nil {
		return nil, err
	}
	if req.Name != "" {
		return nil, invalid(op, "Baidu peering connections have no name (Name %q): the local interface name is CreateOptions.LocalIfName", req.Name)
	}
	peerAccount := req.PeerAccountID
	if peerAccount == c.accountID {
		peerAccount = "" // Baidu wants peerAccountId for cross-account connections only
	}
	if peerAccount != "" && opts.PeerIfName != "" {
		return nil, invalid(op, "CreateOptions.PeerIfName is for same-account connections only")
	}
	body := &createBody{
		BandwidthInMbps: int64(*req.Bandwidth),
		Description:     req.Description,
		LocalIfName:     opts.LocalIfName,
		LocalVpcID:      req.LocalNetworkID,
		PeerAccountID:   peerAccount,
		PeerVpcID:       req.PeerNetworkID,
		PeerRegion:      peerRegion,
		PeerIfName:      opts.PeerIfName,
		Billing:         bill,
		ResourceGroupID: req.ResourceGroupID,
		DeleteProtect:   opts.DeleteProtect,
	}
	keys := make([]string, 0, len(req.Tags))
	for k := range req.Tags {
		if k == "" {
			return nil, invalid(op, "tag with an empty key")
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		body.Tags = append(body.Tags, Tag{TagKey: k, TagValue: req.Tags[k]})
	}
	return body, nil
}

// createOptions reads CreateRequest.ProviderOptions.
func createOptions(op string, v any) (CreateOptions, error) {
	switch o := v.(type) {
	case nil:
		return CreateOptions{}, nil
	case CreateOptions:
		return o, nil
	case *CreateOptions:
		if o == nil {
			return CreateOptions{}, nil
		}
		return *o, nil
	}
	return CreateOptions{}, invalid(op, "ProviderOptions is a %T; Baidu takes baidu.CreateOptions or *baidu.CreateOptions", v)
}

// billingFor checks the billing choice: same-region connections are
// postpaid only, and only prepaid ones have a term.
func billingFor(op string, o CreateOptions, sameRegion bool) (billing, error) {
	switch {
	case o.PaymentTiming == "" || strings.EqualFold(o.PaymentTiming, Postpaid):
		if o.ReservationMonths != 0 {
			return billing{}, invalid(op, "ReservationMonths is for Prepaid connections only")
		}
		return billing{PaymentTiming: Postpaid}, nil
	case strings.EqualFold(o.PaymentTiming, Prepaid):
		if sameRegion {
			return billing{}, invalid(op, "same-region connections are Postpaid only")
		}
		if !reservationMonths[o.ReservationMonths] {
			return billing{}, invalid(op, "ReservationMonths %d: Prepaid takes 1-9, 12, 24 or 36", o.ReservationMonths)
		}
		return billing{PaymentTiming: Prepaid, Reservation: &reservation{ReservationLength: o.ReservationMonths, ReservationTimeUnit: "month"}}, nil
	}
	return billing{}, invalid(op, "PaymentTiming %q: want %q or %q", o.PaymentTiming, Postpaid, Prepaid)
}

// Accept accepts a cross-account connection offered to the caller.
func (c *Client) Accept(ctx context.Context, id string) error {
	return c.action(ctx, "Accept", "AcceptPeerConn", id, "accept")
}

// Reject refuses a cross-account connection offered to the caller.
func (c *Client) Reject(ctx context.Context, id string) error {
	return c.action(ctx, "Reject", "RejectPeerConn", id, "reject")
}

// action sends a body-less PUT action selected by a bare query flag.
func (c *Client) action(ctx context.Context, op, api, id, action string) error {
	if err := checkID(op, "connection ID", id); err != nil {
		return err
	}
	return c.write(ctx, &request{op: op, api: api, method: http.MethodPut, path: "/v1/peerconn/" + id, query: flag(action)}, "", nil)
}

// Update changes the description with Baidu's update, and the bandwidth
// with a resize (positive Mbit/s; prepaid connections can only grow;
// cross-account, the initiator only). A zero u sends nothing. Baidu
// connections have no name: u.Name is Unimplemented (the local interface
// name is changed with RenameInterface).
//
// Baidu's update acts on one end, named by its interface ID (localIfId),
// so it costs a Get first: it changes the caller's end, found as role.go
// describes (of a connection whose both ends are the caller's in this
// region, the initiator's).
//
// When u changes both, they are two writes, and not atomic: the update
// first, then, once the connection has left the "updating" status the
// update put it in (Baidu refuses a resize until then; Update polls Get,
// within ctx), the resize. If the resize fails, the update stays made.
func (c *Client) Update(ctx context.Context, id string, u peering.Update) error {
	const op = "Update"
	if err := checkID(op, "connection ID", id); err != nil {
		return err
	}
	if u.Name != nil {
		return peering.Unimplementedf(peering.Baidu, op, "Baidu peering connections have no name; the local interface name is changed with baidu.Client.RenameInterface")
	}
	if u.Bandwidth != nil && *u.Bandwidth <= 0 {
		return invalid(op, "bandwidth %s: Baidu takes a positive number of Mbit/s", *u.Bandwidth)
	}
	path := "/v1/peerconn/" + id
	if u.Description != nil {
		if err := c.updateOwnEnd(ctx, op, id, updateBody{Description: u.Description}); err != nil {
			return err
		}
		if u.Bandwidth != nil {
			if err := c.waitUpdated(ctx, op, id); err != nil {
				return err
			}
		}
	}
	if u.Bandwidth != nil {
		body := resizeBody{NewBandwidthInMbps: int64(*u.Bandwidth)}
		return c.write(ctx, &request{op: op, api: "ResizePeerConn", method: http.MethodPut, path: path, query: flag("resize")}, "", body)
	}
	return nil
}

// updateOwnEnd sends Baidu's update for the caller's end of a connection:
// body with that end's interface ID.
func (c *Client) updateOwnEnd(ctx context.Context, op, id string, body updateBody) error {
	v, err := c.ownPeerConn(ctx, op, id)
	if err != nil {
		return err
	}
	if !v.own {
		return opError(peering.FailedPrecondition, op, "cannot tell which end of connection %s is the caller's, which an update needs: set Options.AccountID", id)
	}
	if v.p.LocalIfID == "" {
		return opError(peering.Internal, op, "connection %s has no localIfId, which an update needs", id)
	}
	body.LocalIfID = v.p.LocalIfID
	return c.write(ctx, &request{op: op, api: "UpdatePeerConn", method: http.MethodPut, path: "/v1/peerconn/" + id}, "", body)
}

// Delete releases a connection. One already gone, or already being
// released (Baidu refuses to delete those with a status conflict; Delete
// then reads the status to tell), is not an error. Baidu refuses to delete
// a connection with delete protection on, an unexpired prepaid one, or
// (cross-account) one the caller did not initiate.
func (c *Client) Delete(ctx context.Context, id string) error {
	const op = "Delete"
	if err := checkID(op, "connection ID", id); err != nil {
		return err
	}
	err := c.write(ctx, &request{op: op, api: "DeletePeerConn", method: http.MethodDelete, path: "/v1/peerconn/" + id}, "", nil)
	return deletion.Check{ID: id, Get: c.statusOnly(op)}.Outcome(ctx, err)
}

// statusOnly reads a connection's status and nothing else: unlike Get, it
// makes no VPC look-ups and cannot fail on a field it does not need.
func (c *Client) statusOnly(op string) func(ctx context.Context, id string) (peering.Connection, error) {
	return func(ctx context.Context, id string) (peering.Connection, error) {
		v, err := c.ownPeerConn(ctx, op, id)
		if err != nil {
			return peering.Connection{}, err
		}
		return peering.Connection{Provider: peering.Baidu, ID: id, Status: normalize.BaiduStatus(v.p.Status), ProviderStatus: v.p.Status}, nil
	}
}

// settlePolicy paces the polls of waitUpdated: up to about half a minute,
// which is far more than Baidu's updates take.
var settlePolicy = retry.Policy{Attempts: 30, Base: 250 * time.Millisecond, Cap: 2 * time.Second}

// errStillUpdating marks a poll that found the connection still updating.
var errStillUpdating = errors.New("still updating")

// waitUpdated polls a connection until its status is no longer "updating".
func (c *Client) waitUpdated(ctx context.Context, op, id string) error {
	err := retry.Do(ctx, settlePolicy, func(ctx context.Context, _ int) error {
		v, err := c.ownPeerConn(ctx, op, id)
		if err != nil {
			return err
		}
		if normalize.BaiduStatus(v.p.Status) == peering.StatusUpdating {
			return &peering.Error{Code: peering.FailedPrecondition, Provider: peering.Baidu, Op: op,
				Message: "connection " + id + " is still updating; the bandwidth was not changed", Err: errStillUpdating}
		}
		return nil
	}, func(err error) (bool, time.Duration) { return errors.Is(err, errStillUpdating), 0 })
	if err != nil {
		if cerr := peering.ContextError(ctx, peering.Baidu, op); cerr != nil {
			return cerr
		}
	}
	return err
}
