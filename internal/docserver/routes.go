package docserver

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
)

// Route tables. Each server also answers the route-table reads of its
// cloud as their documents describe them, from Config.Routes:
//
//   - Baidu GET /v1/route?vpcId= (bce-sdk-go GetRouteTableResult; the
//     document "查询路由表"): one answer, {routeTableId, vpcId, routeRules}
//     with every rule, no pages.
//   - Alibaba VPC (2016-04-28), on the VpcPeer server: DescribeRouteTableList
//     (VpcId; PageNumber from 1, PageSize 1 to 50, default 10, others 400
//     InvalidParameter; the answer {RequestId, PageNumber, PageSize,
//     TotalCount, RouterTableList: {RouterTableListType: [...]}}) and
//     DescribeRouteEntryList (RouteTableId; MaxResult 1 to 100, default 10;
//     NextToken; the answer {RequestId, NextToken, RouteEntrys: {RouteEntry:
//     [...]}}, NextToken absent on the last page), the documents at
//     https://alibabacloud.com/help/en/vpc/api-describeroutetablelist and
//     https://alibabacloud.com/help/en/vpc/api-describerouteentrylist.
//   - Alibaba ENS (2017-11-10): DescribeEnsRouteTables (NetworkId;
//     PageNumber, PageSize) and DescribeEnsRouteEntryList (RouteTableId;
//     PageNumber from 1, PageSize 10 to 100, default 10, others 400
//     InvalidParameter.PageSize), answers {RequestId, PageNumber, PageSize,
//     TotalCount, RouteTables | RouteEntrys} with the counts as integers,
//     as the typed SDK decodes them
//     (https://help.aliyun.com/zh/ens/developer-reference/api-ens-2017-11-10-describeensrouteentrylist).
//
// Every network has the tables of RouteConfig.Tables (one, RouteTableID,
// by default) on one page; the routes of a table are what the script's
// Page returns for each request (Baidu's one answer is page 1).

// RouteTableID is the route table every network has by default.
const RouteTableID = "vtb-docserver0000000001"

// Route is one route on a scripted page, written in the API's own record:
// Destination as sent (any string, so that bad blocks can be scripted),
// NextHopType the API's own value.
type Route struct {
	ID, Destination, NextHopType, NextHopID string
	System                                  bool
}

// RoutePage is a script's answer to one request for routes.
type RoutePage struct {
	Routes []Route
	// Next is the continuation (VpcPeer's NextToken); "" ends the listing.
	// ENS pages by number and ignores it.
	Next string
	// Total is ENS's TotalCount; absent when not announced.
	Total Total
	// Fail, when set, is answered instead of the page.
	Fail *APIError
	// Cut sends the answer's JSON cut in half: a whole HTTP transfer of a
	// body that stops short, as a proxy that drops the rest would.
	Cut bool
}

// RouteRequest is a request for routes as the server read it.
type RouteRequest struct {
	N      int    // numbers the route requests answered, from 1
	Table  string // the route table asked for (Baidu: the VPC's table)
	Token  string // NextToken (VPC); "" when absent
	Number int    // ENS PageNumber (1 when absent, and for the others)
	Size   int    // the page size asked for, or the documented default
	Params url.Values
}

// RouteConfig scripts the route reads.
type RouteConfig struct {
	// Page decides what each request for routes returns; nil serves one
	// empty page.
	Page func(RouteRequest) RoutePage
	// Tables are the IDs of every network's route tables, served on one
	// page; nil is RouteTableID alone.
	Tables []string
	// TablesTotal is the TotalCount the table listings announce; the zero
	// Total announces the truth.
	TablesTotal Total
}

func (c RouteConfig) tables() []string {
	if c.Tables == nil {
		return []string{RouteTableID}
	}
	return c.Tables
}

func (c RouteConfig) tablesTotal() int {
	if n, ok := c.TablesTotal.Value(); ok {
		return n
	}
	return len(c.tables())
}

// routePage numbers a route request and runs the script.
func (c *core) routePage(r RouteRequest) RoutePage {
	c.mu.Lock()
	c.routeReqs++
	r.N = c.routeReqs
	c.mu.Unlock()
	if c.cfg.Routes.Page == nil {
		return RoutePage{}
	}
	return c.cfg.Routes.Page(r)
}

// RouteRequests returns how many requests for routes the server answered.
func (c *core) RouteRequests() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.routeReqs
}

// cut writes b's JSON cut in half, as a whole transfer.
func (c *core) cut(w http.ResponseWriter, contentType string, b body) {
	rec := &bufferWriter{header: http.Header{}}
	c.write(rec, contentType, b)
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(rec.buf[:len(rec.buf)/2])
}

