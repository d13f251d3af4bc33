package inventory

import (
	"cmp"
	"net/netip"
	"slices"

	"golang.org/x/sync/errgroup"

	"github.com/peeringkit/peering"
)

// roleRank orders views for the choice of the main one: the requester's
// first, as the side that asked for the connection and named its peer.
func roleRank(r peering.Role) int {
	switch r {
	case peering.RoleRequester:
		return 0
	case peering.RoleAccepter:
		return 2
	}
	return 1
}

// complete fills what main does not know from other, a view of the same
// connection from another target. It never overwrites a known fact: the two
// views disagree only when the connection changed between the two listings,
// and then main's is as good as other's. Requester and Accepter are the
// same ends in every account's view, so each completes its namesake.
func complete(main *peering.Connection, other peering.Connection) {
	completeEndpoint(&main.Requester, other.Requester)
	completeEndpoint(&main.Accepter, other.Accepter)
	if main.Bandwidth == peering.BandwidthUnknown {
		main.Bandwidth = other.Bandwidth
	}
	if main.Description == "" {
		main.Description = other.Description
	}
	if main.CreatedAt.IsZero() {
		main.CreatedAt = other.CreatedAt
	}
	if main.UpdatedAt.IsZero() {
		main.UpdatedAt = other.UpdatedAt
	}
	if main.TermEndsAt.IsZero() {
		main.TermEndsAt = other.TermEndsAt
	}
	if main.AcceptBy.IsZero() {
		main.AcceptBy = other.AcceptBy
	}
	// Tags, resource group and attributes belong to each side's account:
	// copying them across would show one account's labels as the other's.
}

func completeEndpoint(main *peering.Endpoint, other peering.Endpoint) {
	if main.NetworkID == "" {
		main.NetworkID = other.NetworkID
	}
	learn(&main.Region, &main.AccountID, &main.IPv4CIDRs, &main.IPv6CIDRs, other)
	if len(main.IPv4CIDRs) > 0 || len(main.IPv6CIDRs) > 0 {
		main.CIDRsUnknown = "" // the other account could read them
	}
}

// learn fills the facts of a network that are still unknown (empty) from
// another description of it, e: the first description that knows a fact
// gives it. Merging two views of a connection and drawing a network from
// the connections that end at it both use it, so a network shows the same
// facts in the records and in the graph.
func learn(region, account *string, v4, v6 *[]netip.Prefix, e peering.Endpoint) {
	if *region == "" {
		*region = e.Region
	}
	if *account == "" {
		*account = e.AccountID
	}
	if len(*v4) == 0 {
		*v4 = e.IPv4CIDRs
	}
	if len(*v6) == 0 {
		*v6 = e.IPv6CIDRs
	}
}

// Analyze builds an inventory from records gathered elsewhere (a saved JSON
// inventory, records made by a test): it merges records that name the same
// connection as Collect merges the views of two targets, orders them, draws
// the graph and runs the analysis. Errors and Targets are left zero.
func Analyze(records []Record, opts Options) *Inventory {
	return AnalyzeRoutes(records, nil, opts)
}

// AnalyzeRoutes is Analyze with the route tables of the networks, read
// elsewhere: the routing findings (no-route, one-way, partial-route,
// blackhole, shadowed, route-into-own-range, routes-unknown) join the
// others. A network routes lists no entry for is judged unknown, never
// unrouted. nil routes skip the routing analysis, as Analyze does.
func AnalyzeRoutes(records []Record, routes []NetworkRoutes, opts Options) *Inventory {
	opts = opts.withDefaults()
	b := newBuilder()
	for i := range records {
		b.add(i, &records[i].Connection, unionSightings(nil, records[i].SeenBy, nil))
	}
	recs := b.finish()
	routes = slices.Clone(routes)
	slices.SortFunc(routes, func(a, b NetworkRoutes) int { return a.Network.Compare(b.Network) })
	return build(recs, routes, opts)
}

// build draws the graph of sorted records and analyzes them.
func build(records Records, routes []NetworkRoutes, opts Options) *Inventory {
	if opts.Match != nil {
		records = records.keep(func(r *Record) bool { return opts.Match(r) })
	}
	inv := &Inventory{Records: records, Routes: routes}
	// The graph, the routing and the other findings only read the records:
	// they are drawn side by side.
	var (
		g       errgroup.Group
		routing []Finding
	)
	g.Go(func() error { inv.Graph = buildGraph(records); return nil })
	g.Go(func() error { routing, inv.Reach = routeFindings(records, routes); return nil })
	findings := analyze(records, opts)
	_ = g.Wait() // nothing returns an error
	inv.Findings = append(findings, routing...)
	slices.SortFunc(inv.Findings, compareFindings)
	return inv
}

func sortSightings(s []Sighting) []Sighting {
	slices.SortFunc(s, func(a, b Sighting) int {
		return cmp.Or(cmp.Compare(a.Target, b.Target), cmp.Compare(a.Role, b.Role))
	})
	return s
}
