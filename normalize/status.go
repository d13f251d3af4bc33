package normalize

import (
	"strings"

	"github.com/peeringkit/peering"
)

// The status tables read each provider status by meaning: does traffic
// flow (active), is the connection waiting for someone or something
// (pending, pending-acceptance, updating, deleting), is it gone (rejected,
// expired, deleted, failed), or does it exist without carrying traffic
// (inactive). Each entry says why it maps where it does.

// BaiduStatuses maps Baidu VPC peering statuses (12 values) to the model.
// The documents name the values without defining them; the meanings below
// come from the transitions Terraform polls (see the wire-protocol notes).
var BaiduStatuses = map[string]peering.Status{
	// Being set up, on the way to active with no one to act: pending.
	"creating": peering.StatusPending,
	// Being brought up (Terraform polls creating and starting until
	// active): traffic does not flow yet and no one has to act, so pending.
	"starting": peering.StatusPending,
	// The offer awaits the accepter's answer.
	"consulting": peering.StatusPendingAcceptance,
	// The accepter refused the offer, or let it go unanswered for 7 days:
	// the offer is gone, and a new one must be made.
	"consult_failed": peering.StatusRejected,
	// Traffic flows.
	"active": peering.StatusActive,
	// Being changed (an update or a resize), then active (or consulting)
	// again without anyone acting.
	"updating": peering.StatusUpdating,
	// The connection exists but is out of service: no traffic.
	"down": peering.StatusInactive,
	// Being taken out of service, on the way to down: no traffic to count on.
	"stopping": peering.StatusInactive,
	// Being released.
	"deleting": peering.StatusDeleting,
	// Released.
	"deleted": peering.StatusDeleted,
	// The prepaid term ran out without renewal: no traffic, and Terraform
	// treats it as gone.
	"expired": peering.StatusExpired,
	// The cloud reports an error state.
	"error": peering.StatusFailed,
}

// VpcPeerStatuses maps Alibaba VpcPeer statuses (8 values) to the model.
// It does not tell the whole status: a connection locked for non-payment
// says so in BizStatus, not here (see VpcPeerStatus and VpcPeerBizStatuses).
var VpcPeerStatuses = map[string]peering.Status{
	// Being created; then Activated (same account) or Accepting (across
	// accounts) without anyone acting.
	"Creating": peering.StatusPending,
	// The offer awaits the accepter account's answer, until GmtExpired.
	"Accepting": peering.StatusPendingAcceptance,
	// Being changed (after an accept, or a modify), then Activated.
	"Updating": peering.StatusUpdating,
	// The accepter refused the offer: it is gone.
	"Rejected": peering.StatusRejected,
	// The offer was not answered before GmtExpired: it is gone.
	"Expired": peering.StatusExpired,
	// Traffic flows, unless BizStatus says the connection is locked.
	"Activated": peering.StatusActive,
	// Being released.
	"Deleting": peering.StatusDeleting,
	// Released.
	"Deleted": peering.StatusDeleted,
}

// VpcPeerBizStatuses maps Alibaba VpcPeer business statuses (2 values) to
// whether they stop traffic on a connection whose Status would carry it.
var VpcPeerBizStatuses = map[string]bool{
	// No business restriction: Status says it all.
	"Normal": false,
	// Locked for non-payment: no traffic flows until the bill is paid, and
	// the cloud refuses accept, reject and modify meanwhile.
	"FinancialLocked": true,
}

// ENSStatuses maps Alibaba ENS network peering statuses (3 values) to the model.
var ENSStatuses = map[string]peering.Status{
	// "The connection is being created": no one has to act (ENS has no
	// accept step).
	"Creating": peering.StatusPending,
	// "The connection is active": traffic flows.
	"Activated": peering.StatusActive,
	// "The connection is being deleted".
	"Deleting": peering.StatusDeleting,
}

// BaiduStatus returns the model status of a Baidu status.
func BaiduStatus(s string) peering.Status { return status(BaiduStatuses, s) }

// VpcPeerStatus returns the model status of a VpcPeer connection from its
// Status and its BizStatus. A connection whose Status would carry traffic
// (Activated, or Updating) but whose BizStatus locks it (FinancialLocked)
// is StatusInactive: it exists and carries no traffic. With a BizStatus no
// table knows, such a connection is StatusUnknown, since whether traffic
// flows cannot be told; an absent BizStatus ("") restricts nothing. In any
// other Status the lifecycle says more than the lock: an offer still awaits
// its answer, a connection being deleted is being deleted.
func VpcPeerStatus(s, bizStatus string) peering.Status {
	st := status(VpcPeerStatuses, s)
	if st != peering.StatusActive && st != peering.StatusUpdating || strings.TrimSpace(bizStatus) == "" {
		return st
	}
	locked, known := lookup(VpcPeerBizStatuses, bizStatus)
	switch {
	case !known:
		return peering.StatusUnknown
	case locked:
		return peering.StatusInactive
	}
	return st
}

// ENSStatus returns the model status of an ENS peering status.
func ENSStatus(s string) peering.Status { return status(ENSStatuses, s) }

// status looks s up in table; a value the table lacks is StatusUnknown.
func status(table map[string]peering.Status, s string) peering.Status {
	if st, ok := lookup(table, s); ok {
		return st
	}
	return peering.StatusUnknown
}

// lookup matches exactly, then ignoring case and surrounding space (clouds
// have changed the case of status values before); anything else is not
// found.
func lookup[V any](table map[string]V, s string) (V, bool) {
	if v, ok := table[s]; ok {
		return v, true
	}
	t := strings.TrimSpace(s)
	for k, v := range table {
		if strings.EqualFold(k, t) {
			return v, true
		}
	}
	var zero V
	return zero, false
}
