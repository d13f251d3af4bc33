package aliyun_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpcpeer"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator/fault"
)

// vpcPages walks ListVpcPeerConnections with the SDK, at most limit pages
// of size, adding rule before page arm (-1: never), and returns each page's
// IDs, the TotalCounts and whether the walk ended by itself. A NextToken
// handed out twice fails the test: every pathology here hands out fresh
// ones.
func vpcPages(t *testing.T, e *env, size, arm, limit int, rule fault.Rule) (pages [][]string, ended bool) {
	t.Helper()
	c := e.vpcClient(t, acctA, hz)
	req := vpcpeer.CreateListVpcPeerConnectionsRequest()
	req.MaxResults = requests.NewInteger(size)
	seen := map[string]bool{}
	for len(pages) < limit {
		if len(pages) == arm {
			e.faults.Add(rule)
		}
		resp, err := c.ListVpcPeerConnections(req)
		require.NoError(t, err)
		require.LessOrEqual(t, len(resp.VpcPeerConnects), size, "a page longer than asked")
		var p []string
		for _, it := range resp.VpcPeerConnects {
			p = append(p, it.InstanceId)
		}
		pages = append(pages, p)
		if resp.NextToken == "" {
			return pages, true
		}
		require.False(t, seen[resp.NextToken], "NextToken handed out twice")
		seen[resp.NextToken] = true
		req.NextToken = resp.NextToken
	}
	return pages, false
}

// ensPage reads page number of DescribeNetworkPeerConnections with the SDK
// (size 0: the default) and returns its IDs and the raw answer.
func ensPage(t *testing.T, e *env, c *sdk.Client, number, size int) ([]string, map[string]any) {
	t.Helper()
	q := map[string]string{"PageNumber": fmt.Sprint(number)}
	if size > 0 {
		q["PageSize"] = fmt.Sprint(size)
	}
	out, err := e.ens(t, c, "DescribeNetworkPeerConnections", q)
	require.NoError(t, err)
	return ids(out["NetworkPeerConnects"]), out
}

// ensPages reads pages from 1 while they come back full (at most limit),
// adding rule before page arm (-1: never).
func ensPages(t *testing.T, e *env, c *sdk.Client, size, arm, limit int, rule fault.Rule) (pages [][]string) {
	t.Helper()
	for n := 1; n <= limit; n++ {
		if n == arm {
			e.faults.Add(rule)
		}
		items, out := ensPage(t, e, c, n, size)
		pages = append(pages, items)
		per := mustAtoi(t, out["PageSize"])
		require.LessOrEqual(t, len(items), per, "page %d is longer than its PageSize", n)
		if len(items) < per {
			return pages
		}
	}
	return pages
}

func mustAtoi(t *testing.T, v any) int {
	t.Helper()
	var n int
	_, err := fmt.Sscan(fmt.Sprint(v), &n)
	require.NoError(t, err, "%v", v)
	return n
}

// pagesOf returns the indexes of the pages that hold id.
func pagesOf(pages [][]string, id string) []int {
	var at []int
	for i, p := range pages {
		if slices.Contains(p, id) {
			at = append(at, i)
		}
	}
	return at
}

// requireOneRepeat checks that the pages hold every ID of want, one of
// them twice, first on page first, and returns the pages of that one.
func requireOneRepeat(t *testing.T, pages [][]string, want []string, first int) []int {
	t.Helper()
	var flat, twice []string
	for _, p := range pages {
		flat = append(flat, p...)
	}
	for _, id := range want {
		switch n := len(pagesOf(pages, id)); n {
		case 1:
		case 2:
			twice = append(twice, id)
		default:
			t.Fatalf("%s served on %d pages", id, n)
		}
	}
	require.Len(t, twice, 1, "one connection comes twice")
	require.Len(t, flat, len(want)+1, "and nothing else is added or lost")
	at := pagesOf(pages, twice[0])
	require.Equal(t, first, at[0], "the repeated connection is one of the armed page's")
	return at
}

