// Package emulator serves the Baidu VPC peering, Alibaba VpcPeer and Alibaba
// ENS network peering APIs over loopback HTTP from one in-memory world, so that
// the adapters of this module, the official SDKs and users' own tools can run
// with no cloud account.
//
// Start a server, point a client at its endpoints with one of its sandbox
// accounts, and drive time and faults from the test:
//
//	srv, err := emulator.Start(emulator.Options{Seed: 1, Connections: 50})
//	if err != nil { ... }
//	defer srv.Close()
//	acct := srv.Accounts()[0]
//	p, _ := baidu.New(baidu.Options{
//		Credentials: baidu.Credentials{AccessKeyID: acct.AccessKeyID, SecretAccessKey: acct.Secret},
//		Region:      "bj",
//		Endpoint:    srv.BaiduEndpoint("bj"),
//	})
//	srv.Clock.Advance(10 * time.Second)               // let transient statuses pass
//	srv.Faults.Add(fault.Rule{Kind: fault.Reset, Count: 1}) // and a connection reset
//
// The wire protocols follow the clouds' documents: see the bce and aliyun
// sub-packages for what each API does and which of its rules are emulated.
// Generation with a fixed seed is reproducible.
package emulator

import (
	"bytes"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"maps"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/peeringkit/peering/emulator/aliyun"
	"github.com/peeringkit/peering/emulator/bce"
	"github.com/peeringkit/peering/emulator/clock"
	"github.com/peeringkit/peering/emulator/fault"
)

// EstateDate is the instant generated estates are dated up to: every
// connection Options.Connections makes was created before it (Baidu's
// before midnight of that day in China, 8 hours earlier).
var EstateDate = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

// Default regions served when Options leaves them empty.
var (
	DefaultBaiduRegions   = []string{"bj", "gz", "su"}
	DefaultVpcPeerRegions = []string{"cn-hangzhou", "cn-shanghai", "cn-beijing"}
	DefaultENSRegions     = []string{"cn-xian-unicom", "cn-dongguan-9", "cn-hangzhou-telecom"}
)

// Options configures a server. The zero value serves every API on 127.0.0.1
// with the sandbox accounts, their VPCs and networks, and no connections.
type Options struct {
	// Addr is the host to listen on; default 127.0.0.1. Ports are chosen by
	// the system. Only loopback addresses are allowed: the emulator accepts
	// sandbox keys that are printed on its standard output.
	Addr string
	// Seed drives every random choice (IDs, keys, the generated estate,
	// fault draws). Default 1.
	Seed int64
	// Connections is how many connections to generate for each provider,
	// account and region (0 = none).
	Connections int
	// Latency is added to every request.
	Latency time.Duration
	// Start is the emulated clock's reading when the server starts (the
	// clock follows the wall clock from there); zero: the wall clock's own.
	// A generated estate is dated before EstateDate whatever the clock, so
	// a Start at a fixed distance from EstateDate makes its ages and
	// deadlines read the same on every run and every day.
	Start time.Time
	// NoRateLimits turns off the per-API rate limits. By default each
	// VpcPeer API allows its published quota per account and region
	// (aliyun.VpcPeerRateLimits: 360 calls a minute for the connection
	// APIs, 1000 for the tag writes and MoveResourceGroup, 3000 for
	// ListTagResources), and each VPC route API 300 a minute
	// (aliyun.VPCRateLimits); Baidu and ENS publish none and have none.
	NoRateLimits bool
	// RateLimit, when positive, replaces the documented quotas: every API
	// of the three clouds allows RateLimit calls a minute per account and
	// region (with the burst aliyun.RateLimit.Limit gives a quota), for
	// testing a client's pacing against a tighter limit. NoRateLimits wins.
	RateLimit int
	// Faults are injected from the start, as Server.Faults.Add would; they
	// apply to requests only, never to generating the estate.
	Faults []fault.Rule
	// TLS serves every endpoint over HTTPS with a certificate for the
	// loopback names, signed by a CA made at start (Server.CACert), for
	// clients that insist on HTTPS.
	TLS bool
	// BaiduTiming and AlibabaTiming are how long each transient status
	// lasts: each is drawn from its range, per connection and transition,
	// from a source seeded by Seed. Zero fields take the defaults
	// (bce.DefaultTiming, aliyun.DefaultTiming).
	BaiduTiming   bce.Timing
	AlibabaTiming aliyun.Timing

	BaiduRegions   []string
	VpcPeerRegions []string
	ENSRegions     []string
}

