package alibabavpc

import (
	"encoding/json"
	"fmt"
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
// json.Number: they exceed 2^53 and are kept digit for digit. Bandwidth is
// a json.Number too, so that a number sent as a string ("1024") is read.
//
// A member whose value has the wrong JSON type (a bandwidth of "lots", a
// list sent as a string) leaves its field zero and is kept, as sent, in
// Mismatches: one odd record does not fail its page (see
// peering.UnparsedAttribute).
type VpcPeerConnection struct {
	InstanceID        string          `json:"InstanceId"`
	Name              string          `json:"Name"`
	Description       string          `json:"Description"`
	OwnerID           json.Number     `json:"OwnerId"`           // the requester's account
	AcceptingOwnerUID json.Number     `json:"AcceptingOwnerUid"` // the accepter's account
	RegionID          string          `json:"RegionId"`
	AcceptingRegionID string          `json:"AcceptingRegionId"`
	Bandwidth         json.Number     `json:"Bandwidth"` // Mbit/s; -1 unlimited
	Status            string          `json:"Status"`
	BizStatus         string          `json:"BizStatus"` // Normal or FinancialLocked
	LinkType          string          `json:"LinkType"`  // Gold or Platinum
	ManagedService    string          `json:"ManagedService"`
	GmtCreate         string          `json:"GmtCreate"`
	GmtModified       string          `json:"GmtModified"`
	GmtExpired        string          `json:"GmtExpired"` // the offer's acceptance deadline; documented as set while Accepting or Expired
	ResourceGroupID   string          `json:"ResourceGroupId"`
	Vpc               VPC             `json:"Vpc"`
	AcceptingVpc      VPC             `json:"AcceptingVpc"`
	Tags              []normalize.Tag `json:"Tags"`

	// Mismatches are the members whose value did not fit the field's type,
	// as sent; nil for a record read whole.
	Mismatches []normalize.Mismatch `json:"-"`
}

// vpcPeerList is a page's records as read when one of them is odd (see
// decodeList). It decodes with normalize.DecodeRecords: a record with a
// member of the wrong type keeps it in Mismatches instead of failing the
// page. A record without an ID is no connection at all: it fails the page
// (Internal).
type vpcPeerList []VpcPeerConnection

// UnmarshalJSON implements json.Unmarshaler.
func (l *vpcPeerList) UnmarshalJSON(b []byte) error {
	err := normalize.DecodeRecords(b, (*[]VpcPeerConnection)(l),
		func(r *VpcPeerConnection, odd []normalize.Mismatch) { r.Mismatches = odd })
	if err != nil {
		return err
	}
	return checkRecordIDs(*l)
}

// checkRecordIDs fails a page with a record that has no ID.
func checkRecordIDs(l []VpcPeerConnection) error {
	for i := range l {
		if normalize.ID(l[i].InstanceID) == "" {
			return fmt.Errorf("record %d of the page has no InstanceId", i)
		}
	}
	return nil
}

// decodeRecord decodes one record by the same policy, as Get's answer.
func decodeRecord(b []byte, r *VpcPeerConnection) error {
	odd, err := normalize.DecodeRecord(b, r)
	r.Mismatches = odd
	return err
}

// VPC is one end of a connection as the API describes it.
type VPC struct {
	VpcID     string   `json:"VpcId"`
	Ipv4Cidrs []string `json:"Ipv4Cidrs"`
	Ipv6Cidrs []string `json:"Ipv6Cidrs"`
}

// listAnswer is the ListVpcPeerConnections answer.
type listAnswer struct {
	RequestID       string      `json:"RequestId"`
	TotalCount      int64       `json:"TotalCount"`
	MaxResults      int64       `json:"MaxResults"`
	NextToken       string      `json:"NextToken"`
	VpcPeerConnects vpcPeerList `json:"VpcPeerConnects"`
}

// listFast is a ListVpcPeerConnections answer as a clean page decodes, in
// one pass: the members of listAnswer, its records in a plain slice (see
// normalize.DecodePage).
type listFast struct {
	*listAnswer
	VpcPeerConnects []VpcPeerConnection `json:"VpcPeerConnects"`
}

// decodeList decodes a ListVpcPeerConnections answer.
func decodeList(body []byte) (listAnswer, error) {
	ans, _, err := decodeListPage(body)
	return ans, err
}

// decodeListPage is decodeList, and says whether the page took the
// tolerant path.
func decodeListPage(body []byte) (ans listAnswer, tolerated bool, err error) {
	// Room for a full page: decoding appends into it rather than growing
	// the slice of records as it goes.
	fast := listFast{listAnswer: &ans, VpcPeerConnects: make([]VpcPeerConnection, 0, MaxPageSize)}
	tolerated, err = normalize.DecodePage(body, &ans, (*[]VpcPeerConnection)(&ans.VpcPeerConnects),
		&fast, &fast.VpcPeerConnects, func(body []byte) bool { return readList(body, &fast) }, checkRecordIDs)
	return ans, tolerated, err
}

// UnparsedAttribute is the Attributes key that lists the values the
// adapter could not read.
//
// Deprecated: it is peering.UnparsedAttribute, the same on every adapter;
// use that.
const UnparsedAttribute = peering.UnparsedAttribute

// connection normalizes r; account is the caller's UID ("" when unknown).
// Requester is always the Vpc end and Accepter the AcceptingVpc end, so
// both accounts' views agree; only Role depends on account. Status reads
// BizStatus too (a FinancialLocked connection carries no traffic). AcceptBy
// is GmtExpired only while the offer awaits its answer (see acceptBy).
// A value it cannot read leaves its field unknown and is named in
// Attributes[peering.UnparsedAttribute], as on every adapter.
func connection(r *VpcPeerConnection, account string) peering.Connection {
	var bad normalize.Unparsed
	bad.AddMismatches("", r.Mismatches)
	c := peering.Connection{
		Provider:        peering.AlibabaVPC,
		ID:              normalize.ID(r.InstanceID),
		Name:            r.Name,
		Description:     r.Description,
		Status:          normalize.VpcPeerStatus(r.Status, r.BizStatus),
		ProviderStatus:  r.Status,
		Requester:       endpoint(&r.Vpc, r.RegionID, r.OwnerID, "Vpc", &bad),
		Accepter:        endpoint(&r.AcceptingVpc, r.AcceptingRegionID, r.AcceptingOwnerUID, "AcceptingVpc", &bad),
		Role:            peering.RoleUnknown,
		Tags:            normalize.Tags(r.Tags),
		CreatedAt:       timestamp("GmtCreate", r.GmtCreate, &bad),
		UpdatedAt:       timestamp("GmtModified", r.GmtModified, &bad),
		ResourceGroupID: r.ResourceGroupID,
		Raw:             r,
	}
	if b, err := normalize.ParseBandwidth(r.Bandwidth); err == nil {
		c.Bandwidth = b
	} else {
		bad.Add("Bandwidth", r.Bandwidth.String())
	}
	expired := acceptBy(&c, r.GmtExpired, &bad)
	switch {
	case account == "":
	case account == c.Requester.AccountID:
		c.Role = peering.RoleRequester
	case account == c.Accepter.AccountID:
		c.Role = peering.RoleAccepter
		// The connection is the requester's resource: its tags and resource
		// group are the requester's account's, which Tags and
		// ResourceGroupID (the caller's own) must not show as the accepter's.
		c.Tags, c.ResourceGroupID = nil, ""
	}
	c.Attributes = attributes(r, expired, bad)
	return c
}

// acceptBy sets c.AcceptBy from GmtExpired while the offer awaits the
// accepter's answer (Accepting), the one status in which it is a deadline
// someone can still meet. In any other status it is no deadline: after
// Expired it is when the offer lapsed, and the documents' own example sends
// it on an Activated connection. There it is returned, as sent, for
// Attributes["GmtExpired"], so that nothing the cloud said is lost and
// AcceptBy keeps its one meaning.
func acceptBy(c *peering.Connection, gmtExpired string, bad *normalize.Unparsed) (other string) {
	if c.Status != peering.StatusPendingAcceptance {
		return strings.TrimSpace(gmtExpired)
	}
	c.AcceptBy = timestamp("GmtExpired", gmtExpired, bad)
	return ""
}

// attributes returns the facts with no portable field (gmtExpired is
// GmtExpired where it is not AcceptBy, or ""), and what could not be read;
// nil when there are none.
func attributes(r *VpcPeerConnection, gmtExpired string, bad normalize.Unparsed) map[string]string {
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
	set("GmtExpired", gmtExpired)
	return bad.Attributes(m)
}

func endpoint(v *VPC, region string, owner json.Number, field string, bad *normalize.Unparsed) peering.Endpoint {
	e := peering.Endpoint{NetworkID: normalize.ID(v.VpcID), Region: strings.TrimSpace(region)}
	if owner != "" {
		e.AccountID = normalize.AccountID(owner)
	}
	addCIDRs(&e, v.Ipv4Cidrs, field+".Ipv4Cidrs", bad)
	addCIDRs(&e, v.Ipv6Cidrs, field+".Ipv6Cidrs", bad)
	return e
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

func timestamp(field, s string, bad *normalize.Unparsed) time.Time {
	t, err := normalize.Time(s, time.UTC)
	if err != nil {
		bad.Add(field, s)
	}
	return t
}
