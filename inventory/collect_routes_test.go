package inventory_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/inventory"
)

// emptyTables answers for every network one route table with no route
// through a peering, and refuses the networks in refused.
type emptyTables struct {
	peering.Peering
	refused map[string]bool
}

func (e emptyTables) RouteTables(_ context.Context, network string) ([]peering.RouteTable, error) {
	if e.refused[network] {
		return nil, &peering.Error{Code: peering.PermissionDenied, Provider: e.Provider(), Op: "RouteTables", Message: "not allowed"}
	}
	return []peering.RouteTable{{Provider: e.Provider(), ID: "rt-" + network, NetworkID: network, System: true}}, nil
}

// noRoutes is an adapter seen without its RouteReader.
type noRoutes struct{ peering.Peering }

// With Options.Routes, Collect reads the route tables of each target's own
// networks from the targets that read them: the Baidu targets here, whose
// tables route nothing through any peering, so that every active Baidu
// peering is no-route, one whose table was refused says why, and peerings
// whose tables no target reads are unknown, never no-route.
func TestCollectReadsRoutes(t *testing.T) {
	srv := startEmulator(t, 3)
	targets := emulatorTargets(t, srv)
	refused := map[string]bool{}
	for i := range targets {
		if targets[i].Peering.Provider() == peering.Baidu {
			targets[i].Peering = emptyTables{Peering: targets[i].Peering, refused: refused}
		} else {
			// The Alibaba adapters read route tables too: hidden here, so
			// that their peerings are the ones no target reads.
			targets[i].Peering = noRoutes{targets[i].Peering}
		}
	}
	first, err := inventory.Collect(context.Background(), targets, inventory.Options{Now: srv.Clock.Now})
	require.NoError(t, err)
	var victim string
	for _, r := range first.Records.All() {
		if r.Provider == peering.Baidu && r.Status == peering.StatusActive {
			victim = r.Requester.NetworkID
			break
		}
	}
	require.NotEmpty(t, victim, "the estate has an active Baidu peering")
	refused[victim] = true

	inv, err := inventory.Collect(context.Background(), targets, inventory.Options{Now: srv.Clock.Now, Routes: true})
	require.NoError(t, err)
	require.Empty(t, inv.Errors)
	kinds := map[inventory.Ref][]inventory.Kind{}
	for _, f := range inv.Findings {
		for _, c := range f.Connections {
			kinds[c] = append(kinds[c], f.Kind)
		}
	}
	for _, r := range inv.Records.All() {
		if r.Status != peering.StatusActive || r.Requester.NetworkID == r.Accepter.NetworkID || r.Requester.Region != r.Accepter.Region {
			continue
		}
		switch got := kinds[r.Ref()]; {
		case r.Provider != peering.Baidu:
			assert.Contains(t, got, inventory.KindRoutesUnknown, "%s", r.Ref())
			assert.NotContains(t, got, inventory.KindNoRoute, "%s", r.Ref())
		case r.Requester.NetworkID == victim || r.Accepter.NetworkID == victim:
			assert.Contains(t, got, inventory.KindRoutesUnknown, "%s", r.Ref())
		default:
			assert.Contains(t, got, inventory.KindNoRoute, "%s", r.Ref())
		}
	}
	var read, unknown int
	for _, nr := range inv.Routes {
		assert.Equal(t, peering.Baidu, nr.Network.Provider)
		if nr.Unknown != "" {
			unknown++
			assert.Equal(t, victim, nr.Network.ID)
			assert.Contains(t, nr.Unknown, "PermissionDenied: ")
		} else {
			read++
		}
	}
	assert.Equal(t, 1, unknown)
	assert.Positive(t, read)
	assert.Nil(t, first.Routes, "no routes without Options.Routes")
}
