package baidu

import (
	"context"
	"net/http"

	"github.com/peeringkit/peering"
)

// Baidu-only operations, outside the portable interface. Each is a write
// with its own clientToken, retried like the others.

// Renew extends a prepaid connection by months (1-9, 12, 24 or 36). Baidu
// refuses postpaid connections (InvalidArgument) and, cross-account,
// callers that did not initiate the connection (PermissionDenied).
func (c *Client) Renew(ctx context.Context, id string, months int) error {
	const op = "Renew"
	if err := checkID(op, "connection ID", id); err != nil {
		return err
	}
	if !reservationMonths[months] {
		return invalid(op, "renewal of %d months: Baidu takes 1-9, 12, 24 or 36", months)
	}
	body := renewBody{Billing: billing{Reservation: &reservation{ReservationLength: months, ReservationTimeUnit: "month"}}}
	return c.write(ctx, &request{op: op, api: "RenewPeerConn", method: http.MethodPut, path: "/v1/peerconn/" + id, query: flag("purchaseReserved")}, "", body)
}

// OpenDNSSync turns on DNS synchronization for the caller's end of an
// active connection (of a connection whose both ends are the caller's in
// this region, the initiator's end). The API needs the end's role, which
// the adapter finds as Get does (role.go): this reads the connection first.
// The DNS status passes through "wait" and "syncing" to "open"
// (Connection.Attributes["dnsStatus"]); Baidu refuses a change while it is
// "syncing" or "closing" (FailedPrecondition).
func (c *Client) OpenDNSSync(ctx context.Context, id string) error {
	return c.dnsSync(ctx, "OpenDNSSync", "OpenPeerConnDNSSync", id, "open")
}

// CloseDNSSync turns DNS synchronization off again, as OpenDNSSync turns it on.
func (c *Client) CloseDNSSync(ctx context.Context, id string) error {
	return c.dnsSync(ctx, "CloseDNSSync", "ClosePeerConnDNSSync", id, "close")
}

func (c *Client) dnsSync(ctx context.Context, op, api, id, action string) error {
	if err := checkID(op, "connection ID", id); err != nil {
		return err
	}
	v, err := c.ownPeerConn(ctx, op, id)
	if err != nil {
		return err
	}
	if !v.own {
		return opError(peering.FailedPrecondition, op, "cannot tell which end of connection %s is the caller's, which DNS sync needs: set Options.AccountID", id)
	}
	q := flag(action)
	q.Set("role", v.role)
	var body any
	if action == "open" {
		body = dnsSyncBody{Role: v.role} // the SDK sends the role in the body too when opening
	}
	return c.write(ctx, &request{op: op, api: api, method: http.MethodPut, path: "/v1/peerconn/" + id, query: q}, "", body)
}

// RenameInterface sets the name of the caller's interface on a connection
// (Baidu's localIfName, read back as Connection.Attributes["localIfName"]):
// Baidu's connections have no name of their own. It acts on the caller's
// end, found as Get does (role.go), and costs a Get first.
func (c *Client) RenameInterface(ctx context.Context, id, name string) error {
	const op = "RenameInterface"
	if err := checkID(op, "connection ID", id); err != nil {
		return err
	}
	return c.updateOwnEnd(ctx, op, id, updateBody{LocalIfName: &name})
}

// SetDeleteProtection turns delete protection on or off. While on, Delete
// fails with FailedPrecondition.
func (c *Client) SetDeleteProtection(ctx context.Context, id string, on bool) error {
	const op = "SetDeleteProtection"
	if err := checkID(op, "connection ID", id); err != nil {
		return err
	}
	return c.write(ctx, &request{op: op, api: "UpdatePeerConnDeleteProtect", method: http.MethodPut, path: "/v1/peerconn/" + id + "/deleteProtect"},
		"", deleteProtectBody{DeleteProtect: on})
}
