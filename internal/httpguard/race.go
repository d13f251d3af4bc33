//go:build race

package httpguard

// raceEnabled makes Body.Release overwrite a buffer with poison before it
// is pooled (sync.Pool itself drops and reorders more under -race).
const raceEnabled = true

// poison is what a released buffer holds in race builds: 0xFF is no byte of
// valid UTF-8, so a string still pointing into the buffer is plainly not
// what was sent.
const poison = 0xFF
