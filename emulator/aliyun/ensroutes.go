package aliyun

import (
	"fmt"
	"slices"
)

// ENS route tables and routes (Ens 2017-11-10): DescribeEnsRouteTables finds
// a network's tables, DescribeEnsRouteEntryList lists a table's routes.

// Both route listings page as DescribeNetworkPeerConnections does:
// DescribeEnsRouteEntryList documents PageSize 10 to 100, default 10;
// DescribeEnsRouteTables documents no range, so the same is assumed.

// ensHopTypes are CreateEnsRouteEntry's next hop types as the
// DescribeEnsRouteEntryList document lists them.
var ensHopTypes = []string{"Instance", "HaVip", hopNetworkPeer}

type ensRouteTableJSON struct {
	CreationTime               string   `json:"CreationTime"`
	Status                     string   `json:"Status"`
	RouteTableID               string   `json:"RouteTableId"`
	NetworkID                  string   `json:"NetworkId"`
	EnsRegionID                string   `json:"EnsRegionId"`
	Type                       string   `json:"Type"`
	RouteTableName             string   `json:"RouteTableName"`
	AssociateType              string   `json:"AssociateType"`
	Description                string   `json:"Description"`
	IsDefaultGatewayRouteTable bool     `json:"IsDefaultGatewayRouteTable"`
	VSwitchIDs                 []string `json:"VSwitchIds"`
}

type describeEnsRouteTablesResponse struct {
	RequestID   string              `json:"RequestId"`
	PageNumber  int                 `json:"PageNumber"`
	TotalCount  int                 `json:"TotalCount"`
	PageSize    int                 `json:"PageSize"`
	RouteTables []ensRouteTableJSON `json:"RouteTables"`
}

type ensNextHopJSON struct {
	NextHopID   string `json:"NextHopId"`
	NextHopType string `json:"NextHopType"`
	NextHopName string `json:"NextHopName"`
}

type ensRouteJSON struct {
	Status               string           `json:"Status"`
	Type                 string           `json:"Type"`
	Description          string           `json:"Description"`
	RouteEntryName       string           `json:"RouteEntryName"`
	DestinationCidrBlock string           `json:"DestinationCidrBlock"`
	RouteEntryID         string           `json:"RouteEntryId"`
	RouteTableID         string           `json:"RouteTableId"`
	SourceCidrBlock      string           `json:"SourceCidrBlock"`
	CreationTime         string           `json:"CreationTime"`
	NextHops             []ensNextHopJSON `json:"NextHops"`
}

type describeEnsRoutesResponse struct {
	RequestID   string         `json:"RequestId"`
	PageNumber  int            `json:"PageNumber"`
	PageSize    int            `json:"PageSize"`
	TotalCount  int            `json:"TotalCount"`
	RouteEntrys []ensRouteJSON `json:"RouteEntrys"`
}

func (t *routeTable) ensJSON() ensRouteTableJSON {
	typ := routeCustom
	if t.system {
		typ = routeSystem
	}
	return ensRouteTableJSON{CreationTime: formatTime(t.created), Status: routeAvailable, RouteTableID: t.id,
		NetworkID: t.network, EnsRegionID: t.region, Type: typ, RouteTableName: t.name,
		AssociateType: "VSwitch", VSwitchIDs: []string{}}
}

func (e *routeEntry) ensJSON() ensRouteJSON {
	typ := routeCustom
	if e.system {
		typ = routeSystem
	}
	return ensRouteJSON{Status: routeAvailable, Type: typ, Description: e.description, RouteEntryName: e.name,
		DestinationCidrBlock: e.dest, RouteEntryID: e.id, RouteTableID: e.table.id, CreationTime: formatTime(e.created),
		NextHops: []ensNextHopJSON{{NextHopID: e.hopID, NextHopType: e.hopType}}}
}

// ensPage reads PageNumber and PageSize as ENS's listings take them:
// PageNumber from 1, PageSize 10 to 100, default 10.
func ensPage(p params) (number, size int64, err error) {
	if number, err = pageNumberParam(p, errInvalid); err != nil {
		return 0, 0, err
	}
	size, err = rangeParam(p, "PageSize", errInvalid, ensDefaultPage, ensDefaultPage, ensMaxPage, "the page size must be from 10 to 100")
	return number, size, err
}

// ensTableFor finds one of the caller's ENS route tables.
func (s *Service) ensTableFor(c *call, id string) *routeTable {
	t := s.tables[id]
	if t == nil || !t.ens || t.owner != c.uid {
		return nil
	}
	return t
}

func (s *Service) describeEnsRouteTables(c *call) (any, error) {
	p := c.params
	number, size, err := ensPage(p)
	if err != nil {
		return nil, err
	}
	regions, err := listParam(p, "EnsRegionIds", errInvalid)
	if err != nil {
		return nil, err
	}
	if r := p.get("EnsRegionId"); r != "" {
		regions = append(regions, r)
	}
	netID, tableID, name := p.get("NetworkId"), p.get("RouteTableId"), p.get("RouteTableName")
	s.mu.Lock()
	defer s.mu.Unlock()
	var all []*routeTable
	if netID != "" {
		all = s.tablesByNet[netID]
	} else {
		for _, n := range s.netList {
			all = append(all, s.tablesByNet[n.ID]...)
		}
	}
	var match []*routeTable
	for _, t := range all {
		if !t.ens || t.owner != c.uid || tableID != "" && t.id != tableID || name != "" && t.name != name ||
			len(regions) > 0 && !slices.Contains(regions, t.region) {
			continue
		}
		match = append(match, t)
	}
	items, total := page(match, nil, int((number-1)*size), int(size))
	resp := describeEnsRouteTablesResponse{RequestID: c.requestID, PageNumber: int(number), PageSize: int(size),
		TotalCount: total, RouteTables: make([]ensRouteTableJSON, len(items))}
	for i, t := range items {
		resp.RouteTables[i] = t.ensJSON()
	}
	return resp, nil
}

