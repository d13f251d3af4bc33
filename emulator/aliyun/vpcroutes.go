package aliyun

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/peeringkit/peering/emulator/fault"
)

// The VPC service (Vpc 2016-04-28): route tables and routes of VpcPeer's
// VPCs.

// Page sizes, as documented.
const (
	tableDefaultPage = 10  // DescribeRouteTableList PageSize default
	tableMaxPage     = 50  // and maximum
	entryDefaultPage = 10  // DescribeRouteEntryList MaxResult default
	entryMaxPage     = 100 // and maximum
)

// vpcHopTypes are CreateRouteEntry's documented next hop types. Only
// VpcPeer can be checked here: the emulator holds no instances, gateways
// or router interfaces, so a route to one of them is InvalidNextHop.NotFound
// (AddRoute sets one up directly).
var vpcHopTypes = []string{"Instance", "HaVip", "RouterInterface", "NetworkInterface", "VpnGateway",
	"IPv6Gateway", "NatGateway", "Attachment", hopVpcPeer, "Ipv4Gateway", "GatewayEndpoint", "Ecr",
	"GatewayLoadBalancerEndpoint", "RouteTargetGroup"}

// vpcRouteTypes are DescribeRouteEntryList's documented RouteEntryType values.
var vpcRouteTypes = []string{routeCustom, routeSystem, "BGP", "CEN", "ECR"}

func errVPCMissing(name string) *apiError {
	return newError(400, "MissingParameter", "Miss mandatory parameter: "+name+".")
}

func errRouteTableNotFound() *apiError {
	return newError(404, "InvalidRouteTableId.NotFound", "Specified route table does not exist.")
}

type routerTableJSON struct {
	VpcID                  string           `json:"VpcId"`
	CreationTime           string           `json:"CreationTime"`
	Status                 string           `json:"Status"`
	RouterID               string           `json:"RouterId"`
	AssociateType          string           `json:"AssociateType"`
	RouteTableID           string           `json:"RouteTableId"`
	OwnerID                int64            `json:"OwnerId"`
	Description            string           `json:"Description"`
	RouteTableType         string           `json:"RouteTableType"`
	ResourceGroupID        string           `json:"ResourceGroupId"`
	RouterType             string           `json:"RouterType"`
	RouteTableName         string           `json:"RouteTableName"`
	RoutePropagationEnable bool             `json:"RoutePropagationEnable"`
	VSwitchIDs             map[string][]any `json:"VSwitchIds"`
	GatewayIDs             map[string][]any `json:"GatewayIds"`
	Tags                   map[string][]any `json:"Tags"`
}

type describeRouteTablesResponse struct {
	RequestID       string                       `json:"RequestId"`
	Success         bool                         `json:"Success"`
	Code            string                       `json:"Code"`
	Message         string                       `json:"Message"`
	PageSize        int                          `json:"PageSize"`
	PageNumber      int                          `json:"PageNumber"`
	TotalCount      int                          `json:"TotalCount"`
	RouterTableList map[string][]routerTableJSON `json:"RouterTableList"`
}

type nextHopJSON struct {
	NextHopType string `json:"NextHopType"`
	NextHopID   string `json:"NextHopId"`
	Enabled     int    `json:"Enabled"`
	Weight      int    `json:"Weight"`
}

type vpcRouteJSON struct {
	Status               string                   `json:"Status"`
	Type                 string                   `json:"Type"`
	IPVersion            string                   `json:"IpVersion"`
	Description          string                   `json:"Description"`
	RouteEntryName       string                   `json:"RouteEntryName"`
	DestinationCidrBlock string                   `json:"DestinationCidrBlock"`
	RouteEntryID         string                   `json:"RouteEntryId"`
	RouteTableID         string                   `json:"RouteTableId"`
	GmtModified          string                   `json:"GmtModified"`
	NextHops             map[string][]nextHopJSON `json:"NextHops"`
	Origin               string                   `json:"Origin"`
}

type describeRouteEntriesResponse struct {
	NextToken   string                    `json:"NextToken,omitempty"` // absent on the last page
	RequestID   string                    `json:"RequestId"`
	RouteEntrys map[string][]vpcRouteJSON `json:"RouteEntrys"`
}

type routeEntryIDResponse struct {
	RouteEntryID string `json:"RouteEntryId"`
	RequestID    string `json:"RequestId"`
}

func ipVersion(dest string) string {
	if p, ok := parseDestination(dest); ok && p.Addr().Is6() {
		return "IPv6"
	}
	return "IPv4"
}

