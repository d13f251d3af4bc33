package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/peeringkit/peering/inventory"
)

// result is what one inventory run measured.
type result struct {
	targets []targetResult
	// floor is the floor of the whole: the targets' floors scheduled as
	// Collect runs them (in order, concurrency at a time).
	floor time.Duration
	// listing is when the last target finished listing; wall is when
	// Collect returned, merging and analysis included.
	listing, wall time.Duration
	// requests counted by the adapters' transports and by the emulator.
	requests, emulatorRequests int64
	connections                int
	concurrency                int // the bound Collect ran with
}

// targetResult is one target's share.
type targetResult struct {
	*target
	listed   int           // connections the inventory has from it
	requests int64         // requests its adapter sent
	wall     time.Duration // first request to the end of its listing
}

// runInventory collects every target of e through the real adapters and
// measures it. Targets go to Collect longest floor first, so that a bound
// smaller than the number of targets does not leave the longest for last.
func runInventory(ctx context.Context, e *estate, concurrency int) (*result, error) {
	targets := slices.Clone(e.targets)
	slices.SortStableFunc(targets, func(a, b *target) int { return cmp.Compare(b.floor.duration, a.floor.duration) })
	inv := make([]inventory.Target, len(targets))
	floors := make([]time.Duration, len(targets))
	for i, t := range targets {
		inv[i], floors[i] = t.inv, t.floor.duration
	}

	done := make(map[string]time.Time, len(targets)) // written by Progress calls, which Collect serializes
	lastDone := 0
	before := e.emulatorRequests()
	start := time.Now()
	got, err := inventory.Collect(ctx, inv, inventory.Options{
		Concurrency: concurrency,
		Now:         e.srv.Clock.Now,
		Progress: func(p inventory.Progress) {
			if p.Done > lastDone {
				lastDone = p.Done
				done[p.Target] = time.Now()
			}
		},
	})
	wall := time.Since(start)
	if err != nil {
		return nil, fmt.Errorf("collecting the inventory: %w", err)
	}
	if len(got.Errors) > 0 {
		errs := make([]error, len(got.Errors))
		for i, te := range got.Errors {
			errs[i] = fmt.Errorf("%s: %w", te.Target, te.Err)
		}
		return nil, fmt.Errorf("%d of %d targets failed: %w", len(got.Errors), len(inv), errors.Join(errs...))
	}

	listed := make(map[string]int, len(targets))
	for _, r := range got.Records {
		for _, s := range r.SeenBy {
			listed[s.Target]++
		}
	}
	res := &result{
		floor:            schedule(floors, concurrency),
		concurrency:      concurrency,
		wall:             wall,
		emulatorRequests: e.emulatorRequests() - before,
		connections:      len(got.Records),
	}
	for _, t := range targets {
		tr := targetResult{target: t, listed: listed[t.inv.Name], requests: t.transport.requests.Load()}
		if end, ok := done[t.inv.Name]; ok && !t.transport.started().IsZero() {
			tr.wall = end.Sub(t.transport.started())
			res.listing = max(res.listing, end.Sub(start))
		}
		res.requests += tr.requests
		res.targets = append(res.targets, tr)
	}
	return res, nil
}
