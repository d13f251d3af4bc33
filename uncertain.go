package peering

import (
	"fmt"
	"strings"

	"github.com/peeringkit/peering/internal/redact"
)

// UncertainWriteError reports a write whose outcome is unknown: its request
// may have reached the cloud, and may have been applied there, but no
// attempt brought back an answer that says so either way (an attempt timed
// out, the connection was reset, the answer was cut, lost or unreadable, or
// the server failed with a 5xx, and the retries ran out or the context
// ended). Adapters return it from Create; errors.As finds it, and Code and
// errors.Is see through it to the last attempt's error (Unavailable,
// DeadlineExceeded, ...), which Err holds.
//
// To retry safely, send the same request again with ClientToken set to the
// token reported here:
//
//	var uw *peering.UncertainWriteError
//	if errors.As(err, &uw) {
//		req.ClientToken = uw.ClientToken
//		id, err = p.Create(ctx, req)
//	}
//
// The token is what every attempt carried, so the cloud answers the retry
// with the connection the first call made, if it made one, instead of
// making a second. (Retrying without it risks a duplicate.) The token binds
// to the request: the same token with different parameters is refused as
// InvalidArgument. ENS, whose API takes no token, honours one in the
// adapter instead: see the alibabaens package.
//
// An error that leaves no doubt is never an UncertainWriteError: invalid
// input, a failure to connect before anything was sent, or a definite
// refusal by the cloud (a 4xx answer, throttling) mean nothing was made.
type UncertainWriteError struct {
	Provider Provider
	Op       string // the interface operation, "Create"
	// ClientToken is the idempotency token every attempt of the write
	// carried: the caller's CreateRequest.ClientToken, or the one the
	// adapter generated.
	ClientToken string
	// Err is the last attempt's error, normally a *Error.
	Err error
}

// Error formats the error as the last attempt's error followed by the
// token, like "peering: baidu Create: Unavailable: ...: outcome unknown,
// retry with ClientToken "..."", with secrets masked as in *Error.
func (e *UncertainWriteError) Error() string {
	var b strings.Builder
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString("peering: ")
		if e.Provider != "" {
			b.WriteString(string(e.Provider))
			b.WriteByte(' ')
		}
		b.WriteString(e.Op)
	}
	fmt.Fprintf(&b, ": outcome unknown, retry with ClientToken %q", e.ClientToken)
	return redact.String(b.String())
}

// Unwrap returns the last attempt's error.
func (e *UncertainWriteError) Unwrap() error { return e.Err }

// Format prints the redacted Error text for every verb, so that no form of
// printing (%v, %+v, %#v, %d, ...) can show the fields of a wrapped error
// unmasked.
func (e *UncertainWriteError) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprintf(f, "&peering.UncertainWriteError{%q}", e.Error())
		return
	}
	_, _ = f.Write([]byte(e.Error()))
}
