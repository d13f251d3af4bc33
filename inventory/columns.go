package inventory

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/peeringkit/peering"
)

// column is one column of the wide table, which has them all; its name is
// what [SortBy] takes, and its header is the name in capitals.
type column struct {
	name string
	cell func(r *Record, c *cells) string
	// compare orders two records by the column; nil compares the cells.
	compare func(a, b *Record) int
	// narrow, when set, is the cell of the default table, shorter.
	narrow func(r *Record, c *cells) string
}

// columns are the wide table's columns, in order. The default table shows
// id, provider, status, requester, accepter, bandwidth, account and reach.
var columns = []column{
	{name: "id", cell: func(r *Record, _ *cells) string { return r.ID }},
	{name: "provider", cell: func(r *Record, _ *cells) string { return string(r.Provider) }},
	{name: "status", cell: func(r *Record, _ *cells) string { return string(r.Status) }},
	{name: "requester", cell: func(r *Record, _ *cells) string { return dash(r.Requester.NetworkID) }},
	{name: "requester-region", cell: func(r *Record, _ *cells) string { return dash(r.Requester.Region) }},
	{name: "requester-account", cell: func(r *Record, _ *cells) string { return dash(r.Requester.AccountID) }},
	{name: "requester-cidrs", cell: func(r *Record, _ *cells) string { return cidrCell(r.Requester) }},
	{name: "accepter", cell: func(r *Record, _ *cells) string { return dash(r.Accepter.NetworkID) }},
	{name: "accepter-region", cell: func(r *Record, _ *cells) string { return dash(r.Accepter.Region) }},
	{name: "accepter-account", cell: func(r *Record, _ *cells) string { return dash(r.Accepter.AccountID) }},
	{name: "accepter-cidrs", cell: func(r *Record, _ *cells) string { return cidrCell(r.Accepter) }},
	{name: "bandwidth", cell: func(r *Record, _ *cells) string { return bandwidthCell(r.Bandwidth) },
		compare: func(a, b *Record) int { return cmp.Compare(bandwidthRank(a.Bandwidth), bandwidthRank(b.Bandwidth)) }},
	{name: "account", cell: accountCell, narrow: mainAccountCell},
	{name: "name", cell: func(r *Record, _ *cells) string { return dash(r.Name) }},
	{name: "role", cell: func(r *Record, _ *cells) string { return string(r.Role) }},
	{name: "provider-status", cell: func(r *Record, _ *cells) string { return dash(r.ProviderStatus) }},
	{name: "created", cell: func(r *Record, _ *cells) string { return dash(csvTime(r.CreatedAt)) },
		compare: func(a, b *Record) int { return a.CreatedAt.Compare(b.CreatedAt) }},
	{name: "seen-by", cell: func(r *Record, _ *cells) string { return seenByCell(r) }},
	{name: "reach", cell: func(r *Record, c *cells) string { return reachCell(c.reach[r.Ref()], nil) }},
	{name: "to-accepter", cell: func(r *Record, c *cells) string {
		return reachCell(c.reach[r.Ref()], func(x *Reach) Verdict { return x.ToAccepter.Verdict })
	}},
	{name: "to-requester", cell: func(r *Record, c *cells) string {
		return reachCell(c.reach[r.Ref()], func(x *Reach) Verdict { return x.ToRequester.Verdict })
	}},
}

// cells is what the cells of a table need besides the record: the
// accounts of the targets by target name, and the verdicts by connection.
type cells struct {
	accounts map[string]string
	reach    map[Ref]*Reach
}

func cellsOf(inv *Inventory) *cells {
	return &cells{accounts: targetAccounts(inv), reach: reachOf(inv)}
}

// reachCell is a verdict of r (the peering's when which is nil, else the
// direction's), or "-" when the route tables were not read.
func reachCell(r *Reach, which func(*Reach) Verdict) string {
	switch {
	case r == nil:
		return "-"
	case which == nil:
		return string(r.Verdict)
	}
	return string(which(r))
}

// narrowColumns are the default table's columns: what fits 120 columns.
// reach is the peering's verdict (both, one-way, partial, none, unknown,
// inactive; "-" when the route tables were not read); the wide table adds
// each direction's (to-accepter, to-requester).
var narrowColumns = []string{"id", "provider", "status", "requester", "accepter", "bandwidth", "account", "reach"}