// Account is a sandbox account and its credentials.
type Account struct {
	Provider    string `json:"provider"` // "baidu" or "alibaba" (VpcPeer and ENS)
	Name        string `json:"name"`     // "baidu-a", "baidu-b", "alibaba-a", "alibaba-b"
	ID          string `json:"id"`       // Baidu account ID, or Alibaba UID as a decimal string
	AccessKeyID string `json:"accessKeyId"`
	Secret      string `json:"secret"`
}

// Manifest names every endpoint, sandbox account and network, as `peerctl
// emulate` prints it.
type Manifest struct {
	Baidu   map[string]string `json:"baidu"`   // region -> "http://127.0.0.1:PORT" ("https://" with TLS)
	Alibaba string            `json:"alibaba"` // "127.0.0.1:PORT", for the SDK's Domain (scheme HTTP, or HTTPS with TLS)
	// TLS says the endpoints serve HTTPS with a certificate signed by
	// Server.CACert.
	TLS      bool      `json:"tls,omitempty"`
	Accounts []Account `json:"accounts"`
	// Networks are the Baidu VPCs, VpcPeer VPCs and ENS networks of the
	// world as it started, in that order, each sorted by ID.
	Networks []Network `json:"networks"`
}

// Network is a VPC or ENS network of a sandbox account.
type Network struct {
	ID        string   `json:"id"`
	Provider  string   `json:"provider"`            // "baidu", "alibaba-vpc" or "alibaba-ens", as the peering package names them
	Account   string   `json:"account"`             // the owning sandbox account's Name
	AccountID string   `json:"accountId"`           // and its ID
	Region    string   `json:"region"`              // Baidu or VpcPeer region, or ENS node
	Name      string   `json:"name,omitempty"`      // Baidu VPCs only: fixture VPCs are named by bce.FixtureVPCName
	IPv4CIDRs []string `json:"ipv4Cidrs"`           // the address blocks
	IPv6CIDRs []string `json:"ipv6Cidrs,omitempty"` // where the network has any
}

// Server is a running emulator.
type Server struct {
	// Clock is the emulated time: Advance it to let transient statuses pass
	// and acceptance windows expire.
	Clock *clock.Clock
	// Faults injects failures and holds the rate limits.
	Faults *fault.Injector
	// Baidu and Alibaba are the two clouds' states, for tests that seed or
	// inspect them directly.
	Baidu   *bce.Service
	Alibaba *aliyun.Service

	accounts []Account
	networks []Network
	baidu    map[string]string
	alibaba  string
	ca       []byte      // PEM, with TLS
	tls      *tls.Config // nil: plain HTTP
	servers  []*http.Server
	wg       sync.WaitGroup
}

