package main

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/inventory"
	"github.com/peeringkit/peering/targets"
)

// inventoryOptions are the flags of 'peerctl inventory'.
type inventoryOptions struct {
	output string

	config  string
	targets []string

	provider string
	regions  []string
	endpoint string
	account  string
	profile  string

	sandbox     bool
	seed        int64
	connections int

	concurrency  int
	statuses     []string
	network      string
	name         string
	cidr         string
	sortBy       string
	failOn       string
	tags         []string
	expiryWindow time.Duration
	stuckAfter   time.Duration
	timeout      time.Duration
	routes       bool

	changed func(flag string) bool // whether the flag was given
}

func (a *app) inventoryCommand() *cobra.Command {
	var o inventoryOptions
	cmd := &cobra.Command{
		Use:   "inventory",
		Short: "List the peering connections of every target, merged and analyzed",
		Long: `List the peering connections of every target at once, merge the two sides of
each cross-account peering, and report what looks wrong: overlapping address
blocks between the ends of a peering or among the networks peered with one
network, networks peered with themselves or twice, connections stuck in a
transient status, connections or offers about to expire, and ends whose
address blocks could not be read (so their overlaps were not checked). With
--routes (the default with --sandbox), it also reads the networks' route
tables and says whether traffic flows each way across every peering: the
REACH column (both, one-way, partial, none, unknown, inactive), and findings
for what is missing ('peerctl routes ID' shows one peering's routes, and
'peerctl routes add ID' adds those it lacks).

Targets come from a configuration file (--config), from flags (--provider and
--region), or from the sandbox (--sandbox): an emulator of the three clouds,
started in the process with a generated estate, listed with the real
adapters over loopback. The sandbox needs no account and no network.

A target that fails does not hide the others: what succeeded is printed and
the exit status is 1. The table lists failed targets at its end; other
formats carry them as data and peerctl repeats them on stderr. A region the
provider's adapter does not know is refused before anything is listed (exit
status 2), unless the target gives an endpoint: clouds add regions. With
--fail-on error (or warning), findings of that severity or worse make the
exit status 3, for CI.

` + targets.Help,
		Example: `  peerctl inventory --sandbox
  peerctl inventory --sandbox -o dot | dot -Tsvg > peering.svg
  peerctl inventory --config peering.yaml -o json
  peerctl inventory --config peering.yaml --targets prod-baidu,shop --status active
  BCE_ACCESS_KEY_ID=... BCE_SECRET_ACCESS_KEY=... peerctl inventory --provider baidu --region bj --region gz`,
		Args: cobra.NoArgs,
		RunE: failures(func(cmd *cobra.Command, _ []string) error {
			o.changed = cmd.Flags().Changed
			return a.runInventory(cmd.Context(), &o)
		}),
	}
	fs := cmd.Flags()
	fs.StringVarP(&o.output, "output", "o", "table", "output format: "+formatNames())
	fs.StringVar(&o.config, "config", "", "configuration file naming the targets")
	fs.StringSliceVar(&o.targets, "targets", nil, "with --config or --sandbox: list only these targets (comma-separated: names as printed, like prod-baidu/bj, or a whole entry, like prod-baidu)")
	fs.StringVar(&o.provider, "provider", "", "without --config: the provider to list (baidu, alibaba-vpc, alibaba-ens)")
	fs.StringSliceVar(&o.regions, "region", nil, "a region to list (repeat, or separate with commas); with --config or --sandbox, narrows their targets to it")
	fs.StringVar(&o.endpoint, "endpoint", "", "without --config: the API endpoint, to reach an emulator or a private endpoint")
	fs.StringVar(&o.account, "account-id", "", "without --config: the account's ID, which sets roles")
	fs.StringVar(&o.profile, "profile", "", "without --config: credentials from this profile of the provider CLI's file (~/.aliyun/config.json, ~/.bce/config.json)")
	fs.BoolVar(&o.sandbox, "sandbox", false, "list an embedded emulator of the three clouds (no account needed)")
	fs.Int64Var(&o.seed, "seed", 1, "with --sandbox: the seed of the generated estate")
	fs.IntVar(&o.connections, "connections", sandboxConnections, "with --sandbox: connections generated per provider, account and region")
	fs.IntVar(&o.concurrency, "concurrency", inventory.DefaultConcurrency, "how many targets to list at once")
	fs.StringSliceVar(&o.statuses, "status", nil, "list only connections in these statuses (comma-separated: "+statusNames()+")")
	fs.StringVar(&o.network, "network", "", "list only connections with this VPC or ENS network at either end")
	fs.StringVar(&o.name, "name", "", "list only connections whose name matches this pattern (*, ?, [a-z] as in path.Match; an exact name matches itself)")
	fs.StringVar(&o.cidr, "cidr", "", "list only connections with an end whose address blocks overlap this prefix (like 10.0.0.0/8)")
	fs.StringVar(&o.sortBy, "sort-by", "", "order the connections by this column: "+strings.Join(inventory.Columns(), ", "))
	fs.StringSliceVar(&o.tags, "tag", nil, "list only connections with this tag, as key=value (repeat for several)")
	fs.DurationVar(&o.expiryWindow, "expiry-window", 30*24*time.Hour, "report connections expiring within this time")
	fs.DurationVar(&o.stuckAfter, "stuck-after", time.Hour, "report connections in a transient status for longer than this")
	fs.BoolVar(&o.routes, "routes", false, "read the route tables of each target's networks and judge whether traffic flows each way across every active peering (the REACH column; providers whose adapter reads routes, the others' peerings are reported unknown); on by default with --sandbox, --routes=false turns it off")
	fs.StringVar(&o.failOn, "fail-on", "", "exit with status 3 when there are findings of this severity or worse: error or warning (for CI)")
	fs.DurationVar(&o.timeout, "timeout", 10*time.Minute, "give up on targets still listing after this time (0: never)")
	return cmd
}

