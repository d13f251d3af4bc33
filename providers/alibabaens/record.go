package alibabaens

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/normalize"
)

// NetworkPeerConnection is an ENS network peer connection exactly as
// DescribeNetworkPeerConnections sends it, untrimmed (the API's own example
// ends an AcceptingNetworkId with a newline). It is what Connection.Raw
// holds, as *NetworkPeerConnection.
//
// A member whose value has the wrong JSON type (a list sent as a string, a
// time sent as a number) leaves its field zero and is kept, as sent, in
// Mismatches: one odd record does not fail its page (see
// peering.UnparsedAttribute).
type NetworkPeerConnection struct {
	InstanceID         string  `json:"InstanceId"`
	Name               string  `json:"Name"`
	Description        string  `json:"Description"`
	CreationTime       string  `json:"CreationTime"`       // UTC, ISO 8601
	EnsRegionID        string  `json:"EnsRegionId"`        // the ENS node
	Status             string  `json:"Status"`             // Creating, Activated or Deleting
	NetworkID          string  `json:"NetworkId"`          // the requester network: the one the connection was created from
	AcceptingNetworkID string  `json:"AcceptingNetworkId"` // the accepter network: the one it was created to
	Network            Network `json:"Network"`
	AcceptingNetwork   Network `json:"AcceptingNetwork"`

	// Mismatches are the members whose value did not fit the field's type,
	// as sent; nil for a record read whole.
	Mismatches []normalize.Mismatch `json:"-"`
}

// networkPeerList is a page's records as read when one is odd (see
// decodeDescribe). It decodes with normalize.DecodeRecords: a record
// with a member of the wrong type keeps it in Mismatches instead of failing
// the page. A record without an ID is no connection at all: it fails the
// page (Internal).
type networkPeerList []NetworkPeerConnection

// UnmarshalJSON implements json.Unmarshaler.
func (l *networkPeerList) UnmarshalJSON(b []byte) error {
	err := normalize.DecodeRecords(b, (*[]NetworkPeerConnection)(l),
		func(r *NetworkPeerConnection, odd []normalize.Mismatch) { r.Mismatches = odd })
	if err != nil {
		return err
	}
	return checkRecordIDs(*l)
}

// checkRecordIDs fails a page with a record that has no ID.
func checkRecordIDs(l []NetworkPeerConnection) error {
	for i := range l {
		if normalize.ID(l[i].InstanceID) == "" {
			return fmt.Errorf("record %d of the page has no InstanceId", i)
		}
	}
	return nil
}

// Network is one end of a connection as the API describes it.
type Network struct {
	NetworkID string   `json:"NetworkId"`
	Ipv4Cidrs []string `json:"Ipv4Cidrs"`
}

// describeAnswer is the DescribeNetworkPeerConnections answer. The page
// fields arrive as strings ("1"); json.Number takes either form.
type describeAnswer struct {
	RequestID           string          `json:"RequestId"`
	PageNumber          json.Number     `json:"PageNumber"`
	PageSize            json.Number     `json:"PageSize"`
	TotalCount          json.Number     `json:"TotalCount"`
	NetworkPeerConnects networkPeerList `json:"NetworkPeerConnects"`
}

// describeFast is a DescribeNetworkPeerConnections answer as a clean page
// decodes, in one pass: the members of describeAnswer, its records in a
// plain slice (see normalize.DecodePage).
type describeFast struct {
	*describeAnswer
	NetworkPeerConnects []NetworkPeerConnection `json:"NetworkPeerConnects"`
}

// UnparsedAttribute is the Attributes key that lists the values the
// adapter could not read.
//
// Deprecated: it is peering.UnparsedAttribute, the same on every adapter;
// use that.
const UnparsedAttribute = peering.UnparsedAttribute

// connection normalizes r. Requester is the NetworkId end and Accepter the
// AcceptingNetworkId end, as the document names them. Role is requester:
// ENS peers networks of one account, with no accept step, so the caller's
// account owns both ends and is the one that asked for the connection.
// Bandwidth is unknown: ENS reports none. Name is the connection's own name.
// A value it cannot read leaves its field unknown and is named in
// Attributes[peering.UnparsedAttribute], as on every adapter.
func connection(r *NetworkPeerConnection) peering.Connection {
	var bad normalize.Unparsed
	bad.AddMismatches("", r.Mismatches)
	c := peering.Connection{
		Provider:       peering.AlibabaENS,
		ID:             normalize.ID(r.InstanceID),
		Name:           r.Name,
		Description:    r.Description,
		Status:         normalize.ENSStatus(r.Status),
		ProviderStatus: r.Status,
		Bandwidth:      peering.BandwidthUnknown,
		Requester: peering.Endpoint{
			NetworkID: firstID(r.NetworkID, r.Network.NetworkID),
			Region:    strings.TrimSpace(r.EnsRegionID),
		},
		Accepter: peering.Endpoint{NetworkID: firstID(r.AcceptingNetworkID, r.AcceptingNetwork.NetworkID)},
		Role:     peering.RoleRequester,
		Raw:      r,
	}
	addCIDRs(&c.Requester, r.Network.Ipv4Cidrs, "Network.Ipv4Cidrs", &bad)
	addCIDRs(&c.Accepter, r.AcceptingNetwork.Ipv4Cidrs, "AcceptingNetwork.Ipv4Cidrs", &bad)
	t, err := normalize.Time(r.CreationTime, time.UTC)
	if err != nil {
		bad.Add("CreationTime", r.CreationTime)
	}
	c.CreatedAt = t
	c.Attributes = bad.Attributes(nil)
	return c
}

// firstID returns the first non-blank ID, trimmed: the flat NetworkId and
// the nested Network.NetworkId name the same network.
func firstID(ids ...string) string {
	for _, id := range ids {
		if id = normalize.ID(id); id != "" {
			return id
		}
	}
	return ""
}

// addCIDRs adds blocks to e by address family. When a block does not parse,
// the others are still kept and the bad one is recorded. While e has no
// block, CIDRsUnknown says why: a network always has one, so none means the
// record did not carry them (another account's network, on some answers) or
// carried them in a form that could not be read.
func addCIDRs(e *peering.Endpoint, blocks []string, field string, bad *normalize.Unparsed) {
	var invalid []string
	e.IPv4CIDRs, e.IPv6CIDRs, invalid = normalize.AppendCIDRs(e.IPv4CIDRs, e.IPv6CIDRs, blocks)
	for _, s := range invalid {
		bad.Add(field, s)
	}
	unreadable := len(invalid) > 0
	for _, pair := range *bad {
		unreadable = unreadable || strings.HasPrefix(pair, field+"=") // a mismatched JSON type
	}
	switch {
	case len(e.IPv4CIDRs) > 0 || len(e.IPv6CIDRs) > 0:
		e.CIDRsUnknown = ""
	case unreadable:
		e.CIDRsUnknown = "the blocks the API reported could not be read (see Attributes[" + peering.UnparsedAttribute + "])"
	case e.CIDRsUnknown == "":
		e.CIDRsUnknown = "not reported by the API for this end"
	}
}
