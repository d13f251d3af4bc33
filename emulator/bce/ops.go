package bce

import (
	"net/http"
	"time"
)

// create makes a connection (POST /v1/peerconn). Same-account connections
// are accepted on the peer's behalf: creating, then active. Cross-account
// ones wait for the acceptor: creating, then consulting for ConsultWindow.
func (s *Service) create(c *call) (any, error) {
	var req createRequest
	if err := decodeBody(c.body, &req); err != nil {
		return nil, err
	}
	months, aerr := checkCreateBody(&req, c.region)
	if aerr != nil {
		return nil, aerr
	}
	local, peer, aerr := s.resolveCreate(c, &req)
	if aerr != nil {
		return nil, aerr
	}
	now := c.now
	pc := &conn{
		id: s.newConnID(s.rng),
		ends: [2]end{
			{account: c.account, vpc: local.ID, region: local.Region, ifID: newIfID(s.rng), ifName: req.LocalIfName,
				description: req.Description, dns: from(now, DNSClose)},
			{account: peer.AccountID, vpc: peer.ID, region: peer.Region, ifID: newIfID(s.rng), ifName: req.PeerIfName,
				description: req.Description, dns: from(now, DNSClose)},
		},
		bandwidth:     *req.BandwidthInMbps,
		created:       now.Truncate(time.Second), // the API shows whole seconds
		deleteProtect: req.DeleteProtect,
		resourceGroup: req.ResourceGroupID,
		quota:         true,
	}
	for _, t := range req.Tags {
		pc.tags = append(pc.tags, Tag{Key: t.TagKey, Value: t.TagValue})
	}
	if months > 0 {
		pc.prepaid = true
		pc.expires = addMonths(pc.created, months)
	}
	next := StatusActive
	if pc.crossAccount() {
		pc.consultBy = now.Add(ConsultWindow)
		next = StatusConsulting
	}
	pc.tl = from(now, StatusCreating, after(now, s.lasts(s.timing.Creating), next))
	s.addConn(pc, false)
	return createResult{PeerConnID: pc.id}, nil
}

// get returns one connection (GET /v1/peerconn/{id}) from the end role
// names, which the caller must own. Without role, a connection whose two
// ends are both in this region is shown from either end, drawn from the
// service's seeded generator as the documents say ("at random"; the
// other account's end too, for a connection across accounts), and any
// other from the caller's end here.
func (s *Service) get(c *call) (any, error) {
	pc, i, aerr := s.visible(c)
	if aerr != nil {
		return nil, aerr
	}
	role, named, aerr := parseRole(c.query.Get("role"))
	if aerr != nil {
		return nil, aerr
	}
	switch {
	case named:
		if aerr := ownEnd(pc, role, c); aerr != nil {
			return nil, aerr
		}
		i = role
	case pc.ends[initiator].region == c.region && pc.ends[acceptor].region == c.region:
		i = s.rng.IntN(2)
	}
	return pc.view(i, c.account, c.now), nil
}

// update renames the caller's interface and changes its remark (PUT with no
// flag). localIfId names the end; absent fields are left as they are.
func (s *Service) update(c *call) (any, error) {
	var req updateRequest
	if err := decodeBody(c.body, &req); err != nil {
		return nil, err
	}
	if req.LocalIfID == "" {
		return nil, badBody("localIfId is required")
	}
	pc, _, aerr := s.visible(c)
	if aerr != nil {
		return nil, aerr
	}
	i := -1
	for k := range pc.ends {
		if pc.ends[k].ifID == req.LocalIfID {
			i = k
		}
	}
	if i < 0 {
		return nil, badBody("localIfId %s is not an interface of peering connection %s", req.LocalIfID, pc.id)
	}
	if aerr := ownEnd(pc, i, c); aerr != nil {
		return nil, aerr
	}
	if aerr := requireStatus(pc, c.now, "update", StatusActive, StatusConsulting); aerr != nil {
		return nil, aerr
	}
	if req.Description != nil {
		pc.ends[i].description = *req.Description
	}
	if req.LocalIfName != nil {
		pc.ends[i].ifName = *req.LocalIfName
	}
	s.passThroughUpdating(pc, c.now)
	return nil, nil
}

// passThroughUpdating shows updating for a drawn Timing.Updating, then the status the
// connection had.
func (s *Service) passThroughUpdating(pc *conn, now time.Time) {
	prev := pc.status(now)
	pc.tl = from(now, StatusUpdating, after(now, s.lasts(s.timing.Updating), prev))
}

// accept answers a cross-account request (PUT ?accept): only the acceptor,
// only while consulting; starting, then active.
func (s *Service) accept(c *call) (any, error) {
	pc, aerr := s.answerable(c, "accept")
	if aerr != nil {
		return nil, aerr
	}
	pc.consultBy = time.Time{}
	pc.transition(c.now, step{c.now, StatusStarting}, after(c.now, s.lasts(s.timing.Starting), StatusActive))
	return nil, nil
}

