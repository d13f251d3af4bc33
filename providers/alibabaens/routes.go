package alibabaens

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/aliyunrpc"
	"github.com/peeringkit/peering/normalize"
)

// routePageSize is the page size of both route listings: the most
// DescribeEnsRouteEntryList documents (10 to 100); DescribeEnsRouteTables
// documents no range.
const routePageSize = 100

var (
	_ peering.RouteReader = (*Client)(nil)
	_ peering.RouteWriter = (*Client)(nil)
)

// RouteTable is an ENS route table as DescribeEnsRouteTables sends it, with
// its routes as DescribeEnsRouteEntryList sends them:
// peering.RouteTable.Raw.
type RouteTable struct {
	Table   json.RawMessage
	Entries []json.RawMessage
}

// ensRoutePage is a page of either listing. The counts are numbers in the
// typed SDK's model; json.Number also reads them sent as strings, as ENS
// sends the peering listing's.
type ensRoutePage struct {
	RequestID   string            `json:"RequestId"`
	TotalCount  json.Number       `json:"TotalCount"`
	RouteTables []json.RawMessage `json:"RouteTables"`
	RouteEntrys []json.RawMessage `json:"RouteEntrys"`
}

type ensTableJSON struct {
	RouteTableID   string `json:"RouteTableId"`
	NetworkID      string `json:"NetworkId"`
	EnsRegionID    string `json:"EnsRegionId"`
	RouteTableName string `json:"RouteTableName"`
	Type           string `json:"Type"`
}

type ensRouteJSON struct {
	RouteEntryID         string `json:"RouteEntryId"`
	DestinationCidrBlock string `json:"DestinationCidrBlock"`
	Type                 string `json:"Type"`
	Status               string `json:"Status"`
	Description          string `json:"Description"`
	NextHops             []struct {
		NextHopID   string `json:"NextHopId"`
		NextHopType string `json:"NextHopType"`
	} `json:"NextHops"`
}

// RouteTables returns the route tables of one of the caller's ENS networks
// (DescribeEnsRouteTables by NetworkId), each with all of its routes
// (DescribeEnsRouteEntryList by RouteTableId), both in pages of 100
// numbered from 1. Every network has a route table, so one with none is
// not the caller's: NotFound.
//
// Next hop types map to peering.NextHopKind: NetworkPeer to NextHopPeering
// (NextHopID is the connection), Instance and HaVip to NextHopInstance, a
// system route's to NextHopLocal, anything else to NextHopOther with the
// type kept. A route whose destination cannot be read is kept, with
// Route.Attributes[peering.UnparsedAttribute] saying so. Pages that stop
// bringing new items, a walk far past TotalCount, and one that ends with a
// count TotalCount contradicts end with an Internal error: a full page is
// followed by the next whatever the total says, so a low total loses
// nothing.
func (c *Client) RouteTables(ctx context.Context, networkID string) ([]peering.RouteTable, error) {
	const op = "RouteTables"
	networkID, err := aliyunrpc.CheckNetwork(peering.AlibabaENS, op, networkID)
	if err != nil {
		return nil, err
	}
	raw, err := c.routePages(ctx, op, "DescribeEnsRouteTables", "the route tables of "+networkID, "NetworkId", networkID, "RouteTableId")
	if err != nil {
		return nil, err
	}
	if len(raw) == 0 {
		return nil, &peering.Error{Code: peering.NotFound, Provider: peering.AlibabaENS, Op: op,
			Message: "network " + networkID + " has no route table: it is not one of the caller's networks"}
	}
	out := make([]peering.RouteTable, 0, len(raw))
	for _, tr := range raw {
		var t ensTableJSON
		if err := json.Unmarshal(tr, &t); err != nil || normalize.ID(t.RouteTableID) == "" {
			return nil, &peering.Error{Code: peering.Internal, Provider: peering.AlibabaENS, Op: op,
				Message: "DescribeEnsRouteTables sent a route table without a readable RouteTableId"}
		}
		id := normalize.ID(t.RouteTableID)
		entries, err := c.routePages(ctx, op, "DescribeEnsRouteEntryList", "the routes of "+id, "RouteTableId", id, "RouteEntryId")
		if err != nil {
			return nil, err
		}
		rt := peering.RouteTable{Provider: peering.AlibabaENS, ID: id, NetworkID: networkID, Region: t.EnsRegionID,
			Name: t.RouteTableName, System: t.Type == "System",
			Routes: make([]peering.Route, 0, len(entries)), Raw: &RouteTable{Table: tr, Entries: entries}}
		for _, er := range entries {
			r, err := ensRoute(er)
			if err != nil {
				return nil, err
			}
			rt.Routes = append(rt.Routes, r)
		}
		out = append(out, rt)
	}
	return out, nil
}

