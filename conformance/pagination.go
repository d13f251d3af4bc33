package conformance

import (
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/peeringkit/peering"
)

// EnvFull is the environment variable that, set to 1, makes the pagination
// checks walk every page size from 1 to the provider's maximum instead of a
// representative set. It is for an adapter's author, not for CI: with a
// maximum of 1000 it makes thousands of walks.
const EnvFull = "PEERING_CONFORMANCE_FULL"

// pageSizes returns the page sizes to check: the edges (1, 2, 3, the
// minimum, the maximum and one under it), one in the middle, and 0 (the
// provider's default); or, with EnvFull, every size.
func pageSizes(caps peering.Capabilities) []int {
	lo, hi := max(caps.MinPageSize, 1), caps.MaxPageSize
	var sizes []int
	if os.Getenv(EnvFull) == "1" {
		for p := 1; p <= hi; p++ {
			sizes = append(sizes, p)
		}
	} else {
		for _, p := range []int{1, 2, 3, lo, (lo + hi) / 2, hi - 1, hi} {
			if p >= 1 && p <= hi && !slices.Contains(sizes, p) {
				sizes = append(sizes, p)
			}
		}
		slices.Sort(sizes)
	}
	return append(sizes, 0)
}

// counts returns the connection counts to walk with page size p: none, one,
// one page less one, one page, one page and one, and several pages.
func counts(p int) []int {
	var out []int
	for _, n := range []int{0, 1, p - 1, p, p + 1, 3*p + 1} {
		if n >= 0 && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// checkPagination walks listings page by page with every page size of
// pageSizes over every count of counts, and checks that each connection
// comes exactly once, that no page is larger than asked, and that
// peering.List agrees. The counts need a harness that is an Estater; without
// one, the account's own connections are walked instead.
func checkPagination(t *testing.T, e *env) {
	if e.caps.MaxPageSize < 1 {
		t.Fatalf("Capabilities().MaxPageSize is %d; a listing needs a positive maximum page size", e.caps.MaxPageSize)
	}
	est, ok := e.h.(Estater)
	if !ok {
		paginateAccount(t, e)
		return
	}
	// Walk counts in increasing order, so that an Estater that grows one
	// network from call to call never has to start again.
	byCount := map[int][]int{}
	for _, p := range pageSizes(e.caps) {
		eff := p
		if p == 0 {
			eff = e.caps.MaxPageSize
		}
		for _, n := range counts(eff) {
			byCount[n] = append(byCount[n], p)
		}
	}
	for _, n := range slices.Sorted(maps.Keys(byCount)) {
		t.Run(fmt.Sprintf("count=%d", n), func(t *testing.T) {
			es := e.estate(t, est, n)
			for _, p := range byCount[n] {
				t.Run(fmt.Sprintf("size=%d", p), func(t *testing.T) {
					f := es.Filter
					f.PageSize = p
					e.checkListing(t, es.Peering, f, es.IDs)
				})
			}
		})
	}
}

// paginateAccount is the pagination check for a harness without an estate:
// the account's own listing, walked with each page size that keeps the walk
// under maxLivePages pages, must hold the same connections as the default
// listing.
func paginateAccount(t *testing.T, e *env) {
	const maxLivePages = 50
	all, err := peering.Collect(e.ctx, e.a, peering.Filter{})
	e.noError(t, "Collect with the default page size", err)
	ids := make([]string, len(all))
	for i, c := range all {
		ids[i] = c.ID
	}
	t.Logf("the harness has no estate: walking the account's %d connections", len(ids))
	for _, p := range pageSizes(e.caps) {
		t.Run(fmt.Sprintf("size=%d", p), func(t *testing.T) {
			if p > 0 && len(ids)/p > maxLivePages {
				t.Skipf("%d connections would take more than %d pages of %d", len(ids), maxLivePages, p)
			}
			e.checkListing(t, e.a, peering.Filter{PageSize: p}, ids)
		})
	}
}

// estate asks the harness for an estate of n connections, failing the test
// when it cannot make one.
func (e *env) estate(t *testing.T, est Estater, n int) Estate {
	t.Helper()
	es, err := est.Estate(e.ctx, n)
	switch {
	case err != nil:
		t.Fatalf("making an estate of %d connections: %v", n, err)
	case len(es.IDs) != n:
		t.Fatalf("the harness's estate has %d connection IDs, want %d", len(es.IDs), n)
	case es.Peering == nil:
		t.Fatal("the harness's estate has no Peering to list it with")
	}
	return es
}

// checkListing walks f through p page by page and with peering.List, and
// checks that both yield exactly the connections want.
func (e *env) checkListing(t *testing.T, p peering.Peering, f peering.Filter, want []string) {
	t.Helper()
	limit := f.PageSize
	if limit == 0 {
		limit = e.caps.MaxPageSize
	}
	got, err := e.walk(e.ctx, p, f, "", len(want), limit)
	if err != nil {
		t.Fatalf("ListPage walk with page size %d over %d connections: %v", f.PageSize, len(want), err)
	}
	if msg := sameIDs(got, want); msg != "" {
		t.Errorf("ListPage walk with page size %d over %d connections: %s", f.PageSize, len(want), msg)
	}
	listed, err := peering.Collect(e.ctx, p, f)
	if err != nil {
		e.checkError(t, "Collect", err)
		t.Fatalf("peering.List with page size %d over %d connections: %v", f.PageSize, len(want), err)
	}
	if msg := sameIDs(ids(listed), want); msg != "" {
		t.Errorf("peering.List with page size %d over %d connections: %s", f.PageSize, len(want), msg)
	}
}

// walk follows ListPage from token to the last page and returns the IDs in
// the order listed, duplicates included. It fails when a page holds more than
// limit connections, when a token repeats, or when the walk runs on past any
// plausible end for n connections.
func (e *env) walk(ctx context.Context, p peering.Peering, f peering.Filter, token string, n, limit int) ([]string, error) {
	var got []string
	tokens := map[string]bool{}
	// Every page but the last brings at least one connection, give or take
	// the few empty pages a cloud may send before the end.
	maxPages := n + 10
	for page := 1; ; page++ {
		pg, err := p.ListPage(ctx, f, token)
		if err != nil {
			return got, fmt.Errorf("page %d (token %q): %w", page, token, err)
		}
		if len(pg.Connections) > limit {
			return got, fmt.Errorf("page %d holds %d connections, more than the page size %d", page, len(pg.Connections), limit)
		}
		got = append(got, ids(pg.Connections)...)
		if pg.Next == "" {
			return got, nil
		}
		if tokens[pg.Next] || pg.Next == token {
			return got, fmt.Errorf("page %d returned token %q again: the walk would loop", page, pg.Next)
		}
		if page >= maxPages {
			return got, fmt.Errorf("the walk did not end after %d pages (%d connections so far)", page, len(got))
		}
		tokens[pg.Next] = true
		token = pg.Next
	}
}

func ids(cs []peering.Connection) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

// sameIDs compares a listing with the IDs it should hold, and says what is
// wrong: connections missing, duplicated or not expected; "" when it is right.
func sameIDs(got, want []string) string {
	seen := make(map[string]int, len(got))
	for _, id := range got {
		seen[id]++
	}
	wanted := make(map[string]bool, len(want))
	var missing, dup, extra []string
	for _, id := range want {
		wanted[id] = true
		if seen[id] == 0 {
			missing = append(missing, id)
		}
	}
	for _, id := range got {
		switch {
		case !wanted[id]:
			extra = append(extra, id)
		case seen[id] > 1 && !slices.Contains(dup, id):
			dup = append(dup, id)
		}
	}
	var msg []string
	if len(missing) > 0 {
		msg = append(msg, fmt.Sprintf("%d of %d connections missing (%s)", len(missing), len(want), firstN(missing, 5)))
	}
	if len(dup) > 0 {
		msg = append(msg, fmt.Sprintf("%d connections listed more than once (%s)", len(dup), firstN(dup, 5)))
	}
	if len(extra) > 0 {
		msg = append(msg, fmt.Sprintf("%d connections listed that should not be (%s)", len(extra), firstN(extra, 5)))
	}
	if len(msg) == 0 {
		return ""
	}
	return fmt.Sprintf("got %d connections: %s", len(got), strings.Join(msg, "; "))
}
