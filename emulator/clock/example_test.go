package clock_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/peeringkit/peering/emulator/clock"
)

// A transient status that lasts from 2 to 4 seconds, drawn reproducibly.
func ExampleRange() {
	r, err := clock.ParseRange("2s-4s")
	if err != nil {
		panic(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	d := r.Draw(rng)
	fmt.Println(r, d >= r.Min && d <= r.Max)
	// Output: 2s-4s true
}
