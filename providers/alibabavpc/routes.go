package alibabavpc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/aliyunrpc"
	"github.com/peeringkit/peering/normalize"
)

// Route tables live in the VPC service (Vpc 2016-04-28), not VpcPeer: the
// adapter reaches it with a second RPC client, on the VPC endpoint of its
// region.

// Page sizes of the VPC route APIs, their documented maximums.
const (
	routeTablePageSize = 50  // DescribeRouteTableList PageSize
	routeEntryPageSize = 100 // DescribeRouteEntryList MaxResult
)

// RouteCallsPerMinute is the client-side limit of each VPC route API. The
// VPC quota page's rows for them could not be read; its row for the
// sibling ModifyRouteEntry is 300 a minute, which is assumed (the emulator
// assumes the same).
const RouteCallsPerMinute = 300

var (
	_ peering.RouteReader = (*Client)(nil)
	_ peering.RouteWriter = (*Client)(nil)
)

// vpcHost is the VPC service's host for a region, resolved as the SDK's
// services/vpc resolves it: its endpoint table, else vpc.<region>.aliyuncs.com.
func vpcHost(region string) string {
	if h, ok := vpc.GetEndpointMap()[region]; ok {
		return h
	}
	return "vpc." + region + ".aliyuncs.com"
}

// isRouteAction reports whether an action is one of the VPC route APIs.
func isRouteAction(action string) bool {
	switch action {
	case "DescribeRouteTableList", "DescribeRouteEntryList", "CreateRouteEntry", "DeleteRouteEntry":
		return true
	}
	return false
}

// routeTableJSON is the part of a DescribeRouteTableList item the adapter
// reads.
type routeTableJSON struct {
	RouteTableID   string `json:"RouteTableId"`
	VpcID          string `json:"VpcId"`
	RouteTableName string `json:"RouteTableName"`
	RouteTableType string `json:"RouteTableType"`
	Description    string `json:"Description"`
}

// RouteTable is a route table as DescribeRouteTableList sends it, with its
// routes as DescribeRouteEntryList sends them: peering.RouteTable.Raw.
type RouteTable struct {
	Table   json.RawMessage
	Entries []json.RawMessage
}

type routeTablesAnswer struct {
	RequestID       string `json:"RequestId"`
	TotalCount      int    `json:"TotalCount"`
	RouterTableList struct {
		RouterTableListType []json.RawMessage `json:"RouterTableListType"`
	} `json:"RouterTableList"`
}

type routeEntriesAnswer struct {
	RequestID   string `json:"RequestId"`
	NextToken   string `json:"NextToken"`
	RouteEntrys struct {
		RouteEntry []json.RawMessage `json:"RouteEntry"`
	} `json:"RouteEntrys"`
}

// routeEntryJSON is the part of a route the adapter reads. The next hop is
// in NextHops; answers in DescribeRouteTables' older shape carry it at the
// top level (NextHopType, InstanceId), which is read when NextHops is empty.
type routeEntryJSON struct {
	RouteEntryID         string `json:"RouteEntryId"`
	DestinationCidrBlock string `json:"DestinationCidrBlock"`
	Type                 string `json:"Type"`
	Status               string `json:"Status"`
	Description          string `json:"Description"`
	NextHopType          string `json:"NextHopType"`
	InstanceID           string `json:"InstanceId"`
	NextHops             struct {
		NextHop []struct {
			NextHopType string `json:"NextHopType"`
			NextHopID   string `json:"NextHopId"`
		} `json:"NextHop"`
	} `json:"NextHops"`
}

