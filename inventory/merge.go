package inventory

import (
	"cmp"
	"net/netip"
	"slices"

	"github.com/peeringkit/peering"
)

// merge turns the views gathered by every target into one record per
// connection, ordered by provider then ID. Both sides of a cross-account
// peering list it under the same ID, so (provider, ID) identifies it.
func (c *collector) merge() []Record {
	// Sort the keys, not the records: a record is some 500 bytes to move.
	refs := make([]Ref, 0, len(c.views))
	for ref := range c.views {
		refs = append(refs, ref)
	}
	slices.SortFunc(refs, Ref.Compare)
	out := make([]Record, 0, len(refs))
	for _, ref := range refs {
		out = append(out, mergeViews(c.views[ref]))
		delete(c.views, ref) // let the views go as soon as they are merged
	}
	return out
}

// mergeViews picks the main view (the requester's, else the first target's)
// and completes it from the others. The choice depends only on roles and
// target order, never on which goroutine finished first.
func mergeViews(vs []view) Record {
	slices.SortFunc(vs, func(a, b view) int {
		return cmp.Or(cmp.Compare(roleRank(a.conn.Role), roleRank(b.conn.Role)), cmp.Compare(a.target, b.target))
	})
	r := Record{Connection: vs[0].conn, SeenBy: make([]Sighting, 0, len(vs))}
	for _, v := range vs[1:] {
		complete(&r.Connection, v.conn)
	}
	for _, v := range vs {
		r.SeenBy = append(r.SeenBy, Sighting{Target: v.name, Role: v.conn.Role})
	}
	sortSightings(r.SeenBy)
	return r
}

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
	groups := make(map[Ref][]view, len(records))
	seen := make(map[Ref][]Sighting, len(records))
	for i := range records {
		ref := records[i].Ref()
		groups[ref] = append(groups[ref], view{target: i, conn: records[i].Connection})
		seen[ref] = append(seen[ref], records[i].SeenBy...)
	}
	out := make([]Record, 0, len(groups))
	for ref, vs := range groups {
		r := mergeViews(vs)
		r.SeenBy = slices.CompactFunc(sortSightings(seen[ref]), func(a, b Sighting) bool { return a == b })
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b Record) int { return a.Ref().Compare(b.Ref()) })
	routes = slices.Clone(routes)
	slices.SortFunc(routes, func(a, b NetworkRoutes) int { return a.Network.Compare(b.Network) })
	return build(out, routes, opts)
}

// build draws the graph of sorted records and analyzes them.
func build(records []Record, routes []NetworkRoutes, opts Options) *Inventory {
	if opts.Match != nil {
		records = slices.DeleteFunc(records, func(r Record) bool { return !opts.Match(&r) })
	}
	inv := &Inventory{Records: records, Graph: buildGraph(records), Routes: routes}
	routing, reach := routeFindings(records, routes)
	inv.Findings, inv.Reach = append(analyze(records, opts), routing...), reach
	slices.SortFunc(inv.Findings, compareFindings)
	return inv
}

func sortSightings(s []Sighting) []Sighting {
	slices.SortFunc(s, func(a, b Sighting) int {
		return cmp.Or(cmp.Compare(a.Target, b.Target), cmp.Compare(a.Role, b.Role))
	})
	return s
}
