package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/inventory"
)

// TestMain lets the test binary serve as peerbench's child processes, as
// the peerbench binary does.
func TestMain(m *testing.M) {
	if mode := os.Getenv(childEnv); mode != "" {
		os.Exit(childMain(mode, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// smallConfig is an estate every test can afford: one account, one region,
// a few pages per target, a latency that makes floors non-zero.
func smallConfig() config {
	return config{
		providers:   []peering.Provider{peering.Baidu, peering.AlibabaVPC, peering.AlibabaENS},
		accounts:    1,
		regions:     1,
		connections: 1500,
		latency:     2 * time.Millisecond,
		vpcLimit:    360,
		concurrency: inventory.DefaultConcurrency,
		seed:        3,
		runs:        1,
	}
}

// Both listers find exactly the seeded connections (runOurs and runPeer
// fail otherwise), ours sends the minimum requests and never beats a
// target's floor (a measurement under a lower bound means the model is
// wrong), and the peer lister's pages of 50 under VpcPeer's limit draw
// throttling answers that it counts and retries.
func TestListersAgainstFloor(t *testing.T) {
	cfg := smallConfig()
	e, err := startEstate(cfg)
	require.NoError(t, err)
	defer e.close()
	require.Len(t, e.targets, 3)

	pt, err := measurePoint(context.Background(), e, cfg, 1, os.Stderr)
	require.NoError(t, err)
	ours, peer := pt.ours[0], pt.peer[0]
	require.Equal(t, 3*cfg.connections, pt.found)
	require.Equal(t, 3*cfg.connections, ours.connections)
	require.Equal(t, 3*cfg.connections, peer.connections)
	for _, tg := range e.targets {
		f, o, p := tg.floor(), ours.targets[tg.spec.Name], peer.targets[tg.spec.Name]
		require.Equal(t, cfg.connections, tg.truth.N, tg.spec.Name)
		require.Equal(t, int64(f.minimum()), o.Requests, tg.spec.Name)
		require.GreaterOrEqual(t, o.Wall, f.duration, tg.spec.Name)
		require.Equal(t, int64(cfg.connections/peerPageSize+p.Throttled), p.Requests, "%s: pages of 50, and each throttled one again", tg.spec.Name)
		if tg.id.provider == peering.AlibabaVPC {
			require.Positive(t, p.Throttled, "30 pages against a burst of 20")
		} else {
			require.Zero(t, p.Throttled, tg.spec.Name)
		}
	}
	require.Equal(t, ours.requests, ours.emulatorRequests, "the emulator saw every request the adapters sent, and no other")
	require.Equal(t, peer.requests, peer.emulatorRequests)
	require.Zero(t, ours.throttled)
	require.Equal(t, peer.targets["alibaba-vpc/alibaba-a/cn-hangzhou"].Throttled, peer.throttled)
	require.GreaterOrEqual(t, ours.listing, pt.floor.duration)
	require.GreaterOrEqual(t, ours.wall, ours.listing)
	require.Positive(t, ours.usage.maxRSS, "the child's peak RSS")
	require.Positive(t, ours.usage.cpu)
	require.LessOrEqual(t, ours.usage.cpu, ours.processCPU, "the CPU until Collect returned, not the benchmark's own check after")
	require.Positive(t, peer.usage.maxRSS, "the peer lister's child's peak RSS")
	require.Positive(t, peer.usage.cpu)
	require.LessOrEqual(t, peer.usage.cpu, peer.processCPU)
	require.Positive(t, ours.serverCPU, "the emulator's CPU while ours ran")
	require.Positive(t, peer.serverCPU)

	var out bytes.Buffer
	printPoint(&out, e, pt)
	for _, want := range []string{"baidu/baidu-a/bj", "alibaba-vpc/alibaba-a/cn-hangzhou", "alibaba-ens/alibaba-a",
		"all targets (listing)", "wall/floor", "minimum", "peer/ours", "throttled", "peak RSS", "per connection",
		"peer process  peak RSS", "emulator      CPU while ours ran"} {
		require.Contains(t, out.String(), want)
	}
}

// The peer lister walks every page of 50 and stops where the listing ends,
// on every provider, whatever the count's relation to the page.
func TestPeerListerFindsEveryConnection(t *testing.T) {
	for _, n := range []int{0, 1, 50, 120} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			cfg := smallConfig()
			cfg.connections, cfg.vpcLimit, cfg.latency = n, 0, 0
			e, err := startEstate(cfg)
			require.NoError(t, err)
			defer e.close()
			res, err := runPeer(context.Background(), e, io.Discard)
			require.NoError(t, err)
			pages := int64(max(1, (n+peerPageSize-1)/peerPageSize))
			for _, tg := range e.targets {
				tr := res.targets[tg.spec.Name]
				require.Equal(t, tg.truth, tr.Found, tg.spec.Name)
				require.Equal(t, n, tr.Found.N, tg.spec.Name)
				require.Equal(t, pages, tr.Requests, tg.spec.Name)
			}
			require.Equal(t, 3*pages, res.emulatorRequests)
			require.Zero(t, res.throttled)
		})
	}
}

// A peak RSS that is getrusage's, for want of /proc in the child, says so
// in the point's report and in the grid's cell; the child's own does not.
func TestUsageSource(t *testing.T) {
	for _, tc := range []struct {
		name     string
		byRusage []bool // one per run
		wantText string
		wantCell string
	}{
		{"own", []bool{false}, "peak RSS 1.0 MiB (the child's own VmHWM)", "1024 B"},
		{"getrusage", []bool{true}, "peak RSS 1.0 MiB (getrusage, which may count this process's size at the child's start)", "1024 B*"},
		{"one run of several", []bool{false, true, false}, "(getrusage,", "1024 B*"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var rs []*result
			for _, b := range tc.byRusage {
				rs = append(rs, &result{usage: usage{maxRSS: 1 << 20, cpu: time.Millisecond}, rssByRusage: b})
			}
			require.Contains(t, usageText(rs, 1024), tc.wantText)
			cell, _ := usageCells(rs, 1024)
			require.Equal(t, tc.wantCell, cell)
		})
	}
}

