package aliyun

import (
	"errors"
	"fmt"
	"math"
	mrand "math/rand/v2"
	"slices"
	"time"
)

// generatedAt is the instant generated estates are dated from. A fixed
// instant, not the clock, keeps Generate's output identical across runs.
var generatedAt = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

// consoleDefaultCIDRs are the CIDRs the console offers for a new VPC.
var consoleDefaultCIDRs = []string{"192.168.0.0/16", "172.16.0.0/12", "10.0.0.0/8"}

// fixturesPerRegion is how many VPCs (and ENS networks) every account gets in
// every region, untouched by generated connections: two in one account and
// region to peer, others in other regions and accounts to peer with.
const fixturesPerRegion = 3

// vpcIDPrefixes are the region codes real VPC IDs start with.
var vpcIDPrefixes = map[string]string{
	"cn-hangzhou": "bp1", "cn-shanghai": "uf6", "cn-beijing": "2ze", "cn-shenzhen": "wz9",
	"cn-qingdao": "m5e", "cn-zhangjiakou": "8vb", "cn-hongkong": "j6c", "ap-southeast-1": "t4n",
	"us-west-1": "rj9", "eu-central-1": "gw8",
}

// Word lists for names, descriptions and tags.
var (
	genEnvs   = []string{"prod", "staging", "dev", "test", "shared"}
	genApps   = []string{"web", "api", "db", "cache", "data", "ml", "ops", "billing", "auth", "search"}
	genTeams  = []string{"network", "platform", "data", "security", "sre"}
	genOwners = []string{"li.wei", "zhang.min", "wang.fang", "chen.jie", "liu.yang"}
	genTag    = []string{"env", "team", "cost-center", "owner", "project"}
)

// gen is one run of Generate.
type gen struct {
	s         *Service
	rng       *mrand.Rand
	uids      []int64
	blocks    int // IPv4 blocks handed out
	v6        int // IPv6 blocks handed out
	vpcPool   map[poolKey][]*VPC
	netPool   map[poolKey][]*Network
	resGroups map[int64][]string
	now       time.Time // the emulated now, at which a VPC pair is free or held
}

type poolKey struct {
	uid    int64
	region string
}

// Generate builds a deterministic estate among the accounts already added:
// for every account, VPC region and ENS region, three fixture VPCs or
// networks, then perRegion VpcPeer connections per account and VPC region and
// perRegion ENS connections per account and ENS region, on further VPCs and
// networks made for them. The same seed, accounts and arguments give the same
// estate. Generated connections keep the status they are generated with
// until an action changes it; their times are dated from 2025-06-01.
func (s *Service) Generate(seed int64, perRegion int, vpcRegions, ensRegions []string) error {
	if perRegion < 0 {
		return errors.New("aliyun: generating: negative connection count")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.accounts) == 0 {
		return errors.New("aliyun: generating: no accounts")
	}
	// Connection IDs come from the service's source: seeding it here makes
	// them depend on the seed, during generation and in API creates after.
	s.rng = mrand.New(mrand.NewPCG(uint64(seed), 0x696473))
	s.timingRng = mrand.New(mrand.NewPCG(uint64(seed), streamTiming))
	s.routeRNG = newRouteRNG(uint64(seed))
	g := &gen{
		s:         s,
		rng:       mrand.New(mrand.NewPCG(uint64(seed), 0x67656e)),
		vpcPool:   make(map[poolKey][]*VPC),
		netPool:   make(map[poolKey][]*Network),
		resGroups: make(map[int64][]string),
		now:       s.clock.Now(),
	}
	for uid := range s.accounts {
		g.uids = append(g.uids, uid)
	}
	slices.Sort(g.uids)
	for _, uid := range g.uids {
		g.resGroups[uid] = []string{s.accounts[uid].resourceGroup, "rg-aek" + pick(g.rng, lowerAlnum, 12), "rg-acfm" + pick(g.rng, lowerAlnum, 11)}
	}
	if err := g.networks(perRegion, vpcRegions, ensRegions); err != nil {
		return fmt.Errorf("aliyun: generating: %w", err)
	}
	if perRegion > 0 {
		for _, uid := range g.uids {
			others := slices.DeleteFunc(slices.Clone(g.uids), func(u int64) bool { return u == uid })
			for _, region := range vpcRegions {
				otherRegions := slices.DeleteFunc(slices.Clone(vpcRegions), func(r string) bool { return r == region })
				for k := range perRegion {
					if err := g.peer(uid, region, others, otherRegions, k); err != nil {
						return fmt.Errorf("aliyun: generating: %w", err)
					}
				}
			}
			for _, region := range ensRegions {
				g.enses(uid, region, perRegion)
			}
		}
	}
	s.peerViews.sortAll()
	s.ensViews.sortAll()
	s.routeEstateLocked()
	return nil
}

