package inventory_test

import (
	"bytes"
	"context"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/inventory"
)

// gatedPeering holds its listing until gate is closed.
type gatedPeering struct {
	peering.Peering
	gate <-chan struct{}
}

func (g gatedPeering) ListPage(ctx context.Context, f peering.Filter, token string) (peering.Page, error) {
	select {
	case <-g.gate:
	case <-ctx.Done():
		return peering.Page{}, ctx.Err()
	}
	return g.Peering.ListPage(ctx, f, token)
}

// Records stream out as soon as the targets that may list them are done:
// the ENS targets are held until a record has come out, which only the
// Baidu and VpcPeer targets can provide before them. Every record comes out
// once, as the inventory holds it.
func TestCollectStreamsRecords(t *testing.T) {
	srv := startEmulator(t, 3)
	targets := emulatorTargets(t, srv)
	gate := make(chan struct{})
	var once sync.Once
	for i := range targets {
		if targets[i].Peering.Provider() == peering.AlibabaENS {
			targets[i].Peering = gatedPeering{Peering: targets[i].Peering, gate: gate}
		}
	}
	var streamed []inventory.Record
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	inv, err := inventory.Collect(ctx, targets, inventory.Options{Now: srv.Clock.Now, Record: func(r inventory.Record) {
		streamed = append(streamed, r)
		once.Do(func() { close(gate) })
	}})
	require.NoError(t, err, "no record came out while the ENS targets were held")
	require.Empty(t, inv.Errors)
	require.NotEmpty(t, inv.Records)
	slices.SortFunc(streamed, func(a, b inventory.Record) int { return a.Ref().Compare(b.Ref()) })
	require.Equal(t, inv.Records.Slice(), streamed, "each record once, merged as the inventory holds it")
	assert.Equal(t, held(srv), recordRefs(inv))
}

// The streamed ndjson has the lines Render writes, connections in the
// order they became final.
func TestNDJSONWriterStreams(t *testing.T) {
	srv := startEmulator(t, 3)
	var out bytes.Buffer
	nd := inventory.NewNDJSONWriter(&out)
	inv, err := inventory.Collect(context.Background(), emulatorTargets(t, srv), inventory.Options{Now: srv.Clock.Now, Record: nd.Record})
	require.NoError(t, err)
	require.NoError(t, nd.Finish(inv))
	var rendered bytes.Buffer
	require.NoError(t, inventory.Render(&rendered, inv, inventory.NDJSON))
	got, want := strings.Split(out.String(), "\n"), strings.Split(rendered.String(), "\n")
	slices.Sort(got)
	slices.Sort(want)
	assert.Equal(t, want, got)
	assert.Contains(t, out.String(), `{"type":"connection"`)
}

// writeCounter counts the writes made to it.
type writeCounter struct {
	bytes.Buffer
	writes int
}

func (w *writeCounter) Write(p []byte) (int, error) {
	w.writes++
	return w.Buffer.Write(p)
}

// The ndjson writer buffers its lines: Flush, which Options.Progress is
// the place for, sends each finished target's records in one write, and
// Finish sends the rest.
func TestNDJSONWriterBuffers(t *testing.T) {
	srv := startEmulator(t, 3)
	var (
		out      writeCounter
		progress []int // out's length at each progress report
	)
	nd := inventory.NewNDJSONWriter(&out)
	inv, err := inventory.Collect(context.Background(), emulatorTargets(t, srv), inventory.Options{
		Now:    srv.Clock.Now,
		Record: nd.Record,
		Progress: func(inventory.Progress) {
			require.NoError(t, nd.Flush())
			progress = append(progress, out.Len())
		},
	})
	require.NoError(t, err)
	require.NotEmpty(t, progress)
	assert.Positive(t, progress[len(progress)-1], "the records are out once the last target is done")
	streamed := out.Len()
	require.NoError(t, nd.Finish(inv))
	assert.Equal(t, inv.Records.Len(), strings.Count(out.String()[:streamed], `{"type":"connection"`))
	assert.LessOrEqual(t, out.writes, len(progress)+1+out.Len()/(64<<10), "one write per flush, and one per full buffer")
}

// Render writes through one buffer, whatever the format: not one write a
// line or a field.
func TestRenderBuffers(t *testing.T) {
	srv := startEmulator(t, 3)
	inv, err := inventory.Collect(context.Background(), emulatorTargets(t, srv), inventory.Options{Now: srv.Clock.Now})
	require.NoError(t, err)
	require.Positive(t, inv.Records.Len())
	for _, f := range inventory.Formats() {
		t.Run(string(f), func(t *testing.T) {
			var out writeCounter
			require.NoError(t, inventory.Render(&out, inv, f))
			assert.LessOrEqual(t, out.writes, 1+out.Len()/(64<<10), "%d bytes", out.Len())
		})
	}
}

// The table renders every row through one record and one line buffer: its
// allocations per row are the few cells it formats, not a copy of each
// record, so a large inventory's render is not garbage its own size.
func TestRenderTableAllocationsPerRow(t *testing.T) {
	srv := startEmulator(t, 3)
	inv, err := inventory.Collect(context.Background(), emulatorTargets(t, srv), inventory.Options{Now: srv.Clock.Now})
	require.NoError(t, err)
	n := inv.Records.Len()
	require.Positive(t, n)
	allocs := testing.AllocsPerRun(3, func() {
		require.NoError(t, inventory.Render(io.Discard, inv, inventory.Table))
	})
	t.Logf("%.1f allocations per row", allocs/float64(n))
	assert.Less(t, allocs/float64(n), 12.0, "a record and a line a row were some 14 (17 with -race)")
}
