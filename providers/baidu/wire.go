package baidu

import (
	"encoding/json"

	"github.com/peeringkit/peering/normalize"
)

// PeerConn is Baidu's record of one peering connection, as GET
// /v1/peerconn/{id} and the list return it, and the type of
// peering.Connection.Raw for this provider. Values are exactly what the API
// sent: statuses, times and bandwidth are not normalized here.
//
// The local* fields describe the end of the connection the caller queried,
// and Role says which end that is.
//
// A member whose value has the wrong JSON type (a bandwidth of "lots", a
// time sent as a number) leaves its field zero and is kept, as sent, in
// Mismatches: one odd record does not fail its page (see
// peering.UnparsedAttribute).
type PeerConn struct {
	PeerConnID  string `json:"peerConnId"`
	Role        string `json:"role"`   // "initiator" or "acceptor"
	Status      string `json:"status"` // one of the 12 of normalize.BaiduStatuses
	Description string `json:"description"`

	// BandwidthInMbps is the API's field; BandwithInMbp is the misspelling the
	// documents' examples use. Either may come as a number or as a string
	// holding one; "" means absent. See Bandwidth.
	BandwidthInMbps json.Number `json:"bandwidthInMbps"`
	BandwithInMbp   json.Number `json:"bandwithInMbp"`

	LocalIfID     string `json:"localIfId"`
	LocalIfName   string `json:"localIfName"`
	LocalVpcID    string `json:"localVpcId"`
	LocalRegion   string `json:"localRegion"`
	PeerVpcID     string `json:"peerVpcId"`
	PeerRegion    string `json:"peerRegion"`
	PeerAccountID string `json:"peerAccountId"` // set for same-account connections too

	PaymentTiming string `json:"paymentTiming"` // "Prepaid" or "Postpaid"
	DNSStatus     string `json:"dnsStatus"`     // close, wait, syncing, open, closing
	CreatedTime   string `json:"createdTime"`   // "2018-08-07 19:46:55" (zone-less) or ISO 8601
	ExpiredTime   string `json:"expiredTime"`   // "" for Postpaid; null decodes as ""

	Tags          []Tag `json:"tags"`
	DeleteProtect *bool `json:"deleteProtect"` // nil when not reported

	// Mismatches are the members whose value did not fit the field's type,
	// as sent; nil for a record read whole.
	Mismatches []normalize.Mismatch `json:"-"`
}

// Tag is a resource tag as Baidu sends it. (normalize.Tag reads this shape
// too, but through a custom decoder per tag, which costs more than a page
// of records should.)
type Tag struct {
	TagKey   string `json:"tagKey"`
	TagValue string `json:"tagValue"`
}

// Bandwidth returns the bandwidth in Mbit/s as sent, under either spelling
// (the API's, unless it is absent or 0 and the misspelling is set), or ""
// when the record has none.
func (p *PeerConn) Bandwidth() json.Number {
	n, _ := p.bandwidth()
	return n
}

// bandwidth is Bandwidth with the JSON name of the member it came from.
func (p *PeerConn) bandwidth() (json.Number, string) {
	if p.BandwidthInMbps == "" || (p.BandwidthInMbps == "0" && p.BandwithInMbp != "") {
		return p.BandwithInMbp, "bandwithInMbp"
	}
	return p.BandwidthInMbps, "bandwidthInMbps"
}

// listResponse is the body of GET /v1/peerconn.
type listResponse struct {
	PeerConns   peerConnList `json:"peerConns"`
	Marker      string       `json:"marker"`
	IsTruncated bool         `json:"isTruncated"`
	NextMarker  string       `json:"nextMarker"` // absent when isTruncated is false
	MaxKeys     int          `json:"maxKeys"`
}

// createBody is the body of POST /v1/peerconn.
type createBody struct {
	BandwidthInMbps int64   `json:"bandwidthInMbps"`
	Description     string  `json:"description,omitempty"`
	LocalIfName     string  `json:"localIfName,omitempty"`
	LocalVpcID      string  `json:"localVpcId"`
	PeerAccountID   string  `json:"peerAccountId,omitempty"`
	PeerVpcID       string  `json:"peerVpcId"`
	PeerRegion      string  `json:"peerRegion"`
	PeerIfName      string  `json:"peerIfName,omitempty"`
	Billing         billing `json:"billing"`
	Tags            []Tag   `json:"tags,omitempty"`
	ResourceGroupID string  `json:"resourceGroupId,omitempty"`
	DeleteProtect   bool    `json:"deleteProtect,omitempty"`
}

type billing struct {
	PaymentTiming string       `json:"paymentTiming,omitempty"`
	Reservation   *reservation `json:"reservation,omitempty"`
}

type reservation struct {
	ReservationLength   int    `json:"reservationLength"`
	ReservationTimeUnit string `json:"reservationTimeUnit"`
}

type createResponse struct {
	PeerConnID string `json:"peerConnId"`
}

// updateBody is the body of the plain PUT /v1/peerconn/{id}. Pointers keep
// "leave alone" apart from "set to empty".
type updateBody struct {
	LocalIfID   string  `json:"localIfId"`
	Description *string `json:"description,omitempty"`
	LocalIfName *string `json:"localIfName,omitempty"`
}

type resizeBody struct {
	NewBandwidthInMbps int64 `json:"newBandwidthInMbps"`
}

type renewBody struct {
	Billing billing `json:"billing"`
}

// dnsSyncBody repeats the role query parameter in the body, as the SDK does
// when opening DNS sync.
type dnsSyncBody struct {
	Role string `json:"role"`
}

type deleteProtectBody struct {
	DeleteProtect bool `json:"deleteProtect"`
}

// vpcResponse is the part of GET /v1/vpc/{vpcId} the adapter reads.
type vpcResponse struct {
	VPC vpcRecord `json:"vpc"`
}

// vpcListResponse is the part of a GET /v1/vpc page the adapter reads.
type vpcListResponse struct {
	IsTruncated bool        `json:"isTruncated"`
	NextMarker  string      `json:"nextMarker"`
	VPCs        []vpcRecord `json:"vpcs"`
}

// vpcRecord is a VPC as GET /v1/vpc/{vpcId} and GET /v1/vpc describe it. Like PeerConn,
// it decodes with odd members kept aside in mismatches.
type vpcRecord struct {
	VPCID         string   `json:"vpcId"`
	CIDR          string   `json:"cidr"`
	IPv6CIDR      string   `json:"ipv6Cidr"`
	SecondaryCIDR []string `json:"secondaryCidr"`

	mismatches []normalize.Mismatch
}

// errorBody is BCE's error shape.
type errorBody struct {
	RequestID string `json:"requestId"`
	Code      string `json:"code"`
	Message   string `json:"message"`
}
