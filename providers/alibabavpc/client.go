package alibabavpc

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/aliyunrpc"
	"github.com/peeringkit/peering/internal/ratelimit"
	"github.com/peeringkit/peering/internal/region"
)

// DefaultEndpoint is the VpcPeer API host, the same for every region (the
// data is scoped by RegionId). It is always reached over HTTPS.
const DefaultEndpoint = "vpcpeer.aliyuncs.com"

// The published call quotas, per 60 seconds, per region, API and account.
const (
	DefaultCallsPerMinute = 360  // every connection API
	TagCallsPerMinute     = 1000 // TagResources, UnTagResources, MoveResourceGroup
	ListTagCallsPerMinute = 3000 // ListTagResources
)

// DefaultBurst is the client-side burst. The cloud publishes no burst; the
// emulator allows 20 on top of the steady rate. One token under it is the
// margin a paced listing needs: the server's bucket starts refilling when the
// first request arrives, which a new connection's set-up delays more than the
// requests after it, so a client bucket as large as the server's sends a
// token the server has not yet refilled. At 6 calls a second one token
// covers 166 ms of such difference; a larger margin only delays the first
// pages of every listing.
const DefaultBurst = 19

// MaxPageSize is the largest MaxResults the API accepts, and the page size
// used when Filter.PageSize is 0.
const MaxPageSize = 100

// regions are the region IDs VpcPeer serves, as its endpoint page lists
// them (Alibaba Cloud, "VpcPeer 2022-01-01 endpoints",
// help.aliyun.com/en/vpc/developer-reference/api-vpcpeer-2022-01-01-endpoint),
// without ap-southeast-2 (Sydney), marked there as closed. Every one is
// served by the same host, DefaultEndpoint.
var regions = []string{
	"cn-qingdao", "cn-beijing", "cn-zhangjiakou", "cn-huhehaote", "cn-wulanchabu",
	"cn-hangzhou", "cn-shanghai", "cn-nanjing", "cn-shenzhen", "cn-heyuan",
	"cn-guangzhou", "cn-chengdu", "cn-hongkong",
	"ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-3",
	"ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
	"us-east-1", "us-west-1", "eu-west-1", "eu-central-1",
	"ap-south-1", "me-east-1", "me-central-1",
}

// Regions returns the region IDs New knows VpcPeer serves, like
// "cn-hangzhou" and "ap-southeast-1". New refuses any other region unless
// Options.Endpoint is given: Alibaba adds regions, and since one host
// serves them all, Endpoint: DefaultEndpoint reaches one this list does
// not have yet.
func Regions() []string { return slices.Clone(regions) }

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
	// Region is the VpcPeer region, one of [Regions] like "cn-hangzhou"
	// (required). Another region is refused (InvalidArgument, before any
	// request) unless Endpoint is given: then it is used as given.
	Region string
	// Endpoint overrides DefaultEndpoint: "https://host[:port]", or for the
	// emulator "http://127.0.0.1:PORT" or "127.0.0.1:PORT". Plain HTTP is
	// accepted only for loopback hosts; any other host is reached over HTTPS.
	Endpoint string
	// AccountID is the caller's account UID as a decimal string. It sets
	// Connection.Role (requester when it owns the requester VPC, accepter
	// when it owns the accepting one), fills AcceptingAliUid when a create names no
	// peer account, and keys the rate limiter (the quota is per account).
	AccountID string
	// MaxAttempts is the most tries per call, the first included; 0 means 6.
	MaxAttempts int
	// CallsPerMinute caps the calls per minute to each API; 0 means the
	// published quotas (360, 1000 for tag writes and MoveResourceGroup,
	// 3000 for tag listing),
	// negative means no client-side limit.
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
}

// Client is the VpcPeer adapter. It implements peering.Peering and is safe
// for concurrent use.
type Client struct {
	rpc     *aliyunrpc.Client // VpcPeer 2022-01-01
	vpc     *aliyunrpc.Client // the VPC service, Vpc 2016-04-28: route tables
	region  string
	account string
}

var _ peering.Peering = (*Client)(nil)

