package aliyunrpc

import (
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"syscall"
	"testing"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/httpcode"
	"github.com/peeringkit/peering/internal/redact"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		code   string
		status int
		want   peering.ErrorCode
	}{
		{"ResourceNotFound.InstanceId", 400, peering.NotFound},
		{"ResourceNotFound.VpcId", 400, peering.NotFound},
		{"InstanceNotFound.NetworkPeerConnection", 400, peering.NotFound},
		{"InvalidInstanceId.NotFound", 400, peering.NotFound},
		{"InvalidAccessKeyId.NotFound", 404, peering.Unauthenticated},
		{"InvalidAccessKeyId", 400, peering.Unauthenticated},
		{"SignatureDoesNotMatch", 400, peering.Unauthenticated},
		{"IncompleteSignature", 400, peering.Unauthenticated},
		{"InvalidTimeStamp.Expired", 400, peering.Unauthenticated},
		{"SignatureNonceUsed", 400, peering.Unauthenticated},
		{"InvalidSecurityToken.MismatchWithAccessKey", 400, peering.Unauthenticated},
		{"MissingSecurityToken", 400, peering.Unauthenticated},
		{"InvalidAction.NotFound", 404, peering.Unimplemented},
		{"IncorrectStatus.VpcPeer", 400, peering.FailedPrecondition},
		{"IncorrectStatus.NetworkPeerConnection", 400, peering.FailedPrecondition},
		{"IncorrectStatus.AcceptingVpc", 400, peering.FailedPrecondition},
		{"IncorrectBusinessStatus.VpcPeer", 400, peering.FailedPrecondition},
		{"OperationDenied.RouteEntryExist", 400, peering.FailedPrecondition},
		{"InvalidCIDRBlock.Duplicate", 400, peering.AlreadyExists},
		{"InvalidRouteEntry.Duplicate", 400, peering.AlreadyExists},
		{"RouterEntryConflict.Duplicated", 400, peering.AlreadyExists},
		{"Forbidden.TagKey.Duplicated", 400, peering.InvalidArgument},
		{"TaskConflict", 400, peering.Unavailable},
		{"IncorrectRouteEntryStatus", 400, peering.Unavailable},
		{"InvalidRouteEntryId.NotFound", 400, peering.NotFound},
		{"InvalidRouteTableId.NotFound", 404, peering.NotFound},
		{"OperationDenied", 400, peering.FailedPrecondition},
		{"OperationFailed.BandwidthCannotBeChangedInSameRegion", 400, peering.FailedPrecondition},
		{"OperationDenied.NetworkPeerConnectionExists", 400, peering.AlreadyExists},
		{"Throttling.User", 400, peering.ResourceExhausted},
		{"Throttling", 400, peering.ResourceExhausted},
		{"QuotaExceeded.VpcPeer", 400, peering.ResourceExhausted},
		{"Conflict.Operation", 400, peering.Unavailable},
		{"OperationConflict", 400, peering.Unavailable},
		{"ServiceUnavailable", 503, peering.Unavailable},
		{"InternalError", 500, peering.Unavailable},
		{"ens.interface.error", 400, peering.Unavailable},
		{"Forbidden.NoPermission", 400, peering.PermissionDenied},
		{"NoPermission", 400, peering.PermissionDenied},
		{"Forbidden.TagKeys", 400, peering.InvalidArgument},
		{"Forbidden.TagKey.Duplicated", 400, peering.InvalidArgument},
		{"IdempotentParameterMismatch", 400, peering.InvalidArgument},
		{"MissingParameter", 400, peering.InvalidArgument},
		{"MissingParam.VpcId", 400, peering.InvalidArgument},
		{"IllegalParam.Bandwidth", 400, peering.InvalidArgument},
		{"InvalidParameter.PageSize", 400, peering.InvalidArgument},
		{"InvalidNextToken", 400, peering.InvalidArgument},
		{"BothEmpty.TagsAndResources", 400, peering.InvalidArgument},
		{"throttling.user", 400, peering.ResourceExhausted}, // case does not matter
		{"SomethingNew", 400, peering.InvalidArgument},
		{"SomethingNew", 418, peering.Unknown},
		{"SomethingNew", 502, peering.Unavailable},
		{"SomethingNew", 409, peering.FailedPrecondition},
		{"", 503, peering.Unavailable},
		{"", 501, peering.Unimplemented},
		{"", 429, peering.ResourceExhausted},
		{"", 403, peering.PermissionDenied},
		{"", 401, peering.Unauthenticated},
		{"", 404, peering.NotFound},
		{"", 405, peering.Unimplemented},
		{"", 409, peering.FailedPrecondition}, // a duplicate is told by its code, not the status
		{"", 412, peering.FailedPrecondition},
		{"", 400, peering.InvalidArgument},
		{"", 418, peering.Unknown},
		{"InternalError", 501, peering.Unavailable}, // a known code decides
	}
	for _, tt := range tests {
		if got := Classify(tt.code, tt.status); got != tt.want {
			t.Errorf("Classify(%q, %d) = %v, want %v", tt.code, tt.status, got, tt.want)
		}
	}
}

