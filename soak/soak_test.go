package soak_test

import (
	"flag"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator/fault"
)

var (
	runs     = flag.Int("soak.runs", 6, "seeded runs, the providers in turn")
	duration = flag.Duration("soak.duration", 0, "keep starting runs until this much time has passed (at least -soak.runs runs)")
	seed     = flag.Int64("soak.seed", 1, "seed of the first run; run i uses seed+i")
)

// regressions are seeds of runs that once failed, run every time. Their
// listings are sequential (VpcPeer), so the fault draws replay exactly.
var regressions = []int64{
	// Shifts at the walk's position moved one connection down four pages
	// of one in a row; peering.List forgot it once the page it was first
	// seen on left its window, and listed it twice.
	1166,
	// A shift moved a page's last connection to the next page, and two
	// empty pages came before it: they pushed the page it was first seen
	// on out of peering.List's window, and it was listed twice.
	2264,
}

// providers are soaked in turn.
var providers = []peering.Provider{peering.Baidu, peering.AlibabaVPC, peering.AlibabaENS}

// providerOf returns the provider a seed soaks: seed 1 Baidu, 2 VpcPeer,
// 3 ENS, 4 Baidu again, and so on. It follows from the seed alone so that
// -soak.seed replays any run.
func providerOf(seed int64) peering.Provider {
	n := int64(len(providers))
	return providers[((seed-1)%n+n)%n]
}

// TestSoak runs the seeded runs (see the package documentation for what
// each checks) and logs what they went through.
func TestSoak(t *testing.T) {
	if *runs < 1 {
		t.Fatalf("-soak.runs=%d: want at least one run", *runs)
	}
	start := time.Now()
	var sum summary
	run := func(s int64) {
		p := providerOf(s)
		var out outcome
		ok := t.Run(fmt.Sprintf("seed=%d/%s", s, p), func(t *testing.T) {
			out = soakRun(t, s, p)
			t.Logf("%d listed, list %s; creates %d ok, failed: %s (%d left a connection), answers lost: %d; faults %s",
				out.listed, orDone(out.listErr), out.createOK, codes(out.createErr), out.orphans, out.lostWrite, kinds(out.fired))
		})
		sum.add(out, ok)
	}
	for _, s := range regressions {
		run(s)
	}
	for i := 0; i < *runs || time.Since(start) < *duration; i++ {
		run(*seed + int64(i))
	}
	t.Logf("%d runs in %v (%d with a client-side filter), %d failed: %d listings complete, ended with: %s; creates %d ok, failed: %s; faults fired: %s",
		sum.runs, time.Since(start).Round(time.Millisecond), sum.filtered, sum.failed, sum.complete, codes(sum.listErr),
		sum.createOK, codes(sum.createErr), kinds(sum.fired))

	// The soak must have soaked: faults fired during the listings, and
	// some listings got through them (each run checks its creates met a
	// lost answer).
	if sum.complete == 0 {
		t.Error("no listing completed: the soak checked nothing for loss")
	}
	if sum.listFaults == 0 {
		t.Error("no fault fired during the listings")
	}
	if sum.filtered == 0 && sum.runs >= 8 {
		t.Error("no listing ran with a client-side filter")
	}
}

// summary adds up the runs.
type summary struct {
	runs, failed, complete int
	filtered               int // runs whose listing had a client-side filter
	listErr                map[peering.ErrorCode]int
	createOK               int
	createErr              map[peering.ErrorCode]int
	fired                  map[fault.Kind]int
	listFaults             int // faults that fired during the listings
}

func (s *summary) add(o outcome, ok bool) {
	if s.listErr == nil {
		s.listErr, s.createErr, s.fired = map[peering.ErrorCode]int{}, map[peering.ErrorCode]int{}, map[fault.Kind]int{}
	}
	s.runs++
	if !ok {
		s.failed++
	}
	if o.filtered {
		s.filtered++
	}
	if o.listErr == peering.OK {
		s.complete++
	} else {
		s.listErr[o.listErr]++
	}
	s.createOK += o.createOK
	for c, n := range o.createErr {
		s.createErr[c] += n
	}
	for k, n := range o.fired {
		s.fired[k] += n
	}
	s.listFaults += o.listFaults
}

func orDone(c peering.ErrorCode) string {
	if c == peering.OK {
		return "complete"
	}
	return "ended " + c.String()
}

// codes formats error counts by code.
func codes(m map[peering.ErrorCode]int) string {
	var parts []string
	for _, c := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%v %d", c, m[c]))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// kinds formats fault counts in the injector's order of kinds.
func kinds(m map[fault.Kind]int) string {
	var parts []string
	for _, k := range fault.Kinds() {
		if m[k] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if !slices.Contains(fault.Kinds(), k) {
			parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
