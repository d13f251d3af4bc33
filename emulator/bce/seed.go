package bce

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Seed inserts n active, Postpaid connections for account in region, for
// tests and benchmarks that need many: both ends are the account's, in
// region, on VPCs named "seed-N" that Seed makes as needed, one connection
// per VPC pair. Seeded connections bypass the quotas and do not count
// against them; each is listed once. It returns their IDs, sorted.
func (s *Service) Seed(account, region string, n int) ([]string, error) {
	if n < 0 {
		return nil, errors.New("bce: seed: negative count")
	}
	if region == "" {
		return nil, errors.New("bce: seed: no region")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.accounts[account]; !ok {
		return nil, fmt.Errorf("bce: seed: account %q has not been added", account)
	}
	now := s.clock.Now()
	s.reap(now)
	batch := newSeedBatch(now)
	ids := make([]string, 0, n)
	for range n {
		ids = append(ids, s.seedOne(account, region, s.newConnID(s.rng), batch, true).id)
	}
	s.settleAll()
	slices.Sort(ids)
	return ids, nil
}

// seeder walks the VPC pairs of seeded connections of one account and
// region: (0,1), (0,2), (1,2), (0,3), … making VPCs as the walk needs them.
type seeder struct {
	vpcs []string
	i, j int
}

// seedBatch is what the connections of one Seed call share: their creation
// time and their timelines (never changed in place, so shareable).
type seedBatch struct {
	created           time.Time
	active, dnsClosed timeline
}

func newSeedBatch(now time.Time) seedBatch {
	now = now.Truncate(time.Second)
	return seedBatch{created: now, active: from(now, StatusActive), dnsClosed: from(now, DNSClose)}
}

func (s *Service) seedOne(account, region, id string, batch seedBatch, bulk bool) *conn {
	a, b := s.seedPair(account, region, batch.created)
	pc := &conn{
		id:        id,
		bandwidth: 100,
		created:   batch.created,
		tl:        batch.active,
		ends: [2]end{
			{account: account, vpc: a, region: region, ifID: newIfID(s.rng), description: "seeded", dns: batch.dnsClosed},
			{account: account, vpc: b, region: region, ifID: newIfID(s.rng), description: "seeded", dns: batch.dnsClosed},
		},
	}
	s.addConn(pc, bulk)
	return pc
}

func (s *Service) seedPair(account, region string, now time.Time) (string, string) {
	k := acctRegion{account, region}
	sd := s.seeders[k]
	if sd == nil {
		sd = &seeder{j: 1}
		s.seeders[k] = sd
	}
	for {
		for len(sd.vpcs) <= sd.j {
			sd.vpcs = append(sd.vpcs, s.seedVPC(account, region, len(sd.vpcs)+1, now))
		}
		a, b := sd.vpcs[sd.i], sd.vpcs[sd.j]
		if sd.i++; sd.i == sd.j {
			sd.i, sd.j = 0, sd.j+1
		}
		if !s.pairTaken(a, b, now) {
			return a, b
		}
	}
}

// seedVPC makes a seeded VPC on the next /24 of 10.0.0.0/8.
func (s *Service) seedVPC(account, region string, n int, now time.Time) string {
	u := s.seedCIDRs % (1 << 16)
	s.seedCIDRs++
	v := &vpcRecord{
		VPC: VPC{
			ID: s.newVPCID(s.rng), Name: fmt.Sprintf("seed-%d", n), Region: region, AccountID: account,
			CIDR: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(u >> 8), byte(u), 0}), 24).String(),
		},
		created: now,
	}
	s.putVPCLocked(v)
	return v.ID
}

// insertBefore adds a seeded connection whose ID sorts before marker, as a
// create racing with a List walk would (the ShiftItems fault).
func (s *Service) insertBefore(account, region, marker string, now time.Time) {
	if id := s.idBefore(marker); id != "" {
		s.seedOne(account, region, id, newSeedBatch(now), false)
	}
}

// idBefore returns an unused connection ID that sorts before marker, or ""
// when none exists.
func (s *Service) idBefore(marker string) string {
	for range 64 {
		if id := randID(s.rng, "peerconn-", 12, lowerAlnum); id < marker && s.conns[id] == nil {
			return id
		}
	}
	// The marker sorts very low: count up from the smallest ID.
	for k := int64(0); k < 1<<16; k++ {
		digits := strconv.FormatInt(k, 36)
		id := "peerconn-" + strings.Repeat("0", 12-len(digits)) + digits
		if id >= marker {
			return ""
		}
		if s.conns[id] == nil {
			return id
		}
	}
	return ""
}
