// Package httpcode is the one table that turns an HTTP status into a
// portable error code. Every adapter asks it when the cloud's answer has no
// error code, or one the adapter's own table does not know, so that the same
// status means the same thing whichever cloud sent it. It also holds the
// one rule of whether a failed write may have been applied (MayHaveApplied).
package httpcode

import (
	"net/http"

	"github.com/peeringkit/peering"
)

// Classify returns the portable code of an error answer from its HTTP
// status alone:
//
//	400                InvalidArgument
//	401                Unauthenticated
//	403                PermissionDenied
//	404                NotFound
//	405, 501           Unimplemented
//	409, 412           FailedPrecondition
//	429                ResourceExhausted
//	other 5xx (and up) Unavailable
//	anything else      Unknown
//
// 409 is FailedPrecondition, not AlreadyExists: a conflict is most often the
// connection's state refusing the operation (a delete while it is being
// created), and a duplicate is told apart only by the cloud's error code,
// which callers look up before falling back on this table. 501 is a
// server that lacks the operation, which retrying does not change.
func Classify(status int) peering.ErrorCode {
	switch {
	case status == http.StatusBadRequest:
		return peering.InvalidArgument
	case status == http.StatusUnauthorized:
		return peering.Unauthenticated
	case status == http.StatusForbidden:
		return peering.PermissionDenied
	case status == http.StatusNotFound:
		return peering.NotFound
	case status == http.StatusMethodNotAllowed, status == http.StatusNotImplemented:
		return peering.Unimplemented
	case status == http.StatusConflict, status == http.StatusPreconditionFailed:
		return peering.FailedPrecondition
	case status == http.StatusTooManyRequests:
		return peering.ResourceExhausted
	case status >= 500:
		return peering.Unavailable
	}
	return peering.Unknown
}