// Start builds the world and starts serving. Close stops it.
func Start(opts Options) (*Server, error) {
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1"
	}
	if ip := net.ParseIP(strings.Trim(opts.Addr, "[]")); opts.Addr != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("emulator: address %q is not a loopback address", opts.Addr)
	}
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	if opts.Connections < 0 {
		return nil, errors.New("emulator: negative connection count")
	}
	if err := errors.Join(opts.BaiduTiming.Check(), opts.AlibabaTiming.Check()); err != nil {
		return nil, fmt.Errorf("emulator: %w", err)
	}
	baiduRegions := orDefault(opts.BaiduRegions, DefaultBaiduRegions)
	vpcRegions := orDefault(opts.VpcPeerRegions, DefaultVpcPeerRegions)
	ensRegions := orDefault(opts.ENSRegions, DefaultENSRegions)

	c := clock.New()
	if !opts.Start.IsZero() {
		c = clock.At(opts.Start)
	}
	s := &Server{Clock: c, Faults: fault.New(opts.Seed), baidu: make(map[string]string)}
	s.Faults.SetLatency(opts.Latency)
	switch {
	case opts.NoRateLimits:
	case opts.RateLimit > 0:
		l := aliyun.RateLimit{Calls: opts.RateLimit, Per: time.Minute}.Limit()
		for _, p := range []string{bce.Provider, "alibaba-vpc", "alibaba-ens"} {
			s.Faults.SetLimit(p, "", l)
		}
	default:
		for _, q := range append(aliyun.VpcPeerRateLimits(), aliyun.VPCRateLimits()...) {
			s.Faults.SetLimit("alibaba-vpc", q.Action, q.Limit())
		}
	}
	s.Baidu = bce.New(bce.Config{Clock: s.Clock, Faults: s.Faults, Timing: opts.BaiduTiming})
	s.Alibaba = aliyun.New(aliyun.Config{Clock: s.Clock, Faults: s.Faults, Timing: opts.AlibabaTiming})

	rng := rand.New(rand.NewPCG(uint64(opts.Seed), 0x5eed))
	for _, name := range []string{"baidu-a", "baidu-b"} {
		a := bce.Account{ID: hex(rng, 32), AccessKeyID: hex(rng, 32), SecretAccessKey: hex(rng, 32)}
		s.Baidu.AddAccount(a)
		s.accounts = append(s.accounts, Account{Provider: "baidu", Name: name, ID: a.ID, AccessKeyID: a.AccessKeyID, Secret: a.SecretAccessKey})
	}
	for _, name := range []string{"alibaba-a", "alibaba-b"} {
		// Real UIDs are 16 to 18 digits, above 2^53: keep them so.
		uid := int64(1e17) + rng.Int64N(8e17)
		a := aliyun.Account{UID: uid, AccessKeyID: "LTAI" + alnum(rng, 20), AccessKeySecret: alnum(rng, 30)}
		s.Alibaba.AddAccount(a)
		s.accounts = append(s.accounts, Account{Provider: "alibaba", Name: name, ID: fmt.Sprint(uid), AccessKeyID: a.AccessKeyID, Secret: a.AccessKeySecret})
	}
	if err := s.Baidu.Generate(opts.Seed, opts.Connections, baiduRegions); err != nil {
		return nil, fmt.Errorf("emulator: generating the Baidu estate: %w", err)
	}
	if err := s.Alibaba.Generate(opts.Seed, opts.Connections, vpcRegions, ensRegions); err != nil {
		return nil, fmt.Errorf("emulator: generating the Alibaba estate: %w", err)
	}
	s.networks = s.listNetworks()
	for _, r := range opts.Faults {
		s.Faults.Add(r)
	}
	scheme := "http://"
	if opts.TLS {
		var err error
		if s.ca, s.tls, err = loopbackTLS(opts.Addr); err != nil {
			return nil, err
		}
		scheme = "https://"
	}

	for _, region := range baiduRegions {
		addr, err := s.serve(opts.Addr, s.Baidu.Handler(region))
		if err != nil {
			s.Close()
			return nil, err
		}
		s.baidu[region] = scheme + addr
	}
	addr, err := s.serve(opts.Addr, s.Alibaba.Handler())
	if err != nil {
		s.Close()
		return nil, err
	}
	s.alibaba = addr
	return s, nil
}

func (s *Server) serve(host string, h http.Handler) (string, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort(strings.Trim(host, "[]"), "0"))
	if err != nil {
		return "", fmt.Errorf("emulator: listen: %w", err)
	}
	if s.tls != nil {
		ln = tls.NewListener(ln, s.tls)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(quietHandshakes{os.Stderr}, "", log.LstdFlags)}
	s.servers = append(s.servers, srv)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		_ = srv.Serve(ln)
	}()
	return ln.Addr().String(), nil
}

// Close stops every listener and waits for them; requests in flight are cut.
func (s *Server) Close() error {
	var errs []error
	for _, srv := range s.servers {
		errs = append(errs, srv.Close())
	}
	s.wg.Wait()
	return errors.Join(errs...)
}

// BaiduEndpoint returns the endpoint of a Baidu region, like
// "http://127.0.0.1:40213", or "" for a region not served.
func (s *Server) BaiduEndpoint(region string) string { return s.baidu[region] }

