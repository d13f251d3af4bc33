package clock_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator/clock"
)

func TestRangeDraw(t *testing.T) {
	for _, r := range []clock.Range{
		{Min: 2 * time.Second, Max: 4 * time.Second},
		{Min: 3 * time.Second, Max: 3 * time.Second},
		{Min: 0, Max: time.Millisecond},
		clock.Around(5 * time.Second),
	} {
		rng := rand.New(rand.NewPCG(1, 2))
		seen := make(map[time.Duration]bool)
		for range 200 {
			d := r.Draw(rng)
			require.GreaterOrEqual(t, d, r.Min, r)
			require.LessOrEqual(t, d, r.Max, r)
			seen[d] = true
		}
		if r.Min == r.Max {
			assert.Len(t, seen, 1, r)
		} else {
			assert.Greater(t, len(seen), 1, "%v: draws vary", r)
		}
		again := rand.New(rand.NewPCG(1, 2))
		assert.Equal(t, r.Draw(rand.New(rand.NewPCG(1, 2))), r.Draw(again), "%v: a seeded source draws the same", r)
	}
}

func TestAround(t *testing.T) {
	assert.Equal(t, clock.Range{Min: 3750 * time.Millisecond, Max: 6250 * time.Millisecond}, clock.Around(5*time.Second))
}

func TestRangeParse(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    clock.Range
		wantErr bool
	}{
		{in: "2s-4s", want: clock.Range{Min: 2 * time.Second, Max: 4 * time.Second}},
		{in: "1.5s-3s", want: clock.Range{Min: 1500 * time.Millisecond, Max: 3 * time.Second}},
		{in: "500ms", want: clock.Range{Min: 500 * time.Millisecond, Max: 500 * time.Millisecond}},
		{in: "0s", want: clock.Range{}},
		{in: "4s-2s", wantErr: true},
		{in: "2s-", wantErr: true},
		{in: "fast", wantErr: true},
		{in: "", wantErr: true},
	} {
		got, err := clock.ParseRange(tc.in)
		if tc.wantErr {
			assert.Error(t, err, tc.in)
			continue
		}
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, got, tc.in)
		back, err := clock.ParseRange(got.String())
		require.NoError(t, err)
		assert.Equal(t, got, back, "String writes what ParseRange reads")
	}
}

func TestRangeCheckAndOr(t *testing.T) {
	def := clock.Range{Min: time.Second, Max: 2 * time.Second}
	assert.Equal(t, def, clock.Range{}.Or(def))
	assert.Equal(t, clock.Range{Min: 5, Max: 5}, clock.Range{Min: 5, Max: 5}.Or(def))
	assert.NoError(t, clock.Range{}.Check())
	assert.Error(t, clock.Range{Min: -1, Max: 1}.Check())
	assert.Error(t, clock.Range{Min: 2, Max: 1}.Check())
	assert.NoError(t, clock.CheckAll(def, clock.Range{}))
	assert.Error(t, clock.CheckAll(def, clock.Range{Min: 2, Max: 1}))
}
