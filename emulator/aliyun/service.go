package aliyun

import (
	"crypto/rand"
	"fmt"
	mrand "math/rand/v2"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/peeringkit/peering/emulator/clock"
	"github.com/peeringkit/peering/emulator/fault"
)

// Config is what a Service needs from the emulator around it.
type Config struct {
	// Clock is the emulated time that drives statuses and the 7-day
	// acceptance window; nil means a clock that follows the wall clock.
	// Signature checks use the wall clock whatever this says.
	Clock *clock.Clock
	// Faults injects failures into every request and pathologies into list
	// pages. It must not be nil.
	Faults *fault.Injector
	// Timing is how long each transient status lasts; zero fields take
	// DefaultTiming's ranges. New panics on a range that fails Check.
	Timing Timing
}

// Account is an Alibaba Cloud account and its long-term AccessKey pair. UIDs
// of real accounts have 16 to 18 digits, above 2^53: the emulator writes them
// as exact JSON integers.
type Account struct {
	UID                          int64
	AccessKeyID, AccessKeySecret string
}

// VPC is a VpcPeer-capable VPC owned by one account in one region.
type VPC struct {
	ID        string // "vpc-" + lowercase letters and digits
	RegionID  string
	OwnerUID  int64
	IPv4CIDRs []string
	IPv6CIDRs []string
}

// Network is an ENS network owned by one account on one ENS node.
type Network struct {
	ID          string // "n-" + lowercase letters and digits
	EnsRegionID string
	OwnerUID    int64
	IPv4CIDRs   []string
}

// Tag is a tag on a VpcPeer connection.
type Tag struct{ Key, Value string }

// VpcPeerConnection is a VpcPeer connection as the emulator holds it, with
// its status as of the emulated clock's now. The fields are those of the
// API's connection object.
type VpcPeerConnection struct {
	InstanceID, Name, Description string
	OwnerUID, AcceptingOwnerUID   int64  // the requesting and accepting accounts
	RegionID, AcceptingRegionID   string // the two VPCs' regions
	VpcID, AcceptingVpcID         string
	Bandwidth                     int    // Mbit/s; -1 unlimited
	LinkType                      string // Gold or Platinum
	Status                        string // Creating, Accepting, Updating, Rejected, Expired, Activated, Deleting or Deleted
	BizStatus                     string // Normal or FinancialLocked
	ResourceGroupID               string
	Tags                          []Tag
	CreatedAt, ModifiedAt         time.Time
	ExpiresAt                     time.Time // zero unless Status is Accepting or Expired
}

// NetworkPeerConnection is an ENS network peer connection as the emulator
// holds it, with its status as of the emulated clock's now.
type NetworkPeerConnection struct {
	InstanceID, Name, Description string
	EnsRegionID                   string // the requesting network's node
	Status                        string // Creating, Activated or Deleting
	OwnerUID                      int64  // the account of both networks
	NetworkID, AcceptingNetworkID string
	CreatedAt                     time.Time
}

// Service is the emulated VpcPeer and ENS world: accounts, VPCs, ENS networks
// and the peer connections between them. It is safe for concurrent use.
type Service struct {
	clock    *clock.Clock
	faults   *fault.Injector
	handler  http.Handler
	requests atomic.Int64

	tokenKey    [32]byte // signs NextTokens so that forged ones are refused
	tokenSerial atomic.Uint64

	auth auth // credentials and nonces; its own lock

	mu     sync.Mutex // guards everything below
	rng    *mrand.Rand
	timing Timing
	// timingRng draws transient durations: a stream of its own, so that
	// IDs do not depend on how many durations were drawn.
	timingRng *mrand.Rand
	accounts  map[int64]*account
	vpcs      map[string]*VPC
	vpcList   []*VPC // in the order added
	networks  map[string]*Network
	netList   []*Network

	peers     map[string]*vpcConn
	peerViews views[*vpcConn]
	peerDying []*vpcConn // delete in progress: leave the world when their timeline ends

	enses     map[string]*ensConn
	ensViews  views[*ensConn]
	ensDying  []*ensConn
	ensByPair map[[2]string]*ensConn // unordered network pair -> its connection
	ensWalks  map[uint64]ensWalk     // by query: walks that a pagination fault made stateful

	idempotent map[idemKey]idemEntry

	// Route tables and routes: by ID, the tables of each VPC or network,
	// and the routes through each next hop (a connection, an instance).
	// Their IDs come from a source of their own, so that adding route
	// tables changes no other ID.
	routeRNG    *mrand.Rand
	tables      map[string]*routeTable
	tablesByNet map[string][]*routeTable
	routes      map[string]*routeEntry
	routesByHop map[string][]*routeEntry
}

// account is the world's record of an Account.
type account struct {
	uid           int64
	resourceGroup string // the default resource group, used when a create names none
}

