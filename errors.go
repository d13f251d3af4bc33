package peering

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/peeringkit/peering/internal/redact"
)

// ErrorCode is a portable error category, the same for every provider.
type ErrorCode int

// The error codes, after Go CDK's gcerrors and gRPC's codes.
const (
	OK                 ErrorCode = iota // no error
	Unknown                             // not classified
	NotFound                            // the connection (or a network it names) does not exist
	AlreadyExists                       // a connection between these networks exists
	InvalidArgument                     // bad input; rejected before or by the cloud
	FailedPrecondition                  // the connection's status does not allow the operation
	PermissionDenied                    // the account may not do this
	Unauthenticated                     // bad key, signature or expired request
	ResourceExhausted                   // throttled, or over quota
	Unavailable                         // 5xx, reset, truncated response: worth retrying later
	Canceled                            // the context was canceled
	DeadlineExceeded                    // the context's deadline passed
	Unimplemented                       // the provider has no such operation
	Internal                            // a broken promise: bad pagination, undecodable response
)

var codeNames = [...]string{"OK", "Unknown", "NotFound", "AlreadyExists", "InvalidArgument",
	"FailedPrecondition", "PermissionDenied", "Unauthenticated", "ResourceExhausted",
	"Unavailable", "Canceled", "DeadlineExceeded", "Unimplemented", "Internal"}

// String returns the code's name, like "NotFound".
func (c ErrorCode) String() string {
	if c >= 0 && int(c) < len(codeNames) {
		return codeNames[c]
	}
	return fmt.Sprintf("ErrorCode(%d)", int(c))
}

// Sentinels for errors.Is: errors.Is(err, ErrNotFound) reports whether Code(err) == NotFound.
var (
	ErrNotFound           error = sentinel(NotFound)
	ErrAlreadyExists      error = sentinel(AlreadyExists)
	ErrInvalidArgument    error = sentinel(InvalidArgument)
	ErrFailedPrecondition error = sentinel(FailedPrecondition)
	ErrPermissionDenied   error = sentinel(PermissionDenied)
	ErrUnauthenticated    error = sentinel(Unauthenticated)
	ErrResourceExhausted  error = sentinel(ResourceExhausted)
	ErrUnavailable        error = sentinel(Unavailable)
	ErrUnimplemented      error = sentinel(Unimplemented)
	ErrInternal           error = sentinel(Internal)
)

type sentinel ErrorCode

func (s sentinel) Error() string { return "peering: " + ErrorCode(s).String() }

// Error is the error every adapter returns. Its text never contains a secret
// key, a security token or a signature: they are masked when it is formatted.
type Error struct {
	Code     ErrorCode
	Provider Provider
	Op       string // the interface operation, like "Get" or "ListPage"

	// What the cloud said, when it said anything.
	ProviderCode string // the cloud's own error code, like "NoSuchObject"
	Message      string
	RequestID    string
	HTTPStatus   int

	// Err is the underlying cause, if any (a transport error, context.Canceled).
	Err error
}

// Error formats the error as
// "peering: baidu Get: NotFound: NoSuchObject: message (HTTP 404, request id ...): cause".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("peering: ")
	if e.Provider != "" {
		b.WriteString(string(e.Provider))
		b.WriteByte(' ')
	}
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	b.WriteString(e.Code.String())
	if e.ProviderCode != "" {
		b.WriteString(": ")
		b.WriteString(e.ProviderCode)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.HTTPStatus != 0 || e.RequestID != "" {
		b.WriteString(" (")
		if e.HTTPStatus != 0 {
			fmt.Fprintf(&b, "HTTP %d", e.HTTPStatus)
			if e.RequestID != "" {
				b.WriteString(", ")
			}
		}
		if e.RequestID != "" {
			b.WriteString("request id ")
			b.WriteString(e.RequestID)
		}
		b.WriteByte(')')
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return redact.String(b.String())
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is the sentinel for e's code.
func (e *Error) Is(target error) bool {
	s, ok := target.(sentinel)
	return ok && ErrorCode(s) == e.Code
}

// Code returns the portable code of err: OK for nil, the code of the first
// *Error in its chain, Canceled or DeadlineExceeded for context errors, and
// Unknown for anything else.
func Code(err error) ErrorCode {
	if err == nil {
		return OK
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	var s sentinel
	if errors.As(err, &s) {
		return ErrorCode(s)
	}
	switch {
	case errors.Is(err, context.Canceled):
		return Canceled
	case errors.Is(err, context.DeadlineExceeded):
		return DeadlineExceeded
	}
	return Unknown
}

// ContextError returns a Canceled or DeadlineExceeded *Error for ctx's error,
// or nil while ctx is live. Adapters use it to report cancellation in the
// portable form; errors.Is(err, context.Canceled) still holds.
func ContextError(ctx context.Context, p Provider, op string) error {
	err := ctx.Err()
	if err == nil {
		return nil
	}
	code := Canceled
	if errors.Is(err, context.DeadlineExceeded) {
		code = DeadlineExceeded
	}
	if cause := context.Cause(ctx); cause != nil && cause != err {
		err = fmt.Errorf("%w: %w", err, cause)
	}
	return &Error{Code: code, Provider: p, Op: op, Err: err}
}

// Unimplementedf returns an Unimplemented *Error for an operation p lacks.
func Unimplementedf(p Provider, op, format string, args ...any) error {
	return &Error{Code: Unimplemented, Provider: p, Op: op, Message: fmt.Sprintf(format, args...)}
}

// InvalidArgumentf returns an InvalidArgument *Error for input rejected before
// any request was sent.
func InvalidArgumentf(p Provider, op, format string, args ...any) error {
	return &Error{Code: InvalidArgument, Provider: p, Op: op, Message: fmt.Sprintf(format, args...)}
}
