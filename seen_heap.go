//go:build !unix

package peering

// allocSlots returns a zeroed array of n slots on the heap, where systems
// without mmap keep the set.
func allocSlots(n int) ([][2]uint64, bool) { return make([][2]uint64, n), false }

// freeSlots leaves the array to the garbage collector.
func freeSlots([][2]uint64, bool) {}
