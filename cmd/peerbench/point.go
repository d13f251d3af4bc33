package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"time"
)

// point is one estate at one latency, measured runs times: each run lists
// it with inventory.Collect (ours), then with the peer lister, then with
// -peerctl's program when given, each starting with full rate-limit
// buckets.
type point struct {
	targets     int
	connections int // per target
	latency     time.Duration
	floor       floor // of the estate
	minimum     int   // requests, over every target
	found       int   // connections over every target, as the emulator has them
	ours, peer  []*result
	peerctl     []*result // none without -peerctl
}

// measurePoint measures the estate as it stands (its latency set).
func measurePoint(ctx context.Context, e *estate, cfg config, runs int, stderr io.Writer) (*point, error) {
	floors := make([]floor, len(e.targets))
	pt := &point{targets: len(e.targets), connections: cfg.connections, latency: e.targets[0].shape.latency}
	for i, t := range e.targets {
		floors[i] = t.floor()
		pt.minimum += floors[i].minimum()
		pt.found += t.truth.N
	}
	pt.floor = estateFloor(floors)
	for run := range runs {
		ours, err := runOurs(ctx, e, cfg, stderr)
		if err != nil {
			return nil, fmt.Errorf("run %d: %w", run+1, err)
		}
		peer, err := runPeer(ctx, e, stderr)
		if err != nil {
			return nil, fmt.Errorf("run %d: %w", run+1, err)
		}
		pt.ours, pt.peer = append(pt.ours, ours), append(pt.peer, peer)
		if cfg.peerctl != "" {
			pc, err := runPeerctl(ctx, e, cfg, stderr)
			if err != nil {
				return nil, fmt.Errorf("run %d: %w", run+1, err)
			}
			pt.peerctl = append(pt.peerctl, pc)
		}
	}
	return pt, nil
}

// spread is the median of a measure over the runs, and its range.
type spread[T cmp.Ordered] struct{ median, low, high T }

// spreadOf returns the spread of f over rs; the median of an even count is
// the lower middle, so that it is always a value measured.
func spreadOf[T cmp.Ordered](rs []*result, f func(*result) T) spread[T] {
	vs := make([]T, len(rs))
	for i, r := range rs {
		vs[i] = f(r)
	}
	slices.Sort(vs)
	if len(vs) == 0 {
		return spread[T]{}
	}
	return spread[T]{median: vs[(len(vs)-1)/2], low: vs[0], high: vs[len(vs)-1]}
}

func wallOf(r *result) time.Duration      { return r.wall }
func requestsOf(r *result) int64          { return r.emulatorRequests }
func throttledOf(r *result) int           { return r.throttled }
func rssOf(r *result) uint64              { return r.usage.maxRSS }
func cpuOf(r *result) time.Duration       { return r.usage.cpu }
func listingOf(r *result) time.Duration   { return r.listing }
func serverCPUOf(r *result) time.Duration { return r.serverCPU }
