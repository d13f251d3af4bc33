package aliyunrpc

import (
	"fmt"
	"strings"
	"testing"
)

func TestCredentialsFormattingMasksSecrets(t *testing.T) {
	c := Credentials{AccessKeyID: "LTAIexampleKeyID", AccessKeySecret: "s3cr3t-Secret-Value", SecurityToken: "CAIS-token-Value+/="}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10v"} {
		got := fmt.Sprintf(verb, c)
		if strings.Contains(got, c.AccessKeySecret) || strings.Contains(got, c.SecurityToken) {
			t.Errorf("%s leaks a secret: %s", verb, got)
		}
		if strings.Contains(got, fmt.Sprintf("%x", c.AccessKeySecret)) {
			t.Errorf("%s leaks the secret in hex: %s", verb, got)
		}
	}
	// Nested in a struct, as a caller's Options would be.
	opts := struct{ Credentials Credentials }{c}
	for _, verb := range []string{"%v", "%+v", "%#v"} {
		if got := fmt.Sprintf(verb, opts); strings.Contains(got, c.AccessKeySecret) || strings.Contains(got, c.SecurityToken) {
			t.Errorf("%s of a struct holding credentials leaks a secret: %s", verb, got)
		}
	}
	if got := c.String(); !strings.Contains(got, c.AccessKeyID) {
		t.Errorf("String() = %s, want the key ID shown", got)
	}
	if got := (Credentials{AccessKeyID: "id"}).String(); !strings.Contains(got, `AccessKeySecret: ""`) {
		t.Errorf("String() of credentials without a secret = %s, want it shown as empty", got)
	}
}

func TestCredentialsResolve(t *testing.T) {
	tests := []struct {
		name    string
		given   Credentials
		env     [3]string // id, secret, token
		want    Credentials
		wantErr string
	}{
		{name: "explicit wins over the environment",
			given: Credentials{AccessKeyID: "id", AccessKeySecret: "secret"},
			env:   [3]string{"env-id", "env-secret", "env-token"},
			want:  Credentials{AccessKeyID: "id", AccessKeySecret: "secret"}},
		{name: "environment with a token",
			env:  [3]string{"env-id", "env-secret", "env-token"},
			want: Credentials{AccessKeyID: "env-id", AccessKeySecret: "env-secret", SecurityToken: "env-token"}},
		{name: "nothing anywhere", wantErr: "no credentials"},
		{name: "secret without an ID", given: Credentials{AccessKeySecret: "secret"}, wantErr: "no AccessKeyID"},
		{name: "ID without a secret", env: [3]string{"env-id", "", ""}, wantErr: "no AccessKeySecret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(EnvAccessKeyID, tt.env[0])
			t.Setenv(EnvAccessKeySecret, tt.env[1])
			t.Setenv(EnvSecurityToken, tt.env[2])
			got, err := tt.given.resolve()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("resolve() error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("resolve() = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}
