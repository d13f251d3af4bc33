// Command peerbench measures how close a cross-cloud inventory comes to its
// floor, the least time the estate's round trips and rate limits allow, and
// how much heap a streamed listing holds.
//
//	go run ./cmd/peerbench                    # the default estate, then the heap of 1,000,000 streamed connections
//	go run ./cmd/peerbench -heap 0 -latency 50ms -connections 5000
//	go run ./cmd/peerbench -providers baidu -vpcpeer-limit 0
//
// It starts the emulator with a latency on every request, seeds every
// target (provider, account, region; ENS: provider and account) with the
// same number of connections, lists them all with inventory.Collect through
// the real adapters, and prints per target and in all: connections,
// requests, wall time, the floor and the ratio of the two. The floor of a
// target is its sequential page chain times the latency (for Baidu the
// longer of the peering chain and the VPC listing's chain beside it, which
// brings the address blocks), and for VpcPeer no less than its client-side
// token bucket allows;
// ENS pages after the first overlap. The floor of the whole schedules the
// targets' floors as Collect runs them, at most -concurrency at a time.
//
// Then, unless -heap is 0, it measures the peak heap of streaming
// peering.List over -heap Baidu connections served by an emulator in a
// child process, so that only the client's memory is counted.
//
// Exit status: 0 on success, 1 when a measurement failed, 2 for bad flags.
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
	regions     int           // per regional provider, and ENS nodes: 1 to 3
	connections int           // per target
	latency     time.Duration // added by the emulator to every request
	vpcLimit    int           // VpcPeer calls a minute per API, account and region; 0 = none
	concurrency int           // inventory.Options.Concurrency
	seed        int64
	heap        int // connections for the peak-heap measurement; 0 = skip
}

func main() {
	if os.Getenv(childEnv) != "" {
		os.Exit(serveChild(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
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
	fs.IntVar(&cfg.accounts, "accounts", 2, "accounts per provider (1 or 2)")
	fs.IntVar(&cfg.regions, "regions", 3, "regions per regional provider, and ENS nodes (1 to 3)")
	fs.IntVar(&cfg.connections, "connections", 2000, "connections per target")
	fs.DurationVar(&cfg.latency, "latency", 20*time.Millisecond, "latency the emulator adds to every request")
	fs.IntVar(&cfg.vpcLimit, "vpcpeer-limit", 360, "VpcPeer calls a minute per API, account and region, in the emulator and the adapter (0: no limit)")
	fs.IntVar(&cfg.concurrency, "concurrency", inventory.DefaultConcurrency, "targets listed at once (inventory.Options.Concurrency)")
	fs.Int64Var(&cfg.seed, "seed", 1, "emulator seed")
	fs.IntVar(&cfg.heap, "heap", 1_000_000, "connections to stream for the peak-heap measurement (0: skip it)")
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
	case cfg.accounts < 1 || cfg.accounts > 2:
		return cfg, fmt.Errorf("-accounts %d: the emulator has 1 or 2 accounts per cloud", cfg.accounts)
	case cfg.regions < 1 || cfg.regions > 3:
		return cfg, fmt.Errorf("-regions %d: want 1 to 3", cfg.regions)
	case cfg.connections < 0, cfg.latency < 0, cfg.vpcLimit < 0, cfg.heap < 0:
		return cfg, errors.New("-connections, -latency, -vpcpeer-limit and -heap must not be negative")
	case cfg.concurrency < 1:
		return cfg, fmt.Errorf("-concurrency %d: want 1 or more", cfg.concurrency)
	}
	return cfg, nil
}

// regionsOf returns the first cfg.regions of a provider's regions.
func (cfg config) regionsOf(all []string) []string { return all[:min(cfg.regions, len(all))] }

// measure runs the inventory benchmark, then the heap measurement.
func measure(ctx context.Context, cfg config, stdout, stderr io.Writer) error {
	e, err := startEstate(cfg)
	if err != nil {
		return err
	}
	printEstate(stdout, cfg, e)
	res, err := runInventory(ctx, e, cfg.concurrency)
	e.close()
	if err != nil {
		return err
	}
	printInventory(stdout, res)
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
