package baidu

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// bce-auth-v1, as Baidu documents it and bce-sdk-go's auth.BceV1Signer
// implements it. Tests prove this signer byte-equal to the
// SDK's over generated requests and to the published vectors.

const (
	authVersion = "bce-auth-v1"
	// expireSeconds is how long a signature stays valid; the SDK's default.
	expireSeconds = 1800
	// authTimeLayout is the signature timestamp form, always UTC.
	authTimeLayout = "2006-01-02T15:04:05Z"
)

// signedHeader reports whether a header (by its lower-case name) is signed:
// the SDK's default set plus every x-bce-* header except the request ID,
// which a gateway may rewrite.
func signedHeader(lower string) bool {
	switch lower {
	case "host", "content-length", "content-type", "content-md5":
		return true
	case "x-bce-request-id":
		return false
	}
	return strings.HasPrefix(lower, "x-bce-")
}

// authorization returns the value of the Authorization header for a request
// signed at ts. path is the unescaped request path, host the Host header
// (with the port when it is not the scheme's default, as the server sees it).
func authorization(ak, sk string, ts time.Time, method, path string, query url.Values, host string, header http.Header) string {
	prefix := authVersion + "/" + ak + "/" + ts.UTC().Format(authTimeLayout) + "/" + strconv.Itoa(expireSeconds)
	canonical, signed := canonicalRequest(method, path, query, host, header)
	// The signing key is the lower-case hex string of the first HMAC, not its bytes.
	key := hmacHex([]byte(sk), prefix)
	return prefix + "/" + signed + "/" + hmacHex([]byte(key), canonical)
}

// canonicalRequest returns "METHOD\nURI\nQuery\nHeaders" and the signed
// header names joined with ";".
func canonicalRequest(method, path string, query url.Values, host string, header http.Header) (canonical, signed string) {
	var b strings.Builder
	b.WriteString(method)
	b.WriteByte('\n')
	b.WriteByte('/')
	b.WriteString(uriEncode(strings.TrimPrefix(path, "/"), false))
	b.WriteByte('\n')
	b.WriteString(canonicalQuery(query))
	b.WriteByte('\n')

	// Sorting "name:value" strings (not names) is what the SDK does; the
	// difference matters only for names that prefix one another.
	lines := make([]string, 0, len(header)+1)
	names := make([]string, 0, len(header)+1)
	add := func(lower, value string) {
		value = strings.TrimSpace(value)
		if value == "" {
			return
		}
		lines = append(lines, uriEncode(lower, true)+":"+uriEncode(value, true))
		names = append(names, lower)
	}
	add("host", host)
	for name, values := range header {
		lower := strings.ToLower(name)
		if lower == "host" || lower == "authorization" || !signedHeader(lower) || len(values) == 0 {
			continue
		}
		add(lower, values[0])
	}
	sort.Strings(lines)
	sort.Strings(names)
	b.WriteString(strings.Join(lines, "\n"))
	return b.String(), strings.Join(names, ";")
}

// canonicalQuery encodes every parameter as enc(k)=enc(v) (a bare flag gives
// "k="), drops "authorization" in any case, and sorts the pairs bytewise.
func canonicalQuery(query url.Values) string {
	if len(query) == 0 {
		return ""
	}
	pairs := make([]string, 0, len(query))
	for k, values := range query {
		if strings.EqualFold(k, "authorization") {
			continue
		}
		ek := uriEncode(k, true)
		for _, v := range values {
			pairs = append(pairs, ek+"="+uriEncode(v, true))
		}
	}
	sort.Strings(pairs)
	return strings.Join(pairs, "&")
}

// encodeQuery renders query for the request line exactly as it is signed,
// with bare flags left bare ("?accept&clientToken=t"), in sorted order so
// that a request's URL is deterministic.
func encodeQuery(query url.Values) string {
	keys := make([]string, 0, len(query))
	for k := range query {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		for _, v := range query[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(uriEncode(k, true))
			if v != "" {
				b.WriteByte('=')
				b.WriteString(uriEncode(v, true))
			}
		}
	}
	return b.String()
}

// uriEncode percent-encodes every byte except A-Z a-z 0-9 - _ . ~ (and '/'
// unless encodeSlash) with upper-case hex. url.QueryEscape differs: it writes
// a space as '+' and keeps other characters the signature encodes.
func uriEncode(s string, encodeSlash bool) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if !unreserved(s[i], encodeSlash) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	const upperHex = "0123456789ABCDEF"
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c, encodeSlash) {
			b = append(b, c)
			continue
		}
		b = append(b, '%', upperHex[c>>4], upperHex[c&15])
	}
	return string(b)
}

func unreserved(c byte, encodeSlash bool) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && !encodeSlash)
}

func hmacHex(key []byte, msg string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}
