package bce

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/peeringkit/peering/emulator/clock"
	"github.com/peeringkit/peering/emulator/fault"
)

// Provider is the provider name under which requests are reported to the
// fault injector.
const Provider = "baidu"

// Default quotas, as published: 10 connections per VPC, 10 per user (here:
// per account and region).
const (
	DefaultMaxPerVPC     = 10
	DefaultMaxPerAccount = 10
)

// Config configures a Service.
type Config struct {
	// Clock is the emulated time. Nil: a clock that follows the wall clock.
	Clock *clock.Clock
	// Faults injects failures. Nil: an injector with no rules.
	Faults *fault.Injector
	// MaxPerVPC and MaxPerAccount are the create quotas; 0 means the
	// published defaults.
	MaxPerVPC     int
	MaxPerAccount int
	// Timing is how long each transient status lasts; zero fields take
	// DefaultTiming's ranges. New panics on a range that fails Check.
	Timing Timing
	// MaxRouteRules is the custom rules a route table may hold; 0 means
	// DefaultMaxRouteRules.
	MaxRouteRules int
}

// Account is a Baidu account and its access key.
type Account struct {
	ID              string // 32 lowercase hex digits, like "75c14a239bb24b9e88b695e8e9e47952"
	AccessKeyID     string
	SecretAccessKey string
}

// VPC is a network peering connections attach to.
type VPC struct {
	ID, Name, Region, AccountID string
	CIDR                        string // IPv4 block, e.g. "192.168.0.0/16"
	IPv6CIDR                    string // optional
	Relay                       bool   // relay VPC: two relay VPCs cannot peer
}

// vpcRecord is a VPC and the facts only the VPC API shows.
type vpcRecord struct {
	VPC
	created     time.Time
	description string
	isDefault   bool
}

// acctRegion keys the per-account, per-region indexes.
type acctRegion struct{ account, region string }

// pairKey is an unordered VPC pair: one peering per pair.
type pairKey struct{ a, b string }

func pairOf(x, y string) pairKey {
	if x > y {
		x, y = y, x
	}
	return pairKey{x, y}
}

// Service is the emulated Baidu VPC peering API: the state of every account,
// VPC and connection, served per region by Handler. It is safe for
// concurrent use.
type Service struct {
	clock         *clock.Clock
	faults        *fault.Injector
	maxPerVPC     int
	maxPerAccount int
	maxRouteRules int
	requests      atomic.Int64

	mu        sync.Mutex
	rng       *rand.Rand // IDs of objects made after generation
	timing    Timing
	timingRng *rand.Rand // transient durations: a stream of their own, so that IDs do not depend on them
	accounts  map[string]Account
	byKey     map[string]string // access key ID -> account ID
	vpcs      map[string]*vpcRecord
	vpcIndex  map[acctRegion][]string // the IDs of each account's VPCs in a region, sorted: the VPC listing's order
	conns     map[string]*conn
	byRegion  map[acctRegion]*index
	byVPC     map[string]*index
	pairs     map[pairKey]string // the latest connection of each VPC pair
	quota     quotaUse
	graves    graveyard
	tokens    tokens
	seeders   map[acctRegion]*seeder
	cidrs     cidrAllocator
	seedCIDRs uint32 // /24 blocks handed to seeded VPCs
	walks     walks  // the state of walks that a pagination fault made stateful

	// Route tables, one per VPC. Rule IDs come from a stream of their own,
	// so that routes leave every other ID as it was.
	tables    map[string]*routeTable // by VPC ID
	tableIDs  map[string]*routeTable // by table ID
	ruleTable map[string]*routeTable // the table of each rule, by rule ID
	routeRNG  *rand.Rand
}

