package baidu

import (
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/httpguard"
	"github.com/peeringkit/peering/internal/ratelimit"
	"github.com/peeringkit/peering/internal/redact"
	"github.com/peeringkit/peering/internal/retry"
	"github.com/peeringkit/peering/normalize"
)

// MaxPageSize is the largest page the list API returns, and the page size
// used when peering.Filter.PageSize is 0.
const MaxPageSize = 1000

// Client is the Baidu VPC peering adapter: a peering.Peering for one
// account's credentials in one region. It is safe for concurrent use;
// make one per (credentials, region) and keep it, so that its VPC cache and
// HTTP connections are reused.
type Client struct {
	region    string
	base      *url.URL // scheme and host of the regional endpoint
	cred      Credentials
	accountID string
	loc       *time.Location
	hc        *http.Client
	policy    retry.Policy
	limit     ratelimit.Limit
	limitKey  string    // bucket key prefix; the API name is appended
	vpcs      *vpcCache // nil when VPC look-ups are off
	roles     *roleCache

	// now is the signing clock; tests move it to provoke RequestExpired.
	now func() time.Time
	// attemptTimeout bounds one attempt (the constant; tests shorten it).
	attemptTimeout time.Duration
}

var _ peering.Peering = (*Client)(nil)

// New returns a Client for opts. It checks the options and registers the
// secret key and session token with the redactor, but sends nothing.
func New(opts Options) (*Client, error) {
	bad := func(format string, args ...any) (*Client, error) {
		return nil, invalid("New", format, args...)
	}
	// The region first: a mistyped one is refused whatever the credentials.
	if err := CheckRegion(opts.Region, opts.Endpoint); err != nil {
		return nil, err
	}
	cred, err := opts.credentials()
	if err != nil {
		return bad("%v", err)
	}
	// Registered before anything can fail with them in hand.
	redact.Secret(cred.SecretAccessKey)
	redact.Secret(cred.SessionToken)
	base, err := endpointURL(opts.Region, opts.Endpoint)
	if err != nil {
		return bad("%v", err)
	}
	switch {
	case opts.MaxAttempts < 0:
		return bad("MaxAttempts %d is negative", opts.MaxAttempts)
	case opts.CallsPerSecond < 0 || math.IsNaN(opts.CallsPerSecond) || math.IsInf(opts.CallsPerSecond, 0):
		return bad("CallsPerSecond %v is not a non-negative rate", opts.CallsPerSecond)
	case opts.Burst < 0:
		return bad("Burst %d is negative", opts.Burst)
	case opts.MaxResponseBytes < 0:
		return bad("MaxResponseBytes %d is negative", opts.MaxResponseBytes)
	}
	c := &Client{
		region:    opts.Region,
		base:      base,
		cred:      cred,
		accountID: opts.AccountID,
		loc:       opts.Location,
		hc:        opts.HTTPClient,
		policy:    retry.Default,
		roles:     newRoleCache(),
		now:       time.Now,

		attemptTimeout: attemptTimeout,
	}
	if c.loc == nil {
		c.loc = normalize.ChinaStandardTime
	}
	if c.hc == nil {
		c.hc = defaultHTTPClient()
	}
	// Whatever client the caller gave: no redirect is followed (it would
	// carry Authorization and X-Bce-Security-Token elsewhere), and bodies
	// are capped.
	c.hc = httpguard.Client(c.hc, opts.MaxResponseBytes)
	if opts.MaxAttempts > 0 {
		c.policy.Attempts = opts.MaxAttempts
	}
	if opts.CallsPerSecond > 0 {
		// ratelimit.Limit counts whole calls per window: a 1000 s window
		// keeps three decimals of a fractional rate.
		c.limit = ratelimit.Limit{Calls: max(1, int(math.Round(opts.CallsPerSecond*1000))), Per: 1000, Burst: opts.Burst}
		account := opts.AccountID
		if account == "" {
			account = cred.AccessKeyID
		}
		c.limitKey = ratelimit.Key(string(peering.Baidu), account, opts.Region, "")
	}
	if !opts.NoVPCLookup {
		c.vpcs = newVPCCache()
	}
	return c, nil
}

// defaultHTTPClient is shared by every Client built without one, so that
// they share idle connections. It does not follow redirects, nor does any
// client New is given: New wraps it with internal/httpguard.
var defaultHTTPClient = sync.OnceValue(func() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 2 * vpcLookupConcurrency
	return &http.Client{
		Transport:     t,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
})

// Provider returns peering.Baidu.
func (c *Client) Provider() peering.Provider { return peering.Baidu }

// Region returns the region the client manages.
func (c *Client) Region() string { return c.region }

// Capabilities reports what Baidu VPC peering supports. IPv6 CIDRs come
// from the VPC API, so IPv6 is false when VPC look-ups are off; resource
// groups can be set on create but are not reported back. Connections have
// no name (UpdateName false; see RenameInterface). TermEndsAt is
// expiredTime, the end of a prepaid term; AcceptBy is never set, as the API
// does not report when an unanswered request lapses (7 days after it was
// made, the documents say).
func (c *Client) Capabilities() peering.Capabilities {
	return peering.Capabilities{
		Create: true, Accept: true, Reject: true, Delete: true,
		UpdateName: false, UpdateDescription: true, UpdateBandwidth: true,
		Bandwidth: true, Tags: true, IPv6: c.vpcs != nil, TermEndsAt: true, AcceptBy: false, ResourceGroup: false,
		CreateNeedsBandwidth: true,
		CrossAccount:         true, CrossRegion: true,
		Routes:      true,
		MaxPageSize: MaxPageSize, MinPageSize: 1,
	}
}

// String describes the client without its credentials' secrets.
//
// String and Format have value receivers, unlike the other methods, so
// that a copied Client value is covered too.
func (c Client) String() string {
	return fmt.Sprintf("baidu.Client{region: %s, endpoint: %s, accessKeyID: %s}", c.region, c.base, c.cred.AccessKeyID)
}

// Format prints String for every verb, %#v included: fmt's default
// formatting of the struct would print the secret key.
func (c Client) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }
