package aliyun

import (
	"slices"
	"strconv"
	"time"

	"github.com/peeringkit/peering/emulator/fault"
)

// VpcPeer values.
const (
	linkGold     = "Gold" // the default
	linkPlatinum = "Platinum"

	bizNormal = "Normal"
	bizLocked = "FinancialLocked"

	unlimitedBandwidth   = -1   // the intra-region default
	interRegionBandwidth = 1024 // the inter-region default, Mbit/s
)

// vpcRefJSON is the Vpc and AcceptingVpc object.
type vpcRefJSON struct {
	VpcID     string   `json:"VpcId"`
	Ipv4Cidrs []string `json:"Ipv4Cidrs"`
	Ipv6Cidrs []string `json:"Ipv6Cidrs"`
}

type tagJSON struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// vpcPeerJSON is a connection in Get and List answers. OwnerId and
// AcceptingOwnerUid are int64 fields, which encoding/json writes as exact
// integers (strconv, never float64): UIDs exceed 2^53.
type vpcPeerJSON struct {
	InstanceID        string     `json:"InstanceId"`
	GmtCreate         string     `json:"GmtCreate"`
	GmtModified       string     `json:"GmtModified"`
	Name              string     `json:"Name"`
	Description       string     `json:"Description"`
	OwnerID           int64      `json:"OwnerId"`
	AcceptingOwnerUID int64      `json:"AcceptingOwnerUid"`
	RegionID          string     `json:"RegionId"`
	AcceptingRegionID string     `json:"AcceptingRegionId"`
	Bandwidth         int        `json:"Bandwidth"`
	Status            string     `json:"Status"`
	BizStatus         string     `json:"BizStatus"`
	GmtExpired        *string    `json:"GmtExpired"` // null unless Accepting or Expired
	ResourceGroupID   string     `json:"ResourceGroupId"`
	LinkType          string     `json:"LinkType"`
	Vpc               vpcRefJSON `json:"Vpc"`
	AcceptingVpc      vpcRefJSON `json:"AcceptingVpc"`
	Tags              []tagJSON  `json:"Tags"`
}

func vpcRef(v *VPC) vpcRefJSON {
	return vpcRefJSON{
		VpcID:     v.ID,
		Ipv4Cidrs: append([]string{}, v.IPv4CIDRs...),
		Ipv6Cidrs: append([]string{}, v.IPv6CIDRs...),
	}
}

func (c *vpcConn) toJSON(now time.Time) vpcPeerJSON {
	j := vpcPeerJSON{
		InstanceID: c.id, GmtCreate: formatTime(c.created), GmtModified: formatTime(c.modifiedAt(now)),
		Name: c.name, Description: c.description,
		OwnerID: c.owner, AcceptingOwnerUID: c.accepter,
		RegionID: c.vpc.RegionID, AcceptingRegionID: c.acceptingVpc.RegionID,
		Bandwidth: c.bandwidth, Status: c.status(now), BizStatus: c.bizStatus,
		ResourceGroupID: c.resourceGroup, LinkType: c.linkType,
		Vpc: vpcRef(c.vpc), AcceptingVpc: vpcRef(c.acceptingVpc),
		Tags: make([]tagJSON, len(c.tags)),
	}
	if t, ok := c.expiresAt(now); ok {
		s := formatTime(t)
		j.GmtExpired = &s
	}
	for i, t := range c.tags {
		j.Tags[i] = tagJSON(t)
	}
	return j
}

type requestIDResponse struct {
	RequestID string `json:"RequestId"`
}

type instanceIDResponse struct {
	RequestID  string `json:"RequestId"`
	InstanceID string `json:"InstanceId"`
}

type getVpcPeerResponse struct {
	RequestID string `json:"RequestId"`
	vpcPeerJSON
}

type listVpcPeersResponse struct {
	RequestID       string        `json:"RequestId"`
	TotalCount      *int          `json:"TotalCount,omitempty"` // nil only under the total-missing fault
	MaxResults      int           `json:"MaxResults"`
	NextToken       string        `json:"NextToken,omitempty"` // absent on the last page
	VpcPeerConnects []vpcPeerJSON `json:"VpcPeerConnects"`
}