// reject refuses a cross-account request (PUT ?reject): consult_failed.
func (s *Service) reject(c *call) (any, error) {
	pc, aerr := s.answerable(c, "reject")
	if aerr != nil {
		return nil, aerr
	}
	pc.consultBy = time.Time{}
	pc.transition(c.now, step{c.now, StatusConsultFailed})
	return nil, nil
}

// answerable checks that the caller may accept or reject the connection.
func (s *Service) answerable(c *call, action string) (*conn, *apiError) {
	pc, _, aerr := s.visible(c)
	if aerr != nil {
		return nil, aerr
	}
	if pc.crossAccount() && c.account != pc.ends[acceptor].account {
		return nil, accessDenied("only the acceptor may %s peering connection %s", action, pc.id)
	}
	if aerr := requireStatus(pc, c.now, action, StatusConsulting); aerr != nil {
		return nil, aerr
	}
	return pc, nil
}

// resize changes the bandwidth (PUT ?resize): the initiator only; prepaid
// connections only upwards; updating, then the previous status.
func (s *Service) resize(c *call) (any, error) {
	var req resizeRequest
	if err := decodeBody(c.body, &req); err != nil {
		return nil, err
	}
	switch {
	case req.NewBandwidthInMbps == nil:
		return nil, badBody("newBandwidthInMbps is required")
	case *req.NewBandwidthInMbps <= 0:
		return nil, badBody("newBandwidthInMbps must be a positive number of Mbps, not %d", *req.NewBandwidthInMbps)
	}
	pc, _, aerr := s.visible(c)
	if aerr != nil {
		return nil, aerr
	}
	if aerr := requireInitiator(pc, c, "resize"); aerr != nil {
		return nil, aerr
	}
	if aerr := requireStatus(pc, c.now, "resize", StatusActive, StatusConsulting); aerr != nil {
		return nil, aerr
	}
	if pc.prepaid && *req.NewBandwidthInMbps <= pc.bandwidth {
		return nil, badBody("a Prepaid peering connection can only grow: %d Mbps is not above %d Mbps", *req.NewBandwidthInMbps, pc.bandwidth)
	}
	pc.bandwidth = *req.NewBandwidthInMbps
	s.passThroughUpdating(pc, c.now)
	return nil, nil
}

// renew extends a prepaid connection (PUT ?purchaseReserved) from its
// expiry, or from now when it has expired; an expired one starts again.
func (s *Service) renew(c *call) (any, error) {
	var req renewRequest
	if err := decodeBody(c.body, &req); err != nil {
		return nil, err
	}
	if req.Billing == nil {
		return nil, badBody("billing.reservation is required")
	}
	months, aerr := checkReservation(req.Billing.Reservation)
	if aerr != nil {
		return nil, aerr
	}
	pc, _, aerr := s.visible(c)
	if aerr != nil {
		return nil, aerr
	}
	if aerr := requireInitiator(pc, c, "renew"); aerr != nil {
		return nil, aerr
	}
	if !pc.prepaid {
		return nil, badBody("peering connection %s is Postpaid; only Prepaid ones can be renewed", pc.id)
	}
	if aerr := requireStatus(pc, c.now, "renew", StatusActive, StatusExpired); aerr != nil {
		return nil, aerr
	}
	wasExpired := pc.status(c.now) == StatusExpired
	pc.expires = addMonths(later(pc.expires, c.now.Truncate(time.Second)), months)
	if wasExpired {
		pc.tl = from(c.now, StatusStarting, after(c.now, s.lasts(s.timing.Starting), StatusActive))
	}
	return nil, nil
}

