package inventory_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/inventory"
)

// Each verdict of pcc-1 (vpc-a to vpc-b) reads the same in every format:
// the table's REACH, the wide table's directions, the CSV's cells, the DOT
// edge and the Mermaid link, drawn by where traffic goes.
func TestRenderReach(t *testing.T) {
	ab := table("vpc-a", "10.1.0.0/16 peering pcc-1")
	ba := table("vpc-b", "10.0.0.0/16 peering pcc-1")
	for _, tc := range []struct {
		name                string
		status              string
		routes              []inventory.NetworkRoutes // nil: not read
		reach, toAcc, toReq string
		dot                 string // the edge's attributes after its label
		mermaid             string // the link
	}{
		{"not read", "active", nil, "-", "-", "-", `style=solid];`, `n0 -->|"pcc-1 active"| n1`},
		{"both ways", "active", []inventory.NetworkRoutes{ab, ba}, "both", "routed", "routed",
			`style=solid, dir=both];`, `n0 <-->|"pcc-1 active reach both"| n1`},
		{"requester's way only", "active", []inventory.NetworkRoutes{ab, table("vpc-b")}, "one-way", "routed", "none",
			`style=solid, color=red, fontcolor=red, penwidth=2];`, `n0 -->|"pcc-1 active reach one-way"| n1`},
		{"accepter's way only", "active", []inventory.NetworkRoutes{table("vpc-a"), ba}, "one-way", "none", "routed",
			`style=solid, dir=back, color=red, fontcolor=red, penwidth=2];`, `n1 -->|"pcc-1 active reach one-way"| n0`},
		{"neither way", "active", []inventory.NetworkRoutes{table("vpc-a"), table("vpc-b")}, "none", "none", "none",
			`style=dashed, dir=none, color=red, fontcolor=red, penwidth=2];`, `n0 ---|"pcc-1 active reach none"| n1`},
		{"part of a block", "active", []inventory.NetworkRoutes{table("vpc-a", "10.1.0.0/17 peering pcc-1"), ba}, "partial", "partial", "routed",
			`style=solid, dir=both, color=orange];`, `n0 <-->|"pcc-1 active reach partial"| n1`},
		{"a side not read", "active", []inventory.NetworkRoutes{ab}, "unknown", "routed", "unknown",
			`style=dotted, dir=none, color=gray, fontcolor=gray];`, `n0 -.-|"pcc-1 active reach unknown"| n1`},
		{"not active", "pending-acceptance", []inventory.NetworkRoutes{ab, ba}, "inactive", "inactive", "inactive",
			`style=dashed, dir=none, color=gray, fontcolor=gray];`, `n0 ---|"pcc-1 pending-acceptance reach inactive"| n1`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			records := []inventory.Record{conn("pcc-1", tc.status, "vpc-a", "vpc-b", []string{"10.0.0.0/16"}, []string{"10.1.0.0/16"})}
			inv := inventory.AnalyzeRoutes(records, tc.routes, inventory.Options{Now: func() time.Time { return fixtureNow }})
			render := func(f inventory.Format) string {
				var b bytes.Buffer
				require.NoError(t, inventory.Render(&b, inv, f))
				return b.String()
			}

			assert.Regexp(t, `(?m)^pcc-1 .* `+tc.reach+`$`, render(inventory.Table))
			assert.Regexp(t, `(?m)^pcc-1 .* `+tc.reach+` +`+tc.toAcc+` +`+tc.toReq+`$`, render(inventory.Wide))

			rows, err := csv.NewReader(strings.NewReader(render(inventory.CSV))).ReadAll()
			require.NoError(t, err)
			require.Len(t, rows, 2)
			cells := map[string]string{}
			for i, h := range rows[0] {
				cells[h] = rows[1][i]
			}
			want := map[string]string{"reach": tc.reach, "to_accepter": tc.toAcc, "to_requester": tc.toReq}
			for k, v := range want {
				if v == "-" {
					want[k] = ""
				}
			}
			assert.Equal(t, want, map[string]string{"reach": cells["reach"], "to_accepter": cells["to_accepter"], "to_requester": cells["to_requester"]})
			if tc.toAcc == "routed" {
				assert.Equal(t, "10.1.0.0/16 via VpcPeer pcc-1 in rt-vpc-a (vpc-a-r1)", cells["to_accepter_routes"])
			}

			dot := render(inventory.DOT)
			assert.Contains(t, dot, tc.dot)
			mmd := render(inventory.Mermaid)
			assert.Contains(t, mmd, "  "+tc.mermaid+"\n")
			// The legend says what the styles mean, when they mean reachability.
			assert.Equal(t, tc.routes != nil, strings.Contains(dot, "cluster_legend"))
			assert.Equal(t, tc.routes != nil, strings.Contains(mmd, `subgraph legend["reachability"]`))
		})
	}
}
