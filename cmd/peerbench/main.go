// Command peerbench measures how close a cross-cloud inventory comes to the
// true floor of its estate, how it compares with a lister written the way
// existing inventory tools work, and how much memory and CPU it takes.
//
//	go run ./cmd/peerbench                           # 14 targets of 2,000, then the heap of 1,000,000 streamed connections
//	go run ./cmd/peerbench -heap 0 -targets 60 -latency 50ms -runs 3
//	go run ./cmd/peerbench -grid -grid-points 2x2000,14x2000@20ms
//	go run ./cmd/peerbench -grid                     # the whole grid of issue 13: long
//
// It starts the emulator with a latency on every request and VpcPeer's
// documented rate limit (360 calls a minute per API, account and region;
// the emulator's burst is 20), seeds every target (provider, account,
// region; ENS: provider and account, spread over its nodes) with the same
// number of connections, and lists the estate twice, one lister after the
// other, each starting with full rate-limit buckets:
//
//   - ours: inventory.Collect through the real adapters (opened by package
//     targets, as every program of the module opens them), in a child process,
//     so that its peak resident memory and CPU time are the inventory's
//     alone;
//   - the peer lister (see peer.go): every target at once, pages of 50 one
//     after another through the official SDKs (bce-sdk-go, the Alibaba
//     SDK's CommonRequest), no client-side limit, a one-second sleep on
//     throttling: the pattern of Steampipe's plugins. It too runs in a
//     child process, so that both listers are measured alike.
//
// Each must find exactly the connections the emulator holds for each
// target, or the run fails. It prints per target and in all: connections,
// the floor, the minimum requests, each lister's requests and wall time,
// wall/floor, throttled calls and peer/ours; then each lister's peak RSS
// and CPU per connection, and the CPU the emulator (this process) spent
// serving each, which on a machine it shares with the lister is time no
// lister can get below.
//
// A lister's peak RSS is its child's own high-water mark of resident
// memory, VmHWM of /proc/self/status, which the child reads once its
// listing (and, for ours, the merge and analysis) is done and sends back
// with its report. It is not getrusage's figure for the child: on Linux
// that counts this process's resident set when the child started, the
// emulator's estate with it. Where the child has no /proc (systems other
// than Linux), the figure is getrusage's, and the report says so ("*" in
// the grid). CPU time is the child's own (getrusage of itself, user and
// system, its start included) when the lister returned, so that the
// benchmark's own count of what each target found, after, is not
// counted; where the child cannot tell, getrusage's for the whole child.
//
// The floor is the truth of the estate, never our own choices: per target,
// the longest chain of requests that must follow one another at the
// provider's largest page (Baidu: the peering pages of 1000, and beside
// them the region's VPC listing of 1000 a page, which brings the address
// blocks; VpcPeer: NextToken pages of 100; ENS: the first page of 100, then
// every other page at once, so two rounds), or the documented rate limit,
// whichever is longer. Targets with separate rate limits overlap fully, so
// the estate's floor is its longest target's; no look-up round and no
// concurrency constant of ours enters it. The minimum requests are those
// the same information needs: Baidu, the peering pages and the VPC listing
// pages; VpcPeer, pages of 100; ENS, pages of 100 and the empty page a full
// last page needs, because only a short page proves the listing complete
// (see floorOf).
//
// -targets N picks N targets across providers, accounts and regions, the
// same ones for the same flags (see pickTargets); -grid runs the grid of
// issue 13 (2, 14 and 60 targets × 100, 2,000 and 20,000 connections, at
// 20 ms and 50 ms), one table row per point, -grid-points a part of it, and
// -runs k gives the median of k runs with their spread.
//
// Then, unless -heap is 0 or -grid is set, it measures the peak heap of
// streaming peering.List over -heap Baidu connections served by an emulator
// in a child process, so that only the client's memory is counted.
//
// Exit status: 0 on success, 1 when a measurement failed or a lister missed
// a connection, 2 for bad flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/inventory"
)

// config is the estate and the measurements the flags ask for.
type config struct {
	providers   []peering.Provider
	accounts    int           // per provider: 1 or 2 (the emulator's sandbox accounts)
	regions     int           // per regional provider, and ENS nodes, when targets is 0
	targets     int           // targets to pick across providers, accounts and every known region; 0 = every account × regions
	connections int           // per target
	latency     time.Duration // added by the emulator to every request
	vpcLimit    int           // VpcPeer calls a minute per API, account and region; 0 = none
	concurrency int           // inventory.Options.Concurrency
	seed        int64
	heap        int // connections for the peak-heap measurement; 0 = skip
	runs        int // measurements of each estate, for the median
	grid        bool
	gridPoints  []gridPoint
	cpuProfile  string // file for the CPU profile of ours' child; "" = none
	peerctl     string // the peerctl program to measure too; "" = none
}

