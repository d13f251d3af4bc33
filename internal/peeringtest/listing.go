package peeringtest

import (
	"context"
	"fmt"
	"testing"

	"golang.org/x/sync/errgroup"

	"github.com/peeringkit/peering"
)

// CollectOnce lists everything matching f with peering.List and fails on
// an error or a repeated ID.
func CollectOnce(t testing.TB, p peering.Peering, f peering.Filter) map[string]peering.Connection {
	t.Helper()
	got := make(map[string]peering.Connection)
	for c, err := range peering.List(context.Background(), p, f) {
		if err != nil {
			t.Fatalf("List after %d connections: %v", len(got), err)
		}
		if _, dup := got[c.ID]; dup {
			t.Fatalf("List yielded %s twice", c.ID)
		}
		got[c.ID] = c
	}
	return got
}

// Walk lists with ListPage alone, page after page, and returns what it saw
// and the number of pages. A page larger than f.PageSize or a connection
// seen twice is an error of the test.
func Walk(t testing.TB, p peering.Peering, f peering.Filter) (map[string]peering.Connection, int) {
	t.Helper()
	got := make(map[string]peering.Connection)
	token, pages := "", 0
	for {
		page, err := p.ListPage(context.Background(), f, token)
		if err != nil {
			t.Fatalf("page %d: %v", pages+1, err)
		}
		pages++
		if f.PageSize > 0 && len(page.Connections) > f.PageSize {
			t.Errorf("page %d holds %d connections, more than %d", pages, len(page.Connections), f.PageSize)
		}
		for _, conn := range page.Connections {
			if _, dup := got[conn.ID]; dup {
				t.Errorf("page %d repeats %s", pages, conn.ID)
			}
			got[conn.ID] = conn
		}
		if token = page.Next; token == "" {
			return got, pages
		}
	}
}

// SameIDs reports, as errors of the test, the difference between a
// listing and the IDs expected.
func SameIDs(t testing.TB, got map[string]peering.Connection, want map[string]bool) {
	t.Helper()
	for id := range want {
		if _, ok := got[id]; !ok {
			t.Errorf("missing %s", id)
		}
	}
	for id := range got {
		if !want[id] {
			t.Errorf("unexpected %s", id)
		}
	}
}

// PoolFor returns how many networks make at least n distinct pairs: the
// APIs allow one connection per pair, so n connections need that many.
func PoolFor(n int) int {
	k := 2
	for k*(k-1)/2 < n {
		k++
	}
	return k
}

// Pairs returns n distinct pairs of pool, each network with the earlier
// ones in turn: (0,1), (0,2), (1,2), (0,3), …
func Pairs(pool []string, n int) [][2]string {
	var out [][2]string
	for j := 1; j < len(pool) && len(out) < n; j++ {
		for i := 0; i < j && len(out) < n; i++ {
			out = append(out, [2]string{pool[i], pool[j]})
		}
	}
	if len(out) < n {
		panic(fmt.Sprintf("peeringtest: %d networks make %d pairs, not %d", len(pool), len(out), n))
	}
	return out
}

// CreateN creates one connection named conn-NNNNN per pair with c, eight at
// a time, and returns the set of their IDs, failing unless every create
// succeeds with an ID of its own.
func CreateN(t testing.TB, c peering.Peering, pairs [][2]string) map[string]bool {
	t.Helper()
	ids := make([]string, len(pairs))
	g, ctx := errgroup.WithContext(context.Background())
	g.SetLimit(8)
	for i, p := range pairs {
		g.Go(func() error {
			id, err := c.Create(ctx, peering.CreateRequest{Name: fmt.Sprintf("conn-%05d", i), LocalNetworkID: p[0], PeerNetworkID: p[1]})
			ids[i] = id
			return err
		})
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	set := make(map[string]bool, len(pairs))
	for _, id := range ids {
		set[id] = true
	}
	if len(set) != len(pairs) {
		t.Fatalf("%d creates made %d distinct IDs", len(pairs), len(set))
	}
	return set
}

// OutlivesBodies walks p with ListPage in pages of size (see Walk), and
// only once the last page is in checks every connection against want,
// which returns the fields it must hold as the emulator holds them, those
// of its Raw record among them, or false for one the emulator does not
// hold. Each page's body is read into a buffer that later pages reuse
// (internal/httpguard), and that race builds overwrite as it is released:
// a connection that still points into the body it came from reads wrong
// here. Fewer than three pages is an error of the test, which would then
// reuse too little. It returns what it listed.
func OutlivesBodies(t testing.TB, p peering.Peering, size int, want func(peering.Connection) ([]Field, bool)) map[string]peering.Connection {
	t.Helper()
	got, pages := Walk(t, p, peering.Filter{PageSize: size})
	if pages < 3 {
		t.Fatalf("%d connections took %d pages of %d: too few for later pages to reuse earlier ones' buffers", len(got), pages, size)
	}
	for id, c := range got {
		fields, ok := want(c)
		if !ok {
			t.Errorf("listed %q, which the emulator does not hold", id)
			continue
		}
		Fields(t, id, fields...)
	}
	return got
}
