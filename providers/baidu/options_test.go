package baidu

import (
	"fmt"
	"strings"
	"testing"

	"github.com/peeringkit/peering"
)

func TestNewOptions(t *testing.T) {
	creds := Credentials{AccessKeyID: "ak", SecretAccessKey: "sk-0123456789abcdef"}
	tests := []struct {
		name     string
		opts     Options
		endpoint string // want, when ok
		err      string // want a substring of the error, "" = ok
	}{
		{"default endpoint is https", Options{Credentials: creds, Region: "bj"}, "https://bcc.bj.baidubce.com", ""},
		{"every listed region", Options{Credentials: creds, Region: "fwh"}, "https://bcc.fwh.baidubce.com", ""},
		{"https endpoint", Options{Credentials: creds, Region: "bj", Endpoint: "https://vpc.example.com:8443"}, "https://vpc.example.com:8443", ""},
		{"bare host means https", Options{Credentials: creds, Region: "bj", Endpoint: "bcc.bj.baidubce.com"}, "https://bcc.bj.baidubce.com", ""},
		{"http to loopback", Options{Credentials: creds, Region: "bj", Endpoint: "http://127.0.0.1:8080/"}, "http://127.0.0.1:8080", ""},
		{"http to IPv6 loopback", Options{Credentials: creds, Region: "bj", Endpoint: "http://[::1]:8080"}, "http://[::1]:8080", ""},
		{"http to localhost", Options{Credentials: creds, Region: "bj", Endpoint: "http://localhost:8080"}, "http://localhost:8080", ""},
		{"explicit endpoint serves its own regions", Options{Credentials: creds, Region: "lab-1", Endpoint: "http://127.0.0.1:1"}, "http://127.0.0.1:1", ""},

		{"no region", Options{Credentials: creds}, "", "no region"},
		{"unknown region", Options{Credentials: creds, Region: "xx"}, "", `unknown region "xx"`},
		{"bad region name with endpoint", Options{Credentials: creds, Region: "B J", Endpoint: "http://127.0.0.1:1"}, "", "invalid region"},
		{"http to a remote host", Options{Credentials: creds, Region: "bj", Endpoint: "http://bcc.bj.baidubce.com"}, "", "loopback"},
		{"other scheme", Options{Credentials: creds, Region: "bj", Endpoint: "ftp://127.0.0.1"}, "", "scheme"},
		{"endpoint with a path", Options{Credentials: creds, Region: "bj", Endpoint: "https://h.example.com/v1"}, "", "scheme://host"},
		{"endpoint with a query", Options{Credentials: creds, Region: "bj", Endpoint: "https://h.example.com?a=b"}, "", "scheme://host"},
		{"endpoint with bad port", Options{Credentials: creds, Region: "bj", Endpoint: "https://h.example.com:99999"}, "", "port"},
		{"secret without key ID", Options{Credentials: Credentials{SecretAccessKey: "sk-0123456789"}, Region: "bj"}, "", "no access key ID"},
		{"key ID without secret", Options{Credentials: Credentials{AccessKeyID: "ak"}, Region: "bj"}, "", "no secret key"},
		{"negative attempts", Options{Credentials: creds, Region: "bj", MaxAttempts: -1}, "", "MaxAttempts"},
		{"negative rate", Options{Credentials: creds, Region: "bj", CallsPerSecond: -1}, "", "CallsPerSecond"},
		{"negative burst", Options{Credentials: creds, Region: "bj", Burst: -1}, "", "Burst"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(EnvAccessKeyID, "")
			t.Setenv(EnvSecretAccessKey, "")
			c, err := New(tt.opts)
			if tt.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				if got := c.base.String(); got != tt.endpoint {
					t.Errorf("endpoint = %s, want %s", got, tt.endpoint)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.err) || peering.Code(err) != peering.InvalidArgument {
				t.Errorf("err = %v (%v), want InvalidArgument containing %q", err, peering.Code(err), tt.err)
			}
		})
	}
}

