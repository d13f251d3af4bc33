package conformance

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/inventory"
)

// routeKinds are the inventory's routing findings, the ones the
// RouteAnalysis group expects exactly.
var routeKinds = []inventory.Kind{
	inventory.KindNoRoute, inventory.KindOneWay, inventory.KindPartialRoute, inventory.KindBlackhole,
	inventory.KindShadowed, inventory.KindRouteIntoOwnRange, inventory.KindRoutesUnknown,
}

// checkRouteAnalysis builds a fixture estate through the adapter under test
// (connections made with Create, accepted by account B where they cross
// accounts, routes added with AddRoute), reads it back as the inventory
// would (peering.Collect of each network, RouteTables of each network by
// its owner's adapter), runs inventory.AnalyzeRoutes on what was read and
// checks that the routing findings are exactly those the estate was built
// to produce, each for the right connection, naming the right routes and
// blocks. An adapter that loses a route, misreports a next hop or a block,
// or drops a connection from a listing, fails it.
//
// The estate's cases, each between networks of its own:
//
//   - both: each side routes the other's block through the connection; no
//     finding.
//   - one-way: only the far side routes: one-way, naming its route.
//   - none: no route: no-route.
//   - partial: the near side routes half of the far block, the far side
//     all of the near one: partial-route, naming the half route and the
//     far block.
//   - shadowed: a third network's connection on the near side carries a
//     more specific part of the far block: shadowed on the first
//     connection, nothing on the second (routed both ways).
//   - own-range: the near side routes 0.0.0.0/0 through the connection
//     (the one destination every provider lets overlap a network's own
//     blocks): route-into-own-range.
//   - blackhole: both sides route, then the connection is deleted. Where
//     the provider lets it go (Baidu, ENS), each side's route is a
//     blackhole; where it refuses with FailedPrecondition while routes
//     point at it (VpcPeer without Force), no blackhole can be made through
//     the API, and the group checks the refusal and that the connection,
//     still active and routed, has no finding.
//
// Cases cross accounts (both, one-way, blackhole) where the provider joins
// accounts (Capabilities.CrossAccount) and the harness has account B;
// otherwise they stay in account A. A harness that is a [Networker] gives
// every case fresh networks; without one, the fixture networks of A's
// region (Local, SameRegion, OtherAccount) hold as many cases as they have
// networks for, and the group logs the cases it could not build.
func checkRouteAnalysis(t *testing.T, e *env) {
	if !e.caps.Routes {
		t.Logf("Capabilities.Routes is false: the %s adapter reads no route tables, so there is nothing to analyze (the Routes group checks its route calls answer Unimplemented)", e.a.Provider())
		return
	}
	if !e.caps.Create || !e.caps.Delete {
		t.Logf("Capabilities: Create %v, Delete %v: the fixture estate cannot be built through the adapter, and is not checked", e.caps.Create, e.caps.Delete)
		return
	}
	fx := newFixture(t, e)
	for _, c := range routeCases {
		if !fx.build(c) {
			break
		}
	}
	if len(fx.notBuilt) > 0 {
		t.Logf("not built, for want of networks (the harness is not a conformance.Networker): %s", strings.Join(fx.notBuilt, ", "))
	}
	if len(fx.conns) == 0 {
		t.Fatal("the harness has no two free networks in account A's region to build any case between")
	}
	fx.check()
}

// routeCase is one case of the fixture estate: build makes it between a
// near network of account A and a far one, and says what the analysis
// must find.
type routeCase struct {
	name  string
	nets  int  // networks the case needs (the first is near, the second far)
	cross bool // the far network is account B's where the harness allows
	build func(fx *fixture, nets []Network) []expectation
}

// expectation is one finding the analysis must report.
type expectation struct {
	kind inventory.Kind
	conn string // the connection; for a blackhole, "" when the adapter can no longer name it
	// routes are the IDs of the routes the finding must name (every one of
	// them, in any order, and no other), prefixes the blocks.
	routes   []string
	prefixes []netip.Prefix
	// network and dest identify a blackhole's route when conn is "".
	network string
	dest    netip.Prefix
	why     string // the case, for messages
}

