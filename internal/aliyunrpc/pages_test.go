package aliyunrpc

import (
	"strings"
	"testing"

	"github.com/peeringkit/peering"
)

// TestWalk: the guards of a walk of pages that is not a peering listing.
func TestWalk(t *testing.T) {
	for _, tc := range []struct {
		name  string
		pages [][]string // item IDs of each page
		next  []string   // the token each page hands on
		want  string     // "" or part of the Internal error
	}{
		{"ends", [][]string{{"a", "b"}, {"c"}}, []string{"t1", ""}, ""},
		{"a token that comes back", [][]string{{"a"}, {"b"}, {"c"}}, []string{"t1", "t2", "t1"}, "would loop"},
		{"pages with nothing new", [][]string{{"a"}, {"a"}, {"a"}, {"a"}, {"a"}, {"a"}, {"a"}, {"a"}, {"a"}},
			[]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, "not progressing"},
		{"empty pages with fresh tokens", [][]string{{"a"}, {}, {}, {}, {}, {}, {}, {}, {}},
			[]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, "not progressing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := Walk{Provider: peering.AlibabaVPC, Op: "RouteTables", What: "the routes of vtb-1"}
			var err error
			var got []string
			for i, ids := range tc.pages {
				var fresh []int
				if fresh, err = w.Page(ids); err != nil {
					break
				}
				for _, j := range fresh {
					got = append(got, ids[j])
				}
				if tc.next[i] == "" {
					break
				}
				if err = w.Follow(tc.next[i]); err != nil {
					break
				}
			}
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("error %v", err)
			case tc.want == "":
				if strings.Join(got, ",") != "a,b,c" {
					t.Errorf("items %v", got)
				}
			case peering.Code(err) != peering.Internal || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "vtb-1"):
				t.Errorf("error %v, want Internal with %q", err, tc.want)
			}
		})
	}
}

// TestWalkTotals: a walk's count is checked against the totals its pages
// announced, and a walk far past them is stopped.
func TestWalkTotals(t *testing.T) {
	for _, tc := range []struct {
		name   string
		pages  [][]string
		totals []int
		want   string // "" or part of the Internal error
	}{
		{"as announced", [][]string{{"a", "b"}, {"c"}}, []int{3, 3}, ""},
		{"none announced", [][]string{{"a", "b"}, {"c"}}, []int{0, 0}, ""},
		{"moved during the walk", [][]string{{"a", "b"}, {"c"}}, []int{2, 4}, ""},
		{"fewer found", [][]string{{"a", "b"}, {"c"}}, []int{5, 5}, "announced 5 but the walk found 3"},
		{"more found", [][]string{{"a", "b"}, {"c"}}, []int{1, 1}, "announced 1 but the walk found 3"},
		{"far past the total", [][]string{{"a", "b"}, {"c", "d"}, {"e", "f"}, {"g", "h"}}, []int{1, 1, 1, 1}, "runs past its end"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := Walk{Provider: peering.AlibabaENS, Op: "RouteTables", What: "the routes of vtb-1"}
			var err error
			for i, ids := range tc.pages {
				w.Total(tc.totals[i])
				if _, err = w.Page(ids); err != nil {
					break
				}
			}
			if err == nil {
				err = w.End()
			}
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("error %v", err)
			case tc.want != "" && (peering.Code(err) != peering.Internal || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v, want Internal with %q", err, tc.want)
			}
		})
	}
}
