package bce

import (
	"encoding/json"
	"hash/fnv"
	"net/http"
	"net/netip"
	"slices"
	"strings"
)

// Route tables: one per VPC, made with the VPC (the system route table the
// VPC documents describe), holding a system rule per block of the VPC and
// the custom rules added through POST /v1/route/rule.

// DefaultMaxRouteRules is the custom rules one table may hold, as the VPC
// route table FAQ gives it (50 entries per table).
const DefaultMaxRouteRules = 50

// Next-hop types, as bce-sdk-go services/vpc names them (NEXTHOP_TYPE_*),
// and the type of a table's system rules.
const (
	NexthopCustom      = "custom"      // a BCC instance
	NexthopVPN         = "vpn"         // a VPN gateway
	NexthopNAT         = "nat"         // a NAT gateway
	NexthopDCGateway   = "dcGateway"   // a dedicated-line gateway
	NexthopPeerConn    = "peerConn"    // a peering connection: nexthopId is its interface (qpif-…) on this VPC
	NexthopIPv6Gateway = "ipv6gateway" // an IPv6 gateway
	NexthopENIC        = "enic"        // an elastic network interface
	NexthopHAVIP       = "havip"       // a high-availability virtual IP
	// NexthopSystem is the type of the system rules, with nexthopId
	// SystemNexthopID (an assumption: the shape Baidu's BEC route table
	// documents show; the VPC documents have no example of one).
	NexthopSystem   = "system"
	SystemNexthopID = "local"
)

// nexthopTypes are the types a custom rule may have.
var nexthopTypes = []string{NexthopCustom, NexthopVPN, NexthopNAT, NexthopDCGateway, NexthopPeerConn, NexthopIPv6Gateway, NexthopENIC, NexthopHAVIP}

// RouteTable is a VPC's route table, for tests that inspect the world.
type RouteTable struct {
	ID    string
	VPCID string
	Rules []RouteRule // the system rules first, then the custom ones in the order they were made
}

// RouteRule is one rule of a route table.
type RouteRule struct {
	ID                 string
	SourceAddress      string
	DestinationAddress string
	NexthopID          string
	NexthopType        string
	Description        string
	System             bool // made with the VPC; cannot be deleted
}

// routeTable is a VPC's table as the service holds it.
type routeTable struct {
	id, vpc string
	rules   []*RouteRule
}

func (t *routeTable) custom() int {
	n := 0
	for _, r := range t.rules {
		if !r.System {
			n++
		}
	}
	return n
}

// derivedID makes an ID from a key with no random draw, so that making a
// VPC's table leaves every random stream (and so every other ID) as it
// was: prefix and 12 base-36 digits of the key's FNV-1a hash.
func derivedID(prefix, key string) string {
	h := fnv.New64a()
	_, _ = h.Write([]byte(key))
	x := h.Sum64()
	b := make([]byte, len(prefix), len(prefix)+12)
	copy(b, prefix)
	for range 12 {
		b = append(b, lowerAlnum[x%36])
		x /= 36
	}
	return string(b)
}

// putTableLocked makes the route table of a new VPC.
func (s *Service) putTableLocked(v *vpcRecord) {
	t := &routeTable{id: derivedID("rt-", v.ID), vpc: v.ID}
	for _, block := range []string{v.CIDR, v.IPv6CIDR} {
		if block == "" {
			continue
		}
		src := "0.0.0.0/0"
		if strings.Contains(block, ":") {
			src = "::/0"
		}
		r := &RouteRule{ID: derivedID("rr-", v.ID+"/"+block), SourceAddress: src, DestinationAddress: block,
			NexthopID: SystemNexthopID, NexthopType: NexthopSystem, Description: "default", System: true}
		t.rules = append(t.rules, r)
		s.ruleTable[r.ID] = t
	}
	s.tables[v.ID] = t
	s.tableIDs[t.id] = t
}

// RouteTable returns the route table of a VPC, false when there is no such
// VPC.
func (s *Service) RouteTable(vpcID string) (RouteTable, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tables[vpcID]
	if t == nil {
		return RouteTable{}, false
	}
	out := RouteTable{ID: t.id, VPCID: t.vpc, Rules: make([]RouteRule, len(t.rules))}
	for i, r := range t.rules {
		out.Rules[i] = *r
	}
	return out, true
}

