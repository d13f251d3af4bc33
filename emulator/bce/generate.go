package bce

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net/netip"
	"slices"
	"time"
)

// Random streams: generation and later API objects draw from different
// sequences of the same seed.
const (
	streamAPI      = 0xba1d0001
	streamGenerate = 0xba1d0002
	streamTiming   = 0xba1d0003
	// Routes draw from streams of their own, so that adding them left
	// every generated ID, block and status as it was.
	streamRouteAPI      = 0xba1d0005
	streamRouteGenerate = 0xba1d0004
)

// Fixed instants of the generated estate, so that a seed always yields the
// same timestamps: connections were created in the 900 days before genBase,
// and prepaid ones that are meant to be in force expire after prepaidHorizon.
var (
	genBase        = time.Date(2025, 6, 1, 0, 0, 0, 0, chinaTime)
	prepaidHorizon = time.Date(2030, 1, 1, 0, 0, 0, 0, chinaTime)
)

// FixtureVPCs is how many VPCs Generate gives every account in every region
// for tests to peer (named FixtureVPCName(1) …). No generated connection
// uses them, so they are free of peerings and quota use.
const FixtureVPCs = 3

// FixtureVPCName is the name of the n-th fixture VPC (from 1) of an account
// in a region.
func FixtureVPCName(n int) string { return fmt.Sprintf("fixture-%d", n) }

// Generate builds a deterministic estate among the accounts already added:
// for every region and account, FixtureVPCs fixture VPCs, then (when
// perRegion > 0) more VPCs and perRegion connections initiated by that
// account in that region. The same seed, accounts and arguments give the
// same VPCs and connections. Generated connections bypass the create rules'
// quotas and do not count against them; they never join two relay VPCs or
// one VPC pair twice.
func (s *Service) Generate(seed int64, perRegion int, regions []string) error {
	if perRegion < 0 {
		return errors.New("bce: generate: negative connection count")
	}
	var rs []string
	for _, r := range regions {
		if r != "" && !slices.Contains(rs, r) {
			rs = append(rs, r)
		}
	}
	if len(rs) == 0 {
		return errors.New("bce: generate: no regions")
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.accounts) == 0 {
		return errors.New("bce: generate: no accounts; add them first")
	}
	s.timingRng = rand.New(rand.NewPCG(uint64(seed), streamTiming))
	g := &generator{
		s:       s,
		rng:     rand.New(rand.NewPCG(uint64(seed), streamGenerate)),
		now:     s.clock.Now().Truncate(time.Second),
		regions: rs,
		pool:    make(map[acctRegion][]*vpcRecord),
	}
	for id := range s.accounts {
		g.accounts = append(g.accounts, id)
	}
	slices.Sort(g.accounts)

	// Every network first, so that connections can reach any of them.
	perPool := 0
	if perRegion > 0 {
		// Enough VPCs for free pairs and about ten connections per VPC.
		perPool = max(perRegion/5, int(math.Ceil(math.Sqrt(4*float64(perRegion))))) + 4
	}
	for _, region := range rs {
		for _, account := range g.accounts {
			g.fixtures(account, region)
			for range perPool {
				g.vpc(account, region)
			}
		}
	}
	for _, region := range rs {
		for _, account := range g.accounts {
			for range perRegion {
				if err := g.conn(account, region); err != nil {
					s.settleAll()
					return fmt.Errorf("bce: generate: %w", err)
				}
			}
		}
	}
	s.settleAll()
	g.routes(rand.New(rand.NewPCG(uint64(seed), streamRouteGenerate)))
	s.rng = rand.New(rand.NewPCG(uint64(seed), streamAPI))
	s.routeRNG = rand.New(rand.NewPCG(uint64(seed), streamRouteAPI))
	return nil
}

// generator holds one Generate run's choices.
type generator struct {
	s        *Service
	rng      *rand.Rand
	now      time.Time // emulated time of the run: transient statuses start here
	accounts []string
	regions  []string
	pool     map[acctRegion][]*vpcRecord // non-fixture VPCs, for connections
	all      []*vpcRecord                // every VPC made, for deliberate overlaps
	made     []*conn                     // the connections made, in order
}

