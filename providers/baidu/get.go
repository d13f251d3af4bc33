package baidu

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/peeringkit/peering"
)

// Get returns one connection, with CIDR blocks filled (see
// Options.NoVPCLookup), read from the caller's end: the API's role
// parameter is always sent, and the adapter finds which end is the caller's
// as role.go describes (one request once the role is known, two at most the
// first time). An empty 200 answer means the connection is gone, as
// Terraform has read it since 2019: NotFound.
func (c *Client) Get(ctx context.Context, id string) (peering.Connection, error) {
	const op = "Get"
	if err := checkID(op, "connection ID", id); err != nil {
		return peering.Connection{}, err
	}
	v, err := c.ownPeerConn(ctx, op, id)
	if err != nil {
		return peering.Connection{}, err
	}
	conn, err := c.connection(op, v.p, v.role, v.own)
	if err != nil {
		return peering.Connection{}, err
	}
	conns := []peering.Connection{conn}
	if err := c.fillCIDRs(ctx, op, conns); err != nil {
		return peering.Connection{}, err
	}
	return conns[0], nil
}

// getPeerConn fetches the wire record of one connection, as role
// (roleInitiator or roleAcceptor) names its end.
func (c *Client) getPeerConn(ctx context.Context, op, id, role string) (*PeerConn, error) {
	p := new(PeerConn)
	err := c.do(ctx, &request{op: op, api: "GetPeerConn", method: http.MethodGet, path: "/v1/peerconn/" + id,
		query: url.Values{"role": {role}},
		decode: func(body []byte) error {
			// Read by the policy of a listed record (decodePeerConn), and
			// kept only when whole: a failed attempt leaves nothing behind.
			var rec PeerConn
			if err := cutShort(body, decodePeerConn(body, &rec)); err != nil {
				return err
			}
			if rec.PeerConnID == "" {
				return fmt.Errorf("%w: the record of connection %s has no peerConnId", errIncomplete, id)
			}
			*p = rec
			return nil
		}})
	if errors.Is(err, errEmptyBody) {
		var pe *peering.Error
		errors.As(err, &pe)
		return nil, &peering.Error{Code: peering.NotFound, Provider: peering.Baidu, Op: op,
			Message: "connection " + id + " not found (empty answer)", RequestID: pe.RequestID, HTTPStatus: pe.HTTPStatus}
	}
	if err != nil {
		return nil, err
	}
	return p, nil
}
