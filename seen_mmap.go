//go:build unix

package peering

import (
	"syscall"
	"unsafe"
)

// mappedSlots is the size from which a shard's array is mapped memory of
// its own rather than heap: below it the page rounding would waste more
// than the heap's pacing costs.
const mappedSlots = 4096 // 64 KiB

// allocSlots returns a zeroed array of n slots and whether it is mapped
// memory, which freeSlots must return.
func allocSlots(n int) ([][2]uint64, bool) {
	if n >= mappedSlots {
		b, err := syscall.Mmap(-1, 0, n*16, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
		if err == nil {
			return unsafe.Slice((*[2]uint64)(unsafe.Pointer(unsafe.SliceData(b))), n), true
		}
		// Out of mappings or address space: the heap may still have room.
	}
	return make([][2]uint64, n), false
}

// freeSlots returns an array from allocSlots.
func freeSlots(s [][2]uint64, mapped bool) {
	if mapped && len(s) > 0 {
		_ = syscall.Munmap(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), len(s)*16))
	}
}