// networks makes the fixtures and the pools generated connections draw from.
// VPC pools hold three to six VPCs, some with overlapping CIDRs, or more
// when perRegion asks for it; VPC and ENS pools are large enough for
// perRegion distinct pairs with room to spare, since both APIs allow one
// connection per pair.
func (g *gen) networks(perRegion int, vpcRegions, ensRegions []string) error {
	for _, uid := range g.uids {
		for _, region := range vpcRegions {
			for i := range fixturesPerRegion {
				if err := g.s.addVPCLocked(g.vpc(uid, region, i == 2, "")); err != nil {
					return err
				}
			}
			if perRegion == 0 {
				continue
			}
			for i := range max(3+g.rng.IntN(4), poolFor(perRegion)) {
				// Some keep the console's default CIDRs, as many real VPCs
				// do; the first of each pool always does, so that an estate
				// of two pools or more has overlaps for CIDR analysis.
				cidr := ""
				switch {
				case i == 0:
					cidr = consoleDefaultCIDRs[0]
				case g.rng.IntN(8) == 0:
					cidr = consoleDefaultCIDRs[g.rng.IntN(len(consoleDefaultCIDRs))]
				}
				v := g.vpc(uid, region, g.rng.IntN(3) == 0, cidr)
				if err := g.s.addVPCLocked(v); err != nil {
					return err
				}
				k := poolKey{uid, region}
				g.vpcPool[k] = append(g.vpcPool[k], v)
			}
		}
		for _, region := range ensRegions {
			for range fixturesPerRegion {
				if err := g.s.addNetworkLocked(g.network(uid, region)); err != nil {
					return err
				}
			}
			if perRegion == 0 {
				continue
			}
			for range poolFor(perRegion) {
				nw := g.network(uid, region)
				if err := g.s.addNetworkLocked(nw); err != nil {
					return err
				}
				k := poolKey{uid, region}
				g.netPool[k] = append(g.netPool[k], nw)
			}
		}
	}
	return nil
}

// poolFor is the size of a pool that n connections draw distinct pairs
// from: n members give n(n-1)/2 pairs, and twice n of them keep random
// draws from repeating a pair often. At least two, to make one pair.
func poolFor(n int) int {
	return max(int(math.Ceil((1+math.Sqrt(1+16*float64(n)))/2)), 2)
}

// vpc makes a VPC with the given IPv4 CIDR, or a fresh block if it is "".
func (g *gen) vpc(uid int64, region string, ipv6 bool, cidr string) *VPC {
	prefix, ok := vpcIDPrefixes[region]
	if !ok {
		prefix = pick(g.rng, lowerAlnum, 3)
	}
	var id string
	for id == "" || g.s.vpcs[id] != nil {
		id = "vpc-" + prefix + pick(g.rng, lowerAlnum, vpcIDLen-len(prefix))
	}
	v := &VPC{ID: id, RegionID: region, OwnerUID: uid, IPv6CIDRs: []string{}}
	if cidr != "" {
		v.IPv4CIDRs = []string{cidr}
	} else {
		v.IPv4CIDRs = []string{g.block()}
		if g.rng.IntN(10) == 0 {
			v.IPv4CIDRs = append(v.IPv4CIDRs, g.block()) // a secondary CIDR
		}
	}
	if ipv6 {
		g.v6++
		v.IPv6CIDRs = []string{fmt.Sprintf("2408:4000:%x:%x00::/56", 0x100+g.v6/256, g.v6%256)}
	}
	return v
}

