package inventory_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/inventory"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// goldenName is the golden file of each format, under testdata/golden.
var goldenName = map[inventory.Format]string{
	inventory.Table:   "estate.txt",
	inventory.JSON:    "estate.json",
	inventory.NDJSON:  "estate.ndjson",
	inventory.CSV:     "estate.csv",
	inventory.DOT:     "estate.dot",
	inventory.Mermaid: "estate.mmd",
}

// estateWithError is the fixture estate plus one failed target, so that the
// formats that carry errors show one.
func estateWithError(t *testing.T) *inventory.Inventory {
	inv := analyzeEstate(t)
	inv.Targets = 5
	inv.Errors = []inventory.TargetError{{
		Target: "alibaba-b/cn-beijing", Provider: peering.AlibabaVPC, Account: "alibaba-b", Region: "cn-beijing",
		Err: &peering.Error{Code: peering.Unauthenticated, Provider: peering.AlibabaVPC, Op: "ListPage", ProviderCode: "InvalidAccessKeyId.NotFound", Message: "Specified access key is not found.", HTTPStatus: 404},
	}}
	return inv
}

func TestRenderGolden(t *testing.T) {
	inv := estateWithError(t)
	for _, f := range inventory.Formats() {
		t.Run(string(f), func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, inventory.Render(&buf, inv, f))
			path := filepath.Join("testdata", "golden", goldenName[f])
			if *update {
				require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test -update to create the golden files")
			assert.Equal(t, string(want), buf.String())

			// Stable: the same inventory renders the same bytes.
			var again bytes.Buffer
			require.NoError(t, inventory.Render(&again, inv, f))
			assert.Equal(t, buf.String(), again.String())
		})
	}
}

func TestRenderJSONRoundTrip(t *testing.T) {
	inv := estateWithError(t)
	var buf bytes.Buffer
	require.NoError(t, inventory.Render(&buf, inv, inventory.JSON))
	var back struct {
		Records  []inventory.Record  `json:"records"`
		Findings []inventory.Finding `json:"findings"`
		Graph    inventory.Graph     `json:"graph"`
		Errors   []map[string]any    `json:"errors"`
		Targets  int                 `json:"targets"`
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &back))
	assert.Equal(t, inv.Records, back.Records)
	assert.Equal(t, inv.Findings, back.Findings)
	assert.Equal(t, inv.Graph, back.Graph)
	assert.Equal(t, 5, back.Targets)
	require.Len(t, back.Errors, 1)
	assert.Equal(t, "Unauthenticated", back.Errors[0]["code"])
	assert.Equal(t, "alibaba-b/cn-beijing", back.Errors[0]["target"])

	// Re-analyzing the saved records gives the same inventory.
	again := inventory.Analyze(back.Records, inventory.Options{Now: func() time.Time { return fixtureNow }})
	assert.Equal(t, inv.Findings, again.Findings)
}

func TestRenderNDJSONLines(t *testing.T) {
	inv := estateWithError(t)
	var buf bytes.Buffer
	require.NoError(t, inventory.Render(&buf, inv, inventory.NDJSON))
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	require.Len(t, lines, len(inv.Records)+len(inv.Findings)+len(inv.Errors))
	for i, line := range lines {
		var v struct {
			Type string `json:"type"`
			ID   string `json:"id"`
			Kind string `json:"kind"`
		}
		require.NoError(t, json.Unmarshal([]byte(line), &v), "line %d", i+1)
		switch {
		case i < len(inv.Records):
			assert.Equal(t, "connection", v.Type)
			assert.Equal(t, inv.Records[i].ID, v.ID)
		case i < len(inv.Records)+len(inv.Findings):
			assert.Equal(t, "finding", v.Type)
			assert.Equal(t, string(inv.Findings[i-len(inv.Records)].Kind), v.Kind)
		default:
			assert.Equal(t, "error", v.Type)
		}
	}
}

func TestRenderCSVParses(t *testing.T) {
	inv := estateWithError(t)
	var buf bytes.Buffer
	require.NoError(t, inventory.Render(&buf, inv, inventory.CSV))
	rows, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 1+len(inv.Records))
	col := make(map[string]int)
	for i, h := range rows[0] {
		col[h] = i
	}
	for i, r := range inv.Records {
		row := rows[i+1]
		assert.Equal(t, string(r.Provider), row[col["provider"]])
		assert.Equal(t, r.ID, row[col["id"]])
		assert.Equal(t, r.Name, row[col["name"]], "names with commas and quotes survive")
		assert.Equal(t, r.Requester.NetworkID, row[col["requester_network"]])
		assert.Equal(t, r.Accepter.NetworkID, row[col["accepter_network"]])
	}
	a2 := rows[1+slicesIndex(inv, "peer-a2")]
	assert.Equal(t, "cidr-overlap", a2[col["findings"]])
	assert.Equal(t, "10.0.128.0/17", a2[col["accepter_cidrs"]])
}

func slicesIndex(inv *inventory.Inventory, id string) int {
	for i, r := range inv.Records {
		if r.ID == id {
			return i
		}
	}
	return -1
}

var dotEdge = regexp.MustCompile(`^\t"([^"]+)" -> "([^"]+)" \[label="([^"\\]+)\\n`)

func TestRenderDOTEdges(t *testing.T) {
	inv := estateWithError(t)
	var buf bytes.Buffer
	require.NoError(t, inventory.Render(&buf, inv, inventory.DOT))
	var edges []string
	for _, line := range strings.Split(buf.String(), "\n") {
		if m := dotEdge.FindStringSubmatch(line); m != nil {
			edges = append(edges, m[1]+" "+m[2]+" "+m[3])
		}
	}
	var want []string
	for _, l := range inv.Graph.Links {
		want = append(want, l.From.String()+" "+l.To.String()+" "+l.Connection.ID)
	}
	assert.Equal(t, want, edges)
	assert.Contains(t, buf.String(), `"baidu/vpc-a1" -> "baidu/vpc-a2" [label="peer-a2\nactive 50Mbps", style=solid, color=red`)
}

func TestRenderEmpty(t *testing.T) {
	inv := inventory.Analyze(nil, inventory.Options{})
	for _, f := range inventory.Formats() {
		var buf bytes.Buffer
		require.NoError(t, inventory.Render(&buf, inv, f), "format %s", f)
		if f == inventory.JSON {
			assert.Contains(t, buf.String(), `"records": []`)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range inventory.Formats() {
		got, err := inventory.ParseFormat(strings.ToUpper(string(f)))
		require.NoError(t, err)
		assert.Equal(t, f, got)
	}
	_, err := inventory.ParseFormat("yaml")
	assert.ErrorContains(t, err, `unknown format "yaml" (want one of table, json, ndjson, csv, dot, mermaid)`)
	assert.Error(t, inventory.Render(&bytes.Buffer{}, &inventory.Inventory{}, "yaml"))
}

type failingWriter struct{}

var errDiskFull = errors.New("disk full")

func (failingWriter) Write([]byte) (int, error) { return 0, errDiskFull }

func TestRenderReportsWriteErrors(t *testing.T) {
	inv := analyzeEstate(t)
	for _, f := range inventory.Formats() {
		err := inventory.Render(failingWriter{}, inv, f)
		assert.ErrorIs(t, err, errDiskFull, "format %s", f)
	}
}
