package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// The grid of issue 13: every target count with every connection count per
// target, at both latencies.
var (
	gridTargets     = []int{2, 14, 60}
	gridConnections = []int{100, 2000, 20000}
	gridLatencies   = []time.Duration{20 * time.Millisecond, 50 * time.Millisecond}
)

// gridPoint is one estate of the grid at one latency.
type gridPoint struct {
	targets, connections int
	latency              time.Duration
}

func (g gridPoint) String() string {
	return fmt.Sprintf("%dx%d@%v", g.targets, g.connections, g.latency)
}

// fullGrid returns every point of the grid, estate by estate.
func fullGrid() []gridPoint {
	var out []gridPoint
	for _, t := range gridTargets {
		for _, c := range gridConnections {
			for _, l := range gridLatencies {
				out = append(out, gridPoint{t, c, l})
			}
		}
	}
	return out
}

// parseGridPoints parses -grid-points: comma-separated TARGETSxCONNECTIONS
// with an optional @LATENCY ("14x2000@50ms"); without one, the point is
// taken at both of the grid's latencies. "×" may stand for "x".
func parseGridPoints(s string) ([]gridPoint, error) {
	var out []gridPoint
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		spec, lat, hasLat := strings.Cut(item, "@")
		ts, cs, ok := strings.Cut(strings.ReplaceAll(spec, "×", "x"), "x")
		if !ok {
			return nil, fmt.Errorf("grid point %q: want TARGETSxCONNECTIONS[@LATENCY], like 14x2000@20ms", item)
		}
		t, err := strconv.Atoi(ts)
		if err != nil || t < 1 {
			return nil, fmt.Errorf("grid point %q: targets %q: want a whole number from 1", item, ts)
		}
		c, err := strconv.Atoi(strings.ReplaceAll(cs, "_", ""))
		if err != nil || c < 0 {
			return nil, fmt.Errorf("grid point %q: connections %q: want a whole number from 0", item, cs)
		}
		lats := gridLatencies
		if hasLat {
			d, err := time.ParseDuration(lat)
			if err != nil || d < 0 {
				return nil, fmt.Errorf("grid point %q: latency %q: want a duration like 20ms", item, lat)
			}
			lats = []time.Duration{d}
		}
		for _, d := range lats {
			out = append(out, gridPoint{t, c, d})
		}
	}
	return out, nil
}

// runGrid measures each point and prints its row as soon as it is done.
// Points of one estate in a row (the same targets and connections) share
// its seeding: only the latency changes between them.
func runGrid(ctx context.Context, cfg config, stdout, stderr io.Writer) error {
	printGridHeader(stdout, cfg)
	var e *estate
	defer func() {
		if e != nil {
			e.close()
		}
	}()
	var seeded gridPoint
	for _, gp := range cfg.gridPoints {
		if e == nil || gp.targets != seeded.targets || gp.connections != seeded.connections {
			if e != nil {
				e.close()
				e = nil
			}
			c := cfg
			c.targets, c.connections, c.latency = gp.targets, gp.connections, gp.latency
			var err error
			if e, err = startEstate(c); err != nil {
				return fmt.Errorf("grid point %v: %w", gp, err)
			}
			seeded = gp
		}
		e.setLatency(gp.latency)
		c := cfg
		c.connections = gp.connections
		pt, err := measurePoint(ctx, e, c, cfg.runs, stderr)
		if err != nil {
			return fmt.Errorf("grid point %v: %w", gp, err)
		}
		printGridRow(stdout, pt)
	}
	return nil
}