func (g *gen) network(uid int64, region string) *Network {
	var id string
	for id == "" || g.s.networks[id] != nil {
		id = "n-" + pick(g.rng, lowerAlnum, networkIDLen)
	}
	return &Network{ID: id, EnsRegionID: region, OwnerUID: uid, IPv4CIDRs: []string{g.block()}}
}

// block hands out distinct private IPv4 blocks: 10.0.0.0/8 as /16s, then
// 172.16.0.0/12 as /20s, then 192.168.0.0/16 as /24s; an estate larger than
// that (768 blocks) starts over and overlaps.
func (g *gen) block() string {
	i := g.blocks % 768
	g.blocks++
	switch {
	case i < 256:
		return fmt.Sprintf("10.%d.0.0/16", i)
	case i < 512:
		j := i - 256
		return fmt.Sprintf("172.%d.%d.0/20", 16+j/16, j%16*16)
	default:
		return fmt.Sprintf("192.168.%d.0/24", i-512)
	}
}

// pct reports true with probability p percent.
func (g *gen) pct(p int) bool { return g.rng.IntN(100) < p }

func (g *gen) oneOf(words []string) string { return words[g.rng.IntN(len(words))] }

// peer generates the k-th connection of an account in a region: mostly
// same-account and same-region, some cross-region, some cross-account.
func (g *gen) peer(uid int64, region string, others []int64, otherRegions []string, k int) error {
	accUID, accRegion := uid, region
	switch r := g.rng.IntN(100); {
	case r < 14 && len(others) > 0:
		accUID = others[g.rng.IntN(len(others))]
	case r < 18 && len(others) > 0 && len(otherRegions) > 0:
		accUID, accRegion = others[g.rng.IntN(len(others))], otherRegions[g.rng.IntN(len(otherRegions))]
	case r < 28 && len(otherRegions) > 0:
		accRegion = otherRegions[g.rng.IntN(len(otherRegions))]
	}
	vpc, accVpc, err := g.freePair(poolKey{uid, region}, poolKey{accUID, accRegion})
	if err != nil {
		return err
	}
	cross, crossRegion := uid != accUID, region != accRegion

	status := g.peerStatus(cross)
	var created time.Time
	switch status {
	case statusAccepting: // still inside its acceptance window at generatedAt
		created = generatedAt.Add(-time.Hour - time.Duration(g.rng.Int64N(int64(acceptWindow-2*time.Hour))))
	case statusExpired:
		created = generatedAt.Add(-acceptWindow - time.Duration(g.rng.Int64N(int64(300*24*time.Hour))))
	default:
		created = generatedAt.Add(-time.Hour - time.Duration(g.rng.Int64N(int64(700*24*time.Hour))))
	}
	created = created.Truncate(time.Second)
	modified := created.Add(time.Duration(g.rng.Int64N(int64(generatedAt.Sub(created))))).Truncate(time.Second)

	c := &vpcConn{
		id: g.s.newInstanceIDLocked(peerIDLen), owner: uid, accepter: accUID, vpc: vpc, acceptingVpc: accVpc,
		bandwidth: unlimitedBandwidth, linkType: linkGold, bizStatus: bizNormal,
		resourceGroup: g.resGroups[uid][0], created: created, modified: modified,
		timeline: frozen(modified, status),
	}
	if crossRegion {
		c.bandwidth = []int{1024, 1024, 1024, 1024, 100, 200, 500, 2048}[g.rng.IntN(8)]
		if g.pct(20) {
			c.linkType = linkPlatinum
		}
	}
	if g.pct(2) {
		c.bizStatus = bizLocked
	}
	if g.pct(20) {
		c.resourceGroup = g.resGroups[uid][1+g.rng.IntN(2)]
	}
	env, app := g.oneOf(genEnvs), g.oneOf(genApps)
	if g.pct(90) {
		c.name = fmt.Sprintf("%s-%s-peer-%d", env, app, k)
	}
	if g.pct(50) {
		c.description = fmt.Sprintf("Peering for %s traffic between %s VPCs", app, env)
	}
	c.tags = g.tags(env)
	g.s.peers[c.id] = c
	g.s.peerViews.appendUnsorted(c)
	return nil
}

