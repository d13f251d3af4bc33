package baidu

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/redact"
	"github.com/peeringkit/peering/internal/region"
)

// regions are the Baidu AI Cloud regions with a VPC API endpoint (peering
// is part of the VPC service and uses its endpoints), by the short names
// the API uses, as Baidu's "VPC service domain names" page lists them
// (cloud.baidu.com/doc/VPC/s/xjwvyuhpw: bj bd gz su hkg fwh cd; its English
// edition also sin and fsh), each served at https://bcc.<region>.baidubce.com.
var regions = []string{"bj", "gz", "su", "hkg", "fwh", "bd", "cd", "sin", "fsh"}

// Regions returns the regions New knows the endpoints of: bj (Beijing), gz
// (Guangzhou), su (Suzhou), hkg (Hong Kong), fwh (Wuhan), bd (Baoding), cd
// (Chengdu), sin (Singapore) and fsh (Shanghai). New refuses any other
// region unless Options.Endpoint is given: Baidu adds regions, and an
// explicit endpoint reaches one this list does not have yet.
func Regions() []string { return slices.Clone(regions) }

// The environment variables New reads when Options.Credentials is empty.
const (
	EnvAccessKeyID     = "BCE_ACCESS_KEY_ID"
	EnvSecretAccessKey = "BCE_SECRET_ACCESS_KEY"
	EnvSessionToken    = "BCE_SESSION_TOKEN"
)

// Credentials are a Baidu AI Cloud access key and, for temporary (STS)
// credentials, a session token. Formatting them (String, GoString, any fmt
// verb) never prints the secret key or the token.
type Credentials struct {
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string // "" for a permanent access key
}

// String returns the credentials with the secret and the token masked.
func (c Credentials) String() string {
	return fmt.Sprintf("{AccessKeyID:%s SecretAccessKey:%s SessionToken:%s}",
		c.AccessKeyID, masked(c.SecretAccessKey), masked(c.SessionToken))
}

// GoString returns the credentials as Go syntax, with the secret and the token masked.
func (c Credentials) GoString() string {
	return fmt.Sprintf("baidu.Credentials{AccessKeyID:%q, SecretAccessKey:%q, SessionToken:%q}",
		c.AccessKeyID, masked(c.SecretAccessKey), masked(c.SessionToken))
}

// Format makes every fmt verb print the masked form: without it, verbs that
// ignore String (such as %d) would print the fields themselves.
func (c Credentials) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = io.WriteString(f, c.GoString())
		return
	}
	_, _ = io.WriteString(f, c.String())
}

func masked(s string) string {
	if s == "" {
		return ""
	}
	return "REDACTED"
}

// Options configures a Client. Only Region is required; credentials come
// from the environment when not given.
type Options struct {
	// Credentials to sign requests with. When AccessKeyID and SecretAccessKey
	// are both empty, New reads BCE_ACCESS_KEY_ID, BCE_SECRET_ACCESS_KEY and
	// BCE_SESSION_TOKEN.
	Credentials Credentials
	// Region is the region to manage, one of [Regions] ("bj", "gz", ...).
	// Another region is refused (InvalidArgument, before any request)
	// unless Endpoint is given: then it is used as given, for a region
	// newer than this package or an emulator's.
	Region string
	// Endpoint overrides the regional endpoint https://bcc.<region>.baidubce.com,
	// as "https://host[:port]" (a bare host means HTTPS). Plain "http://" is
	// accepted only for a loopback host, such as the emulator's.
	Endpoint string
	// HTTPClient sends the requests; nil uses a client of this package's own
	// (never http.DefaultClient). The client is copied, not modified, and
	// the copy never follows a redirect, whatever its CheckRedirect: a 3xx
	// answer is an Internal error naming the Location's host, and nothing
	// (no Authorization, no X-Bce-Security-Token) goes to that host.
	HTTPClient *http.Client
	// MaxResponseBytes caps the body of a 2xx answer; 0 means 16 MiB, about
	// eight times the largest legal answer (a list page of 1000 records).
	// A longer body fails the call with an Internal error, not retried,
	// after reading no more than the cap. Error bodies are cut at 64 KiB.
	// Negative is refused.
	MaxResponseBytes int64
	// AccountID is the caller's Baidu account ID, if known. The API does not
	// report it, so it fills the AccountID of the caller's end (Requester or
	// Accepter, by role; "" leaves it empty), and it tells the caller's end
	// of a connection from the other account's (see role.go).
	AccountID string
	// Location is the zone of the API's zone-less timestamps
	// ("2018-08-07 19:46:55"); nil means UTC+8 (normalize.ChinaStandardTime).
	Location *time.Location
	// NoVPCLookup turns off filling CIDR blocks from the VPC API (GET
	// /v1/vpc and GET /v1/vpc/{vpcId}): both ends' CIDRs stay empty
	// (unknown) and no VPC calls are made.
	NoVPCLookup bool
	// MaxAttempts bounds the tries of one call, the first included;
	// 0 uses retry.Default (6), 1 turns retries off.
	MaxAttempts int
	// CallsPerSecond and Burst set a client-side rate limit per API, shared
	// by every Client of the process with the same account (AccountID, or
	// else the access key) and region; the first of them to call sets the
	// rate. 0 means no limit: Baidu publishes none.
	CallsPerSecond float64
	Burst          int
}

