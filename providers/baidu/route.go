package baidu

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/normalize"
)

// Route tables. A Baidu VPC has one route table (GET /v1/route?vpcId=
// answers it, with every rule), and a rule through a peering names, as its
// next hop, the peering's interface on that VPC (the localIfId of the
// VPC's end, "qpif-…"; bce-sdk-go doc/VPC.md: "nexthopId需要传端口ID"), not
// the connection: the adapter translates between the two.

var (
	_ peering.RouteReader = (*Client)(nil)
	_ peering.RouteWriter = (*Client)(nil)
)

// RouteTableRecord is Baidu's record of a route table, as GET /v1/route
// returns it, and the type of peering.RouteTable.Raw for this provider.
type RouteTableRecord struct {
	RouteTableID string        `json:"routeTableId"`
	VPCID        string        `json:"vpcId"`
	Name         string        `json:"name"`
	RouteRules   routeRuleList `json:"routeRules"`
}

// RouteRule is Baidu's record of one route rule. Values are as sent; a
// member of the wrong JSON type leaves its field zero and is kept in
// Mismatches.
type RouteRule struct {
	RouteRuleID        string `json:"routeRuleId"`
	RouteTableID       string `json:"routeTableId"`
	SourceAddress      string `json:"sourceAddress"`
	DestinationAddress string `json:"destinationAddress"`
	NexthopID          string `json:"nexthopId"`
	NexthopType        string `json:"nexthopType"`
	Description        string `json:"description"`
	PathType           string `json:"pathType"` // multi-path rules: ecmp, ha:active, ha:standby

	Mismatches []normalize.Mismatch `json:"-"`
}

// routeRuleList decodes rules by the policy of odd records: a rule with a
// member of the wrong type is kept; one without an ID fails the answer.
type routeRuleList []RouteRule

// UnmarshalJSON implements json.Unmarshaler.
func (l *routeRuleList) UnmarshalJSON(b []byte) error {
	return decodeRecords(b, (*[]RouteRule)(l), func(r *RouteRule, odd []normalize.Mismatch) { r.Mismatches = odd },
		func(r *RouteRule) string { return r.RouteRuleID }, "rule %d of the route table has no routeRuleId")
}

// Baidu's next-hop types (bce-sdk-go services/vpc NEXTHOP_TYPE_*), and the
// types of a table's system rules, which the documents show as "system"
// (BEC) or "sys"; "local" is taken too.
const nexthopPeerConn = "peerConn"

var nextHopKinds = map[string]peering.NextHopKind{
	nexthopPeerConn: peering.NextHopPeering,
	"sys":           peering.NextHopLocal,
	"system":        peering.NextHopLocal,
	"local":         peering.NextHopLocal,
	"custom":        peering.NextHopInstance, // a BCC instance
	"enic":          peering.NextHopInstance,
	"havip":         peering.NextHopInstance,
	"vpn":           peering.NextHopGateway,
	"nat":           peering.NextHopGateway,
	"dcGateway":     peering.NextHopGateway,
	"ipv6gateway":   peering.NextHopGateway,
}

// Route attributes (peering.Route.Attributes).
const (
	// AttrSourceAddress is a rule's source block: a Baidu rule applies to
	// traffic from it only (0.0.0.0/0: all of the VPC).
	AttrSourceAddress = "sourceAddress"
	// AttrNexthopInterface is, on a rule through a peering, the interface
	// it names. When no connection of the VPC has that interface (the
	// connection was deleted), the route's NextHopID is "".
	AttrNexthopInterface = "nexthopId"
	// AttrPathType is a multi-path rule's pathType.
	AttrPathType = "pathType"
)

// RouteTables returns the route table of one of the caller's VPCs in the
// client's region, with every rule (GET /v1/route?vpcId=, one request; a
// VPC that is not the caller's there is NotFound). A rule through a
// peering has NextHop peering.NextHopPeering and NextHopID the
// connection's ID, found from the VPC's peering listing (read only when
// the table has such a rule); the system rules are NextHopLocal and
// System. An odd rule (a destination that is not a block, a next-hop type
// the adapter does not know, a member of the wrong type) is kept, and
// Attributes[peering.UnparsedAttribute] names what was not read; a rule
// named twice fails the read (Internal).
func (c *Client) RouteTables(ctx context.Context, networkID string) ([]peering.RouteTable, error) {
	const op = "RouteTables"
	if err := checkID(op, "network ID", networkID); err != nil {
		return nil, err
	}
	rec, err := c.routeTable(ctx, op, networkID)
	if err != nil {
		return nil, err
	}
	var ifaces map[string]string
	for _, r := range rec.RouteRules {
		if strings.TrimSpace(r.NexthopType) == nexthopPeerConn {
			if ifaces, err = c.peerInterfaces(ctx, op, networkID); err != nil {
				return nil, err
			}
			break
		}
	}
	t := peering.RouteTable{Provider: peering.Baidu, ID: normalize.ID(rec.RouteTableID), NetworkID: networkID,
		Region: c.region, Name: rec.Name, System: true, Routes: make([]peering.Route, 0, len(rec.RouteRules)), Raw: rec}
	seen := make(map[string]bool, len(rec.RouteRules))
	for i := range rec.RouteRules {
		r := route(&rec.RouteRules[i], ifaces)
		// One answer holds the whole table: a rule it names twice is not
		// a page that moved, but an answer that cannot be trusted.
		if seen[r.ID] {
			return nil, &peering.Error{Code: peering.Internal, Provider: peering.Baidu, Op: op,
				Message: fmt.Sprintf("the route table of %s names rule %s twice", networkID, r.ID)}
		}
		seen[r.ID] = true
		t.Routes = append(t.Routes, r)
	}
	return []peering.RouteTable{t}, nil
}