func (s *Service) describeEnsRouteEntries(c *call) (any, error) {
	p := c.params
	number, size, err := ensPage(p)
	if err != nil {
		return nil, err
	}
	typ := p.get("RouteEntryType")
	if typ != "" && typ != routeCustom && typ != routeSystem {
		return nil, errInvalid("RouteEntryType", "the type must be Custom or System")
	}
	tableID, id, dest, name, hopType, hopID := p.get("RouteTableId"), p.get("RouteEntryId"), p.get("DestinationCidrBlock"),
		p.get("RouteEntryName"), p.get("NextHopType"), p.get("NextHopId")
	s.mu.Lock()
	defer s.mu.Unlock()
	var all []*routeEntry
	if tableID != "" {
		t := s.ensTableFor(c, tableID)
		if t == nil {
			return nil, newError(400, "InvalidRouteTableId.NotFound", fmt.Sprintf("The route table %s does not exist.", tableID))
		}
		all = t.entries
	} else {
		for _, n := range s.netList {
			for _, t := range s.tablesByNet[n.ID] {
				if t.owner == c.uid {
					all = append(all, t.entries...)
				}
			}
		}
	}
	keep := func(e *routeEntry) bool {
		return (id == "" || e.id == id) && (dest == "" || e.dest == dest) && (name == "" || e.name == name) &&
			(hopType == "" || e.hopType == hopType) && (hopID == "" || e.hopID == hopID) &&
			(typ == "" || (typ == routeSystem) == e.system)
	}
	items, total := page(all, keep, int((number-1)*size), int(size))
	resp := describeEnsRoutesResponse{RequestID: c.requestID, PageNumber: int(number), PageSize: int(size),
		TotalCount: total, RouteEntrys: make([]ensRouteJSON, len(items))}
	for i, e := range items {
		resp.RouteEntrys[i] = e.ensJSON()
	}
	return resp, nil
}

func (s *Service) createEnsRouteEntry(c *call) (any, error) {
	p := c.params
	for _, name := range []string{"RouteTableId", "DestinationCidrBlock", "NextHopType", "NextHopId"} {
		if p.get(name) == "" {
			return nil, errMissing(name)
		}
	}
	dest, ok := parseDestination(p.get("DestinationCidrBlock"))
	if !ok {
		return nil, errInvalid("DestinationCidrBlock", "the CIDR block is not valid")
	}
	hopType, hopID := p.get("NextHopType"), p.get("NextHopId")
	if !slices.Contains(ensHopTypes, hopType) {
		return nil, errInvalid("NextHopType", "the next hop type must be Instance, HaVip or NetworkPeer")
	}
	if err := checkENSText(p, "RouteEntryName", 128); err != nil {
		return nil, err
	}
	if err := checkENSText(p, "Description", 256); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reapLocked(c.now)
	t := s.ensTableFor(c, p.get("RouteTableId"))
	if t == nil {
		return nil, newError(400, "InvalidRouteTableId.NotFound", fmt.Sprintf("The route table %s does not exist.", p.get("RouteTableId")))
	}
	if hopType != hopNetworkPeer {
		return nil, errInvalid("NextHopId", "the next hop "+hopID+" does not exist")
	}
	conn := s.enses[hopID]
	if conn == nil || conn.owner != c.uid || conn.network.ID != t.network && conn.peer.ID != t.network {
		return nil, errInvalid("NextHopId", "the network peer connection "+hopID+" does not exist or does not join "+t.network)
	}
	if st := conn.status(c.now); st != statusActivated {
		return nil, errENSStatus(conn.id, st)
	}
	if t.hasDestination(dest) {
		return nil, newError(400, "InvalidCIDRBlock.Duplicate", "Specified CIDR block is already exists.")
	}
	if t.customCount() >= maxCustomRoutes {
		return nil, newError(400, "QuotaExceeded", "Route entry quota exceeded in this route table.")
	}
	e := &routeEntry{table: t, dest: dest.String(), hopType: hopType, hopID: hopID,
		name: p.get("RouteEntryName"), description: p.get("Description"), created: c.now}
	s.addRouteLocked(e)
	return routeEntryIDResponse{RequestID: c.requestID, RouteEntryID: e.id}, nil
}

func (s *Service) deleteEnsRouteEntry(c *call) (any, error) {
	id := c.params.get("RouteEntryId")
	if id == "" {
		return nil, errMissing("RouteEntryId")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.routes[id]
	if e == nil || !e.table.ens || e.table.owner != c.uid {
		return nil, newError(400, "InvalidRouteEntryId.NotFound", fmt.Sprintf("The route entry %s does not exist.", id))
	}
	if e.system {
		return nil, newError(400, "OperationDenied", "Specified operation is denied as route entry type is system.")
	}
	s.removeRouteLocked(e)
	return requestIDResponse{RequestID: c.requestID}, nil
}