func TestRetryableAndOutcome(t *testing.T) {
	cloud := func(code string, status int) error {
		return &peering.Error{Code: Classify(code, status), ProviderCode: code, HTTPStatus: status}
	}
	// failure marks a transport error whose request may have been sent.
	sent := func(err error) error { return httpcode.MarkSent(err, err) }
	transport := &peering.Error{Code: peering.Unavailable, Err: sent(syscall.ECONNRESET)}
	certErr := &transportError{method: "Post", endpoint: "https://x", err: x509.UnknownAuthorityError{}}
	cert := &peering.Error{Code: peering.Unavailable, Err: sent(certErr)}
	refusedErr := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	refused := &peering.Error{Code: peering.Unavailable, Err: sent(refusedErr)}
	garbled := &peering.Error{Code: peering.Internal, HTTPStatus: 200, Err: errors.New("json: cannot unmarshal")}
	tests := []struct {
		name         string
		err          error
		retry, unkno bool
	}{
		{"throttling", cloud("Throttling.User", 400), true, false},
		{"429 without a code", cloud("", 429), true, false},
		{"quota", cloud("QuotaExceeded.VpcPeer", 400), false, false},
		{"conflict", cloud("Conflict.Operation", 400), true, false},
		{"503", cloud("ServiceUnavailable", 503), true, true},
		{"500", cloud("InternalError", 500), true, true},
		{"reset", transport, true, true},
		// The handshake failed: nothing was sent.
		{"certificate", cert, false, false},
		{"connection refused", refused, true, false},
		// A 2xx answer that could not be read: applied, ID unknown.
		{"garbled 200", garbled, false, true},
		{"nonce", cloud("SignatureNonceUsed", 400), true, false},
		{"bad signature", cloud("SignatureDoesNotMatch", 400), false, false},
		{"status", cloud("IncorrectStatus.VpcPeer", 400), false, false},
		{"not found", cloud("ResourceNotFound.InstanceId", 400), false, false},
		{"wrapped", fmt.Errorf("context: %w", cloud("Throttling.User", 400)), true, false},
		{"not ours", io.EOF, false, false},
	}
	for _, tt := range tests {
		if got, _ := Retryable(tt.err); got != tt.retry {
			t.Errorf("%s: Retryable = %v, want %v", tt.name, got, tt.retry)
		}
		if got := OutcomeUnknown(tt.err); got != tt.unkno {
			t.Errorf("%s: OutcomeUnknown = %v, want %v", tt.name, got, tt.unkno)
		}
	}
}

func TestServerErrorKeepsTheCloudsFacts(t *testing.T) {
	body := `{"RequestId":"0ED8D006-F706","HostId":"vpcpeer.aliyuncs.com","Code":"IncorrectStatus.VpcPeer","Message":"The status of pcc-1 [Creating] is incorrect.","Recommend":"x"}`
	se := sdkerrors.NewServerError(400, body, "").(*sdkerrors.ServerError)
	e := serverError(peering.AlibabaVPC, "Accept", se)
	want := peering.Error{Code: peering.FailedPrecondition, Provider: peering.AlibabaVPC, Op: "Accept",
		ProviderCode: "IncorrectStatus.VpcPeer", Message: "The status of pcc-1 [Creating] is incorrect.",
		RequestID: "0ED8D006-F706", HTTPStatus: 400}
	if *e != want {
		t.Fatalf("serverError = %+v\nwant %+v", *e, want)
	}
	if !errors.Is(e, peering.ErrFailedPrecondition) {
		t.Error("errors.Is(err, ErrFailedPrecondition) = false")
	}
}

func TestServerErrorRedactsStringToSign(t *testing.T) {
	const token = "CAISexampleSecurityTokenValue"
	redact.Secret(token)
	sts := "POST&%2F&AccessKeyId%3DLTAI%26SecurityToken%3D" + token + "%26Signature%3Dabc"
	body := `{"RequestId":"r","Code":"SignatureDoesNotMatch","Message":"Specified signature is not matched with our calculation. server string to sign is:` + sts + `"}`
	se := sdkerrors.NewServerError(400, body, "").(*sdkerrors.ServerError)
	e := serverError(peering.AlibabaVPC, "Get", se)
	for _, s := range []string{e.Message, e.Error(), fmt.Sprintf("%+v", e)} {
		if strings.Contains(s, token) {
			t.Errorf("security token leaked: %s", s)
		}
	}
}

func TestScrubRemovesTheURL(t *testing.T) {
	const secretURL = "https://vpcpeer.aliyuncs.com/?AccessKeyId=LTAI&SecurityToken=tok-abcdefgh&Signature=c2lnbmF0dXJl"
	for name, err := range map[string]error{
		"url.Error":            &url.Error{Op: "Post", URL: secretURL, Err: syscall.ECONNRESET},
		"SDK timeout wrapping": sdkerrors.NewClientError(sdkerrors.TimeoutErrorCode, "timed out", &url.Error{Op: "Post", URL: secretURL, Err: io.ErrUnexpectedEOF}),
		"text only":            errors.New("dial " + secretURL + ": refused"),
	} {
		got := scrub(err, "https://vpcpeer.aliyuncs.com")
		for e := got; e != nil; e = errors.Unwrap(e) {
			for _, s := range []string{e.Error(), fmt.Sprintf("%+v", e), fmt.Sprintf("%#v", e)} {
				if strings.Contains(s, "c2lnbmF0dXJl") || strings.Contains(s, "tok-abcdefgh") {
					t.Errorf("%s: the chain still shows the signed URL: %s", name, s)
				}
			}
		}
	}
	got := scrub(&url.Error{Op: "Post", URL: secretURL, Err: syscall.ECONNRESET}, "https://vpcpeer.aliyuncs.com")
	if !errors.Is(got, syscall.ECONNRESET) {
		t.Errorf("scrub lost the cause: %v", got)
	}
}