// routeTable reads the table of a VPC.
func (c *Client) routeTable(ctx context.Context, op, vpcID string) (*RouteTableRecord, error) {
	rec := new(RouteTableRecord)
	err := c.do(ctx, &request{op: op, api: "GetRouteTable", method: http.MethodGet, path: "/v1/route",
		query: url.Values{"vpcId": {vpcID}},
		decode: decodeInto(rec, func(r *RouteTableRecord) error {
			if normalize.ID(r.RouteTableID) == "" {
				return fmt.Errorf("%w: the route table of %s has no routeTableId", errIncomplete, vpcID)
			}
			return nil
		})})
	if err != nil {
		return nil, withVPC(err, "network "+vpcID)
	}
	return rec, nil
}

// route converts one rule; ifaces maps the VPC's peering interfaces to
// their connections.
func route(r *RouteRule, ifaces map[string]string) peering.Route {
	var bad normalize.Unparsed
	bad.AddMismatches("", r.Mismatches)
	typ := strings.TrimSpace(r.NexthopType)
	out := peering.Route{ID: normalize.ID(r.RouteRuleID), NextHopType: r.NexthopType, NextHopID: strings.TrimSpace(r.NexthopID),
		Description: r.Description}
	if d, err := netip.ParsePrefix(strings.TrimSpace(r.DestinationAddress)); err == nil {
		out.Destination = d.Masked()
	} else {
		bad.Add("destinationAddress", r.DestinationAddress)
	}
	kind, known := nextHopKinds[typ]
	switch {
	case !known:
		kind = peering.NextHopOther
		bad.Add("nexthopType", r.NexthopType)
	case kind == peering.NextHopLocal:
		out.System = true
	}
	out.NextHop = kind
	attrs := map[string]string{}
	if r.SourceAddress != "" {
		attrs[AttrSourceAddress] = r.SourceAddress
	}
	if r.PathType != "" {
		attrs[AttrPathType] = r.PathType
	}
	if kind == peering.NextHopPeering {
		attrs[AttrNexthopInterface] = out.NextHopID
		out.NextHopID = ifaces[out.NextHopID]
	}
	out.Attributes = bad.Attributes(attrs)
	return out
}

// peerInterfaces maps the interfaces, on vpcID, of the caller's peering
// connections to the connections' IDs (and each connection's ID to
// itself, so that a rule naming the connection reads too), from the VPC's
// peering listing.
func (c *Client) peerInterfaces(ctx context.Context, op, vpcID string) (map[string]string, error) {
	out := map[string]string{}
	for conn, err := range peering.List(ctx, c, peering.Filter{NetworkID: vpcID}) {
		if err != nil {
			return nil, fmt.Errorf("%s: reading the peering connections of %s: %w", op, vpcID, err)
		}
		out[conn.ID] = conn.ID
		if p, ok := conn.Raw.(*PeerConn); ok {
			ifID, err := c.interfaceOn(ctx, op, conn.ID, vpcID, p)
			if err != nil {
				return nil, err
			}
			if ifID != "" {
				out[ifID] = conn.ID
			}
		}
	}
	return out, nil
}

// interfaceOn returns the interface, on vpcID, of connection id, of which p
// is a record of either end; "" when neither end is on vpcID. A record of
// the other end costs a Get as the opposite role.
func (c *Client) interfaceOn(ctx context.Context, op, id, vpcID string, p *PeerConn) (string, error) {
	switch vpcID {
	case normalize.ID(p.LocalVpcID):
		return strings.TrimSpace(p.LocalIfID), nil
	case normalize.ID(p.PeerVpcID):
		other := roleAcceptor
		if recordRole(p, "") == roleAcceptor {
			other = roleInitiator
		}
		q, err := c.getPeerConn(ctx, op, id, other)
		if err != nil {
			return "", err
		}
		if normalize.ID(q.LocalVpcID) == vpcID {
			return strings.TrimSpace(q.LocalIfID), nil
		}
	}
	return "", nil
}

