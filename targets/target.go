package targets

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	alicreds "github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/aliyunrpc"
	"github.com/peeringkit/peering/providers/alibabaens"
	"github.com/peeringkit/peering/providers/alibabavpc"
	"github.com/peeringkit/peering/providers/baidu"
)

// Target is one account of one provider in one region (alibaba-ens: every
// node), and how to reach it and sign for it. A Config's Targets method
// makes them from a file; a program can also fill one in itself.
type Target struct {
	// Name is unique within a run: the entry's name, then "/" and the
	// region for regional providers ("prod-baidu/bj").
	Name string
	// Label is the account as people call it: the entry's name, or its ID.
	Label    string
	Provider peering.Provider
	// AccountID is the account's ID (Alibaba: the decimal UID); "" when not
	// given. It fills in roles and the default peer account.
	AccountID string
	// Region is "" for alibaba-ens.
	Region string
	// Endpoint is "" for the provider's public endpoint.
	Endpoint string
	// Env names the variables holding the credentials. When it is zero and
	// Keys is nil, Profile or the provider's usual chain is used.
	Env EnvCredentials
	// Profile names a profile of the provider CLI's file (the aliyun CLI's
	// ~/.aliyun/config.json, the bce CLI's ~/.bce/config.json); "" for the
	// provider's usual chain.
	Profile string
	// Keys are credentials in hand, used as they are.
	Keys *Keys
	// Origin says where the target was defined, for messages:
	// "peering.yaml:7", "the command line".
	Origin string
	// FromFile is set for targets of a configuration file.
	FromFile bool
}

// Keys are credentials themselves: an access key ID, its secret and, for
// temporary (STS) credentials, a token. Formatting them with any fmt verb
// never prints the secret or the token.
type Keys struct {
	AccessKeyID, Secret, Token string
}

// String returns the keys with the secret and the token masked.
func (k Keys) String() string {
	return fmt.Sprintf("{AccessKeyID:%s Secret:%s Token:%s}", k.AccessKeyID, masked(k.Secret), masked(k.Token))
}

// Format makes every fmt verb print the masked form: verbs that ignore
// String (such as %d or %#v) would print the fields themselves.
func (k Keys) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, k.String()) }

func masked(s string) string {
	if s == "" {
		return ""
	}
	return "REDACTED"
}

// StandardEnv returns the variables each provider's own tools read by
// default: BCE_ACCESS_KEY_ID, BCE_SECRET_ACCESS_KEY and BCE_SESSION_TOKEN
// for Baidu; ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET and
// ALIBABA_CLOUD_SECURITY_TOKEN for Alibaba.
func StandardEnv(p peering.Provider) EnvCredentials {
	if p == peering.Baidu {
		return EnvCredentials{AccessKeyIDEnv: baidu.EnvAccessKeyID, SecretEnv: baidu.EnvSecretAccessKey, TokenEnv: baidu.EnvSessionToken}
	}
	return EnvCredentials{AccessKeyIDEnv: aliyunrpc.EnvAccessKeyID, SecretEnv: aliyunrpc.EnvAccessKeySecret, TokenEnv: aliyunrpc.EnvSecurityToken}
}

// CredentialsError is the error of a target whose credentials were not
// found. Its code (peering.Code) is Unauthenticated.
type CredentialsError struct {
	Target Target
	// Missing are the variables that were not set.
	Missing []string
	// Named is set when the variables were the target's own (Env), not the
	// provider's usual ones.
	Named bool
	// Reason is what the profile file or the provider's chain said, with
	// anything that looks like a key masked; "" when only variables were
	// read.
	Reason string
}

func (e *CredentialsError) Error() string { return e.Unwrap().Error() }

// Unwrap returns the error as the adapters code theirs, so that
// peering.Code and JSON output can tell a missing key from a refused one.
func (e *CredentialsError) Unwrap() error {
	msg := "no credentials: " + strings.Join(e.Missing, " and ") + " not set"
	if e.Target.Profile != "" {
		msg = "no credentials from profile " + e.Target.Profile
	}
	if e.Reason != "" {
		msg += " (" + e.Reason + ")"
	}
	return &peering.Error{Code: peering.Unauthenticated, Provider: e.Target.Provider, Op: "New", Message: msg}
}

// Credentials returns the target's keys: Keys, or else those of the
// variables Env names, or else those of the profile Profile names, or else
// those the provider's usual chain finds (see the order above chain).
func (t Target) Credentials() (Keys, error) {
	switch {
	case t.Keys != nil:
		return *t.Keys, nil
	case t.Env != (EnvCredentials{}):
		return t.fromEnv(t.Env, true)
	}
	return t.chain()
}

