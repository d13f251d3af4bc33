package inventory

import (
	"cmp"
	"slices"
	"strings"

	"github.com/peeringkit/peering"
)

// Records are in provider-then-ID order. A large collection makes its rows
// over the half minute that a rate-limited provider takes to list, with
// cores to spare, and sorting them all after the last page was most of a
// second of the wait that followed it (1.2 million rows). So the rows are
// sorted as they are made instead: in batches, by a goroutine of their own,
// each batch a sorted run, and runs merged as they grow. After the last
// page, one batch per provider and the last merges are left.

// orderBatch is how many new rows of one provider are sorted at a time.
const orderBatch = 8192

// rowKey is a row's place in the order: its connection's ID and the row.
// Rows are kept apart by provider, so the ID alone orders them. The ID's
// bytes are the texts table's, which never writes over them, so the
// sorting goroutine reads them while rows are still being added.
type rowKey struct {
	id  string
	row uint32
}

// compareKeys compares IDs once: cmp.Compare would compare strings twice.
func compareKeys(a, b rowKey) int { return strings.Compare(a.id, b.id) }

// orderer sorts the rows of a builder as they are made. add is called by
// one goroutine at a time; the sorting goroutine starts with the first
// full batch, so that a small collection never starts it.
type orderer struct {
	pending []providerKeys     // per provider, the rows not yet handed over
	work    chan providerKeys  // full batches; nil until the goroutine starts
	sorted  chan []providerRun // what the goroutine made, once work is closed
}

// providerKeys are keys of one provider's rows.
type providerKeys struct {
	provider peering.Provider
	keys     []rowKey
}

// add adds the row at row, the first of the connection id of provider.
func (o *orderer) add(provider peering.Provider, id string, row uint32) {
	p := keysOf(&o.pending, provider)
	if p.keys == nil && o.work != nil {
		// Batches after the first fill up: spare them append's growth.
		p.keys = make([]rowKey, 0, orderBatch)
	}
	p.keys = append(p.keys, rowKey{id, row})
	if len(p.keys) < orderBatch {
		return
	}
	if o.work == nil {
		// A batch queued is 8192 rows; 64 of them are more than the
		// goroutine falls behind by when it shares the cores with the
		// decoding of pages, and a full queue only slows the adding.
		o.work, o.sorted = make(chan providerKeys, 64), make(chan []providerRun, 1)
		go sortRuns(o.work, o.sorted)
	}
	o.work <- *p
	p.keys = nil
}

func keysOf(list *[]providerKeys, provider peering.Provider) *providerKeys {
	for i := range *list {
		if (*list)[i].provider == provider {
			return &(*list)[i]
		}
	}
	*list = append(*list, providerKeys{provider: provider})
	return &(*list)[len(*list)-1]
}

// sortRuns sorts each batch of work into the runs of its provider, and
// sends the runs when work is closed.
func sortRuns(work <-chan providerKeys, sorted chan<- []providerRun) {
	var runs []providerRun
	for b := range work {
		runOf(&runs, b.provider).add(b.keys)
	}
	sorted <- runs
}

// order returns the rows added, n of them, in provider-then-ID order, and
// stops the sorting goroutine. The orderer is not used after.
func (o *orderer) order(n int) []uint32 {
	var runs []providerRun
	if o.work != nil {
		close(o.work)
		runs = <-o.sorted
	}
	for _, p := range o.pending {
		if len(p.keys) > 0 {
			runOf(&runs, p.provider).add(p.keys)
		}
	}
	o.pending = nil
	slices.SortFunc(runs, func(a, b providerRun) int { return cmp.Compare(a.provider, b.provider) })
	out := make([]uint32, 0, n)
	for i := range runs {
		for _, k := range runs[i].merged() {
			out = append(out, k.row)
		}
	}
	return out
}

// providerRun is the sorted runs of one provider's rows, each at least
// twice as long as the next: there are few of them, and a row is merged
// once for each doubling of the run it is in.
type providerRun struct {
	provider peering.Provider
	runs     [][]rowKey
}

func runOf(list *[]providerRun, provider peering.Provider) *providerRun {
	for i := range *list {
		if (*list)[i].provider == provider {
			return &(*list)[i]
		}
	}
	*list = append(*list, providerRun{provider: provider})
	return &(*list)[len(*list)-1]
}

// add sorts keys into a run of their own and merges the runs that are no
// longer twice as long as the next.
func (p *providerRun) add(keys []rowKey) {
	slices.SortFunc(keys, compareKeys)
	p.runs = append(p.runs, keys)
	for n := len(p.runs); n >= 2 && len(p.runs[n-2]) < 2*len(p.runs[n-1]); n-- {
		p.runs[n-2] = mergeKeys(p.runs[n-2], p.runs[n-1])
		p.runs[n-1] = nil
		p.runs = p.runs[:n-1]
	}
}

// merged merges the runs into one and returns it.
func (p *providerRun) merged() []rowKey {
	for n := len(p.runs); n >= 2; n-- {
		p.runs[n-2] = mergeKeys(p.runs[n-2], p.runs[n-1])
		p.runs = p.runs[:n-1]
	}
	if len(p.runs) == 0 {
		return nil
	}
	return p.runs[0]
}

// mergeKeys returns the sorted merge of two sorted runs.
func mergeKeys(a, b []rowKey) []rowKey {
	out := make([]rowKey, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if b[0].id < a[0].id {
			out, b = append(out, b[0]), b[1:]
		} else {
			out, a = append(out, a[0]), a[1:]
		}
	}
	return append(append(out, a...), b...)
}

// permute moves the row at order[i] to i, for every i, moving each row
// once, as rows are large to move. order must be a permutation of the
// rows; it is overwritten.
func (rs Records) permute(order []uint32) {
	// Follow each cycle of the permutation, marking the places filled.
	for i := range order {
		if order[i] == uint32(i) {
			continue
		}
		tmp, j := *rs.rows.at(i), i
		for {
			k := int(order[j])
			order[j] = uint32(j)
			if k == i {
				*rs.rows.at(j) = tmp
				break
			}
			*rs.rows.at(j) = *rs.rows.at(k)
			j = k
		}
	}
}
