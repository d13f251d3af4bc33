package inventory

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"net/netip"
	"slices"
	"strings"

	"github.com/peeringkit/peering"
)

// overlap is a pair of address blocks that share addresses.
type overlap struct{ a, b netip.Prefix }

func (o overlap) String() string {
	if o.a == o.b {
		return o.a.String()
	}
	return o.a.String() + " ~ " + o.b.String()
}

// overlaps returns every pair (x from a, y from b) that share addresses,
// in the order of a then b. Blocks of different families never overlap.
func overlaps(a, b []netip.Prefix) []overlap {
	var out []overlap
	for _, x := range a {
		for _, y := range b {
			if x.Overlaps(y) {
				out = append(out, overlap{x, y})
			}
		}
	}
	return out
}

func blocks(e peering.Endpoint) []netip.Prefix {
	return append(slices.Clip(e.IPv4CIDRs), e.IPv6CIDRs...)
}

// prefixesOf returns the distinct blocks named in os, sorted.
func prefixesOf(os []overlap) []netip.Prefix {
	var out []netip.Prefix
	for _, o := range os {
		out = append(out, o.a, o.b)
	}
	slices.SortFunc(out, comparePrefixes)
	return slices.Compact(out)
}

// comparePrefixes orders blocks by address, then length (netip.Prefix has
// its own Compare only from Go 1.26).
func comparePrefixes(a, b netip.Prefix) int {
	return cmp.Or(a.Addr().Compare(b.Addr()), cmp.Compare(a.Bits(), b.Bits()))
}

func describe(os []overlap) string {
	parts := make([]string, len(os))
	for i, o := range os {
		parts[i] = o.String()
	}
	return strings.Join(parts, ", ")
}

// endsOverlap reports a live connection whose two ends share addresses:
// neither side can route the shared range to the other.
func endsOverlap(r *Record) []Finding {
	if !live(&r.Connection) || r.Requester.NetworkID == r.Accepter.NetworkID {
		return nil // a self-peering is reported as such
	}
	os := overlaps(blocks(r.Requester), blocks(r.Accepter))
	if len(os) == 0 {
		return nil
	}
	return []Finding{{
		Kind:        KindCIDROverlap,
		Severity:    SeverityError,
		Connections: []Ref{r.Ref()},
		Networks:    endpoints(&r.Connection),
		Prefixes:    prefixesOf(os),
		Message: fmt.Sprintf("%s peering %s joins %s and %s, whose address blocks overlap (%s): the shared range cannot be routed across it",
			r.Provider, r.ID, r.Requester.NetworkID, r.Accepter.NetworkID, describe(os)),
	}}
}

// unknownBlocks reports whether an end's address blocks are unknown (it has
// none: a network always has one), and why, as the adapter said or "no
// reason given".
func unknownBlocks(e peering.Endpoint) (string, bool) {
	if len(e.IPv4CIDRs) > 0 || len(e.IPv6CIDRs) > 0 {
		return "", false
	}
	if e.CIDRsUnknown == "" {
		return "no reason given", true
	}
	return e.CIDRsUnknown, true
}

// cidrsUnknown reports a live connection with an end whose blocks are
// unknown: the overlap checks (endsOverlap, peersOverlap) find nothing for
// it because they could not look, and this finding is what says so. Its
// scope is theirs: live connections between two networks (a self-peering is
// reported as such and has nothing to overlap).
func cidrsUnknown(r *Record) (Finding, bool) {
	if !live(&r.Connection) || r.Requester.NetworkID != "" && r.Requester.NetworkID == r.Accepter.NetworkID {
		return Finding{}, false
	}
	var (
		parts []string
		nets  []Ref
	)
	for _, end := range []struct {
		role peering.Role
		e    peering.Endpoint
	}{{peering.RoleRequester, r.Requester}, {peering.RoleAccepter, r.Accepter}} {
		why, unknown := unknownBlocks(end.e)
		if !unknown {
			continue
		}
		parts = append(parts, fmt.Sprintf("of the %s %s (%s)", end.role, orUnknown(end.e.NetworkID), why))
		if end.e.NetworkID != "" {
			nets = append(nets, network(&r.Connection, end.e))
		}
	}
	if len(parts) == 0 {
		return Finding{}, false
	}
	slices.SortFunc(nets, Ref.Compare)
	them := "it"
	if len(parts) > 1 {
		them = "them"
	}
	return Finding{
		Kind:        KindCIDRsUnknown,
		Severity:    SeverityWarning,
		Connections: []Ref{r.Ref()},
		Networks:    nets,
		Message: fmt.Sprintf("%s peering %s: the address blocks %s are unknown, so overlaps involving %s were not checked",
			r.Provider, r.ID, strings.Join(parts, " and "), them),
	}, true
}

// peerSide is one network peered with a hub network, through one
// connection. Its refs are filled in only for the sides of a group: most
// sides are in none.
type peerSide struct {
	peer    netKey
	row     uint32
	blocks  []netip.Prefix
	network Ref
	conn    Ref
}

