package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/providers/alibabaens"
	"github.com/peeringkit/peering/providers/alibabavpc"
	"github.com/peeringkit/peering/providers/baidu"
)

// printEstate says what is being measured.
func printEstate(w io.Writer, cfg config, e *estate) {
	counts := make(map[peering.Provider]int)
	for _, t := range e.targets {
		counts[t.shape.provider]++
	}
	var parts []string
	for _, p := range cfg.providers {
		parts = append(parts, fmt.Sprintf("%s %d", p, counts[p]))
	}
	limit := "no rate limit"
	if cfg.vpcLimit > 0 {
		limit = fmt.Sprintf("VpcPeer limited to %d calls/min per API, account and region", cfg.vpcLimit)
	}
	fmt.Fprintf(w, "estate: %d targets (%s), %d connections each, latency %v, %s, inventory concurrency %d\n\n",
		len(e.targets), strings.Join(parts, ", "), cfg.connections, cfg.latency, limit, cfg.concurrency)
}

// printInventory prints one row per target, the totals, and what the floor
// counts. A target's rounds are the round trips on its critical path; its
// floor adds the rate limit's pacing where one applies.
func printInventory(w io.Writer, r *result) {
	rows := slices.Clone(r.targets)
	slices.SortFunc(rows, func(a, b targetResult) int { return cmp.Compare(a.inv.Name, b.inv.Name) })
	const all, collect = "all targets, listing", "inventory.Collect (+ merge, analysis)"
	width := len(collect)
	for _, t := range rows {
		width = max(width, len(t.inv.Name))
	}
	// Names are padded here so that they read left-aligned in a table
	// whose numbers align right.
	name := func(s string) string { return fmt.Sprintf("%-*s", width, s) }
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\tconnections\trequests\tpages\tvpc pages\trounds\tfloor\twall\twall/floor\t\n", name("target"))
	for _, t := range rows {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%s\t\n", name(t.inv.Name), t.listed, t.requests,
			t.floor.pages, t.floor.vpcPages, t.floor.rounds, dur(t.floor.duration), dur(t.wall), ratio(t.wall, t.floor.duration))
	}
	fmt.Fprintf(tw, "%s\t%d\t%d\t\t\t\t%s\t%s\t%s\t\n", name(all), r.connections, r.requests,
		dur(r.floor), dur(r.listing), ratio(r.listing, r.floor))
	fmt.Fprintf(tw, "%s\t\t\t\t\t\t%s\t%s\t%s\t\n", name(collect), dur(r.floor), dur(r.wall), ratio(r.wall, r.floor))
	_ = tw.Flush()
	fmt.Fprintf(w, "\nrequests: %d sent by the adapters, %d received by the emulator\n", r.requests, r.emulatorRequests)
	fmt.Fprintf(w, "floor = rounds × latency. rounds: baidu, the longer of the chain of pages of %d and the VPC listing's, beside it;\n"+
		"alibaba-ens, the first page, then the others %d at a time; alibaba-vpc, the chain of pages of %d, each also\n"+
		"no sooner than its token from a bucket of %d refilled at the limit. all targets: the targets' floors scheduled\n"+
		"as Collect starts them, longest first, %d at a time.\n",
		baidu.MaxPageSize, alibabaens.DefaultListConcurrency, alibabavpc.MaxPageSize,
		alibabavpc.DefaultBurst, r.concurrency)
}

// printHeap prints the peak-heap measurement. Memory is meant to follow the
// page in hand, not the listing, so the growth over the heap before listing
// is also shown per connection of one page.
func printHeap(w io.Writer, h heapResult) {
	page := min(h.connections, baidu.MaxPageSize)
	fmt.Fprintf(w, "\nstreaming peering.List over %d Baidu connections (pages of %d, emulator in a child process):\n",
		h.connections, baidu.MaxPageSize)
	fmt.Fprintf(w, "  peak heap in use  %s (%s before listing): %.1f bytes per streamed connection;\n",
		mib(h.peak), mib(h.base), float64(h.peak)/float64(h.connections))
	fmt.Fprintf(w, "                    %.1f KiB above that base per connection of the page in hand\n",
		float64(h.peak-min(h.base, h.peak))/float64(page)/1024)
	fmt.Fprintf(w, "                    %s above the peak with the first page in hand (%s)\n",
		mib(h.peak-min(h.onePage, h.peak)), mib(h.onePage))
	if h.rssPeak > 0 {
		fmt.Fprintf(w, "  resident memory   peak %s, %s before listing: %.1f bytes per streamed connection\n",
			mib(h.rssPeak), mib(h.rssBefore), float64(h.rssPeak-min(h.rssBefore, h.rssPeak))/float64(h.connections))
	}
	fmt.Fprintf(w, "  allocated         %s, %.0f bytes per connection; %d requests in %s\n",
		mib(h.allocated), float64(h.allocated)/float64(h.connections), h.requests, dur(h.elapsed))
}

// dur rounds a duration for the table: a tenth of a millisecond is below
// what a loopback benchmark can tell apart.
func dur(d time.Duration) string {
	if d == 0 {
		return "-"
	}
	return d.Round(100 * time.Microsecond).String()
}

func ratio(wall, floor time.Duration) string {
	if floor <= 0 || wall <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", float64(wall)/float64(floor))
}

func mib(b uint64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }
