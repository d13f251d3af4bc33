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
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
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
	// ListTagResources); Baidu and ENS publish none and have none.
	NoRateLimits bool

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

// Manifest names every endpoint and sandbox account, as `peerctl emulate` prints it.
type Manifest struct {
	Baidu    map[string]string `json:"baidu"`   // region -> "http://127.0.0.1:PORT"
	Alibaba  string            `json:"alibaba"` // "127.0.0.1:PORT", for the SDK's Domain (plain HTTP)
	Accounts []Account         `json:"accounts"`
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
	baidu    map[string]string
	alibaba  string
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
	baiduRegions := orDefault(opts.BaiduRegions, DefaultBaiduRegions)
	vpcRegions := orDefault(opts.VpcPeerRegions, DefaultVpcPeerRegions)
	ensRegions := orDefault(opts.ENSRegions, DefaultENSRegions)

	c := clock.New()
	if !opts.Start.IsZero() {
		c = clock.At(opts.Start)
	}
	s := &Server{Clock: c, Faults: fault.New(opts.Seed), baidu: make(map[string]string)}
	s.Faults.SetLatency(opts.Latency)
	if !opts.NoRateLimits {
		for _, q := range aliyun.VpcPeerRateLimits() {
			s.Faults.SetLimit("alibaba-vpc", q.Action, q.Limit())
		}
	}
	s.Baidu = bce.New(bce.Config{Clock: s.Clock, Faults: s.Faults})
	s.Alibaba = aliyun.New(aliyun.Config{Clock: s.Clock, Faults: s.Faults})

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

	for _, region := range baiduRegions {
		addr, err := s.serve(opts.Addr, s.Baidu.Handler(region))
		if err != nil {
			s.Close()
			return nil, err
		}
		s.baidu[region] = "http://" + addr
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
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
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
// scheme, as the Alibaba SDK's Domain wants it (the scheme is plain HTTP).
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

// Manifest returns the endpoints and accounts.
func (s *Server) Manifest() Manifest {
	m := Manifest{Baidu: make(map[string]string, len(s.baidu)), Alibaba: s.alibaba, Accounts: s.Accounts()}
	for k, v := range s.baidu {
		m.Baidu[k] = v
	}
	return m
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