// routePages walks the numbered pages of a route listing filtered by one
// parameter and returns its items, each once; idField names an item's ID.
func (c *Client) routePages(ctx context.Context, op, action, what, key, value, idField string) ([]json.RawMessage, error) {
	w := aliyunrpc.Walk{Provider: peering.AlibabaENS, Op: op, What: what}
	var out []json.RawMessage
	for number := 1; ; number++ {
		var ans ensRoutePage
		err := c.rpc.Do(ctx, aliyunrpc.Call{Op: op, Action: action,
			Request: func() requests.AcsRequest {
				r := newRequest(action)
				r.QueryParams[key] = value
				r.QueryParams["PageNumber"] = strconv.Itoa(number)
				r.QueryParams["PageSize"] = strconv.Itoa(routePageSize)
				r.TransToAcsRequest()
				return r
			},
			Decode: func(body []byte) error { return json.Unmarshal(body, &ans) }})
		if err != nil {
			return nil, err
		}
		items := ans.RouteTables
		if action == "DescribeEnsRouteEntryList" {
			items = ans.RouteEntrys
		}
		ids := make([]string, len(items))
		for i, it := range items {
			var m map[string]any
			_ = json.Unmarshal(it, &m) // an unreadable item fails when it is read
			ids[i], _ = m[idField].(string)
		}
		fresh, err := w.Page(ids)
		if err != nil {
			return nil, err
		}
		for _, i := range fresh {
			out = append(out, items[i])
		}
		// The total is checked, not trusted: a full page is followed by
		// the next whatever it says, as the connection listing does.
		if total, err := ans.TotalCount.Int64(); err == nil {
			w.Total(int(total))
		}
		if len(items) < routePageSize {
			if err := w.End(); err != nil {
				return nil, err
			}
			return out, nil
		}
	}
}

// ensRoute reads one route, as odd records are read.
func ensRoute(raw json.RawMessage) (peering.Route, error) {
	var e ensRouteJSON
	odd, err := normalize.DecodeRecord(raw, &e)
	if err != nil || normalize.ID(e.RouteEntryID) == "" {
		return peering.Route{}, &peering.Error{Code: peering.Internal, Provider: peering.AlibabaENS, Op: "RouteTables",
			Message: "DescribeEnsRouteEntryList sent a route without a readable RouteEntryId"}
	}
	var u normalize.Unparsed
	u.AddMismatches("", odd)
	r := peering.Route{ID: normalize.ID(e.RouteEntryID), System: e.Type == "System", ProviderStatus: e.Status, Description: e.Description}
	if len(e.NextHops) > 0 {
		r.NextHopType, r.NextHopID = e.NextHops[0].NextHopType, normalize.ID(e.NextHops[0].NextHopID)
	}
	switch strings.ToLower(r.NextHopType) {
	case "networkpeer":
		r.NextHop = peering.NextHopPeering
	case "instance", "havip":
		r.NextHop = peering.NextHopInstance
	case "local", "":
		r.NextHop = peering.NextHopOther
		if r.System || r.NextHopType != "" {
			r.NextHop = peering.NextHopLocal
		}
	default:
		r.NextHop = peering.NextHopOther
	}
	if p, err := normalize.CIDR(e.DestinationCidrBlock); err == nil {
		r.Destination = p
	} else {
		u.Add("DestinationCidrBlock", e.DestinationCidrBlock)
	}
	r.Attributes = u.Attributes(r.Attributes)
	return r, nil
}

