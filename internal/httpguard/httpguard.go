// Package httpguard bounds what an HTTP answer can make an adapter do. Every
// adapter sends its requests through a client made by [Client], whatever
// http.Client or RoundTripper the caller supplied, so that on all of them:
//
//   - a 2xx body is read up to a cap and no further: past it the read fails
//     with a [*BodyTooLargeError] and the connection is closed, so an endless
//     or huge answer costs at most the cap in memory;
//   - an error body (any other status) is cut at [MaxErrorBodyBytes]
//     without an error: its status still says what went wrong;
//   - a redirect (any 3xx) is never followed: it fails with a
//     [*RedirectError] before anything is sent to the new location, because
//     following it would carry the signed request and its credentials (the
//     Authorization header, a security token, a signed query) to another
//     host, possibly in clear text.
//
// The guard sits in the transport rather than in CheckRedirect, so that it
// holds whatever CheckRedirect a caller's client has, and for the Alibaba
// SDK, which reads bodies itself.
//
// [ReadBody] reads an answer's body whole into a buffer taken from a
// pool, which the caller hands back with [Body.Release] once the bytes are
// decoded: a listing reads thousands of pages of up to a megabyte, and a
// fresh buffer for each would be zeroed and collected every time. In race
// builds a released buffer is overwritten before it is pooled, so that a
// value decoded from it that still points into it shows up as corrupt in
// tests.
package httpguard

import (
	"errors"
	"fmt"
	"io"
	"net/http"
)

// DefaultMaxBodyBytes is the cap on a 2xx body when an adapter's
// Options.MaxResponseBytes is 0: 16 MiB. The largest legal answer is a full
// list page (1000 Baidu records, or 100 VpcPeer or ENS records, a Baidu VPC
// page of 1000 VPCs), each record well under 2 KiB: about 2 MiB at most, so
// the cap leaves eight times that.
const DefaultMaxBodyBytes int64 = 16 << 20

// MaxErrorBodyBytes is how much of a non-2xx body is read; the rest is
// dropped. Both clouds' error bodies are a few hundred bytes; what is cut is
// a proxy's page, of which the start is enough.
const MaxErrorBodyBytes int64 = 64 << 10

// ErrBodyTooLarge matches, with errors.Is, every [*BodyTooLargeError].
var ErrBodyTooLarge = errors.New("httpguard: response body over the limit")

// BodyTooLargeError is the read error of a 2xx body longer than its cap.
type BodyTooLargeError struct {
	Limit int64 // the cap, in bytes
}

// Error says the cap and how to raise it.
func (e *BodyTooLargeError) Error() string {
	return fmt.Sprintf("the answer is larger than %s, the limit on a response body; "+
		"if such an answer is expected, raise the adapter's Options.MaxResponseBytes", size(e.Limit))
}

// Is reports whether target is ErrBodyTooLarge.
func (e *BodyTooLargeError) Is(target error) bool { return target == ErrBodyTooLarge }

// RedirectError is the error of a 3xx answer, which is never followed.
type RedirectError struct {
	Status int    // the HTTP status, like 307
	Host   string // host[:port] of the Location, "" when there is none; never userinfo, path or query
}

// Error names the status and the host the server pointed at.
func (e *RedirectError) Error() string {
	to := "with no Location"
	if e.Host != "" {
		to = "to " + e.Host
	}
	return fmt.Sprintf("the server answered HTTP %d, a redirect %s; redirects are refused "+
		"(following one would send the signed request and its credentials elsewhere): "+
		"point the endpoint at the API itself", e.Status, to)
}

// Client returns a copy of hc whose transport is guarded (see the package
// documentation), with 2xx bodies capped at maxBody bytes; maxBody 0 means
// DefaultMaxBodyBytes. hc nil means a zero http.Client (http.DefaultTransport).
// hc itself is never modified: its Timeout, Jar and transport are shared.
func Client(hc *http.Client, maxBody int64) *http.Client {
	var c http.Client
	if hc != nil {
		c = *hc
	}
	c.Transport = Transport(c.Transport, maxBody)
	return &c
}

// Transport wraps base (http.DefaultTransport when nil) with the guard;
// maxBody 0 means DefaultMaxBodyBytes.
func Transport(base http.RoundTripper, maxBody int64) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	if maxBody <= 0 {
		maxBody = DefaultMaxBodyBytes
	}
	if g, ok := base.(*transport); ok && g.max == maxBody {
		return g // already guarded
	}
	return &transport{base: base, max: maxBody}
}

type transport struct {
	base http.RoundTripper
	max  int64
}

// RoundTrip implements http.RoundTripper.
func (t *transport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(r)
	if err != nil || resp == nil {
		return resp, err
	}
	switch {
	case resp.StatusCode >= 300 && resp.StatusCode <= 399:
		e := &RedirectError{Status: resp.StatusCode}
		if loc, err := resp.Location(); err == nil {
			e.Host = loc.Host
		}
		_ = resp.Body.Close()
		return nil, e
	case resp.StatusCode >= 200 && resp.StatusCode <= 299:
		resp.Body = &body{rc: resp.Body, left: t.max, limit: t.max}
	default:
		resp.Body = &body{rc: resp.Body, left: MaxErrorBodyBytes, limit: MaxErrorBodyBytes, truncate: true}
	}
	resp.ContentLength = -1 // what is read may be less than the header said
	return resp, nil
}

// body reads at most limit bytes of rc. Past them it fails with a
// *BodyTooLargeError and closes rc at once, or, with truncate, ends as if rc
// had ended.
type body struct {
	rc       io.ReadCloser
	left     int64 // bytes still allowed
	limit    int64
	truncate bool
	err      error // sticky once the limit is passed
}

func (b *body) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if b.truncate && b.left <= 0 {
		return 0, io.EOF
	}
	// One byte more than allowed tells a body exactly at the cap from one
	// past it.
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.rc.Read(p)
	if int64(n) <= b.left {
		b.left -= int64(n)
		return n, err
	}
	n, b.left = int(b.left), 0
	if b.truncate {
		return n, io.EOF
	}
	b.err = &BodyTooLargeError{Limit: b.limit}
	// Hang up now: the rest of the body is never read, and an endless one
	// would otherwise keep the connection busy.
	_ = b.rc.Close()
	return n, b.err
}

func (b *body) Close() error { return b.rc.Close() }

// size prints n bytes as people read it: "16 MiB (16777216 bytes)".
func size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB (%d bytes)", n>>20, n)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB (%d bytes)", n>>10, n)
	}
	return fmt.Sprintf("%d bytes", n)
}