// peerTimelineLocked is a new connection's life: same-account ones activate by
// themselves; cross-account ones wait for the accepter and expire after the
// acceptance window.
func (s *Service) peerTimelineLocked(now time.Time, crossAccount bool) timeline {
	if !crossAccount {
		return s.passLocked(now, []string{statusCreating, statusActivated}, s.timing.VpcPeerCreating)
	}
	return append(s.passLocked(now, []string{statusCreating, statusAccepting}, s.timing.VpcPeerCreating), step{at: now.Add(acceptWindow), status: statusExpired})
}

func (s *Service) createVpcPeer(c *call) (any, error) {
	p := c.params
	for _, name := range []string{"RegionId", "VpcId", "AcceptingAliUid", "AcceptingRegionId", "AcceptingVpcId"} {
		if p.get(name) == "" {
			return nil, errMissingParam(name)
		}
	}
	region, vpcID := p.get("RegionId"), p.get("VpcId")
	accRegion, accVpcID := p.get("AcceptingRegionId"), p.get("AcceptingVpcId")
	accUID, err := strconv.ParseInt(p.get("AcceptingAliUid"), 10, 64)
	if err != nil || accUID <= 0 {
		return nil, errIllegal("AcceptingAliUid", "it must be an account ID")
	}
	name, desc := p.get("Name"), p.get("Description")
	if name != "" {
		if err := checkName(name, true); err != nil {
			return nil, err
		}
	}
	if desc != "" {
		if err := checkDescription(desc, true); err != nil {
			return nil, err
		}
	}
	bw, bwSet, err := intParam(p, "Bandwidth", errIllegal)
	if err != nil {
		return nil, err
	}
	if bwSet && bw < 0 {
		return nil, errIllegal("Bandwidth", "the bandwidth must be an integer greater than 0")
	}
	linkType := p.get("LinkType")
	if linkType != "" && linkType != linkGold && linkType != linkPlatinum {
		return nil, errIllegal("LinkType", "the link type must be Platinum or Gold")
	}
	rg := p.get("ResourceGroupId")
	if rg != "" {
		if err := checkResourceGroup(rg); err != nil {
			return nil, err
		}
	}
	tp, err := tagParams(p, "Tag")
	if err != nil {
		return nil, err
	}
	tags, err := checkTags(tp)
	if err != nil {
		return nil, err
	}
	dryRun, err := boolParam(p, "DryRun")
	if err != nil {
		return nil, err
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.reapLocked(c.now)
	prior, replay, err := s.priorLocked(c)
	if err != nil {
		return nil, err
	}
	if replay {
		return instanceIDResponse{RequestID: c.requestID, InstanceID: prior.instanceID}, nil
	}
	vpc := s.vpcs[vpcID]
	if vpc == nil || vpc.OwnerUID != c.uid || vpc.RegionID != region {
		return nil, newError(400, "ResourceNotFound.VpcId", "The specified resource of "+vpcID+" is not found in "+region+".")
	}
	accVpc := s.vpcs[accVpcID]
	if accVpc == nil || accVpc.OwnerUID != accUID || accVpc.RegionID != accRegion {
		return nil, newError(400, "ResourceNotFound.AcceptingVpcId", "The specified resource of "+accVpcID+" is not found in "+accRegion+" for account "+strconv.FormatInt(accUID, 10)+".")
	}
	if accVpc == vpc {
		return nil, errIllegal("AcceptingVpcId", "the accepter VPC must differ from the requester VPC")
	}
	if held := s.pairPeerLocked(vpc, accVpc, c.now); held != nil {
		return nil, newError(400, "ResourceAlreadyExist.VpcPeer", "The specified resource of "+held.id+" already exists.")
	}
	crossRegion := region != accRegion
	bandwidth := unlimitedBandwidth
	if crossRegion {
		bandwidth = interRegionBandwidth
	}
	switch {
	case bwSet && !crossRegion && bw != 0:
		// A same-region 0 is accepted and ignored, as the live API does.
		return nil, errIllegal("Bandwidth", "the bandwidth of a connection within one region cannot be set")
	case bwSet && crossRegion && bw == 0:
		return nil, errIllegal("Bandwidth", "the bandwidth must be an integer greater than 0")
	case bwSet && crossRegion:
		bandwidth = int(bw)
	}
	if linkType != "" && linkType != linkGold && !crossRegion {
		return nil, errIllegal("LinkType", "the link type applies to inter-region connections only")
	}
	if linkType == "" {
		linkType = linkGold
	}
	if rg == "" {
		rg = s.accounts[c.uid].resourceGroup
	}
	if dryRun {
		return nil, errDryRun()
	}
	conn := &vpcConn{
		id: s.newInstanceIDLocked(peerIDLen), name: name, description: desc,
		owner: c.uid, accepter: accUID, vpc: vpc, acceptingVpc: accVpc,
		bandwidth: bandwidth, linkType: linkType, bizStatus: bizNormal, resourceGroup: rg,
		tags: tags, created: c.now, modified: c.now,
		timeline: s.peerTimelineLocked(c.now, c.uid != accUID),
	}
	s.addPeerLocked(conn)
	s.rememberLocked(c, conn.id)
	return instanceIDResponse{RequestID: c.requestID, InstanceID: conn.id}, nil
}

// pairReleased are the statuses in which a connection no longer holds its
// VPC pair: VpcPeer allows one connection per pair of VPCs, in either
// direction (ResourceAlreadyExist.VpcPeer), and a request that was refused,
// went unanswered, or whose deletion has completed never joined the two
// networks or no longer does. Every other status holds the pair, Deleting
// included: until the connection is gone, its routes may still be in place.
var pairReleased = []string{statusRejected, statusExpired, statusDeleted}

// pairPeerLocked returns the connection that holds the pair of VPCs a and b
// at now, or nil when the pair is free.
func (s *Service) pairPeerLocked(a, b *VPC, now time.Time) *vpcConn {
	// Every connection with a at one end is in the view of a kept for a's
	// owner in a's region, whichever end a is: no scan of the world.
	for _, c := range s.peerViews[viewKey{uid: a.OwnerUID, region: a.RegionID, network: a.ID}] {
		if (c.vpc.ID == b.ID || c.acceptingVpc.ID == b.ID) && !slices.Contains(pairReleased, c.status(now)) {
			return c
		}
	}
	return nil
}

// peerFor finds a connection the caller is an end of.
func (s *Service) peerFor(c *call) (*vpcConn, error) {
	id := c.params.get("InstanceId")
	if id == "" {
		return nil, errMissingParam("InstanceId")
	}
	conn := s.peers[id]
	if conn == nil || !conn.sees(c.uid) {
		return nil, errPeerNotFound(id)
	}
	return conn, nil
}

func (s *Service) getVpcPeer(c *call) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reapLocked(c.now)
	conn, err := s.peerFor(c)
	if err != nil {
		return nil, err
	}
	return getVpcPeerResponse{RequestID: c.requestID, vpcPeerJSON: conn.toJSON(c.now)}, nil
}

