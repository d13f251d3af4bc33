package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestParseGridPoints(t *testing.T) {
	const ms = time.Millisecond
	for _, tc := range []struct {
		in      string
		want    []gridPoint
		wantErr string
	}{
		{in: "2x2000@20ms", want: []gridPoint{{2, 2000, 20 * ms}}},
		{in: "2x2000", want: []gridPoint{{2, 2000, 20 * ms}, {2, 2000, 50 * ms}}},
		{in: " 2x2000@50ms, 14×20_000@20ms ,60x100@0s",
			want: []gridPoint{{2, 2000, 50 * ms}, {14, 20000, 20 * ms}, {60, 100, 0}}},
		{in: "2", wantErr: "want TARGETSxCONNECTIONS"},
		{in: "0x100", wantErr: "targets"},
		{in: "ax100", wantErr: "targets"},
		{in: "2x-1", wantErr: "connections"},
		{in: "2x100@soon", wantErr: "latency"},
		{in: "2x100@-1ms", wantErr: "latency"},
		{in: "2x100,", wantErr: "want TARGETSxCONNECTIONS"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := parseGridPoints(tc.in)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}

func TestFullGrid(t *testing.T) {
	g := fullGrid()
	require.Len(t, g, 18)
	require.Equal(t, gridPoint{2, 100, 20 * time.Millisecond}, g[0])
	require.Equal(t, gridPoint{60, 20000, 50 * time.Millisecond}, g[17])
}

// A grid row has every column, medians first and the spread of the walls,
// memory and CPU.
func TestPrintGridRow(t *testing.T) {
	run := func(wall time.Duration, requests int64, throttled int, rss uint64, cpu time.Duration) *result {
		return &result{wall: wall, listing: wall * 9 / 10, emulatorRequests: requests, throttled: throttled, usage: usage{maxRSS: rss, cpu: cpu}, serverCPU: cpu / 2}
	}
	pt := &point{
		targets: 14, connections: 2000, latency: 20 * time.Millisecond, found: 28000,
		floor: floor{duration: 400 * time.Millisecond}, minimum: 182,
		ours: []*result{run(2*time.Second, 182, 0, 28000*1024, 280*time.Millisecond), run(2100*time.Millisecond, 182, 0, 29000*1024, 0),
			run(1900*time.Millisecond, 182, 0, 1, time.Second)},
		peer: []*result{run(6*time.Second, 760, 40, 56000*1024, 560*time.Millisecond), run(6*time.Second, 770, 42, 0, 0),
			run(6*time.Second, 765, 41, 56000*1024, 560*time.Millisecond)},
	}
	var out bytes.Buffer
	printGridHeader(&out, config{runs: 3, gridPoints: []gridPoint{{14, 2000, 20 * time.Millisecond}}})
	printGridRow(&out, pt)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 4) // title, blank, heading, row
	for _, head := range []string{"targets", "conns each", "latency", "wall (ours)", "listing", "floor", "ratio", "peer wall",
		"peer/ours", "requests ours/min/peer", "throttled ours/peer", "RSS/conn", "CPU/conn", "peer RSS/conn", "peer CPU/conn",
		"emulator CPU/conn"} {
		require.Contains(t, lines[2], head)
	}
	row := strings.Fields(lines[3])
	require.Equal(t, []string{"14", "2000", "20ms", "2s", "(1.9s-2.1s)", "1.8s", "400ms", "5.00", "6s", "3.00",
		"182/182/765", "0/41", "1024", "B", "(0-1061)", "10.0", "µs", "(0.0-35.7)", "2048", "B", "(0-2048)", "20.0", "µs",
		"(0.0-20.0)", "5.0", "µs", "(0.0-17.9)"}, row)
}

// With -peerctl, the heading and each row end with peerctl's wall, RSS and
// CPU per connection, its RSS marked as getrusage's; without, neither has
// them.
func TestPrintGridRowPeerctl(t *testing.T) {
	run := func(wall time.Duration, rss uint64, cpu time.Duration) *result {
		return &result{wall: wall, usage: usage{maxRSS: rss, cpu: cpu}}
	}
	pt := &point{targets: 2, connections: 1000, latency: 20 * time.Millisecond, found: 2000,
		ours: []*result{run(time.Second, 2000*1024, time.Second)}, peer: []*result{run(2*time.Second, 2000*1024, time.Second)}}
	var plain bytes.Buffer
	printGridHeader(&plain, config{runs: 1})
	printGridRow(&plain, pt)
	require.NotContains(t, plain.String(), "peerctl")

	pc := run(1500*time.Millisecond, 3000*1024, 60*time.Millisecond)
	pc.rssByRusage = true
	pt.peerctl = []*result{pc}
	var out bytes.Buffer
	printGridHeader(&out, config{runs: 1, peerctl: "peerctl"})
	printGridRow(&out, pt)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 4)
	require.True(t, strings.HasSuffix(strings.TrimSpace(lines[2]), "peerctl wall  peerctl RSS/conn      peerctl CPU/conn"), lines[2])
	row := strings.Fields(lines[3])
	require.Equal(t, []string{"1.5s", "1536", "B*", "30.0", "µs"}, row[len(row)-5:])
}