// New returns an empty service. Add accounts, then VPCs and networks (or
// Generate them), then serve Handler.
func New(cfg Config) *Service {
	if cfg.Clock == nil {
		cfg.Clock = clock.New()
	}
	if cfg.Faults == nil {
		panic("aliyun: Config.Faults is nil")
	}
	if err := cfg.Timing.Check(); err != nil {
		panic(err.Error())
	}
	s := &Service{
		clock:       cfg.Clock,
		faults:      cfg.Faults,
		auth:        newAuth(),
		rng:         mrand.New(mrand.NewPCG(0x616c6979, 0x756e)),
		timing:      cfg.Timing.orDefaults(),
		timingRng:   mrand.New(mrand.NewPCG(0x616c6979, streamTiming)),
		accounts:    make(map[int64]*account),
		vpcs:        make(map[string]*VPC),
		networks:    make(map[string]*Network),
		peers:       make(map[string]*vpcConn),
		peerViews:   make(views[*vpcConn]),
		enses:       make(map[string]*ensConn),
		ensViews:    make(views[*ensConn]),
		ensByPair:   make(map[[2]string]*ensConn),
		idempotent:  make(map[idemKey]idemEntry),
		routeRNG:    newRouteRNG(0),
		tables:      make(map[string]*routeTable),
		tablesByNet: make(map[string][]*routeTable),
		routes:      make(map[string]*routeEntry),
		routesByHop: make(map[string][]*routeEntry),
	}
	if _, err := rand.Read(s.tokenKey[:]); err != nil {
		panic(fmt.Sprintf("aliyun: reading random bytes: %v", err)) // crypto/rand never fails on supported systems
	}
	s.handler = s.newHandler()
	return s
}

// AddAccount adds an account, or replaces the AccessKey of one already
// added with the same UID.
func (s *Service) AddAccount(a Account) {
	s.mu.Lock()
	if _, ok := s.accounts[a.UID]; !ok {
		s.accounts[a.UID] = &account{uid: a.UID, resourceGroup: defaultResourceGroup(a.UID)}
	}
	s.mu.Unlock()
	s.auth.addKey(a.AccessKeyID, credential{uid: a.UID, secret: a.AccessKeySecret})
}

// IssueSTSToken returns temporary credentials for the account with the given
// UID (one added with AddAccount), as STS AssumeRole would. Requests signed
// with them must carry the SecurityToken issued with them. They do not
// expire.
func (s *Service) IssueSTSToken(uid int64) (accessKeyID, accessKeySecret, securityToken string) {
	accessKeyID = "STS.NU" + randomString(alnumMixed, 27)
	accessKeySecret = randomString(alnumMixed, 44)
	securityToken = "CAIS" + randomString(alnumMixed+"+/", 380) + "="
	s.auth.addKey(accessKeyID, credential{uid: uid, secret: accessKeySecret, securityToken: securityToken})
	return accessKeyID, accessKeySecret, securityToken
}

// ExpireSTSToken makes temporary credentials from IssueSTSToken expire,
// as they do on the cloud when their time is up: requests signed with them
// are then refused with InvalidSecurityToken.Expired. It reports false,
// and changes nothing, for a key that is not one of IssueSTSToken's.
func (s *Service) ExpireSTSToken(accessKeyID string) bool { return s.auth.expire(accessKeyID) }

// checkNetwork checks what AddVPC and AddNetwork are given: an ID with
// its prefix, a region (a VPC's, or an ENS network's node), and blocks
// that parse, IPv4 ones at least one.
func checkNetwork(what, id, prefix, region string, v4, v6 []string) error {
	if err := checkID(id, prefix); err != nil {
		return fmt.Errorf("aliyun: adding %s: %w", what, err)
	}
	if region == "" {
		return fmt.Errorf("aliyun: adding %s %s: empty region", what, id)
	}
	if err := checkCIDRs(v4, true); err != nil {
		return fmt.Errorf("aliyun: adding %s %s: %w", what, id, err)
	}
	if err := checkCIDRs(v6, false); err != nil {
		return fmt.Errorf("aliyun: adding %s %s: %w", what, id, err)
	}
	return nil
}

// AddVPC adds a VPC owned by an account already added.
func (s *Service) AddVPC(v VPC) error {
	if err := checkNetwork("VPC", v.ID, "vpc-", v.RegionID, v.IPv4CIDRs, v.IPv6CIDRs); err != nil {
		return err
	}
	v.IPv4CIDRs = slices.Clone(v.IPv4CIDRs)
	v.IPv6CIDRs = slices.Clone(v.IPv6CIDRs)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addVPCLocked(&v)
}

func (s *Service) addVPCLocked(v *VPC) error {
	if _, ok := s.accounts[v.OwnerUID]; !ok {
		return fmt.Errorf("aliyun: adding VPC %s: no account %d", v.ID, v.OwnerUID)
	}
	if _, ok := s.vpcs[v.ID]; ok {
		return fmt.Errorf("aliyun: adding VPC %s: already exists", v.ID)
	}
	s.vpcs[v.ID] = v
	s.vpcList = append(s.vpcList, v)
	s.addSystemTableLocked(v.OwnerUID, v.RegionID, v.ID, false, append(slices.Clone(v.IPv4CIDRs), v.IPv6CIDRs...), s.clock.Now().Truncate(time.Second))
	return nil
}