// answerVpcPeer is Accept and Reject: only the accepting account may answer,
// and only while the request awaits an answer.
func (s *Service) answerVpcPeer(c *call, accept bool) (any, error) {
	return s.writePeer(c, nil, func(conn *vpcConn) error {
		if conn.crossAccount() && c.uid != conn.accepter {
			return errNoPermission("only the accepting account can answer a peering request")
		}
		if st := conn.status(c.now); st != statusAccepting {
			return errPeerStatus(conn.id, st)
		}
		return conn.normalBusiness()
	}, func(conn *vpcConn) {
		if accept {
			conn.timeline = s.passLocked(c.now, []string{statusUpdating, statusActivated}, s.timing.VpcPeerUpdating)
		} else {
			conn.timeline = frozen(c.now, statusRejected)
		}
		conn.modified = c.now
	})
}

// replayed answers a call that repeats an earlier one's ClientToken: the
// earlier success again, or the mismatch error.
func replayed(c *call, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return requestIDResponse{RequestID: c.requestID}, nil
}

func (s *Service) acceptVpcPeer(c *call) (any, error) { return s.answerVpcPeer(c, true) }

func (s *Service) rejectVpcPeer(c *call) (any, error) { return s.answerVpcPeer(c, false) }

func (s *Service) modifyVpcPeer(c *call) (any, error) {
	p := c.params
	_, nameSet := p["Name"]
	_, descSet := p["Description"]
	var (
		bw       int64
		bwSet    bool
		linkType = p.get("LinkType")
	)
	parse := func() error {
		if nameSet {
			if err := checkName(p.get("Name"), false); err != nil {
				return err
			}
		}
		if descSet {
			if err := checkDescription(p.get("Description"), false); err != nil {
				return err
			}
		}
		var err error
		if bw, bwSet, err = intParam(p, "Bandwidth", errIllegal); err != nil {
			return err
		}
		if bwSet && bw <= 0 {
			return errIllegal("Bandwidth", "the bandwidth must be an integer greater than 0")
		}
		if linkType != "" && linkType != linkGold && linkType != linkPlatinum {
			return errIllegal("LinkType", "the link type must be Platinum or Gold")
		}
		return nil
	}
	return s.writePeer(c, parse, func(conn *vpcConn) error {
		if c.uid != conn.owner {
			return errNoPermission("only the requesting account can modify a peering connection")
		}
		if st := conn.status(c.now); st != statusActivated {
			return errPeerStatus(conn.id, st)
		}
		if err := conn.normalBusiness(); err != nil {
			return err
		}
		if bwSet && !conn.crossRegion() {
			return errIllegal("Bandwidth", "the bandwidth of a connection within one region cannot be set")
		}
		if linkType != "" && !conn.crossRegion() {
			return errIllegal("LinkType", "the link type applies to inter-region connections only")
		}
		return nil
	}, func(conn *vpcConn) {
		if !nameSet && !descSet && !bwSet && linkType == "" {
			return // nothing to change: no update runs
		}
		if nameSet {
			conn.name = p.get("Name")
		}
		if descSet {
			conn.description = p.get("Description")
		}
		if bwSet {
			conn.bandwidth = int(bw)
		}
		if linkType != "" {
			conn.linkType = linkType
		}
		conn.modified = c.now
		conn.timeline = s.passLocked(c.now, []string{statusUpdating, statusActivated}, s.timing.VpcPeerUpdating)
	})
}