func (t *routeTable) vpcJSON(vpc *VPC, rg string) routerTableJSON {
	typ := routeCustom
	if t.system {
		typ = routeSystem
	}
	return routerTableJSON{
		VpcID: t.network, CreationTime: formatTime(t.created), Status: routeAvailable, RouterID: t.routerID,
		RouteTableID: t.id, OwnerID: t.owner, RouteTableType: typ, ResourceGroupID: rg, RouterType: "VRouter",
		RouteTableName: t.name, VSwitchIDs: map[string][]any{"VSwitchId": {}},
		GatewayIDs: map[string][]any{"GatewayIds": {}}, Tags: map[string][]any{"Tag": {}},
	}
}

func (e *routeEntry) vpcJSON() vpcRouteJSON {
	typ, origin := routeCustom, "CustomCreate"
	if e.system {
		typ, origin = routeSystem, "SystemCreate"
	}
	return vpcRouteJSON{
		Status: routeAvailable, Type: typ, IPVersion: ipVersion(e.dest), Description: e.description,
		RouteEntryName: e.name, DestinationCidrBlock: e.dest, RouteEntryID: e.id, RouteTableID: e.table.id,
		GmtModified: formatTime(e.created), Origin: origin,
		NextHops: map[string][]nextHopJSON{"NextHop": {{NextHopType: e.hopType, NextHopID: e.hopID, Enabled: 1}}},
	}
}

// vpcTableFor finds one of the caller's VPC route tables; a RegionId, when
// sent, must be the table's.
func (s *Service) vpcTableFor(c *call, id string) *routeTable {
	t := s.tables[id]
	if t == nil || t.ens || t.owner != c.uid {
		return nil
	}
	if r := c.params.get("RegionId"); r != "" && r != t.region {
		return nil
	}
	return t
}

func (s *Service) describeRouteTables(c *call) (any, error) {
	p := c.params
	region := p.get("RegionId")
	if region == "" {
		return nil, errVPCMissing("RegionId")
	}
	number, err := pageNumberParam(p, errIllegal)
	if err != nil {
		return nil, err
	}
	size, err := rangeParam(p, "PageSize", errIllegal, tableDefaultPage, 1, tableMaxPage, "the page size must be from 1 to 50")
	if err != nil {
		return nil, err
	}
	typ := p.get("RouteTableType")
	if typ != "" && typ != routeSystem && typ != routeCustom {
		return nil, errIllegal("RouteTableType", "the type must be System or Custom")
	}
	routerType := p.get("RouterType")
	if routerType != "" && routerType != "VRouter" && routerType != "VBR" {
		return nil, errIllegal("RouterType", "the router type must be VRouter or VBR")
	}
	vpcID, tableID, name, routerID := p.get("VpcId"), p.get("RouteTableId"), p.get("RouteTableName"), p.get("RouterId")

	s.mu.Lock()
	defer s.mu.Unlock()
	var all []*routeTable
	switch {
	case routerType == "VBR": // no border routers are emulated
	case vpcID != "":
		all = s.tablesByNet[vpcID]
	default:
		for _, v := range s.vpcList {
			all = append(all, s.tablesByNet[v.ID]...)
		}
	}
	var match []*routeTable
	for _, t := range all {
		if t.ens || t.owner != c.uid || t.region != region || tableID != "" && t.id != tableID ||
			name != "" && t.name != name || routerID != "" && t.routerID != routerID ||
			typ == routeSystem && !t.system || typ == routeCustom && t.system {
			continue
		}
		match = append(match, t)
	}
	items, total := page(match, nil, int((number-1)*size), int(size))
	resp := describeRouteTablesResponse{
		RequestID: c.requestID, Success: true, Code: "200", Message: "successful",
		PageSize: int(size), PageNumber: int(number), TotalCount: total,
		RouterTableList: map[string][]routerTableJSON{"RouterTableListType": make([]routerTableJSON, len(items))},
	}
	for i, t := range items {
		rg := ""
		if a := s.accounts[t.owner]; a != nil {
			rg = a.resourceGroup
		}
		resp.RouterTableList["RouterTableListType"][i] = t.vpcJSON(s.vpcs[t.network], rg)
	}
	return resp, nil
}

