package bce

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

const (
	authVersion = "bce-auth-v1"
	isoLayout   = "2006-01-02T15:04:05Z"
	// maxSkew is BCE's tolerance between the request's time and the server's.
	maxSkew = 30 * time.Minute
)

// authHeader is a parsed Authorization header:
// bce-auth-v1/{AK}/{timestamp}/{expireSeconds}/{signedHeaders}/{signature}.
type authHeader struct {
	accessKeyID string
	timestamp   time.Time
	expire      time.Duration
	prefix      string   // the first four parts, the input of the signing key
	signed      []string // lowercased; empty means the default set
	signature   string
}

// accessKeyOf returns the access key ID of an Authorization header, or ""
// when the header is not bce-auth-v1. It does not validate the rest.
func accessKeyOf(authorization string) string {
	rest, ok := strings.CutPrefix(authorization, authVersion+"/")
	if !ok {
		return ""
	}
	ak, _, _ := strings.Cut(rest, "/")
	return ak
}

func parseAuthorization(v string) (authHeader, *apiError) {
	bad := func(why string) (authHeader, *apiError) {
		return authHeader{}, errorf(http.StatusBadRequest, CodeInvalidHTTPAuthHeader, "the Authorization header is malformed: %s", why)
	}
	parts := strings.Split(v, "/")
	if len(parts) != 6 {
		return bad("want bce-auth-v1/{accessKeyId}/{timestamp}/{expireSeconds}/{signedHeaders}/{signature}")
	}
	if parts[0] != authVersion {
		return bad("the version is not " + authVersion)
	}
	if parts[1] == "" {
		return bad("no access key ID")
	}
	ts, err := time.Parse(isoLayout, parts[2])
	if err != nil {
		return bad("the timestamp is not YYYY-MM-DDThh:mm:ssZ")
	}
	expire, err := strconv.Atoi(parts[3])
	if err != nil || expire <= 0 {
		return bad("expireSeconds is not a positive integer")
	}
	if _, err := hex.DecodeString(parts[5]); err != nil || len(parts[5]) != 64 {
		return bad("the signature is not 64 hexadecimal digits")
	}
	h := authHeader{
		accessKeyID: parts[1],
		timestamp:   ts,
		expire:      time.Duration(expire) * time.Second,
		prefix:      strings.Join(parts[:4], "/"),
		signature:   strings.ToLower(parts[5]),
	}
	if parts[4] != "" {
		for _, name := range strings.Split(parts[4], ";") {
			if name = strings.ToLower(strings.TrimSpace(name)); name != "" {
				h.signed = append(h.signed, name)
			}
		}
	}
	return h, nil
}

// uriEncode is BCE's UriEncode: every byte but A-Z a-z 0-9 - _ . ~ becomes
// %XX (uppercase); '/' is kept when keepSlash is set (in the path).
func uriEncode(s string, keepSlash bool) string {
	var b strings.Builder
	b.Grow(len(s))
	const hexDigits = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9',
			c == '-', c == '_', c == '.', c == '~', c == '/' && keepSlash:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		}
	}
	return b.String()
}

// canonicalURI is "/" + UriEncode(path without its leading "/").
func canonicalURI(path string) string {
	return "/" + uriEncode(strings.TrimPrefix(path, "/"), true)
}

// canonicalQuery encodes every parameter as k=v (a bare flag as "k="),
// drops authorization, sorts bytewise and joins with "&".
func canonicalQuery(q url.Values) string {
	items := make([]string, 0, len(q))
	for k, vs := range q {
		if strings.EqualFold(k, "authorization") {
			continue
		}
		for _, v := range vs {
			items = append(items, uriEncode(k, false)+"="+uriEncode(v, false))
		}
	}
	slices.Sort(items)
	return strings.Join(items, "&")
}