// New returns an empty service: add accounts, then VPCs, or Generate.
func New(cfg Config) *Service {
	s := &Service{
		clock:         cfg.Clock,
		faults:        cfg.Faults,
		maxPerVPC:     cfg.MaxPerVPC,
		maxPerAccount: cfg.MaxPerAccount,
		maxRouteRules: cfg.MaxRouteRules,
		rng:           rand.New(rand.NewPCG(1, streamAPI)),
		timing:        cfg.Timing.orDefaults(),
		timingRng:     rand.New(rand.NewPCG(1, streamTiming)),
		accounts:      make(map[string]Account),
		byKey:         make(map[string]string),
		vpcs:          make(map[string]*vpcRecord),
		vpcIndex:      make(map[acctRegion][]string),
		conns:         make(map[string]*conn),
		byRegion:      make(map[acctRegion]*index),
		byVPC:         make(map[string]*index),
		pairs:         make(map[pairKey]string),
		quota:         quotaUse{byVPC: make(map[string]int), byRegion: make(map[acctRegion]int)},
		tokens:        newTokens(),
		seeders:       make(map[acctRegion]*seeder),
		tables:        make(map[string]*routeTable),
		tableIDs:      make(map[string]*routeTable),
		ruleTable:     make(map[string]*routeTable),
		routeRNG:      rand.New(rand.NewPCG(1, streamRouteAPI)),
	}
	if err := cfg.Timing.Check(); err != nil {
		panic(err.Error())
	}
	if s.clock == nil {
		s.clock = clock.New()
	}
	if s.faults == nil {
		s.faults = fault.New(1)
	}
	if s.maxPerVPC <= 0 {
		s.maxPerVPC = DefaultMaxPerVPC
	}
	if s.maxPerAccount <= 0 {
		s.maxPerAccount = DefaultMaxPerAccount
	}
	if s.maxRouteRules <= 0 {
		s.maxRouteRules = DefaultMaxRouteRules
	}
	return s
}

// AddAccount adds an account, or replaces the one with the same ID.
func (s *Service) AddAccount(a Account) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.accounts[a.ID]; ok {
		delete(s.byKey, old.AccessKeyID)
	}
	s.accounts[a.ID] = a
	s.byKey[a.AccessKeyID] = a.ID
}

// AddVPC adds a VPC to an account already added. Its ID must be new and
// its CIDRs valid.
func (s *Service) AddVPC(v VPC) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkVPC(v); err != nil {
		return fmt.Errorf("bce: add VPC %q: %w", v.ID, err)
	}
	s.putVPCLocked(&vpcRecord{VPC: v, created: s.clock.Now().Truncate(time.Second)})
	return nil
}

func (s *Service) checkVPC(v VPC) error {
	switch {
	case v.ID == "" || strings.ContainsAny(v.ID, "/?# \t\n"):
		return errors.New("the ID must be non-empty and fit in a URL path segment")
	case s.vpcs[v.ID] != nil:
		return errors.New("a VPC with this ID exists")
	case v.Region == "":
		return errors.New("no region")
	}
	if _, ok := s.accounts[v.AccountID]; !ok {
		return fmt.Errorf("account %q has not been added", v.AccountID)
	}
	if p, err := netip.ParsePrefix(v.CIDR); err != nil || !p.Addr().Is4() {
		return fmt.Errorf("CIDR %q is not an IPv4 block", v.CIDR)
	}
	if v.IPv6CIDR != "" {
		if p, err := netip.ParsePrefix(v.IPv6CIDR); err != nil || !p.Addr().Is6() {
			return fmt.Errorf("IPv6 CIDR %q is not an IPv6 block", v.IPv6CIDR)
		}
	}
	return nil
}

