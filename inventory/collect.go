package inventory

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/peeringkit/peering"
)

// Target is one listing to make: an adapter client bound to one account and
// (for regional providers) one region.
type Target struct {
	// Name identifies the target in errors, progress and Record.SeenBy, like
	// "prod-baidu/bj". Names must be unique, and should hold no commas
	// (the table and CSV separate several values of a cell with commas); "" becomes
	// "provider/account/region".
	Name string
	// Provider is the adapter's provider; "" takes Peering.Provider().
	Provider peering.Provider
	// Account describes the target for people; Collect does not interpret
	// it. Region is the target's region, "" for a provider that is not
	// regional (ENS): besides describing the target, it tells which records
	// the target may list, so that Options.Record streams a record once the
	// targets of its ends' regions are done (a regional target with Region
	// "" holds back every record of its provider until it is done).
	Account string
	Region  string
	// Peering is the adapter client to list with.
	Peering peering.Peering
	// Err, when set, marks a target that could not be built (missing
	// credentials, unknown region): it is not listed and Err is reported as
	// its TargetError, so that it is counted and shown with the others.
	// Peering may then be nil.
	Err error
}

// DefaultConcurrency is how many targets Collect lists at once by default:
// enough for every target of a large estate to start at once. Targets of
// different accounts or regions share no rate limit, and those that do
// share one (the adapters' buckets are per provider, account, region and
// API), so a smaller bound would only make targets wait for nothing.
const DefaultConcurrency = 256

// Options tunes [Collect]. The zero value is usable.
type Options struct {
	// Concurrency bounds how many targets are listed at once; default
	// DefaultConcurrency. Each target's pages are sequential, so this is
	// what lets a large inventory finish in the time of its slowest target.
	Concurrency int
	// Filter is passed to every target's listing. Leave PageSize 0 so that
	// each provider uses its largest page.
	Filter peering.Filter
	// Progress, when set, is called as targets finish and as connections
	// arrive. Calls are serialized; the function must not block for long.
	Progress func(Progress)
	// Now is the time the analysis measures ages and expiries from; default
	// time.Now. Against the emulator, pass its clock's Now.
	Now func() time.Time
	// ExpiryWindow is how close a prepaid term's end (TermEndsAt) or an
	// offer's acceptance deadline (AcceptBy) must be to report it (expiring,
	// offer-expiring); default 30 days.
	ExpiryWindow time.Duration
	// StuckAfter is how long a connection may stay in a transient status
	// (creating, updating, deleting) before it is reported as stuck; default
	// one hour.
	StuckAfter time.Duration
	// Record, when set, is called with each record as soon as it is final:
	// once every target that may list it (of its provider, and of the
	// region of one of its ends, or of no region) has finished, failed ones
	// included. It gets every record of Inventory.Records, merged the same
	// way, in the order they become final; calls are serialized, come
	// before Collect returns, and must not block for long. Findings need
	// every record: they come with the Inventory. NDJSONWriter.Record
	// streams the ndjson format this way.
	Record func(Record)
	// Routes, when set, reads the route tables of every target's own
	// networks (the caller's end of each connection it listed) from the
	// targets whose adapter is a peering.RouteReader, after their listing,
	// and judges each active peering each way (the routing findings; see
	// KindNoRoute). A network whose tables no target could read is judged
	// unknown, never unrouted. It costs requests: one or a few per network.
	Routes bool
	// Match, when set, keeps only the connections for which it returns
	// true: it sees each record once the two sides of a peering are merged,
	// and the analysis and the graph see only what it keeps. Use it for
	// what Filter cannot say (a name pattern, an address block).
	Match func(*Record) bool
	// KeepRaw keeps each Connection.Raw (the provider's native record). The
	// inventory drops it by default: nothing here reads it, and it would
	// double the memory a large inventory holds.
	KeepRaw bool
}

