package aliyunrpc

import (
	"strings"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/normalize"
)

// The checks both Alibaba adapters make on route input before any request.

// RouteInput is a checked peering.RouteRequest: IDs trimmed, the table ""
// when the caller left it to the adapter.
type RouteInput struct {
	Network, Table, Connection string
	Destination                string // the masked CIDR block
}

// CheckRoute checks an AddRoute request: a network, a connection and a
// destination, no ID with white space inside. Errors are InvalidArgument.
func CheckRoute(p peering.Provider, r peering.RouteRequest) (RouteInput, error) {
	const op = "AddRoute"
	var in RouteInput
	var err error
	if in.Network, err = checkRouteID(p, op, "network", r.NetworkID); err != nil {
		return in, err
	}
	if in.Connection, err = checkRouteID(p, op, "connection", r.ConnectionID); err != nil {
		return in, err
	}
	if !r.Destination.IsValid() {
		return in, peering.InvalidArgumentf(p, op, "the destination %v is not a CIDR block", r.Destination)
	}
	in.Table, in.Destination = normalize.ID(r.TableID), r.Destination.Masked().String()
	return in, nil
}

// CheckRouteDelete checks DeleteRoute's arguments and returns the route ID,
// trimmed.
func CheckRouteDelete(p peering.Provider, networkID, tableID, routeID string) (string, error) {
	const op = "DeleteRoute"
	if _, err := checkRouteID(p, op, "network", networkID); err != nil {
		return "", err
	}
	if _, err := checkRouteID(p, op, "route table", tableID); err != nil {
		return "", err
	}
	return checkRouteID(p, op, "route", routeID)
}

// CheckNetwork trims a network ID and refuses an empty one or one with
// white space inside.
func CheckNetwork(p peering.Provider, op, id string) (string, error) {
	return checkRouteID(p, op, "network", id)
}

func checkRouteID(p peering.Provider, op, what, id string) (string, error) {
	id = normalize.ID(id)
	if id == "" || strings.ContainsAny(id, " \t\r\n") {
		return "", peering.InvalidArgumentf(p, op, "%s ID %q is empty or contains whitespace", what, id)
	}
	return id, nil
}