// ownTable returns a table the caller may see: its VPC is the caller's, in
// the listener's region. Anything else is NoSuchObject.
func (s *Service) ownTable(c *call, t *routeTable, what string) (*routeTable, *vpcRecord, *apiError) {
	if t != nil {
		if v := s.vpcs[t.vpc]; v != nil && v.AccountID == c.account && v.Region == c.region {
			return t, v, nil
		}
	}
	return nil, nil, errorf(http.StatusNotFound, CodeNoSuchObject, "%s does not exist in region %s", what, c.region)
}

// tableOfQuery finds the table of GET /v1/route and GET /v1/route/rule:
// by routeTableId or by vpcId. both says whether the two may be given
// together (they must then name the same table).
func (s *Service) tableOfQuery(c *call, both bool) (*routeTable, *vpcRecord, *apiError) {
	tableID, vpcID := c.query.Get("routeTableId"), c.query.Get("vpcId")
	switch {
	case tableID == "" && vpcID == "":
		return nil, nil, badQuery("routeTableId or vpcId is required")
	case tableID != "" && vpcID != "" && !both:
		return nil, nil, badQuery("give routeTableId or vpcId, not both")
	case tableID != "":
		t, v, aerr := s.ownTable(c, s.tableIDs[tableID], "route table "+tableID)
		if aerr == nil && vpcID != "" && t.vpc != vpcID {
			return nil, nil, errorf(http.StatusNotFound, CodeNoSuchObject, "route table %s is not the table of vpc %s", tableID, vpcID)
		}
		return t, v, aerr
	}
	return s.ownTable(c, s.tables[vpcID], "vpc "+vpcID)
}

// getRouteTable answers GET /v1/route?vpcId=…|routeTableId=… in the shape
// bce-sdk-go's vpc.GetRouteTableDetail decodes: the table with all of its
// rules. Source: the VPC API document "查询路由表" and bce-sdk-go
// services/vpc route.go (both parameters optional, not both empty).
func (s *Service) getRouteTable(c *call) (any, error) {
	t, _, aerr := s.tableOfQuery(c, true)
	if aerr != nil {
		return nil, aerr
	}
	out := routeTableResult{RouteTableID: t.id, VPCID: t.vpc, RouteRules: make([]wireRouteRule, 0, len(t.rules))}
	for _, r := range t.rules {
		out.RouteRules = append(out.RouteRules, wireRule(t, r))
	}
	return out, nil
}

// listRouteRules answers GET /v1/route/rule (bce-sdk-go GetRouteRuleDetail;
// the document "查询路由规则", https://cloud.baidu.com/doc/VPC/s/Dl6xal44j):
// the rules of one table, by routeTableId or vpcId (one of the two), in
// rule ID order from marker (the ID the page starts at), maxKeys 1–1000,
// default 1000; nextMarker only when isTruncated.
func (s *Service) listRouteRules(c *call) (any, error) {
	t, _, aerr := s.tableOfQuery(c, false)
	if aerr != nil {
		return nil, aerr
	}
	maxKeys, err := maxKeysOf(c.query)
	if err != nil {
		return nil, err
	}
	rules := slices.Clone(t.rules)
	slices.SortFunc(rules, func(a, b *RouteRule) int { return strings.Compare(a.ID, b.ID) })
	marker := c.query.Get("marker")
	pos, _ := slices.BinarySearchFunc(rules, marker, func(r *RouteRule, m string) int { return strings.Compare(r.ID, m) })
	out := routeRuleListResult{Marker: marker, MaxKeys: maxKeys, RouteRules: []wireRouteRule{}}
	for ; pos < len(rules); pos++ {
		if len(out.RouteRules) == maxKeys {
			out.IsTruncated, out.NextMarker = true, rules[pos].ID
			break
		}
		out.RouteRules = append(out.RouteRules, wireRule(t, rules[pos]))
	}
	return out, nil
}

