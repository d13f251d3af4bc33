package main

import (
	"fmt"
	"hash/fnv"
	"net/http"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/emulator/fault"
)

// emulatorBurst is the burst of the emulator's VpcPeer rate limit, as
// emulator.Start sets it. The floor uses it, being the server's; the
// adapter's own burst (alibabavpc.DefaultBurst) is smaller, so that it never
// draws a throttling answer, and what that costs shows as wall/floor.
const emulatorBurst = 20

// target is one listing of the benchmark: how to reach it, what was seeded
// for it, and which connections it must find.
type target struct {
	id    targetID
	spec  targetSpec
	shape shape
	truth idSet // the emulator's connections the target's account sees in its region
}

func (t *target) floor() floor { return floorOf(t.shape) }

// targetSpec is what a lister needs to reach one target: it crosses to the
// child process that runs inventory.Collect, so it is plain data. The keys
// are the emulator's throwaway sandbox keys.
type targetSpec struct {
	Name        string           `json:"name"`
	Provider    peering.Provider `json:"provider"`
	Account     string           `json:"account"` // the emulator's account name
	AccountID   string           `json:"accountId"`
	AccessKeyID string           `json:"accessKeyId"`
	Secret      string           `json:"secret"`
	Region      string           `json:"region,omitempty"`
	// Endpoint is the Baidu region's URL, or the Alibaba host:port.
	Endpoint string `json:"endpoint"`
	// CallsPerMinute is the VpcPeer adapter's client-side limit (-1: none).
	CallsPerMinute int `json:"callsPerMinute,omitempty"`
}

// estate is a running emulator seeded for the benchmark, and its targets.
type estate struct {
	srv      *emulator.Server
	targets  []*target
	vpcLimit int // VpcPeer calls a minute per API, account and region; 0 = none
}

// startEstate picks the targets cfg asks for, starts an emulator serving
// their regions with cfg's latency and rate limit, seeds every target with
// cfg.connections connections, and notes what each must find.
func startEstate(cfg config) (*estate, error) {
	regions := cfg.regions
	if cfg.targets > 0 {
		regions = 0 // -targets picks among every known region
	}
	ids, err := pickTargets(cfg.targets, cfg.providers, cfg.accounts, regions)
	if err != nil {
		return nil, err
	}
	nodes := emulator.DefaultENSRegions
	if regions > 0 {
		nodes = nodes[:min(regions, len(nodes))]
	}
	srv, err := emulator.Start(emulator.Options{
		Seed:           cfg.seed,
		Latency:        cfg.latency,
		NoRateLimits:   true, // set below from the flag
		BaiduRegions:   regionsOf(ids, peering.Baidu),
		VpcPeerRegions: regionsOf(ids, peering.AlibabaVPC),
		ENSRegions:     nodes,
	})
	if err != nil {
		return nil, fmt.Errorf("starting the emulator: %w", err)
	}
	e := &estate{srv: srv, vpcLimit: cfg.vpcLimit}
	e.resetLimits()
	for _, id := range ids {
		if err := e.seed(cfg, id, nodes); err != nil {
			e.close()
			return nil, fmt.Errorf("seeding %s: %w", id.name(), err)
		}
	}
	e.noteTruth()
	return e, nil
}

func (e *estate) close() { _ = e.srv.Close() }

// regionsOf returns the distinct regions of a provider's targets, in order.
func regionsOf(ids []targetID, p peering.Provider) []string {
	var out []string
	for _, id := range ids {
		if id.provider == p && !slices.Contains(out, id.region) {
			out = append(out, id.region)
		}
	}
	return out
}

// resetLimits gives every VpcPeer bucket its full burst again, so that each
// lister starts as the floor assumes, not with what the last one left.
func (e *estate) resetLimits() {
	if e.vpcLimit > 0 {
		e.srv.Faults.SetLimit(string(peering.AlibabaVPC), "", fault.Limit{Calls: e.vpcLimit, Per: time.Minute, Burst: emulatorBurst})
	}
}

// setLatency changes the latency of every request and the floors with it:
// a grid point's latencies share one seeded estate.
func (e *estate) setLatency(d time.Duration) {
	e.srv.Faults.SetLatency(d)
	for _, t := range e.targets {
		t.shape.latency = d
	}
}