// addMonths adds calendar months as Baidu's billing counts them, in China
// time (the two calendars disagree near the end of a month).
func addMonths(t time.Time, months int) time.Time {
	return t.In(chinaTime).AddDate(0, months, 0).UTC()
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// refund releases a prepaid connection before its term (PUT ?refund): the
// initiator only, not under delete protection.
func (s *Service) refund(c *call) (any, error) {
	pc, _, aerr := s.visible(c)
	if aerr != nil {
		return nil, aerr
	}
	if aerr := requireInitiator(pc, c, "refund"); aerr != nil {
		return nil, aerr
	}
	if !pc.prepaid {
		return nil, badBody("peering connection %s is Postpaid; only Prepaid ones can be refunded", pc.id)
	}
	if aerr := requireStatus(pc, c.now, "refund", StatusActive, StatusExpired, StatusDown, StatusError); aerr != nil {
		return nil, aerr
	}
	if pc.deleteProtect {
		return nil, errorf(http.StatusConflict, CodePeerConnDeleteProtected, "peering connection %s has delete protection on", pc.id)
	}
	s.release(pc, c.now)
	return nil, nil
}

// delete releases a connection (DELETE): the initiator only for
// cross-account ones; not under delete protection; not a prepaid one that
// is active and unexpired. deleting, then deleted, then gone.
func (s *Service) delete(c *call) (any, error) {
	pc, _, aerr := s.visible(c)
	if aerr != nil {
		return nil, aerr
	}
	if aerr := requireInitiator(pc, c, "delete"); aerr != nil {
		return nil, aerr
	}
	if aerr := requireStatus(pc, c.now, "delete", StatusActive, StatusDown, StatusConsulting, StatusConsultFailed, StatusExpired, StatusError); aerr != nil {
		return nil, aerr
	}
	if pc.deleteProtect {
		return nil, errorf(http.StatusConflict, CodePeerConnDeleteProtected, "peering connection %s has delete protection on", pc.id)
	}
	if pc.prepaid && pc.status(c.now) == StatusActive {
		return nil, errorf(http.StatusConflict, CodePrepaidPeerConnNotExpired, "peering connection %s is Prepaid and does not expire until %s", pc.id, formatTime(pc.expires))
	}
	s.release(pc, c.now)
	return nil, nil
}

// release starts a connection's deletion and schedules its disappearance.
func (s *Service) release(pc *conn, now time.Time) {
	deleted := now.Add(s.lasts(s.timing.Deleting))
	gone := deleted.Add(s.lasts(s.timing.Deleted))
	pc.transition(now, step{now, StatusDeleting}, step{deleted, StatusDeleted}, step{gone, statusGone})
	s.graves.bury(pc.id, gone)
	if pc.quota {
		s.quota.add(pc, -1)
	}
}

// setDeleteProtect switches delete protection (PUT /{id}/deleteProtect):
// the initiator only for cross-account connections, as only it may delete.
func (s *Service) setDeleteProtect(c *call) (any, error) {
	var req deleteProtectRequest
	if err := decodeBody(c.body, &req); err != nil {
		return nil, err
	}
	if req.DeleteProtect == nil {
		return nil, badBody("deleteProtect is required")
	}
	pc, _, aerr := s.visible(c)
	if aerr != nil {
		return nil, aerr
	}
	if aerr := requireInitiator(pc, c, "change delete protection of"); aerr != nil {
		return nil, aerr
	}
	if st := pc.status(c.now); !live(st) {
		return nil, statusConflict("peering connection %s is %s", pc.id, st)
	}
	pc.deleteProtect = *req.DeleteProtect
	return nil, nil
}

// openDNS starts DNS sync on the end role names (PUT ?open&role=): the
// connection must be active and that end's DNS closed; wait, syncing, open.
func (s *Service) openDNS(c *call) (any, error) {
	pc, i, aerr := s.dnsTarget(c, "open DNS sync of")
	if aerr != nil {
		return nil, aerr
	}
	if d := pc.ends[i].dns.at(c.now); d != DNSClose {
		return nil, statusConflict("cannot open DNS sync of peering connection %s while its %s DNS status is %s", pc.id, roleNames[i], d)
	}
	syncing := c.now.Add(s.lasts(s.timing.DNSWait))
	pc.ends[i].dns = from(c.now, DNSWait, step{syncing, DNSSyncing}, after(syncing, s.lasts(s.timing.DNSSync), DNSOpen))
	return nil, nil
}

// closeDNS stops DNS sync (PUT ?close&role=): allowed when open or still
// waiting; closing, then close.
func (s *Service) closeDNS(c *call) (any, error) {
	pc, i, aerr := s.dnsTarget(c, "close DNS sync of")
	if aerr != nil {
		return nil, aerr
	}
	if d := pc.ends[i].dns.at(c.now); d != DNSOpen && d != DNSWait {
		return nil, statusConflict("cannot close DNS sync of peering connection %s while its %s DNS status is %s", pc.id, roleNames[i], d)
	}
	pc.ends[i].dns = from(c.now, DNSClosing, after(c.now, s.lasts(s.timing.DNSClosing), DNSClose))
	return nil, nil
}

// dnsTarget resolves the end of a DNS sync request: role is required and
// must name an end the caller owns; the connection must be active.
func (s *Service) dnsTarget(c *call, action string) (*conn, int, *apiError) {
	role, named, aerr := parseRole(c.query.Get("role"))
	if aerr != nil {
		return nil, 0, aerr
	}
	if !named {
		return nil, 0, badQuery("role is required (%s or %s)", RoleInitiator, RoleAcceptor)
	}
	pc, _, aerr := s.visible(c)
	if aerr != nil {
		return nil, 0, aerr
	}
	if aerr := ownEnd(pc, role, c); aerr != nil {
		return nil, 0, aerr
	}
	if aerr := requireStatus(pc, c.now, action, StatusActive); aerr != nil {
		return nil, 0, aerr
	}
	return pc, role, nil
}