var routeCases = []routeCase{
	{"both", 2, true, func(fx *fixture, n []Network) []expectation {
		c := fx.connect(n[0], n[1])
		fx.route(n[0], fx.block(n[1]), c)
		fx.route(n[1], fx.block(n[0]), c)
		return nil
	}},
	{"one-way", 2, true, func(fx *fixture, n []Network) []expectation {
		c := fx.connect(n[0], n[1])
		r := fx.route(n[1], fx.block(n[0]), c)
		return []expectation{{kind: inventory.KindOneWay, conn: c, routes: []string{r}, prefixes: n[1].IPv4CIDRs}}
	}},
	{"none", 2, false, func(fx *fixture, n []Network) []expectation {
		return []expectation{{kind: inventory.KindNoRoute, conn: fx.connect(n[0], n[1])}}
	}},
	{"partial", 2, false, func(fx *fixture, n []Network) []expectation {
		c := fx.connect(n[0], n[1])
		far := fx.block(n[1])
		r := fx.route(n[0], half(far), c)
		fx.route(n[1], fx.block(n[0]), c)
		return []expectation{{kind: inventory.KindPartialRoute, conn: c, routes: []string{r}, prefixes: []netip.Prefix{far}}}
	}},
	{"own-range", 2, false, func(fx *fixture, n []Network) []expectation {
		c := fx.connect(n[0], n[1])
		r := fx.route(n[0], netip.MustParsePrefix("0.0.0.0/0"), c)
		fx.route(n[1], fx.block(n[0]), c)
		return []expectation{{kind: inventory.KindRouteIntoOwnRange, conn: c, routes: []string{r}, prefixes: n[0].IPv4CIDRs}}
	}},
	{"shadowed", 3, false, func(fx *fixture, n []Network) []expectation {
		c := fx.connect(n[0], n[1])
		other := fx.connect(n[0], n[2])
		far := fx.block(n[1])
		r := fx.route(n[0], far, c)
		fx.route(n[1], fx.block(n[0]), c)
		shadow := fx.route(n[0], half(far), other)
		fx.route(n[0], fx.block(n[2]), other)
		fx.route(n[2], fx.block(n[0]), other)
		return []expectation{{kind: inventory.KindShadowed, conn: c, routes: []string{r, shadow}}}
	}},
	{"blackhole", 2, true, func(fx *fixture, n []Network) []expectation {
		c := fx.connect(n[0], n[1])
		near := fx.route(n[0], fx.block(n[1]), c)
		far := fx.route(n[1], fx.block(n[0]), c)
		return fx.deleteRouted(c, []routeAt{{n[0], fx.block(n[1]), near}, {n[1], fx.block(n[0]), far}})
	}},
}

// routeAt is a route the fixture added: its network, destination and ID.
type routeAt struct {
	net  Network
	dest netip.Prefix
	id   string
}

// fixture is the estate being built.
type fixture struct {
	t        *testing.T
	e        *env
	b        peering.Peering   // account B's adapter; nil when the cases stay in A
	maker    Networker         // nil: fixture networks only
	free     []Network         // fixture networks not used yet (no Networker)
	nets     []Network         // every network of the estate
	tables   map[string]string // the system table of each network routed
	conns    []string          // every connection of the estate
	want     []expectation
	notBuilt []string
}

func newFixture(t *testing.T, e *env) *fixture {
	fx := &fixture{t: t, e: e}
	fx.maker, _ = e.h.(Networker)
	if e.caps.CrossAccount {
		if b, ok := e.maybeB(t); ok {
			fx.b = b
		}
	}
	if fx.maker == nil {
		for _, n := range []Network{e.nets.Local, e.nets.SameRegion, e.nets.OtherAccount} {
			if n.ID != "" && (n.AccountID == e.nets.Local.AccountID || fx.b != nil) {
				fx.free = append(fx.free, n)
			}
		}
	}
	return fx
}