// Progress reports how a collection is going.
type Progress struct {
	Targets     int    // targets asked
	Done        int    // targets finished, failed ones included
	Failed      int    // targets failed
	Connections int    // connections listed so far, over every target (both sides of a peering count)
	Target      string // the target the event is about
}

// progressEvery is how many connections pass between two progress calls
// while listing, besides the one at the end of each target.
const progressEvery = 100

func (o Options) withDefaults() Options {
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.ExpiryWindow <= 0 {
		o.ExpiryWindow = 30 * 24 * time.Hour
	}
	if o.StuckAfter <= 0 {
		o.StuckAfter = time.Hour
	}
	return o
}

// Collect lists every target, at most opts.Concurrency at a time, and returns
// the merged and analyzed inventory.
//
// A target that fails does not stop the others: its error is in
// Inventory.Errors and the rest of the inventory is complete. Collect itself
// returns an error only for invalid input (a target without a client,
// duplicate names) and when ctx ends; in the second case it also returns what
// was collected until then.
func Collect(ctx context.Context, targets []Target, opts Options) (*Inventory, error) {
	opts = opts.withDefaults()
	targets, err := checkTargets(targets)
	if err != nil {
		return nil, err
	}
	c := &collector{opts: opts, b: newBuilder(), targets: len(targets)}
	if opts.Record != nil {
		c.stream = newStream(targets)
	}
	if opts.Routes {
		c.routes = make(map[Ref]*NetworkRoutes)
	}
	var g errgroup.Group
	g.SetLimit(opts.Concurrency)
	for i, t := range targets {
		if ctx.Err() != nil {
			c.fail(t, 0, peering.ContextError(ctx, t.Provider, "List"))
			continue
		}
		g.Go(func() error {
			c.list(ctx, i, t)
			return nil // a target's failure is recorded, not propagated: it must not cancel the others
		})
	}
	_ = g.Wait()

	slices.SortFunc(c.errs, func(a, b TargetError) int { return cmp.Compare(a.Target, b.Target) })
	records := c.b.finish()
	if c.stream != nil {
		// What is left was never final (ctx ended first), or waited on
		// the last target: it goes out now.
		for i := range records.Len() {
			if !records.rows.at(i).released {
				c.emit(records, i)
			}
		}
	}
	inv := build(records, c.routeList(), opts)
	inv.Errors, inv.Targets = c.errs, len(targets)
	inv.TargetResults = targetResults(targets, c.errs, inv.Records)
	if err := ctx.Err(); err != nil {
		inv.Incomplete = true
		return inv, fmt.Errorf("inventory: collection interrupted: %w", err)
	}
	return inv, nil
}

// checkTargets fills defaults and rejects what cannot be listed.
func checkTargets(in []Target) ([]Target, error) {
	out := make([]Target, len(in))
	names := make(map[string]int, len(in))
	for i, t := range in {
		if t.Peering == nil && t.Err == nil {
			return nil, fmt.Errorf("inventory: target %d (%q) has no Peering client", i, t.Name)
		}
		if t.Peering != nil {
			p := t.Peering.Provider()
			if t.Provider == "" {
				t.Provider = p
			} else if t.Provider != p {
				return nil, fmt.Errorf("inventory: target %q says provider %q but its client is %q", t.Name, t.Provider, p)
			}
		}
		if t.Name == "" {
			t.Name = string(t.Provider) + "/" + t.Account + "/" + t.Region
		}
		if j, dup := names[t.Name]; dup {
			return nil, fmt.Errorf("inventory: targets %d and %d are both named %q", j, i, t.Name)
		}
		names[t.Name] = i
		out[i] = t
	}
	return out, nil
}

// collector gathers the views of every target under one lock; the lock is
// held only to append, never across a request.
type collector struct {
	opts    Options
	targets int

	mu          sync.Mutex
	stream      *stream                // nil unless Options.Record is set
	routes      map[Ref]*NetworkRoutes // nil unless Options.Routes is set
	b           *builder               // the records, merged as views arrive
	emitted     Record                 // the record emit hands over: one for all, not one on the heap per record
	errs        []TargetError
	done        int
	connections int
}

