package bce

import "net/netip"

// cidrAllocator hands out disjoint IPv4 blocks in /20 units from 10.0.0.0/8
// and then 172.16.0.0/12. When both are used up it starts over: an estate
// that large overlaps whatever we do.
type cidrAllocator struct{ next uint32 }

const (
	units10  = 1 << 12 // /20 blocks in 10.0.0.0/8
	units172 = 1 << 8  // /20 blocks in 172.16.0.0/12
)

// take returns a /16, /20 or /24 block (a /24 uses a whole /20 unit).
func (a *cidrAllocator) take(bits int) netip.Prefix {
	size := uint32(1)
	if bits == 16 {
		size = 16
	}
	a.next = (a.next + size - 1) / size * size
	if a.next+size > units10+units172 {
		a.next = 0
	}
	u := a.next
	a.next += size
	base := uint32(10)<<24 | u<<12
	if u >= units10 {
		base = uint32(172)<<24 | uint32(16)<<16 | (u-units10)<<12
	}
	addr := netip.AddrFrom4([4]byte{byte(base >> 24), byte(base >> 16), byte(base >> 8), byte(base)})
	return netip.PrefixFrom(addr, bits)
}