// canonicalHeaders encodes the named headers with non-empty values as
// name:value, sorted and joined with "\n".
func canonicalHeaders(names []string, header func(name string) string) string {
	lines := make([]string, 0, len(names))
	for _, name := range names {
		if v := strings.TrimSpace(header(name)); v != "" {
			lines = append(lines, uriEncode(name, false)+":"+uriEncode(v, false))
		}
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// canonicalRequest is METHOD\nURI\nQuery\nHeaders, with no trailing newline.
func canonicalRequest(method, path string, q url.Values, signed []string, header func(string) string) string {
	return method + "\n" + canonicalURI(path) + "\n" + canonicalQuery(q) + "\n" + canonicalHeaders(signed, header)
}

func hmacHex(key, msg string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}

// signingKey is hex(HMAC-SHA256(secret, prefix)); its hex string is the key
// of the signature.
func signingKey(secret, prefix string) string { return hmacHex(secret, prefix) }

func signature(key, canonical string) string { return hmacHex(key, canonical) }

// requestHeader reads a header the way the signer saw it: host is r.Host
// (Go moves it out of the header map), and content-length falls back to
// the parsed length.
func requestHeader(r *http.Request) func(string) string {
	return func(name string) string {
		switch name {
		case "host":
			return r.Host
		case "content-length":
			if v := r.Header.Get("Content-Length"); v != "" {
				return v
			}
			if r.ContentLength > 0 {
				return strconv.FormatInt(r.ContentLength, 10)
			}
			return ""
		}
		return r.Header.Get(name)
	}
}

// defaultSigned is the set the SDK signs when the header lists none: host,
// content-length, content-type, content-md5 and every x-bce-* header but
// x-bce-request-id.
func defaultSigned(r *http.Request) []string {
	names := []string{"host", "content-length", "content-type", "content-md5"}
	for k := range r.Header {
		k = strings.ToLower(k)
		if strings.HasPrefix(k, "x-bce-") && k != headerRequestID {
			names = append(names, k)
		}
	}
	return names
}

// authenticate verifies the request's bce-auth-v1 signature and returns the
// caller's account ID. Times are compared with the wall clock, never the
// emulated one, so that advancing the emulated clock never breaks signing.
func (s *Service) authenticate(r *http.Request, body []byte) (string, *apiError) {
	raw := r.Header.Get("Authorization")
	if raw == "" {
		return "", accessDenied("the request carries no Authorization header")
	}
	h, aerr := parseAuthorization(raw)
	if aerr != nil {
		return "", aerr
	}
	s.mu.Lock()
	accountID, ok := s.byKey[h.accessKeyID]
	secret := s.accounts[accountID].SecretAccessKey
	s.mu.Unlock()
	if !ok {
		return "", errorf(http.StatusForbidden, CodeInvalidAccessKeyID, "the access key ID %s does not exist", h.accessKeyID)
	}

	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return "", errorf(http.StatusBadRequest, CodeInvalidURI, "the query string cannot be parsed: %v", err)
	}
	signed := h.signed
	if len(signed) == 0 {
		signed = defaultSigned(r)
	}
	canonical := canonicalRequest(r.Method, r.URL.Path, q, signed, requestHeader(r))
	want := signature(signingKey(secret, h.prefix), canonical)
	if !hmac.Equal([]byte(want), []byte(h.signature)) {
		return "", errorf(http.StatusBadRequest, CodeSignatureDoesNotMatch,
			"the request signature does not match the signature computed over the canonical request %q", canonical)
	}

	now := time.Now()
	if now.After(h.timestamp.Add(h.expire)) {
		return "", errorf(http.StatusBadRequest, CodeRequestExpired, "the signature expired at %s", h.timestamp.Add(h.expire).UTC().Format(isoLayout))
	}
	if skewed(h.timestamp, now) {
		return "", errorf(http.StatusBadRequest, CodeRequestExpired, "the signing time %s differs from the server's time by more than %v", h.timestamp.Format(isoLayout), maxSkew)
	}
	if d := r.Header.Get("x-bce-date"); d != "" {
		t, err := time.Parse(isoLayout, d)
		if err != nil {
			return "", errorf(http.StatusBadRequest, CodeInvalidHTTPAuthHeader, "x-bce-date %q is not YYYY-MM-DDThh:mm:ssZ", d)
		}
		if skewed(t, now) {
			return "", errorf(http.StatusBadRequest, CodeRequestExpired, "x-bce-date %s differs from the server's time by more than %v", d, maxSkew)
		}
	}

	if sent := r.Header.Get("Content-Md5"); sent != "" {
		sum := md5.Sum(body)
		if got := base64.StdEncoding.EncodeToString(sum[:]); got != sent {
			return "", errorf(http.StatusBadRequest, CodeBadDigest, "Content-MD5 %s does not match the body (%s)", sent, got)
		}
	}
	return accountID, nil
}

func skewed(t, now time.Time) bool {
	d := now.Sub(t)
	return d > maxSkew || d < -maxSkew
}