// peersOverlap reports, for each network, the groups of networks peered
// with it whose blocks overlap: the hub has one route table and cannot send
// the shared range to all of them. One finding per group, not per pair: a
// hub peered with a hundred networks that all use 10.0.0.0/16 is one
// finding naming the hundred, not 4,950.
func peersOverlap(records Records) []Finding {
	t := records.t
	// Each live connection between two networks is an edge from either
	// end to the other. Grouped by hub, sorted by peer then record, a
	// hub's peers are a run, and the first edge to each peer is through
	// the record that comes first; duplicates are reported apart.
	type edge struct {
		networkPair        // a is the hub, b the peer
		end         uint32 // the peer's end in the connection
	}
	edges := make([]edge, 0, 2*records.Len())
	for i := range records.Len() {
		r := records.rows.at(i)
		req, acc := t.network(r, r.req), t.network(r, r.acc)
		if !t.live(r) || !req.known() || !acc.known() || req == acc {
			continue
		}
		edges = append(edges, edge{networkPair{req, acc, uint32(i)}, r.acc}, edge{networkPair{acc, req, uint32(i)}, r.req})
	}
	groupBy(edges, len(t.strs), func(e *edge) uint32 { return uint32(e.a) }, func(x, y edge) int { return x.compare(y.networkPair) })
	var (
		out   []Finding
		sides []peerSide
		sc    overlapScratch
	)
	for lo, hi := 0, 0; lo < len(edges); lo = hi {
		for hi = lo + 1; hi < len(edges) && edges[hi].a == edges[lo].a; hi++ {
		}
		if edges[hi-1].b == edges[lo].b {
			continue // one peer overlaps with no other
		}
		sides = sides[:0]
		for j, e := range edges[lo:hi] {
			if j > 0 && e.b == edges[lo+j-1].b {
				continue
			}
			sides = append(sides, peerSide{peer: e.b, row: e.row, blocks: blocks(t.ends[e.end])})
		}
		for _, g := range overlapGroups(sides, &sc) {
			for _, k := range g.sides {
				s := &sides[k]
				s.network, s.conn = t.networkRef(s.peer), t.ref(records.rows.at(int(s.row)))
			}
			// A group's sides in the order of their networks, which its
			// message names first.
			slices.SortFunc(g.sides, func(a, b int) int { return sides[a].network.Compare(sides[b].network) })
			out = append(out, peerGroupFinding(t.networkRef(edges[lo].a), sides, g))
		}
	}
	return out
}

// overlapGroup is sides of one hub whose blocks overlap, directly or
// through one another (indexes into the hub's sides, in their order), and
// the blocks that do.
type overlapGroup struct {
	sides  []int
	blocks []netip.Prefix
}

// overlapGroups returns the groups of two or more sides whose blocks
// overlap. It sweeps the blocks sorted by address rather than comparing
// every pair: blocks are nested or disjoint, so a block that starts within
// the widest open block lies inside it, and one that starts past it opens
// the next. The groups' sides are sc's, valid until its next use; their
// blocks are their own.
func overlapGroups(sides []peerSide, sc *overlapScratch) []overlapGroup {
	items := sc.items[:0]
	for i, s := range sides {
		for _, p := range s.blocks {
			items = append(items, newBlockItem(p, i))
		}
	}
	sc.items = items
	slices.SortFunc(items, compareBlockItems)
	parent := resized(&sc.parent, len(sides))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		if parent[i] != i {
			parent[i] = find(parent[i])
		}
		return parent[i]
	}
	involved := resized(&sc.involved, len(items))
	clear(involved)
	open := -1
	for j := range items {
		it := &items[j]
		if open >= 0 && it.within(&items[open]) {
			if it.side != items[open].side {
				parent[find(it.side)] = find(items[open].side)
				involved[j], involved[open] = true, true
			}
			continue
		}
		open = j
	}
	// A group is the sides of one root, in order, and the groups come in
	// the order of their roots: counted, then placed, in linear time.
	size := resized(&sc.size, len(sides))
	clear(size)
	for i := range sides {
		size[find(i)]++
	}
	group := resized(&sc.group, len(sides)) // root -> index in out, or -1
	order := resized(&sc.order, len(sides)) // the groups' sides, a run each
	var out []overlapGroup
	placed := 0
	for root, n := range size {
		group[root] = -1
		if n >= 2 {
			group[root] = len(out)
			out = append(out, overlapGroup{sides: order[placed : placed : placed+n]})
			placed += n
		}
	}
	if len(out) == 0 {
		return nil
	}
	for i := range sides {
		if g := group[find(i)]; g >= 0 {
			out[g].sides = append(out[g].sides, i)
		}
	}
	// The blocks are counted first: they become the findings' own, so
	// they are allocated to size, not grown.
	counts := resized(&sc.counts, len(out))
	clear(counts)
	for j := range items {
		if involved[j] {
			counts[group[find(items[j].side)]]++ // an involved side overlaps another: it is in a group
		}
	}
	for i := range out {
		out[i].blocks = make([]netip.Prefix, 0, counts[i])
	}
	for j := range items {
		if involved[j] {
			g := &out[group[find(items[j].side)]]
			g.blocks = append(g.blocks, items[j].p)
		}
	}
	for i := range out {
		slices.SortFunc(out[i].blocks, comparePrefixes)
		out[i].blocks = slices.Clip(slices.Compact(out[i].blocks))
	}
	return out
}