// createRouteRule answers POST /v1/route/rule?clientToken=… (bce-sdk-go
// CreateRouteRule; the document "创建路由规则",
// https://intl.cloud.baidu.com/en/doc/VPC/s/Ljwvyugpl-intl-en), by the
// document's rules: the source is 0.0.0.0/0 or inside the VPC; the
// destination does not overlap the VPC's block unless one of them is
// 0.0.0.0/0; no two rules of a table have the same source and
// destination. A peerConn next hop is the interface of a peering
// connection on this VPC (bce-sdk-go doc/VPC.md: "nexthopId需要传端口ID");
// other next hops are not modelled and any ID is taken. A table holds at
// most Config.MaxRouteRules custom rules.
func (s *Service) createRouteRule(c *call) (any, error) {
	var req createRouteRuleRequest
	if err := decodeBody(c.body, &req); err != nil {
		return nil, err
	}
	if req.RouteTableID == "" {
		return nil, badBody("routeTableId is required")
	}
	t, v, aerr := s.ownTable(c, s.tableIDs[req.RouteTableID], "route table "+req.RouteTableID)
	if aerr != nil {
		return nil, aerr
	}
	rule, aerr := s.checkRule(c, t, v, &req)
	if aerr != nil {
		return nil, aerr
	}
	rule.ID = s.newRuleID(s.routeRNG)
	s.addRule(t, rule)
	return createRouteRuleResult{RouteRuleID: rule.ID}, nil
}

// checkRule applies the create rules to a request and returns the rule.
func (s *Service) checkRule(c *call, t *routeTable, v *vpcRecord, req *createRouteRuleRequest) (*RouteRule, *apiError) {
	if len(req.NextHopList) > 0 {
		return nil, badBody("multi-path rules (nextHopList) are not emulated")
	}
	src, err := netip.ParsePrefix(req.SourceAddress)
	if err != nil {
		return nil, badBody("sourceAddress %q is not a CIDR block", req.SourceAddress)
	}
	dst, err := netip.ParsePrefix(req.DestinationAddress)
	if err != nil {
		return nil, badBody("destinationAddress %q is not a CIDR block", req.DestinationAddress)
	}
	if src.Addr().Is4() != dst.Addr().Is4() {
		return nil, badBody("sourceAddress %s and destinationAddress %s are of different IP versions", src, dst)
	}
	if dst != dst.Masked() || src != src.Masked() {
		return nil, badBody("a CIDR block must have no host bits set (%s, %s)", src, dst)
	}
	blocks := vpcBlocks(v)
	if src.Bits() != 0 && !slices.ContainsFunc(blocks, func(b netip.Prefix) bool { return b.Bits() <= src.Bits() && b.Contains(src.Addr()) }) {
		return nil, badBody("sourceAddress %s is neither 0.0.0.0/0 nor inside vpc %s", src, v.ID)
	}
	if dst.Bits() != 0 {
		for _, b := range blocks {
			if b.Bits() != 0 && b.Overlaps(dst) {
				return nil, errorf(http.StatusBadRequest, CodeRouteRuleDestinationOverlapsVpc,
					"destinationAddress %s overlaps the block %s of vpc %s", dst, b, v.ID)
			}
		}
	}
	for _, r := range t.rules {
		if r.SourceAddress == src.String() && r.DestinationAddress == dst.String() {
			return nil, errorf(http.StatusConflict, CodeRouteRuleAlreadyExists,
				"route table %s already has rule %s from %s to %s", t.id, r.ID, src, dst)
		}
	}
	if !slices.Contains(nexthopTypes, req.NexthopType) {
		return nil, badBody("nexthopType %q is not one of %s", req.NexthopType, strings.Join(nexthopTypes, ", "))
	}
	if req.NexthopID == "" {
		return nil, badBody("nexthopId is required for a %s rule", req.NexthopType)
	}
	if req.NexthopType == NexthopPeerConn && !s.peerInterface(v.ID, req.NexthopID, c) {
		return nil, badBody("nexthopId %s is not the interface of a peering connection of vpc %s", req.NexthopID, v.ID)
	}
	if t.custom() >= s.maxRouteRules {
		return nil, errorf(http.StatusBadRequest, CodeRouteRuleQuotaExceeded,
			"route table %s already has %d custom rules, the most it may hold", t.id, s.maxRouteRules)
	}
	return &RouteRule{SourceAddress: src.String(), DestinationAddress: dst.String(), NexthopID: req.NexthopID,
		NexthopType: req.NexthopType, Description: req.Description}, nil
}