// build makes case c, or records it as not built and returns false when
// the networks have run out.
func (fx *fixture) build(c routeCase) bool {
	nets := make([]Network, 0, c.nets)
	for i := range c.nets {
		acct := AccountA
		if i == 1 && c.cross && fx.b != nil {
			acct = AccountB
		}
		n, ok := fx.network(acct)
		if !ok {
			fx.notBuilt = append(fx.notBuilt, c.name)
			return false
		}
		nets = append(nets, n)
	}
	fx.t.Logf("case %s: %s", c.name, strings.Join(networkIDs(nets), ", "))
	for _, w := range c.build(fx, nets) {
		w.why = c.name
		fx.want = append(fx.want, w)
	}
	return true
}

// network returns a fresh network of acct, from the Networker or the free
// fixtures; false when there is none left.
func (fx *fixture) network(acct Account) (Network, bool) {
	var n Network
	if fx.maker != nil {
		var err error
		n, err = fx.maker.NewNetwork(fx.e.ctx, acct)
		if err != nil {
			fx.t.Fatalf("adding a network of account %s for the fixture estate: %v", acct, err)
		}
	} else {
		want := fx.e.nets.Local.AccountID
		if acct == AccountB {
			want = fx.e.nets.OtherAccount.AccountID
		}
		i := slices.IndexFunc(fx.free, func(n Network) bool { return n.AccountID == want })
		if i < 0 {
			return Network{}, false
		}
		n = fx.free[i]
		fx.free = slices.Delete(fx.free, i, i+1)
	}
	fx.nets = append(fx.nets, n)
	return n, true
}

// adapter returns the adapter of the account that owns n.
func (fx *fixture) adapter(n Network) peering.Peering {
	if fx.b != nil && n.AccountID != fx.e.nets.Local.AccountID {
		return fx.b
	}
	return fx.e.a
}

// connect makes an active connection from near (account A's) to far,
// accepted by far's account where it is another.
func (fx *fixture) connect(near, far Network) string {
	t, e := fx.t, fx.e
	t.Helper()
	req := e.request(peering.CreateRequest{Name: name("analysis"), LocalNetworkID: near.ID, PeerNetworkID: far.ID})
	if far.AccountID != near.AccountID {
		req.PeerAccountID = far.AccountID
	}
	id := e.create(t, e.a, req)
	if req.PeerAccountID != "" {
		e.mustWait(t, fx.b, id, peering.StatusPendingAcceptance)
		e.noError(t, fmt.Sprintf("account B's Accept(%q)", id), fx.b.Accept(e.ctx, id))
		e.mustWait(t, fx.b, id, peering.StatusActive)
	}
	e.mustWait(t, e.a, id, peering.StatusActive)
	fx.conns = append(fx.conns, id)
	return id
}

// route adds a route to dst through conn in the system table of n, by n's
// owner, removed when the test ends.
func (fx *fixture) route(n Network, dst netip.Prefix, conn string) string {
	t, e := fx.t, fx.e
	t.Helper()
	p := fx.adapter(n)
	rw, ok := p.(peering.RouteWriter)
	if !ok {
		t.Fatalf("the adapter of %s is not a peering.RouteWriter", n.ID)
	}
	table := fx.systemTable(p, n)
	id, err := rw.AddRoute(e.ctx, peering.RouteRequest{NetworkID: n.ID, TableID: table, Destination: dst, ConnectionID: conn, Description: "conformance analysis"})
	e.noError(t, fmt.Sprintf("AddRoute(%s via %s in %s)", dst, conn, n.ID), err)
	if id == "" {
		t.Fatalf("AddRoute(%s via %s in %s) returned an empty route ID and no error", dst, conn, n.ID)
	}
	// Cleanups run last first: the routes go before the connections they
	// point at, which a provider may refuse to delete while they stand.
	t.Cleanup(func() {
		if err := rw.DeleteRoute(e.ctx, n.ID, table, id); err != nil && e.ctx.Err() == nil {
			t.Logf("cleanup: deleting route %s of %s: %v", id, n.ID, err)
		}
	})
	return id
}

