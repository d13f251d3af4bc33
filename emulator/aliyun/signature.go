package aliyun

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
)

// Signature limits, for v1 and ACS3 alike. Neither is published per
// product; 15 minutes is the POP gateway convention for both.
const (
	maxClockSkew = 15 * time.Minute
	nonceWindow  = 15 * time.Minute
)

// credential is what an AccessKeyId stands for.
type credential struct {
	uid           int64
	secret        string
	securityToken string // set for STS keys: requests must carry it
	expired       bool   // an STS key past its expiry (ExpireSTSToken)
}

// auth holds credentials and the nonces seen recently. It has its own lock so
// that signature checks do not wait on the world's.
type auth struct {
	mu     sync.Mutex
	keys   map[string]credential
	nonces map[string]time.Time // AccessKeyId + "\x00" + nonce -> when first seen (wall clock)
	order  []nonceSeen          // the same, oldest first, to expire them in order
}

type nonceSeen struct {
	key  string
	seen time.Time
}

func newAuth() auth {
	return auth{keys: make(map[string]credential), nonces: make(map[string]time.Time)}
}

func (a *auth) addKey(id string, c credential) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.keys[id] = c
}

// expire marks an STS key expired, reporting whether it is one.
func (a *auth) expire(id string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	c, ok := a.keys[id]
	if !ok || c.securityToken == "" {
		return false
	}
	c.expired = true
	a.keys[id] = c
	return true
}

func (a *auth) lookup(id string) (credential, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	c, ok := a.keys[id]
	return c, ok
}

// useNonce records a nonce, reporting false if the same key used it within
// the window. Entries older than the window are dropped first, so memory is
// bounded by the request rate times the window.
func (a *auth) useNonce(keyID, nonce string, now time.Time) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := 0
	for n < len(a.order) && now.Sub(a.order[n].seen) > nonceWindow {
		delete(a.nonces, a.order[n].key)
		n++
	}
	if n > 0 {
		a.order = append(a.order[:0], a.order[n:]...)
	}
	k := keyID + "\x00" + nonce
	if _, used := a.nonces[k]; used {
		return false
	}
	a.nonces[k] = now
	a.order = append(a.order, nonceSeen{key: k, seen: now})
	return true
}

// signed is a request's signature as either version carries it, reduced to
// what the checks both versions share need.
type signed struct {
	keyID, timestamp, nonce, securityToken string
	// matches reports whether the request was signed with secret, and the
	// server's string to sign, which a mismatch echoes.
	matches func(secret string) (ok bool, stringToSign string)
}

// verify runs the checks every signature version shares, in the order a
// client can act on them: unknown key, timestamp, signature, security token,
// nonce. It returns the caller's UID. The nonce is recorded only for a
// request that passed every other check, so a rejected request can be fixed
// and resent.
func (s *Service) verify(sg signed) (int64, error) {
	cred, ok := s.auth.lookup(sg.keyID)
	if !ok {
		return 0, newError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
	}
	ts, err := time.Parse(timeLayout, sg.timestamp)
	if err != nil {
		return 0, newError(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted; use YYYY-MM-DDThh:mm:ssZ in UTC.")
	}
	wall := time.Now()
	if d := wall.Sub(ts); d > maxClockSkew || d < -maxClockSkew {
		return 0, newError(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")
	}
	if ok, sts := sg.matches(cred.secret); !ok {
		return 0, newError(400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation. server string to sign is:"+sts)
	}
	if cred.securityToken != "" {
		switch tok := sg.securityToken; {
		case tok == "":
			return 0, newError(400, "MissingSecurityToken", "The SecurityToken of temporary credentials is required.")
		case !hmac.Equal([]byte(tok), []byte(cred.securityToken)):
			return 0, newError(400, "InvalidSecurityToken.MismatchWithAccessKey", "The SecurityToken does not match the AccessKeyId.")
		case cred.expired:
			return 0, newError(400, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired.")
		}
	}
	if !s.auth.useNonce(sg.keyID, sg.nonce, wall) {
		return 0, newError(400, "SignatureNonceUsed", "Specified signature nonce was used already.")
	}
	return cred.uid, nil
}

// authenticate checks the signature v1 parameters of a request and returns
// the caller's UID: first that the signing parameters are there and name
// HMAC-SHA1, then the checks verify shares with ACS3.
func (s *Service) authenticate(method string, p params) (int64, error) {
	for _, name := range []string{"AccessKeyId", "Signature", "SignatureMethod", "SignatureNonce", "Timestamp"} {
		if p.get(name) == "" {
			return 0, errMissing(name)
		}
	}
	if p.get("SignatureMethod") != "HMAC-SHA1" {
		return 0, newError(400, "InvalidSignatureMethod", "Specified signature method is not supported; only HMAC-SHA1 is.")
	}
	if v := p.get("SignatureVersion"); v != "" && v != "1.0" {
		return 0, newError(400, "InvalidSignatureMethod", "Specified signature version is not supported; only 1.0 is.")
	}
	return s.verify(signed{
		keyID:         p.get("AccessKeyId"),
		timestamp:     p.get("Timestamp"),
		nonce:         p.get("SignatureNonce"),
		securityToken: p.get("SecurityToken"),
		matches: func(secret string) (bool, string) {
			sts := stringToSign(method, p)
			return hmac.Equal([]byte(sign(secret, sts)), []byte(p.get("Signature"))), sts
		},
	})
}

// stringToSign is signature v1's StringToSign: every parameter but Signature,
// empty ones included, sorted by key, percent-encoded.
func stringToSign(method string, p params) string {
	keys := make([]string, 0, len(p))
	for k := range p {
		if k != "Signature" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(percentEncode(k))
		b.WriteByte('=')
		b.WriteString(percentEncode(p[k]))
	}
	return method + "&%2F&" + percentEncode(b.String())
}

// sign is Base64(HMAC-SHA1(secret + "&", stringToSign)).
func sign(secret, sts string) string {
	h := hmac.New(sha1.New, []byte(secret+"&"))
	h.Write([]byte(sts))
	return base64.StdEncoding.EncodeToString(h.Sum(nil))
}

// percentEncode is RFC 3986 encoding: letters, digits and -_.~ stay; the rest
// becomes %XX, space included.
func percentEncode(s string) string {
	e := url.QueryEscape(s)
	e = strings.ReplaceAll(e, "+", "%20")
	e = strings.ReplaceAll(e, "*", "%2A")
	return strings.ReplaceAll(e, "%7E", "~")
}
