package bce

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

const (
	headerRequestID = "x-bce-request-id"
	contentTypeJSON = "application/json;charset=UTF-8"
	// timeLayout is the documents' form of createdTime and expiredTime.
	timeLayout = "2006-01-02 15:04:05"
	// vpcTimeLayout is the VPC API's createdTime form (ISO 8601, UTC).
	vpcTimeLayout = "2006-01-02T15:04:05Z"
	// maxBody bounds request bodies; peering bodies are a few hundred bytes.
	maxBody = 1 << 20
)

// chinaTime is the zone of the documents' bare timestamps (UTC+8, no DST).
var chinaTime = time.FixedZone("CST", 8*60*60)

// formatTime renders t the way the peering documents print times; the zero
// time is the empty string (Postpaid expiredTime).
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(chinaTime).Format(timeLayout)
}

// wireTag is the documents' TagModel.
type wireTag struct {
	TagKey   string `json:"tagKey"`
	TagValue string `json:"tagValue"`
}

// wirePeerConn is the PeerConn object of §1.3, seen from one end. Field
// order follows the documents' example.
type wirePeerConn struct {
	PeerConnID      string    `json:"peerConnId"`
	Role            string    `json:"role"`
	Status          string    `json:"status"`
	BandwidthInMbps int       `json:"bandwidthInMbps"`
	Description     string    `json:"description"`
	LocalIfID       string    `json:"localIfId"`
	LocalIfName     string    `json:"localIfName"`
	LocalVpcID      string    `json:"localVpcId"`
	LocalRegion     string    `json:"localRegion"`
	PeerVpcID       string    `json:"peerVpcId"`
	PeerRegion      string    `json:"peerRegion"`
	PeerAccountID   string    `json:"peerAccountId"`
	DNSStatus       string    `json:"dnsStatus"`
	PaymentTiming   string    `json:"paymentTiming"`
	CreatedTime     string    `json:"createdTime"`
	ExpiredTime     string    `json:"expiredTime"`
	Tags            []wireTag `json:"tags"`
	DeleteProtect   bool      `json:"deleteProtect"`
}

// listResult is the List answer. marker is absent for an empty list and
// nextMarker whenever the page is the last one, as documented.
type listResult struct {
	PeerConns   []wirePeerConn `json:"peerConns"`
	Marker      string         `json:"marker,omitempty"`
	IsTruncated bool           `json:"isTruncated"`
	NextMarker  string         `json:"nextMarker,omitempty"`
	MaxKeys     int            `json:"maxKeys"`
}

type createResult struct {
	PeerConnID string `json:"peerConnId"`
}

// wireVPC is the VPC object of GET /v1/vpc/{vpcId}, in the shape of
// bce-sdk-go's vpc.ShowVPCModel.
type wireVPC struct {
	VPCID         string     `json:"vpcId"`
	Name          string     `json:"name"`
	Cidr          string     `json:"cidr"`
	Ipv6Cidr      string     `json:"ipv6Cidr"`
	CreatedTime   string     `json:"createdTime"`
	Description   string     `json:"description"`
	IsDefault     bool       `json:"isDefault"`
	Relay         bool       `json:"relay"`
	Subnets       []struct{} `json:"subnets"` // the emulator models no subnets
	SecondaryCidr []string   `json:"secondaryCidr"`
	Tags          []wireTag  `json:"tags"`
}

type vpcResult struct {
	VPC wireVPC `json:"vpc"`
}

// vpcListResult is the answer of GET /v1/vpc; nextMarker is absent on the
// last page, as the document says.
type vpcListResult struct {
	Marker      string    `json:"marker"`
	IsTruncated bool      `json:"isTruncated"`
	NextMarker  string    `json:"nextMarker,omitempty"`
	MaxKeys     int       `json:"maxKeys"`
	VPCs        []wireVPC `json:"vpcs"`
}

// Request bodies. Pointers tell a missing field from a zero one.
type (
	createRequest struct {
		BandwidthInMbps *int      `json:"bandwidthInMbps"`
		Description     string    `json:"description"`
		LocalIfName     string    `json:"localIfName"`
		LocalVpcID      string    `json:"localVpcId"`
		PeerAccountID   string    `json:"peerAccountId"`
		PeerVpcID       string    `json:"peerVpcId"`
		PeerRegion      string    `json:"peerRegion"`
		PeerIfName      string    `json:"peerIfName"`
		Billing         *billing  `json:"billing"`
		Tags            []wireTag `json:"tags"`
		ResourceGroupID string    `json:"resourceGroupId"`
		DeleteProtect   bool      `json:"deleteProtect"`
	}
	billing struct {
		PaymentTiming string       `json:"paymentTiming"`
		Reservation   *reservation `json:"reservation"`
	}
	reservation struct {
		ReservationLength   int    `json:"reservationLength"`
		ReservationTimeUnit string `json:"reservationTimeUnit"`
	}
	updateRequest struct {
		LocalIfID   string  `json:"localIfId"`
		Description *string `json:"description"`
		LocalIfName *string `json:"localIfName"`
	}
	resizeRequest struct {
		NewBandwidthInMbps *int `json:"newBandwidthInMbps"`
	}
	renewRequest struct {
		Billing *billing `json:"billing"`
	}
	deleteProtectRequest struct {
		DeleteProtect *bool `json:"deleteProtect"`
	}
)

// decodeBody decodes a JSON object body into v. Syntax errors are
// MalformedJSON; a value of the wrong type is InappropriateJSON; unknown
// fields are ignored, as BCE's common rules ask.
func decodeBody(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return errorf(http.StatusBadRequest, CodeMalformedJSON, "the request body is empty; a JSON object is required")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(v); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return errorf(http.StatusBadRequest, CodeInappropriateJSON, "field %q must be a JSON %s, not %s", typeErr.Field, jsonKind(typeErr.Type.Kind().String()), typeErr.Value)
		}
		return errorf(http.StatusBadRequest, CodeMalformedJSON, "the request body is not valid JSON: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errorf(http.StatusBadRequest, CodeMalformedJSON, "the request body has data after its JSON object")
	}
	return nil
}

// jsonKind names a Go kind the way a JSON user thinks of it.
func jsonKind(kind string) string {
	switch kind {
	case "int", "int64", "int32", "float64":
		return "number"
	case "bool":
		return "boolean"
	case "slice":
		return "array"
	case "struct", "map", "ptr":
		return "object"
	}
	return kind
}

// writeJSON writes a 200 answer: v as JSON, or an empty body when v is nil,
// as BCE answers actions.
func writeJSON(w http.ResponseWriter, v any) {
	if v == nil {
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(http.StatusOK)
		return
	}
	body, err := json.Marshal(v)
	if err != nil {
		writeError(w, http.StatusInternalServerError, CodeInternalError, fmt.Sprintf("encoding the answer: %v", err))
		return
	}
	w.Header().Set("Content-Type", contentTypeJSON)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

// newRequestID makes a random UUID (version 4), the form BCE uses.
func newRequestID() string {
	var b [16]byte
	for i := 0; i < len(b); i += 8 {
		v := rand.Uint64()
		for j := 0; j < 8; j++ {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
