package alibabaens

import (
	"encoding/json"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/peeringtest"
)

// TestPagesDecodeAlike decodes every DescribeNetworkPeerConnections
// example in one pass and through the tolerant path: the same page and
// connections either way, and the tolerant path taken only for the page
// with odd records, which keeps their Mismatches.
func TestPagesDecodeAlike(t *testing.T) {
	peeringtest.PagesDecodeAlike(t, peeringtest.PageDecoding[describeAnswer, NetworkPeerConnection]{
		Fast:       decodeDescribePage,
		Tolerant:   func(body []byte) (ans describeAnswer, err error) { err = json.Unmarshal(body, &ans); return },
		Records:    func(p *describeAnswer) []NetworkPeerConnection { return p.NetworkPeerConnects },
		Connection: func(r *NetworkPeerConnection) peering.Connection { return connection(r) },
		Refused: map[string]string{
			`{"PageSize":{},"NetworkPeerConnects":[]}`: "json: cannot unmarshal object into Go struct field describeAnswer.PageSize of type json.Number",
			`{"NetworkPeerConnects":[7]}`:              "json: cannot unmarshal number into Go struct field describeAnswer.NetworkPeerConnects of type alibabaens.NetworkPeerConnection",
			`{"NetworkPeerConnects":[{"Name":"x"}]}`:   "record 0 of the page has no InstanceId",
			`{"NetworkPeerConnects":[{"Name":5}]}`:     "record 0 of the page has no InstanceId",
		},
	}, map[string]bool{
		"describe_network_peer_connections_seed004.json":           false,
		"describe_network_peer_connections.odd_records.page1.json": true,
		"describe_network_peer_connections.odd_records.page2.json": false,
		peeringtest.DocserverFixture("ens-describe.seed004.json"):  false,
	})
}
