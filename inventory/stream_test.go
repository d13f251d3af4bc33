package inventory_test

import (
	"bytes"
	"context"
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
