package bce

import (
	"container/heap"
	"slices"
	"time"
)

// index is a sorted set of connection IDs: one per (account, region) for
// List and one per VPC for List's vpcId filter. A page is a binary search
// and a slice, so listing never scans or sorts the whole estate.
type index struct {
	ids []string
	// dirty is set by bulk appends (generation, seeding), which sort once
	// at the end instead of inserting in place.
	dirty bool
}

// insert adds id in its place.
func (x *index) insert(id string) {
	if x.dirty {
		x.push(id)
		return
	}
	i, found := slices.BinarySearch(x.ids, id)
	if !found {
		x.ids = slices.Insert(x.ids, i, id)
	}
}

// push appends id, leaving the sort to settle.
func (x *index) push(id string) {
	if n := len(x.ids); n > 0 && x.ids[n-1] >= id {
		x.dirty = true
	}
	x.ids = append(x.ids, id)
}

func (x *index) remove(id string) {
	x.settle()
	if i, found := slices.BinarySearch(x.ids, id); found {
		x.ids = slices.Delete(x.ids, i, i+1)
	}
}

// settle sorts after bulk appends.
func (x *index) settle() {
	if x.dirty {
		slices.Sort(x.ids)
		x.ids = slices.Compact(x.ids)
		x.dirty = false
	}
}

// all returns the IDs in order. The slice is the index's own: read it
// under the service's lock and do not keep it.
func (x *index) all() []string {
	x.settle()
	return x.ids
}

// search returns the position in all() of the first ID at or after marker.
func (x *index) search(marker string) int {
	i, _ := slices.BinarySearch(x.all(), marker)
	return i
}

// grave is a deleted connection's disappearance time.
type grave struct {
	at time.Time
	id string
}

// graveyard is a min-heap of disappearance times, so that removing the
// connections whose time has come costs nothing when there are none.
type graveyard []grave

func (g graveyard) Len() int           { return len(g) }
func (g graveyard) Less(i, j int) bool { return g[i].at.Before(g[j].at) }
func (g graveyard) Swap(i, j int)      { g[i], g[j] = g[j], g[i] }
func (g *graveyard) Push(x any)        { *g = append(*g, x.(grave)) }
func (g *graveyard) Pop() any {
	old := *g
	x := old[len(old)-1]
	*g = old[:len(old)-1]
	return x
}

// bury schedules the removal of a connection.
func (g *graveyard) bury(id string, at time.Time) { heap.Push(g, grave{at: at, id: id}) }

// due pops and returns the IDs whose time is at or before now.
func (g *graveyard) due(now time.Time) []string {
	var ids []string
	for g.Len() > 0 && !(*g)[0].at.After(now) {
		ids = append(ids, heap.Pop(g).(grave).id)
	}
	return ids
}