// RouteTables returns the route tables of one of the caller's VPCs in the
// client's region (DescribeRouteTableList by VpcId, pages of 50), each with
// all of its routes (DescribeRouteEntryList, NextToken pages of 100). Every
// VPC has its system table, so a VPC with none is not the caller's, or not
// in this region: NotFound.
//
// Next hop types map to peering.NextHopKind: VpcPeer to NextHopPeering
// (NextHopID is the connection); a system route ("local", or no next hop)
// to NextHopLocal; Instance, HaVip and NetworkInterface to
// NextHopInstance; the gateways, router interfaces, transit routers and
// endpoints to NextHopGateway; anything else to NextHopOther, the
// provider's type kept in NextHopType. An ECMP route's first next hop is
// the one read. A route whose destination cannot be read is kept, with
// Route.Attributes[peering.UnparsedAttribute] saying so. A page whose NextToken is the one it was asked
// with is fetched again; a token that comes back later in the walk, or
// pages that stop bringing new routes, end it with an Internal error; so
// does a table listing whose count its TotalCount contradicts (a full page
// of tables is followed by the next whatever the total says).
func (c *Client) RouteTables(ctx context.Context, networkID string) ([]peering.RouteTable, error) {
	const op = "RouteTables"
	networkID, err := aliyunrpc.CheckNetwork(peering.AlibabaVPC, op, networkID)
	if err != nil {
		return nil, err
	}
	raw, err := c.tables(ctx, op, networkID, "")
	if err != nil {
		return nil, err
	}
	if len(raw) == 0 {
		return nil, &peering.Error{Code: peering.NotFound, Provider: peering.AlibabaVPC, Op: op,
			Message: fmt.Sprintf("VPC %s has no route table in %s: it is not one of the caller's VPCs there", networkID, c.region)}
	}
	out := make([]peering.RouteTable, 0, len(raw))
	for _, tr := range raw {
		var t routeTableJSON
		if err := json.Unmarshal(tr, &t); err != nil || normalize.ID(t.RouteTableID) == "" {
			return nil, &peering.Error{Code: peering.Internal, Provider: peering.AlibabaVPC, Op: op,
				Message: "DescribeRouteTableList sent a route table without a readable RouteTableId"}
		}
		id := normalize.ID(t.RouteTableID)
		entries, err := c.entries(ctx, op, id)
		if err != nil {
			return nil, err
		}
		rt := peering.RouteTable{Provider: peering.AlibabaVPC, ID: id, NetworkID: networkID, Region: c.region,
			Name: t.RouteTableName, System: t.RouteTableType == "System",
			Routes: make([]peering.Route, 0, len(entries)), Raw: &RouteTable{Table: tr, Entries: entries}}
		for _, er := range entries {
			r, err := vpcRoute(er)
			if err != nil {
				return nil, err
			}
			rt.Routes = append(rt.Routes, r)
		}
		out = append(out, rt)
	}
	return out, nil
}

// tables walks DescribeRouteTableList for a VPC (and a table type, "" for
// all).
func (c *Client) tables(ctx context.Context, op, networkID, typ string) ([]json.RawMessage, error) {
	w := aliyunrpc.Walk{Provider: peering.AlibabaVPC, Op: op, What: "the route tables of " + networkID}
	var out []json.RawMessage
	for number := 1; ; number++ {
		var ans routeTablesAnswer
		err := c.vpc.Do(ctx, aliyunrpc.Call{Op: op, Action: "DescribeRouteTableList",
			Request: func() requests.AcsRequest {
				r := vpc.CreateDescribeRouteTableListRequest()
				r.RegionId, r.VpcId, r.RouteTableType = c.region, networkID, typ
				r.PageNumber, r.PageSize = requests.NewInteger(number), requests.NewInteger(routeTablePageSize)
				return r
			},
			Decode: func(body []byte) error { return json.Unmarshal(body, &ans) }})
		if err != nil {
			return nil, err
		}
		items := ans.RouterTableList.RouterTableListType
		ids := make([]string, len(items))
		for i, it := range items {
			var t routeTableJSON
			_ = json.Unmarshal(it, &t) // an unreadable item fails in RouteTables
			ids[i] = t.RouteTableID
		}
		fresh, err := w.Page(ids)
		if err != nil {
			return nil, err
		}
		for _, i := range fresh {
			out = append(out, items[i])
		}
		// The total is checked, not trusted: a full page is followed by
		// the next whatever it says, as peering.List does.
		w.Total(ans.TotalCount)
		if len(items) < routeTablePageSize {
			if err := w.End(); err != nil {
				return nil, err
			}
			return out, nil
		}
	}
}

// entries walks DescribeRouteEntryList for a table.
func (c *Client) entries(ctx context.Context, op, table string) ([]json.RawMessage, error) {
	w := aliyunrpc.Walk{Provider: peering.AlibabaVPC, Op: op, What: "the routes of " + table}
	var out []json.RawMessage
	next := ""
	for {
		var ans routeEntriesAnswer
		asked := next
		err := c.vpc.Do(ctx, aliyunrpc.Call{Op: op, Action: "DescribeRouteEntryList",
			Request: func() requests.AcsRequest {
				r := vpc.CreateDescribeRouteEntryListRequest()
				r.RegionId, r.RouteTableId, r.NextToken = c.region, table, asked
				r.MaxResult = requests.NewInteger(routeEntryPageSize)
				return r
			},
			Decode: func(body []byte) error {
				if err := json.Unmarshal(body, &ans); err != nil {
					return err
				}
				if asked != "" && ans.NextToken == asked {
					return &peering.Error{Code: peering.Unavailable, Provider: peering.AlibabaVPC, Op: op, RequestID: ans.RequestID,
						Message: "the page's NextToken is the token it was asked with", Err: errRepeatedToken}
				}
				return nil
			}})
		if errors.Is(err, errRepeatedToken) && ctx.Err() == nil {
			return nil, &peering.Error{Code: peering.Internal, Provider: peering.AlibabaVPC, Op: op,
				Message: "NextToken repeated on every attempt: the routes of " + table + " would loop", Err: err}
		}
		if err != nil {
			return nil, err
		}
		items := ans.RouteEntrys.RouteEntry
		ids := make([]string, len(items))
		for i, it := range items {
			var e routeEntryJSON
			_ = json.Unmarshal(it, &e)
			ids[i] = e.RouteEntryID
		}
		fresh, err := w.Page(ids)
		if err != nil {
			return nil, err
		}
		for _, i := range fresh {
			out = append(out, items[i])
		}
		if ans.NextToken == "" {
			return out, nil
		}
		if err := w.Follow(ans.NextToken); err != nil {
			return nil, err
		}
		next = ans.NextToken
	}
}

