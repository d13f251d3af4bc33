package bce

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"net/http"
	"net/url"
	"time"
)

// TokenTTL is how long a clientToken is remembered after its last use, in
// emulated time (documented: at least 24 hours).
const TokenTTL = 24 * time.Hour

const maxTokenLen = 64

type tokenKey struct{ account, token string }

// tokenRecord is what a token stands for: the request it first came with and
// that request's answer (nil for an empty 200).
type tokenRecord struct {
	fingerprint [sha256.Size]byte
	result      any
	lastUsed    time.Time
}

// tokens remembers clientTokens per account, across regions (§1.6). Only
// successful requests are remembered, so a failed one can be retried with
// its token.
type tokens struct {
	m         map[tokenKey]*tokenRecord
	nextSweep int
}

func newTokens() tokens { return tokens{m: make(map[tokenKey]*tokenRecord), nextSweep: 1024} }

// checkToken validates a clientToken: ASCII, at most 64 characters.
func checkToken(t string) *apiError {
	if len(t) > maxTokenLen {
		return badQuery("clientToken is longer than %d characters", maxTokenLen)
	}
	for i := 0; i < len(t); i++ {
		if t[i] < 0x20 || t[i] > 0x7e {
			return badQuery("clientToken must be printable ASCII")
		}
	}
	return nil
}

// fingerprint identifies a request for idempotency: the listener's region,
// method, path, query without the token, and the body in a canonical form.
// Headers (Authorization, x-bce-date, x-bce-request-id) are not part of it.
func fingerprint(region, method, path string, q url.Values, body []byte) [sha256.Size]byte {
	q2 := make(url.Values, len(q))
	for k, v := range q {
		if k != "clientToken" {
			q2[k] = v
		}
	}
	h := sha256.New()
	for _, part := range []string{region, method, path, q2.Encode()} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	h.Write(canonicalJSON(body))
	var out [sha256.Size]byte
	h.Sum(out[:0])
	return out
}

// canonicalJSON re-encodes a JSON body with sorted keys and no spacing, so
// that two encodings of the same object compare equal. A body that is not
// JSON is kept as it is.
func canonicalJSON(body []byte) []byte {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return body
	}
	out, err := json.Marshal(v)
	if err != nil {
		return body
	}
	return out
}

// lookup returns the record of a token, forgetting it when it has expired.
func (t *tokens) lookup(k tokenKey, now time.Time) *tokenRecord {
	rec := t.m[k]
	if rec != nil && now.Sub(rec.lastUsed) > TokenTTL {
		delete(t.m, k)
		return nil
	}
	return rec
}

// replay answers a request whose token is known: the original answer when
// the request is the same, IdempotentParameterMismatch otherwise.
func (t *tokens) replay(rec *tokenRecord, fp [sha256.Size]byte, now time.Time) (any, *apiError) {
	if rec.fingerprint != fp {
		return nil, errorf(http.StatusForbidden, CodeIdempotentParameterMismatch,
			"the clientToken was already used with a different request")
	}
	rec.lastUsed = now
	return rec.result, nil
}

// store remembers a successful request's answer, sweeping expired tokens
// now and then so that a long run does not keep them all.
func (t *tokens) store(k tokenKey, fp [sha256.Size]byte, result any, now time.Time) {
	t.m[k] = &tokenRecord{fingerprint: fp, result: result, lastUsed: now}
	if len(t.m) < t.nextSweep {
		return
	}
	for key, rec := range t.m {
		if now.Sub(rec.lastUsed) > TokenTTL {
			delete(t.m, key)
		}
	}
	t.nextSweep = 2*len(t.m) + 1024
}