// systemTable returns the ID of n's system table, as p reads it.
func (fx *fixture) systemTable(p peering.Peering, n Network) string {
	t, e := fx.t, fx.e
	t.Helper()
	if id, ok := fx.tables[n.ID]; ok {
		return id
	}
	rr, ok := p.(peering.RouteReader)
	if !ok {
		t.Fatalf("the adapter of %s is not a peering.RouteReader", n.ID)
	}
	tables, err := rr.RouteTables(e.ctx, n.ID)
	e.noError(t, fmt.Sprintf("RouteTables(%s)", n.ID), err)
	i := slices.IndexFunc(tables, func(tb peering.RouteTable) bool { return tb.System })
	if i < 0 {
		t.Fatalf("RouteTables(%s) holds no system table (%d tables)", n.ID, len(tables))
	}
	if fx.tables == nil {
		fx.tables = map[string]string{}
	}
	fx.tables[n.ID] = tables[i].ID
	return tables[i].ID
}

// deleteRouted deletes conn, which routes points at, and returns what the
// analysis must then find: a blackhole for each route, or, where the
// provider refuses the delete with FailedPrecondition, nothing.
func (fx *fixture) deleteRouted(conn string, routes []routeAt) []expectation {
	t, e := fx.t, fx.e
	t.Helper()
	err := e.a.Delete(e.ctx, conn)
	if peering.Code(err) == peering.FailedPrecondition {
		e.checkError(t, "Delete of a connection routes point at", err)
		for _, r := range routes {
			if r.net.AccountID != e.nets.Local.AccountID {
				continue // a route of the other account's the caller may not read, nor name
			}
			if !strings.Contains(err.Error(), r.id) && !strings.Contains(err.Error(), r.dest.String()) {
				t.Errorf("Delete(%s) was refused while routes point at it, but the refusal does not say which (no %s or %s): %v", conn, r.id, r.dest, err)
			}
		}
		t.Logf("the provider refuses to delete %s while routes point at it (FailedPrecondition): no blackhole can be made through the API; the connection stays routed both ways", conn)
		return nil
	}
	e.noError(t, fmt.Sprintf("Delete(%q) of a connection routes point at", conn), err)
	out := make([]expectation, len(routes))
	for i, r := range routes {
		out[i] = expectation{kind: inventory.KindBlackhole, conn: conn, routes: []string{r.id}, prefixes: []netip.Prefix{r.dest},
			network: r.net.ID, dest: r.dest}
	}
	return out
}

// block returns the first IPv4 block of n.
func (fx *fixture) block(n Network) netip.Prefix {
	fx.t.Helper()
	if len(n.IPv4CIDRs) == 0 {
		fx.t.Fatalf("the harness does not know the blocks of network %s", n.ID)
	}
	return n.IPv4CIDRs[0]
}

// half returns the first half of block p.
func half(p netip.Prefix) netip.Prefix {
	if p.Bits() >= p.Addr().BitLen() {
		return p
	}
	return netip.PrefixFrom(p.Addr(), p.Bits()+1).Masked()
}

