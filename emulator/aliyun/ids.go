package aliyun

import (
	mrand "math/rand/v2"
	"strings"
)

// ID shapes, after the documents' examples: VpcPeer "pcc-" + 22, ENS
// connections "pcc-" + 25, ENS networks "n-" + 25 and VPCs "vpc-" + 21
// lowercase letters and digits.
const (
	peerIDLen    = 22
	ensIDLen     = 25
	networkIDLen = 25
	vpcIDLen     = 21
)

// lowerAlnum is in ascending byte order: instanceIDBeforeLocked relies on it.
const (
	lowerAlnum = "0123456789abcdefghijklmnopqrstuvwxyz"
	alnumMixed = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
)

func pick(rng *mrand.Rand, alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return string(b)
}

// randomString draws from the process-wide source, for secrets that must
// differ between runs.
func randomString(alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[mrand.IntN(len(alphabet))]
	}
	return string(b)
}

// taken reports whether a connection ID is in use by either API: both use
// the "pcc-" prefix.
func (s *Service) taken(id string) bool {
	_, a := s.peers[id]
	_, b := s.enses[id]
	return a || b
}

// newInstanceIDLocked returns an unused connection ID with n characters
// after "pcc-".
func (s *Service) newInstanceIDLocked(n int) string {
	for {
		id := "pcc-" + pick(s.rng, lowerAlnum, n)
		if !s.taken(id) {
			return id
		}
	}
}

// instanceIDBeforeLocked returns an unused ID of the same shape as bound that
// sorts before it, for the shift-items fault. It keeps bound's characters up
// to the first one that can be lowered, lowers it, and draws the rest.
func (s *Service) instanceIDBeforeLocked(bound string) (string, bool) {
	suffix, ok := strings.CutPrefix(bound, "pcc-")
	if !ok {
		return "", false
	}
	i := strings.IndexFunc(suffix, func(r rune) bool { return r != '0' })
	if i < 0 {
		return "", false // all zeros: nothing of this shape sorts before it
	}
	limit := strings.IndexByte(lowerAlnum, suffix[i])
	if limit <= 0 {
		return "", false
	}
	for range 16 {
		id := "pcc-" + suffix[:i] + string(lowerAlnum[s.rng.IntN(limit)]) + pick(s.rng, lowerAlnum, len(suffix)-i-1)
		if !s.taken(id) {
			return id, true
		}
	}
	return "", false
}

// defaultResourceGroup is an account's default resource group, derived from
// its UID so that it is stable.
func defaultResourceGroup(uid int64) string {
	return "rg-acfm" + pick(mrand.New(mrand.NewPCG(uint64(uid), 0x7267)), lowerAlnum, 11)
}
