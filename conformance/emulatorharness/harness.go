// Package emulatorharness runs the conformance suite against this module's
// emulator: each harness starts an emulator on loopback with a small
// generated estate, binds the adapter under test to it with the sandbox
// accounts, and drives its clock and fault injector for the suite.
//
// An adapter of this module plugs in from its own test file:
//
//	func TestConformance(t *testing.T) {
//		conformance.Run(t, emulatorharness.New(emulatorharness.Config{
//			Provider: peering.Baidu,
//			New: func(tg emulatorharness.Target) (peering.Peering, error) {
//				return baidu.New(baidu.Options{
//					Credentials: baidu.Credentials{AccessKeyID: tg.Account.AccessKeyID, SecretAccessKey: tg.Account.Secret},
//					Region:      tg.Region,
//					Endpoint:    tg.Endpoint,
//					AccountID:   tg.Account.ID,
//				})
//			},
//		}))
//	}
//
// The conformance package itself depends on the root and inventory
// packages only; this one adds the emulator.
package emulatorharness

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/conformance"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/emulator/bce"
)

// DefaultConnections is how many connections the emulator generates per
// account and region when Config.Connections is 0: enough for every status
// and role to appear in the read-only checks, few enough to start at once.
const DefaultConnections = 12

// Config says which emulated API to run the suite on, and how to make the
// adapter under test.
type Config struct {
	// Provider selects the emulated API: peering.Baidu, peering.AlibabaVPC
	// or peering.AlibabaENS.
	Provider peering.Provider
	// New makes the adapter under test for tg. The suite makes hundreds of
	// calls and the emulator runs without rate limits, so New should turn
	// the adapter's client-side rate limit off.
	New func(tg Target) (peering.Peering, error)
	// Connections is how many connections to generate per account and
	// region; 0 means DefaultConnections, negative none.
	Connections int
	// Seed drives the emulator's random choices; 0 means 1.
	Seed int64
}

// Target is what New needs to reach the emulator as one account.
type Target struct {
	// Account is the sandbox account, with its keys and its ID.
	Account emulator.Account
	// Region is the region to bind the adapter to: a Baidu or VpcPeer
	// region, or for ENS (whose API is central) the node of the fixtures.
	Region string
	// Endpoint is the emulator's endpoint for the adapter's Options, as
	// "http://127.0.0.1:PORT".
	Endpoint string
}

// Regions of the emulator the harness starts. Baidu's estates live in a
// region of their own that Start does not generate, so that a listing of
// it holds exactly the estate.
var (
	baiduRegions      = []string{"bj", "gz"}
	vpcPeerRegions    = []string{"cn-hangzhou", "cn-shanghai"}
	ensRegions        = []string{"cn-xian-unicom", "cn-dongguan-9"}
	baiduEstateRegion = "su"
)

// New returns a HarnessMaker that starts an emulator for each group of
// checks.
func New(cfg Config) conformance.HarnessMaker {
	return func(ctx context.Context, t *testing.T) (conformance.Harness, error) {
		return start(cfg)
	}
}

// harness is a conformance.Harness over one emulator.
type harness struct {
	cfg    Config
	srv    *emulator.Server
	accts  [2]emulator.Account // A, B
	region string              // A's region (ENS: node)
	nets   conformance.Networks
	faults *injector

	mu       sync.Mutex
	adapters map[conformance.Account]peering.Peering
	servers  []*httptest.Server // listeners the harness added (Baidu estate regions)

	estateMu sync.Mutex // guards the three below; held while an estate grows
	estate   *estate
	estates  int // estates made, to name their networks and regions
	blocks   int // CIDR blocks handed out
}

var (
	_ conformance.Harness      = (*harness)(nil)
	_ conformance.Estater      = (*harness)(nil)
	_ conformance.SecretHolder = (*harness)(nil)
	_ conformance.Networker    = (*harness)(nil)
)

