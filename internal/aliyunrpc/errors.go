package aliyunrpc

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/httpcode"
	"github.com/peeringkit/peering/internal/redact"
)

// codeRule maps the cloud's error codes matching a glob (path.Match syntax,
// compared case-insensitively) to a portable code. The first match wins, so
// exceptions come before the broad patterns they carve out of.
type codeRule struct {
	glob string
	code peering.ErrorCode
}

// codeRules is the error-mapping table of both Alibaba adapters.
var codeRules = []codeRule{
	// Credentials and signing. InvalidAccessKeyId.NotFound is not a missing
	// connection; InvalidAction.NotFound is an API the endpoint lacks (ENS
	// Create and Modify are unverified).
	{"InvalidAccessKeyId*", peering.Unauthenticated},
	{"InvalidSecurityToken*", peering.Unauthenticated},
	{"MissingSecurityToken", peering.Unauthenticated},
	{"SignatureDoesNotMatch", peering.Unauthenticated},
	{"IncompleteSignature", peering.Unauthenticated},
	{"InvalidTimeStamp*", peering.Unauthenticated},
	{"SignatureNonceUsed", peering.Unauthenticated},
	{"InvalidAction*", peering.Unimplemented},
	{"UnsupportedOperation*", peering.Unimplemented},

	// Missing things.
	{"ResourceNotFound*", peering.NotFound},
	{"InstanceNotFound*", peering.NotFound},
	{"*.NotFound", peering.NotFound},
	{"*NotExist*", peering.NotFound},

	// Transient: throttling and a concurrent operation on either network
	// (nothing was changed, try again later), and server failures.
	{"Throttling*", peering.ResourceExhausted},
	{"Conflict.Operation", peering.Unavailable},
	{"OperationConflict", peering.Unavailable},
	{"*.OperationConflict", peering.Unavailable},
	{"ServiceUnavailable*", peering.Unavailable},
	{"InternalError*", peering.Unavailable},
	{"ens.interface.error", peering.Unavailable},
	// The VPC route writes: another route write of the VPC is under way
	// (TaskConflict, "The operation is too frequent"), or a route of the
	// table is still Pending or Modifying (the CreateRouteEntry and
	// DeleteRouteEntry documents).
	{"TaskConflict", peering.Unavailable},
	{"IncorrectRouteEntryStatus", peering.Unavailable},

	// Quotas: over a limit that waiting does not lift.
	{"QuotaExceed*", peering.ResourceExhausted},
	{"*.QuotaExceeded", peering.ResourceExhausted},

	// Existing things: a second connection for a pair that allows one
	// (OperationDenied.NetworkPeerConnectionExists). Routes that still use
	// a connection are a state to change first, not a duplicate.
	{"OperationDenied.RouteEntryExist*", peering.FailedPrecondition},
	{"*ConnectionExist*", peering.AlreadyExists},
	{"*AlreadyExist*", peering.AlreadyExists},

	// The connection's or the account's state forbids the operation.
	{"IncorrectStatus*", peering.FailedPrecondition},
	{"IncorrectBusinessStatus*", peering.FailedPrecondition},
	{"OperationDenied*", peering.FailedPrecondition},
	{"OperationFailed*", peering.FailedPrecondition},

	// Bad input. Forbidden.TagKey* is a tag the cloud refuses, not a
	// permission; IdempotentParameterMismatch is a ClientToken reused for a
	// different request.
	{"Forbidden.TagKey*", peering.InvalidArgument},
	// A route table's destinations are unique: InvalidCIDRBlock.Duplicate,
	// InvalidRouteEntry.Duplicate (CreateRouteEntry document),
	// RouterEntryConflict.Duplicated (as clients meet it).
	{"*.Duplicate", peering.AlreadyExists},
	{"*.Duplicated", peering.AlreadyExists},
	{"IdempotentParameterMismatch", peering.InvalidArgument},
	{"MissingParam*", peering.InvalidArgument},
	{"InvalidParam*", peering.InvalidArgument},
	{"IllegalParam*", peering.InvalidArgument},
	{"BothEmpty.*", peering.InvalidArgument},
	{"Invalid*", peering.InvalidArgument}, // InvalidTagKey, InvalidNextToken, ...

	// Permissions.
	{"Forbidden*", peering.PermissionDenied},
	{"NoPermission*", peering.PermissionDenied},
	{"AccessDenied*", peering.PermissionDenied},
	{"*.Unauthorized", peering.PermissionDenied},
}

