package peering

import (
	"context"
	"net/netip"
)

// RouteTable is one route table of a network, with its routes. A peering
// carries traffic only where the route tables of both networks send the
// other network's blocks through it; [RouteReader] reads them.
type RouteTable struct {
	Provider  Provider `json:"provider"`
	ID        string   `json:"id"`        // the provider's route table ID
	NetworkID string   `json:"networkId"` // the VPC or ENS network the table belongs to
	Region    string   `json:"region,omitempty"`
	Name      string   `json:"name,omitempty"`
	// System says the cloud made the table with the network (its main or
	// default table), rather than a user.
	System bool    `json:"system"`
	Routes []Route `json:"routes"`
	// Raw is the provider's native record of the table (not in JSON).
	Raw any `json:"-"`
}

// NextHopKind is the portable kind of a route's next hop.
type NextHopKind string

// The kinds of next hop. Route.NextHopType keeps the provider's own.
const (
	NextHopPeering  NextHopKind = "peering"  // a peering connection: Route.NextHopID is its connection ID
	NextHopLocal    NextHopKind = "local"    // the network itself: a route to its own blocks
	NextHopGateway  NextHopKind = "gateway"  // a NAT, VPN, internet, dedicated-line or other gateway
	NextHopInstance NextHopKind = "instance" // a server, network interface or virtual IP in the network
	NextHopOther    NextHopKind = "other"    // a type the adapter does not map
)

// Route is one entry of a route table.
type Route struct {
	// ID is the provider's ID of the route (rule, entry); "" where the
	// provider gives routes none.
	ID          string       `json:"id,omitempty"`
	Destination netip.Prefix `json:"destination"`
	NextHop     NextHopKind  `json:"nextHop"`
	// NextHopType is the provider's own next-hop type ("peerConn",
	// "VpcPeer", "NetworkPeer", ...), NextHopID the next hop's ID: for
	// NextHopPeering, the connection's ID.
	NextHopType string `json:"nextHopType"`
	NextHopID   string `json:"nextHopId,omitempty"`
	// System says the cloud made the route (a network's route to its own
	// blocks, say), rather than a user; system routes cannot be removed.
	System bool `json:"system"`
	// ProviderStatus is the route's status as the provider reports it, ""
	// where it reports none (a route listed is then in effect).
	ProviderStatus string `json:"providerStatus,omitempty"`
	Description    string `json:"description,omitempty"`
	// Unparsed names what the adapter could not read of the route, as
	// [UnparsedAttribute] names it for a connection ("field=value" pairs
	// joined by "; "), "" when it read all of it. The route is kept, as an
	// odd connection is: a destination that does not parse leaves
	// Destination invalid (the zero Prefix), which covers and overlaps
	// nothing.
	Unparsed string `json:"unparsed,omitempty"`
}

// Through reports whether the route sends its destination through the
// peering connection id.
func (r Route) Through(id string) bool { return r.NextHop == NextHopPeering && r.NextHopID == id }

// RouteReader is the optional interface of an adapter that reads route
// tables (Capabilities.Routes). Its errors carry an [ErrorCode] as every
// adapter error does: a network that is not the caller's, or not in the
// adapter's region, is [NotFound].
type RouteReader interface {
	// RouteTables returns every route table of one of the caller's networks
	// with all of its routes, each table's routes in the provider's order.
	RouteTables(ctx context.Context, networkID string) ([]RouteTable, error)
}

// RouteRequest describes a route to add through a peering connection.
type RouteRequest struct {
	// NetworkID is the caller's network whose table gets the route, and
	// TableID the table; "" picks the network's system table.
	NetworkID string
	TableID   string
	// Destination is the block to send through the connection, usually one
	// of the far network's.
	Destination  netip.Prefix
	ConnectionID string
	Description  string
	// ClientToken makes the add idempotent where the provider takes one; ""
	// lets the adapter generate one for all of the call's attempts.
	ClientToken string
}

// RouteWriter is the optional interface of an adapter that adds and removes
// routes through peering connections (Capabilities.Routes).
type RouteWriter interface {
	// AddRoute adds a route and returns its ID. A destination that the
	// table already routes is [AlreadyExists].
	AddRoute(ctx context.Context, r RouteRequest) (routeID string, err error)
	// DeleteRoute removes a custom route of a table of the caller's network.
	// Removing one that is already gone is not an error.
	DeleteRoute(ctx context.Context, networkID, tableID, routeID string) error
}