func (s *Service) describeRouteEntries(c *call) (any, error) {
	p := c.params
	for _, name := range []string{"RegionId", "RouteTableId"} {
		if p.get(name) == "" {
			return nil, errVPCMissing(name)
		}
	}
	size, err := rangeParam(p, "MaxResult", errIllegal, entryDefaultPage, 1, entryMaxPage, "the value must be from 1 to 100")
	if err != nil {
		return nil, err
	}
	ipv := p.get("IpVersion")
	if ipv != "" && !strings.EqualFold(ipv, "IPv4") && !strings.EqualFold(ipv, "IPv6") {
		return nil, newError(400, "IllegalParam.IpVersion", "Param IpVersion illegal.")
	}
	typ := p.get("RouteEntryType")
	if typ != "" && !containsFold(vpcRouteTypes, typ) {
		return nil, newError(400, "IllegalParam.RouteEntryType", "The parameter of RouteEntryType is illegal.")
	}
	id, dest, name, hopType, hopID := p.get("RouteEntryId"), p.get("DestinationCidrBlock"), p.get("RouteEntryName"), p.get("NextHopType"), p.get("NextHopId")
	if (id != "" || name != "") && typ != "" && !strings.EqualFold(typ, routeCustom) {
		return nil, newError(400, "OperationFailed.FilterParamUnderWrongRouteType",
			"Operation failed because only custom type support filter by routeEntryId or routeEntryName")
	}
	parts := []string{c.action, strconv.FormatInt(c.uid, 10), p.get("RouteTableId"), id, dest, name, ipv, typ, hopType, hopID}
	scope := scopeOf(parts...)
	in := p.get("NextToken")
	var tok pageToken
	if in != "" {
		if tok, err = s.decodeToken(in, scope); err != nil {
			return nil, newError(400, "IllegalParam.NextToken", "User nextToken is illegal.")
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.vpcTableFor(c, p.get("RouteTableId"))
	if t == nil {
		return nil, newError(400, "InvalidRouteTable.NotFound", "The specified RouteTable was not found.")
	}
	keep := func(e *routeEntry) bool {
		switch {
		case id != "" && e.id != id, name != "" && e.name != name,
			dest != "" && e.dest != dest,
			ipv != "" && !strings.EqualFold(ipVersion(e.dest), ipv),
			strings.EqualFold(typ, routeSystem) && !e.system,
			strings.EqualFold(typ, routeCustom) && e.system,
			typ != "" && !strings.EqualFold(typ, routeSystem) && !strings.EqualFold(typ, routeCustom),
			hopType != "" && e.hopType != hopType, hopID != "" && e.hopID != hopID:
			return false
		}
		return true
	}
	items, total := page(t.entries, keep, tok.offset, int(size))
	next := ""
	switch {
	case tok.loop:
		next = in // a looping token answers with itself, forever
	case len(items) > 0 && s.faults.Fire(vpcProduct.provider, c.action, fault.RepeatMarker):
		next = in
		if in == "" {
			next = s.encodeToken(pageToken{loop: true}, scope)
		}
	case tok.offset+len(items) < total:
		next = s.encodeToken(pageToken{offset: tok.offset + len(items)}, scope)
	}
	resp := describeRouteEntriesResponse{RequestID: c.requestID, NextToken: next,
		RouteEntrys: map[string][]vpcRouteJSON{"RouteEntry": make([]vpcRouteJSON, len(items))}}
	for i, e := range items {
		resp.RouteEntrys["RouteEntry"][i] = e.vpcJSON()
	}
	return resp, nil
}

// checkRouteText applies the name and description rules of CreateRouteEntry:
// 1 to max characters, no http(s):// prefix.
func checkRouteText(v string, maxLen int) bool {
	n := utf8.RuneCountInString(v)
	return n >= 1 && n <= maxLen && !hasURLPrefix(v)
}

func (s *Service) createRouteEntry(c *call) (any, error) {
	p := c.params
	for _, name := range []string{"RouteTableId", "DestinationCidrBlock"} {
		if p.get(name) == "" {
			return nil, errVPCMissing(name)
		}
	}
	dest, ok := parseDestination(p.get("DestinationCidrBlock"))
	if !ok {
		return nil, newError(400, "InvalidCidrBlock.Malformed", "Specified CIDR block is not valid.")
	}
	if dest.Addr().Is4() && dest.Bits() >= cloudServiceBlock.Bits() && cloudServiceBlock.Contains(dest.Addr()) {
		return nil, newError(400, "InvalidCidrBlock", "Specified CIDR block is not valid: it cannot be 100.64.0.0/10 or inside it.")
	}
	if _, set := p["NextHopList.1.NextHopId"]; set {
		return nil, newError(400, "InvalidNexthopTypeAndList.BothNotNull", "ECMP routes (NextHopList) are not emulated.")
	}
	hopType, hopID := p.get("NextHopType"), p.get("NextHopId")
	if hopType == "" {
		hopType = "Instance" // the documented default
	}
	if !slices.Contains(vpcHopTypes, hopType) {
		return nil, newError(400, "InvalidNextHopType", `Specified parameter "NextHopType" is not valid.`)
	}
	if hopID == "" {
		return nil, errVPCMissing("NextHopId")
	}
	if v, set := p["RouteEntryName"]; set && !checkRouteText(v, 128) {
		return nil, newError(400, "InvalidRouteEntryName.Malformed", "Specified RouteEntry name is not valid.")
	}
	if v, set := p["Description"]; set && !checkRouteText(v, 256) {
		return nil, newError(400, "InvalidDescription.Malformed", "The Description is illegal.")
	}
	dryRun, err := boolParam(p, "DryRun")
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reapLocked(c.now)
	if prior, replay, err := s.priorLocked(c); err != nil {
		return nil, err
	} else if replay {
		return routeEntryIDResponse{RequestID: c.requestID, RouteEntryID: prior.instanceID}, nil
	}
	t := s.vpcTableFor(c, p.get("RouteTableId"))
	if t == nil {
		return nil, errRouteTableNotFound()
	}
	if hopType != hopVpcPeer {
		return nil, newError(400, "InvalidNextHop.NotFound", "Specified next hop does not exist.")
	}
	conn := s.peers[hopID]
	if conn == nil || !conn.sees(c.uid) || conn.vpc.ID != t.network && conn.acceptingVpc.ID != t.network {
		return nil, newError(400, "ResourceNotFound.VpcPeer", fmt.Sprintf("The specified resource of %s is not found.", hopID))
	}
	if st := conn.status(c.now); st != statusActivated {
		return nil, errPeerStatus(conn.id, st)
	}
	if t.hasDestination(dest) {
		return nil, newError(400, "InvalidCIDRBlock.Duplicate", "Specified CIDR block is already exists.")
	}
	if t.customCount() >= maxCustomRoutes {
		return nil, newError(400, "QuotaExceeded", "Route entry quota exceeded in this route table.")
	}
	if dryRun {
		return nil, errDryRun()
	}
	e := &routeEntry{table: t, dest: dest.String(), hopType: hopType, hopID: hopID,
		name: p.get("RouteEntryName"), description: p.get("Description"), created: c.now}
	s.addRouteLocked(e)
	s.rememberLocked(c, e.id)
	return routeEntryIDResponse{RequestID: c.requestID, RouteEntryID: e.id}, nil
}

func (s *Service) deleteRouteEntry(c *call) (any, error) {
	p := c.params
	id, tableID, dest, hopID := p.get("RouteEntryId"), p.get("RouteTableId"), p.get("DestinationCidrBlock"), p.get("NextHopId")
	switch {
	case id != "" && (tableID != "" || dest != ""):
		return nil, newError(400, "ParamExclusive.RouteEntryIdAndRouteTableIdOrDestCidrBlock",
			"RouteEntryId and RouteTableId or DestinationCidrBlock cannot be specified at the same time.")
	case id == "" && (tableID == "" || dest == ""):
		return nil, errVPCMissing("RouteEntryId or RouteTableId and DestinationCidrBlock")
	}
	var want netip.Prefix
	if id == "" {
		var ok bool
		if want, ok = parseDestination(dest); !ok {
			return nil, newError(400, "InvalidCidrBlock.Malformed", "Specified CIDR block is not valid.")
		}
	}
	dryRun, err := boolParam(p, "DryRun")
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var e *routeEntry
	if id != "" {
		e = s.routes[id]
		if e == nil || e.table.ens || e.table.owner != c.uid || p.get("RegionId") != "" && p.get("RegionId") != e.table.region {
			return nil, newError(400, "InvalidRouteEntryId.NotFound", "Specified RouteEntryId does not exist.")
		}
	} else {
		t := s.vpcTableFor(c, tableID)
		if t == nil {
			return nil, errRouteTableNotFound()
		}
		for _, x := range t.entries {
			if q, ok := x.prefix(); ok && q.Masked() == want && (hopID == "" || x.hopID == hopID) {
				e = x
				break
			}
		}
		if e == nil {
			return nil, newError(400, "InvalidRouteEntry.NotFound", "Route entry not exists.")
		}
	}
	if e.system {
		return nil, newError(400, "OperationDenied", "Specified operation is denied as route entry type is system.")
	}
	if dryRun {
		return nil, errDryRun()
	}
	s.removeRouteLocked(e)
	return requestIDResponse{RequestID: c.requestID}, nil
}

// routesThroughLocked returns the routes whose next hop is the connection
// id, in either account's tables.
func (s *Service) routesThroughLocked(id string) []*routeEntry { return s.routesByHop[id] }

func containsFold(list []string, v string) bool {
	return slices.ContainsFunc(list, func(x string) bool { return strings.EqualFold(x, v) })
}