// Classify returns the portable code for an error answer of the cloud.
// The code decides when it is known (see the table below); an empty or
// unknown code falls back on the HTTP status through internal/httpcode, the
// status table every adapter shares: 400 InvalidArgument, 401
// Unauthenticated, 403 PermissionDenied, 404 NotFound, 405 and 501
// Unimplemented, 409 and 412 FailedPrecondition, 429 ResourceExhausted, other
// 5xx Unavailable, anything else Unknown.
//
//	InvalidAccessKeyId*, InvalidSecurityToken*, MissingSecurityToken,
//	SignatureDoesNotMatch, IncompleteSignature, InvalidTimeStamp*,
//	SignatureNonceUsed                                             Unauthenticated
//	InvalidAction*, UnsupportedOperation*                          Unimplemented
//	ResourceNotFound* (ResourceNotFound.InstanceId),
//	InstanceNotFound* (InstanceNotFound.NetworkPeerConnection),
//	*.NotFound, *NotExist*                                         NotFound
//	Throttling* (Throttling.User)                                  ResourceExhausted, retried
//	Conflict.Operation, OperationConflict, *.OperationConflict     Unavailable, retried
//	ServiceUnavailable*, InternalError*, ens.interface.error       Unavailable, retried
//	TaskConflict, IncorrectRouteEntryStatus                        Unavailable, retried
//	QuotaExceed*, *.QuotaExceeded                                  ResourceExhausted
//	OperationDenied.RouteEntryExist*                               FailedPrecondition
//	*ConnectionExist*, *AlreadyExist*                              AlreadyExists
//	IncorrectStatus.*, IncorrectBusinessStatus.*, OperationDenied.*,
//	OperationFailed.*                                              FailedPrecondition
//	*.Duplicate, *.Duplicated (but Forbidden.TagKey.Duplicated)    AlreadyExists
//	Forbidden.TagKey*, IdempotentParameterMismatch, MissingParam*,
//	InvalidParam*, IllegalParam*, BothEmpty.*, Invalid* (other)    InvalidArgument
//	Forbidden*, NoPermission*, AccessDenied*, *.Unauthorized       PermissionDenied
//
// IncorrectStatus.* is not retried: the connection is in the wrong status
// for the operation, which may last (a rejected connection stays rejected);
// callers that expect a transient status wait for it with peering.WaitFor.
func Classify(providerCode string, httpStatus int) peering.ErrorCode {
	if providerCode != "" {
		lc := strings.ToLower(providerCode)
		for _, r := range codeRules {
			if ok, _ := path.Match(strings.ToLower(r.glob), lc); ok {
				return r.code
			}
		}
	}
	return httpcode.Classify(httpStatus)
}

// Retryable is the retry classification of both adapters, for retry.Do:
// throttling (Throttling*, or HTTP 429 without a code), Unavailable errors
// (Conflict.Operation, 5xx, resets, timeouts, truncated bodies) except
// certificate failures, and SignatureNonceUsed (each attempt
// is signed with a new nonce).
func Retryable(err error) (bool, time.Duration) {
	var e *peering.Error
	if !errors.As(err, &e) {
		return false, 0
	}
	switch e.Code {
	case peering.Unavailable:
		return !isCertificateError(e.Err), 0
	case peering.ResourceExhausted:
		return isThrottling(e), 0
	case peering.Unauthenticated:
		return e.ProviderCode == "SignatureNonceUsed", 0
	}
	return false, 0
}

// OutcomeUnknown reports whether err, the error of one attempt of a write,
// leaves open whether the write was applied (httpcode.MayHaveApplied): the
// exchange broke after the request may have been sent (reset, timeout,
// dropped or truncated answer, the context ending mid-exchange), the server
// failed (5xx) after the request may have reached it, or it answered 2xx
// with a body that could not be read. Answers that say nothing was done
// (throttling, Conflict.Operation, validation errors) and failures to
// connect are known outcomes.
func OutcomeUnknown(err error) bool {
	var e *peering.Error
	if !errors.As(err, &e) || isConflict(e.ProviderCode) {
		return false
	}
	return httpcode.MayHaveApplied(e.HTTPStatus, err)
}

func isThrottling(e *peering.Error) bool {
	if e.ProviderCode == "" {
		return e.HTTPStatus == http.StatusTooManyRequests
	}
	return strings.HasPrefix(strings.ToLower(e.ProviderCode), "throttling")
}

func isConflict(code string) bool {
	lc := strings.ToLower(code)
	return lc == "conflict.operation" || strings.HasSuffix(lc, "operationconflict")
}

func isCertificateError(err error) bool {
	var (
		verr *tls.CertificateVerificationError
		uerr x509.UnknownAuthorityError
		herr x509.HostnameError
		ierr x509.CertificateInvalidError
	)
	return errors.As(err, &verr) || errors.As(err, &uerr) || errors.As(err, &herr) || errors.As(err, &ierr)
}