// createRouteRuleBody is the body of POST /v1/route/rule.
type createRouteRuleBody struct {
	RouteTableID       string `json:"routeTableId"`
	SourceAddress      string `json:"sourceAddress"`
	DestinationAddress string `json:"destinationAddress"`
	NexthopID          string `json:"nexthopId"`
	NexthopType        string `json:"nexthopType"`
	Description        string `json:"description,omitempty"`
}

// createRouteRuleResponse is the answer of POST /v1/route/rule.
type createRouteRuleResponse struct {
	RouteRuleID string `json:"routeRuleId"`
}

// AddRoute adds a rule to the route table of r.NetworkID (r.TableID, or
// the VPC's table when ""): from all of the VPC (source 0.0.0.0/0, or ::/0
// for an IPv6 destination) to r.Destination, through connection
// r.ConnectionID, whose interface on the VPC the adapter reads first. The
// create is idempotent per r.ClientToken (generated when empty, and the
// same for every attempt). Baidu refuses a destination that a rule of the
// table already has (AlreadyExists), one inside the VPC's own block
// (InvalidArgument), and a table past its quota of 50 rules
// (ResourceExhausted). A connection with no end on the VPC is
// InvalidArgument; one that is not the caller's, NotFound.
func (c *Client) AddRoute(ctx context.Context, r peering.RouteRequest) (string, error) {
	const op = "AddRoute"
	if err := c.checkRouteRequest(op, r); err != nil {
		return "", err
	}
	token := r.ClientToken
	if token == "" {
		var err error
		if token, err = newClientToken(op); err != nil {
			return "", err
		}
	}
	ifID, err := c.ownInterface(ctx, op, r.ConnectionID, r.NetworkID)
	if err != nil {
		return "", err
	}
	table := r.TableID
	if table == "" {
		rec, err := c.routeTable(ctx, op, r.NetworkID)
		if err != nil {
			return "", err
		}
		table = normalize.ID(rec.RouteTableID)
	}
	src := "0.0.0.0/0"
	if r.Destination.Addr().Is6() {
		src = "::/0"
	}
	body := createRouteRuleBody{RouteTableID: table, SourceAddress: src, DestinationAddress: r.Destination.String(),
		NexthopID: ifID, NexthopType: nexthopPeerConn, Description: r.Description}
	var resp createRouteRuleResponse
	req := &request{op: op, api: "CreateRouteRule", method: http.MethodPost, path: "/v1/route/rule",
		decode: decodeInto(&resp, func(v *createRouteRuleResponse) error {
			if normalize.ID(v.RouteRuleID) == "" {
				return fmt.Errorf("%w: the answer has no routeRuleId", errIncomplete)
			}
			return nil
		}),
		uncertainToken: token}
	if err := c.write(ctx, req, token, body); err != nil {
		return "", err
	}
	return normalize.ID(resp.RouteRuleID), nil
}

// checkRouteRequest checks an add before anything is sent.
func (c *Client) checkRouteRequest(op string, r peering.RouteRequest) error {
	if err := checkID(op, "network ID", r.NetworkID); err != nil {
		return err
	}
	if err := checkID(op, "connection ID", r.ConnectionID); err != nil {
		return err
	}
	if r.TableID != "" {
		if err := checkID(op, "route table ID", r.TableID); err != nil {
			return err
		}
	}
	switch {
	case !r.Destination.IsValid():
		return invalid(op, "no destination block")
	case r.Destination != r.Destination.Masked():
		return invalid(op, "destination %s has host bits set (the block is %s)", r.Destination, r.Destination.Masked())
	}
	return checkClientToken(op, r.ClientToken)
}

// ownInterface returns the caller's interface, on vpcID, of connection id.
func (c *Client) ownInterface(ctx context.Context, op, id, vpcID string) (string, error) {
	v, err := c.ownPeerConn(ctx, op, id)
	if err != nil {
		return "", err
	}
	ifID, err := c.interfaceOn(ctx, op, id, vpcID, v.p)
	if err != nil {
		return "", err
	}
	if ifID == "" {
		return "", invalid(op, "connection %s has no end on network %s", id, vpcID)
	}
	return ifID, nil
}

// DeleteRoute removes a custom rule (DELETE /v1/route/rule/{routeID}; the
// rule's ID names it, so networkID and tableID are only checked). A rule
// already gone is not an error; a system rule is FailedPrecondition.
func (c *Client) DeleteRoute(ctx context.Context, networkID, tableID, routeID string) error {
	const op = "DeleteRoute"
	if err := checkID(op, "network ID", networkID); err != nil {
		return err
	}
	if tableID != "" {
		if err := checkID(op, "route table ID", tableID); err != nil {
			return err
		}
	}
	if err := checkID(op, "route ID", routeID); err != nil {
		return err
	}
	err := c.write(ctx, &request{op: op, api: "DeleteRouteRule", method: http.MethodDelete, path: "/v1/route/rule/" + routeID}, "", nil)
	if peering.Code(err) == peering.NotFound {
		return nil
	}
	return err
}
