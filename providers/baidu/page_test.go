package baidu

import (
	"encoding/json"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/peeringtest"
)

// TestPagesDecodeAlike decodes every list example in one pass and through
// the tolerant path: the same page and connections either way, and the
// tolerant path taken only for the page with odd records, which keeps
// their Mismatches.
func TestPagesDecodeAlike(t *testing.T) {
	c := offlineClient(t, Options{AccountID: "my-account"})
	peeringtest.PagesDecodeAlike(t, peeringtest.PageDecoding[listResponse, PeerConn]{
		Fast:     func(body []byte) (listResponse, bool, error) { return decodeListPage(body, MaxPageSize) },
		Tolerant: func(body []byte) (ans listResponse, err error) { err = json.Unmarshal(body, &ans); return },
		Records:  func(p *listResponse) []PeerConn { return p.PeerConns },
		Connection: func(p *PeerConn) peering.Connection {
			conn, err := c.connection("ListPage", p, recordRole(p, ""), true)
			if err != nil {
				t.Fatal(err)
			}
			return conn
		},
		Refused: map[string]string{
			`{"maxKeys":"x","peerConns":[]}`:      "json: cannot unmarshal string into Go struct field listResponse.maxKeys of type int",
			`{"peerConns":[7]}`:                   "json: cannot unmarshal number into Go struct field listResponse.peerConns of type baidu.PeerConn",
			`{"peerConns":[{"description":"x"}]}`: "required field missing: record 0 of the page has no peerConnId",
			`{"peerConns":[{"description":5}]}`:   "required field missing: record 0 of the page has no peerConnId",
			`{"peerConns":[{"peerConnId":"a"}`:    "unexpected EOF: unexpected end of JSON input",
		},
	}, map[string]bool{
		"list-response.seed000.fixed-missing-comma-and-trailing-comma.json": false,
		"list-response.odd-records.page1.json":                              true,
		"list-response.odd-records.page2.json":                              false,
		peeringtest.DocserverFixture("baidu-list.seed000.json"):             false,
	})
}