// New returns a client for one region. It sends nothing, and fails with
// InvalidArgument when no credentials are given or found in the
// environment, when Region is empty, or not one of Regions without an
// explicit Endpoint, or when the endpoint would send requests in the clear
// to a host that is not local.
func New(o Options) (*Client, error) {
	if err := CheckRegion(o.Region, o.Endpoint); err != nil {
		return nil, err
	}
	r := strings.TrimSpace(o.Region)
	account := strings.TrimSpace(o.AccountID)
	if account != "" && !isUID(account) {
		return nil, newError(fmt.Sprintf("Options.AccountID %q is not a decimal account UID", account))
	}
	// One client per API host: VpcPeer's, and the VPC service's for the
	// route tables.
	newRPC := func(host string) (*aliyunrpc.Client, error) {
		rpc, err := aliyunrpc.New(aliyunrpc.Config{
			Provider:    peering.AlibabaVPC,
			Credentials: o.Credentials,

			CredentialsProvider: o.CredentialsProvider,
			Endpoint:            o.Endpoint,
			DefaultHost:         host,
			Region:              r,
			Account:             account,
			MaxAttempts:         o.MaxAttempts,
			Limit:               limits(o.CallsPerMinute, o.Burst),
			Transport:           o.Transport,

			MaxResponseBytes: o.MaxResponseBytes,
		})
		if err != nil {
			return nil, newError(err.Error())
		}
		return rpc, nil
	}
	rpc, err := newRPC(DefaultEndpoint)
	if err != nil {
		return nil, err
	}
	vpcRPC, err := newRPC(vpcHost(r))
	if err != nil {
		return nil, err
	}
	return &Client{rpc: rpc, vpc: vpcRPC, region: r, account: account}, nil
}

// CheckRegion returns the error New would return for Options.Region r
// with Options.Endpoint endpoint, and nil when New would accept them: r
// (trimmed of spaces) must be one of Regions unless endpoint is given, and
// then any region passes. A region not listed is an InvalidArgument error
// whose cause is a *region.UnknownError. It needs no credentials and sends
// nothing, so that tools can refuse a mistyped region before reading
// secrets.
func CheckRegion(r, endpoint string) error {
	r = strings.TrimSpace(r)
	if r == "" {
		return newError("Options.Region is required (for example cn-hangzhou)")
	}
	if err := region.Check(r, strings.TrimSpace(endpoint), regions, DefaultEndpoint); err != nil {
		// The cause is kept: a *region.UnknownError tells callers with
		// other words than Options (the CLI) what was refused.
		return &peering.Error{Code: peering.InvalidArgument, Provider: peering.AlibabaVPC, Op: "New", Err: err}
	}
	return nil
}

func newError(msg string) error {
	return &peering.Error{Code: peering.InvalidArgument, Provider: peering.AlibabaVPC, Op: "New", Message: msg}
}

// limits returns the client-side limit of each action.
func limits(perMinute, burst int) func(string) ratelimit.Limit {
	if burst <= 0 {
		burst = DefaultBurst
	}
	return func(action string) ratelimit.Limit {
		switch {
		case perMinute < 0:
			return ratelimit.Limit{}
		case perMinute > 0:
			return ratelimit.PerMinute(perMinute, burst)
		case action == "TagResources" || action == "UnTagResources" || action == "MoveResourceGroup":
			return ratelimit.PerMinute(TagCallsPerMinute, burst)
		case action == "ListTagResources":
			return ratelimit.PerMinute(ListTagCallsPerMinute, burst)
		case isRouteAction(action):
			return ratelimit.PerMinute(RouteCallsPerMinute, burst)
		}
		return ratelimit.PerMinute(DefaultCallsPerMinute, burst)
	}
}

// Provider returns peering.AlibabaVPC.
func (c *Client) Provider() peering.Provider { return peering.AlibabaVPC }

// Region returns the client's region.
func (c *Client) Region() string { return c.region }

// Capabilities reports every operation and field but TermEndsAt: VpcPeer
// has an accept step, bandwidth, tags, IPv6 blocks, a deadline for
// answering an offer (AcceptBy) and resource groups, across accounts and
// regions, and the VPC service's route tables (Routes). It has no prepaid
// terms.
func (c *Client) Capabilities() peering.Capabilities {
	return peering.Capabilities{
		Create: true, Accept: true, Reject: true, Delete: true,
		UpdateName: true, UpdateDescription: true, UpdateBandwidth: true,
		Bandwidth: true, Tags: true, IPv6: true, AcceptBy: true, ResourceGroup: true,
		CrossAccount: true, CrossRegion: true, Routes: true,
		MaxPageSize: MaxPageSize, MinPageSize: 1,
	}
}

// isUID reports whether s is a decimal account UID.
func isUID(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
