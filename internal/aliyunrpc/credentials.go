package aliyunrpc

import (
	"fmt"
	"os"
	"strconv"

	"github.com/peeringkit/peering/internal/redact"
)

// The environment variables read when no credentials are given, as the
// Alibaba Cloud SDKs and CLI name them.
const (
	EnvAccessKeyID     = "ALIBABA_CLOUD_ACCESS_KEY_ID"
	EnvAccessKeySecret = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
	EnvSecurityToken   = "ALIBABA_CLOUD_SECURITY_TOKEN"
)

// Credentials is an Alibaba Cloud AccessKey pair, with the security token of
// an STS session when the pair is temporary. Formatting it with any verb
// (%v, %+v, %#v, %s, %q, ...) masks the secret and the token.
type Credentials struct {
	AccessKeyID     string
	AccessKeySecret string
	SecurityToken   string // STS token; "" for a long-term AccessKey
}

// CredentialsFromEnv reads ALIBABA_CLOUD_ACCESS_KEY_ID,
// ALIBABA_CLOUD_ACCESS_KEY_SECRET and ALIBABA_CLOUD_SECURITY_TOKEN.
func CredentialsFromEnv() Credentials {
	return Credentials{
		AccessKeyID:     os.Getenv(EnvAccessKeyID),
		AccessKeySecret: os.Getenv(EnvAccessKeySecret),
		SecurityToken:   os.Getenv(EnvSecurityToken),
	}
}

// IsZero reports whether no field is set.
func (c Credentials) IsZero() bool {
	return c.AccessKeyID == "" && c.AccessKeySecret == "" && c.SecurityToken == ""
}

// resolve returns c, or the environment's credentials when c is empty, and
// checks that a key ID and a secret are both present.
func (c Credentials) resolve() (Credentials, error) {
	if c.IsZero() {
		c = CredentialsFromEnv()
	}
	switch {
	case c.IsZero():
		return c, fmt.Errorf("no credentials: set Options.Credentials or %s and %s", EnvAccessKeyID, EnvAccessKeySecret)
	case c.AccessKeyID == "":
		return c, fmt.Errorf("credentials have a secret but no AccessKeyID")
	case c.AccessKeySecret == "":
		return c, fmt.Errorf("credentials for AccessKeyID %q have no AccessKeySecret", c.AccessKeyID)
	}
	return c, nil
}

// String shows the key ID and masks the secret and the token.
func (c Credentials) String() string {
	return "Credentials{AccessKeyID: " + strconv.Quote(c.AccessKeyID) +
		", AccessKeySecret: " + mask(c.AccessKeySecret) +
		", SecurityToken: " + mask(c.SecurityToken) + "}"
}

// GoString is String, so that %#v masks too.
func (c Credentials) GoString() string { return "aliyunrpc." + c.String() }

// Format implements fmt.Formatter so that no verb (not even %x) prints a
// secret: every verb prints String, %#v prints GoString.
func (c Credentials) Format(f fmt.State, verb rune) {
	s := c.String()
	switch {
	case verb == 'v' && f.Flag('#'):
		s = c.GoString()
	case verb == 'q':
		s = strconv.Quote(s)
	}
	_, _ = f.Write([]byte(s))
}

func mask(s string) string {
	if s == "" {
		return `""`
	}
	return "REDACTED"
}

// register masks the secret and the token in every text redact handles, so
// that they cannot leak through an error message or a log line.
func (c Credentials) register() {
	redact.Secret(c.AccessKeySecret)
	redact.Secret(c.SecurityToken)
}
