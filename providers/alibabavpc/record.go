package alibabavpc

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/normalize"
)

// VpcPeerConnection is a VpcPeer connection exactly as the API sends it (a
// ListVpcPeerConnections item, or a GetVpcPeerConnectionAttribute answer).
// It is what Connection.Raw holds, as *VpcPeerConnection.
//
// It is decoded from the body rather than taken from the SDK's typed
// responses, which lack LinkType and ManagedService. Account IDs are
// json.Number: they exceed 2^53 and are kept digit for digit.
type VpcPeerConnection struct {
	InstanceID        string          `json:"InstanceId"`
	Name              string          `json:"Name"`
	Description       string          `json:"Description"`
	OwnerID           json.Number     `json:"OwnerId"`           // the requester's account
	AcceptingOwnerUID json.Number     `json:"AcceptingOwnerUid"` // the accepter's account
	RegionID          string          `json:"RegionId"`
	AcceptingRegionID string          `json:"AcceptingRegionId"`
	Bandwidth         int64           `json:"Bandwidth"` // Mbit/s; -1 unlimited
	Status            string          `json:"Status"`
	BizStatus         string          `json:"BizStatus"` // Normal or FinancialLocked
	LinkType          string          `json:"LinkType"`  // Gold or Platinum
	ManagedService    string          `json:"ManagedService"`
	GmtCreate         string          `json:"GmtCreate"`
	GmtModified       string          `json:"GmtModified"`
	GmtExpired        string          `json:"GmtExpired"` // set while Accepting or Expired
	ResourceGroupID   string          `json:"ResourceGroupId"`
	Vpc               VPC             `json:"Vpc"`
	AcceptingVpc      VPC             `json:"AcceptingVpc"`
	Tags              []normalize.Tag `json:"Tags"`
}

// VPC is one end of a connection as the API describes it.
type VPC struct {
	VpcID     string   `json:"VpcId"`
	Ipv4Cidrs []string `json:"Ipv4Cidrs"`
	Ipv6Cidrs []string `json:"Ipv6Cidrs"`
}

// listAnswer is the ListVpcPeerConnections answer.
type listAnswer struct {
	RequestID       string              `json:"RequestId"`
	TotalCount      int64               `json:"TotalCount"`
	MaxResults      int64               `json:"MaxResults"`
	NextToken       string              `json:"NextToken"`
	VpcPeerConnects []VpcPeerConnection `json:"VpcPeerConnects"`
}

// decodeList decodes a ListVpcPeerConnections answer.
func decodeList(body []byte) (listAnswer, error) {
	var ans listAnswer
	err := json.Unmarshal(body, &ans)
	return ans, err
}

// unparsed collects values the adapter could not read, as "field=value"
// pairs: the connection is still returned (one odd record must not fail a
// whole listing), the normalized field stays unknown, the value stays in
// Raw, and Attributes["Unparsed"] says what was left out.
type unparsed []string

func (u *unparsed) add(field, value string) { *u = append(*u, field+"="+value) }

// UnparsedAttribute is the Attributes key listing, as "field=value" pairs
// joined by "; ", the values the adapter could not normalize (a malformed
// CIDR block or timestamp). The normalized field is left unknown; Raw has
// the value as sent.
const UnparsedAttribute = "Unparsed"

// connection normalizes r; account is the caller's UID ("" when unknown).
func connection(r *VpcPeerConnection, account string) peering.Connection {
	var bad unparsed
	c := peering.Connection{
		Provider:        peering.AlibabaVPC,
		ID:              normalize.ID(r.InstanceID),
		Name:            r.Name,
		Description:     r.Description,
		Status:          normalize.VpcPeerStatus(r.Status),
		ProviderStatus:  r.Status,
		Local:           endpoint(&r.Vpc, r.RegionID, r.OwnerID, "Vpc", &bad),
		Peer:            endpoint(&r.AcceptingVpc, r.AcceptingRegionID, r.AcceptingOwnerUID, "AcceptingVpc", &bad),
		Role:            peering.RoleUnknown,
		Tags:            normalize.Tags(r.Tags),
		CreatedAt:       timestamp("GmtCreate", r.GmtCreate, &bad),
		UpdatedAt:       timestamp("GmtModified", r.GmtModified, &bad),
		ExpiresAt:       timestamp("GmtExpired", r.GmtExpired, &bad),
		ResourceGroupID: r.ResourceGroupID,
		Raw:             r,
	}
	if b, err := normalize.Bandwidth(r.Bandwidth); err == nil {
		c.Bandwidth = b
	} else {
		bad.add("Bandwidth", strconv.FormatInt(r.Bandwidth, 10))
	}
	switch {
	case account == "":
	case account == c.Local.AccountID:
		c.Role = peering.RoleInitiator
	case account == c.Peer.AccountID:
		c.Role = peering.RoleAcceptor
	}
	c.Attributes = attributes(r, bad)
	return c
}

// attributes returns the facts with no portable field, nil when none is set.
func attributes(r *VpcPeerConnection, bad unparsed) map[string]string {
	var m map[string]string
	set := func(k, v string) {
		if v == "" {
			return
		}
		if m == nil {
			m = make(map[string]string, 4)
		}
		m[k] = v
	}
	set("BizStatus", r.BizStatus)
	set("LinkType", r.LinkType)
	set("ManagedService", r.ManagedService)
	set(UnparsedAttribute, strings.Join(bad, "; "))
	return m
}

func endpoint(v *VPC, region string, owner json.Number, field string, bad *unparsed) peering.Endpoint {
	e := peering.Endpoint{NetworkID: normalize.ID(v.VpcID), Region: strings.TrimSpace(region)}
	if owner != "" {
		e.AccountID = normalize.AccountID(owner)
	}
	addCIDRs(&e, v.Ipv4Cidrs, field+".Ipv4Cidrs", bad)
	addCIDRs(&e, v.Ipv6Cidrs, field+".Ipv6Cidrs", bad)
	return e
}

// addCIDRs adds blocks to e by address family. When a block does not parse,
// the others are still kept and the bad one is recorded.
func addCIDRs(e *peering.Endpoint, blocks []string, field string, bad *unparsed) {
	var invalid []string
	e.IPv4CIDRs, e.IPv6CIDRs, invalid = normalize.AppendCIDRs(e.IPv4CIDRs, e.IPv6CIDRs, blocks)
	for _, s := range invalid {
		bad.add(field, s)
	}
}

func timestamp(field, s string, bad *unparsed) time.Time {
	t, err := normalize.Time(s, time.UTC)
	if err != nil {
		bad.add(field, s)
	}
	return t
}