// AddRoute adds a route through a network peer connection
// (CreateEnsRouteEntry, NextHopType NetworkPeer) to r.TableID of the
// caller's network r.NetworkID, or to the network's first route table when
// TableID is "", and returns its ID. ENS takes no ClientToken: when an
// attempt's outcome is unknown, the adapter looks for a route of the table
// to the destination through the connection before sending the create
// again, and returns it if there is one (a destination may not repeat in a
// table, so it is the one the lost attempt made or one that would have
// made the create fail). A destination the table already has is
// AlreadyExists; a connection that is not active is FailedPrecondition.
func (c *Client) AddRoute(ctx context.Context, r peering.RouteRequest) (string, error) {
	const op = "AddRoute"
	in, err := aliyunrpc.CheckRoute(peering.AlibabaENS, r)
	if err != nil {
		return "", err
	}
	network, conn, table, dest := in.Network, in.Connection, in.Table, in.Destination
	if n := len([]rune(r.Description)); n > maxDescLen {
		return "", invalid(op, "the description is %d characters; at most %d", n, maxDescLen)
	}
	if table == "" {
		tables, err := c.RouteTables(ctx, network)
		if err != nil {
			return "", err
		}
		table = tables[0].ID
		for _, t := range tables {
			if t.System {
				table = t.ID
				break
			}
		}
	}
	var id string
	err = c.rpc.Do(ctx, aliyunrpc.Call{Op: op, Action: "CreateEnsRouteEntry",
		Request: func() requests.AcsRequest {
			q := newRequest("CreateEnsRouteEntry")
			q.QueryParams["RouteTableId"], q.QueryParams["DestinationCidrBlock"] = table, dest
			q.QueryParams["NextHopType"], q.QueryParams["NextHopId"] = "NetworkPeer", conn
			if r.Description != "" {
				q.QueryParams["Description"] = r.Description
			}
			q.TransToAcsRequest()
			return q
		},
		Decode: func(body []byte) error {
			var ans struct {
				RequestID    string `json:"RequestId"`
				RouteEntryID string `json:"RouteEntryId"`
			}
			if err := json.Unmarshal(body, &ans); err != nil {
				return err
			}
			if id = normalize.ID(ans.RouteEntryID); id == "" {
				return &peering.Error{Code: peering.Internal, Provider: peering.AlibabaENS, Op: op,
					RequestID: ans.RequestID, Message: "CreateEnsRouteEntry answered without a RouteEntryId"}
			}
			return nil
		},
		Reconcile: func(ctx context.Context) (bool, error) {
			entries, err := c.routePages(ctx, op, "DescribeEnsRouteEntryList", "the routes of "+table, "RouteTableId", table, "RouteEntryId")
			if err != nil {
				return false, err
			}
			for _, er := range entries {
				if rt, err := ensRoute(er); err == nil && rt.Through(conn) && rt.Destination.Masked().String() == dest {
					id = rt.ID
					return true, nil
				}
			}
			return false, nil
		}})
	if err != nil {
		return "", err
	}
	return id, nil
}

// DeleteRoute removes a custom route (DeleteEnsRouteEntry by RouteEntryId;
// networkID and tableID only have to be given). A route already gone is
// not an error; a system route is FailedPrecondition.
func (c *Client) DeleteRoute(ctx context.Context, networkID, tableID, routeID string) error {
	const op = "DeleteRoute"
	id, err := aliyunrpc.CheckRouteDelete(peering.AlibabaENS, networkID, tableID, routeID)
	if err != nil {
		return err
	}
	err = c.rpc.Do(ctx, aliyunrpc.Call{Op: op, Action: "DeleteEnsRouteEntry",
		Request: func() requests.AcsRequest {
			q := newRequest("DeleteEnsRouteEntry")
			q.QueryParams["RouteEntryId"] = id
			q.TransToAcsRequest()
			return q
		}})
	if peering.Code(err) == peering.NotFound {
		return nil
	}
	return err
}
