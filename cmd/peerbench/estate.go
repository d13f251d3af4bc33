package main

import (
	"fmt"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/emulator/fault"
	"github.com/peeringkit/peering/inventory"
	"github.com/peeringkit/peering/providers/alibabaens"
	"github.com/peeringkit/peering/providers/alibabavpc"
	"github.com/peeringkit/peering/providers/baidu"
)

// emulatorBurst is the burst of the emulator's VpcPeer rate limit, as
// emulator.Start sets it; the adapter's own burst (alibabavpc.DefaultBurst)
// is smaller, so that it never draws a throttling answer.
const emulatorBurst = 20

// target is one listing of the benchmark: the inventory target, what was
// seeded for it, and what its requests counted.
type target struct {
	inv       inventory.Target
	shape     shape
	floor     floor
	transport *countingTransport
}

// estate is a running emulator seeded for the benchmark and its targets.
type estate struct {
	srv     *emulator.Server
	targets []*target
}

// startEstate starts an emulator with cfg's latency and rate limit, seeds
// every target with cfg.connections connections, and builds the adapters
// that list them, each counting its requests.
func startEstate(cfg config) (*estate, error) {
	srv, err := emulator.Start(emulator.Options{
		Seed:           cfg.seed,
		Latency:        cfg.latency,
		NoRateLimits:   true, // set below from the flag
		BaiduRegions:   cfg.regionsOf(emulator.DefaultBaiduRegions),
		VpcPeerRegions: cfg.regionsOf(emulator.DefaultVpcPeerRegions),
		ENSRegions:     cfg.regionsOf(emulator.DefaultENSRegions),
	})
	if err != nil {
		return nil, fmt.Errorf("starting the emulator: %w", err)
	}
	if cfg.vpcLimit > 0 {
		srv.Faults.SetLimit(string(peering.AlibabaVPC), "", fault.Limit{Calls: cfg.vpcLimit, Per: time.Minute, Burst: emulatorBurst})
	}
	e := &estate{srv: srv}
	for _, p := range cfg.providers {
		if err := e.seed(cfg, p); err != nil {
			srv.Close()
			return nil, err
		}
	}
	return e, nil
}

func (e *estate) close() { _ = e.srv.Close() }

// seed seeds and builds the targets of one provider.
func (e *estate) seed(cfg config, p peering.Provider) error {
	prefix := "alibaba"
	if p == peering.Baidu {
		prefix = "baidu"
	}
	for i := range cfg.accounts {
		acct, ok := e.srv.Account(fmt.Sprintf("%s-%c", prefix, 'a'+i))
		if !ok {
			return fmt.Errorf("the emulator has no %s account %d", prefix, i+1)
		}
		var err error
		switch p {
		case peering.Baidu:
			err = e.seedBaidu(cfg, acct)
		case peering.AlibabaVPC:
			err = e.seedVpcPeer(cfg, acct)
		case peering.AlibabaENS:
			err = e.seedENS(cfg, acct)
		}
		if err != nil {
			return fmt.Errorf("seeding %s for %s: %w", p, acct.Name, err)
		}
	}
	return nil
}

func (e *estate) seedBaidu(cfg config, acct emulator.Account) error {
	for _, r := range cfg.regionsOf(emulator.DefaultBaiduRegions) {
		if _, err := e.srv.Baidu.Seed(acct.ID, r, cfg.connections); err != nil {
			return fmt.Errorf("region %s: %w", r, err)
		}
		// The VPCs the region's VPC listing holds: the account's there.
		vpcs := 0
		for _, v := range e.srv.Baidu.VPCs() {
			if v.AccountID == acct.ID && v.Region == r {
				vpcs++
			}
		}
		ctr := newCountingTransport()
		client, err := baidu.New(baidu.Options{
			Credentials: baidu.Credentials{AccessKeyID: acct.AccessKeyID, SecretAccessKey: acct.Secret},
			Region:      r,
			Endpoint:    e.srv.BaiduEndpoint(r),
			AccountID:   acct.ID,
			HTTPClient:  &http.Client{Transport: ctr, CheckRedirect: noRedirect},
		})
		if err != nil {
			return fmt.Errorf("the adapter for region %s: %w", r, err)
		}
		e.add(client, acct, r, ctr, shape{provider: peering.Baidu, connections: cfg.connections, vpcs: vpcs, latency: cfg.latency})
	}
	return nil
}