// deletable are the statuses Delete accepts; the transient ones refuse it, as
// the cloud refuses concurrent operations on one connection.
var deletable = []string{statusActivated, statusAccepting, statusRejected, statusExpired}

func (s *Service) deleteVpcPeer(c *call) (any, error) {
	var force bool
	parse := func() (err error) {
		force, err = boolParam(c.params, "Force")
		return err
	}
	var through []*routeEntry
	return s.writePeer(c, parse, func(conn *vpcConn) error {
		if st := conn.status(c.now); !slices.Contains(deletable, st) {
			return errPeerStatus(conn.id, st)
		}
		// Routes that point at the connection refuse a plain delete; Force
		// removes them with it (the DeleteVpcPeerConnection document).
		through = s.routesThroughLocked(conn.id)
		if len(through) > 0 && !force {
			return newError(400, "OperationDenied.RouteEntryExist", "The operation is not allowed because of existing routeEntry point to VpcPeer.")
		}
		return nil
	}, func(conn *vpcConn) {
		for _, e := range slices.Clone(through) {
			s.removeRouteLocked(e)
		}
		conn.modified = c.now
		conn.timeline = s.passLocked(c.now, []string{statusDeleting, statusDeleted, gone}, s.timing.VpcPeerDeleting, s.timing.VpcPeerDeleted)
		s.markPeerDyingLocked(conn)
	})
}

// writePeer is the opening and the end that every write on one connection
// shares: InstanceId required, then the action's own parameters (parse,
// which may be nil), DryRun; under the lock, the world reaped, a replayed
// ClientToken answered as the first time, the connection looked up, the
// action's checks (check), the DryRun answer once they pass, the change
// (change), and the token remembered.
func (s *Service) writePeer(c *call, parse func() error, check func(*vpcConn) error, change func(*vpcConn)) (any, error) {
	if c.params.get("InstanceId") == "" {
		return nil, errMissingParam("InstanceId")
	}
	if parse != nil {
		if err := parse(); err != nil {
			return nil, err
		}
	}
	dryRun, err := boolParam(c.params, "DryRun")
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reapLocked(c.now)
	if _, replay, err := s.priorLocked(c); err != nil || replay {
		return replayed(c, err)
	}
	conn, err := s.peerFor(c)
	if err != nil {
		return nil, err
	}
	if err := check(conn); err != nil {
		return nil, err
	}
	if dryRun {
		return nil, errDryRun()
	}
	change(conn)
	s.rememberLocked(c, conn.id)
	return requestIDResponse{RequestID: c.requestID}, nil
}

// normalBusiness refuses a write on a connection whose business status is
// not Normal (a financially locked one).
func (conn *vpcConn) normalBusiness() error {
	if conn.bizStatus != bizNormal {
		return newError(400, "IncorrectBusinessStatus.VpcPeer", "The business status of "+conn.id+" ["+conn.bizStatus+"] is incorrect.")
	}
	return nil
}