// VpcPeer repeat-later: a connection of the armed page comes again Lag
// pages later (or on the page that would have been the last), in a page no
// longer than asked; the walk still ends and loses nothing.
func TestVpcPeerRepeatLater(t *testing.T) {
	for _, tc := range []struct {
		name       string
		conns, arm int
		lag        int
		wantLag    []int
		wantAt     int
	}{
		{name: "lag 3", conns: 30, arm: 1, lag: 3, wantLag: []int{3}},
		{name: "lag 6", conns: 30, arm: 0, lag: 6, wantLag: []int{6}},
		{name: "drawn lag", conns: 30, arm: 1, wantLag: []int{3, 4, 5, 6}},
		// Pages of 4: [0-3] [4-7] [8-11] [12 13 +repeat].
		{name: "walk ends first", conns: 14, arm: 1, lag: 6, wantAt: 3},
		// [0-3] [4-7] [8-11] [12-14 +repeat] [15].
		{name: "last page full", conns: 16, arm: 1, lag: 6, wantAt: 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			made := createMany(t, e, tc.conns)
			pages, ended := vpcPages(t, e, 4, tc.arm, 50, fault.Rule{Provider: vpcProv, Kind: fault.RepeatLater, Count: 1, Lag: tc.lag})
			require.True(t, ended)
			require.Equal(t, 1, e.faults.Fired()[fault.RepeatLater])
			at := requireOneRepeat(t, pages, made, tc.arm)
			if tc.wantLag == nil {
				require.Equal(t, tc.wantAt, at[1])
			} else {
				require.Contains(t, tc.wantLag, at[1]-at[0])
			}
		})
	}
}

// VpcPeer cycle-tokens: from the armed page on, every NextToken is new but
// the content comes back every Cycle pages, for ever.
func TestVpcPeerCycleTokens(t *testing.T) {
	for _, tc := range []struct {
		name        string
		conns, arm  int
		cycle, want int
	}{
		{"cycle of 4 from the first page", 30, 0, 4, 4},
		{"default cycle from page 2", 30, 1, 0, 4},
		{"cut short by the end of the list", 14, 2, 4, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			createMany(t, e, tc.conns)
			pages, ended := vpcPages(t, e, 4, tc.arm, 25, fault.Rule{Provider: vpcProv, Kind: fault.CycleTokens, Count: 1, Cycle: tc.cycle})
			require.False(t, ended, "the walk ends")
			for i := tc.arm; i+tc.want < len(pages); i++ {
				require.Equal(t, pages[i], pages[i+tc.want], "page %d comes again %d pages later", i, tc.want)
			}
			for i := tc.arm + 1; i < tc.arm+tc.want; i++ {
				require.NotEqual(t, pages[tc.arm], pages[i], "the cycle is %d pages long", tc.want)
			}
		})
	}
}

// TotalCount lies: too small, too large, absent on the wire (the SDK then
// reads 0); the pages themselves are right.
func TestVpcPeerTotalCount(t *testing.T) {
	e := newEnv(t)
	made := createMany(t, e, 25)
	for _, tc := range []struct {
		kind fault.Kind
		want any // in the raw answer; nil: absent
	}{
		{fault.TotalLow, "12"},
		{fault.TotalHigh, "60"}, // 2×25 + the page size
		{fault.TotalMissing, nil},
	} {
		t.Run(string(tc.kind), func(t *testing.T) {
			e.faults.Add(fault.Rule{Provider: vpcProv, Kind: tc.kind, Count: 1})
			r := listPage(t, e, credsOf(acctA), 10, "")
			total, present := r.body["TotalCount"]
			if tc.want == nil {
				require.False(t, present, "body: %s", r.raw)
			} else {
				require.Equal(t, tc.want, fmt.Sprint(total))
			}
			require.Len(t, ids(r.body["VpcPeerConnects"]), 10)

			e.faults.Add(fault.Rule{Provider: vpcProv, Kind: tc.kind, Probability: 1})
			pages, ended := vpcPages(t, e, 10, -1, 10, fault.Rule{})
			e.faults.Clear()
			require.True(t, ended)
			require.Equal(t, sortedCopy(made), slices.Concat(pages...))
		})
	}
	// The SDK reads what it is given.
	e.faults.Add(fault.Rule{Provider: vpcProv, Kind: fault.TotalLow, Count: 1})
	resp, err := e.vpcClient(t, acctA, hz).ListVpcPeerConnections(vpcpeer.CreateListVpcPeerConnectionsRequest())
	require.NoError(t, err)
	require.Equal(t, 12, resp.TotalCount)
	require.Len(t, resp.VpcPeerConnects, 20)
}

