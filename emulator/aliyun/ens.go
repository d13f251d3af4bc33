package aliyun

import (
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/peeringkit/peering/emulator/fault"
)

// ENS network peer connections (Ens 2017-11-10). Both networks of a
// connection belong to the caller; there is no acceptance step.

type networkRefJSON struct {
	NetworkID string   `json:"NetworkId"`
	Ipv4Cidrs []string `json:"Ipv4Cidrs"`
}

// ensJSON is one item of DescribeNetworkPeerConnections. Its scalars are all
// strings, and IDs never carry the trailing newline of the documents'
// example.
type ensJSON struct {
	InstanceID         string         `json:"InstanceId"`
	CreationTime       string         `json:"CreationTime"`
	Name               string         `json:"Name"`
	Description        string         `json:"Description"`
	EnsRegionID        string         `json:"EnsRegionId"`
	Status             string         `json:"Status"`
	NetworkID          string         `json:"NetworkId"`
	AcceptingNetworkID string         `json:"AcceptingNetworkId"`
	Network            networkRefJSON `json:"Network"`
	AcceptingNetwork   networkRefJSON `json:"AcceptingNetwork"`
}

// describeENSResponse has its page fields as strings, as ENS sends them.
type describeENSResponse struct {
	RequestID           string    `json:"RequestId"`
	PageNumber          string    `json:"PageNumber"`
	PageSize            string    `json:"PageSize"`
	TotalCount          string    `json:"TotalCount,omitempty"` // "" only under the total-missing fault
	NetworkPeerConnects []ensJSON `json:"NetworkPeerConnects"`
}

func networkRef(n *Network) networkRefJSON {
	return networkRefJSON{NetworkID: n.ID, Ipv4Cidrs: append([]string{}, n.IPv4CIDRs...)}
}

func (c *ensConn) toJSON(now time.Time) ensJSON {
	return ensJSON{
		InstanceID: c.id, CreationTime: formatTime(c.created), Name: c.name, Description: c.description,
		EnsRegionID: c.region(), Status: c.status(now),
		NetworkID: c.network.ID, AcceptingNetworkID: c.peer.ID,
		Network: networkRef(c.network), AcceptingNetwork: networkRef(c.peer),
	}
}

