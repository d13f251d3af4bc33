package alibabaens

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/emulator/aliyun"
	"github.com/peeringkit/peering/internal/peeringtest"
)

// A generated estate comes through the adapter field for field as the
// emulator holds it, in the API's order (by InstanceId) even though List
// fetches its pages concurrently.
func TestGeneratedEstateComesThroughExactly(t *testing.T) {
	w := worldOf(t, peeringtest.Emulator(t, emulator.Options{Seed: 73, Connections: 80, NoRateLimits: true}))
	srv, uid, c := w.srv, w.uid, w.client(t)

	nets := map[string]aliyun.Network{}
	for _, n := range srv.Alibaba.Networks() {
		nets[n.ID] = n
	}
	var want []aliyun.NetworkPeerConnection
	for _, x := range srv.Alibaba.NetworkPeerConnections() {
		if x.OwnerUID == uid {
			want = append(want, x)
		}
	}
	var got []peering.Connection
	for conn, err := range peering.List(context.Background(), c, peering.Filter{PageSize: 10}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, conn)
	}
	if len(got) != len(want) || len(want) < 100 {
		t.Fatalf("listed %d connections, the emulator holds %d for the account (want over 100 to span pages)", len(got), len(want))
	}
	if !slices.IsSortedFunc(got, func(a, b peering.Connection) int { return strings.Compare(a.ID, b.ID) }) {
		t.Error("List does not yield in page order")
	}
	statuses := map[string]bool{}
	for i, g := range got {
		x := want[i]
		end := func(id, region string) peering.Endpoint {
			return peering.Endpoint{NetworkID: id, Region: region, IPv4CIDRs: peeringtest.Prefixes(t, nets[id].IPv4CIDRs...)}
		}
		peeringtest.Fields(t, x.InstanceID, []peeringtest.Field{
			{"ID", g.ID, x.InstanceID},
			{"Name", g.Name, x.Name},
			{"Description", g.Description, x.Description},
			{"ProviderStatus", g.ProviderStatus, x.Status},
			{"Requester", g.Requester, end(x.NetworkID, x.EnsRegionID)},
			{"Accepter", g.Accepter, end(x.AcceptingNetworkID, "")},
			{"CreatedAt", g.CreatedAt, x.CreatedAt.UTC().Truncate(1e9)},
			{"Bandwidth", g.Bandwidth, peering.BandwidthUnknown},
			{"Role", g.Role, peering.RoleRequester},
		}...)
		if g.Status == peering.StatusUnknown {
			t.Errorf("%s: status %q is not in the table", g.ID, g.ProviderStatus)
		}
		statuses[g.ProviderStatus] = true
	}
	t.Logf("compared %d connections; statuses %v", len(got), statuses)
	peeringtest.GetAgrees(t, c, got[:10])
}

// The estate in pages of 10 through ListPage alone: every connection, its
// Raw record too, still reads as the emulator holds it once the later
// pages have reused its body's buffer (see peeringtest.OutlivesBodies).
func TestListedConnectionsOutliveTheirBodies(t *testing.T) {
	w := worldOf(t, peeringtest.Emulator(t, emulator.Options{Seed: 73, Connections: 80, NoRateLimits: true}))
	held := map[string]aliyun.NetworkPeerConnection{}
	for _, x := range w.srv.Alibaba.NetworkPeerConnections() {
		held[x.InstanceID] = x
	}
	peeringtest.OutlivesBodies(t, w.client(t), 10, func(g peering.Connection) ([]peeringtest.Field, bool) {
		x, ok := held[g.ID]
		r, _ := g.Raw.(*NetworkPeerConnection)
		if !ok || r == nil {
			return nil, false
		}
		return []peeringtest.Field{
			{"Name", g.Name, x.Name},
			{"Description", g.Description, x.Description},
			{"ProviderStatus", g.ProviderStatus, x.Status},
			{"Requester.NetworkID", g.Requester.NetworkID, x.NetworkID},
			{"Accepter.NetworkID", g.Accepter.NetworkID, x.AcceptingNetworkID},
			{"Raw.InstanceID", r.InstanceID, x.InstanceID},
			{"Raw.EnsRegionID", r.EnsRegionID, x.EnsRegionID},
			{"Raw.Network.NetworkID", r.Network.NetworkID, x.NetworkID},
		}, true
	})
}