func (e *estate) seedVpcPeer(cfg config, acct emulator.Account) error {
	uid, err := strconv.ParseInt(acct.ID, 10, 64)
	if err != nil {
		return fmt.Errorf("account ID %q: %w", acct.ID, err)
	}
	// The flag's limit goes to the adapter as to the emulator (its default,
	// 360 a minute, is the published quota both use); 0 turns both off.
	perMinute := -1
	if cfg.vpcLimit > 0 {
		perMinute = cfg.vpcLimit
	}
	for _, r := range cfg.regionsOf(emulator.DefaultVpcPeerRegions) {
		if _, err := e.srv.Alibaba.SeedVpcPeer(uid, r, cfg.connections); err != nil {
			return fmt.Errorf("region %s: %w", r, err)
		}
		ctr := newCountingTransport()
		client, err := alibabavpc.New(alibabavpc.Options{
			Credentials:    alibabavpc.Credentials{AccessKeyID: acct.AccessKeyID, AccessKeySecret: acct.Secret},
			Region:         r,
			Endpoint:       e.srv.AlibabaEndpoint(),
			AccountID:      acct.ID,
			CallsPerMinute: perMinute,
			Transport:      ctr,
		})
		if err != nil {
			return fmt.Errorf("the adapter for region %s: %w", r, err)
		}
		e.add(client, acct, r, ctr, shape{provider: peering.AlibabaVPC, connections: cfg.connections, latency: cfg.latency,
			perMinute: max(perMinute, 0), burst: alibabavpc.DefaultBurst})
	}
	return nil
}

// seedENS spreads the target's connections over the ENS nodes: the ENS API
// is central, so one target lists an account's connections on every node.
func (e *estate) seedENS(cfg config, acct emulator.Account) error {
	uid, err := strconv.ParseInt(acct.ID, 10, 64)
	if err != nil {
		return fmt.Errorf("account ID %q: %w", acct.ID, err)
	}
	nodes := cfg.regionsOf(emulator.DefaultENSRegions)
	for i, node := range nodes {
		n := cfg.connections / len(nodes)
		if i < cfg.connections%len(nodes) {
			n++
		}
		if _, err := e.srv.Alibaba.SeedENS(uid, node, n); err != nil {
			return fmt.Errorf("node %s: %w", node, err)
		}
	}
	ctr := newCountingTransport()
	client, err := alibabaens.New(alibabaens.Options{
		Credentials: alibabaens.Credentials{AccessKeyID: acct.AccessKeyID, AccessKeySecret: acct.Secret},
		Endpoint:    e.srv.AlibabaEndpoint(),
		AccountID:   acct.ID,
		Transport:   ctr,
	})
	if err != nil {
		return fmt.Errorf("the adapter: %w", err)
	}
	e.add(client, acct, "", ctr, shape{provider: peering.AlibabaENS, connections: cfg.connections, latency: cfg.latency})
	return nil
}

func (e *estate) add(p peering.Peering, acct emulator.Account, region string, ctr *countingTransport, s shape) {
	name := string(p.Provider()) + "/" + acct.Name
	if region != "" {
		name += "/" + region
	}
	e.targets = append(e.targets, &target{
		inv:       inventory.Target{Name: name, Account: acct.Name, Region: region, Peering: p},
		shape:     s,
		floor:     floorOf(s),
		transport: ctr,
	})
}

// emulatorRequests returns the requests the emulator has received.
func (e *estate) emulatorRequests() int64 {
	return e.srv.Baidu.Requests() + e.srv.Alibaba.Requests()
}

// countingTransport is a target's HTTP transport: it counts the requests
// and notes when the first one left, and keeps connections alive like the
// adapters' own transports (enough idle connections for their concurrent
// requests).
type countingTransport struct {
	base     http.RoundTripper
	requests atomic.Int64
	first    atomic.Int64 // Unix nanoseconds of the first request; 0 before
}

func newCountingTransport() *countingTransport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 16
	return &countingTransport{base: t}
}

// RoundTrip implements http.RoundTripper.
func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.first.CompareAndSwap(0, time.Now().UnixNano())
	c.requests.Add(1)
	return c.base.RoundTrip(r)
}

// started returns when the first request left, or the zero time.
func (c *countingTransport) started() time.Time {
	if n := c.first.Load(); n != 0 {
		return time.Unix(0, n)
	}
	return time.Time{}
}

// noRedirect keeps redirects from carrying a signed request elsewhere, as
// the Baidu adapter's own client does.
func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
