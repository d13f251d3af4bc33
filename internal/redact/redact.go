// Package redact removes secrets (signatures, security tokens, secret keys,
// a URL's userinfo) from text before it reaches an error message or a log
// line. Every error the module formats passes through [String]; endpoints
// shown to people pass through [URL].
//
// Two mechanisms work together. Patterns mask what has the shape of a
// secret whoever's it is: the Alibaba RPC parameters Signature,
// SecurityToken and AccessKeySecret as query or form parameters (raw or
// percent-encoded once or twice), as JSON fields ({"Signature":"..."}, also
// with escaped quotes) and as header-like lines (Signature: ...); the
// signature of a bce-auth-v1 authorization string (also with escaped or
// encoded slashes); Baidu's and Alibaba's security-token headers; and the
// userinfo of a URL. Registered secrets ([Secret]) are masked wherever they
// appear, in whatever syntax, also percent-encoded or with JSON-escaped
// slashes.
//
// A secret of fewer than 8 characters is masked only where it stands alone,
// not inside a longer run of letters and digits: masking the two letters of
// a test key "sk" inside every word would make messages unreadable and
// would show the secret anyway, by where the masks fall. A one-character
// secret therefore still masks each standalone occurrence of that
// character; real keys are far longer.
package redact

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
)

const mask = "REDACTED"

// shortSecret is the length under which a secret is masked only where it
// stands alone.
const shortSecret = 8

var patterns = []*regexp.Regexp{
	// Alibaba RPC parameters, raw or percent-encoded once or twice, in URLs,
	// forms and string-to-sign echoes.
	regexp.MustCompile(`(?i)((?:Signature|SecurityToken|AccessKeySecret)(?:=|%3D|%253D))[^&\s"'\\]*`),
	// The same names, and the token headers, as a JSON field or a header:
	// "Signature":"x", \"Signature\":\"x\", 'Signature': 'x', Signature: x.
	regexp.MustCompile(`(?i)((?:Signature|SecurityToken|AccessKeySecret|SecretAccessKey|SessionToken|x-acs-security-token|x-bce-security-token)(?:\\?["'])?\s*[:=]\s*(?:\\?["'])?)[^\s"'\\,;&}]+`),
	// bce-auth-v1/{ak}/{ts}/{expire}/{headers}/{signature}, with the slashes
	// raw, JSON-escaped (\/) or percent-encoded.
	regexp.MustCompile(`(?i)(bce-auth-v1(?:/|\\/|%2F)(?:[^/\\\s"']*(?:/|\\/|%2F)){4})[0-9a-f]+`),
	// A URL's userinfo: scheme://user:password@host.
	regexp.MustCompile(`(?i)(\b[a-z][a-z0-9+.-]*://)[^/?#\s"'@]*@`),
}

// replacement is each pattern's replacement.
var replacement = []string{"${1}" + mask, "${1}" + mask, "${1}" + mask, "${1}" + mask + "@"}

var (
	mu      sync.RWMutex
	secrets []string // every registered form, longest first
)

// Secret registers a value (a secret key or token) to be masked wherever it
// appears, whatever its length (see the package documentation for secrets
// shorter than 8 characters) and whatever the surrounding syntax, also in
// its percent-encoded and JSON-escaped forms. Adapters register their
// secrets when they are constructed. "" is ignored.
func Secret(v string) {
	if v == "" {
		return
	}
	forms := []string{v, url.QueryEscape(v), url.PathEscape(v), strings.ReplaceAll(v, "/", `\/`)}
	mu.Lock()
	defer mu.Unlock()
	for _, f := range forms {
		if !slices.Contains(secrets, f) {
			secrets = append(secrets, f)
		}
	}
	// Longest first, so that a secret holding another is masked whole.
	slices.SortStableFunc(secrets, func(a, b string) int { return len(b) - len(a) })
}

// String returns s with every registered secret and everything shaped like
// a signature, a token or a URL's userinfo masked.
func String(s string) string {
	for i, re := range patterns {
		s = re.ReplaceAllString(s, replacement[i])
	}
	mu.RLock()
	defer mu.RUnlock()
	for _, v := range secrets {
		if len(v) >= shortSecret {
			s = strings.ReplaceAll(s, v, mask)
		} else {
			s = replaceStandalone(s, v)
		}
	}
	return s
}

// replaceStandalone masks the occurrences of v in s that are not part of a
// longer run of letters and digits.
func replaceStandalone(s, v string) string {
	var b strings.Builder
	rest := s
	for {
		i := strings.Index(rest, v)
		if i < 0 {
			break
		}
		end := i + len(v)
		alone := (i == 0 || !alnum(rest[i-1]) || !alnum(v[0])) &&
			(end == len(rest) || !alnum(rest[end]) || !alnum(v[len(v)-1]))
		b.WriteString(rest[:i])
		if alone {
			b.WriteString(mask)
		} else {
			b.WriteString(v)
		}
		rest = rest[end:]
	}
	if b.Len() == 0 {
		return s
	}
	b.WriteString(rest)
	return b.String()
}

func alnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// URL returns an endpoint or URL as it may be shown: its userinfo and its
// query masked, with or without a scheme ("user:pw@host" too), and then
// through String. Text that is not a URL comes back through String only.
func URL(s string) string {
	rest, scheme := s, ""
	if i := strings.Index(s, "://"); i >= 0 {
		scheme, rest = s[:i+3], s[i+3:]
	}
	authority, tail := rest, ""
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		authority, tail = rest[:i], rest[i:]
	}
	if i := strings.LastIndex(authority, "@"); i >= 0 {
		authority = mask + authority[i:]
	}
	if i := strings.IndexAny(tail, "?#"); i >= 0 {
		tail = tail[:i+1] + mask
	}
	return String(scheme + authority + tail)
}