// bufferWriter collects what write sends.
type bufferWriter struct {
	header http.Header
	buf    []byte
}

func (b *bufferWriter) Header() http.Header         { return b.header }
func (b *bufferWriter) WriteHeader(int)             {}
func (b *bufferWriter) Write(p []byte) (int, error) { b.buf = append(b.buf, p...); return len(p), nil }

// answer writes a route answer, whole or cut short.
func (s *rpc) answer(w http.ResponseWriter, b body, cut bool) {
	if cut {
		s.cut(w, "application/json;charset=utf-8", b)
		return
	}
	s.ok(w, b)
}

// --- Alibaba VPC ---

// vpcRouteTable is a RouterTableListType item with the document's fields.
type vpcRouteTable struct {
	VpcID          string `json:"VpcId"`
	RouteTableID   string `json:"RouteTableId"`
	RouteTableName string `json:"RouteTableName"`
	RouteTableType string `json:"RouteTableType"`
	RouterType     string `json:"RouterType"`
	RouterID       string `json:"VRouterId"`
	Status         string `json:"Status"`
	CreationTime   string `json:"CreationTime"`
	Description    string `json:"Description"`
}

// vpcRouteEntry is a RouteEntry item with the document's fields.
type vpcRouteEntry struct {
	RouteEntryID         string      `json:"RouteEntryId"`
	RouteTableID         string      `json:"RouteTableId"`
	DestinationCidrBlock string      `json:"DestinationCidrBlock"`
	Type                 string      `json:"Type"`
	Status               string      `json:"Status"`
	IPVersion            string      `json:"IpVersion"`
	Description          string      `json:"Description"`
	NextHops             vpcNextHops `json:"NextHops"`
}

type vpcNextHops struct {
	NextHop []vpcNextHop `json:"NextHop"`
}

type vpcNextHop struct {
	NextHopType string `json:"NextHopType"`
	NextHopID   string `json:"NextHopId"`
	Enabled     int    `json:"Enabled"`
	Weight      int    `json:"Weight"`
}

func routeType(system bool) string {
	if system {
		return "System"
	}
	return "Custom"
}

func (s *VpcPeer) describeRouteTables(w http.ResponseWriter, p url.Values) {
	n, bad := size(p, "PageSize", 10, 1, 50, "InvalidParameter")
	if bad != nil {
		s.fail(w, bad)
		return
	}
	number, _ := strconv.Atoi(cmp.Or(p.Get("PageNumber"), "1"))
	items := []vpcRouteTable{}
	if number == 1 {
		for _, id := range s.cfg.Routes.tables() {
			items = append(items, vpcRouteTable{VpcID: p.Get("VpcId"), RouteTableID: id, RouteTableName: "", RouteTableType: "System",
				RouterType: "VRouter", RouterID: "vrt-docserver000000001", Status: "Available", CreationTime: "2022-04-24T09:02:36Z"})
		}
	}
	s.ok(w, body{fields: []field{{"RequestId", s.requestID()}, {"PageNumber", number}, {"PageSize", n},
		{"TotalCount", s.cfg.Routes.tablesTotal()}, {"RouterTableList", map[string]any{"RouterTableListType": items}}}})
}

func (s *VpcPeer) describeRouteEntries(w http.ResponseWriter, p url.Values) {
	n, bad := size(p, "MaxResult", 10, 1, 100, "InvalidParameter")
	if bad != nil {
		s.fail(w, bad)
		return
	}
	table := p.Get("RouteTableId")
	page := s.routePage(RouteRequest{Table: table, Token: p.Get("NextToken"), Number: 1, Size: n, Params: p})
	if page.Fail != nil {
		s.fail(w, page.Fail)
		return
	}
	entries := make([]vpcRouteEntry, len(page.Routes))
	for i, r := range page.Routes {
		entries[i] = vpcRouteEntry{RouteEntryID: r.ID, RouteTableID: table, DestinationCidrBlock: r.Destination, Type: routeType(r.System),
			Status: "Available", IPVersion: "ipv4", NextHops: vpcNextHops{NextHop: []vpcNextHop{{NextHopType: r.NextHopType, NextHopID: r.NextHopID, Enabled: 1}}}}
	}
	b := body{fields: []field{{"RequestId", s.requestID()}}}
	if page.Next != "" {
		b.fields = append(b.fields, field{"NextToken", page.Next})
	}
	b.fields = append(b.fields, field{"RouteEntrys", map[string]any{"RouteEntry": entries}})
	s.answer(w, b, page.Cut)
}

// --- Alibaba ENS ---