// Columns returns the names of the wide table's columns, in its order:
// the names [SortBy] takes.
func Columns() []string {
	out := make([]string, len(columns))
	for i, c := range columns {
		out[i] = c.name
	}
	return out
}

func columnNamed(name string) (column, bool) {
	name = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(name)), "_", "-")
	i := slices.IndexFunc(columns, func(c column) bool { return c.name == name })
	if i < 0 {
		return column{}, false
	}
	return columns[i], true
}

// CheckColumn returns an error naming the columns when name is not one of
// them (case-insensitive; '_' may stand for '-').
func CheckColumn(name string) error {
	if _, ok := columnNamed(name); !ok {
		return fmt.Errorf("unknown column %q (want one of %s)", name, strings.Join(Columns(), ", "))
	}
	return nil
}

// SortBy orders inv.Records by the named column (see [Columns]), keeping
// the provider-then-ID order among equal values. Bandwidth sorts by value,
// unknown first and unlimited last; created by time; every other column by
// its text. The graph is not affected.
func SortBy(inv *Inventory, name string) error {
	c, ok := columnNamed(name)
	if !ok {
		return CheckColumn(name)
	}
	compare := c.compare
	if compare == nil {
		cs := cellsOf(inv)
		compare = func(a, b *Record) int { return strings.Compare(c.cell(a, cs), c.cell(b, cs)) }
	}
	recs := inv.Records
	order := make([]int, recs.Len())
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		a, b := recs.shared(i), recs.shared(j)
		return cmp.Or(compare(&a, &b), a.Ref().Compare(b.Ref()))
	})
	// New rows: the graph's links read the records in their first order.
	sorted := Records{rows: makeChunked[row](len(order)), t: recs.t}
	for i, j := range order {
		*sorted.rows.at(i) = *recs.rows.at(j)
	}
	inv.Records = sorted
	return nil
}

// bandwidthRank orders bandwidths: unknown, then by value, then unlimited.
func bandwidthRank(b peering.Bandwidth) int64 {
	switch b {
	case peering.BandwidthUnknown:
		return -1
	case peering.BandwidthUnlimited:
		return 1 << 62
	}
	return int64(b)
}

// targetAccounts maps each target's name to its account, as the targets
// were described to Collect.
func targetAccounts(inv *Inventory) map[string]string {
	m := make(map[string]string, len(inv.TargetResults))
	for _, t := range inv.TargetResults {
		if t.Account != "" {
			m[t.Name] = t.Account
		}
	}
	return m
}

// accountCell names the accounts that listed the connection, as the
// targets call them (their target names where they give no account),
// separated by commas.
func accountCell(r *Record, c *cells) string {
	var out []string
	for _, s := range r.SeenBy {
		a, ok := c.accounts[s.Target]
		if !ok {
			a = s.Target
		}
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return dash(strings.Join(out, listSep))
}

// mainAccountCell is the default table's account: the one that asked for
// the connection where a target saw that side (else the first), then "+N"
// when N more accounts listed it, the other side of a cross-account
// peering.
func mainAccountCell(r *Record, c *cells) string {
	var names []string
	main := ""
	for _, s := range r.SeenBy {
		a, ok := c.accounts[s.Target]
		if !ok {
			a = s.Target
		}
		if s.Role == peering.RoleRequester && main == "" {
			main = a
		}
		if !slices.Contains(names, a) {
			names = append(names, a)
		}
	}
	switch {
	case len(names) == 0:
		return "-"
	case main == "":
		main = names[0]
	}
	if len(names) > 1 {
		return fmt.Sprintf("%s+%d", main, len(names)-1)
	}
	return main
}

func seenByCell(r *Record) string {
	out := make([]string, len(r.SeenBy))
	for i, s := range r.SeenBy {
		out[i] = s.Target
	}
	return dash(strings.Join(out, listSep))
}

// listSep separates the values of a multi-valued cell (blocks, accounts,
// targets, finding kinds) in the table and in CSV alike.
const listSep = ","