// overlapScratch is what overlapGroups needs for one hub, kept from hub to
// hub: a large estate has hundreds of thousands of hubs.
type overlapScratch struct {
	items                      []blockItem
	parent, size, group, order []int
	counts                     []int
	involved                   []bool
}

// resized returns *s at length n, reusing its array when it is large
// enough.
func resized[T any](s *[]T, n int) []T {
	if cap(*s) < n {
		*s = make([]T, n)
	}
	*s = (*s)[:n]
	return *s
}

// blockItem is a side's block with its masked first and last addresses as
// integers (IPv4 in lo alone), so that sorting and sweeping compare
// numbers instead of addresses.
type blockItem struct {
	p              netip.Prefix // as the side has it
	v6             bool
	bits           uint8
	hi, lo         uint64 // the masked first address
	lastHi, lastLo uint64 // the last address
	side           int
}

func newBlockItem(p netip.Prefix, side int) blockItem {
	it := blockItem{p: p, v6: p.Addr().BitLen() == 128, bits: uint8(p.Bits()), side: side}
	m := p.Masked().Addr()
	if it.v6 {
		a := m.As16()
		it.hi, it.lo = binary.BigEndian.Uint64(a[:8]), binary.BigEndian.Uint64(a[8:])
		host := 128 - int(it.bits)
		it.lastHi, it.lastLo = it.hi|ones(host-64), it.lo|ones(host)
	} else {
		a := m.As4()
		it.lo = uint64(binary.BigEndian.Uint32(a[:]))
		it.lastLo = it.lo | ones(32-int(it.bits))
	}
	return it
}

// ones returns a word with its n low bits set (n clamped to 0..64).
func ones(n int) uint64 {
	switch {
	case n <= 0:
		return 0
	case n >= 64:
		return math.MaxUint64
	}
	return 1<<n - 1
}

// compareBlockItems orders blocks as comparePrefixes orders them masked:
// IPv4 before IPv6, then by address, then by length.
func compareBlockItems(a, b blockItem) int {
	return cmp.Or(cmpBool(a.v6, b.v6), cmp.Compare(a.hi, b.hi), cmp.Compare(a.lo, b.lo), cmp.Compare(a.bits, b.bits))
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// within reports whether it starts inside open, a block of the same
// family.
func (it *blockItem) within(open *blockItem) bool {
	return it.v6 == open.v6 && (it.hi < open.lastHi || (it.hi == open.lastHi && it.lo <= open.lastLo))
}

// peerGroupFinding describes one group of a hub's peers whose blocks
// overlap. A pair names each overlapping pair of blocks; a larger group
// names the blocks. The message names at most namedPeers peers and
// namedBlocks blocks, then how many more: a hub with hundreds of such peers
// is still one sentence, and Networks, Connections and Prefixes hold them
// all.
func peerGroupFinding(hub Ref, sides []peerSide, g overlapGroup) Finding {
	f := Finding{Kind: KindPeerCIDROverlap, Severity: SeverityWarning,
		Connections: make([]Ref, 0, len(g.sides)), Networks: make([]Ref, 1, 1+len(g.sides)), Prefixes: g.blocks}
	f.Networks[0] = hub
	for _, k := range g.sides {
		f.Connections = append(f.Connections, sides[k].conn)
		f.Networks = append(f.Networks, sides[k].network)
	}
	slices.SortFunc(f.Connections, Ref.Compare)
	slices.SortFunc(f.Networks, Ref.Compare)
	var named []string
	for _, k := range g.sides[:min(len(g.sides), namedPeers)] {
		named = append(named, sides[k].network.ID+" ("+sides[k].conn.ID+")")
	}
	if len(g.sides) == 2 {
		os := overlaps(sides[g.sides[0]].blocks, sides[g.sides[1]].blocks)
		f.Prefixes = prefixesOf(os)
		f.Message = fmt.Sprintf("%s network %s is peered with %s and %s, whose address blocks overlap (%s): it cannot route the shared range to both",
			hub.Provider, hub.ID, named[0], named[1], describe(os))
		return f
	}
	peers := strings.Join(named[:len(named)-1], ", ") + " and " + named[len(named)-1]
	if more := len(g.sides) - len(named); more > 0 {
		peers = fmt.Sprintf("%s and %d more networks", strings.Join(named, ", "), more)
	}
	var blocks []string
	for _, p := range g.blocks[:min(len(g.blocks), namedBlocks)] {
		blocks = append(blocks, p.String())
	}
	if more := len(g.blocks) - len(blocks); more > 0 {
		blocks = append(blocks, fmt.Sprintf("and %d more", more))
	}
	f.Message = fmt.Sprintf("%s network %s is peered with %s, whose address blocks overlap (%s): it cannot route the shared range to all of them",
		hub.Provider, hub.ID, peers, strings.Join(blocks, ", "))
	return f
}

// namedPeers and namedBlocks are how many peers and blocks a finding's
// message names.
const (
	namedPeers  = 5
	namedBlocks = 5
)
