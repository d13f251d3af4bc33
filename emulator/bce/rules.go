package bce

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

// reservationLengths are the lengths, in months, a prepaid purchase or
// renewal may take (the Terraform provider's list).
var reservationLengths = []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 24, 36}

// checkReservation validates a prepaid reservation and returns its length in
// months. The unit is "month" in any case; empty means month.
func checkReservation(r *reservation) (int, *apiError) {
	if r == nil {
		return 0, badBody("billing.reservation is required for Prepaid")
	}
	if u := r.ReservationTimeUnit; u != "" && !strings.EqualFold(u, "month") {
		return 0, badBody("billing.reservation.reservationTimeUnit must be month, not %q", u)
	}
	if !slices.Contains(reservationLengths, r.ReservationLength) {
		return 0, badBody("billing.reservation.reservationLength must be one of %v months, not %d", reservationLengths, r.ReservationLength)
	}
	return r.ReservationLength, nil
}

// checkCreateBody validates what a create body must hold on its own, before
// any VPC is looked up.
func checkCreateBody(req *createRequest, region string) (months int, err *apiError) {
	switch {
	case req.BandwidthInMbps == nil:
		return 0, badBody("bandwidthInMbps is required")
	case *req.BandwidthInMbps <= 0:
		return 0, badBody("bandwidthInMbps must be a positive number of Mbps, not %d", *req.BandwidthInMbps)
	case req.LocalVpcID == "":
		return 0, badBody("localVpcId is required")
	case req.PeerVpcID == "":
		return 0, badBody("peerVpcId is required")
	case req.PeerRegion == "":
		return 0, badBody("peerRegion is required")
	case req.Billing == nil || req.Billing.PaymentTiming == "":
		return 0, badBody("billing.paymentTiming is required (Prepaid or Postpaid)")
	case req.LocalVpcID == req.PeerVpcID:
		return 0, badBody("localVpcId and peerVpcId must differ")
	}
	for i, t := range req.Tags {
		if t.TagKey == "" {
			return 0, badBody("tags[%d].tagKey is required", i)
		}
	}
	switch req.Billing.PaymentTiming {
	case Postpaid:
		return 0, nil
	case Prepaid:
		if req.PeerRegion == region {
			return 0, badBody("a peering connection within one region is Postpaid only")
		}
		return checkReservation(req.Billing.Reservation)
	}
	return 0, badBody("billing.paymentTiming must be Prepaid or Postpaid, not %q", req.Billing.PaymentTiming)
}

// resolveCreate finds the two VPCs of a create request and the peer's
// account, and checks that the request may join them: ownership, regions,
// the relay rule, one connection per VPC pair, and the quotas.
func (s *Service) resolveCreate(c *call, req *createRequest) (local, peer *vpcRecord, err *apiError) {
	local = s.vpcs[req.LocalVpcID]
	if local == nil || local.AccountID != c.account || local.Region != c.region {
		return nil, nil, errorf(http.StatusNotFound, CodeNoSuchObject, "vpc %s does not exist in region %s", req.LocalVpcID, c.region)
	}
	peerAccount := c.account
	if req.PeerAccountID != "" && req.PeerAccountID != c.account {
		if _, ok := s.accounts[req.PeerAccountID]; !ok {
			return nil, nil, errorf(http.StatusNotFound, CodeNoSuchObject, "account %s does not exist", req.PeerAccountID)
		}
		if req.PeerIfName != "" {
			return nil, nil, badBody("peerIfName can be set only for a peering connection within one account")
		}
		peerAccount = req.PeerAccountID
	}
	peer = s.vpcs[req.PeerVpcID]
	if peer == nil || peer.AccountID != peerAccount || peer.Region != req.PeerRegion {
		return nil, nil, errorf(http.StatusNotFound, CodeNoSuchObject, "vpc %s does not exist in region %s of account %s", req.PeerVpcID, req.PeerRegion, peerAccount)
	}
	if local.Relay && peer.Relay {
		return nil, nil, errorf(http.StatusBadRequest, CodeRelayVpcPeerConnNotAllowed, "vpc %s and vpc %s are both relay VPCs and cannot peer", local.ID, peer.ID)
	}
	if s.pairTaken(local.ID, peer.ID, c.now) {
		return nil, nil, errorf(http.StatusConflict, CodePeerConnAlreadyExists, "vpc %s and vpc %s are already peered (peering connection %s)", local.ID, peer.ID, s.pairs[pairOf(local.ID, peer.ID)])
	}
	for _, v := range []*vpcRecord{local, peer} {
		if n := s.quota.byVPC[v.ID]; n >= s.maxPerVPC {
			return nil, nil, errorf(http.StatusBadRequest, CodePeerConnQuotaExceeded, "vpc %s already has %d peering connections (quota %d)", v.ID, n, s.maxPerVPC)
		}
	}
	if n := s.quota.byRegion[acctRegion{c.account, c.region}]; n >= s.maxPerAccount {
		return nil, nil, errorf(http.StatusBadRequest, CodePeerConnQuotaExceeded, "the account already has %d peering connections in region %s (quota %d)", n, c.region, s.maxPerAccount)
	}
	return local, peer, nil
}

// visible returns the connection of the call's path when the caller owns
// one of its ends in this region, and that end (the initiator's when both).
// Anything else is NoSuchObject: the API does not reveal other accounts'
// connections.
func (s *Service) visible(c *call) (*conn, int, *apiError) {
	pc := s.conns[c.id]
	if pc == nil || pc.status(c.now) == statusGone {
		return nil, 0, noSuchPeerConn(c.id)
	}
	i, ok := pc.endIn(c.account, c.region)
	if !ok {
		return nil, 0, noSuchPeerConn(c.id)
	}
	return pc, i, nil
}

// requireInitiator enforces that only the initiator account may act on a
// cross-account connection.
func requireInitiator(pc *conn, c *call, action string) *apiError {
	if pc.crossAccount() && c.account != pc.ends[initiator].account {
		return accessDenied("only the initiator may %s cross-account peering connection %s", action, pc.id)
	}
	return nil
}

// requireStatus enforces that the connection is in one of the statuses.
func requireStatus(pc *conn, now time.Time, action string, allowed ...string) *apiError {
	if st := pc.status(now); !slices.Contains(allowed, st) {
		return statusConflict("cannot %s peering connection %s while it is %s (allowed: %s)", action, pc.id, st, strings.Join(allowed, ", "))
	}
	return nil
}

// parseRole reads a role parameter: "" (none), initiator or acceptor.
func parseRole(v string) (int, bool, *apiError) {
	switch v {
	case "":
		return 0, false, nil
	case RoleInitiator:
		return initiator, true, nil
	case RoleAcceptor:
		return acceptor, true, nil
	}
	return 0, false, badQuery("role must be %s or %s, not %q", RoleInitiator, RoleAcceptor, v)
}

// ownEnd checks that the caller owns end i of the connection.
func ownEnd(pc *conn, i int, c *call) *apiError {
	if pc.ends[i].account != c.account {
		return accessDenied("the %s end of peering connection %s belongs to another account", roleNames[i], pc.id)
	}
	return nil
}
