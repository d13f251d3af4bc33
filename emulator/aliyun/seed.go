package aliyun

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"time"
)

// seedBlocks hands out /24s of 100.64.0.0/10 to seeded VPCs and networks,
// away from the private blocks Generate and the tests use. It wraps after
// 16384 blocks; overlaps then are harmless to what seeding is for.
var seedBlocks = netip.MustParsePrefix("100.64.0.0/10")

// SeedVpcPeer inserts n Activated VpcPeer connections owned and accepted by
// the account uid in region, for benchmarks and soak tests that need many
// connections without calling the API (its rate limit and the clock would
// make that slow). Both ends are VPCs of the account in region, from a small
// pool of VPCs the call makes; VpcPeer allows many connections per VPC
// pair, so the pool's pairs are reused. Each call makes its own pool. It
// returns the IDs of the new connections, sorted.
func (s *Service) SeedVpcPeer(uid int64, region string, n int) ([]string, error) {
	if n < 0 {
		return nil, errors.New("aliyun: seeding VpcPeer: negative count")
	}
	if region == "" {
		return nil, errors.New("aliyun: seeding VpcPeer: no region")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	acct, ok := s.accounts[uid]
	if !ok {
		return nil, fmt.Errorf("aliyun: seeding VpcPeer: no account %d", uid)
	}
	if n == 0 {
		return nil, nil
	}
	now := s.clock.Now().Truncate(time.Second)
	// At most eight VPCs: enough pairs (28) that a listing filtered by one
	// VPC holds a fraction of the connections, few enough to stay cheap.
	pool := make([]*VPC, min(n+1, 8))
	for i := range pool {
		v := &VPC{ID: s.newSeedIDLocked("vpc-", vpcIDLen), RegionID: region, OwnerUID: uid,
			IPv4CIDRs: []string{s.seedBlockLocked()}, IPv6CIDRs: []string{}}
		if err := s.addVPCLocked(v); err != nil {
			return nil, fmt.Errorf("aliyun: seeding VpcPeer: %w", err)
		}
		pool[i] = v
	}
	ids := make([]string, 0, n)
	pairs := seedPairs(len(pool))
	for k := range n {
		p := pairs[k%len(pairs)]
		c := &vpcConn{
			id: s.newInstanceIDLocked(peerIDLen), name: fmt.Sprintf("seed-%d", k), owner: uid, accepter: uid,
			vpc: pool[p[0]], acceptingVpc: pool[p[1]],
			bandwidth: unlimitedBandwidth, linkType: linkGold, bizStatus: bizNormal,
			resourceGroup: acct.resourceGroup, created: now, modified: now,
			timeline: frozen(now, statusActivated),
		}
		s.peers[c.id] = c
		s.peerViews.appendUnsorted(c)
		ids = append(ids, c.id)
	}
	s.peerViews.sortAll()
	slices.Sort(ids)
	return ids, nil
}

// SeedENS inserts n Activated ENS network peer connections of the account
// uid on the ENS node ensRegion, for the same uses as SeedVpcPeer. ENS
// allows one connection per network pair, so the call makes just enough
// networks for n distinct pairs. It returns the IDs of the new connections,
// sorted.
func (s *Service) SeedENS(uid int64, ensRegion string, n int) ([]string, error) {
	if n < 0 {
		return nil, errors.New("aliyun: seeding ENS: negative count")
	}
	if ensRegion == "" {
		return nil, errors.New("aliyun: seeding ENS: no ENS region")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.accounts[uid]; !ok {
		return nil, fmt.Errorf("aliyun: seeding ENS: no account %d", uid)
	}
	if n == 0 {
		return nil, nil
	}
	now := s.clock.Now().Truncate(time.Second)
	k := 2 // the fewest networks whose pairs number at least n
	for k*(k-1)/2 < n {
		k++
	}
	pool := make([]*Network, k)
	for i := range pool {
		nw := &Network{ID: s.newSeedIDLocked("n-", networkIDLen), EnsRegionID: ensRegion, OwnerUID: uid,
			IPv4CIDRs: []string{s.seedBlockLocked()}}
		if err := s.addNetworkLocked(nw); err != nil {
			return nil, fmt.Errorf("aliyun: seeding ENS: %w", err)
		}
		pool[i] = nw
	}
	ids := make([]string, 0, n)
	for i, p := range seedPairs(k)[:n] {
		c := &ensConn{
			id: s.newInstanceIDLocked(ensIDLen), name: fmt.Sprintf("seed-%d", i), owner: uid,
			network: pool[p[0]], peer: pool[p[1]], created: now, timeline: frozen(now, statusActivated),
		}
		s.enses[c.id] = c
		s.ensViews.appendUnsorted(c)
		s.ensByPair[c.pair()] = c
		ids = append(ids, c.id)
	}
	s.ensViews.sortAll()
	slices.Sort(ids)
	return ids, nil
}

// seedPairs returns every pair of k pool indexes, (0,1), (0,2), (1,2), (0,3)
// …, so that a prefix of the list uses the fewest members.
func seedPairs(k int) [][2]int {
	out := make([][2]int, 0, k*(k-1)/2)
	for j := 1; j < k; j++ {
		for i := range j {
			out = append(out, [2]int{i, j})
		}
	}
	return out
}

// newSeedIDLocked returns an unused VPC or network ID: prefix and n
// lowercase letters and digits from the service's seeded source.
func (s *Service) newSeedIDLocked(prefix string, n int) string {
	for {
		id := prefix + pick(s.rng, lowerAlnum, n)
		if s.vpcs[id] == nil && s.networks[id] == nil {
			return id
		}
	}
}

// seedBlockLocked returns a /24 for the next VPC or network, numbered by
// how many the world holds so that successive calls differ.
func (s *Service) seedBlockLocked() string {
	base := seedBlocks.Addr().As4()
	i := (len(s.vpcList) + len(s.netList)) % (1 << 14)
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{base[0], base[1] + byte(i>>8), byte(i), 0}), 24).String()
}