// peerQuery is a parsed ListVpcPeerConnections request.
type peerQuery struct {
	region, instanceID, name, resourceGroup string
	vpcIDs                                  []string
	tags                                    []tagParam
	size                                    int
	scope                                   uint64 // what its NextTokens are bound to
	token                                   pageToken
	in                                      string // the NextToken as sent
}

func (s *Service) parsePeerQuery(c *call) (*peerQuery, error) {
	p := c.params
	q := &peerQuery{
		region: p.get("RegionId"), instanceID: p.get("InstanceId"),
		name: p.get("Name"), resourceGroup: p.get("ResourceGroupId"), in: p.get("NextToken"),
	}
	var err error
	if q.vpcIDs, err = listParam(p, "VpcId", errIllegal); err != nil {
		return nil, err
	}
	if len(q.vpcIDs) > 2 {
		return nil, errIllegal("VpcId", "at most two VPC IDs can be given")
	}
	if q.tags, err = tagParams(p, "Tags"); err != nil {
		return nil, err
	}
	for _, t := range q.tags {
		if t.Key == "" {
			return nil, newError(400, "InvalidTagKey", "The tag keys are not valid: a tag key cannot be empty.")
		}
	}
	size, err := rangeParam(p, "MaxResults", errIllegal, vpcPeerDefaultPage, 1, vpcPeerMaxPage, "the value must be from 1 to 100")
	if err != nil {
		return nil, err
	}
	q.size = int(size)
	parts := []string{c.action, strconv.FormatInt(c.uid, 10), q.region, q.instanceID, q.name, q.resourceGroup}
	parts = append(parts, q.vpcIDs...)
	for _, t := range q.tags {
		parts = append(parts, "tag", t.Key, strconv.FormatBool(t.hasValue), t.Value)
	}
	q.scope = scopeOf(parts...)
	if q.in != "" {
		if q.token, err = s.decodeToken(q.in, q.scope); err != nil {
			return nil, errIllegal("NextToken", "the token was not issued for this query")
		}
	}
	return q, nil
}

// candidatesLocked picks the smallest sorted index that covers the query and
// the filter for what the index does not settle.
func (s *Service) candidatesLocked(uid int64, q *peerQuery) ([]*vpcConn, func(*vpcConn) bool) {
	var all []*vpcConn
	var keep []func(*vpcConn) bool
	switch {
	case q.instanceID != "":
		if conn := s.peers[q.instanceID]; conn != nil && conn.visibleIn(uid, q.region) {
			all = []*vpcConn{conn}
		}
		if len(q.vpcIDs) > 0 {
			keep = append(keep, vpcFilter(q.vpcIDs))
		}
	case len(q.vpcIDs) > 0 && q.region != "":
		all = s.peerViews[viewKey{uid: uid, region: q.region, network: q.vpcIDs[0]}]
		if len(q.vpcIDs) == 2 {
			keep = append(keep, vpcFilter(q.vpcIDs))
		}
	default:
		all = s.peerViews[viewKey{uid: uid, region: q.region}]
		if len(q.vpcIDs) > 0 {
			keep = append(keep, vpcFilter(q.vpcIDs))
		}
	}
	if q.name != "" {
		keep = append(keep, func(x *vpcConn) bool { return x.name == q.name })
	}
	if q.resourceGroup != "" {
		keep = append(keep, func(x *vpcConn) bool { return x.resourceGroup == q.resourceGroup })
	}
	if len(q.tags) > 0 {
		keep = append(keep, func(x *vpcConn) bool { return hasTags(x.tags, q.tags) })
	}
	return all, allOf(keep)
}

