package bce_test

import (
	"slices"
	"strconv"
	"testing"

	"github.com/baidubce/bce-sdk-go/services/vpc"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator/bce"
	"github.com/peeringkit/peering/emulator/fault"
)

// sdkPages walks with the SDK at most limit pages of maxKeys, arming rule
// before page arm (0: the first), and returns each page's IDs, the markers
// it was handed and whether the walk ended by itself. A marker that comes
// back twice fails the test: every pathology here hands out fresh ones.
func sdkPages(t *testing.T, w *world, maxKeys, arm, limit int, rule fault.Rule) (pages [][]string, markers []string, ended bool) {
	t.Helper()
	a := w.client(t, acctA, "bj")
	args := vpc.ListPeerConnsArgs{MaxKeys: maxKeys}
	seen := map[string]bool{"": true}
	for len(pages) < limit {
		if len(pages) == arm {
			w.faults.Add(rule)
		}
		page, err := a.ListPeerConn(&args)
		require.NoError(t, err)
		require.LessOrEqual(t, len(page.PeerConns), maxKeys, "a page longer than asked")
		pages = append(pages, idsOf(page))
		if !page.IsTruncated {
			require.Empty(t, page.NextMarker)
			return pages, markers, true
		}
		require.False(t, seen[page.NextMarker], "marker %q handed out twice", page.NextMarker)
		seen[page.NextMarker] = true
		markers = append(markers, page.NextMarker)
		args.Marker = page.NextMarker
	}
	return pages, markers, false
}

// where returns the pages on which id is served.
func where(pages [][]string, id string) []int {
	var at []int
	for i, p := range pages {
		if slices.Contains(p, id) {
			at = append(at, i)
		}
	}
	return at
}

// RepeatLater: one connection of the armed page comes again Lag pages
// later (drawn from 3 to 6 when unset, or on the last page when the walk
// ends sooner), in a page no longer than asked; every other connection
// comes once, and the walk still ends.
func TestFaultRepeatLater(t *testing.T) {
	for _, tc := range []struct {
		name       string
		conns, arm int
		lag        int
		wantLag    []int // the allowed distances
		wantAt     int   // or the page it must land on
	}{
		{name: "lag 3", conns: 40, arm: 1, lag: 3, wantLag: []int{3}},
		{name: "lag 6", conns: 40, arm: 0, lag: 6, wantLag: []int{6}},
		{name: "drawn lag", conns: 40, arm: 2, wantLag: []int{3, 4, 5, 6}},
		// Pages of 4: [0-3] [4-7] [8-11] [12 13 +repeat].
		{name: "walk ends first", conns: 14, arm: 1, lag: 6, wantAt: 3},
		// [0-3] [4-7] [8-11] [12-14 +repeat] [15]: the page that would
		// have been the last makes room.
		{name: "last page full", conns: 16, arm: 1, lag: 6, wantAt: 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, bce.Config{})
			ids, err := w.svc.Seed(acctA.ID, "bj", tc.conns)
			require.NoError(t, err)
			rule := listRule(fault.RepeatLater, 1)
			rule.Lag = tc.lag
			pages, _, ended := sdkPages(t, w, 4, tc.arm, 50, rule)
			require.True(t, ended)
			require.Equal(t, 1, w.faults.Fired()[fault.RepeatLater])

			var flat, twice []string
			for _, p := range pages {
				flat = append(flat, p...)
			}
			for _, id := range ids {
				switch n := len(where(pages, id)); n {
				case 1:
				case 2:
					twice = append(twice, id)
				default:
					t.Fatalf("%s served on %d pages", id, n)
				}
			}
			require.Len(t, twice, 1, "one connection comes twice")
			require.Len(t, flat, tc.conns+1, "and nothing else is added or lost")
			at := where(pages, twice[0])
			require.Equal(t, tc.arm, at[0], "the repeated connection is one of the armed page's")
			if tc.wantLag == nil {
				require.Equal(t, tc.wantAt, at[1])
			} else {
				require.Contains(t, tc.wantLag, at[1]-at[0])
			}
		})
	}
}

// RepeatLater draws from the injector's seed: the same seed and requests
// give the same walk.
func TestFaultRepeatLaterIsReproducible(t *testing.T) {
	walkOnce := func() [][]string {
		w := newWorld(t, bce.Config{})
		_, err := w.svc.Seed(acctA.ID, "bj", 60)
		require.NoError(t, err)
		rule := listRule(fault.RepeatLater, 0)
		rule.Probability = 0.3
		pages, _, ended := sdkPages(t, w, 5, 0, 50, rule)
		require.True(t, ended)
		return pages
	}
	require.Equal(t, walkOnce(), walkOnce())
}

