package main

import (
	"context"
	"io"
	"os"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering"
)

// A child's peak RSS is its own: getrusage's figure for a child counts the
// parent's resident set when the child started (Go starts children with
// vfork, so the child's exec leaves the parent's high-water mark in the
// child's ru_maxrss), and would make a small lister as big as the
// emulator holding the estate. The parent here holds 300 MiB, resident,
// outside the Go heap (so that the race detector shadows none of it), and
// each lister's child must report far less.
func TestChildPeakRSSIsItsOwn(t *testing.T) {
	const held = 300 << 20
	buf, err := syscall.Mmap(-1, 0, held, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	require.NoError(t, err)
	defer func() { require.NoError(t, syscall.Munmap(buf)) }()
	for i := 0; i < len(buf); i += os.Getpagesize() {
		buf[i] = 1 // resident
	}
	require.GreaterOrEqual(t, procStatus("VmRSS"), uint64(held), "the parent holds the buffer")

	cfg := smallConfig()
	cfg.providers, cfg.connections, cfg.latency, cfg.vpcLimit = []peering.Provider{peering.Baidu}, 10, 0, 0
	e, err := startEstate(cfg)
	require.NoError(t, err)
	defer e.close()
	for _, tc := range []struct {
		lister string
		run    func() (*result, error)
	}{
		{"ours", func() (*result, error) { return runOurs(context.Background(), e, cfg, io.Discard) }},
		{"peer", func() (*result, error) { return runPeer(context.Background(), e, io.Discard) }},
	} {
		t.Run(tc.lister, func(t *testing.T) {
			res, err := tc.run()
			require.NoError(t, err)
			require.False(t, res.rssByRusage, "the child read its own VmHWM")
			require.Positive(t, res.usage.maxRSS)
			require.Less(t, res.usage.maxRSS, uint64(held/2), "the child's own peak, not the parent's")
			require.Contains(t, usageText([]*result{res}, 10), "(the child's own VmHWM)")
		})
	}
}
