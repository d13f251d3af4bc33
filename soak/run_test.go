package soak_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/emulator/fault"
)

// runTimeout bounds one run: retries back off for at most a few seconds per
// call, so a run that takes longer is stuck.
const runTimeout = 2 * time.Minute

// creates is how many connections each run creates under write faults.
const creates = 3

// outcome is what one run saw, for the summary.
type outcome struct {
	listed     int
	listErr    peering.ErrorCode // OK when the listing completed
	createOK   int
	createErr  map[peering.ErrorCode]int
	orphans    int  // failed creates that left their connection behind
	lostWrite  int  // create answers dropped after the write committed
	listFaults int  // faults that fired during the listing
	filtered   bool // the listing had a client-side filter
	fired      map[fault.Kind]int
}

// soakRun runs one seeded run against provider p and checks it.
func soakRun(t *testing.T, seed int64, p peering.Provider) outcome {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x50a4))
	srv, err := emulator.Start(emulator.Options{
		Seed:           seed,
		Connections:    5 + rng.IntN(20), // generated: cross-account ones among them
		NoRateLimits:   true,             // throttling comes from the fault mix
		BaiduRegions:   []string{baiduRegion},
		VpcPeerRegions: []string{vpcPeerRegion},
		ENSRegions:     []string{ensNode},
	})
	if err != nil {
		t.Fatalf("starting the emulator: %v", err)
	}
	defer srv.Close()
	c, err := newCloud(srv, p, seed)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.seed(50 + rng.IntN(200)); err != nil {
		t.Fatalf("seeding: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	adapter := c.adapter(t)

	out := outcome{createErr: make(map[peering.ErrorCode]int)}
	// Small pages, a dozen or more: more pages meet more pathologies.
	size := c.minPage() + rng.IntN(max(1, len(c.visible())/12-c.minPage()+1))
	f := listFilter(rng, c)
	f.PageSize = size
	out.filtered = filtered(f)
	var matchedBefore map[string]bool
	if out.filtered {
		matchedBefore = matching(t, ctx, adapter, f)
	}
	for _, r := range listFaults(rng, p) {
		srv.Faults.Add(r)
	}
	seen, listErr := checkList(t, ctx, adapter, c, f)
	out.listed, out.listErr = len(seen), peering.Code(listErr)

	listFired := srv.Faults.Fired()
	for _, n := range listFired {
		out.listFaults += n
	}
	// A listing may end with Internal only where the server broke the
	// listing's own promises: an endless walk, or a total its pages
	// contradict. On ENS's numbered pages, fetched several at a time, an
	// item repeated or a page cut short moves the items after it, so those
	// contradict the total too (and the listing says so rather than come
	// back short).
	lies := listFired[fault.CycleTokens] + listFired[fault.TotalLow] + listFired[fault.TotalHigh]
	if p == peering.AlibabaENS {
		lies += listFired[fault.RepeatLater] + listFired[fault.ShortPages]
	}
	if out.listErr == peering.Internal && lies == 0 {
		t.Errorf("the listing ended with %v, though no fault made the listing lie", listErr)
	}
	srv.Faults.Clear()
	if listErr == nil && out.filtered {
		// Statuses move on the emulator's clock: what matched both before
		// and after the listing matched throughout, and must be there.
		for id := range matching(t, ctx, adapter, f) {
			if matchedBefore[id] && !seen[id] {
				t.Errorf("connection %s matches the filter throughout but was not listed", id)
			}
		}
	}
	for _, r := range createFaults(rng, p, c.createOp()) {
		srv.Faults.Add(r)
	}
	dropped := srv.Faults.Fired()[fault.DropResponse]
	checkCreates(t, ctx, adapter, c, seed, &out)
	srv.Faults.Clear()
	out.fired = srv.Faults.Fired()
	out.lostWrite = out.fired[fault.DropResponse] - dropped
	if out.lostWrite == 0 {
		t.Error("no create lost its answer: the write faults did not fire")
	}
	return out
}

// listFaults draws the run's mix for the listing: each kind fires with a
// probability of its own on every request (pagination kinds on every page).
// The HTTP kinds together stay under about one attempt in three, so that
// the adapters' six attempts nearly always get through: a listing that ends
// in an error is allowed, but should be the exception that shows how.
func listFaults(rng *rand.Rand, p peering.Provider) []fault.Rule {
	prob := func(lo, hi float64) float64 { return lo + rng.Float64()*(hi-lo) }
	prov := string(p)
	rules := []fault.Rule{
		{Provider: prov, Kind: fault.Latency, Probability: prob(0.05, 0.3),
			Latency: time.Duration(1+rng.IntN(5)) * time.Millisecond, Jitter: time.Millisecond},
		{Provider: prov, Kind: fault.ServerError, Probability: prob(0.01, 0.06), Status: []int{500, 502, 503}[rng.IntN(3)]},
		{Provider: prov, Kind: fault.Throttle, Probability: prob(0.01, 0.06)},
		{Provider: prov, Kind: fault.Reset, Probability: prob(0.01, 0.05)},
		{Provider: prov, Kind: fault.DropResponse, Probability: prob(0.01, 0.05)},
		{Provider: prov, Kind: fault.Truncate, Probability: prob(0.01, 0.05)},
		{Provider: prov, Kind: fault.RepeatMarker, Probability: prob(0.01, 0.06)},
		{Provider: prov, Kind: fault.EmptyPage, Probability: prob(0.01, 0.08)},
		{Provider: prov, Kind: fault.ShiftItems, Probability: prob(0.01, 0.08)},
	}
	// The pathologies that only exact de-duplication and progress checks
	// survive: an item repeated pages later, capped pages, a lying or
	// missing total, and, rarely, fresh tokens over content that never ends
	// (the listing must then end by itself, with Internal).
	for _, r := range fault.ListPathologies(prov, prob(0.01, 0.06)) {
		if r.Kind == fault.CycleTokens {
			r.Probability /= 4
		}
		rules = append(rules, r)
	}
	return rules
}

// createFaults aims the write faults at the create call: the first attempt
// of the run's creates always loses its answer after committing, and every
// attempt may be reset, answered 5xx or lose its answer too.
func createFaults(rng *rand.Rand, p peering.Provider, op string) []fault.Rule {
	prob := func(lo, hi float64) float64 { return lo + rng.Float64()*(hi-lo) }
	prov := string(p)
	return []fault.Rule{
		{Provider: prov, Operation: op, Kind: fault.DropResponse, Count: 1},
		{Provider: prov, Operation: op, Kind: fault.Reset, Probability: prob(0.05, 0.15)},
		{Provider: prov, Operation: op, Kind: fault.ServerError, Probability: prob(0.05, 0.15)},
		{Provider: prov, Operation: op, Kind: fault.DropResponse, Probability: prob(0.1, 0.3)},
		{Provider: prov, Kind: fault.Latency, Probability: prob(0.1, 0.5), Latency: time.Millisecond, Jitter: time.Millisecond},
	}
}

// listFilter draws the run's filter: none in half the runs, else one that
// the client applies after the walk (several IDs, or statuses), which a
// listing must not mistake for a stalled one.
func listFilter(rng *rand.Rand, c cloud) peering.Filter {
	switch rng.IntN(4) {
	case 0:
		var ids []string
		for id := range c.visible() {
			if rng.IntN(4) == 0 || len(ids) < 2 {
				ids = append(ids, id)
			}
		}
		return peering.Filter{IDs: ids}
	case 1:
		all := peering.Statuses()
		rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
		return peering.Filter{Status: all[:1+rng.IntN(3)]}
	}
	return peering.Filter{}
}

// filtered reports whether listFilter drew a filter.
func filtered(f peering.Filter) bool { return len(f.IDs) > 0 || len(f.Status) > 0 }

// checkList lists through peering.List with the faults on and checks the
// result against the world before and after: nothing yielded twice,
// nothing that never existed or that the filter does not match, a portable
// code on error, and when an unfiltered listing completes, everything that
// existed throughout.
func checkList(t *testing.T, ctx context.Context, p peering.Peering, c cloud, f peering.Filter) (map[string]bool, error) {
	t.Helper()
	before := c.visible()
	seen := make(map[string]bool)
	var listErr error
	for conn, err := range peering.List(ctx, p, f) {
		if err != nil {
			listErr = err
			break
		}
		if seen[conn.ID] {
			t.Errorf("connection %s listed twice", conn.ID)
		}
		if !f.Match(conn) {
			t.Errorf("connection %s (%s) listed though the filter does not match it", conn.ID, conn.Status)
		}
		seen[conn.ID] = true
	}
	after := c.visible()
	for id := range seen {
		if !before[id] && !after[id] {
			t.Errorf("connection %s listed but never in the world", id)
		}
	}
	if listErr != nil {
		requirePortable(t, "List", listErr)
		return seen, listErr
	}
	if filtered(f) {
		return seen, nil // checkFiltered compares it once the faults are off
	}
	lost := 0
	for id := range before {
		if after[id] && !seen[id] {
			lost++
			if lost <= 5 {
				t.Errorf("connection %s existed throughout but was not listed", id)
			}
		}
	}
	if lost > 0 {
		t.Errorf("%d of %d connections lost (page size %d)", lost, len(before), f.PageSize)
	}
	return seen, nil
}

// matching lists without faults and returns the IDs that f matches.
func matching(t *testing.T, ctx context.Context, p peering.Peering, f peering.Filter) map[string]bool {
	t.Helper()
	all, err := peering.Collect(ctx, p, peering.Filter{})
	if err != nil {
		t.Fatalf("listing without faults: %v", err)
	}
	out := make(map[string]bool)
	for _, c := range all {
		if f.Match(c) {
			out[c.ID] = true
		}
	}
	return out
}

// checkCreates creates connections under the write faults and checks that
// each leaves exactly one connection when it succeeds (the one it named)
// and at most one when it fails.
func checkCreates(t *testing.T, ctx context.Context, p peering.Peering, c cloud, seed int64, out *outcome) {
	t.Helper()
	hub, spokes, err := c.networks(creates)
	if err != nil {
		t.Fatalf("making networks: %v", err)
	}
	for i, spoke := range spokes {
		name := fmt.Sprintf("soak-%d-%d", seed, i)
		req := peering.CreateRequest{LocalNetworkID: hub, PeerNetworkID: spoke}
		c.label(&req, name)
		if p.Capabilities().CreateNeedsBandwidth {
			req.Bandwidth = peering.Mbps(10)
		}
		id, err := p.Create(ctx, req)
		made := c.named(name)
		switch {
		case err == nil && (len(made) != 1 || made[0] != id):
			t.Errorf("create %s returned %s; the world has %v", name, id, made)
		case err == nil:
			out.createOK++
		default:
			requirePortable(t, "Create", err)
			out.createErr[peering.Code(err)]++
			if len(made) > 1 {
				t.Errorf("failed create %s left %d connections: %v", name, len(made), made)
			}
			out.orphans += len(made)
		}
	}
}

// requirePortable fails t unless err carries a portable code.
func requirePortable(t *testing.T, op string, err error) {
	t.Helper()
	if code := peering.Code(err); code == peering.OK || code == peering.Unknown {
		t.Errorf("%s error without a portable code (%v): %v", op, code, err)
	}
}
