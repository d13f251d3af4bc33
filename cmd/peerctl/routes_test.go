package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// --routes reads the route tables of the sandbox's networks and judges
// each active peering each way, by default in the sandbox; with
// --routes=false, nothing is said of routes.
func TestInventoryRoutes(t *testing.T) {
	type doc struct {
		Findings []struct{ Kind, Message string }
		Routes   []struct {
			Network struct{ Provider, ID string }
			Tables  []json.RawMessage
		}
	}
	read := func(args ...string) doc {
		r := peerctl(t, nil, append([]string{"inventory", "--sandbox", "-o", "json"}, args...)...)
		require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
		var d doc
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &d))
		return d
	}
	routed := read("--routes")
	kinds := map[string]int{}
	for _, f := range routed.Findings {
		kinds[f.Kind]++
	}
	assert.Positive(t, kinds["no-route"]+kinds["one-way"], "the seeded estate has broken routing: %v", kinds)
	require.NotEmpty(t, routed.Routes)
	for _, nr := range routed.Routes {
		assert.NotEmpty(t, nr.Tables, "%s/%s", nr.Network.Provider, nr.Network.ID)
	}

	assert.Equal(t, routed, read(), "the sandbox reads routes by default")
	plain := read("--routes=false")
	assert.Empty(t, plain.Routes)
	for _, f := range plain.Findings {
		assert.NotContains(t, []string{"no-route", "one-way", "partial-route", "blackhole", "shadowed", "route-into-own-range", "routes-unknown"}, f.Kind)
	}
}