// peerInterface reports whether ifID is the interface, on vpc, of a
// peering connection that still exists.
func (s *Service) peerInterface(vpc, ifID string, c *call) bool {
	x := s.byVPC[vpc]
	if x == nil {
		return false
	}
	x.settle()
	for _, id := range x.ids {
		pc := s.conns[id]
		if pc == nil || pc.status(c.now) == statusGone {
			continue
		}
		for i := range pc.ends {
			if pc.ends[i].vpc == vpc && pc.ends[i].ifID == ifID {
				return true
			}
		}
	}
	return false
}

// deleteRouteRule answers DELETE /v1/route/rule/{routeRuleId}?clientToken=…
// (bce-sdk-go DeleteRouteRule; the document "删除路由规则"): a custom rule of
// one of the caller's tables. The system rules cannot be deleted (the route
// table document: the local route "cannot be deleted by users").
func (s *Service) deleteRouteRule(c *call) (any, error) {
	t, _, aerr := s.ownTable(c, s.ruleTable[c.id], "route rule "+c.id)
	if aerr != nil {
		return nil, aerr
	}
	i := slices.IndexFunc(t.rules, func(r *RouteRule) bool { return r.ID == c.id })
	if t.rules[i].System {
		return nil, errorf(http.StatusBadRequest, CodeSystemRouteRuleNotDeletable, "route rule %s is a system rule of route table %s", c.id, t.id)
	}
	t.rules = slices.Delete(t.rules, i, i+1)
	delete(s.ruleTable, c.id)
	return nil, nil
}

func (s *Service) addRule(t *routeTable, r *RouteRule) {
	t.rules = append(t.rules, r)
	s.ruleTable[r.ID] = t
}

// vpcBlocks returns a VPC's blocks.
func vpcBlocks(v *vpcRecord) []netip.Prefix {
	var out []netip.Prefix
	for _, b := range []string{v.CIDR, v.IPv6CIDR} {
		if p, err := netip.ParsePrefix(b); err == nil {
			out = append(out, p.Masked())
		}
	}
	return out
}

// newRuleID returns an unused "rr-" ID.
func (s *Service) newRuleID(rng interface{ IntN(int) int }) string {
	for {
		var b strings.Builder
		b.WriteString("rr-")
		for range 12 {
			b.WriteByte(lowerAlnum[rng.IntN(len(lowerAlnum))])
		}
		if id := b.String(); s.ruleTable[id] == nil {
			return id
		}
	}
}

func wireRule(t *routeTable, r *RouteRule) wireRouteRule {
	return wireRouteRule{RouteRuleID: r.ID, RouteTableID: t.id, SourceAddress: r.SourceAddress, DestinationAddress: r.DestinationAddress,
		NexthopID: r.NexthopID, NexthopType: r.NexthopType, Description: r.Description}
}

// The route APIs' wire shapes, as bce-sdk-go services/vpc model.go has them.
type (
	wireRouteRule struct {
		RouteRuleID        string `json:"routeRuleId"`
		RouteTableID       string `json:"routeTableId"`
		SourceAddress      string `json:"sourceAddress"`
		DestinationAddress string `json:"destinationAddress"`
		NexthopID          string `json:"nexthopId"`
		NexthopType        string `json:"nexthopType"`
		Description        string `json:"description"`
	}
	routeTableResult struct {
		RouteTableID string          `json:"routeTableId"`
		VPCID        string          `json:"vpcId"`
		RouteRules   []wireRouteRule `json:"routeRules"`
	}
	routeRuleListResult struct {
		Marker      string          `json:"marker,omitempty"`
		IsTruncated bool            `json:"isTruncated"`
		NextMarker  string          `json:"nextMarker,omitempty"`
		MaxKeys     int             `json:"maxKeys"`
		RouteRules  []wireRouteRule `json:"routeRules"`
	}
	createRouteRuleRequest struct {
		RouteTableID       string            `json:"routeTableId"`
		SourceAddress      string            `json:"sourceAddress"`
		DestinationAddress string            `json:"destinationAddress"`
		NexthopID          string            `json:"nexthopId"`
		NexthopType        string            `json:"nexthopType"`
		Description        string            `json:"description"`
		IPVersion          json.RawMessage   `json:"ipVersion"` // a string in bce-sdk-go, a number in other clients: not checked
		NextHopList        []json.RawMessage `json:"nextHopList"`
	}
	createRouteRuleResult struct {
		RouteRuleID string `json:"routeRuleId"`
	}
)
