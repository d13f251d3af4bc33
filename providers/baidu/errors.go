package baidu

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/httpcode"
	"github.com/peeringkit/peering/internal/redact"
)

// codes maps Baidu error codes to portable codes (the package documentation
// has the table). BCE's common codes come from its documents; the peering
// API names few of its own, so the rest are those the emulator answers with
// and Terraform's not-found set. Keys are lower case: codes are compared
// case-insensitively, as the SDK does.
var codes = map[string]peering.ErrorCode{
	"nosuchobject":     peering.NotFound,
	"notfound":         peering.NotFound,
	"resourcenotfound": peering.NotFound, // also Terraform's "ResourceNotfound"

	"invalidaccesskeyid":    peering.Unauthenticated,
	"signaturedoesnotmatch": peering.Unauthenticated,
	"invalidhttpauthheader": peering.Unauthenticated,
	"requestexpired":        peering.Unauthenticated,

	"accessdenied":   peering.PermissionDenied,
	"qualifynotpass": peering.PermissionDenied,
	"optinrequired":  peering.PermissionDenied,

	// The token was reused for a different request: the caller's mistake,
	// which retrying cannot mend.
	"idempotentparametermismatch": peering.InvalidArgument,
	"invalidparameter":            peering.InvalidArgument,
	"malformedjson":               peering.InvalidArgument,
	"inappropriatejson":           peering.InvalidArgument,
	"invalidhttprequest":          peering.InvalidArgument,
	"invaliduri":                  peering.InvalidArgument,
	"invalidversion":              peering.InvalidArgument,
	"baddigest":                   peering.InvalidArgument,
	"relayvpcpeerconnnotallowed":  peering.InvalidArgument,

	"preconditionfailed":        peering.FailedPrecondition,
	"peerconnstatusconflict":    peering.FailedPrecondition,
	"peerconndeleteprotected":   peering.FailedPrecondition,
	"prepaidpeerconnnotexpired": peering.FailedPrecondition,

	"peerconnalreadyexists": peering.AlreadyExists,

	// Route rules: the emulator's names for the rules of the create
	// document, which names no code.
	"routerulealreadyexists":          peering.AlreadyExists,
	"routeruledestinationoverlapsvpc": peering.InvalidArgument,
	"routerulequotaexceeded":          peering.ResourceExhausted,
	"systemrouterulenotdeletable":     peering.FailedPrecondition,

	"peerconnquotaexceeded": peering.ResourceExhausted, // not retried: a full quota stays full

	// Throttling: no VPC code is published; BOS's is RequestRateLimitExceeded.
	"requestratelimitexceeded": peering.ResourceExhausted,

	"internalerror": peering.Unavailable,
}

// classify returns the portable code of a Baidu error answer. The code wins
// over the status, except that 429 and 5xx decide by the status alone
// (internal/httpcode: 429 ResourceExhausted, 501 Unimplemented, other 5xx
// Unavailable): BCE's throttling and server codes are not all published, and
// a failing server's code says nothing about the request. An unknown or
// absent code falls back on the status the same way.
func classify(status int, code string) peering.ErrorCode {
	if status != http.StatusTooManyRequests && status < 500 {
		if c, ok := codes[strings.ToLower(code)]; ok {
			return c
		}
	}
	return httpcode.Classify(status)
}

// Internal causes that decide retries; never shown alone.
var (
	// errEmptyBody marks a 200 answer with no body where JSON was expected.
	errEmptyBody = errors.New("empty response body")
	// errTransient marks an answer that is wrong in a way a second try may
	// fix (a list page that points at itself).
	errTransient = errors.New("transient anomaly")
	// errIncomplete marks a well-formed answer that lacks a field it must
	// have: not retried, as the server would send it again.
	errIncomplete = errors.New("required field missing")
	// errAttemptTimeout replaces the context error of an attempt that ran
	// out of its own time while the caller's ctx was still live.
	errAttemptTimeout = errors.New("no answer within the attempt's time limit")
)

