package inventory_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/inventory"
)

// end returns an endpoint of network id with the given blocks (none means
// unknown, for the reason why).
func end(id, why string, cidrs ...string) peering.Endpoint {
	e := peering.Endpoint{NetworkID: id, CIDRsUnknown: why}
	for _, c := range cidrs {
		e.IPv4CIDRs = append(e.IPv4CIDRs, netip.MustParsePrefix(c))
	}
	return e
}

func record(id string, status peering.Status, role peering.Role, requester, accepter peering.Endpoint) inventory.Record {
	return inventory.Record{Connection: peering.Connection{
		Provider: peering.Baidu, ID: id, Status: status, ProviderStatus: string(status), Role: role,
		Requester: requester, Accepter: accepter,
	}}
}

func analyzeAt(records ...inventory.Record) *inventory.Inventory {
	return inventory.Analyze(records, inventory.Options{Now: func() time.Time { return fixtureNow }})
}

func findingsOf(inv *inventory.Inventory, kind inventory.Kind) []inventory.Finding {
	var out []inventory.Finding
	for _, f := range inv.Findings {
		if f.Kind == kind {
			out = append(out, f)
		}
	}
	return out
}

const denied = "PermissionDenied: the VPC look-up was refused (AccessDenied, HTTP 403)"

func TestCIDRsUnknownFinding(t *testing.T) {
	active, deleted := peering.StatusActive, peering.StatusDeleted
	req, acc := peering.RoleRequester, peering.RoleAccepter
	type want struct {
		nets    []string
		message string
	}
	cases := []struct {
		name    string
		records []inventory.Record
		want    []want
	}{
		{"both known", []inventory.Record{
			record("pc-1", active, req, end("vpc-a", "", "10.0.0.0/16"), end("vpc-b", "", "10.1.0.0/16")),
		}, nil},
		{"accepter refused", []inventory.Record{
			record("pc-1", active, req, end("vpc-a", "", "10.0.0.0/16"), end("vpc-b", denied)),
		}, []want{{[]string{"vpc-b"}, "baidu peering pc-1: the address blocks of the accepter vpc-b (" + denied + ") are unknown, so overlaps involving it were not checked"}}},
		{"requester in another region", []inventory.Record{
			record("pc-1", active, acc, end("vpc-a", "not looked up: the VPC is in region gz, not in this client's region bj"), end("vpc-b", "", "10.1.0.0/16")),
		}, []want{{[]string{"vpc-a"}, "baidu peering pc-1: the address blocks of the requester vpc-a (not looked up: the VPC is in region gz, not in this client's region bj) are unknown, so overlaps involving it were not checked"}}},
		{"both unknown", []inventory.Record{
			record("pc-1", active, req, end("vpc-b", "why b"), end("vpc-a", "why a")),
		}, []want{{[]string{"vpc-a", "vpc-b"}, "baidu peering pc-1: the address blocks of the requester vpc-b (why b) and of the accepter vpc-a (why a) are unknown, so overlaps involving them were not checked"}}},
		{"no reason given", []inventory.Record{
			record("pc-1", active, req, end("vpc-a", "", "10.0.0.0/16"), end("vpc-b", "")),
		}, []want{{[]string{"vpc-b"}, "baidu peering pc-1: the address blocks of the accepter vpc-b (no reason given) are unknown, so overlaps involving it were not checked"}}},
		{"no network ID", []inventory.Record{
			record("pc-1", active, req, end("vpc-a", "", "10.0.0.0/16"), end("", "the record names no VPC for this end")),
		}, []want{{nil, "baidu peering pc-1: the address blocks of the accepter (unknown) (the record names no VPC for this end) are unknown, so overlaps involving it were not checked"}}},
		{"deleted: not checked for overlaps either", []inventory.Record{
			record("pc-1", deleted, req, end("vpc-a", "", "10.0.0.0/16"), end("vpc-b", denied)),
		}, nil},
		{"self-peering: nothing to overlap", []inventory.Record{
			record("pc-1", active, req, end("vpc-a", denied), end("vpc-a", denied)),
		}, nil},
		{"the other account's view has the blocks", []inventory.Record{
			record("pc-1", active, req, end("vpc-a", "", "10.0.0.0/16"), end("vpc-b", denied)),
			record("pc-1", active, acc, end("vpc-a", "not looked up: the VPC is in region bj, not in this client's region gz"), end("vpc-b", "", "10.1.0.0/16")),
		}, nil},
		{"neither account's view has them", []inventory.Record{
			record("pc-1", active, req, end("vpc-a", "", "10.0.0.0/16"), end("vpc-b", denied)),
			record("pc-1", active, acc, end("vpc-a", "", "10.0.0.0/16"), end("vpc-b", denied)),
		}, []want{{[]string{"vpc-b"}, "baidu peering pc-1: the address blocks of the accepter vpc-b (" + denied + ") are unknown, so overlaps involving it were not checked"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := findingsOf(analyzeAt(tc.records...), inventory.KindCIDRsUnknown)
			require.Len(t, got, len(tc.want), "findings: %+v", got)
			for i, w := range tc.want {
				f := got[i]
				assert.Equal(t, inventory.SeverityWarning, f.Severity)
				assert.Equal(t, refs(peering.Baidu, "pc-1"), f.Connections)
				var nets []string
				for _, n := range f.Networks {
					nets = append(nets, n.ID)
				}
				assert.Equal(t, w.nets, nets)
				assert.Equal(t, w.message, f.Message)
			}
		})
	}
}

// TestCIDRsUnknownIsNotNoOverlap: a hub peered with a network whose blocks
// overlap another peer's, and with one whose blocks are unknown. The
// overlap it can see is reported; the pair it cannot check is not reported
// as fine: the unknown end has its finding.
func TestCIDRsUnknownIsNotNoOverlap(t *testing.T) {
	inv := analyzeAt(
		record("pc-1", peering.StatusActive, peering.RoleRequester, end("vpc-hub", "", "10.0.0.0/16"), end("vpc-x", "", "10.1.0.0/16")),
		record("pc-2", peering.StatusActive, peering.RoleRequester, end("vpc-hub", "", "10.0.0.0/16"), end("vpc-y", "", "10.1.0.0/20")),
		record("pc-3", peering.StatusActive, peering.RoleRequester, end("vpc-hub", "", "10.0.0.0/16"), end("vpc-z", denied)),
	)
	var kinds []string
	for _, f := range inv.Findings {
		kinds = append(kinds, string(f.Kind)+" "+f.Connections[0].ID)
	}
	assert.Equal(t, []string{"cidrs-unknown pc-3", "peer-cidr-overlap pc-1"}, kinds)
}

func TestRenderCIDRsUnknown(t *testing.T) {
	inv := analyzeAt(
		record("pc-1", peering.StatusActive, peering.RoleRequester, end("vpc-a", "", "10.0.0.0/16"), end("vpc-b", denied)),
		record("pc-2", peering.StatusActive, peering.RoleRequester, end("vpc-c", ""), end("vpc-d", "", "10.3.0.0/16")),
	)
	render := func(f inventory.Format) string {
		var buf bytes.Buffer
		require.NoError(t, inventory.Render(&buf, inv, f))
		return buf.String()
	}

	t.Run("table", func(t *testing.T) {
		lines := strings.Split(render(inventory.Wide), "\n")
		require.Greater(t, len(lines), 3)
		assert.Equal(t, []string{"pc-1", "baidu", "active", "vpc-a", "-", "-", "10.0.0.0/16", "vpc-b", "-", "-", "unknown"}, strings.Fields(lines[1])[:11])
		assert.Equal(t, []string{"pc-2", "baidu", "active", "vpc-c", "-", "-", "unknown", "vpc-d", "-", "-", "10.3.0.0/16"}, strings.Fields(lines[2])[:11])
		out := strings.Join(lines, "\n")
		assert.Regexp(t, `(?m)^warning +cidrs-unknown +baidu peering pc-1: the address blocks of the accepter vpc-b \(PermissionDenied: `, out)
		assert.Regexp(t, `(?m)^warning +cidrs-unknown +baidu peering pc-2: the address blocks of the requester vpc-c \(no reason given\)`, out)
	})

	t.Run("csv", func(t *testing.T) {
		rows, err := csv.NewReader(strings.NewReader(render(inventory.CSV))).ReadAll()
		require.NoError(t, err)
		require.Len(t, rows, 3)
		col := make(map[string]int)
		for i, h := range rows[0] {
			col[h] = i
		}
		for _, c := range []string{"requester_cidrs", "requester_cidrs_unknown", "accepter_cidrs", "accepter_cidrs_unknown"} {
			require.Contains(t, col, c)
		}
		cell := func(row int, c string) string { return rows[row][col[c]] }
		assert.Equal(t, []string{"10.0.0.0/16", "", "", denied}, []string{cell(1, "requester_cidrs"), cell(1, "requester_cidrs_unknown"), cell(1, "accepter_cidrs"), cell(1, "accepter_cidrs_unknown")})
		assert.Equal(t, []string{"", "no reason given", "10.3.0.0/16", ""}, []string{cell(2, "requester_cidrs"), cell(2, "requester_cidrs_unknown"), cell(2, "accepter_cidrs"), cell(2, "accepter_cidrs_unknown")})
		assert.Equal(t, "cidrs-unknown", cell(1, "findings"))
	})

	t.Run("json", func(t *testing.T) {
		var back struct {
			Records []struct {
				Requester, Accepter map[string]any
			} `json:"records"`
		}
		require.NoError(t, json.Unmarshal([]byte(render(inventory.JSON)), &back))
		require.Len(t, back.Records, 2)
		assert.Equal(t, denied, back.Records[0].Accepter["cidrsUnknown"])
		assert.NotContains(t, back.Records[0].Requester, "cidrsUnknown")
	})

	t.Run("graph", func(t *testing.T) {
		assert.Contains(t, render(inventory.DOT), `vpc-b\nblocks unknown`)
		assert.Contains(t, render(inventory.Mermaid), "blocks unknown")
	})
}