// fromEnv reads the variables e names.
func (t Target) fromEnv(e EnvCredentials, named bool) (Keys, error) {
	k := Keys{AccessKeyID: strings.TrimSpace(os.Getenv(e.AccessKeyIDEnv)), Secret: strings.TrimSpace(os.Getenv(e.SecretEnv))}
	if e.TokenEnv != "" {
		k.Token = strings.TrimSpace(os.Getenv(e.TokenEnv))
	}
	var missing []string
	if k.AccessKeyID == "" {
		missing = append(missing, e.AccessKeyIDEnv)
	}
	if k.Secret == "" {
		missing = append(missing, e.SecretEnv)
	}
	if len(missing) > 0 {
		return Keys{}, &CredentialsError{Target: t, Missing: missing, Named: named}
	}
	return k, nil
}

// OpenOptions tunes the adapters Open builds.
type OpenOptions struct {
	// Transport carries the adapter's requests; nil: the adapter's own.
	Transport http.RoundTripper
	// CallsPerMinute is the client-side limit of calls per minute to each
	// API of the target, for a program that shares an account's quota with
	// others or stays under a lower one. 0 keeps each adapter's default:
	// VpcPeer's published quotas, and no limit on Baidu and ENS, which
	// publish none. Negative turns every limit off, VpcPeer's included.
	// The limiters are shared by every client of the process for the same
	// account, region and API.
	CallsPerMinute int
}

// CheckRegion applies the adapter's region check, which Open makes too: a
// region the adapter does not know needs an explicit Endpoint. The error
// of an unknown region names the known ones.
func (t Target) CheckRegion() error {
	switch t.Provider {
	case peering.Baidu:
		return baidu.CheckRegion(t.Region, t.Endpoint)
	case peering.AlibabaVPC:
		return alibabavpc.CheckRegion(t.Region, t.Endpoint)
	}
	return nil
}

// Open builds the adapter client of the target. A region the adapter
// does not know (CheckRegion) and options it refuses are InvalidArgument
// errors; missing credentials are a *CredentialsError. It sends no request
// to the cloud; finding credentials may (an instance's metadata service,
// STS for a role). An Alibaba target whose credentials come from a profile
// or the SDK's chain keeps asking it, before each request (see
// Credentials).
func (t Target) Open(o OpenOptions) (peering.Peering, error) {
	if err := t.CheckRegion(); err != nil {
		return nil, err
	}
	var (
		k    Keys
		prov alicreds.CredentialsProvider
		err  error
	)
	if t.Provider != peering.Baidu && t.Keys == nil && t.Env == (EnvCredentials{}) {
		prov = alibabaProvider(t.Profile)
		_, err = t.alibabaChain(prov)
	} else {
		k, err = t.Credentials()
	}
	if err != nil {
		return nil, err
	}
	p, err := t.open(k, prov, o)
	if err != nil {
		return nil, err // not a typed nil in the interface
	}
	return p, nil
}

// open builds the adapter with keys k, or for Alibaba with provider prov
// when it is not nil.
func (t Target) open(k Keys, prov alicreds.CredentialsProvider, o OpenOptions) (peering.Peering, error) {
	switch t.Provider {
	case peering.Baidu:
		opts := baidu.Options{
			Credentials: baidu.Credentials{AccessKeyID: k.AccessKeyID, SecretAccessKey: k.Secret, SessionToken: k.Token},
			Region:      t.Region, Endpoint: t.Endpoint, AccountID: t.AccountID,
		}
		if o.Transport != nil {
			opts.HTTPClient = &http.Client{Transport: o.Transport}
		}
		if o.CallsPerMinute > 0 {
			opts.CallsPerSecond = float64(o.CallsPerMinute) / 60
		}
		return baidu.New(opts)
	case peering.AlibabaVPC:
		return alibabavpc.New(alibabavpc.Options{
			Credentials: alibabavpc.Credentials{AccessKeyID: k.AccessKeyID, AccessKeySecret: k.Secret, SecurityToken: k.Token},
			Region:      t.Region, Endpoint: t.Endpoint, AccountID: t.AccountID, Transport: o.Transport,
			CallsPerMinute: o.CallsPerMinute, CredentialsProvider: prov,
		})
	case peering.AlibabaENS:
		return alibabaens.New(alibabaens.Options{
			Credentials: alibabaens.Credentials{AccessKeyID: k.AccessKeyID, AccessKeySecret: k.Secret, SecurityToken: k.Token},
			Endpoint:    t.Endpoint, AccountID: t.AccountID, Transport: o.Transport,
			CallsPerMinute: o.CallsPerMinute, CredentialsProvider: prov,
		})
	}
	return nil, peering.InvalidArgumentf(t.Provider, "New", "unknown provider %q; want baidu, alibaba-vpc or alibaba-ens", t.Provider)
}