type ensRouteTable struct {
	RouteTableID   string `json:"RouteTableId"`
	NetworkID      string `json:"NetworkId"`
	EnsRegionID    string `json:"EnsRegionId"`
	RouteTableName string `json:"RouteTableName"`
	Type           string `json:"Type"`
	Status         string `json:"Status"`
	CreationTime   string `json:"CreationTime"`
}

type ensRouteEntry struct {
	RouteEntryID         string       `json:"RouteEntryId"`
	RouteTableID         string       `json:"RouteTableId"`
	DestinationCidrBlock string       `json:"DestinationCidrBlock"`
	SourceCidrBlock      string       `json:"SourceCidrBlock"`
	Type                 string       `json:"Type"`
	Status               string       `json:"Status"`
	Description          string       `json:"Description"`
	CreationTime         string       `json:"CreationTime"`
	NextHops             []ensNextHop `json:"NextHops"`
}

type ensNextHop struct {
	NextHopID   string `json:"NextHopId"`
	NextHopType string `json:"NextHopType"`
}

func (s *ENS) describeRouteTables(w http.ResponseWriter, p url.Values) {
	n, bad := size(p, "PageSize", 10, 1, 100, "InvalidParameter.PageSize")
	if bad != nil {
		s.fail(w, bad)
		return
	}
	number, _ := strconv.Atoi(cmp.Or(p.Get("PageNumber"), "1"))
	items := []ensRouteTable{}
	if number == 1 {
		for _, id := range s.cfg.Routes.tables() {
			items = append(items, ensRouteTable{RouteTableID: id, NetworkID: p.Get("NetworkId"), EnsRegionID: ENSNode, Type: "Common",
				Status: "Available", CreationTime: "2022-04-24T09:02:36Z"})
		}
	}
	s.ok(w, body{fields: []field{{"RequestId", s.requestID()}, {"PageNumber", number}, {"PageSize", n},
		{"TotalCount", s.cfg.Routes.tablesTotal()}, {"RouteTables", items}}})
}

func (s *ENS) describeRouteEntries(w http.ResponseWriter, p url.Values) {
	n, bad := size(p, "PageSize", 10, 10, 100, "InvalidParameter.PageSize")
	if bad != nil {
		s.fail(w, bad)
		return
	}
	number, _ := strconv.Atoi(cmp.Or(p.Get("PageNumber"), "1"))
	table := p.Get("RouteTableId")
	page := s.routePage(RouteRequest{Table: table, Number: max(number, 1), Size: n, Params: p})
	if page.Fail != nil {
		s.fail(w, page.Fail)
		return
	}
	entries := make([]ensRouteEntry, len(page.Routes))
	for i, r := range page.Routes {
		entries[i] = ensRouteEntry{RouteEntryID: r.ID, RouteTableID: table, DestinationCidrBlock: r.Destination, SourceCidrBlock: "0.0.0.0/0",
			Type: routeType(r.System), Status: "Available", CreationTime: "2022-04-24T09:02:36Z",
			NextHops: []ensNextHop{{NextHopID: r.NextHopID, NextHopType: r.NextHopType}}}
	}
	b := body{fields: []field{{"RequestId", s.requestID()}, {"PageNumber", number}, {"PageSize", n}}}
	if total, ok := page.Total.Value(); ok {
		b.fields = append(b.fields, field{"TotalCount", total})
	}
	b.fields = append(b.fields, field{"RouteEntrys", entries})
	s.answer(w, b, page.Cut)
}

// --- Baidu ---

// baiduRouteRule is a RouteRule of bce-sdk-go's GetRouteTableResult.
type baiduRouteRule struct {
	RouteRuleID        string `json:"routeRuleId"`
	RouteTableID       string `json:"routeTableId"`
	SourceAddress      string `json:"sourceAddress"`
	DestinationAddress string `json:"destinationAddress"`
	NexthopID          string `json:"nexthopId"`
	NexthopType        string `json:"nexthopType"`
	Description        string `json:"description"`
}