// CreateOptions holds what only Baidu's create has. Pass it (or a pointer
// to it) as peering.CreateRequest.ProviderOptions.
type CreateOptions struct {
	// PaymentTiming is "Postpaid" (the default; the only choice within one
	// region) or "Prepaid".
	PaymentTiming string
	// ReservationMonths is the prepaid term in months (1-9, 12, 24 or 36);
	// required for Prepaid, not allowed for Postpaid.
	ReservationMonths int
	// DeleteProtect makes the connection refuse deletion until turned off
	// (see Client.SetDeleteProtection).
	DeleteProtect bool
	// LocalIfName names the local interface (Attributes["localIfName"]).
	// Baidu connections have no name of their own: peering.CreateRequest.Name
	// must be empty.
	LocalIfName string
	// PeerIfName names the peer's interface; same-account connections only.
	PeerIfName string
}

// The two payment timings of CreateOptions.PaymentTiming.
const (
	Postpaid = "Postpaid"
	Prepaid  = "Prepaid"
)

// reservationMonths are the prepaid terms Baidu sells (Terraform's list).
var reservationMonths = map[int]bool{1: true, 2: true, 3: true, 4: true, 5: true, 6: true, 7: true, 8: true, 9: true, 12: true, 24: true, 36: true}

// credentials returns the explicit credentials, else those of the environment.
func (o Options) credentials() (Credentials, error) {
	c := o.Credentials
	if c.AccessKeyID == "" && c.SecretAccessKey == "" {
		c = Credentials{
			AccessKeyID:     strings.TrimSpace(os.Getenv(EnvAccessKeyID)),
			SecretAccessKey: strings.TrimSpace(os.Getenv(EnvSecretAccessKey)),
			SessionToken:    strings.TrimSpace(os.Getenv(EnvSessionToken)),
		}
		if c.AccessKeyID == "" && c.SecretAccessKey == "" {
			return c, fmt.Errorf("no credentials: set Options.Credentials or %s and %s", EnvAccessKeyID, EnvSecretAccessKey)
		}
	}
	switch {
	case c.AccessKeyID == "":
		return c, fmt.Errorf("credentials have a secret key but no access key ID")
	case c.SecretAccessKey == "":
		return c, fmt.Errorf("credentials have an access key ID but no secret key")
	}
	return c, nil
}

// knownRegion reports whether r is one of Regions.
func knownRegion(r string) bool { return slices.Contains(regions, r) }

// validRegionName accepts the shape of a region name for explicit endpoints,
// which may serve regions this package does not list.
func validRegionName(r string) bool {
	if r == "" || len(r) > 32 {
		return false
	}
	for i := 0; i < len(r); i++ {
		c := r[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// CheckRegion returns the error New would return for Options.Region r
// with Options.Endpoint endpoint, and nil when New would accept them: r
// must be one of Regions unless endpoint is given, and then any region
// name (lowercase letters, digits and '-') passes. A region not listed is
// an InvalidArgument error whose cause is a *region.UnknownError. It needs
// no credentials and sends nothing, so that tools can refuse a mistyped
// region before reading secrets.
func CheckRegion(r, endpoint string) error {
	switch {
	case r == "":
		return invalid("New", "no region: set Options.Region (one of %s)", strings.Join(regions, " "))
	case endpoint == "":
		likely := ""
		if validRegionName(r) {
			likely = "https://bcc." + r + ".baidubce.com"
		}
		if err := region.Check(r, endpoint, regions, likely); err != nil {
			// The cause is kept: a *region.UnknownError tells callers
			// with other words than Options (the CLI) what was refused.
			return &peering.Error{Code: peering.InvalidArgument, Provider: peering.Baidu, Op: "New", Err: err}
		}
	case !validRegionName(r):
		return invalid("New", "invalid region name %q", r)
	}
	return nil
}

// endpointURL returns the base URL (scheme and host only) for region r,
// which CheckRegion accepted.
func endpointURL(r, endpoint string) (*url.URL, error) {
	if endpoint == "" {
		return &url.URL{Scheme: "https", Host: "bcc." + r + ".baidubce.com"}, nil
	}
	// Messages show the endpoint without its userinfo or query, which
	// could hold a password.
	shown := redact.URL(endpoint)
	raw := endpoint
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // its text repeats the whole URL
		}
		return nil, fmt.Errorf("endpoint %q: %w", shown, err)
	}
	switch {
	case u.Host == "" || u.Hostname() == "":
		return nil, fmt.Errorf("endpoint %q has no host", shown)
	case u.User != nil || u.RawQuery != "" || u.Fragment != "" || (u.Path != "" && u.Path != "/"):
		return nil, fmt.Errorf("endpoint %q must be scheme://host[:port] only", shown)
	case u.Port() != "":
		if p, err := strconv.Atoi(u.Port()); err != nil || p < 1 || p > 65535 {
			return nil, fmt.Errorf("endpoint %q has an invalid port", shown)
		}
	}
	switch u.Scheme {
	case "https":
	case "http":
		// Plain HTTP would send signed requests in the clear: only the
		// machine itself (an emulator) may be reached that way.
		if !loopback(u.Hostname()) {
			return nil, fmt.Errorf("endpoint %q: plain http is allowed only for a loopback host; use https", shown)
		}
	default:
		return nil, fmt.Errorf("endpoint %q: scheme must be https (or http for loopback)", shown)
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host}, nil
}

func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