func start(cfg Config) (*harness, error) {
	if cfg.New == nil {
		return nil, errors.New("emulatorharness: Config.New is nil")
	}
	conns := cfg.Connections
	switch {
	case conns == 0:
		conns = DefaultConnections
	case conns < 0:
		conns = 0
	}
	srv, err := emulator.Start(emulator.Options{
		Seed:           cfg.Seed,
		Connections:    conns,
		NoRateLimits:   true,
		BaiduRegions:   baiduRegions,
		VpcPeerRegions: vpcPeerRegions,
		ENSRegions:     ensRegions,
	})
	if err != nil {
		return nil, err
	}
	// Only the suite moves time (Advance): a slow machine must not see a
	// connection settle between two reads that a check compares.
	srv.Clock.Freeze()
	h := &harness{cfg: cfg, srv: srv, adapters: make(map[conformance.Account]peering.Peering)}
	prefix := "alibaba"
	if cfg.Provider == peering.Baidu {
		prefix = "baidu"
	}
	for i, name := range []string{prefix + "-a", prefix + "-b"} {
		a, ok := srv.Account(name)
		if !ok {
			srv.Close()
			return nil, fmt.Errorf("emulatorharness: the emulator has no sandbox account %q", name)
		}
		h.accts[i] = a
	}
	switch cfg.Provider {
	case peering.Baidu:
		h.region, err = baiduRegions[0], h.baiduFixtures()
	case peering.AlibabaVPC:
		h.region, err = vpcPeerRegions[0], h.vpcPeerFixtures()
	case peering.AlibabaENS:
		h.region, err = ensRegions[0], h.ensFixtures()
	default:
		err = fmt.Errorf("emulatorharness: the emulator has no provider %q", cfg.Provider)
	}
	if err != nil {
		srv.Close()
		return nil, err
	}
	h.faults = newInjector(srv.Faults, cfg.Provider)
	return h, nil
}

// endpoint returns the emulator's endpoint for a region of the provider.
func (h *harness) endpoint(region string) string {
	if h.cfg.Provider == peering.Baidu {
		return h.srv.BaiduEndpoint(region)
	}
	return "http://" + h.srv.AlibabaEndpoint()
}

func (h *harness) Peering(ctx context.Context, acct conformance.Account) (peering.Peering, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if p, ok := h.adapters[acct]; ok {
		return p, nil
	}
	p, err := h.cfg.New(Target{Account: h.accts[acct], Region: h.region, Endpoint: h.endpoint(h.region)})
	if err != nil {
		return nil, err
	}
	h.adapters[acct] = p
	return p, nil
}

func (h *harness) Networks() conformance.Networks { return h.nets }

func (h *harness) Mutable() bool { return true }

// Advance moves the emulator's clock: statuses are computed from it when
// read, so the effect is immediate.
func (h *harness) Advance(ctx context.Context, d time.Duration) error {
	h.srv.Clock.Advance(d)
	return ctx.Err()
}

func (h *harness) Faults() conformance.FaultInjector { return h.faults }

// Requests counts on the emulated cloud's side, so that requests an adapter
// sends by any route are seen.
func (h *harness) Requests() int64 {
	if h.cfg.Provider == peering.Baidu {
		return h.srv.Baidu.Requests()
	}
	return h.srv.Alibaba.Requests()
}

func (h *harness) Secrets() []string { return []string{h.accts[0].Secret, h.accts[1].Secret} }

func (h *harness) Close() error {
	h.mu.Lock()
	servers := h.servers
	h.servers = nil
	h.mu.Unlock()
	for _, s := range servers {
		s.Close()
	}
	return h.srv.Close()
}

// baiduFixtures picks the fixture VPCs Generate leaves free of connections.
func (h *harness) baiduFixtures() error {
	find := func(acct emulator.Account, region string, n int) (conformance.Network, error) {
		for _, v := range h.srv.Baidu.VPCs() {
			if v.AccountID == acct.ID && v.Region == region && v.Name == bce.FixtureVPCName(n) {
				nw := conformance.Network{ID: v.ID, Region: region, AccountID: acct.ID}
				return withBlocks(nw, []string{v.CIDR}, []string{v.IPv6CIDR})
			}
		}
		return conformance.Network{}, fmt.Errorf("emulatorharness: no Baidu fixture VPC %d of %s in %s", n, acct.Name, region)
	}
	return h.pickFixtures(baiduRegions, find)
}

