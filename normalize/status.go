package normalize

import (
	"strings"

	"github.com/peeringkit/peering"
)

// BaiduStatuses maps Baidu VPC peering statuses (12 values) to the model.
// "starting" is part of bringing a connection up (Terraform polls
// creating/starting until active), so it is pending; "down" and "stopping"
// are an existing connection out of service; "consult_failed" is a rejected
// or unanswered offer.
var BaiduStatuses = map[string]peering.Status{
	"creating":       peering.StatusPending,
	"starting":       peering.StatusPending,
	"consulting":     peering.StatusPendingAcceptance,
	"consult_failed": peering.StatusRejected,
	"active":         peering.StatusActive,
	"updating":       peering.StatusUpdating,
	"down":           peering.StatusInactive,
	"stopping":       peering.StatusInactive,
	"deleting":       peering.StatusDeleting,
	"deleted":        peering.StatusDeleted,
	"expired":        peering.StatusExpired,
	"error":          peering.StatusFailed,
}

// VpcPeerStatuses maps Alibaba VpcPeer statuses (8 values) to the model.
var VpcPeerStatuses = map[string]peering.Status{
	"Creating":  peering.StatusPending,
	"Accepting": peering.StatusPendingAcceptance,
	"Updating":  peering.StatusUpdating,
	"Rejected":  peering.StatusRejected,
	"Expired":   peering.StatusExpired,
	"Activated": peering.StatusActive,
	"Deleting":  peering.StatusDeleting,
	"Deleted":   peering.StatusDeleted,
}

// ENSStatuses maps Alibaba ENS network peering statuses (3 values) to the model.
var ENSStatuses = map[string]peering.Status{
	"Creating":  peering.StatusPending,
	"Activated": peering.StatusActive,
	"Deleting":  peering.StatusDeleting,
}

// BaiduStatus returns the model status of a Baidu status.
func BaiduStatus(s string) peering.Status { return lookup(BaiduStatuses, s) }

// VpcPeerStatus returns the model status of a VpcPeer status.
func VpcPeerStatus(s string) peering.Status { return lookup(VpcPeerStatuses, s) }

// ENSStatus returns the model status of an ENS peering status.
func ENSStatus(s string) peering.Status { return lookup(ENSStatuses, s) }

// lookup matches exactly, then ignoring case and surrounding space (clouds
// have changed the case of status values before); anything else is unknown.
func lookup(table map[string]peering.Status, s string) peering.Status {
	if st, ok := table[s]; ok {
		return st
	}
	t := strings.TrimSpace(s)
	for k, st := range table {
		if strings.EqualFold(k, t) {
			return st
		}
	}
	return peering.StatusUnknown
}