// Short pages: the server caps MaxResults, says so, and its tokens go on
// from where each short page ended.
func TestVpcPeerShortPages(t *testing.T) {
	e := newEnv(t)
	made := createMany(t, e, 23)
	for _, tc := range []struct{ cap, want int }{{3, 3}, {0, 5}} {
		t.Run(fmt.Sprint(tc.cap), func(t *testing.T) {
			rule := fault.Rule{Provider: vpcProv, Kind: fault.ShortPages, Probability: 1, PageCap: tc.cap}
			e.faults.Add(rule)
			defer e.faults.Clear()
			r := listPage(t, e, credsOf(acctA), 10, "")
			require.Equal(t, fmt.Sprint(tc.want), fmt.Sprint(r.body["MaxResults"]))
			require.Equal(t, "23", fmt.Sprint(r.body["TotalCount"]))
			pages, ended := vpcPages(t, e, 10, -1, 50, rule)
			require.True(t, ended)
			for i, p := range pages[:len(pages)-1] {
				require.Len(t, p, tc.want, "page %d", i)
			}
			require.Equal(t, sortedCopy(made), slices.Concat(pages...))
		})
	}
}

// ENS repeat-later: an item of the armed page comes again on page
// armed+Lag; the page there holds one fresh item fewer and every later page
// starts one item earlier, so a client that reads while pages are full
// sees every connection, and one twice (on a page past TotalCount when the
// last page was full).
func TestENSRepeatLater(t *testing.T) {
	for _, tc := range []struct {
		name        string
		conns, arm  int
		lag, wantAt int // pages counted from 1
		wantPages   int
	}{
		{"lag 3", 80, 1, 3, 4, 9},
		{"lag 5 from page 2", 45, 2, 5, 5, 5},
		{"walk ends first", 25, 1, 6, 3, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			c := e.sdkClient(t, acctA)
			made := e.createENSPairs(t, c, tc.conns)
			pages := ensPages(t, e, c, 0, tc.arm, 50, fault.Rule{Provider: ensProv, Kind: fault.RepeatLater, Count: 1, Lag: tc.lag})
			require.Len(t, pages, tc.wantPages)
			at := requireOneRepeat(t, pages, sortedCopy(made), tc.arm-1)
			require.Equal(t, tc.wantAt-1, at[1])
			_, out := ensPage(t, e, c, 2, 0)
			require.Equal(t, fmt.Sprint(tc.conns), out["TotalCount"], "TotalCount counts the connections")
		})
	}
}

// ENS repeat-later with pages fetched out of order: the echo never lands
// on or before a page already served, since the pages after it start one
// item earlier and a page served before that would miss the item between.
func TestENSRepeatLaterOutOfOrder(t *testing.T) {
	e := newEnv(t)
	c := e.sdkClient(t, acctA)
	made := e.createENSPairs(t, c, 80)
	pages := make([][]string, 10)
	for _, n := range []int{1, 6} { // page 6 fetched ahead
		pages[n-1], _ = ensPage(t, e, c, n, 0)
	}
	e.faults.Add(fault.Rule{Provider: ensProv, Kind: fault.RepeatLater, Count: 1, Lag: 3})
	for _, n := range []int{2, 3, 4, 5, 7, 8, 9, 10} {
		pages[n-1], _ = ensPage(t, e, c, n, 0)
	}
	require.Equal(t, 1, e.faults.Fired()[fault.RepeatLater])
	at := requireOneRepeat(t, pages, sortedCopy(made), 1)
	require.Greater(t, at[1], 5, "the echo comes after page 6, which was served before it was placed")
}

// ENS cycle-tokens: from the armed page on, pages past the cycle serve its
// pages again, all full, so a client reading while pages are full reads
// for ever; a walk that starts again at page 1 starts clean.
func TestENSCycleTokens(t *testing.T) {
	e := newEnv(t)
	c := e.sdkClient(t, acctA)
	e.createENSPairs(t, c, 25) // two full pages of 10 and one of 5
	clean := [][]string{}
	for n := 1; n <= 3; n++ {
		items, _ := ensPage(t, e, c, n, 0)
		clean = append(clean, items)
	}
	for _, tc := range []struct {
		name             string
		arm, cycle, want int
	}{
		{name: "cut to the full pages", arm: 1, cycle: 4, want: 2},
		{name: "a cycle of 1", arm: 2, cycle: 1, want: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pages := ensPages(t, e, c, 0, tc.arm, 30, fault.Rule{Provider: ensProv, Kind: fault.CycleTokens, Count: 1, Cycle: tc.cycle})
			require.Len(t, pages, 30, "every page comes back full")
			for i := tc.arm - 1; i+tc.want < len(pages); i++ {
				require.Equal(t, pages[i], pages[i+tc.want], "page %d again %d pages later", i+1, tc.want)
			}
			items, _ := ensPage(t, e, c, 1, 0)
			require.Equal(t, clean[0], items)
			items, _ = ensPage(t, e, c, 3, 0)
			require.Equal(t, clean[2], items, "page 1 started a clean walk")
		})
	}

	// Every full page of a longer list joins the cycle.
	e = newEnv(t)
	c = e.sdkClient(t, acctA)
	e.createENSPairs(t, c, 80)
	pages := ensPages(t, e, c, 0, 2, 40, fault.Rule{Provider: ensProv, Kind: fault.CycleTokens, Count: 1})
	require.Len(t, pages, 40)
	for i := 1; i+4 < len(pages); i++ {
		require.Equal(t, pages[i], pages[i+4])
	}
	require.NotEqual(t, pages[1], pages[2])
}