func (s *Service) listVpcPeers(c *call) (any, error) {
	q, err := s.parsePeerQuery(c)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reapLocked(c.now)
	all, keep := s.candidatesLocked(c.uid, q)
	prov := vpcPeerProduct.provider
	tok := q.token
	size := s.faults.PageCap(prov, c.action, q.size)
	off := tok.offset
	items, total := page(all, keep, off, size)
	stateful := tok.echoIn > 0 || tok.cycleLen > 0

	// An item served again (repeat-later) takes the place of the page's
	// last fresh one, which the next page starts with; on the last page,
	// which has room, it is added.
	served := tok.echoIn > 0 && (tok.echoIn == 1 || off+size >= total)
	fresh := len(items)
	if served {
		fresh = min(fresh, size-1)
		items = items[:fresh]
		if again, _ := page(all, keep, tok.echoAt, 1); len(again) == 1 {
			items = append(items, again[0])
		}
	}
	nextTok := pageToken{offset: off + fresh, echoAt: tok.echoAt, echoIn: tok.echoIn - 1,
		cycleStart: tok.cycleStart, cycleLen: tok.cycleLen, cycleAt: tok.cycleAt}
	if served || tok.echoIn == 0 {
		nextTok.echoAt, nextTok.echoIn = 0, 0
	}
	more := off+fresh < total
	switch {
	case tok.cycleLen > 0 && (tok.cycleAt+1 >= tok.cycleLen || !more):
		nextTok.offset, nextTok.cycleAt, more = tok.cycleStart, 0, true
	case tok.cycleLen > 0:
		nextTok.cycleAt++
	case more && fresh > 0:
		if k, ok := s.faults.Cycle(prov, c.action); ok {
			nextTok.cycleStart, nextTok.cycleLen, nextTok.cycleAt = off, k, 1
			if k == 1 {
				nextTok.offset, nextTok.cycleAt = off, 0
			}
		}
	}
	if more && fresh > 0 && tok.echoIn == 0 && !served {
		if lag, ok := s.faults.Lag(prov, c.action); ok {
			nextTok.echoAt, nextTok.echoIn = off+s.faults.Pick(fresh), lag
		}
	}
	next := ""
	if more {
		next = s.encodeToken(nextTok, q.scope)
	}
	switch {
	case stateful || nextTok.echoIn > 0 || nextTok.cycleLen > 0:
		// A walk that a fault made stateful is spared the others.
	case tok.loop:
		next = q.in // a looping token answers with itself, forever
	case len(items) == 0:
	case s.faults.Fire(prov, c.action, fault.RepeatMarker):
		if q.in == "" {
			next = s.encodeToken(pageToken{loop: true}, q.scope)
		} else {
			next = q.in
		}
	case more && s.faults.Fire(prov, c.action, fault.EmptyPage):
		items = nil
		next = s.encodeToken(pageToken{offset: off}, q.scope)
	case more && s.faults.Fire(prov, c.action, fault.ShiftItems):
		s.shiftPeerLocked(items[len(items)-1], c.now)
	}
	resp := listVpcPeersResponse{
		RequestID: c.requestID, MaxResults: size, NextToken: next,
		VpcPeerConnects: make([]vpcPeerJSON, len(items)),
	}
	if n, ok := s.faults.Total(prov, c.action, total, size); ok {
		resp.TotalCount = &n
	}
	for i, x := range items {
		resp.VpcPeerConnects[i] = x.toJSON(c.now)
	}
	return resp, nil
}

// vpcFilter is List's VpcId filter: one ID matches either end; two match the
// connection between those two VPCs, in either direction (the API describes
// the filter as "by both ends' VPC IDs; with one, by one end").
func vpcFilter(ids []string) func(*vpcConn) bool {
	if len(ids) == 1 {
		return func(x *vpcConn) bool { return x.vpc.ID == ids[0] || x.acceptingVpc.ID == ids[0] }
	}
	return func(x *vpcConn) bool {
		return x.vpc.ID == ids[0] && x.acceptingVpc.ID == ids[1] || x.vpc.ID == ids[1] && x.acceptingVpc.ID == ids[0]
	}
}

// hasTags reports whether have includes every wanted tag; a wanted tag sent
// without a value matches any value of its key.
func hasTags(have []Tag, want []tagParam) bool {
	for _, w := range want {
		i := slices.IndexFunc(have, func(t Tag) bool { return t.Key == w.Key })
		if i < 0 || w.hasValue && have[i].Value != w.Value {
			return false
		}
	}
	return true
}

func allOf[T any](fs []func(T) bool) func(T) bool {
	switch len(fs) {
	case 0:
		return nil
	case 1:
		return fs[0]
	}
	return func(x T) bool {
		for _, f := range fs {
			if !f(x) {
				return false
			}
		}
		return true
	}
}

// shiftPeerLocked is the shift-items fault: a connection like model, as a
// concurrent create would make it, with an ID sorting just before model's so
// that model and everything after it move one position later.
func (s *Service) shiftPeerLocked(model *vpcConn, now time.Time) {
	id, ok := s.instanceIDBeforeLocked(model.id)
	if !ok {
		return
	}
	clone := *model
	clone.id = id
	clone.tags = slices.Clone(model.tags)
	clone.bizStatus = bizNormal
	clone.created, clone.modified = now, now
	clone.timeline = s.peerTimelineLocked(now, clone.crossAccount())
	s.addPeerLocked(&clone)
}