// seed seeds one target and adds it.
func (e *estate) seed(cfg config, id targetID, nodes []string) error {
	acct, ok := e.srv.Account(id.accountName())
	if !ok {
		return fmt.Errorf("the emulator has no account %s", id.accountName())
	}
	t := &target{
		id: id,
		spec: targetSpec{Name: id.name(), Provider: id.provider, Account: acct.Name, AccountID: acct.ID,
			AccessKeyID: acct.AccessKeyID, Secret: acct.Secret, Region: id.region},
		shape: shape{provider: id.provider, connections: cfg.connections, latency: cfg.latency},
	}
	switch id.provider {
	case peering.Baidu:
		if _, err := e.srv.Baidu.Seed(acct.ID, id.region, cfg.connections); err != nil {
			return err
		}
		t.spec.Endpoint = e.srv.BaiduEndpoint(id.region)
	case peering.AlibabaVPC:
		uid, err := strconv.ParseInt(acct.ID, 10, 64)
		if err != nil {
			return fmt.Errorf("account ID %q: %w", acct.ID, err)
		}
		if _, err := e.srv.Alibaba.SeedVpcPeer(uid, id.region, cfg.connections); err != nil {
			return err
		}
		t.spec.Endpoint = e.srv.AlibabaEndpoint()
		// The flag's limit goes to the adapter as to the emulator (its
		// default, 360 a minute, is the published quota); 0 turns both off.
		t.spec.CallsPerMinute = -1
		if cfg.vpcLimit > 0 {
			t.spec.CallsPerMinute = cfg.vpcLimit
			t.shape.perMinute, t.shape.burst = cfg.vpcLimit, emulatorBurst
		}
	case peering.AlibabaENS:
		uid, err := strconv.ParseInt(acct.ID, 10, 64)
		if err != nil {
			return fmt.Errorf("account ID %q: %w", acct.ID, err)
		}
		// The ENS API is central: one target lists an account's
		// connections on every node, so they are spread over the nodes.
		for i, node := range nodes {
			n := cfg.connections / len(nodes)
			if i < cfg.connections%len(nodes) {
				n++
			}
			if _, err := e.srv.Alibaba.SeedENS(uid, node, n); err != nil {
				return fmt.Errorf("node %s: %w", node, err)
			}
		}
		t.spec.Endpoint = e.srv.AlibabaEndpoint()
	}
	e.targets = append(e.targets, t)
	return nil
}

// noteTruth reads back from the emulator which connections each target's
// account sees in its region (ENS: anywhere), and for Baidu how many VPCs
// the region's VPC listing holds. The listers are judged against this, not
// against what was asked of the seeding.
func (e *estate) noteTruth() {
	type key struct {
		provider        peering.Provider
		account, region string
	}
	byKey := make(map[key]*target, len(e.targets))
	for _, t := range e.targets {
		byKey[key{t.id.provider, t.spec.AccountID, t.id.region}] = t
	}
	// see adds id to the targets of both ends, once when they are one.
	see := func(id string, a, b key) {
		if t := byKey[a]; t != nil {
			t.truth.add(id)
		}
		if t := byKey[b]; t != nil && b != a {
			t.truth.add(id)
		}
	}
	for _, pc := range e.srv.Baidu.PeerConns() {
		see(pc.ID, key{peering.Baidu, pc.Initiator.AccountID, pc.Initiator.Region},
			key{peering.Baidu, pc.Acceptor.AccountID, pc.Acceptor.Region})
	}
	for _, v := range e.srv.Baidu.VPCs() {
		if t := byKey[key{peering.Baidu, v.AccountID, v.Region}]; t != nil {
			t.shape.vpcs++
		}
	}
	uid := func(n int64) string { return strconv.FormatInt(n, 10) }
	for _, c := range e.srv.Alibaba.VpcPeerConnections() {
		see(c.InstanceID, key{peering.AlibabaVPC, uid(c.OwnerUID), c.RegionID},
			key{peering.AlibabaVPC, uid(c.AcceptingOwnerUID), c.AcceptingRegionID})
	}
	for _, c := range e.srv.Alibaba.NetworkPeerConnections() {
		k := key{peering.AlibabaENS, uid(c.OwnerUID), ""}
		see(c.InstanceID, k, k)
	}
}

// specs returns the targets' specs, in order.
func (e *estate) specs() []targetSpec {
	out := make([]targetSpec, len(e.targets))
	for i, t := range e.targets {
		out[i] = t.spec
	}
	return out
}

// counters returns the requests the emulator has received and the
// throttling answers it has sent so far. Listers run one after another, so
// the difference across a run is that run's.
func (e *estate) counters() (requests int64, throttled int) {
	return e.srv.Baidu.Requests() + e.srv.Alibaba.Requests(), e.srv.Faults.Fired()[fault.Throttle]
}

// check compares what a lister found per target with the emulator's truth.
func (e *estate) check(lister string, found map[string]idSet) error {
	for _, t := range e.targets {
		if got := found[t.spec.Name]; got != t.truth {
			return fmt.Errorf("%s found %d connections for %s, the emulator has %d (or not the same ones)",
				lister, got.N, t.spec.Name, t.truth.N)
		}
	}
	return nil
}

// idSet stands for a set of connection IDs by their count and the sum of
// their hashes, so that two listings compare without holding either: one
// missing, extra or repeated ID changes the count, and one ID swapped for
// another changes the sum but for a 2^-64 chance.
type idSet struct {
	N   int    `json:"n"`
	Sum uint64 `json:"sum"`
}

func (s *idSet) add(id string) {
	h := fnv.New64a()
	_, _ = h.Write([]byte(id))
	s.N++
	s.Sum += h.Sum64()
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
