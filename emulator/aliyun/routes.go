package aliyun

import (
	"fmt"
	mrand "math/rand/v2"
	"net/netip"
	"slices"
	"strings"
	"time"
)

// Route tables: every VPC and every ENS network has a system route table,
// made with it, holding one system route per address block of the network
// (next hop type "local"; the emulator has no vSwitches, so a network's
// blocks stand for its vSwitches' CIDRs). Custom routes are added through
// CreateRouteEntry (VPC 2016-04-28) and CreateEnsRouteEntry (ENS), or by
// Generate.

// Route values.
const (
	routeSystem    = "System"
	routeCustom    = "Custom"
	routeAvailable = "Available"
	hopLocal       = "local"       // the next hop type of system routes (assumed)
	hopVpcPeer     = "VpcPeer"     // VPC: a VpcPeer connection
	hopNetworkPeer = "NetworkPeer" // ENS: a network peer connection

	// maxCustomRoutes is the custom routes a table holds (the
	// CreateRouteEntry document: "A route table can contain up to 200
	// custom route entries").
	maxCustomRoutes = 200

	routeIDLen = 21 // "vtb-" / "rte-" / "vrt-" + 21 lowercase letters and digits
)

// cloudServiceBlock is the VPC's reserved block for cloud services: a custom
// route may not be it or inside it (CreateRouteEntry document).
var cloudServiceBlock = netip.MustParsePrefix("100.64.0.0/10")

// routeTable is one route table of a VPC or ENS network.
type routeTable struct {
	id       string
	routerID string // the VPC's vRouter; "" for ENS
	ens      bool
	owner    int64
	region   string // the VPC's region or the network's ENS node
	network  string
	name     string
	system   bool
	created  time.Time
	entries  []*routeEntry // system routes first, then custom ones in creation order
}

// routeEntry is one route.
type routeEntry struct {
	id                string
	table             *routeTable
	dest              string // as stored: a CIDR, or, for a seeded odd record, anything
	hopType, hopID    string
	name, description string
	system            bool
	created           time.Time
}

func (e *routeEntry) prefix() (netip.Prefix, bool) {
	p, err := netip.ParsePrefix(e.dest)
	return p, err == nil
}

// RouteTable is a route table as the emulator holds it, for tests.
type RouteTable struct {
	ID, NetworkID, RegionID string // RegionID: the VPC's region or the network's ENS node
	OwnerUID                int64
	ENS, System             bool
	Routes                  []RouteEntry
}

// RouteEntry is a route as the emulator holds it, for tests.
type RouteEntry struct {
	ID, Destination, NextHopType, NextHopID, Name, Description string
	System                                                     bool
}

// newRouteIDLocked returns an unused table, entry or router ID with the
// given prefix ("vtb-", "rte-", "vrt-"). It draws from the route source
// only, so that adding route tables changes no other generated ID.
func (s *Service) newRouteIDLocked(prefix string) string {
	for {
		id := prefix + pick(s.routeRNG, lowerAlnum, routeIDLen)
		if s.tables[id] == nil && s.routes[id] == nil {
			return id
		}
	}
}

// addSystemTableLocked gives a new VPC or network its system route table.
func (s *Service) addSystemTableLocked(owner int64, region, network string, ens bool, blocks []string, at time.Time) {
	t := &routeTable{id: s.newRouteIDLocked("vtb-"), ens: ens, owner: owner, region: region,
		network: network, system: true, created: at}
	if !ens {
		t.routerID = s.newRouteIDLocked("vrt-")
	}
	s.tables[t.id] = t
	s.tablesByNet[network] = append(s.tablesByNet[network], t)
	for _, b := range blocks {
		s.addRouteLocked(&routeEntry{table: t, dest: b, hopType: hopLocal, system: true, created: at})
	}
}