func (c *collector) list(ctx context.Context, i int, t Target) {
	if t.Err != nil {
		c.fail(t, 0, t.Err)
		return
	}
	listed := 0
	var own map[string]bool // the target's own networks, for the route tables
	for conn, err := range peering.List(ctx, t.Peering, c.opts.Filter) {
		if err != nil {
			c.fail(t, listed, err)
			return
		}
		if conn.ID == "" {
			// An adapter bug must not merge unrelated connections under "".
			c.fail(t, listed, fmt.Errorf("%s adapter returned a connection without an ID", t.Provider))
			return
		}
		if !c.opts.KeepRaw {
			conn.Raw = nil
		}
		listed++
		if c.opts.Routes {
			own = ownNetworks(own, &conn, t.Region)
		}
		c.add(i, t.Name, &conn)
	}
	c.finish(t.Name)
	if rr, ok := t.Peering.(peering.RouteReader); ok && c.opts.Routes {
		c.readRoutes(ctx, t, rr, own)
	}
}

func (c *collector) add(i int, name string, conn *peering.Connection) {
	c.mu.Lock()
	defer c.mu.Unlock()
	seen := [1]Sighting{{Target: name, Role: conn.Role}}
	at, isNew := c.b.add(i, conn, seen[:])
	if c.stream != nil && isNew {
		// A later view of a record completes its row, even one already
		// streamed: what went out cannot be taken back.
		c.stream.wait(name, uint32(at), conn)
	}
	c.count(name)
}

// count counts a connection listed, for progress. c.mu must be held.
func (c *collector) count(name string) {
	c.connections++
	if c.opts.Progress != nil && c.connections%progressEvery == 0 {
		c.opts.Progress(c.progress(name))
	}
}

// emit hands the record at i to Options.Record, if Match keeps it.
func (c *collector) emit(records Records, i int) {
	records.rows.at(i).released = true
	c.emitted = records.At(i)
	if c.opts.Match == nil || c.opts.Match(&c.emitted) {
		c.opts.Record(c.emitted)
	}
	c.emitted = Record{} // keeps nothing of it alive
}

func (c *collector) fail(t Target, listed int, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.errs = append(c.errs, TargetError{
		Target: t.Name, Provider: t.Provider, Account: t.Account, Region: t.Region,
		Listed: listed, Err: err,
	})
	c.finishLocked(t.Name)
}

func (c *collector) finish(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.finishLocked(name)
}

func (c *collector) finishLocked(name string) {
	c.done++
	if c.stream != nil {
		records := c.b.records()
		for _, i := range c.stream.finish(name) {
			c.emit(records, int(i))
		}
	}
	if c.opts.Progress != nil {
		c.opts.Progress(c.progress(name))
	}
}

// progress must be called with c.mu held.
func (c *collector) progress(name string) Progress {
	return Progress{Targets: c.targets, Done: c.done, Failed: len(c.errs), Connections: c.connections, Target: name}
}

// ownNetworks adds to own the networks of conn that are the listing
// account's and in region ("" for any): the caller's end, and the far end
// too when it is of the same account, or when an end's account is not
// reported (ENS): a network that is not the caller's then reads as
// NotFound, and its side is judged unknown, with that reason.
func ownNetworks(own map[string]bool, conn *peering.Connection, region string) map[string]bool {
	mine, ok := conn.Own()
	if !ok {
		return own
	}
	for _, e := range [...]peering.Endpoint{conn.Requester, conn.Accepter} {
		sameAccount := e.AccountID == "" || mine.AccountID == "" || e.AccountID == mine.AccountID
		if e.NetworkID == "" || (e.NetworkID != mine.NetworkID && !sameAccount) ||
			(region != "" && e.Region != "" && e.Region != region) {
			continue
		}
		if own == nil {
			own = make(map[string]bool)
		}
		own[e.NetworkID] = true
	}
	return own
}