// vpcRoute reads one route, as odd records are read: what cannot be read
// is named in Unparsed and the route is kept; a route without an ID fails
// its page.
func vpcRoute(raw json.RawMessage) (peering.Route, error) {
	var e routeEntryJSON
	odd, err := normalize.DecodeRecord(raw, &e)
	if err != nil || normalize.ID(e.RouteEntryID) == "" {
		return peering.Route{}, &peering.Error{Code: peering.Internal, Provider: peering.AlibabaVPC, Op: "RouteTables",
			Message: "DescribeRouteEntryList sent a route without a readable RouteEntryId"}
	}
	var u normalize.Unparsed
	u.AddMismatches("", odd)
	r := peering.Route{ID: normalize.ID(e.RouteEntryID), System: e.Type == "System", ProviderStatus: e.Status, Description: e.Description}
	r.NextHopType, r.NextHopID = e.NextHopType, normalize.ID(e.InstanceID)
	if hops := e.NextHops.NextHop; len(hops) > 0 {
		r.NextHopType, r.NextHopID = hops[0].NextHopType, normalize.ID(hops[0].NextHopID)
	}
	r.NextHop = vpcHopKind(r.NextHopType, r.System)
	if p, err := normalize.CIDR(e.DestinationCidrBlock); err == nil {
		r.Destination = p
	} else if !slices.ContainsFunc(odd, func(m normalize.Mismatch) bool { return m.Field == "DestinationCidrBlock" }) {
		u.Add("DestinationCidrBlock", e.DestinationCidrBlock)
	}
	r.Attributes = u.Attributes(r.Attributes)
	return r, nil
}

// vpcHopKind maps a VPC next hop type to its portable kind.
func vpcHopKind(typ string, system bool) peering.NextHopKind {
	switch strings.ToLower(typ) {
	case "vpcpeer":
		return peering.NextHopPeering
	case "local", "":
		if system || typ != "" {
			return peering.NextHopLocal
		}
	case "instance", "havip", "networkinterface":
		return peering.NextHopInstance
	case "vpngateway", "natgateway", "ipv6gateway", "ipv4gateway", "routerinterface", "attachment",
		"gatewayendpoint", "ecr", "cenbasic", "gatewayloadbalancerendpoint":
		return peering.NextHopGateway
	}
	return peering.NextHopOther
}

// AddRoute adds a route through a VpcPeer connection (CreateRouteEntry,
// NextHopType VpcPeer) to r.TableID of the caller's VPC r.NetworkID, or to
// the VPC's system table when TableID is "", and returns its ID. Every
// attempt carries one ClientToken (r.ClientToken or a random one), so a
// retry after a lost answer returns the route the first attempt made. A
// destination the table already has is AlreadyExists
// (InvalidCIDRBlock.Duplicate); a connection that is not active is
// FailedPrecondition (IncorrectStatus.VpcPeer); an unknown table, VPC or
// connection is NotFound.
func (c *Client) AddRoute(ctx context.Context, r peering.RouteRequest) (string, error) {
	const op = "AddRoute"
	in, err := aliyunrpc.CheckRoute(peering.AlibabaVPC, r)
	if err != nil {
		return "", err
	}
	network, conn, table, dest := in.Network, in.Connection, in.Table, in.Destination
	if r.Description != "" && !routeText(r.Description, maxDescLen) {
		return "", invalid(op, "the description must be 1 to %d characters and not start with http:// or https://", maxDescLen)
	}
	if table == "" {
		if table, err = c.systemTable(ctx, op, network); err != nil {
			return "", err
		}
	}
	token := r.ClientToken
	if token == "" {
		token = aliyunrpc.NewClientToken()
	}
	var ans struct {
		RequestID    string `json:"RequestId"`
		RouteEntryID string `json:"RouteEntryId"`
	}
	err = c.vpc.Do(ctx, aliyunrpc.Call{Op: op, Action: "CreateRouteEntry", ClientToken: token,
		Request: func() requests.AcsRequest {
			q := vpc.CreateCreateRouteEntryRequest()
			q.RegionId, q.RouteTableId, q.DestinationCidrBlock = c.region, table, dest
			q.NextHopType, q.NextHopId, q.Description, q.ClientToken = "VpcPeer", conn, r.Description, token
			return q
		},
		Decode: func(body []byte) error {
			if err := json.Unmarshal(body, &ans); err != nil {
				return err
			}
			if normalize.ID(ans.RouteEntryID) == "" {
				return &peering.Error{Code: peering.Internal, Provider: peering.AlibabaVPC, Op: op,
					RequestID: ans.RequestID, Message: "CreateRouteEntry answered without a RouteEntryId"}
			}
			return nil
		}})
	if err != nil {
		return "", err
	}
	return normalize.ID(ans.RouteEntryID), nil
}