// maxMessage bounds the cloud's message kept in an error: a non-JSON error
// body (a proxy's HTML page) becomes the whole message otherwise.
const maxMessage = 512

// serverError turns the SDK's error answer into a *peering.Error.
func serverError(p peering.Provider, op string, se *sdkerrors.ServerError) *peering.Error {
	msg := redact.String(strings.TrimSpace(se.Message()))
	if len(msg) > maxMessage {
		msg = msg[:maxMessage] + "..."
	}
	return &peering.Error{
		Code:         Classify(se.ErrorCode(), se.HttpStatus()),
		Provider:     p,
		Op:           op,
		ProviderCode: se.ErrorCode(),
		Message:      msg,
		RequestID:    se.RequestId(),
		HTTPStatus:   se.HttpStatus(),
	}
}

// decodeError classifies a 2xx answer that Decode could not read. The body
// was read whole, so the bytes are what the server sent:
// undecodable JSON (a wrong type, a value that is no number) is Internal,
// not retried, since the server would send it again; so is an empty body.
// JSON that stops short, though its transfer was complete, is a body cut
// on its way (by a proxy, say): Unavailable, retried.
func decodeError(p peering.Provider, call Call, resp *answer, err error) *peering.Error {
	body := resp.body.Bytes()
	e := &peering.Error{Code: peering.Internal, Provider: p, Op: call.Op, HTTPStatus: resp.status,
		RequestID: stringMember(body, "RequestId"), Message: call.Action + " answered with JSON that is not the answer expected", Err: err}
	var syntax *json.SyntaxError
	switch {
	case len(bytes.TrimSpace(body)) == 0:
		e.Message = call.Action + " answered with an empty body"
	case errors.As(err, &syntax) && syntax.Error() == "unexpected end of JSON input" || errors.Is(err, io.ErrUnexpectedEOF):
		e.Code, e.Message = peering.Unavailable, call.Action+" answered with a truncated body"
	}
	return e
}

// sdkPanic is the SDK's panic while it read an error answer, recovered.
type sdkPanic struct{ value any }

func (p sdkPanic) Error() string {
	return fmt.Sprintf("the SDK panicked reading the answer: %v", p.value)
}

// malformedAnswer is the error for an error answer whose body is JSON in
// the cloud's shape but with members of the wrong type, which makes the
// SDK panic. A Code that still reads as text is classified as usual. One
// that does not (a number) is the cloud breaking its format: like an
// undecodable 2xx body it is Internal, not retried, since the same request
// gets the same answer; except that 429 and 5xx statuses still decide
// (throttled, server failure: retried).
func malformedAnswer(p peering.Provider, op string, resp *answer, cause error) *peering.Error {
	status, body := resp.status, resp.body.Bytes()
	providerCode := stringMember(body, "Code")
	code := Classify(providerCode, status)
	if providerCode == "" && status != http.StatusTooManyRequests && status < 500 {
		code = peering.Internal
	}
	msg := redact.String(strings.TrimSpace(string(body)))
	if len(msg) > maxMessage {
		msg = msg[:maxMessage] + "..."
	}
	return &peering.Error{Code: code, Provider: p, Op: op, ProviderCode: providerCode, HTTPStatus: status,
		RequestID: stringMember(body, "RequestId"), Message: "an error answer not in the cloud's shape: " + msg, Err: cause}
}

// stringMember returns the string member name of the JSON object data, or "".
func stringMember(data []byte, name string) string {
	var obj map[string]json.RawMessage
	if json.Unmarshal(data, &obj) != nil {
		return ""
	}
	var s string
	_ = json.Unmarshal(obj[name], &s)
	return s
}

// transportError is a failed exchange with the request URL removed: the URL
// carries the signature and any security token in its query.
type transportError struct {
	method   string
	endpoint string
	err      error // what went wrong, without the URL
}

func (e *transportError) Error() string {
	return redact.String(e.method + " " + e.endpoint + ": " + e.err.Error())
}

func (e *transportError) Unwrap() error { return e.err }

// scrub returns err in a form that cannot reveal the request URL: a
// *url.Error (also inside the SDK's ClientError) loses its URL, and any
// other error whose text would need redacting is replaced by its redacted
// text (its chain could hold the URL).
func scrub(err error, endpoint string) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return &transportError{method: ue.Op, endpoint: endpoint, err: scrub(ue.Err, endpoint)}
	}
	var ce *sdkerrors.ClientError
	if errors.As(err, &ce) && ce.OriginError() != nil {
		return &transportError{method: ce.ErrorCode(), endpoint: endpoint, err: scrub(ce.OriginError(), endpoint)}
	}
	if s := err.Error(); redact.String(s) != s {
		return errors.New(redact.String(s))
	}
	return err
}
