package baidu

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
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
	"github.com/peeringkit/peering/internal/httpguard"
	"github.com/peeringkit/peering/internal/ratelimit"
	"github.com/peeringkit/peering/internal/retry"
)

// The thin BCE client: bce-sdk-go takes no context.Context, so the adapter
// speaks the REST protocol itself over net/http.

// attemptTimeout bounds one HTTP exchange when the caller's context allows
// longer, so that a hung connection becomes a retried Unavailable instead
// of a call that never returns. Baidu answers in well under a second.
const attemptTimeout = 30 * time.Second

const (
	contentType = "application/json;charset=utf-8"
	userAgent   = "peeringkit-peering/baidu"
)

// request is one API call, sent once per attempt.
type request struct {
	op     string // the operation reported in errors: "Get", "ListPage", ...
	api    string // Baidu's name for the API, for rate-limit buckets: "GetPeerConn", ...
	method string
	path   string // unescaped, like "/v1/peerconn/peerconn-abc"
	query  url.Values
	body   []byte // JSON, or nil
	// decode reads a 2xx body, whole and not empty; nil ignores it. It runs
	// once per attempt and must not keep state from a failed attempt. body
	// is reused for a later answer once decode returns: nothing decode
	// keeps or returns may point into it (json.Unmarshal and
	// normalize.Reader copy what they store).
	decode func(body []byte) error
	// uncertainToken, set on a create, is its clientToken: when the call
	// fails after an attempt that may have been applied (mayHaveApplied),
	// do returns a *peering.UncertainWriteError that carries it.
	uncertainToken string
}

// do sends r with retries. Every attempt is signed afresh; a write's
// clientToken is in r.query and so the same on every attempt, which is what
// makes retrying a write safe. The error is a *peering.Error, or a
// *peering.UncertainWriteError wrapping one (see r.uncertainToken).
func (c *Client) do(ctx context.Context, r *request) error {
	if err := peering.ContextError(ctx, peering.Baidu, r.op); err != nil {
		return err
	}
	var after time.Duration
	resigned, uncertain := false, false
	err := retry.Do(ctx, c.policy, func(ctx context.Context, _ int) error {
		var err error
		after, err = c.attempt(ctx, r)
		uncertain = uncertain || mayHaveApplied(err)
		return err
	}, func(err error) (bool, time.Duration) {
		var pe *peering.Error
		if !errors.As(err, &pe) {
			return false, 0
		}
		switch {
		case pe.Code == peering.Unavailable, throttled(pe), errors.Is(err, errTransient):
			return true, after
		case strings.EqualFold(pe.ProviderCode, "RequestExpired") && !resigned:
			// Clock skew or a slow queue: the next attempt carries a fresh
			// timestamp. Once only, since skew does not go away by itself.
			resigned = true
			return true, 0
		}
		return false, 0
	})
	var pe *peering.Error
	if err != nil && !errors.As(err, &pe) {
		// ctx ended during a pause between tries: retry.Do returns ctx's
		// own error, which is reported in the portable form.
		if cerr := peering.ContextError(ctx, peering.Baidu, r.op); cerr != nil {
			err = cerr
		}
	}
	if err != nil && uncertain && r.uncertainToken != "" {
		return &peering.UncertainWriteError{Provider: peering.Baidu, Op: r.op, ClientToken: r.uncertainToken, Err: err}
	}
	return err
}

