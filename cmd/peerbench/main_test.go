package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering"
)

// TestMain lets the test binary serve as the heap measurement's child
// emulator, as the peerbench binary does.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(serveChild(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
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
		concurrency: 2,
		seed:        3,
	}
}

// Every seeded connection is listed once, each target sends exactly the
// requests its floor counts, and no target beats its floor: the floor is a
// lower bound, so a measurement under it means the model is wrong.
func TestInventoryAgainstFloor(t *testing.T) {
	cfg := smallConfig()
	e, err := startEstate(cfg)
	require.NoError(t, err)
	defer e.close()
	require.Len(t, e.targets, 3)

	res, err := runInventory(context.Background(), e, cfg.concurrency)
	require.NoError(t, err)
	require.Equal(t, 3*cfg.connections, res.connections)
	for _, tr := range res.targets {
		require.Equal(t, cfg.connections, tr.listed, tr.inv.Name)
		require.Equal(t, int64(tr.floor.requests()), tr.requests, tr.inv.Name)
		require.GreaterOrEqual(t, tr.wall, tr.floor.duration, tr.inv.Name)
	}
	require.Equal(t, res.requests, res.emulatorRequests, "the emulator saw every request the adapters sent, and no other")
	require.GreaterOrEqual(t, res.listing, res.floor)
	require.GreaterOrEqual(t, res.wall, res.listing)

	var out bytes.Buffer
	printInventory(&out, res)
	for _, want := range []string{"baidu/baidu-a/bj", "alibaba-vpc/alibaba-a/cn-hangzhou", "alibaba-ens/alibaba-a", "all targets, listing", "wall/floor"} {
		require.Contains(t, out.String(), want)
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
	code := run(context.Background(), []string{"-accounts", "1", "-regions", "1", "-connections", "120", "-latency", "1ms", "-heap", "1200"}, &out, &errOut)
	require.Equal(t, 0, code, errOut.String())
	require.Contains(t, out.String(), "estate: 3 targets (baidu 1, alibaba-vpc 1, alibaba-ens 1)")
	require.Contains(t, out.String(), "inventory.Collect")
	require.Contains(t, out.String(), "over 1200 Baidu connections")
}

func TestFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-accounts", "3"},
		{"-regions", "0"},
		{"-connections", "-1"},
		{"-concurrency", "0"},
		{"-providers", "baidu,aws"},
		{"-providers", "baidu,baidu"},
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
