package baidu

import (
	"net/http"
	"testing"
	"time"

	"github.com/peeringkit/peering"
)

// TestClassify checks the package documentation's table, row by row.
func TestClassify(t *testing.T) {
	tests := []struct {
		status int
		code   string
		want   peering.ErrorCode
	}{
		{404, "NoSuchObject", peering.NotFound},
		{404, "NotFound", peering.NotFound},
		{404, "ResourceNotFound", peering.NotFound},
		{404, "ResourceNotfound", peering.NotFound},
		{404, "", peering.NotFound},
		{403, "InvalidAccessKeyId", peering.Unauthenticated},
		{400, "SignatureDoesNotMatch", peering.Unauthenticated},
		{400, "InvalidHTTPAuthHeader", peering.Unauthenticated},
		{400, "RequestExpired", peering.Unauthenticated},
		{403, "AccessDenied", peering.PermissionDenied},
		{403, "QualifyNotPass", peering.PermissionDenied},
		{403, "OptInRequired", peering.PermissionDenied},
		{403, "", peering.PermissionDenied},
		{403, "IdempotentParameterMismatch", peering.InvalidArgument},
		{400, "InvalidParameter", peering.InvalidArgument},
		{400, "MalformedJSON", peering.InvalidArgument},
		{400, "InappropriateJSON", peering.InvalidArgument},
		{400, "InvalidHTTPRequest", peering.InvalidArgument},
		{400, "InvalidURI", peering.InvalidArgument},
		{404, "InvalidVersion", peering.InvalidArgument},
		{400, "BadDigest", peering.InvalidArgument},
		{400, "RelayVpcPeerConnNotAllowed", peering.InvalidArgument},
		{400, "SomethingNew", peering.InvalidArgument},
		{412, "PreconditionFailed", peering.FailedPrecondition},
		{409, "PeerConnStatusConflict", peering.FailedPrecondition},
		{409, "PeerConnDeleteProtected", peering.FailedPrecondition},
		{409, "PrepaidPeerConnNotExpired", peering.FailedPrecondition},
		{409, "", peering.FailedPrecondition},
		{409, "PeerConnAlreadyExists", peering.AlreadyExists},
		{400, "PeerConnQuotaExceeded", peering.ResourceExhausted},
		{429, "RequestRateLimitExceeded", peering.ResourceExhausted},
		{429, "", peering.ResourceExhausted},
		{400, "RequestRateLimitExceeded", peering.ResourceExhausted},
		{500, "InternalError", peering.Unavailable},
		{502, "", peering.Unavailable},
		{503, "ServiceUnavailable", peering.Unavailable},
		{503, "NoSuchObject", peering.Unavailable}, // 5xx wins: the server failed
		{405, "MethodNotAllowed", peering.Unimplemented},
		{405, "", peering.Unimplemented},
		{501, "", peering.Unimplemented},
		{501, "InternalError", peering.Unimplemented}, // the status decides a 5xx
		{412, "", peering.FailedPrecondition},
		{401, "", peering.Unauthenticated},
		{400, "", peering.InvalidArgument},
		{418, "", peering.Unknown},
		{400, "nosuchobject", peering.NotFound}, // case-insensitive, as the SDK
	}
	for _, tt := range tests {
		if got := classify(tt.status, tt.code); got != tt.want {
			t.Errorf("classify(%d, %q) = %v, want %v", tt.status, tt.code, got, tt.want)
		}
	}
}

func TestThrottledIsNotQuota(t *testing.T) {
	tests := []struct {
		status int
		code   string
		want   bool
	}{
		{429, "RequestRateLimitExceeded", true},
		{429, "", true},
		{400, "requestratelimitexceeded", true},
		{400, "PeerConnQuotaExceeded", false}, // a full quota stays full: not retried
		{503, "", false},
	}
	for _, tt := range tests {
		e := &peering.Error{Code: classify(tt.status, tt.code), HTTPStatus: tt.status, ProviderCode: tt.code}
		if got := throttled(e); got != tt.want {
			t.Errorf("throttled(%d %q) = %v, want %v", tt.status, tt.code, got, tt.want)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	future := time.Now().Add(30 * time.Second).UTC().Format(http.TimeFormat)
	tests := []struct {
		in       string
		min, max time.Duration
	}{
		{"", 0, 0},
		{"2", 2 * time.Second, 2 * time.Second},
		{" 3 ", 3 * time.Second, 3 * time.Second},
		{"-4", 0, 0},
		{"3600", time.Minute, time.Minute}, // capped
		{"soon", 0, 0},
		{future, 28 * time.Second, 30 * time.Second},
		{"Mon, 02 Jan 2006 15:04:05 GMT", 0, 0}, // in the past
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in); got < tt.min || got > tt.max {
			t.Errorf("parseRetryAfter(%q) = %v, want within [%v, %v]", tt.in, got, tt.min, tt.max)
		}
	}
}

func TestPageToken(t *testing.T) {
	for _, marker := range []string{"peerconn-9td54fmx143e", "a/b+c=d", "中"} {
		tok := encodeToken(marker)
		got, err := decodeToken(tok)
		if err != nil || got != marker {
			t.Errorf("decodeToken(encodeToken(%q)) = %q, %v", marker, got, err)
		}
	}
	if m, err := decodeToken(""); m != "" || err != nil {
		t.Errorf(`decodeToken("") = %q, %v; want the start`, m, err)
	}
	for _, bad := range []string{"!!!", "peerconn-9td54fmx143e", encodeToken("")[:2] + "==", "bTI6eA" /* "m2:x" */, "bTE6" /* "m1:" */} {
		if _, err := decodeToken(bad); err == nil {
			t.Errorf("decodeToken(%q) accepted a token this adapter never made", bad)
		}
	}
}