// attempt sends r once. It returns the server's Retry-After with the error.
func (c *Client) attempt(ctx context.Context, r *request) (time.Duration, error) {
	if c.limit.Calls > 0 {
		if err := ratelimit.Shared.Wait(ctx, c.limitKey+r.api, c.limit); err != nil {
			if cerr := peering.ContextError(ctx, peering.Baidu, r.op); cerr != nil {
				return 0, cerr
			}
			// The limiter refuses a wait that would pass ctx's deadline.
			return 0, &peering.Error{Code: peering.DeadlineExceeded, Provider: peering.Baidu, Op: r.op,
				Message: "client-side rate limit: the deadline would pass first", Err: err}
		}
	}
	actx, cancel := context.WithTimeout(ctx, c.attemptTimeout)
	defer cancel()
	req, err := c.newHTTPRequest(actx, r)
	if err != nil {
		return 0, &peering.Error{Code: peering.Internal, Provider: peering.Baidu, Op: r.op, Message: "building the request", Err: err}
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		var re *httpguard.RedirectError
		if errors.As(err, &re) && ctx.Err() == nil {
			// Deterministic: the endpoint would redirect again. Not retried.
			return 0, &peering.Error{Code: peering.Internal, Provider: peering.Baidu, Op: r.op, HTTPStatus: re.Status,
				Message: "sending " + r.method + " " + r.path, Err: re}
		}
		return 0, transportError(ctx, r.op, r.method, r.path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		e, after := responseError(r.op, resp)
		return after, e
	}
	if r.decode != nil {
		body, err := httpguard.ReadBody(resp)
		switch {
		case err != nil:
		case len(bytes.TrimSpace(body.Bytes())) == 0:
			err = io.EOF // as a JSON decoder reads an empty body
		default:
			err = r.decode(body.Bytes())
		}
		// decode has returned: what it kept, and its error, are copies
		// (see request.decode), so the buffer can serve the next page.
		body.Release()
		if err != nil {
			return 0, decodeError(ctx, r, resp, err)
		}
	}
	// Drain a little so the connection can be reused.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
	return 0, nil
}

// newHTTPRequest builds and signs one attempt's request.
func (c *Client) newHTTPRequest(ctx context.Context, r *request) (*http.Request, error) {
	u := *c.base
	u.Path = r.path
	u.RawPath = uriEncode(r.path, false) // what is sent is what is signed
	u.RawQuery = encodeQuery(r.query)
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u.String(), body)
	if err != nil {
		return nil, err
	}
	ts := c.now().UTC()
	h := req.Header
	h.Set("Content-Type", contentType)
	h.Set("User-Agent", userAgent)
	h.Set("X-Bce-Date", ts.Format(authTimeLayout))
	if r.body != nil {
		sum := md5.Sum(r.body)
		h.Set("Content-Md5", base64.StdEncoding.EncodeToString(sum[:]))
		// Signed like the SDK does; the transport writes the real header
		// from req.ContentLength and ignores this one.
		h.Set("Content-Length", strconv.Itoa(len(r.body)))
	}
	if c.cred.SessionToken != "" {
		h.Set("X-Bce-Security-Token", c.cred.SessionToken)
	}
	h.Set("Authorization", authorization(c.cred.AccessKeyID, c.cred.SecretAccessKey, ts,
		r.method, r.path, r.query, req.Host, h))
	return req, nil
}

// decodeError classifies a failure to read a 2xx body: a cut connection or
// a truncated body is Unavailable (retried), bytes that are not the JSON
// expected, or more of them than Options.MaxResponseBytes, are Internal (not
// retried: the server would send them again).
func decodeError(ctx context.Context, r *request, resp *http.Response, err error) error {
	if cerr := peering.ContextError(ctx, peering.Baidu, r.op); cerr != nil {
		return cerr
	}
	e := &peering.Error{Provider: peering.Baidu, Op: r.op, HTTPStatus: resp.StatusCode,
		RequestID: resp.Header.Get("X-Bce-Request-Id"), Err: err}
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, httpguard.ErrBodyTooLarge):
		e.Code, e.Message = peering.Internal, "reading the answer"
	case errors.Is(err, io.EOF):
		e.Code, e.Message, e.Err = peering.Internal, "the answer has no body", errEmptyBody
	case errors.Is(err, errTransient):
		e.Code, e.Message = peering.Internal, "the answer is inconsistent"
	case errors.As(err, &syntax), errors.As(err, &typ), errors.Is(err, errIncomplete):
		e.Code, e.Message = peering.Internal, "the answer is not the JSON expected"
	case errors.Is(err, context.DeadlineExceeded):
		e.Code, e.Message, e.Err = peering.Unavailable, "reading the answer", errAttemptTimeout
	default:
		e.Code, e.Message = peering.Unavailable, "reading the answer"
	}
	return e
}

// unmarshal decodes a whole body. JSON that stops short, though its
// transfer was complete, is a body cut on its way (by a proxy, say):
// io.ErrUnexpectedEOF, retried like a transfer cut short, where a body
// that is whole but not the JSON expected is not.
func unmarshal(body []byte, v any) error { return cutShort(body, json.Unmarshal(body, v)) }

// cutShort reports a decoding error of body that stopped at its end as
// io.ErrUnexpectedEOF (see unmarshal); any other error is returned as it is.
func cutShort(body []byte, err error) error {
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) && syntax.Offset >= int64(len(body)) {
		return fmt.Errorf("%w: %v", io.ErrUnexpectedEOF, err)
	}
	return err
}

// newClientToken returns a fresh idempotency token: 32 hex digits, within
// Baidu's limit of 64 ASCII characters.
func newClientToken(op string) (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", &peering.Error{Code: peering.Internal, Provider: peering.Baidu, Op: op, Message: "making a client token", Err: err}
	}
	return hex.EncodeToString(b[:]), nil
}

// decodeInto returns a request decoder that fills *dst only when the whole
// body decoded and check (if not nil) accepts it, so that a failed attempt
// leaves nothing behind. check's error should wrap errIncomplete.
func decodeInto[T any](dst *T, check func(*T) error) func([]byte) error {
	return func(body []byte) error {
		var v T
		if err := unmarshal(body, &v); err != nil {
			return err
		}
		if check != nil {
			if err := check(&v); err != nil {
				return err
			}
		}
		*dst = v
		return nil
	}
}