// freePair draws a requester VPC from one pool and an accepter VPC from
// another (or the same) that no connection holds yet: VpcPeer allows one
// per pair, whatever the new connection's status. Should a few draws find
// none, the accepter's pool grows by a VPC, free with every other, so that
// generation always ends.
func (g *gen) freePair(from, to poolKey) (*VPC, *VPC, error) {
	pool, accPool := g.vpcPool[from], g.vpcPool[to]
	for range 64 {
		vpc, accVpc := pool[g.rng.IntN(len(pool))], accPool[g.rng.IntN(len(accPool))]
		if vpc != accVpc && g.s.pairPeerLocked(vpc, accVpc, g.now) == nil {
			return vpc, accVpc, nil
		}
	}
	accVpc := g.vpc(to.uid, to.region, g.rng.IntN(3) == 0, "")
	if err := g.s.addVPCLocked(accVpc); err != nil {
		return nil, nil, err
	}
	g.vpcPool[to] = append(g.vpcPool[to], accVpc)
	return pool[g.rng.IntN(len(pool))], accVpc, nil
}

func (g *gen) peerStatus(cross bool) string {
	r := g.rng.IntN(100)
	if cross {
		switch {
		case r < 70:
			return statusActivated
		case r < 80:
			return statusAccepting
		case r < 85:
			return statusRejected
		case r < 90:
			return statusExpired
		case r < 93:
			return statusCreating
		case r < 96:
			return statusUpdating
		case r < 99:
			return statusDeleting
		}
		return statusDeleted
	}
	switch {
	case r < 88:
		return statusActivated
	case r < 92:
		return statusCreating
	case r < 96:
		return statusUpdating
	case r < 99:
		return statusDeleting
	}
	return statusDeleted
}

// tags draws zero to four tags with distinct keys.
func (g *gen) tags(env string) []Tag {
	var tags []Tag
	for _, i := range g.rng.Perm(len(genTag))[:g.rng.IntN(5)] {
		t := Tag{Key: genTag[i]}
		switch t.Key {
		case "env":
			t.Value = env
		case "team":
			t.Value = g.oneOf(genTeams)
		case "cost-center":
			t.Value = fmt.Sprintf("cc-%04d", g.rng.IntN(10000))
		case "owner":
			t.Value = g.oneOf(genOwners)
		default:
			t.Value = g.oneOf(genApps) + "-" + g.oneOf(genEnvs)
		}
		tags = append(tags, t)
	}
	return tags
}

// enses generates an account's ENS connections on one node, each on a
// network pair of its own.
func (g *gen) enses(uid int64, region string, n int) {
	pool := g.netPool[poolKey{uid, region}]
	for k := range n {
		var a, b *Network
		for a == b || g.s.ensByPair[pairKey(a.ID, b.ID)] != nil {
			a, b = pool[g.rng.IntN(len(pool))], pool[g.rng.IntN(len(pool))]
		}
		status := statusActivated
		switch r := g.rng.IntN(100); {
		case r < 5:
			status = statusCreating
		case r < 10:
			status = statusDeleting
		}
		created := generatedAt.Add(-time.Hour - time.Duration(g.rng.Int64N(int64(500*24*time.Hour)))).Truncate(time.Second)
		c := &ensConn{
			id: g.s.newInstanceIDLocked(ensIDLen), owner: uid, network: a, peer: b,
			created: created, timeline: frozen(created, status),
		}
		if g.pct(85) {
			c.name = fmt.Sprintf("ens-%s-peer-%d", g.oneOf(genApps), k)
		}
		if g.pct(40) {
			c.description = "Edge peering for " + g.oneOf(genApps)
		}
		g.s.enses[c.id] = c
		g.s.ensViews.appendUnsorted(c)
		g.s.ensByPair[c.pair()] = c
	}
}
