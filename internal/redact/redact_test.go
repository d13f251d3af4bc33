package redact

import (
	"slices"
	"strings"
	"testing"
)

// TestString covers each shape a secret arrives in; secret is the part that
// must go, keep what must stay.
func TestString(t *testing.T) {
	tests := []struct {
		name, in, secret, keep string
	}{
		{"query parameter", "GET https://vpcpeer.aliyuncs.com/?Action=X&Signature=ab%2Bcd%3D&Timestamp=1", "ab%2Bcd", "Timestamp=1"},
		{"string to sign", "POST&%2F&AccessKeyId%3Dak%26SecurityToken%3DCAIStoken123%26Timestamp", "CAIStoken123", "AccessKeyId"},
		{"double-encoded", "string to sign SecurityToken%253Dtok-double-encoded%2526", "tok-double-encoded", "string to sign"},
		{"JSON field", `{"Code":"X","Signature":"sig+/value=","Message":"m"}`, "sig+/value", `"Message":"m"`},
		{"JSON field, spaced", `{"SecurityToken" : "CAIStokenJSON"}`, "CAIStokenJSON", "SecurityToken"},
		{"JSON in a JSON string", `{"Message":"{\"AccessKeySecret\":\"escaped-secret\"}"}`, "escaped-secret", "Message"},
		{"header-like", "Signature: sigheader123\nHost: x", "sigheader123", "Host: x"},
		{"header-like, lower case", "signature:sigheader456, next", "sigheader456", "next"},
		{"ACS token header", "x-acs-security-token: acstoken789", "acstoken789", "x-acs-security-token"},
		{"BCE token header", `x-bce-security-token: "sessiontok999"`, "sessiontok999", "x-bce-security-token"},
		{"bce-auth-v1", "Authorization: bce-auth-v1/ak/2014-06-13T05:57:36Z/1800/host;x-bce-date/80c9672aca2ea9af4bb4", "80c9672aca2ea9af4bb4", "bce-auth-v1/ak/"},
		{"bce-auth-v1, escaped slashes", `{"auth":"bce-auth-v1\/ak\/2014-06-13T05:57:36Z\/1800\/host\/9f0e1d2c3b4a"}`, "9f0e1d2c3b4a", `bce-auth-v1\/ak`},
		{"bce-auth-v1, encoded slashes", "bce-auth-v1%2Fak%2F2014-06-13T05%3A57%3A36Z%2F1800%2Fhost%2Fdeadbeef0042", "deadbeef0042", "bce-auth-v1%2Fak"},
		{"ACS3 authorization", "Authorization: ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host,Signature=0a1b2c3d4e", "0a1b2c3d4e", "SignedHeaders=host"},
		{"URL userinfo", "dial https://user:PASSWORD@host.example:443/x failed", "PASSWORD", "host.example:443/x failed"},
		{"proxy userinfo", "proxyconnect tcp: http://proxyuser:proxypw@10.0.0.1:3128", "proxypw", "10.0.0.1:3128"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := String(tt.in)
			if strings.Contains(got, tt.secret) {
				t.Errorf("String(%q) = %q still holds %q", tt.in, got, tt.secret)
			}
			if !strings.Contains(got, mask) || !strings.Contains(got, tt.keep) {
				t.Errorf("String(%q) = %q: want a mask and %q kept", tt.in, got, tt.keep)
			}
		})
	}
}

// Text that only looks close to a secret stays as it is.
func TestStringLeavesOrdinaryText(t *testing.T) {
	for _, in := range []string{
		"nothing to hide",
		"SignatureDoesNotMatch: the signature is wrong",
		"SignatureNonceUsed: try again",
		"SignatureMethod=HMAC-SHA1&SignatureVersion=1.0",
		`{"SignatureMethod":"HMAC-SHA1","SignatureVersion":"1.0"}`,
		"write to user@example.com",
		"https://host.example/path@version?x=1",
	} {
		if got := String(in); got != in {
			t.Errorf("String(%q) = %q, want it unchanged", in, got)
		}
	}
}

// registered sets the registry to the given secrets for one test.
func registered(t *testing.T, vs ...string) {
	t.Helper()
	mu.Lock()
	saved := slices.Clone(secrets)
	secrets = nil
	mu.Unlock()
	t.Cleanup(func() {
		mu.Lock()
		secrets = saved
		mu.Unlock()
	})
	for _, v := range vs {
		Secret(v)
	}
}

func TestRegisteredSecret(t *testing.T) {
	tests := []struct {
		name   string
		secret string
		in     string
		want   string
	}{
		{"long, anywhere", "my-registered-secret-key", `dial: key "my-registered-secret-key" refused`, `dial: key "REDACTED" refused`},
		{"long, inside other text", "0123456789abcdef", "x0123456789abcdefy", "xREDACTEDy"},
		{"long, percent-encoded", "sec/ret+key=0042", "a=sec%2Fret%2Bkey%3D0042&b", "a=REDACTED&b"},
		{"long, JSON-escaped slashes", "sec/ret/key/0042", `{"k":"sec\/ret\/key\/0042"}`, `{"k":"REDACTED"}`},
		{"short, standing alone", "sk12", "key sk12 refused, (sk12)", "key REDACTED refused, (REDACTED)"},
		{"short, inside a word stays", "sk12", "ask123 and sk12x", "ask123 and sk12x"},
		{"short, between separators", "abc", "token=abc&x=1", "token=REDACTED&x=1"},
		{"one character", "q", "q is the key; quite safe", "REDACTED is the key; quite safe"},
		{"empty is ignored", "", "nothing to hide", "nothing to hide"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			registered(t, tt.secret)
			if got := String(tt.in); got != tt.want {
				t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// A secret that holds another is masked whole, whatever the order they
// were registered in.
func TestLongestSecretFirst(t *testing.T) {
	registered(t, "secret", "secret-and-more-0042")
	if got := String("x secret-and-more-0042 y"); got != "x REDACTED y" {
		t.Errorf("String = %q", got)
	}
}

func TestURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://user:PASSWORD@host:8443", "https://REDACTED@host:8443"},
		{"https://TOKEN@host/path?x=secret#frag", "https://REDACTED@host/path?REDACTED"},
		{"user:PASSWORD@host", "REDACTED@host"},
		{"host.example:443", "host.example:443"},
		{"https://vpc.example.com", "https://vpc.example.com"},
		{"http://127.0.0.1:8080/?Signature=abc", "http://127.0.0.1:8080/?REDACTED"},
	}
	for _, tt := range tests {
		if got := URL(tt.in); got != tt.want {
			t.Errorf("URL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
