package peering

import (
	"fmt"
	"net/netip"
	"strconv"
	"time"
)

// Connection is one peering connection in the normalized model. Each field
// has one definition, given here, that holds on every provider; the
// conformance suite checks it on every adapter. Two accounts' views of one
// connection agree field by field except Role and the fields documented as
// one account's own (Tags, ResourceGroupID, Attributes).
type Connection struct {
	// Provider is the cloud API the connection was read from.
	Provider Provider `json:"provider"`
	// ID is the provider's connection ID, trimmed of whitespace; the same in
	// both accounts' views.
	ID string `json:"id"`
	// Name is the name someone gave the connection, or "" where the provider
	// has no connection name (Baidu: its interface names are kept in
	// Attributes under their own names).
	Name string `json:"name,omitempty"`
	// Description is the provider's free-text description, or "".
	Description string `json:"description,omitempty"`

	// Status is the normalized status, never "": chosen by meaning (does
	// traffic flow, is it waiting for someone, is it gone; see Status).
	// ProviderStatus is exactly what the cloud said, kept even when Status
	// is StatusUnknown.
	Status         Status `json:"status"`
	ProviderStatus string `json:"providerStatus"`

	// Bandwidth in Mbit/s; BandwidthUnlimited (-1) or BandwidthUnknown (0)
	// where the provider does not report it.
	Bandwidth Bandwidth `json:"bandwidth"`

	// Requester is the end whose account asked for the connection, and
	// Accepter the end it was asked of: named for their role in the
	// peering, not for the caller's point of view, so both accounts' views
	// of one connection show the same Requester and Accepter (the convention
	// of AWS's API and Steampipe's peering tables). Own and Other give the
	// caller's end and the far one. On ENS, whose connections join two
	// networks of one account, Requester is the network the connection was
	// created from (NetworkId) and Accepter the one it was created to
	// (AcceptingNetworkId).
	Requester Endpoint `json:"requester"`
	Accepter  Endpoint `json:"accepter"`
	// Role is which end the caller's account is: RoleRequester,
	// RoleAccepter, or RoleUnknown where the provider does not say.
	Role Role `json:"role"`

	// Tags are the caller's account's tags on the connection, nil when
	// there are none.
	Tags map[string]string `json:"tags,omitempty"`

	// CreatedAt is when the connection was asked for, and UpdatedAt when it
	// last changed; UTC, zero when the provider does not report it.
	CreatedAt time.Time `json:"createdAt,omitzero"`
	UpdatedAt time.Time `json:"updatedAt,omitzero"`
	// TermEndsAt is when the connection's prepaid term ends (Baidu
	// Prepaid), after which it expires unless renewed; UTC, zero for a
	// connection paid as it goes or where the provider has no terms.
	TermEndsAt time.Time `json:"termEndsAt,omitzero"`
	// AcceptBy is the deadline for accepting an offer (VpcPeer's
	// GmtExpired while the accepter has not answered), after which the
	// offer lapses; UTC, zero when no answer is awaited or none is reported.
	AcceptBy time.Time `json:"acceptBy,omitzero"`

	// ResourceGroupID is the caller's account's resource group of the
	// connection, or "".
	ResourceGroupID string `json:"resourceGroupId,omitempty"`

	// Attributes holds provider facts that have no portable field, under the
	// provider's own field name: for example Baidu "paymentTiming",
	// "dnsStatus", "deleteProtect", "localIfName"; VpcPeer "BizStatus",
	// "LinkType". [UnparsedAttribute] lists values the adapter could not read.
	Attributes map[string]string `json:"attributes,omitempty"`

	// Raw is the provider's native record, as the adapter documents it (for
	// example *baidu.PeerConn). It is for reading: changing it changes
	// nothing. The JSON form omits it.
	Raw any `json:"-"`
}

// Own returns the caller's end of the connection, and false when Role does
// not say which end that is.
func (c Connection) Own() (Endpoint, bool) {
	switch c.Role {
	case RoleRequester:
		return c.Requester, true
	case RoleAccepter:
		return c.Accepter, true
	}
	return Endpoint{}, false
}

// Other returns the end of the connection that is not the caller's, and
// false when Role does not say which end is the caller's.
func (c Connection) Other() (Endpoint, bool) {
	switch c.Role {
	case RoleRequester:
		return c.Accepter, true
	case RoleAccepter:
		return c.Requester, true
	}
	return Endpoint{}, false
}

// Endpoint is one end of a connection.
type Endpoint struct {
	// NetworkID is the end's VPC or ENS network ID.
	NetworkID string `json:"networkId"`
	// Region is the end's region, or ENS node; "" when not reported.
	Region string `json:"region,omitempty"`
	// AccountID is the account that owns the end's network, "" when not
	// reported. A string because Alibaba account IDs exceed 2^53.
	AccountID string `json:"accountId,omitempty"`
	// IPv4CIDRs and IPv6CIDRs are the network's address blocks. Empty means
	// unknown, never "no blocks": a network always has one.
	IPv4CIDRs []netip.Prefix `json:"ipv4Cidrs,omitempty"`
	IPv6CIDRs []netip.Prefix `json:"ipv6Cidrs,omitempty"`
	// CIDRsUnknown says why the blocks are unknown when they could not be
	// read (for example "PermissionDenied: ..." from a look-up, or "not the
	// caller's network"), so that analysis reports what it could not check;
	// "" when the blocks are known, or the provider reports none and no
	// look-up was tried.
	CIDRsUnknown string `json:"cidrsUnknown,omitempty"`
}

// Role is which end of a connection the caller's account is.
type Role string

// The roles.
const (
	RoleRequester Role = "requester" // the caller's account asked for the connection
	RoleAccepter  Role = "accepter"  // the connection was asked of the caller's account
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
	StatusInactive          Status = "inactive"           // exists but carries no traffic: down, stopping, or locked (VpcPeer FinancialLocked)
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