// AddNetwork adds an ENS network owned by an account already added.
func (s *Service) AddNetwork(n Network) error {
	if err := checkNetwork("network", n.ID, "n-", n.EnsRegionID, n.IPv4CIDRs, nil); err != nil {
		return err
	}
	n.IPv4CIDRs = slices.Clone(n.IPv4CIDRs)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addNetworkLocked(&n)
}

func (s *Service) addNetworkLocked(n *Network) error {
	if _, ok := s.accounts[n.OwnerUID]; !ok {
		return fmt.Errorf("aliyun: adding network %s: no account %d", n.ID, n.OwnerUID)
	}
	if _, ok := s.networks[n.ID]; ok {
		return fmt.Errorf("aliyun: adding network %s: already exists", n.ID)
	}
	s.networks[n.ID] = n
	s.netList = append(s.netList, n)
	s.addSystemTableLocked(n.OwnerUID, n.EnsRegionID, n.ID, true, n.IPv4CIDRs, s.clock.Now().Truncate(time.Second))
	return nil
}

// SetBizStatus sets the business status of the VpcPeer connection id:
// "FinancialLocked" models the account falling overdue (the connection
// stays listed, its traffic stops, and accept, reject and modify are
// refused with IncorrectBusinessStatus), "Normal" the bill being paid.
// Generate locks a few connections at random; tests that need one locked
// in a given status lock it with this.
func (s *Service) SetBizStatus(id, bizStatus string) error {
	if bizStatus != bizNormal && bizStatus != bizLocked {
		return fmt.Errorf("aliyun: business status %q: want %s or %s", bizStatus, bizNormal, bizLocked)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.peers[id]
	if !ok {
		return fmt.Errorf("aliyun: setting the business status of %s: no such connection", id)
	}
	c.bizStatus = bizStatus
	return nil
}

// Handler returns the HTTP handler that serves VpcPeer 2022-01-01 and Ens
// 2017-11-10 on one listener, routed by the Version and Action parameters,
// with the injector's faults applied.
func (s *Service) Handler() http.Handler { return s.handler }

// Requests returns how many HTTP requests have reached the handler so far,
// including those answered by an injected fault or refused.
func (s *Service) Requests() int64 { return s.requests.Load() }

// VPCs returns every VPC in the order added. Generate adds, for each account
// and region, three fixture VPCs that no generated connection uses, before
// the VPCs its connections use: tests create connections between them.
func (s *Service) VPCs() []VPC {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]VPC, len(s.vpcList))
	for i, v := range s.vpcList {
		out[i] = *v
		out[i].IPv4CIDRs = slices.Clone(v.IPv4CIDRs)
		out[i].IPv6CIDRs = slices.Clone(v.IPv6CIDRs)
	}
	return out
}

// Networks returns every ENS network in the order added; as with VPCs,
// Generate adds three fixture networks for each account and node first.
func (s *Service) Networks() []Network {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Network, len(s.netList))
	for i, n := range s.netList {
		out[i] = *n
		out[i].IPv4CIDRs = slices.Clone(n.IPv4CIDRs)
	}
	return out
}

// VpcPeerConnections returns every VpcPeer connection in the world, as of the
// emulated now, sorted by InstanceId.
func (s *Service) VpcPeerConnections() []VpcPeerConnection {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock.Now()
	s.reapLocked(now)
	return snapshot(s.peers, now, func(c *VpcPeerConnection) string { return c.InstanceID })
}

// NetworkPeerConnections returns every ENS network peer connection in the
// world, as of the emulated now, sorted by InstanceId.
func (s *Service) NetworkPeerConnections() []NetworkPeerConnection {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock.Now()
	s.reapLocked(now)
	return snapshot(s.enses, now, func(c *NetworkPeerConnection) string { return c.InstanceID })
}

// snapshot returns the public form of every connection of m as of now,
// sorted by id.
func snapshot[P any, C interface{ public(time.Time) P }](m map[string]C, now time.Time, id func(*P) string) []P {
	out := make([]P, 0, len(m))
	for _, c := range m {
		out = append(out, c.public(now))
	}
	slices.SortFunc(out, func(a, b P) int { return strings.Compare(id(&a), id(&b)) })
	return out
}

func checkID(id, prefix string) error {
	rest, ok := strings.CutPrefix(id, prefix)
	if !ok || rest == "" {
		return fmt.Errorf("ID %q does not start with %q followed by letters and digits", id, prefix)
	}
	for _, r := range rest {
		if !isASCIIAlnum(r) {
			return fmt.Errorf("ID %q has a character other than a letter or digit after %q", id, prefix)
		}
	}
	return nil
}

func checkCIDRs(cidrs []string, v4 bool) error {
	for _, c := range cidrs {
		p, err := netip.ParsePrefix(c)
		if err != nil {
			return fmt.Errorf("bad CIDR: %w", err)
		}
		if p.Addr().Is4() != v4 {
			return fmt.Errorf("CIDR %s is in the wrong address family", c)
		}
	}
	return nil
}

func isASCIIAlnum(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}
