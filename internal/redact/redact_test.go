package redact

import (
	"strings"
	"testing"
)

func TestString(t *testing.T) {
	tests := []struct {
		in, secret string
	}{
		{"GET https://vpcpeer.aliyuncs.com/?Action=X&Signature=ab%2Bcd%3D&Timestamp=1", "ab%2Bcd"},
		{"POST&%2F&AccessKeyId%3Dak%26SecurityToken%3DCAIStoken123%26Timestamp", "CAIStoken123"},
		{"string to sign SecurityToken%253Dtok-double-encoded%2526", "tok-double-encoded"},
		{"Authorization: bce-auth-v1/ak/2014-06-13T05:57:36Z/1800/host;x-bce-date/80c9672aca2ea9af4bb4", "80c9672aca2ea9af4bb4"},
		{`x-bce-security-token: "sessiontok999"`, "sessiontok999"},
	}
	for _, tt := range tests {
		got := String(tt.in)
		if strings.Contains(got, tt.secret) {
			t.Errorf("String(%q) = %q still holds %q", tt.in, got, tt.secret)
		}
		if !strings.Contains(got, mask) {
			t.Errorf("String(%q) = %q has no mask", tt.in, got)
		}
	}
}

func TestRegisteredSecret(t *testing.T) {
	Secret("short") // too short to register: would mask ordinary words
	Secret("my-registered-secret-key")
	got := String(`dial: key "my-registered-secret-key" refused; a short word stays`)
	if strings.Contains(got, "my-registered-secret-key") || !strings.Contains(got, "short word") {
		t.Errorf("String = %q", got)
	}
	if s := String("nothing to hide"); s != "nothing to hide" {
		t.Errorf("plain text changed: %q", s)
	}
}
