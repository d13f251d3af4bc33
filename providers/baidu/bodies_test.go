package baidu

import (
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/emulator/bce"
	"github.com/peeringkit/peering/internal/peeringtest"
)

// Connections listed page by page, with the VPC listing that fills their
// blocks, still read as the emulator holds them once later pages have
// reused the buffers their bodies were read into: nothing decoded points
// into a body. Under -race a released buffer is overwritten, so any such
// pointer shows.
func TestListedConnectionsOutliveTheirBodies(t *testing.T) {
	srv := peeringtest.Emulator(t, emulator.Options{Seed: 7, Connections: 300, BaiduRegions: []string{"bj", "gz"}})
	a := account(t, srv, "baidu-a")
	held := map[string]bce.PeerConn{}
	for _, x := range srv.Baidu.PeerConns() {
		held[x.ID] = x
	}
	tagged := 0
	peeringtest.OutlivesBodies(t, clientFor(t, srv, "baidu-a", "bj", Options{}), 50, func(g peering.Connection) ([]peeringtest.Field, bool) {
		x, ok := held[g.ID]
		p, _ := g.Raw.(*PeerConn)
		if !ok || p == nil {
			return nil, false
		}
		local, peer := x.Initiator, x.Acceptor
		// The initiator's tags; what the acceptor sees of them depends on
		// the accounts, which the normalization tests cover.
		tags, wantTags := map[string]string{}, map[string]string{}
		if p.Role == "acceptor" {
			local, peer = peer, local
		} else {
			for _, tg := range p.Tags {
				tags[tg.TagKey] = tg.TagValue
			}
			for _, tg := range x.Tags {
				wantTags[tg.Key] = tg.Value
			}
			tagged += min(1, len(wantTags))
		}
		own, _ := g.Own()
		return []peeringtest.Field{
			{"Description", g.Description, local.Description},
			{"own NetworkID", own.NetworkID, local.VPCID},
			{"own AccountID", own.AccountID, a.ID},
			{"Raw.PeerConnID", p.PeerConnID, x.ID},
			{"Raw.LocalVpcID", p.LocalVpcID, local.VPCID},
			{"Raw.PeerVpcID", p.PeerVpcID, peer.VPCID},
			{"Raw.LocalIfID", p.LocalIfID, local.InterfaceID},
			{"Raw.LocalIfName", p.LocalIfName, local.InterfaceName},
			{"Raw.PeerAccountID", p.PeerAccountID, peer.AccountID},
			{"Raw.Tags", tags, wantTags},
		}, true
	})
	if tagged == 0 {
		t.Error("no listed connection has tags: the comparison covers less than it should")
	}
}