func TestNewCredentialsFromEnvironment(t *testing.T) {
	t.Setenv(EnvAccessKeyID, " env-ak ")
	t.Setenv(EnvSecretAccessKey, "env-secret-0123456789")
	t.Setenv(EnvSessionToken, "env-token-0123456789")
	c, err := New(Options{Region: "bj"})
	if err != nil {
		t.Fatal(err)
	}
	want := Credentials{AccessKeyID: "env-ak", SecretAccessKey: "env-secret-0123456789", SessionToken: "env-token-0123456789"}
	if c.cred != want {
		t.Errorf("credentials = %#v, want the environment's", c.cred)
	}

	// Explicit credentials win over the environment.
	c, err = New(Options{Region: "bj", Credentials: Credentials{AccessKeyID: "ak", SecretAccessKey: "sk-explicit-0123"}})
	if err != nil {
		t.Fatal(err)
	}
	if c.cred.AccessKeyID != "ak" || c.cred.SessionToken != "" {
		t.Errorf("credentials = %#v, want the explicit ones", c.cred)
	}

	t.Setenv(EnvAccessKeyID, "")
	t.Setenv(EnvSecretAccessKey, "")
	if _, err := New(Options{Region: "bj"}); err == nil || !strings.Contains(err.Error(), EnvAccessKeyID) {
		t.Errorf("no credentials anywhere: err = %v, want one naming %s", err, EnvAccessKeyID)
	}
}

// TestSecretsNeverFormatted prints credentials, options and a client with
// every common verb and wants neither the secret nor the token.
func TestSecretsNeverFormatted(t *testing.T) {
	const secret, token = "sk-never-print-0123456789", "tok-never-print-0123456789"
	cred := Credentials{AccessKeyID: "ak-visible", SecretAccessKey: secret, SessionToken: token}
	opts := Options{Credentials: cred, Region: "bj"}
	c, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{cred, &cred, opts, &opts, c, *c} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
			out := fmt.Sprintf(verb, v)
			if strings.Contains(out, secret) || strings.Contains(out, token) {
				t.Errorf("Sprintf(%q, %T) = %s: holds a secret", verb, v, out)
			}
			if verb == "%v" && !strings.Contains(out, "ak-visible") {
				t.Errorf("Sprintf(%q, %T) = %s: the access key ID, which is not secret, is missing", verb, v, out)
			}
		}
	}
	if s := cred.GoString(); !strings.Contains(s, `SecretAccessKey:"REDACTED"`) {
		t.Errorf("GoString = %s", s)
	}
	if s := (Credentials{AccessKeyID: "ak"}).String(); !strings.Contains(s, "SessionToken:}") {
		t.Errorf("an empty token should print empty, so that its absence shows: %s", s)
	}
}

func TestCapabilities(t *testing.T) {
	on := offlineClient(t, Options{}).Capabilities()
	want := peering.Capabilities{
		Create: true, Accept: true, Reject: true, Delete: true,
		UpdateName: false, UpdateDescription: true, UpdateBandwidth: true,
		Bandwidth: true, Tags: true, IPv6: true, TermEndsAt: true, CreateNeedsBandwidth: true,
		CrossAccount: true, CrossRegion: true, Routes: true, MaxPageSize: 1000, MinPageSize: 1,
	}
	if on != want {
		t.Errorf("Capabilities = %+v, want %+v", on, want)
	}
	if off := offlineClient(t, Options{NoVPCLookup: true}).Capabilities(); off.IPv6 {
		t.Error("IPv6 reported with VPC look-ups off")
	}
}

func TestRegions(t *testing.T) {
	for _, r := range Regions() {
		c, err := New(Options{Region: r, Credentials: Credentials{AccessKeyID: "ak", SecretAccessKey: "sk-0123456789abcdef"}})
		if err != nil {
			t.Fatalf("region %s: %v", r, err)
		}
		if got, want := c.base.String(), "https://bcc."+r+".baidubce.com"; got != want {
			t.Errorf("region %s: endpoint %s, want %s", r, got, want)
		}
	}
	rs := Regions()
	rs[0] = "changed"
	if Regions()[0] == "changed" {
		t.Error("Regions returns the package's own slice")
	}
}

// A refused endpoint is named in the error without its userinfo or query.
func TestNewHidesEndpointPasswords(t *testing.T) {
	for _, in := range []string{
		"https://user:PASSWORD@bcc.example.com",
		"https://PASSWORD@bcc.example.com",
		"user:PASSWORD@bcc.example.com",
		"https://bcc.example.com/?token=PASSWORD",
		"https://user:PASS WORD@bcc.example.com",
	} {
		_, err := New(Options{Credentials: Credentials{AccessKeyID: "ak-endpoint", SecretAccessKey: "sk-endpoint-secret"}, Region: "bj", Endpoint: in})
		if peering.Code(err) != peering.InvalidArgument {
			t.Errorf("New with endpoint %q = %v, want InvalidArgument", in, err)
			continue
		}
		if strings.Contains(err.Error(), "PASS") || strings.Contains(fmt.Sprintf("%#v", err), "PASS") {
			t.Errorf("New with endpoint %q = %v: shows the password", in, err)
		}
		if !strings.Contains(err.Error(), "example.com") {
			t.Errorf("New with endpoint %q = %v: does not name the host", in, err)
		}
	}
}