func (s *Service) describeENS(c *call) (any, error) {
	p := c.params
	instanceID, region, name := p.get("InstanceId"), p.get("EnsRegionId"), p.get("Name")
	networks, err := listParam(p, "NetworkIds", errInvalid)
	if err != nil {
		return nil, err
	}
	number, size, err := ensPage(p)
	if err != nil {
		return nil, err
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.reapLocked(c.now)
	all, keep := s.ensCandidatesLocked(c.uid, instanceID, region, name, networks)
	prov := ensProduct.provider
	// A walk's fault state belongs to the query, page size included; a
	// walk that starts again at page 1 starts clean.
	scope := scopeOf(append([]string{c.action, strconv.FormatInt(c.uid, 10), instanceID, region, name, strconv.FormatInt(size, 10)}, networks...)...)
	if number == 1 {
		delete(s.ensWalks, scope)
	}
	w := s.ensWalks[scope]
	per := int64(s.faults.PageCap(prov, c.action, int(size)))
	items, total, more := w.page(all, keep, number, per)
	fresh := len(items)
	if w.echoPage > 0 && w.at(number) == w.echoPage {
		if again, _ := page(all, keep, w.echoAt, 1); len(again) == 1 {
			items = append(items, again[0])
		}
	}
	off := int((w.at(number) - 1) * per)
	if more && fresh == int(per) && w.cycleLen == 0 {
		// Every page of the cycle is full, so a client that reads on
		// while pages come back full reads for ever.
		if k, ok := s.faults.Cycle(prov, c.action); ok {
			w.cycleStart, w.cycleLen = number, min(int64(k), int64((total-off)/int(per)))
		}
	}
	w.served = max(w.served, w.at(number))
	// The echo goes on a page no request has been served yet: pages after
	// it start one item earlier, and a client that fetched a later page
	// before the echo was placed would otherwise miss the item between.
	if last := (int64(total) + per - 1) / per; more && fresh > 0 && w.echoPage == 0 && w.served < last {
		if lag, ok := s.faults.Lag(prov, c.action); ok {
			w.echoAt, w.echoPage = off+s.faults.Pick(fresh), min(max(w.at(number)+int64(lag), w.served+1), last)
			w.shift = w.echoPage*per <= int64(total) // the echo takes a fresh item's place
		}
	}
	if w.active() || w.served > 1 {
		if s.ensWalks == nil || len(s.ensWalks) >= maxENSWalks {
			s.ensWalks = make(map[uint64]ensWalk) // forget old walks rather than grow without end
		}
		s.ensWalks[scope] = w
	}
	switch {
	case !more || w.active():
	case s.faults.Fire(prov, c.action, fault.EmptyPage):
		items = nil // TotalCount stays: only a client that trusts it reads on
	case s.faults.Fire(prov, c.action, fault.ShiftItems):
		s.shiftENSLocked(items[len(items)-1], c.now)
	}
	resp := describeENSResponse{
		RequestID:  c.requestID,
		PageNumber: strconv.FormatInt(number, 10), PageSize: strconv.FormatInt(per, 10),
		NetworkPeerConnects: make([]ensJSON, len(items)),
	}
	if n, ok := s.faults.Total(prov, c.action, total, int(per)); ok {
		resp.TotalCount = strconv.Itoa(n)
	}
	for i, x := range items {
		resp.NetworkPeerConnects[i] = x.toJSON(c.now)
	}
	return resp, nil
}

// maxENSWalks bounds the queries whose fault state is kept.
const maxENSWalks = 1 << 16

// ensWalk is the state pagination faults give an ENS walk. Page numbers
// cannot carry it, so the service keeps it per query.
type ensWalk struct {
	// repeat-later: the item at echoAt is served again on page echoPage
	// (0: none); shift says it took a fresh item's place there, so that
	// every later page starts one item earlier and nothing is lost.
	echoAt   int
	echoPage int64
	shift    bool
	// cycle-tokens: from page cycleStart on, the content of its cycleLen
	// pages comes again and again (0: none).
	cycleStart, cycleLen int64
	// served is the furthest page whose content the walk has served.
	served int64
}

func (w ensWalk) active() bool { return w.echoPage > 0 || w.cycleLen > 0 }

// at maps a page number to the page whose content it serves.
func (w ensWalk) at(number int64) int64 {
	if w.cycleLen > 0 && number >= w.cycleStart {
		return w.cycleStart + (number-w.cycleStart)%w.cycleLen
	}
	return number
}

// page returns the fresh items of a page in pages of per, the total, and
// whether items come after them.
func (w ensWalk) page(all []*ensConn, keep func(*ensConn) bool, number, per int64) ([]*ensConn, int, bool) {
	q := w.at(number)
	off, n := (q-1)*per, per
	switch {
	case w.shift && q > w.echoPage && w.echoPage > 0:
		off--
	case w.shift && q == w.echoPage:
		n--
	}
	items, total := page(all, keep, int(off), int(n))
	return items, total, int(off)+len(items) < total
}

// ensCandidatesLocked picks the smallest sorted index that covers a Describe
// and the filter for what the index does not settle.
func (s *Service) ensCandidatesLocked(uid int64, instanceID, region, name string, networks []string) ([]*ensConn, func(*ensConn) bool) {
	var all []*ensConn
	var keep []func(*ensConn) bool
	switch {
	case instanceID != "":
		if conn := s.enses[instanceID]; conn != nil && conn.owner == uid {
			all = []*ensConn{conn}
		}
		if len(networks) > 0 {
			keep = append(keep, func(x *ensConn) bool {
				return slices.Contains(networks, x.network.ID) || slices.Contains(networks, x.peer.ID)
			})
		}
	case len(networks) > 0:
		all = s.ensTouchingLocked(uid, networks)
	default:
		all = s.ensViews[viewKey{uid: uid, region: region}]
		region = "" // the view already filters by it
	}
	if region != "" {
		keep = append(keep, func(x *ensConn) bool { return x.region() == region })
	}
	if name != "" {
		keep = append(keep, func(x *ensConn) bool { return x.name == name })
	}
	return all, allOf(keep)
}

// ensTouchingLocked returns, sorted, the caller's connections with either end
// in one of the networks (several networks: any of them).
func (s *Service) ensTouchingLocked(uid int64, networks []string) []*ensConn {
	if len(networks) == 1 {
		return s.ensViews[viewKey{uid: uid, network: networks[0]}]
	}
	var out []*ensConn
	for _, n := range networks {
		out = append(out, s.ensViews[viewKey{uid: uid, network: n}]...)
	}
	slices.SortFunc(out, cmpID[*ensConn])
	return slices.Compact(out)
}

// shiftENSLocked is the shift-items fault for ENS: like shiftPeerLocked. The
// new connection joins the same two networks as its model, which an API
// create would refuse: it stands for a concurrent change, not a create.
func (s *Service) shiftENSLocked(model *ensConn, now time.Time) {
	id, ok := s.instanceIDBeforeLocked(model.id)
	if !ok {
		return
	}
	clone := *model
	clone.id = id
	clone.created = now
	clone.timeline = s.passLocked(now, []string{statusCreating, statusActivated}, s.timing.ENSCreating)
	s.enses[clone.id] = &clone
	s.ensViews.add(&clone) // the pair index keeps pointing at the model
}

func checkENSText(p params, name string, maxLen int) error {
	v, set := p[name]
	if !set {
		return nil
	}
	if n := utf8.RuneCountInString(v); n < 1 || n > maxLen {
		return errInvalid(name, "the value must be 1 to "+strconv.Itoa(maxLen)+" characters long")
	}
	return nil
}

func (s *Service) createENS(c *call) (any, error) {
	p := c.params
	netID, accID := p.get("NetworkId"), p.get("AcceptingNetworkId")
	if netID == "" {
		return nil, errMissing("NetworkId")
	}
	if accID == "" {
		return nil, errMissing("AcceptingNetworkId")
	}
	if err := checkENSText(p, "Name", 128); err != nil {
		return nil, err
	}
	if err := checkENSText(p, "Description", 256); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reapLocked(c.now)
	network, peer := s.networks[netID], s.networks[accID]
	if network == nil || network.OwnerUID != c.uid {
		return nil, errInvalid("NetworkId", "network "+netID+" does not exist")
	}
	if peer == nil || peer.OwnerUID != c.uid {
		return nil, errInvalid("AcceptingNetworkId", "network "+accID+" does not exist")
	}
	if peer == network {
		return nil, errInvalid("AcceptingNetworkId", "the accepting network must differ from the requesting one")
	}
	if existing := s.ensByPair[pairKey(netID, accID)]; existing != nil {
		return nil, newError(400, "OperationDenied.NetworkPeerConnectionExists",
			"A network peer connection between "+netID+" and "+accID+" already exists: "+existing.id+".")
	}
	conn := &ensConn{
		id: s.newInstanceIDLocked(ensIDLen), name: p.get("Name"), description: p.get("Description"),
		owner: c.uid, network: network, peer: peer, created: c.now,
		timeline: s.passLocked(c.now, []string{statusCreating, statusActivated}, s.timing.ENSCreating),
	}
	s.addENSLocked(conn)
	return instanceIDResponse{RequestID: c.requestID, InstanceID: conn.id}, nil
}

// ensFor finds one of the caller's connections.
func (s *Service) ensFor(c *call) (*ensConn, error) {
	id := c.params.get("InstanceId")
	if id == "" {
		return nil, errMissing("InstanceId")
	}
	conn := s.enses[id]
	if conn == nil || conn.owner != c.uid {
		return nil, errENSNotFound(id)
	}
	return conn, nil
}

func (s *Service) modifyENS(c *call) (any, error) {
	p := c.params
	if err := checkENSText(p, "Name", 128); err != nil {
		return nil, err
	}
	if err := checkENSText(p, "Description", 256); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reapLocked(c.now)
	conn, err := s.ensFor(c)
	if err != nil {
		return nil, err
	}
	if st := conn.status(c.now); st != statusActivated {
		return nil, errENSStatus(conn.id, st)
	}
	if v, ok := p["Name"]; ok {
		conn.name = v
	}
	if v, ok := p["Description"]; ok {
		conn.description = v
	}
	return requestIDResponse{RequestID: c.requestID}, nil
}

func (s *Service) deleteENS(c *call) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reapLocked(c.now)
	conn, err := s.ensFor(c)
	if err != nil {
		return nil, err
	}
	if st := conn.status(c.now); st != statusActivated {
		return nil, errENSStatus(conn.id, st)
	}
	conn.timeline = s.passLocked(c.now, []string{statusDeleting, gone}, s.timing.ENSDeleting)
	s.markENSDyingLocked(conn)
	return requestIDResponse{RequestID: c.requestID}, nil
}
