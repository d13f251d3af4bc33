// Package redact removes secrets (signatures, security tokens, secret keys)
// from text before it reaches an error message or a log line. Every error the
// module formats passes through [String].
package redact

import (
	"regexp"
	"strings"
	"sync"
)

const mask = "REDACTED"

var patterns = []*regexp.Regexp{
	// Alibaba RPC parameters, raw or percent-encoded once or twice, in URLs,
	// forms and string-to-sign echoes.
	regexp.MustCompile(`(?i)((?:Signature|SecurityToken|AccessKeySecret)(?:=|%3D|%253D))[^&\s"']*`),
	// bce-auth-v1/{ak}/{ts}/{expire}/{headers}/{signature}
	regexp.MustCompile(`(?i)(bce-auth-v1(?:/|%2F)[^/\s"']*(?:/|%2F)[^/\s"']*(?:/|%2F)[^/\s"']*(?:/|%2F)[^/\s"']*(?:/|%2F))[0-9a-f]+`),
	// Baidu session token header.
	regexp.MustCompile(`(?i)(x-bce-security-token["']?\s*[:=]\s*["']?)[^\s"',]+`),
}

var (
	mu      sync.RWMutex
	secrets []string
)

// Secret registers a value (a secret key or token) to be masked wherever it
// appears, whatever the surrounding syntax. Adapters register their secrets
// when they are constructed. Values shorter than 8 characters are ignored
// (too likely to appear in ordinary text).
func Secret(v string) {
	if len(v) < 8 {
		return
	}
	mu.Lock()
	defer mu.Unlock()
	for _, s := range secrets {
		if s == v {
			return
		}
	}
	secrets = append(secrets, v)
}

// String returns s with every known secret and every signature masked.
func String(s string) string {
	for _, re := range patterns {
		s = re.ReplaceAllString(s, "${1}"+mask)
	}
	mu.RLock()
	defer mu.RUnlock()
	for _, v := range secrets {
		s = strings.ReplaceAll(s, v, mask)
	}
	return s
}
