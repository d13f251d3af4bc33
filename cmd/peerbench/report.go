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
	fmt.Fprintf(w, "estate: %d targets (%s), %d connections each, latency %v, %s, inventory concurrency %d, %d run(s)\n\n",
		len(e.targets), strings.Join(parts, ", "), cfg.connections, cfg.latency, limitText(cfg.vpcLimit), cfg.concurrency, cfg.runs)
}

func limitText(vpcLimit int) string {
	if vpcLimit == 0 {
		return "no rate limit"
	}
	return fmt.Sprintf("VpcPeer limited to %d calls/min per API, account and region (burst %d)", vpcLimit, emulatorBurst)
}

// printPoint prints one row per target from the last run, the estate's
// totals, and the medians over the runs. A target's rounds are the round
// trips on its critical path; its floor adds the rate limit's pacing.
func printPoint(w io.Writer, e *estate, pt *point) {
	ours, peer := pt.ours[len(pt.ours)-1], pt.peer[len(pt.peer)-1]
	rows := slices.Clone(e.targets)
	slices.SortFunc(rows, func(a, b *target) int { return cmp.Compare(a.spec.Name, b.spec.Name) })
	const all = "all targets (listing)"
	width := len(all)
	for _, t := range rows {
		width = max(width, len(t.spec.Name))
	}
	// Names are padded here so that they read left-aligned in a table
	// whose numbers align right.
	name := func(s string) string { return fmt.Sprintf("%-*s", width, s) }
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\tconnections\tpages\tvpc pages\trounds\tfloor\tminimum\tours: requests\twall\twall/floor\tpeer: requests\tthrottled\twall\tpeer/ours\t\n", name("target"))
	for _, t := range rows {
		f, o, p := t.floor(), ours.targets[t.spec.Name], peer.targets[t.spec.Name]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%s\t%d\t%d\t%s\t%s\t%d\t%d\t%s\t%s\t\n", name(t.spec.Name), t.truth.N,
			f.pages, f.vpcPages, f.rounds, dur(f.duration), f.minimum(),
			o.Requests, dur(o.Wall), ratio(o.Wall, f.duration),
			p.Requests, p.Throttled, dur(p.Wall), ratio(p.Wall, o.Wall))
	}
	fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%s\t%d\t%d\t%s\t%s\t%d\t%d\t%s\t%s\t\n", name(all), pt.found,
		pt.floor.pages, pt.floor.vpcPages, pt.floor.rounds, dur(pt.floor.duration), pt.minimum,
		ours.requests, dur(ours.listing), ratio(ours.listing, pt.floor.duration),
		peer.requests, peer.throttled, dur(peer.listing), ratio(peer.listing, ours.listing))
	_ = tw.Flush()

	runs := ""
	if len(pt.ours) > 1 {
		runs = fmt.Sprintf(" (median of %d runs, min-max)", len(pt.ours))
	}
	ow, pw := spreadOf(pt.ours, wallOf), spreadOf(pt.peer, wallOf)
	fmt.Fprintf(w, "\nsummary%s:\n", runs)
	fmt.Fprintf(w, "  wall          ours (inventory.Collect, merge and analysis included) %s, peer lister %s\n", spreadText(ow, dur), spreadText(pw, dur))
	fmt.Fprintf(w, "  floor         %s: wall/floor ours %s, peer %s; peer/ours %s\n", dur(pt.floor.duration),
		ratio(ow.median, pt.floor.duration), ratio(pw.median, pt.floor.duration), ratio(pw.median, ow.median))
	fmt.Fprintf(w, "  requests      ours %s, minimum %d, peer %s (as the emulator received them)\n",
		spreadText(spreadOf(pt.ours, requestsOf), count), pt.minimum, spreadText(spreadOf(pt.peer, requestsOf), count))
	fmt.Fprintf(w, "  throttled     ours %s, peer %s\n",
		spreadText(spreadOf(pt.ours, throttledOf), count), spreadText(spreadOf(pt.peer, throttledOf), count))
	fmt.Fprintf(w, "  ours' process %s\n", usageText(pt.ours, pt.found))
	fmt.Fprintf(w, "  peer process  %s\n", usageText(pt.peer, pt.found))
	if len(pt.peerctl) > 0 {
		fmt.Fprintf(w, "  peerctl       wall %s (-o ndjson to a file); %s\n", spreadText(spreadOf(pt.peerctl, wallOf), dur), usageText(pt.peerctl, pt.found))
	}
	fmt.Fprintf(w, "  emulator      CPU while ours ran %s, while the peer ran %s\n",
		serverCPUText(pt.ours, pt.found), serverCPUText(pt.peer, pt.found))
	fmt.Fprintf(w, "\nfloor: per target, the longest chain of requests that must follow one another at the largest page\n"+
		"(baidu %d, the VPC listing's chain of %d beside it; alibaba-vpc %d; alibaba-ens the first page of %d, then all\n"+
		"the others at once), or the documented rate limit with the emulator's burst, whichever is longer; targets\n"+
		"overlap fully, so the estate's floor is its longest target's. minimum: the fewest requests for the same\n"+
		"information (address blocks included; alibaba-ens: and the empty page after a full last one).\n",
		baidu.MaxPageSize, baidu.MaxPageSize, alibabavpc.MaxPageSize, alibabaens.MaxPageSize)
}