func (a *app) runInventory(ctx context.Context, o *inventoryOptions) error {
	format, err := inventory.ParseFormat(o.output)
	if err != nil {
		return usagef("-o: %w", err)
	}
	filter, match, err := o.filter()
	if err != nil {
		return err
	}
	failOn, err := parseFailOn(o.failOn)
	if err != nil {
		return err
	}
	if o.sortBy != "" {
		if err := inventory.CheckColumn(o.sortBy); err != nil {
			return usagef("--sort-by: %w", err)
		}
	}
	if o.concurrency < 1 {
		return usagef("--concurrency must be at least 1")
	}
	for _, d := range []struct {
		flag  string
		value time.Duration
	}{{"--stuck-after", o.stuckAfter}, {"--expiry-window", o.expiryWindow}} {
		if d.value <= 0 {
			return usagef("%s must be positive (got %s)", d.flag, d.value)
		}
	}
	if o.timeout < 0 {
		return usagef("--timeout must not be negative (0: never give up)")
	}
	opts := inventory.Options{
		Concurrency:  o.concurrency,
		Filter:       filter,
		Match:        match,
		ExpiryWindow: o.expiryWindow,
		StuckAfter:   o.stuckAfter,
		// The sandbox reads its routes by default: they cost nothing there,
		// and the verdicts are what it shows off. On clouds they cost a
		// call or two per network and a permission the key may lack.
		Routes: o.routes || o.sandbox && (o.changed == nil || !o.changed("routes")),
	}

	specs, sb, err := o.specs()
	if err != nil {
		return err
	}
	if sb != nil {
		defer sb.close()
		// The emulator's clock, not the wall's, dates its connections.
		opts.Now = sb.srv.Clock.Now
	}

	toList := make([]inventory.Target, len(specs))
	listing := make(map[string]targetSpec, len(specs)) // the targets whose errors will come from the cloud
	var refused []error
	for i, s := range specs {
		// A target without credentials is reported with the others rather
		// than stopping the run; one whose options the adapter refuses (a
		// region it does not know, a bad endpoint) is a mistake in the
		// command line or the file, and stops the run before any request.
		p, err := open(s)
		var ee *exitError
		if errors.As(err, &ee) && ee.code == exitUsage {
			refused = append(refused, fmt.Errorf("target %s: %w", s.Name, ee.err))
			continue
		}
		toList[i] = inventory.Target{Name: s.Name, Provider: s.Provider, Account: s.Label, Region: s.Region, Peering: p, Err: err}
		if err == nil {
			listing[s.Name] = s
		}
	}
	if len(refused) > 0 {
		return usageError(errors.Join(refused...))
	}

	parent := ctx // a signal cancels it; --timeout ends only ctx
	if o.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.timeout)
		defer cancel()
	}
	var bar *progressLine
	if a.interactive {
		bar = &progressLine{w: a.stderr}
		opts.Progress = bar.update
	}
	// ndjson goes out as records become final, unless it is to be sorted;
	// the other formats need every record.
	var nd *inventory.NDJSONWriter
	if format == inventory.NDJSON && o.sortBy == "" {
		nd = inventory.NewNDJSONWriter(a.stdout)
		opts.Record = nd.Record
		// Progress comes after each target's records: they go out then,
		// not when the buffer fills.
		update := opts.Progress
		opts.Progress = func(p inventory.Progress) {
			if update != nil {
				update(p)
			}
			_ = nd.Flush() // an error is kept for Finish
		}
	}
	inv, err := inventory.Collect(ctx, toList, opts)
	bar.clear()
	if inv == nil {
		return err
	}
	interrupted := errors.Is(parent.Err(), context.Canceled)
	timedOut := o.timeout > 0 && errors.Is(ctx.Err(), context.DeadlineExceeded)
	for i, e := range inv.Errors {
		if s, ok := listing[e.Target]; ok {
			h := hintFor(failure{spec: s, op: "list", timeout: o.timeout, timedOut: timedOut}, e.Err)
			inv.Errors[i].Err = withHint(e.Err, h)
		}
	}
	if o.sortBy != "" {
		_ = inventory.SortBy(inv, o.sortBy) // checked above
	}
	var rerr error
	if nd != nil {
		rerr = nd.Finish(inv)
	} else {
		rerr = inventory.Render(a.stdout, inv, format)
	}
	if rerr != nil {
		return fmt.Errorf("writing the inventory: %w", rerr)
	}
	if interrupted {
		done := 0
		for _, t := range inv.TargetResults {
			if t.Status == inventory.TargetOK {
				done++
			}
		}
		fmt.Fprintf(a.stderr, "peerctl: interrupted: the inventory above is incomplete (%d of %d targets finished)\n", done, inv.Targets)
		return &exitError{code: exitSignal, err: errPartial}
	}
	if err != nil {
		return err
	}
	if len(inv.Errors) == 0 {
		return failingFindings(a, inv, failOn)
	}
	if format != inventory.Table && format != inventory.Wide {
		// The table shows failed targets to the reader; machine formats hold
		// them as data, which nobody reads on a terminal.
		for _, e := range inv.Errors {
			fmt.Fprintf(a.stderr, "peerctl: %v\n", e)
		}
	}
	fmt.Fprintf(a.stderr, "peerctl: %d of %d targets failed\n", len(inv.Errors), inv.Targets)
	return &exitError{code: exitFailure, err: errPartial}
}

