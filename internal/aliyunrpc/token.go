package aliyunrpc

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// MaxClientTokenLen is the longest ClientToken the clouds accept (ASCII).
const MaxClientTokenLen = 64

// NewClientToken returns a random idempotency token: 32 hex digits.
func NewClientToken() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		// crypto/rand does not fail on supported systems; a token that is
		// not unique would make two writes one, so do not go on.
		panic(fmt.Sprintf("aliyunrpc: reading random bytes: %v", err))
	}
	return hex.EncodeToString(b[:])
}

// CheckClientToken reports why a caller's token is unacceptable, or nil.
func CheckClientToken(t string) error {
	if len(t) > MaxClientTokenLen {
		return fmt.Errorf("client token is %d bytes long; the limit is %d", len(t), MaxClientTokenLen)
	}
	for i := 0; i < len(t); i++ {
		if t[i] < 0x21 || t[i] > 0x7e {
			return fmt.Errorf("client token has a character other than printable ASCII at byte %d", i)
		}
	}
	return nil
}