// vpcPeerFixtures picks each account's first VPCs in a region: Generate
// makes them first and peers none of them.
func (h *harness) vpcPeerFixtures() error {
	vpcs := h.srv.Alibaba.VPCs()
	find := func(acct emulator.Account, region string, n int) (conformance.Network, error) {
		k := 0
		for _, v := range vpcs {
			if fmt.Sprint(v.OwnerUID) == acct.ID && v.RegionID == region {
				if k++; k == n {
					nw := conformance.Network{ID: v.ID, Region: region, AccountID: acct.ID}
					return withBlocks(nw, v.IPv4CIDRs, v.IPv6CIDRs)
				}
			}
		}
		return conformance.Network{}, fmt.Errorf("emulatorharness: no VpcPeer fixture VPC %d of %s in %s", n, acct.Name, region)
	}
	return h.pickFixtures(vpcPeerRegions, find)
}

// pickFixtures sets the fixture networks of a provider whose connections
// may cross accounts, from find (the nth network of an account in a
// region): A's first and second in the first region, A's first in the
// second region, and B's first in the first region.
func (h *harness) pickFixtures(regions []string, find func(acct emulator.Account, region string, n int) (conformance.Network, error)) error {
	var errs [4]error
	a, b := h.accts[0], h.accts[1]
	h.nets.Local, errs[0] = find(a, regions[0], 1)
	h.nets.SameRegion, errs[1] = find(a, regions[0], 2)
	h.nets.OtherRegion, errs[2] = find(a, regions[1], 1)
	h.nets.OtherAccount, errs[3] = find(b, regions[0], 1)
	return errors.Join(errs[:]...)
}

// ensFixtures picks account A's first networks on two nodes. ENS peers
// networks of one account only, so there is no OtherAccount fixture.
func (h *harness) ensFixtures() error {
	nets := h.srv.Alibaba.Networks()
	a := h.accts[0]
	find := func(region string, n int) (conformance.Network, error) {
		k := 0
		for _, nw := range nets {
			if fmt.Sprint(nw.OwnerUID) == a.ID && nw.EnsRegionID == region {
				if k++; k == n {
					return withBlocks(conformance.Network{ID: nw.ID, Region: region, AccountID: a.ID}, nw.IPv4CIDRs, nil)
				}
			}
		}
		return conformance.Network{}, fmt.Errorf("emulatorharness: no ENS fixture network %d of %s on %s", n, a.Name, region)
	}
	var errs [3]error
	h.nets.Local, errs[0] = find(ensRegions[0], 1)
	h.nets.SameRegion, errs[1] = find(ensRegions[0], 2)
	h.nets.OtherRegion, errs[2] = find(ensRegions[1], 1)
	return errors.Join(errs[:]...)
}

// withBlocks returns nw with the emulator's blocks of the network (empty
// strings are blocks it does not have), so that the field checks can
// compare what an adapter reports with the truth.
func withBlocks(nw conformance.Network, v4, v6 []string) (conformance.Network, error) {
	for _, fam := range []struct {
		in  []string
		out *[]netip.Prefix
	}{{v4, &nw.IPv4CIDRs}, {v6, &nw.IPv6CIDRs}} {
		for _, s := range fam.in {
			if s == "" {
				continue
			}
			p, err := netip.ParsePrefix(s)
			if err != nil {
				return conformance.Network{}, fmt.Errorf("emulatorharness: network %s: %w", nw.ID, err)
			}
			*fam.out = append(*fam.out, p)
		}
	}
	return nw, nil
}

// uid returns an Alibaba sandbox account's UID.
func uid(a emulator.Account) (int64, error) {
	var n int64
	if _, err := fmt.Sscan(a.ID, &n); err != nil {
		return 0, fmt.Errorf("emulatorharness: account %s has a non-numeric ID %q", a.Name, a.ID)
	}
	return n, nil
}