// getRouteTable answers GET /v1/route?vpcId=: the VPC's one table with
// every rule, from the script's page 1.
func (s *Baidu) getRouteTable(w http.ResponseWriter, q url.Values) {
	vpc := q.Get("vpcId")
	if vpc == "" && q.Get("routeTableId") == "" {
		s.fail(w, &APIError{Status: http.StatusBadRequest, Code: "InvalidURI", Message: "routeTableId and vpcId cannot both be empty"})
		return
	}
	table := cmp.Or(q.Get("routeTableId"), s.cfg.Routes.tables()[0])
	page := s.routePage(RouteRequest{Table: table, Number: 1, Size: 1000, Params: q})
	if page.Fail != nil {
		s.fail(w, page.Fail)
		return
	}
	rules := make([]baiduRouteRule, len(page.Routes))
	for i, r := range page.Routes {
		rules[i] = baiduRouteRule{RouteRuleID: r.ID, RouteTableID: table, SourceAddress: "0.0.0.0/0", DestinationAddress: r.Destination,
			NexthopID: r.NextHopID, NexthopType: r.NextHopType}
		if r.System {
			rules[i].Description = "default"
		}
	}
	b := body{fields: []field{{"routeTableId", table}, {"vpcId", vpc}, {"routeRules", rules}}}
	if page.Cut {
		w.Header().Set("X-Bce-Request-Id", s.requestID())
		s.cut(w, "application/json;charset=UTF-8", b)
		return
	}
	s.ok(w, b)
}

// PeerRoutes returns n custom routes numbered from first, each to a /24 of
// its own through a peering connection of next-hop type hopType (Baidu
// "peerConn", VPC "VpcPeer", ENS "NetworkPeer") with ID hop.
func PeerRoutes(first, n int, hopType, hop string) []Route {
	out := make([]Route, n)
	for i := range out {
		k := first + i
		out[i] = Route{ID: fmt.Sprintf("rte-doc%014d", k), Destination: fmt.Sprintf("10.%d.%d.0/24", k/256%256, k%256),
			NextHopType: hopType, NextHopID: hop}
	}
	return out
}

// RouteIDs returns the IDs of routes.
func RouteIDs(rs []Route) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

// RouteTokens pages routes as an honest token API does: size at a time
// (capped at what was asked), the token the ID of the next route.
func RouteTokens(routes []Route, size int) func(RouteRequest) RoutePage {
	return func(r RouteRequest) RoutePage {
		start := 0
		if r.Token != "" {
			start = slices.IndexFunc(routes, func(x Route) bool { return x.ID == r.Token })
			if start < 0 {
				return RoutePage{Fail: badToken(r.Token)}
			}
		}
		end := min(start+min(size, r.Size), len(routes))
		p := RoutePage{Routes: routes[start:end:end]}
		if end < len(routes) {
			p.Next = routes[end].ID
		}
		return p
	}
}

// RouteNumbers pages routes as an honest numbered API does: page
// PageNumber of the size asked, announcing total (the zero Total: the
// truth).
func RouteNumbers(routes []Route, total Total) func(RouteRequest) RoutePage {
	if _, ok := total.Value(); !ok {
		total = Announce(len(routes))
	}
	return func(r RouteRequest) RoutePage {
		start := min((r.Number-1)*r.Size, len(routes))
		end := min(start+r.Size, len(routes))
		return RoutePage{Routes: routes[start:end:end], Total: total}
	}
}

// FailFirst answers the first n route requests with e (or, with a nil e,
// with the page cut short), then as then does.
func FailFirst(n int, e *APIError, then func(RouteRequest) RoutePage) func(RouteRequest) RoutePage {
	return func(r RouteRequest) RoutePage {
		p := then(r)
		if r.N <= n {
			if e == nil {
				p.Cut = true
			} else {
				p = RoutePage{Fail: e}
			}
		}
		return p
	}
}

// The routes of OddRoutes, by ID, and the next hop of the one whose type
// no adapter knows.
const (
	OddSystem     = "rte-odd-system"      // a system route
	OddPeer       = "rte-odd-peer"        // a route through the peering
	OddUnknownHop = "rte-odd-unknown-hop" // a next-hop type no adapter knows
	OddBadCIDR    = "rte-odd-bad-cidr"    // a destination with a prefix length past 32
	OddNotABlock  = "rte-odd-not-a-block" // a destination that is no address at all
	OddHopType    = "QuantumTunnel"
	OddHopID      = "qt-1"
)

// OddRoutes returns a table's worth of routes an adapter can read only in
// part: a system route of next-hop type systemType, and routes of type
// peerType through the peering hop, one of them good, two with
// destinations that are no blocks, and one of a type no API has.
func OddRoutes(systemType, peerType, hop string) []Route {
	return []Route{
		{ID: OddSystem, Destination: "192.168.0.0/16", NextHopType: systemType, NextHopID: "local", System: true},
		{ID: OddPeer, Destination: "10.0.0.0/16", NextHopType: peerType, NextHopID: hop},
		{ID: OddUnknownHop, Destination: "10.1.0.0/16", NextHopType: OddHopType, NextHopID: OddHopID},
		{ID: OddBadCIDR, Destination: "10.2.0.0/33", NextHopType: peerType, NextHopID: hop},
		{ID: OddNotABlock, Destination: "ten-dot-three", NextHopType: peerType, NextHopID: hop},
	}
}
