package alibabaens

import (
	"net/http"
	"strings"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/aliyunrpc"
	"github.com/peeringkit/peering/internal/ratelimit"
)

// DefaultEndpoint is the ENS API host. It is central (the ENS node is a
// parameter) and always reached over HTTPS.
const DefaultEndpoint = "ens.aliyuncs.com"

// Page sizes DescribeNetworkPeerConnections accepts.
const (
	MaxPageSize = 100 // also the page size used when Filter.PageSize is 0
	MinPageSize = 10  // smaller requested sizes are fetched as 10 and sliced
)

// DefaultListConcurrency is how many pages List fetches at once after the
// first: enough that a listing of 3,200 connections takes two round trips
// (the first page, then the rest at once: the floor), few enough to be
// gentle with an API whose quota is not published, and to hold at most 32
// pages of 100 in memory.
const DefaultListConcurrency = 32

// DefaultBurst is the rate limiter's burst when CallsPerMinute is set.
const DefaultBurst = 10

// Credentials is an AccessKey pair with an optional STS security token.
// Formatting it masks the secret and the token.
type Credentials = aliyunrpc.Credentials

// CredentialsProvider is the Alibaba Cloud SDK's source of credentials,
// asked before each request (see Options.CredentialsProvider).
type CredentialsProvider = aliyunrpc.CredentialsProvider

// Options configures New.
type Options struct {
	// Credentials; when empty, ALIBABA_CLOUD_ACCESS_KEY_ID,
	// ALIBABA_CLOUD_ACCESS_KEY_SECRET and ALIBABA_CLOUD_SECURITY_TOKEN.
	Credentials Credentials
	// CredentialsProvider, when set, replaces Credentials: the Alibaba
	// Cloud SDK's provider (its default chain, an aliyun CLI profile, an
	// ECS instance's RAM role) is asked before each request, so that
	// temporary credentials it refreshes are used as they change during a
	// long run. New does not ask it.
	CredentialsProvider CredentialsProvider
	// Endpoint overrides DefaultEndpoint: "https://host[:port]", or for the
	// emulator "http://127.0.0.1:PORT" or "127.0.0.1:PORT". Plain HTTP is
	// accepted only for loopback hosts; any other host is reached over HTTPS.
	Endpoint string
	// AccountID is the caller's account UID. ENS records name no account,
	// so it does not set Connection.Role; it keys the rate limiter.
	AccountID string
	// MaxAttempts is the most tries per call, the first included; 0 means 6.
	MaxAttempts int
	// CallsPerMinute caps the calls per minute to each API. ENS publishes
	// no quota, so 0 (like a negative value) means no client-side limit.
	CallsPerMinute int
	// Burst is the rate limiter's burst; 0 means DefaultBurst.
	Burst int
	// Transport carries the requests; nil means a default HTTPS transport.
	// It is never modified. Whatever it is, no redirect is followed: a 3xx
	// answer is an Internal error naming the Location's host, and nothing
	// (no signed query, no security token) goes to that host.
	Transport http.RoundTripper
	// MaxResponseBytes caps the body of a 2xx answer; 0 means 16 MiB, many
	// times the largest legal answer (a list page of 100 records). A longer body fails
	// the call with an Internal error, not retried, after reading no more
	// than the cap. Error bodies are cut at 64 KiB. Negative is refused.
	MaxResponseBytes int64
	// ListConcurrency is how many pages List fetches at once after the
	// first; 0 means DefaultListConcurrency, 1 a sequential walk.
	ListConcurrency int
}

// Client is the ENS network peering adapter. It implements peering.Peering
// and peering.PageLister, and is safe for concurrent use.
type Client struct {
	rpc         *aliyunrpc.Client
	concurrency int
}

var (
	_ peering.Peering    = (*Client)(nil)
	_ peering.PageLister = (*Client)(nil)
)

// New returns a client. It fails when no credentials are given or found in
// the environment, or when the endpoint would send requests in the clear to
// a host that is not local.
func New(o Options) (*Client, error) {
	burst := o.Burst
	if burst <= 0 {
		burst = DefaultBurst
	}
	var limit func(string) ratelimit.Limit
	if o.CallsPerMinute > 0 {
		l := ratelimit.PerMinute(o.CallsPerMinute, burst)
		limit = func(string) ratelimit.Limit { return l }
	}
	rpc, err := aliyunrpc.New(aliyunrpc.Config{
		Provider:    peering.AlibabaENS,
		Credentials: o.Credentials,

		CredentialsProvider: o.CredentialsProvider,
		Endpoint:            o.Endpoint,
		DefaultHost:         DefaultEndpoint,
		Account:             strings.TrimSpace(o.AccountID),
		MaxAttempts:         o.MaxAttempts,
		Limit:               limit,
		Transport:           o.Transport,

		MaxResponseBytes: o.MaxResponseBytes,
	})
	if err != nil {
		return nil, &peering.Error{Code: peering.InvalidArgument, Provider: peering.AlibabaENS, Op: "New", Message: err.Error()}
	}
	n := o.ListConcurrency
	if n <= 0 {
		n = DefaultListConcurrency
	}
	return &Client{rpc: rpc, concurrency: n}, nil
}

// Provider returns peering.AlibabaENS.
func (c *Client) Provider() peering.Provider { return peering.AlibabaENS }

// Capabilities reports what ENS network peering has: create, delete and
// renaming (ModifyNetworkPeerConnection, unverified); no accept step, no
// bandwidth, tags, IPv6 blocks, prepaid term (TermEndsAt), acceptance
// deadline (AcceptBy) or resource groups.
func (c *Client) Capabilities() peering.Capabilities {
	return peering.Capabilities{
		Create: true, Delete: true,
		UpdateName: true, UpdateDescription: true, Routes: true,
		MaxPageSize: MaxPageSize, MinPageSize: MinPageSize,
	}
}

func invalid(op, format string, args ...any) error {
	return peering.InvalidArgumentf(peering.AlibabaENS, op, format, args...)
}
