// Package soak is this module's fault soak: seeded runs in which the emulator
// injects a random mix of latency, 5xx answers, throttling, connection
// resets, dropped write responses, truncated bodies and pagination
// pathologies (a repeated marker, an empty page before the end, items moving
// between pages), while the real adapters list and create through it. Each
// run's results are checked against the emulator's own state: nothing lost,
// nothing duplicated, every error a portable code.
//
// The package has no API; its test is the soak. The default is a few runs
// and the seeds of runs that once failed, short enough for CI under the race
// detector:
//
//	go test -race ./soak/
//
// Flags run it longer, or from other seeds:
//
//	go test ./soak/ -v -timeout=0 -soak.runs=600
//	go test ./soak/ -v -timeout=0 -soak.duration=30m   # as many runs as fit
//	go test ./soak/ -v -soak.seed=4711 -soak.runs=1    # replay one run
//
// A run's seed fixes its estate and fault probabilities; which requests the
// faults hit also depends on the order of concurrent requests, so a failing
// run is replayed by its seed with the same mix, not always the same draws.
//
// What "nothing lost" means: a listing that completes must yield every
// connection that existed in the listed account and region both before and
// after the walk (connections made or removed during the walk may or may
// not appear). A listing may also end with an error, as it must when the
// cloud keeps answering with a page token that would loop; then what it
// yielded must still be unique and real, and the error must carry a portable
// code, so that the caller knows the listing is incomplete. A create must
// leave exactly one connection when it succeeds (the one whose ID it
// returned), and at most one when it fails, however many of its answers
// were lost.
package soak