// usageText is a lister's child process's peak resident memory and CPU,
// in all and per connection found, and where the peak comes from.
func usageText(rs []*result, found int) string {
	rss, cpu := spreadOf(rs, rssOf), spreadOf(rs, cpuOf)
	if rss.median == 0 {
		return "peak RSS and CPU: not measured on this system"
	}
	source := "the child's own VmHWM"
	if anyRSSByRusage(rs) {
		source = "getrusage, which may count this process's size at the child's start"
	}
	return fmt.Sprintf("peak RSS %s (%s), %s per connection; CPU (user+sys) %s, %s per connection",
		mib(rss.median), source, perConn(float64(rss.median), found, "B"), dur(cpu.median), perConnMicros(cpu.median, found))
}

// anyRSSByRusage reports whether a run's peak RSS is getrusage's, for want
// of /proc in the child.
func anyRSSByRusage(rs []*result) bool {
	return slices.ContainsFunc(rs, func(r *result) bool { return r.rssByRusage })
}

// serverCPUText is the emulator's CPU time over a lister's runs, in all and
// per connection found: on a machine the emulator shares, the time no
// lister can get below.
func serverCPUText(rs []*result, found int) string {
	cpu := spreadOf(rs, serverCPUOf)
	if cpu.median == 0 {
		return "not measured on this system"
	}
	return fmt.Sprintf("%s (%s per connection)", dur(cpu.median), perConnMicros(cpu.median, found))
}

func perConn(v float64, n int, unit string) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f %s", v/float64(n), unit)
}

func perConnMicros(d time.Duration, n int) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f µs", float64(d.Microseconds())/float64(n))
}

// gridColumns are the grid table's headings and widths.
var gridColumns = []struct {
	head  string
	width int
}{
	{"targets", 7}, {"conns each", 10}, {"latency", 7}, {"wall (ours)", 22}, {"listing", 8}, {"floor", 8}, {"ratio", 5},
	{"peer wall", 22}, {"peer/ours", 9}, {"requests ours/min/peer", 22}, {"throttled ours/peer", 19},
	{"RSS/conn", 16}, {"CPU/conn", 20}, {"peer RSS/conn", 16}, {"peer CPU/conn", 20}, {"emulator CPU/conn", 20},
	// With -peerctl only:
	{"peerctl wall", 22}, {"peerctl RSS/conn", 16}, {"peerctl CPU/conn", 20},
}

// peerctlColumns is how many of gridColumns, at the end, -peerctl adds.
const peerctlColumns = 3

func printGridHeader(w io.Writer, cfg config) {
	fmt.Fprintf(w, "grid: %d point(s), providers %v, %s, %d run(s) each (median, min-max); RSS: each child's own peak (VmHWM), * where getrusage's\n\n",
		len(cfg.gridPoints), cfg.providers, limitText(cfg.vpcLimit), cfg.runs)
	cols := gridColumns
	if cfg.peerctl == "" {
		cols = cols[:len(cols)-peerctlColumns]
	}
	heads := make([]string, len(cols))
	for i, c := range cols {
		heads[i] = c.head
	}
	printGridCells(w, heads)
}