// AlibabaEndpoint returns the host:port serving VpcPeer and ENS, with no
// scheme, as the Alibaba SDK's Domain wants it (the scheme is HTTP, or
// HTTPS with Options.TLS).
func (s *Server) AlibabaEndpoint() string { return s.alibaba }

// Accounts returns the sandbox accounts: baidu-a, baidu-b, alibaba-a, alibaba-b.
func (s *Server) Accounts() []Account { return append([]Account(nil), s.accounts...) }

// Account returns the sandbox account with the given name.
func (s *Server) Account(name string) (Account, bool) {
	for _, a := range s.accounts {
		if a.Name == name {
			return a, true
		}
	}
	return Account{}, false
}

// CACert returns the PEM certificate of the CA that signed the endpoints'
// certificate with Options.TLS, for clients to trust; nil without TLS.
func (s *Server) CACert() []byte { return slices.Clone(s.ca) }

// Manifest returns the endpoints, accounts and networks.
func (s *Server) Manifest() Manifest {
	m := Manifest{Baidu: maps.Clone(s.baidu), Alibaba: s.alibaba, TLS: s.tls != nil, Accounts: s.Accounts(),
		Networks: make([]Network, len(s.networks))}
	for i, n := range s.networks {
		n.IPv4CIDRs, n.IPv6CIDRs = slices.Clone(n.IPv4CIDRs), slices.Clone(n.IPv6CIDRs)
		m.Networks[i] = n
	}
	return m
}

// listNetworks lists every network of the worlds as the manifest shows it.
func (s *Server) listNetworks() []Network {
	owner := make(map[string]string, len(s.accounts)) // provider + ID -> name
	for _, a := range s.accounts {
		owner[a.Provider+a.ID] = a.Name
	}
	var out []Network
	for _, v := range s.Baidu.VPCs() {
		n := Network{ID: v.ID, Provider: "baidu", Account: owner["baidu"+v.AccountID], AccountID: v.AccountID,
			Region: v.Region, Name: v.Name, IPv4CIDRs: []string{v.CIDR}}
		if v.IPv6CIDR != "" {
			n.IPv6CIDRs = []string{v.IPv6CIDR}
		}
		out = append(out, n)
	}
	mark := len(out)
	for _, v := range s.Alibaba.VPCs() {
		uid := strconv.FormatInt(v.OwnerUID, 10)
		out = append(out, Network{ID: v.ID, Provider: "alibaba-vpc", Account: owner["alibaba"+uid], AccountID: uid,
			Region: v.RegionID, IPv4CIDRs: v.IPv4CIDRs, IPv6CIDRs: orNil(v.IPv6CIDRs)})
	}
	slices.SortFunc(out[mark:], func(a, b Network) int { return strings.Compare(a.ID, b.ID) })
	mark = len(out)
	for _, v := range s.Alibaba.Networks() {
		uid := strconv.FormatInt(v.OwnerUID, 10)
		out = append(out, Network{ID: v.ID, Provider: "alibaba-ens", Account: owner["alibaba"+uid], AccountID: uid,
			Region: v.EnsRegionID, IPv4CIDRs: v.IPv4CIDRs})
	}
	slices.SortFunc(out[mark:], func(a, b Network) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// quietHandshakes drops the server's reports of failed TLS handshakes: a
// client that does not trust the CA has its own error to show, and the
// emulator's output stays the manifest. Everything else is written.
type quietHandshakes struct{ w io.Writer }

func (q quietHandshakes) Write(p []byte) (int, error) {
	if bytes.Contains(p, []byte("TLS handshake error")) {
		return len(p), nil
	}
	return q.w.Write(p)
}

// orNil keeps the manifest the same after a JSON round trip, where an
// empty list is left out.
func orNil(v []string) []string {
	if len(v) == 0 {
		return nil
	}
	return v
}

func orDefault(v, def []string) []string {
	if len(v) == 0 {
		return append([]string(nil), def...)
	}
	return v
}

func hex(rng *rand.Rand, n int) string { return pick(rng, n, "0123456789abcdef") }

func alnum(rng *rand.Rand, n int) string {
	return pick(rng, n, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
}

func pick(rng *rand.Rand, n int, alphabet string) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return string(b)
}
