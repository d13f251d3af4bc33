//go:build !race

package httpguard

// raceEnabled: see race.go. Without -race a released buffer is pooled as
// it is.
const raceEnabled = false

const poison = 0
