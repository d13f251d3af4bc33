package conformance

import (
	"fmt"
	"slices"
	"testing"

	"github.com/peeringkit/peering"
)

// checkFilters checks that a filter is applied to the whole listing, once:
// over several small pages, a filter that matches a few connections (on the
// client for most providers: several IDs, a status) yields exactly those,
// and one that matches none yields nothing, without an error — a selective
// filter must never be taken for a listing that stopped progressing.
func checkFilters(t *testing.T, e *env) {
	est, ok := e.h.(Estater)
	if !ok {
		t.Skip("the harness cannot make an estate of an exact size")
	}
	size := max(e.caps.MinPageSize, 2)
	// Twelve pages: more than the walk's allowance of pages in a row
	// that bring nothing it keeps.
	es := e.estate(t, est, 12*size+1)
	all, err := peering.Collect(e.ctx, es.Peering, es.Filter)
	e.noError(t, "listing the estate", err)
	if msg := sameIDs(ids(all), es.IDs); msg != "" {
		t.Fatalf("listing the estate: %s", msg)
	}
	first, last := all[0], all[len(all)-1]
	byStatus := map[peering.Status][]string{}
	for _, c := range all {
		byStatus[c.Status] = append(byStatus[c.Status], c.ID)
	}
	rarest := first.Status
	for s, got := range byStatus {
		if len(got) < len(byStatus[rarest]) {
			rarest = s
		}
	}
	absent := peering.StatusUnknown
	for _, s := range peering.Statuses() {
		if len(byStatus[s]) == 0 {
			absent = s
			break
		}
	}
	for _, c := range []struct {
		name string
		edit func(*peering.Filter)
		want []string
	}{
		{"first and last ID", func(f *peering.Filter) { f.IDs = []string{first.ID, last.ID} }, []string{first.ID, last.ID}},
		{"last ID and one that does not exist", func(f *peering.Filter) { f.IDs = []string{last.ID, e.unknownID(t)} }, []string{last.ID}},
		{fmt.Sprintf("the rarest status (%s)", rarest), func(f *peering.Filter) { f.Status = []peering.Status{rarest} }, byStatus[rarest]},
		{fmt.Sprintf("a status none has (%s)", absent), func(f *peering.Filter) { f.Status = []peering.Status{absent} }, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			if slices.Contains(c.want, "") {
				t.Fatal("the estate has a connection with no ID")
			}
			f := es.Filter
			c.edit(&f)
			f.PageSize = size
			got, err := peering.Collect(e.ctx, es.Peering, f)
			e.noError(t, fmt.Sprintf("List with %s over %d pages of %d", c.name, len(all)/size+1, size), err)
			if msg := sameIDs(ids(got), c.want); msg != "" {
				t.Errorf("List with %s over pages of %d: %s", c.name, size, msg)
			}
		})
	}
}