func main() {
	if mode := os.Getenv(childEnv); mode != "" {
		os.Exit(childMain(mode, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run parses args, measures, prints, and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "peerbench: %v\n", err)
		return 2
	}
	if err := measure(ctx, cfg, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "peerbench: %v\n", err)
		return 1
	}
	return 0
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("peerbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	providers := fs.String("providers", "baidu,alibaba-vpc,alibaba-ens", "comma-separated providers to seed and list")
	fs.IntVar(&cfg.accounts, "accounts", maxAccounts, "accounts per provider (1 or 2)")
	fs.IntVar(&cfg.regions, "regions", 3, "regions per regional provider, and ENS nodes, without -targets (1 up to the provider's known regions)")
	fs.IntVar(&cfg.targets, "targets", 0, "pick this many targets across providers, accounts and every known region (0: every account in -regions regions)")
	fs.IntVar(&cfg.connections, "connections", 2000, "connections per target")
	fs.DurationVar(&cfg.latency, "latency", 20*time.Millisecond, "latency the emulator adds to every request")
	fs.IntVar(&cfg.vpcLimit, "vpcpeer-limit", 360, "VpcPeer calls a minute per API, account and region, in the emulator and the adapter (0: no limit)")
	fs.IntVar(&cfg.concurrency, "concurrency", inventory.DefaultConcurrency, "targets listed at once (inventory.Options.Concurrency)")
	fs.Int64Var(&cfg.seed, "seed", 1, "emulator seed")
	fs.IntVar(&cfg.heap, "heap", 1_000_000, "connections to stream for the peak-heap measurement (0: skip it; never with -grid)")
	fs.IntVar(&cfg.runs, "runs", 1, "measure each estate this many times and print the median with the spread")
	fs.BoolVar(&cfg.grid, "grid", false, "run the grid of issue 13 (2, 14, 60 targets × 100, 2000, 20000 connections × 20ms, 50ms), one row per point")
	fs.StringVar(&cfg.cpuProfile, "cpuprofile", "", "write the CPU profile of ours' child process (inventory.Collect) to this file; each run overwrites it")
	fs.StringVar(&cfg.peerctl, "peerctl", "", "also list each estate with this peerctl program ('peerctl inventory --config FILE -o ndjson', output to a file) and report its wall, peak RSS and CPU")
	points := fs.String("grid-points", "", "with -grid, only these points: comma-separated TARGETSxCONNECTIONS[@LATENCY] (no latency: both), like 2x2000,14x2000@20ms")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: peerbench [flags]\n\nMeasures an inventory against its floor, and the heap of a streamed listing.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	var err error
	if cfg.providers, err = providerList(*providers); err != nil {
		return cfg, err
	}
	switch {
	case cfg.accounts < 1 || cfg.accounts > maxAccounts:
		return cfg, fmt.Errorf("-accounts %d: the emulator has 1 or %d accounts per cloud", cfg.accounts, maxAccounts)
	case cfg.regions < 1:
		return cfg, fmt.Errorf("-regions %d: want 1 or more", cfg.regions)
	case cfg.connections < 0, cfg.latency < 0, cfg.vpcLimit < 0, cfg.heap < 0, cfg.targets < 0:
		return cfg, errors.New("-connections, -latency, -vpcpeer-limit, -heap and -targets must not be negative")
	case cfg.concurrency < 1:
		return cfg, fmt.Errorf("-concurrency %d: want 1 or more", cfg.concurrency)
	case cfg.runs < 1:
		return cfg, fmt.Errorf("-runs %d: want 1 or more", cfg.runs)
	case *points != "" && !cfg.grid:
		return cfg, errors.New("-grid-points needs -grid")
	}
	if err := checkPeerctlFlags(cfg); err != nil {
		return cfg, err
	}
	cfg.gridPoints = fullGrid()
	if *points != "" {
		if cfg.gridPoints, err = parseGridPoints(*points); err != nil {
			return cfg, fmt.Errorf("-grid-points: %w", err)
		}
	}
	// The picker refuses more targets than the accounts have; say so
	// before anything is seeded.
	for _, gp := range cfg.gridPoints {
		if cfg.grid && gp.targets > 0 {
			if _, err := pickTargets(gp.targets, cfg.providers, cfg.accounts, 0); err != nil {
				return cfg, fmt.Errorf("-grid-points %v: %w", gp, err)
			}
		}
	}
	if _, err := pickTargets(cfg.targets, cfg.providers, cfg.accounts, cfg.regions); cfg.targets > 0 && err != nil {
		return cfg, fmt.Errorf("-targets: %w", err)
	}
	return cfg, nil
}

// measure runs the grid, or the estate the flags describe and then the
// heap measurement.
func measure(ctx context.Context, cfg config, stdout, stderr io.Writer) error {
	if cfg.grid {
		return runGrid(ctx, cfg, stdout, stderr)
	}
	e, err := startEstate(cfg)
	if err != nil {
		return err
	}
	printEstate(stdout, cfg, e)
	pt, err := measurePoint(ctx, e, cfg, cfg.runs, stderr)
	if err != nil {
		e.close()
		return err
	}
	printPoint(stdout, e, pt)
	e.close()
	if cfg.heap == 0 {
		return nil
	}
	h, err := measureHeap(ctx, cfg.heap, cfg.seed, stderr)
	if err != nil {
		return fmt.Errorf("measuring the heap: %w", err)
	}
	if h.connections != cfg.heap {
		return fmt.Errorf("measuring the heap: listed %d connections of %d", h.connections, cfg.heap)
	}
	printHeap(stdout, h)
	return nil
}

// providerList parses the -providers flag.
func providerList(s string) ([]peering.Provider, error) {
	var out []peering.Provider
	for _, name := range strings.Split(s, ",") {
		p := peering.Provider(strings.TrimSpace(name))
		switch p {
		case peering.Baidu, peering.AlibabaVPC, peering.AlibabaENS:
		default:
			return nil, fmt.Errorf("unknown provider %q; want baidu, alibaba-vpc or alibaba-ens", name)
		}
		if slices.Contains(out, p) {
			return nil, fmt.Errorf("provider %s named twice", p)
		}
		out = append(out, p)
	}
	return out, nil
}