// fixtures makes the fixture VPCs of an account in a region. The first is
// the account's default VPC on 192.168.0.0/16, as Baidu makes it, so
// default VPCs of different accounts and regions overlap, as they do.
func (g *generator) fixtures(account, region string) {
	for n := 1; n <= FixtureVPCs; n++ {
		v := &vpcRecord{
			VPC:         VPC{ID: g.s.newVPCID(g.rng), Name: FixtureVPCName(n), Region: region, AccountID: account},
			created:     genBase.AddDate(-3, 0, 0),
			description: "fixture network for tests",
			isDefault:   n == 1,
		}
		if n == 1 {
			v.CIDR = "192.168.0.0/16"
		} else {
			v.CIDR = g.s.cidrs.take(16 + 4*g.rng.IntN(2)).String()
		}
		if n == FixtureVPCs {
			v.IPv6CIDR = g.ipv6()
		}
		g.add(v)
	}
}

var (
	vpcRoles = []string{"prod", "staging", "dev", "shared", "data", "k8s", "dmz", "ops", "ml", "billing"}
	vpcParts = []string{"core", "app", "db", "mesh", "edge", "batch", "cache", "search", "gw"}
)

// vpc makes a VPC for connections: mostly a fresh RFC 1918 block (/16, /20
// or /24), sometimes (1 in 20) an earlier VPC's block again, a quarter with
// IPv6, 1 in 12 a relay VPC.
func (g *generator) vpc(account, region string) {
	r := g.rng
	v := &vpcRecord{
		VPC: VPC{
			ID:        g.s.newVPCID(r),
			Name:      fmt.Sprintf("%s-%s-%02d", vpcRoles[r.IntN(len(vpcRoles))], vpcParts[r.IntN(len(vpcParts))], r.IntN(100)),
			Region:    region,
			AccountID: account,
			Relay:     r.IntN(12) == 0,
		},
		created: genBase.AddDate(0, 0, -1000-r.IntN(300)),
	}
	switch x := r.IntN(20); {
	case x == 0 && len(g.all) > 0:
		v.CIDR = g.all[r.IntN(len(g.all))].CIDR // a deliberate overlap
	case x < 5:
		v.CIDR = g.s.cidrs.take(16).String()
	case x < 17:
		v.CIDR = g.s.cidrs.take(20).String()
	default:
		v.CIDR = g.s.cidrs.take(24).String()
	}
	if r.IntN(4) == 0 {
		v.IPv6CIDR = g.ipv6()
	}
	if r.IntN(3) == 0 {
		v.description = "managed by terraform"
	}
	g.add(v)
	k := acctRegion{account, region}
	g.pool[k] = append(g.pool[k], v)
}

func (g *generator) add(v *vpcRecord) {
	g.s.putVPCLocked(v)
	g.all = append(g.all, v)
}

// ipv6 returns a /56 in Baidu's 240c::/16 style.
func (g *generator) ipv6() string {
	h := g.rng.Uint32()
	a := [16]byte{0x24, 0x0c, 0x40, 0x81, byte(h >> 24), byte(h >> 16), byte(h >> 8)}
	return netip.PrefixFrom(netip.AddrFrom16(a), 56).String()
}

// conn makes one connection initiated by account in region: about 70% to
// a VPC of the same account and region, 15% to another account, 15% to
// another region (some of those also to another account).
func (g *generator) conn(account, region string) error {
	r := g.rng
	local := g.pool[acctRegion{account, region}]
	for range 64 {
		peerAccount, peerRegion := account, region
		x := r.Float64()
		if x < 0.15 && len(g.accounts) > 1 || x >= 0.27 && x < 0.30 && len(g.accounts) > 1 {
			peerAccount = g.other(g.accounts, account)
		}
		if x >= 0.15 && x < 0.30 && len(g.regions) > 1 {
			peerRegion = g.other(g.regions, region)
		}
		l := local[r.IntN(len(local))]
		peers := g.pool[acctRegion{peerAccount, peerRegion}]
		p := peers[r.IntN(len(peers))]
		if l == p || l.Relay && p.Relay || g.s.pairTaken(l.ID, p.ID, g.now) {
			continue
		}
		pc := g.build(l, p)
		g.s.addConn(pc, true)
		g.made = append(g.made, pc)
		return nil
	}
	return fmt.Errorf("no free VPC pair left for account %s in region %s", account, region)
}

// other picks an element of xs other than not.
func (g *generator) other(xs []string, not string) string {
	for {
		if x := xs[g.rng.IntN(len(xs))]; x != not {
			return x
		}
	}
}