// systemTable finds a VPC's system route table.
func (c *Client) systemTable(ctx context.Context, op, network string) (string, error) {
	raw, err := c.tables(ctx, op, network, "System")
	if err != nil {
		return "", err
	}
	for _, tr := range raw {
		var t routeTableJSON
		if json.Unmarshal(tr, &t) == nil && t.RouteTableType == "System" && normalize.ID(t.RouteTableID) != "" {
			return normalize.ID(t.RouteTableID), nil
		}
	}
	return "", &peering.Error{Code: peering.NotFound, Provider: peering.AlibabaVPC, Op: op,
		Message: fmt.Sprintf("VPC %s has no system route table in %s: it is not one of the caller's VPCs there", network, c.region)}
}

// routeText applies CreateRouteEntry's rule for names and descriptions.
func routeText(v string, maxLen int) bool {
	n := len([]rune(v))
	l := strings.ToLower(v)
	return n >= 1 && n <= maxLen && !strings.HasPrefix(l, "http://") && !strings.HasPrefix(l, "https://")
}

// DeleteRoute removes a custom route (DeleteRouteEntry by RouteEntryId; the
// API refuses it with the table beside it, so tableID and networkID only
// have to be given). A route already gone is not an error; a system route
// is FailedPrecondition (OperationDenied).
func (c *Client) DeleteRoute(ctx context.Context, networkID, tableID, routeID string) error {
	const op = "DeleteRoute"
	id, err := aliyunrpc.CheckRouteDelete(peering.AlibabaVPC, networkID, tableID, routeID)
	if err != nil {
		return err
	}
	err = c.vpc.Do(ctx, aliyunrpc.Call{Op: op, Action: "DeleteRouteEntry",
		Request: func() requests.AcsRequest {
			q := vpc.CreateDeleteRouteEntryRequest()
			q.RegionId, q.RouteEntryId = c.region, id
			return q
		}})
	if peering.Code(err) == peering.NotFound {
		return nil
	}
	return err
}

// RoutesExist reports whether err is the cloud refusing to delete a
// connection because routes still point at it
// (OperationDenied.RouteEntryExist); [Client.DeleteForce] removes them
// with it.
func RoutesExist(err error) bool {
	var pe *peering.Error
	return errors.As(err, &pe) && strings.EqualFold(pe.ProviderCode, "OperationDenied.RouteEntryExist")
}

// routesExist rewrites a refusal for routes that still point at the
// connection id (OperationDenied.RouteEntryExist) to name them: the routes
// through it in the route tables of its ends that the client can read
// (the caller's VPCs in its region), and how to force the delete.
func (c *Client) routesExist(ctx context.Context, id string, err error) error {
	var pe *peering.Error
	if !RoutesExist(err) || !errors.As(err, &pe) {
		return err
	}
	var found []string
	if conn, gerr := c.Get(ctx, id); gerr == nil {
		for _, end := range []peering.Endpoint{conn.Requester, conn.Accepter} {
			if end.Region != c.region || end.NetworkID == "" {
				continue
			}
			tables, terr := c.RouteTables(ctx, end.NetworkID)
			if terr != nil {
				continue // another account's VPC: its routes cannot be read here
			}
			for _, t := range tables {
				for _, r := range t.Routes {
					if r.Through(id) {
						found = append(found, fmt.Sprintf("%s in %s of %s (%s)", r.Destination, t.ID, end.NetworkID, r.ID))
					}
				}
			}
		}
	}
	which := "routes in a VPC this client cannot read (another account's or region's)"
	if len(found) > 0 {
		which = strings.Join(found, ", ")
	}
	// A copy of the refusal with its own cause, not the refusal itself as
	// cause: its text would repeat the code, status and request ID.
	e := *pe
	e.Message = fmt.Sprintf("routes still point at %s: %s; remove them (DeleteRoute), or delete with DeleteForce, which removes them with the connection (the cloud: %s)", id, which, pe.Message)
	return &e
}