// read reads the estate back as an inventory would: each network's
// connections by its owner's listing, and its route tables.
func (fx *fixture) read() ([]inventory.Record, []inventory.NetworkRoutes) {
	t, e := fx.t, fx.e
	t.Helper()
	var records []inventory.Record
	var routes []inventory.NetworkRoutes
	listed := map[string]bool{}
	for _, n := range fx.nets {
		p := fx.adapter(n)
		acct := AccountA
		if p != e.a {
			acct = AccountB
		}
		cs, err := peering.Collect(e.ctx, p, peering.Filter{NetworkID: n.ID})
		e.noError(t, fmt.Sprintf("account %s's List of network %s", acct, n.ID), err)
		for _, c := range cs {
			listed[c.ID] = true
			records = append(records, inventory.Record{Connection: c, SeenBy: []inventory.Sighting{{Target: acct.String(), Role: c.Role}}})
		}
		rr, ok := p.(peering.RouteReader)
		if !ok {
			t.Fatalf("the adapter of %s is not a peering.RouteReader", n.ID)
		}
		tables, err := rr.RouteTables(e.ctx, n.ID)
		e.noError(t, fmt.Sprintf("account %s's RouteTables(%s)", acct, n.ID), err)
		e.checkTables(t, n.ID, tables)
		routes = append(routes, inventory.NetworkRoutes{Network: inventory.Ref{Provider: e.a.Provider(), ID: n.ID}, Tables: tables})
	}
	for _, id := range fx.conns {
		if !listed[id] {
			t.Errorf("connection %s of the estate is in no listing of its networks", id)
		}
	}
	return records, routes
}

// check runs the analysis on what read returns and compares its routing
// findings with the expectations.
func (fx *fixture) check() {
	t := fx.t
	records, routes := fx.read()
	inv := inventory.AnalyzeRoutes(records, routes, inventory.Options{})
	var got []inventory.Finding
	for _, f := range inv.Findings {
		if slices.Contains(routeKinds, f.Kind) {
			got = append(got, f)
		}
	}
	matched := make([]bool, len(got))
	for _, w := range fx.want {
		i := slices.IndexFunc(got, func(f inventory.Finding) bool { return w.matches(f) })
		for i >= 0 && matched[i] {
			j := slices.IndexFunc(got[i+1:], func(f inventory.Finding) bool { return w.matches(f) })
			if j < 0 {
				i = -1
				break
			}
			i += 1 + j
		}
		if i < 0 {
			t.Errorf("case %s: no %s finding for %s; the routing findings are:\n%s", w.why, w.kind, w.subject(), findingList(got))
			continue
		}
		matched[i] = true
		if bad := w.details(got[i]); bad != "" {
			t.Errorf("case %s: the %s finding for %s %s: %s", w.why, w.kind, w.subject(), bad, got[i].Message)
		}
	}
	for i, f := range got {
		if !matched[i] {
			t.Errorf("unexpected %s finding: %s", f.Kind, f.Message)
		}
	}
}

// matches reports whether finding f is the one w expects.
func (w expectation) matches(f inventory.Finding) bool {
	if f.Kind != w.kind {
		return false
	}
	if w.kind != inventory.KindBlackhole {
		return len(f.Connections) == 1 && f.Connections[0].ID == w.conn
	}
	// A blackhole is about a route: the one w names, in its network.
	return len(f.Routes) == 1 && f.Routes[0].Network.ID == w.network && f.Routes[0].Destination == w.dest &&
		(len(f.Connections) == 0 || len(f.Connections) == 1 && f.Connections[0].ID == w.conn)
}

func (w expectation) subject() string {
	if w.kind == inventory.KindBlackhole {
		return fmt.Sprintf("the route to %s in %s through %s", w.dest, w.network, w.conn)
	}
	return "connection " + w.conn
}

// details returns what is wrong with the routes and blocks finding f names,
// "" when nothing is.
func (w expectation) details(f inventory.Finding) string {
	var bad []string
	var ids []string
	for _, r := range f.Routes {
		ids = append(ids, r.Route)
	}
	if w.routes != nil && !sameSet(ids, w.routes) {
		bad = append(bad, fmt.Sprintf("names routes %v, want %v", ids, w.routes))
	}
	if w.prefixes != nil && !samePrefixes(f.Prefixes, w.prefixes) {
		bad = append(bad, fmt.Sprintf("names blocks %v, want %v", f.Prefixes, w.prefixes))
	}
	return strings.Join(bad, "; ")
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func findingList(fs []inventory.Finding) string {
	if len(fs) == 0 {
		return "  (none)"
	}
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = "  " + string(f.Kind) + ": " + f.Message
	}
	return strings.Join(s, "\n")
}

func networkIDs(ns []Network) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.ID
	}
	return out
}