// responseError builds the error for a non-2xx answer. The transport
// (internal/httpguard) ends the body after 64 KiB; BCE error bodies are a
// few hundred bytes.
func responseError(op string, resp *http.Response) (err *peering.Error, retryAfter time.Duration) {
	var body errorBody
	malformed := false
	data, _ := io.ReadAll(resp.Body)
	if len(data) > 0 {
		if err := json.Unmarshal(data, &body); err != nil {
			snippet := strings.TrimSpace(string(data[:min(len(data), 200)]))
			var typ *json.UnmarshalTypeError
			if errors.As(err, &typ) {
				// BCE's shape with a member of the wrong type: keep what
				// reads. A code that does not (a number) is the cloud
				// breaking its format.
				var text bool
				body.Code, text = member(data, "code")
				malformed = !text
				body.RequestID, _ = member(data, "requestId")
				if m, ok := member(data, "message"); ok {
					body.Message = m
				} else {
					body.Message = snippet
				}
			} else {
				// Not BCE's shape: a proxy or load balancer answered.
				body = errorBody{Message: snippet}
			}
		}
	}
	reqID := resp.Header.Get("X-Bce-Request-Id")
	if reqID == "" {
		reqID = body.RequestID
	}
	msg := body.Message
	if msg == "" && body.Code == "" {
		msg = http.StatusText(resp.StatusCode)
	}
	code := classify(resp.StatusCode, body.Code)
	if malformed && resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode < 500 {
		// Deterministic: the same request gets the same unreadable answer.
		// (429 and 5xx say to try later whatever the body.)
		code = peering.Internal
	}
	return &peering.Error{
		Code:         code,
		Provider:     peering.Baidu,
		Op:           op,
		ProviderCode: body.Code,
		// Masked now, not only when printed, so that %#v of the error
		// cannot show a signature a server echoed.
		Message:    redact.String(msg),
		RequestID:  reqID,
		HTTPStatus: resp.StatusCode,
	}, parseRetryAfter(resp.Header.Get("Retry-After"))
}

// member returns member name of the JSON object data: a string's text
// with ok, the JSON text of anything else without, or "" and true when
// there is no such member.
func member(data []byte, name string) (text string, ok bool) {
	var obj map[string]json.RawMessage
	if json.Unmarshal(data, &obj) != nil {
		return "", true
	}
	v, found := obj[name]
	if !found || string(v) == "null" {
		return "", true
	}
	if json.Unmarshal(v, &text) == nil {
		return text, true
	}
	return string(v), false
}

// throttled reports whether e is a rate-limit answer (retried), as opposed
// to a full quota (not retried).
func throttled(e *peering.Error) bool {
	return e.Code == peering.ResourceExhausted &&
		(e.HTTPStatus == http.StatusTooManyRequests || strings.EqualFold(e.ProviderCode, "RequestRateLimitExceeded"))
}

// transportError turns a failure to exchange a request into a portable
// error. The *url.Error is unwrapped because its text holds the full URL,
// query included. A failure after the connection was made is marked
// (httpcode.MarkSent): the request may have reached the server.
func transportError(ctx context.Context, op, method, path string, err error) error {
	if cerr := peering.ContextError(ctx, peering.Baidu, op); cerr != nil {
		var pe *peering.Error
		if errors.As(cerr, &pe) {
			pe.Err = httpcode.MarkSent(pe.Err, err)
		}
		return cerr
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	cause := err
	if errors.Is(err, context.DeadlineExceeded) {
		// The attempt's own timeout, not the caller's (checked above):
		// worth another try, and not to be mistaken for ctx's deadline.
		err = errAttemptTimeout
	}
	return &peering.Error{Code: peering.Unavailable, Provider: peering.Baidu, Op: op, Message: "sending " + method + " " + path,
		Err: httpcode.MarkSent(err, cause)}
}

// mayHaveApplied reports whether a failed attempt leaves open whether the
// server acted on the request (httpcode.MayHaveApplied): the exchange broke
// after the request may have been sent (a reset, a timeout, a cut or lost
// answer, the caller's context ending mid-exchange), the server failed (5xx
// other than 501), or it answered 2xx with a body that could not be read.
func mayHaveApplied(err error) bool {
	var pe *peering.Error
	return errors.As(err, &pe) && httpcode.MayHaveApplied(pe.HTTPStatus, err)
}

// parseRetryAfter reads a Retry-After header in seconds or as an HTTP date;
// 0 when absent or unreadable. Values are capped at a minute so that a
// confused server cannot park a caller.
func parseRetryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	var d time.Duration
	if s, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
		d = time.Duration(s) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = time.Until(t)
	}
	return max(0, min(d, time.Minute))
}

// opError builds an error of this adapter for operation op.
func opError(code peering.ErrorCode, op, format string, args ...any) *peering.Error {
	return &peering.Error{Code: code, Provider: peering.Baidu, Op: op, Message: fmt.Sprintf(format, args...)}
}

// invalid returns an InvalidArgument error for input rejected before sending.
func invalid(op, format string, args ...any) error {
	return peering.InvalidArgumentf(peering.Baidu, op, format, args...)
}