// addRouteLocked puts a route into its table and the indexes.
func (s *Service) addRouteLocked(e *routeEntry) {
	if e.id == "" {
		e.id = s.newRouteIDLocked("rte-")
	}
	e.table.entries = append(e.table.entries, e)
	s.routes[e.id] = e
	if e.hopID != "" {
		s.routesByHop[e.hopID] = append(s.routesByHop[e.hopID], e)
	}
}

// removeRouteLocked takes a route out of its table and the indexes.
func (s *Service) removeRouteLocked(e *routeEntry) {
	e.table.entries = slices.DeleteFunc(e.table.entries, func(x *routeEntry) bool { return x == e })
	delete(s.routes, e.id)
	if e.hopID != "" {
		rest := slices.DeleteFunc(s.routesByHop[e.hopID], func(x *routeEntry) bool { return x == e })
		if len(rest) == 0 {
			delete(s.routesByHop, e.hopID)
		} else {
			s.routesByHop[e.hopID] = rest
		}
	}
}

// customCount is how many custom routes a table holds.
func (t *routeTable) customCount() int {
	n := 0
	for _, e := range t.entries {
		if !e.system {
			n++
		}
	}
	return n
}

// hasDestination reports whether a route of the table already has the
// destination p: a destination may not repeat in a table.
func (t *routeTable) hasDestination(p netip.Prefix) bool {
	for _, e := range t.entries {
		if q, ok := e.prefix(); ok && q.Masked() == p.Masked() {
			return true
		}
	}
	return false
}

// RouteTables returns the route tables of a VPC or ENS network with their
// routes, system table first.
func (s *Service) RouteTables(networkID string) []RouteTable {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []RouteTable
	for _, t := range s.tablesByNet[networkID] {
		rt := RouteTable{ID: t.id, NetworkID: t.network, RegionID: t.region, OwnerUID: t.owner, ENS: t.ens, System: t.system}
		for _, e := range t.entries {
			rt.Routes = append(rt.Routes, RouteEntry{ID: e.id, Destination: e.dest, NextHopType: e.hopType,
				NextHopID: e.hopID, Name: e.name, Description: e.description, System: e.system})
		}
		out = append(out, rt)
	}
	return out
}

// AddRoute adds a custom route to a table directly, with no API rule
// applied (a destination that repeats, a next hop that does not exist, a
// destination that is no CIDR): tests and estates use it to set up what
// the API would refuse or what only the cloud's other APIs make. It
// returns the route's ID.
func (s *Service) AddRoute(tableID, destination, nextHopType, nextHopID string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tables[tableID]
	if t == nil {
		return "", fmt.Errorf("aliyun: adding a route: no route table %s", tableID)
	}
	e := &routeEntry{table: t, dest: destination, hopType: nextHopType, hopID: nextHopID, created: s.clock.Now()}
	s.addRouteLocked(e)
	return e.id, nil
}

// systemTableLocked returns a network's system table.
func (s *Service) systemTableLocked(network string) *routeTable {
	for _, t := range s.tablesByNet[network] {
		if t.system {
			return t
		}
	}
	return nil
}

// routeParams are the checks CreateRouteEntry and CreateEnsRouteEntry share.
// parseDestination reads a destination as the documents say: a bare
// address is a host route (/32 or /128).
func parseDestination(v string) (netip.Prefix, bool) {
	if !strings.Contains(v, "/") {
		a, err := netip.ParseAddr(v)
		if err != nil {
			return netip.Prefix{}, false
		}
		return netip.PrefixFrom(a, a.BitLen()), true
	}
	p, err := netip.ParsePrefix(v)
	if err != nil {
		return netip.Prefix{}, false
	}
	return p.Masked(), true
}

// routeSeed is the stream the route source draws from, apart from the
// connection and estate sources, so that route tables change none of their
// draws.
const routeSeed = 0x72747273

func newRouteRNG(seed uint64) *mrand.Rand { return mrand.New(mrand.NewPCG(seed, routeSeed)) }