// ENS TotalCount lies: too small, too large, absent.
func TestENSTotalCount(t *testing.T) {
	e := newEnv(t)
	c := e.sdkClient(t, acctA)
	e.createENSPairs(t, c, 25)
	for _, tc := range []struct {
		kind fault.Kind
		want any
	}{
		{fault.TotalLow, "12"},
		{fault.TotalHigh, "60"}, // 2×25 + the page size
		{fault.TotalMissing, nil},
	} {
		t.Run(string(tc.kind), func(t *testing.T) {
			e.faults.Add(fault.Rule{Provider: ensProv, Kind: tc.kind, Count: 1})
			items, out := ensPage(t, e, c, 1, 0)
			total, present := out["TotalCount"]
			if tc.want == nil {
				require.False(t, present, "%v", out)
			} else {
				require.Equal(t, tc.want, total)
			}
			require.Len(t, items, 10)
			_, out = ensPage(t, e, c, 1, 0)
			require.Equal(t, "25", out["TotalCount"], "the rule is spent")
		})
	}
}

// ENS short pages: the server pages at its own cap, says so in PageSize,
// and counts page numbers in pages of the cap.
func TestENSShortPages(t *testing.T) {
	e := newEnv(t)
	c := e.sdkClient(t, acctA)
	made := e.createENSPairs(t, c, 45)
	var byTen [][]string
	for n := 1; n <= 5; n++ {
		items, _ := ensPage(t, e, c, n, 10)
		byTen = append(byTen, items)
	}
	for _, tc := range []struct {
		cap, ask, want int
	}{
		{10, 20, 10},
		{0, 20, 10},
		{15, 30, 15},
	} {
		t.Run(fmt.Sprintf("%d of %d", tc.cap, tc.ask), func(t *testing.T) {
			rule := fault.Rule{Provider: ensProv, Kind: fault.ShortPages, Probability: 1, PageCap: tc.cap}
			e.faults.Add(rule)
			defer e.faults.Clear()
			items, out := ensPage(t, e, c, 2, tc.ask)
			require.Equal(t, fmt.Sprint(tc.want), out["PageSize"])
			require.Equal(t, "45", out["TotalCount"])
			if tc.want == 10 {
				require.Equal(t, byTen[1], items, "page 2 at the cap")
			}
			pages := ensPages(t, e, c, tc.ask, -1, 20, rule)
			for _, p := range pages[:len(pages)-1] {
				require.Len(t, p, tc.want)
			}
			require.Equal(t, sortedCopy(made), slices.Concat(pages...))
		})
	}
}

// Every pathology at once, with some probability on every page, and empty
// pages with them: each answer is still a page no longer than asked, of
// connections that exist, and NextTokens never repeat.
func TestPathologiesTogether(t *testing.T) {
	e := newEnv(t)
	made := createMany(t, e, 37)
	c := e.sdkClient(t, acctA)
	ens := e.createENSPairs(t, c, 37)
	for _, prov := range []string{vpcProv, ensProv} {
		for _, r := range fault.ListPathologies(prov, 0.3) {
			e.faults.Add(r)
		}
		e.faults.Add(fault.Rule{Provider: prov, Kind: fault.EmptyPage, Probability: 0.1})
	}
	for _, size := range []int{1, 4, 10} {
		pages, _ := vpcPages(t, e, size, -1, 200, fault.Rule{})
		for _, p := range pages {
			for _, id := range p {
				require.Contains(t, made, id)
			}
		}
	}
	for _, size := range []int{10, 15} {
		for _, p := range ensPages(t, e, c, size, -1, 200, fault.Rule{}) {
			for _, id := range p {
				require.Contains(t, ens, id)
			}
		}
	}
	for _, k := range fault.Pathologies() {
		require.Positive(t, e.faults.Fired()[k], "%s never fired", k)
	}
}
