package bce

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
)

// Error codes the emulator answers with. The first group is BCE's common
// table; the second is the emulator's own choice for conditions the peering
// documents describe without naming a code (see the package documentation).
const (
	CodeNoSuchObject                = "NoSuchObject"                // 404
	CodeAccessDenied                = "AccessDenied"                // 403
	CodeInvalidAccessKeyID          = "InvalidAccessKeyId"          // 403
	CodeIdempotentParameterMismatch = "IdempotentParameterMismatch" // 403
	CodeSignatureDoesNotMatch       = "SignatureDoesNotMatch"       // 400
	CodeInvalidHTTPAuthHeader       = "InvalidHTTPAuthHeader"       // 400
	CodeRequestExpired              = "RequestExpired"              // 400
	CodeMalformedJSON               = "MalformedJSON"               // 400
	CodeInappropriateJSON           = "InappropriateJSON"           // 400
	CodeInvalidHTTPRequest          = "InvalidHTTPRequest"          // 400
	CodeInvalidURI                  = "InvalidURI"                  // 400
	CodeBadDigest                   = "BadDigest"                   // 400
	CodeMethodNotAllowed            = "MethodNotAllowed"            // 405
	CodeInternalError               = "InternalError"               // 500
	CodeRequestRateLimitExceeded    = "RequestRateLimitExceeded"    // 429

	CodePeerConnStatusConflict     = "PeerConnStatusConflict"     // 409: the status (or DNS status) does not allow the operation
	CodePeerConnDeleteProtected    = "PeerConnDeleteProtected"    // 409: delete protection is on
	CodePrepaidPeerConnNotExpired  = "PrepaidPeerConnNotExpired"  // 409: an unexpired prepaid active connection cannot be released
	CodePeerConnAlreadyExists      = "PeerConnAlreadyExists"      // 409: the two VPCs are already peered
	CodeRelayVpcPeerConnNotAllowed = "RelayVpcPeerConnNotAllowed" // 400: both VPCs are relay VPCs
	CodePeerConnQuotaExceeded      = "PeerConnQuotaExceeded"      // 400: 10 per VPC or 10 per account and region

	CodeRouteRuleAlreadyExists          = "RouteRuleAlreadyExists"          // 409: a rule of the table has the same source and destination
	CodeRouteRuleDestinationOverlapsVpc = "RouteRuleDestinationOverlapsVpc" // 400: the destination overlaps the VPC's block
	CodeRouteRuleQuotaExceeded          = "RouteRuleQuotaExceeded"          // 400: the table holds MaxRouteRules custom rules
	CodeSystemRouteRuleNotDeletable     = "SystemRouteRuleNotDeletable"     // 400: a system rule cannot be deleted
)

// apiError is an error answer: HTTP status, code and message.
type apiError struct {
	status  int
	code    string
	message string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%d %s: %s", e.status, e.code, e.message)
}

func errorf(status int, code, format string, args ...any) *apiError {
	return &apiError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

// badBody refuses a request body that decodes but does not meet the
// operation's rules: BCE's common table gives InappropriateJSON for "a
// required item is missing, or the value type is not matched".
func badBody(format string, args ...any) *apiError {
	return errorf(http.StatusBadRequest, CodeInappropriateJSON, format, args...)
}

// badQuery refuses a query parameter the service does not accept: BCE's
// common table gives InvalidURI for a URI whose "service defined keywords
// are not matched". The documents name no code for a bad query value, so
// this is the nearest documented one (an assumption, listed as such in the
// package documentation).
func badQuery(format string, args ...any) *apiError {
	return errorf(http.StatusBadRequest, CodeInvalidURI, format, args...)
}

func noSuchPeerConn(id string) *apiError {
	return errorf(http.StatusNotFound, CodeNoSuchObject, "peering connection %s does not exist", id)
}

func accessDenied(format string, args ...any) *apiError {
	return errorf(http.StatusForbidden, CodeAccessDenied, format, args...)
}

func statusConflict(format string, args ...any) *apiError {
	return errorf(http.StatusConflict, CodePeerConnStatusConflict, format, args...)
}

// asAPIError turns any error into an answer; an error that is not an
// apiError is a bug in the emulator and is reported as InternalError.
func asAPIError(err error) *apiError {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	return errorf(http.StatusInternalServerError, CodeInternalError, "internal error: %v", err)
}

// errorBody is BCE's error shape: every value a string.
type errorBody struct {
	RequestID string `json:"requestId"`
	Code      string `json:"code"`
	Message   string `json:"message"`
}

// writeError writes an error in BCE's shape. It reuses the request ID the
// handler already set, and makes one when the fault injector answers before
// the handler ran.
func writeError(w http.ResponseWriter, status int, code, message string) {
	id := w.Header().Get(headerRequestID)
	if id == "" {
		id = newRequestID()
		w.Header().Set(headerRequestID, id)
	}
	body, err := json.Marshal(errorBody{RequestID: id, Code: code, Message: message})
	if err != nil { // three strings always marshal
		panic(fmt.Sprintf("bce: marshal error body: %v", err))
	}
	w.Header().Set("Content-Type", contentTypeJSON)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