// printGridRow prints a point's row: medians over its runs, with the
// spread of the walls, memory and CPU. Ours' listing is when its last target finished
// listing: the rest of its wall is the merge and analysis.
func printGridRow(w io.Writer, pt *point) {
	ow, pw := spreadOf(pt.ours, wallOf), spreadOf(pt.peer, wallOf)
	rssCell, cpuCell := usageCells(pt.ours, pt.found)
	peerRSS, peerCPU := usageCells(pt.peer, pt.found)
	serverCPU := "-"
	if cpu := spreadOf(pt.ours, serverCPUOf); cpu.median > 0 {
		serverCPU = cpuPerConn(cpu, pt.found)
	}
	cells := []string{
		fmt.Sprint(pt.targets), fmt.Sprint(pt.connections), pt.latency.String(),
		spreadText(ow, dur), dur(spreadOf(pt.ours, listingOf).median), dur(pt.floor.duration), ratio(ow.median, pt.floor.duration),
		spreadText(pw, dur), ratio(pw.median, ow.median),
		fmt.Sprintf("%d/%d/%d", spreadOf(pt.ours, requestsOf).median, pt.minimum, spreadOf(pt.peer, requestsOf).median),
		fmt.Sprintf("%d/%d", spreadOf(pt.ours, throttledOf).median, spreadOf(pt.peer, throttledOf).median),
		rssCell, cpuCell, peerRSS, peerCPU, serverCPU,
	}
	if len(pt.peerctl) > 0 {
		rss, cpu := usageCells(pt.peerctl, pt.found)
		cells = append(cells, spreadText(spreadOf(pt.peerctl, wallOf), dur), rss, cpu)
	}
	printGridCells(w, cells)
}

// usageCells are a lister's peak RSS and CPU per connection over its runs,
// median and spread, or "-" where not measured; a "*" marks a peak RSS that
// is getrusage's (see usageText).
func usageCells(rs []*result, found int) (rss, cpu string) {
	r, c := spreadOf(rs, rssOf), spreadOf(rs, cpuOf)
	if r.median == 0 {
		return "-", "-"
	}
	rss = perConnSpread(r, found, "%.0f", "B", func(v uint64) float64 { return float64(v) })
	if anyRSSByRusage(rs) {
		rss += "*"
	}
	return rss, cpuPerConn(c, found)
}

// cpuPerConn is a CPU time per connection, median and spread, in µs.
func cpuPerConn(s spread[time.Duration], found int) string {
	return perConnSpread(s, found, "%.1f", "µs", func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 })
}

// perConnSpread is a spread divided by n connections, as "median unit
// (low-high)", or "median unit" when the runs agree: numbers of verb, in
// the unit that value gives.
func perConnSpread[T cmp.Ordered](s spread[T], n int, verb, unit string, value func(T) float64) string {
	if n == 0 {
		return "-"
	}
	num := func(v T) string { return fmt.Sprintf(verb, value(v)/float64(n)) }
	if s.low == s.high {
		return num(s.median) + " " + unit
	}
	return fmt.Sprintf("%s %s (%s-%s)", num(s.median), unit, num(s.low), num(s.high))
}

// printGridCells prints one line of the grid, each cell right-aligned in
// its column: rows go out as points finish, so no tabwriter can wait for
// the widest.
func printGridCells(w io.Writer, cells []string) {
	var b strings.Builder
	for i, c := range cells {
		if i > 0 {
			b.WriteString("  ")
		}
		fmt.Fprintf(&b, "%*s", gridColumns[i].width, c)
	}
	fmt.Fprintln(w, b.String())
}

// spreadText is a spread as "median (low-high)", or the median alone when
// the runs agree.
func spreadText[T int | int64 | time.Duration](s spread[T], f func(T) string) string {
	if s.low == s.high {
		return f(s.median)
	}
	return fmt.Sprintf("%s (%s-%s)", f(s.median), f(s.low), f(s.high))
}

func count[T int | int64](n T) string { return fmt.Sprint(n) }

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

// dur rounds a duration for the tables: a tenth of a millisecond is below
// what a loopback benchmark can tell apart, and beyond a second, ten
// milliseconds are.
func dur(d time.Duration) string {
	switch {
	case d == 0:
		return "-"
	case d >= time.Second:
		return d.Round(10 * time.Millisecond).String()
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
