package peering

import (
	"fmt"
	"net/netip"
	"strconv"
	"time"
)

// Connection is one peering connection in the normalized model.
type Connection struct {
	Provider    Provider `json:"provider"`
	ID          string   `json:"id"`             // trimmed of whitespace
	Name        string   `json:"name,omitempty"` // Baidu: the local interface name (localIfName)
	Description string   `json:"description,omitempty"`

	// Status is the normalized status, never "". ProviderStatus is exactly
	// what the cloud said, kept even when Status is StatusUnknown.
	Status         Status `json:"status"`
	ProviderStatus string `json:"providerStatus"`

	// Bandwidth in Mbit/s; BandwidthUnlimited (-1) or BandwidthUnknown (0)
	// where the provider does not report it.
	Bandwidth Bandwidth `json:"bandwidth"`

	// Local is the requester side and Peer the accepter side. (The JSON
	// form omits Raw; zero times are omitted.)
	Local Endpoint `json:"local"`
	Peer  Endpoint `json:"peer"`
	// Role is the caller's side of the connection.
	Role Role `json:"role"`

	Tags map[string]string `json:"tags,omitempty"` // nil when there are none

	CreatedAt time.Time `json:"createdAt,omitzero"` // UTC; zero when not reported
	UpdatedAt time.Time `json:"updatedAt,omitzero"`
	ExpiresAt time.Time `json:"expiresAt,omitzero"`

	ResourceGroupID string `json:"resourceGroupId,omitempty"`

	// Attributes holds provider facts that have no portable field, under the
	// provider's own field name: for example Baidu "paymentTiming",
	// "dnsStatus", "deleteProtect"; VpcPeer "BizStatus", "LinkType".
	Attributes map[string]string `json:"attributes,omitempty"`

	// Raw is the provider's native record, as the adapter documents it (for
	// example *baidu.PeerConn). It is for reading: changing it changes nothing.
	Raw any `json:"-"`
}

// Endpoint is one side of a connection.
type Endpoint struct {
	NetworkID string `json:"networkId"`        // VPC or ENS network ID
	Region    string `json:"region,omitempty"` // region, or ENS node
	// AccountID is a string because Alibaba account IDs exceed 2^53.
	AccountID string `json:"accountId,omitempty"`
	// CIDR blocks of the network; empty means unknown, not "no blocks".
	IPv4CIDRs []netip.Prefix `json:"ipv4Cidrs,omitempty"`
	IPv6CIDRs []netip.Prefix `json:"ipv6Cidrs,omitempty"`
}

// Role is the caller's side of a connection.
type Role string

// The roles.
const (
	RoleInitiator Role = "initiator" // the caller's account asked for the connection
	RoleAcceptor  Role = "acceptor"  // the connection was offered to the caller's account
	RoleUnknown   Role = "unknown"   // the provider does not say
)

// Status is a normalized connection status. Every provider status maps to
// exactly one of these; a value no table knows maps to StatusUnknown.
type Status string

// The statuses.
const (
	StatusPending           Status = "pending"            // being created
	StatusPendingAcceptance Status = "pending-acceptance" // waiting for the accepter
	StatusActive            Status = "active"             // carrying traffic
	StatusUpdating          Status = "updating"           // being changed
	StatusInactive          Status = "inactive"           // exists but down or stopping
	StatusRejected          Status = "rejected"           // the accepter refused, or never answered
	StatusExpired           Status = "expired"            // the offer or the subscription ran out
	StatusDeleting          Status = "deleting"           // being released
	StatusDeleted           Status = "deleted"            // released
	StatusFailed            Status = "failed"             // the cloud reports an error state
	StatusUnknown           Status = "unknown"            // a provider value no table knows
)

// Statuses returns every status, in lifecycle order.
func Statuses() []Status {
	return []Status{StatusPending, StatusPendingAcceptance, StatusActive, StatusUpdating,
		StatusInactive, StatusRejected, StatusExpired, StatusDeleting, StatusDeleted,
		StatusFailed, StatusUnknown}
}

// Valid reports whether s is one of the statuses above.
func (s Status) Valid() bool {
	for _, v := range Statuses() {
		if s == v {
			return true
		}
	}
	return false
}

// Transient reports whether the connection is expected to leave s without
// anyone acting on it (creating, updating, deleting).
func (s Status) Transient() bool {
	return s == StatusPending || s == StatusUpdating || s == StatusDeleting
}

// Terminal reports whether a connection in s can no longer become active.
func (s Status) Terminal() bool {
	return s == StatusRejected || s == StatusExpired || s == StatusDeleted || s == StatusFailed
}

// Bandwidth is a peering bandwidth in Mbit/s, with two special values.
type Bandwidth int64

// The special bandwidth values.
const (
	BandwidthUnknown   Bandwidth = 0  // the provider does not report bandwidth
	BandwidthUnlimited Bandwidth = -1 // no limit (VpcPeer's own convention)
)

// Mbps returns a pointer to a bandwidth of n Mbit/s, for CreateRequest and Update.
func Mbps(n int64) *Bandwidth {
	b := Bandwidth(n)
	return &b
}

// Valid reports whether b is BandwidthUnlimited, BandwidthUnknown or positive.
func (b Bandwidth) Valid() bool { return b >= BandwidthUnlimited }

// String returns "unlimited", "unknown" or the value with its unit, like "500Mbps".
func (b Bandwidth) String() string {
	switch {
	case b == BandwidthUnlimited:
		return "unlimited"
	case b == BandwidthUnknown:
		return "unknown"
	case b < 0:
		return fmt.Sprintf("invalid(%d)", int64(b))
	}
	return strconv.FormatInt(int64(b), 10) + "Mbps"
}