// A listing that misses, repeats or swaps a connection fails the check.
func TestCheck(t *testing.T) {
	cfg := smallConfig()
	cfg.providers, cfg.connections = []peering.Provider{peering.Baidu}, 3
	e, err := startEstate(cfg)
	require.NoError(t, err)
	defer e.close()
	tg := e.targets[0]
	ids := e.srv.Baidu.PeerConns()
	require.Len(t, ids, 3)
	set := func(ids ...string) map[string]idSet {
		var s idSet
		for _, id := range ids {
			s.add(id)
		}
		return map[string]idSet{tg.spec.Name: s}
	}
	a, b, c := ids[0].ID, ids[1].ID, ids[2].ID
	require.NoError(t, e.check("x", set(c, a, b)), "any order")
	for name, found := range map[string]map[string]idSet{
		"missing":  set(a, b),
		"repeated": set(a, b, c, c),
		"swapped":  set(a, b, a+"0"),
		"none":     {},
	} {
		require.ErrorContains(t, e.check("x", found), "x found", name)
	}
}

// The child emulator serves a seeded listing that the parent streams whole,
// with the heap sampled along the way.
func TestMeasureHeap(t *testing.T) {
	h, err := measureHeap(context.Background(), 2500, 1, os.Stderr)
	require.NoError(t, err)
	require.Equal(t, 2500, h.connections)
	require.Greater(t, h.requests, int64(3), "three pages and the VPC look-ups")
	require.GreaterOrEqual(t, h.peak, h.base)
	require.Positive(t, h.allocated)

	var out bytes.Buffer
	printHeap(&out, h)
	require.Contains(t, out.String(), "over 2500 Baidu connections")
	require.Contains(t, out.String(), "bytes per connection")
}

func TestRun(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"-accounts", "1", "-regions", "1", "-connections", "120", "-latency", "1ms", "-heap", "1200", "-runs", "2"}, &out, &errOut)
	require.Equal(t, 0, code, errOut.String())
	require.Contains(t, out.String(), "estate: 3 targets (baidu 1, alibaba-vpc 1, alibaba-ens 1)")
	require.Contains(t, out.String(), "inventory.Collect")
	require.Contains(t, out.String(), "median of 2 runs")
	require.Contains(t, out.String(), "over 1200 Baidu connections")
}

func TestRunTargets(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"-targets", "4", "-connections", "10", "-latency", "0", "-heap", "0"}, &out, &errOut)
	require.Equal(t, 0, code, errOut.String())
	require.Contains(t, out.String(), "estate: 4 targets (baidu 2, alibaba-vpc 1, alibaba-ens 1)")
	require.NotContains(t, out.String(), "streaming")
}

// -grid prints its header and one row per point, and no heap measurement.
func TestRunGrid(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"-grid", "-grid-points", "2x120@1ms,2x120@0s,3x10@0s"}, &out, &errOut)
	require.Equal(t, 0, code, errOut.String())
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 6, out.String()) // title, blank, heading, three rows
	require.Contains(t, lines[2], "requests ours/min/peer")
	require.Regexp(t, `^\s+2\s+120\s+1ms\s`, lines[3])
	require.Regexp(t, `^\s+2\s+120\s+0s\s`, lines[4])
	require.Regexp(t, `^\s+3\s+10\s+0s\s`, lines[5])
	require.NotContains(t, out.String(), "streaming")
}

func TestFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-accounts", "3"},
		{"-regions", "0"},
		{"-connections", "-1"},
		{"-concurrency", "0"},
		{"-providers", "baidu,aws"},
		{"-providers", "baidu,baidu"},
		{"-runs", "0"},
		{"-targets", "-1"},
		{"-targets", "75"}, // 18 Baidu, 54 VpcPeer and 2 ENS targets at most
		{"-targets", "3", "-providers", "alibaba-ens"},
		{"-grid-points", "2x100"},
		{"-grid", "-grid-points", "2x100@fast"},
		{"-grid", "-grid-points", "100x100"},
		{"extra"},
	} {
		var out, errOut bytes.Buffer
		require.Equal(t, 2, run(context.Background(), args, &out, &errOut), "%v", args)
		require.True(t, strings.HasPrefix(errOut.String(), "peerbench: "), "%v: %s", args, errOut.String())
		require.Empty(t, out.String())
	}
	var out, errOut bytes.Buffer
	require.Equal(t, 0, run(context.Background(), []string{"-h"}, &out, &errOut))
	require.Contains(t, errOut.String(), "-vpcpeer-limit")
}