var (
	bandwidths   = []int{10, 20, 50, 100, 200, 500, 1000, 2000}
	descriptions = []string{
		"", "", "peer_same_account", "peer_diff_account", "prod to shared services", "staging to prod read replicas",
		"k8s cluster mesh", "dr replication", "analytics egress", "partner integration", "legacy migration",
	}
	tagValues = map[string][]string{
		"env":         {"prod", "staging", "dev", "test"},
		"team":        {"netops", "data", "platform", "payments", "search"},
		"owner":       {"alice", "bob", "carol", "dave", "erin"},
		"cost-center": {"cc-1001", "cc-2040", "cc-3300"},
	}
	tagKeys = []string{"env", "team", "owner", "cost-center"}
)

// build fills in a generated connection between two VPCs.
func (g *generator) build(l, p *vpcRecord) *conn {
	r := g.rng
	created := genBase.Add(-time.Duration(r.Int64N(900*24*60*60)) * time.Second).UTC()
	pc := &conn{
		id:        g.s.newConnID(r),
		bandwidth: bandwidths[r.IntN(len(bandwidths))],
		created:   created,
		ends: [2]end{
			{account: l.AccountID, vpc: l.ID, region: l.Region, ifID: newIfID(r), dns: from(created, DNSClose)},
			{account: p.AccountID, vpc: p.ID, region: p.Region, ifID: newIfID(r), dns: from(created, DNSClose)},
		},
	}
	cross := pc.crossAccount()
	if r.IntN(100) < 85 {
		pc.ends[initiator].ifName = randID(r, "int-", 8, mixedAlnum)
	}
	if r.IntN(100) < 70 {
		pc.ends[acceptor].ifName = randID(r, "int-", 8, mixedAlnum)
	}
	desc := descriptions[r.IntN(len(descriptions))]
	pc.ends[initiator].description, pc.ends[acceptor].description = desc, desc
	if l.Region != p.Region && r.IntN(10) < 4 {
		pc.prepaid = true
		pc.expires = prepaidHorizon.AddDate(0, 0, r.IntN(730)).UTC()
	}
	for _, k := range tagKeys[:r.IntN(len(tagKeys)+1)] {
		vs := tagValues[k]
		pc.tags = append(pc.tags, Tag{Key: k, Value: vs[r.IntN(len(vs))]})
	}
	pc.deleteProtect = r.IntN(10) == 0
	if r.IntN(10) < 3 {
		pc.resourceGroup = randID(r, "RESG-", 11, mixedAlnum)
	}

	now := g.now
	switch st := g.status(cross, pc.prepaid); st {
	case StatusConsulting:
		// A fresh acceptance window counted from generation, so that the
		// estate shows pending requests however old its timestamps are.
		pc.ends[acceptor].ifName = ""
		pc.consultBy = now.Add(24*time.Hour + time.Duration(r.Int64N(5*24*60*60))*time.Second)
		pc.tl = from(created, StatusConsulting)
	case StatusExpired:
		pc.expires = addMonths(created, 1+r.IntN(12))
		pc.tl = from(created, StatusActive)
	case StatusStarting:
		pc.tl = from(now, StatusStarting, after(now, g.s.lasts(g.s.timing.Starting), StatusActive))
	case StatusUpdating:
		pc.tl = from(now, StatusUpdating, after(now, g.s.lasts(g.s.timing.Updating), StatusActive))
	case StatusDeleting:
		pc.deleteProtect = false
		pc.tl = from(created, StatusActive)
		g.s.release(pc, now)
	default:
		pc.tl = from(created, st)
		if st == StatusActive && r.IntN(10) == 0 {
			pc.ends[initiator].dns = from(created, DNSOpen)
		}
	}
	return pc
}

// status draws a generated connection's status: mostly active; among
// cross-account ones some consulting and consult_failed; a few down,
// expired (prepaid only), error, and some in transient statuses that
// finish a few seconds after generation.
func (g *generator) status(cross, prepaid bool) string {
	x := g.rng.IntN(100)
	if cross {
		switch {
		case x < 10:
			return StatusConsulting
		case x < 16:
			return StatusConsultFailed
		}
		x = g.rng.IntN(100)
	}
	switch {
	case x < 84:
		return StatusActive
	case x < 88:
		return StatusDown
	case x < 91 && prepaid:
		return StatusExpired
	case x < 91:
		return StatusActive
	case x < 93:
		return StatusDeleting
	case x < 95:
		return StatusUpdating
	case x < 97:
		return StatusStarting
	case x < 98:
		return StatusError
	}
	return StatusActive
}
