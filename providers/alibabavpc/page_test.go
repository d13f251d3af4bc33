package alibabavpc

import (
	"encoding/json"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/peeringtest"
)

// TestPagesDecodeAlike decodes every ListVpcPeerConnections example in
// one pass and through the tolerant path: the same page and connections
// either way, and the tolerant path taken only for the page with odd
// records, which keeps their Mismatches.
func TestPagesDecodeAlike(t *testing.T) {
	peeringtest.PagesDecodeAlike(t, peeringtest.PageDecoding[listAnswer, VpcPeerConnection]{
		Fast:       decodeListPage,
		Tolerant:   func(body []byte) (ans listAnswer, err error) { err = json.Unmarshal(body, &ans); return },
		Records:    func(p *listAnswer) []VpcPeerConnection { return p.VpcPeerConnects },
		Connection: func(r *VpcPeerConnection) peering.Connection { return connection(r, "253460731706911258") },
		Refused: map[string]string{
			`{"TotalCount":"x","VpcPeerConnects":[]}`:        "json: cannot unmarshal string into Go struct field listAnswer.TotalCount of type int64",
			`{"VpcPeerConnects":[7]}`:                        "json: cannot unmarshal number into Go struct field listAnswer.VpcPeerConnects of type alibabavpc.VpcPeerConnection",
			`{"VpcPeerConnects":"x"}`:                        "json: cannot unmarshal string into Go struct field listAnswer.VpcPeerConnects of type []alibabavpc.VpcPeerConnection",
			`{"VpcPeerConnects":[{"Name":"x"}]}`:             "record 0 of the page has no InstanceId",
			`{"RequestId":1,"VpcPeerConnects":[{"Name":5}]}`: "record 0 of the page has no InstanceId",
		},
	}, map[string]bool{
		"list_vpc_peer_connections_seed001.json":                  false,
		"list_vpc_peer_connections_seed001_exact_owner_id.json":   false,
		"list_vpc_peer_connections.odd_records.page1.json":        true,
		"list_vpc_peer_connections.odd_records.page2.json":        false,
		peeringtest.DocserverFixture("vpcpeer-list.seed001.json"): false,
	})
}