// CycleTokens: from the armed page on, every page has a marker never seen
// before, but the content comes back every Cycle pages: the walk never
// ends, and after one cycle it brings nothing new.
func TestFaultCycleTokens(t *testing.T) {
	for _, tc := range []struct {
		name        string
		conns, arm  int
		cycle, want int // Rule.Cycle, the cycle's length on the wire
	}{
		{"cycle of 4 from the first page", 40, 0, 4, 4},
		{"default cycle from page 3", 40, 2, 0, 4},
		{"cycle of 1", 40, 1, 1, 1},
		{"cut short by the end of the list", 14, 2, 4, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, bce.Config{})
			_, err := w.svc.Seed(acctA.ID, "bj", tc.conns)
			require.NoError(t, err)
			rule := listRule(fault.CycleTokens, 1)
			rule.Cycle = tc.cycle
			pages, markers, ended := sdkPages(t, w, 4, tc.arm, 30, rule)
			require.False(t, ended, "the walk ends")
			require.Len(t, markers, 30, "every page hands out a new marker")
			for i := tc.arm; i+tc.want < len(pages); i++ {
				require.Equal(t, pages[i], pages[i+tc.want], "page %d comes again %d pages later", i, tc.want)
			}
			for i := tc.arm + 1; i < tc.arm+tc.want; i++ {
				require.NotEqual(t, pages[tc.arm], pages[i], "the cycle is %d pages long", tc.want)
			}
			distinct := map[string]bool{}
			for _, p := range pages[:tc.arm+tc.want] {
				for _, id := range p {
					distinct[id] = true
				}
			}
			for _, p := range pages[tc.arm+tc.want:] {
				for _, id := range p {
					require.True(t, distinct[id], "%s is new after the first cycle", id)
				}
			}
		})
	}
}

// ShortPages: the server caps the page below maxKeys, says so in maxKeys,
// and the walk, following its markers, sees every connection once.
func TestFaultShortPages(t *testing.T) {
	for _, tc := range []struct {
		name    string
		cap     int
		maxKeys int
		want    int
	}{
		{"a cap of 3", 3, 10, 3},
		{"half by default", 0, 10, 5},
		{"a cap above the ask is half", 12, 10, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, bce.Config{})
			ids, err := w.svc.Seed(acctA.ID, "bj", 23)
			require.NoError(t, err)
			rule := fault.Rule{Provider: bce.Provider, Operation: bce.OpListPeerConn, Kind: fault.ShortPages, Probability: 1, PageCap: tc.cap}
			w.faults.Add(rule)
			first := rawList(t, w, acctA, "maxKeys=10")
			require.JSONEq(t, `"`+ids[tc.want]+`"`, string(first["nextMarker"]))
			require.Equal(t, strconv.Itoa(tc.want), string(first["maxKeys"]), "maxKeys says the server's size")

			pages, _, ended := sdkPages(t, w, tc.maxKeys, -1, 50, rule)
			require.True(t, ended)
			var got []string
			for i, p := range pages {
				if i < len(pages)-1 {
					require.Len(t, p, tc.want)
				}
				got = append(got, p...)
			}
			require.Equal(t, ids, got)
		})
	}

	// A page of one cannot be shorter: the rule is not spent on it.
	w := newWorld(t, bce.Config{})
	_, err := w.svc.Seed(acctA.ID, "bj", 3)
	require.NoError(t, err)
	w.faults.Add(listRule(fault.ShortPages, 1))
	require.JSONEq(t, "1", string(rawList(t, w, acctA, "maxKeys=1")["maxKeys"]))
	require.Zero(t, w.faults.Fired()[fault.ShortPages])
	require.JSONEq(t, "1", string(rawList(t, w, acctA, "maxKeys=2")["maxKeys"]))
}

// Every pathology at once, on every page with some probability, and the
// old pagination faults with them: each answer is still a well-formed page
// no longer than asked, of connections that exist, and every connection is
// served at least once before the walk ends or is stopped.
func TestFaultPathologiesTogether(t *testing.T) {
	for seed := range 4 {
		w := newWorld(t, bce.Config{})
		ids, err := w.svc.Seed(acctA.ID, "bj", 57)
		require.NoError(t, err)
		for _, r := range fault.ListPathologies(bce.Provider, 0.3) {
			w.faults.Add(r)
		}
		for _, k := range []fault.Kind{fault.RepeatMarker, fault.EmptyPage} {
			w.faults.Add(fault.Rule{Provider: bce.Provider, Kind: k, Probability: 0.1})
		}
		a := w.client(t, acctA, "bj")
		args := vpc.ListPeerConnsArgs{MaxKeys: 1 + seed*3}
		seen := map[string]bool{}
		for pages := 0; pages < 300; pages++ {
			page, err := a.ListPeerConn(&args)
			require.NoError(t, err)
			require.LessOrEqual(t, len(page.PeerConns), args.MaxKeys)
			for _, id := range idsOf(page) {
				require.Contains(t, ids, id)
				seen[id] = true
			}
			if !page.IsTruncated {
				break
			}
			args.Marker = page.NextMarker
		}
		if len(seen) < len(ids) && w.faults.Fired()[fault.CycleTokens] == 0 && w.faults.Fired()[fault.RepeatMarker] == 0 {
			t.Errorf("seed %d: %d of %d connections served, and no fault that loops fired", seed, len(seen), len(ids))
		}
	}
}