// VPCs returns every VPC, sorted by ID.
func (s *Service) VPCs() []VPC {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]VPC, 0, len(s.vpcs))
	for _, v := range s.vpcs {
		out = append(out, v.VPC)
	}
	slices.SortFunc(out, func(a, b VPC) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// PeerConns returns every connection that still exists, one record per
// connection with both ends' facts, statuses as of the clock's now, sorted
// by ID.
func (s *Service) PeerConns() []PeerConn {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock.Now()
	s.reap(now)
	out := make([]PeerConn, 0, len(s.conns))
	for _, c := range s.conns {
		out = append(out, c.snapshot(now))
	}
	slices.SortFunc(out, func(a, b PeerConn) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// Requests returns how many requests the handlers have received, faulted
// and refused ones included: the round trips a client made.
func (s *Service) Requests() int64 { return s.requests.Load() }

// addConn stores c and indexes it. bulk appends to the indexes without
// keeping them sorted; the caller settles them afterwards.
func (s *Service) addConn(c *conn, bulk bool) {
	s.conns[c.id] = c
	put := (*index).insert
	if bulk {
		put = (*index).push
	}
	for _, k := range c.listedIn() {
		put(indexOf(s.byRegion, k), c.id)
	}
	for i := range c.ends {
		put(indexOf(s.byVPC, c.ends[i].vpc), c.id)
	}
	s.pairs[pairOf(c.ends[initiator].vpc, c.ends[acceptor].vpc)] = c.id
	if c.quota {
		s.quota.add(c, 1)
	}
}

// quotaUse counts, per VPC and per account and region, the live
// connections that count against the quotas: those made through the API.
// A connection stops counting when its release starts, the only way out of
// being live, so the counts need no scan.
type quotaUse struct {
	byVPC    map[string]int
	byRegion map[acctRegion]int
}

func (q *quotaUse) add(c *conn, d int) {
	for i := range c.ends {
		q.byVPC[c.ends[i].vpc] += d
	}
	for _, k := range c.listedIn() {
		q.byRegion[k] += d
	}
}

// indexOf returns the index under k, making it if needed.
func indexOf[K comparable](m map[K]*index, k K) *index {
	x := m[k]
	if x == nil {
		x = &index{}
		m[k] = x
	}
	return x
}

// settleAll sorts every index after bulk appends.
func (s *Service) settleAll() {
	for _, x := range s.byRegion {
		x.settle()
	}
	for _, x := range s.byVPC {
		x.settle()
	}
}

func (s *Service) removeConn(c *conn) {
	delete(s.conns, c.id)
	for _, k := range c.listedIn() {
		if x := s.byRegion[k]; x != nil {
			x.remove(c.id)
		}
	}
	for i := range c.ends {
		if x := s.byVPC[c.ends[i].vpc]; x != nil {
			x.remove(c.id)
		}
	}
	if k := pairOf(c.ends[initiator].vpc, c.ends[acceptor].vpc); s.pairs[k] == c.id {
		delete(s.pairs, k)
	}
}

// reap removes the connections whose deletion has completed by now.
func (s *Service) reap(now time.Time) {
	for _, id := range s.graves.due(now) {
		if c := s.conns[id]; c != nil && c.status(now) == statusGone {
			s.removeConn(c)
		}
	}
}

// pairTaken reports whether the two VPCs are peered by a live connection.
func (s *Service) pairTaken(a, b string, now time.Time) bool {
	id, ok := s.pairs[pairOf(a, b)]
	return ok && live(s.conns[id].status(now))
}

// Alphabets of generated identifiers.
const (
	lowerAlnum = "0123456789abcdefghijklmnopqrstuvwxyz"
	mixedAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
)

// randID returns prefix followed by n characters drawn from alphabet, in
// one allocation (a large estate makes millions of them).
func randID(rng *rand.Rand, prefix string, n int, alphabet string) string {
	var b strings.Builder
	b.Grow(len(prefix) + n)
	b.WriteString(prefix)
	for range n {
		b.WriteByte(alphabet[rng.IntN(len(alphabet))])
	}
	return b.String()
}

// newConnID returns an unused "peerconn-" ID.
func (s *Service) newConnID(rng *rand.Rand) string {
	for {
		id := randID(rng, "peerconn-", 12, lowerAlnum)
		if s.conns[id] == nil {
			return id
		}
	}
}

// newVPCID returns an unused "vpc-" ID.
func (s *Service) newVPCID(rng *rand.Rand) string {
	for {
		id := randID(rng, "vpc-", 12, lowerAlnum)
		if s.vpcs[id] == nil {
			return id
		}
	}
}

func newIfID(rng *rand.Rand) string { return randID(rng, "qpif-", 12, lowerAlnum) }