// parseFailOn reads --fail-on: the severities that fail the run.
func parseFailOn(s string) ([]inventory.Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return nil, nil
	case string(inventory.SeverityError):
		return []inventory.Severity{inventory.SeverityError}, nil
	case string(inventory.SeverityWarning):
		return []inventory.Severity{inventory.SeverityError, inventory.SeverityWarning}, nil
	}
	return nil, usagef("--fail-on %q: want error or warning", s)
}

// failingFindings returns the exit status 3 error when inv has findings of
// one of the severities of failOn, and says how many on stderr.
func failingFindings(a *app, inv *inventory.Inventory, failOn []inventory.Severity) error {
	n := 0
	for _, f := range inv.Findings {
		if slices.Contains(failOn, f.Severity) {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	worst := failOn[len(failOn)-1]
	fmt.Fprintf(a.stderr, "peerctl: %s of severity %s or worse (--fail-on %s)\n", plural(n, "finding"), worst, worst)
	return &exitError{code: exitFinding, err: errFindings}
}

// specs returns the targets the flags ask for: the sandbox's (then also the
// running sandbox, for the caller to close), a configuration file's, or one
// per --region of --provider. --targets and --region narrow the sandbox's
// and the file's; a flag that has no meaning in the mode is refused.
func (o *inventoryOptions) specs() ([]targetSpec, *sandbox, error) {
	changed := o.changed
	if changed == nil {
		changed = func(string) bool { return false }
	}
	refuse := func(mode string, flags ...string) error {
		for _, f := range flags {
			if changed(f) {
				return usagef("--%s does not apply %s: drop it", f, mode)
			}
		}
		return nil
	}
	switch {
	case o.sandbox:
		if o.config != "" || o.provider != "" {
			return nil, nil, usagef("--sandbox lists the emulator only: drop --config and --provider")
		}
		if err := refuse("to --sandbox, whose targets have their own accounts, keys and endpoints", "account-id", "endpoint", "profile"); err != nil {
			return nil, nil, err
		}
		sb, err := startSandbox(o.seed, o.connections)
		if err != nil {
			return nil, nil, err
		}
		specs, err := narrow(sb.specs, o.targets, o.regions, "the sandbox")
		if err != nil {
			sb.close()
			return nil, nil, err
		}
		return specs, sb, nil
	case o.config != "":
		if o.provider != "" || o.endpoint != "" || o.account != "" || o.profile != "" {
			return nil, nil, usagef("--config names the targets: drop --provider, --endpoint, --account-id and --profile (the file's profile: names a target's)")
		}
		if err := refuse("without --sandbox", "seed", "connections"); err != nil {
			return nil, nil, err
		}
		c, err := loadConfig(o.config)
		if err != nil {
			return nil, nil, err
		}
		specs, err := c.Targets()
		if err != nil {
			return nil, nil, usageError(err)
		}
		specs, err = narrow(specs, o.targets, o.regions, o.config)
		return specs, nil, err
	case o.provider != "":
		if len(o.targets) > 0 {
			return nil, nil, usagef("--targets needs --config or --sandbox")
		}
		if err := refuse("without --sandbox", "seed", "connections"); err != nil {
			return nil, nil, err
		}
		specs, err := o.flagSpecs()
		return specs, nil, err
	}
	return nil, nil, usagef("say what to list: --config FILE, --provider P --region R, or --sandbox to try peerctl on an emulator")
}

// narrow keeps the targets named in only and those in one of regions (all
// when empty). A name is a target's full name as the output prints it
// ("prod-baidu/bj") or its entry's ("prod-baidu", every region of it); a
// name or region that selects nothing is refused, naming what there is.
func narrow(specs []targetSpec, only, regions []string, from string) ([]targetSpec, error) {
	entry := func(s targetSpec) string { e, _, _ := strings.Cut(s.Name, "/"); return e }
	for _, name := range only {
		name = strings.TrimSpace(name)
		if !slices.ContainsFunc(specs, func(s targetSpec) bool { return s.Name == name || entry(s) == name }) {
			var names []string
			for _, s := range specs {
				names = append(names, s.Name)
			}
			slices.Sort(names)
			return nil, usagef("--targets: no target named %q in %s (it has %s)", name, from, strings.Join(names, ", "))
		}
	}
	for _, r := range regions {
		if !slices.ContainsFunc(specs, func(s targetSpec) bool { return s.Region == r }) {
			var have []string
			for _, s := range specs {
				if s.Region != "" && !slices.Contains(have, s.Region) {
					have = append(have, s.Region)
				}
			}
			slices.Sort(have)
			return nil, usagef("--region: no target of %s is in region %s (regions: %s)", from, r, strings.Join(have, ", "))
		}
	}
	var out []targetSpec
	for _, s := range specs {
		if len(only) > 0 && !slices.ContainsFunc(only, func(n string) bool { n = strings.TrimSpace(n); return s.Name == n || entry(s) == n }) {
			continue
		}
		if len(regions) > 0 && !slices.Contains(regions, s.Region) {
			continue
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, usagef("--targets and --region together select no target of %s", from)
	}
	return out, nil
}

// flagSpecs makes one target per --region of --provider.
func (o *inventoryOptions) flagSpecs() ([]targetSpec, error) {
	var out []targetSpec
	p := peering.Provider(o.provider)
	switch p {
	case peering.AlibabaENS:
		if len(o.regions) > 0 {
			return nil, usagef("alibaba-ens is not regional: drop --region")
		}
		return []targetSpec{{Name: string(p), Label: o.account, Provider: p, AccountID: o.account, Endpoint: o.endpoint, Profile: o.profile, Origin: "the command line"}}, nil
	case peering.Baidu, peering.AlibabaVPC:
	default:
		return nil, usagef("unknown provider %q; want baidu, alibaba-vpc or alibaba-ens", o.provider)
	}
	if len(o.regions) == 0 {
		return nil, usagef("--region is required for %s (repeat it for several)", p)
	}
	if p == peering.Baidu && o.endpoint != "" && len(o.regions) > 1 {
		return nil, usagef("a Baidu endpoint serves one region: give one --region with --endpoint, or use a config file with endpoints")
	}
	seen := make(map[string]bool)
	for _, r := range o.regions {
		if r == "" || seen[r] {
			continue
		}
		seen[r] = true
		out = append(out, targetSpec{Name: string(p) + "/" + r, Label: o.account, Provider: p, AccountID: o.account,
			Region: r, Endpoint: o.endpoint, Profile: o.profile, Origin: "the command line"})
	}
	return out, nil
}

// filter builds the listing filter from the flags, and the match on merged
// records for what the filter cannot say: a name pattern, an address block.
func (o *inventoryOptions) filter() (peering.Filter, func(*inventory.Record) bool, error) {
	f := peering.Filter{NetworkID: o.network}
	for _, s := range o.statuses {
		st := peering.Status(strings.TrimSpace(s))
		if !st.Valid() {
			return f, nil, usagef("--status: unknown status %q; want one of %s", s, statusNames())
		}
		f.Status = append(f.Status, st)
	}
	for _, kv := range o.tags {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return f, nil, usagef("--tag %q: want key=value", kv)
		}
		if f.Tags == nil {
			f.Tags = make(map[string]string)
		}
		f.Tags[k] = v
	}
	var matches []func(*inventory.Record) bool
	switch {
	case o.name == "":
	case !strings.ContainsAny(o.name, `*?[\`):
		f.Name = o.name // exact: the clouds that can filter by name do
	default:
		if _, err := path.Match(o.name, ""); err != nil {
			return f, nil, usagef("--name %q: %v (patterns use *, ? and [a-z], as in path.Match)", o.name, err)
		}
		pattern := o.name
		matches = append(matches, func(r *inventory.Record) bool {
			ok, _ := path.Match(pattern, r.Name)
			return ok
		})
	}
	if o.cidr != "" {
		p, err := netip.ParsePrefix(strings.TrimSpace(o.cidr))
		if err != nil {
			return f, nil, usagef("--cidr %q: not an address block; want a prefix like 10.0.0.0/8 or 2408:4000::/32", o.cidr)
		}
		p = p.Masked()
		matches = append(matches, func(r *inventory.Record) bool { return overlaps(r.Requester, p) || overlaps(r.Accepter, p) })
	}
	if len(matches) == 0 {
		return f, nil, nil
	}
	return f, func(r *inventory.Record) bool {
		for _, m := range matches {
			if !m(r) {
				return false
			}
		}
		return true
	}, nil
}

// overlaps reports whether one of e's address blocks overlaps p.
func overlaps(e peering.Endpoint, p netip.Prefix) bool {
	for _, b := range slices.Concat(e.IPv4CIDRs, e.IPv6CIDRs) {
		if b.Overlaps(p) {
			return true
		}
	}
	return false
}

func formatNames() string {
	var names []string
	for _, f := range inventory.Formats() {
		names = append(names, string(f))
	}
	return strings.Join(names, ", ")
}

func statusNames() string {
	var names []string
	for _, s := range peering.Statuses() {
		names = append(names, string(s))
	}
	return strings.Join(names, ", ")
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
