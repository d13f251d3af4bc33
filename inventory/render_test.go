package inventory_test

import (
	"bytes"
	"cmp"
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
	inventory.Wide:    "estate.wide.txt",
	inventory.Name:    "estate.name",
	inventory.JSON:    "estate.json",
	inventory.YAML:    "estate.yaml",
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
	ok := func(name string, p peering.Provider, account, region string, n int) inventory.TargetResult {
		return inventory.TargetResult{Name: name, Provider: p, Account: account, Region: region, Status: inventory.TargetOK, Connections: n}
	}
	inv.TargetResults = []inventory.TargetResult{
		ok("alibaba-a/cn-hangzhou", peering.AlibabaVPC, "alibaba-a", "cn-hangzhou", 3),
		ok("alibaba-a/ens", peering.AlibabaENS, "alibaba-a", "", 1),
		{Name: "alibaba-b/cn-beijing", Provider: peering.AlibabaVPC, Account: "alibaba-b", Region: "cn-beijing", Status: inventory.TargetFailed,
			Code: "Unauthenticated", Error: inv.Errors[0].Err.Error()},
		ok("baidu-a/bj", peering.Baidu, "baidu-a", "bj", 5),
		ok("baidu-b/gz", peering.Baidu, "baidu-b", "gz", 1),
	}
	return inv
}

// estateWithRoutes is the fixture estate analyzed with the route tables of
// testdata/estate-routes.json, which give each verdict: peer-a1 both ways,
// peer-a2 neither, peer-a3 partly, peer-a4 one way, tnpc-1 unknown (n-2's
// tables refused), pcc-3 unknown (a self-peering), the others inactive.
func estateWithRoutes(t *testing.T) *inventory.Inventory {
	t.Helper()
	b, err := os.ReadFile("testdata/estate-routes.json")
	require.NoError(t, err)
	var routes []inventory.NetworkRoutes
	require.NoError(t, json.Unmarshal(b, &routes))
	return inventory.AnalyzeRoutes(loadEstate(t), routes, inventory.Options{Now: func() time.Time { return fixtureNow }})
}

func TestRenderGolden(t *testing.T) {
	for _, tc := range []struct {
		name string // "" for the estate without routes
		inv  *inventory.Inventory
	}{{"", estateWithError(t)}, {"routes", estateWithRoutes(t)}} {
		t.Run(cmp.Or(tc.name, "plain"), func(t *testing.T) { renderGolden(t, tc.inv, tc.name) })
	}
}

// renderGolden renders inv in every format and compares with the golden
// files (estate.* for suffix "", estate-SUFFIX.* otherwise).
func renderGolden(t *testing.T, inv *inventory.Inventory, suffix string) {
	for _, f := range inventory.Formats() {
		t.Run(string(f), func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, inventory.Render(&buf, inv, f))
			name := goldenName[f]
			if suffix != "" {
				name = strings.Replace(name, "estate", "estate-"+suffix, 1)
			}
			path := filepath.Join("testdata", "golden", name)
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
		Records  []inventory.Record       `json:"records"`
		Findings []inventory.Finding      `json:"findings"`
		Graph    inventory.Graph          `json:"graph"`
		Errors   []map[string]any         `json:"errors"`
		Count    int                      `json:"targetCount"`
		Targets  []inventory.TargetResult `json:"targets"`
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &back))
	assert.Equal(t, inv.Records.Slice(), back.Records)
	assert.Equal(t, inv.Findings, back.Findings)
	assert.Equal(t, inv.Graph.Networks, back.Graph.Networks)
	assert.Equal(t, linkList(inv.Graph.Links), linkList(back.Graph.Links))
	assert.Equal(t, 5, back.Count)
	assert.Equal(t, inv.TargetResults, back.Targets)
	require.Len(t, back.Errors, 1)
	assert.Equal(t, "Unauthenticated", back.Errors[0]["code"])
	assert.Equal(t, "alibaba-b/cn-beijing", back.Errors[0]["target"])

	// Re-analyzing the saved records gives the same inventory.
	again := inventory.Analyze(back.Records, inventory.Options{Now: func() time.Time { return fixtureNow }})
	assert.Equal(t, inv.Findings, again.Findings)
}

// Bandwidth in the machine formats cannot be summed wrong: the limit in
// Mbit/s is a number only when there is one, and a word says which case it is.
func TestRenderBandwidth(t *testing.T) {
	inv := estateWithError(t)
	want := map[string]struct {
		mbps any
		word string
	}{
		"tnpc-1": {nil, "unknown"}, "pcc-2": {nil, "unlimited"}, "pcc-1": {float64(1024), "1024Mbps"},
	}
	var buf bytes.Buffer
	require.NoError(t, inventory.Render(&buf, inv, inventory.JSON))
	var doc struct{ Records []map[string]any }
	require.NoError(t, json.Unmarshal(buf.Bytes(), &doc))
	for _, r := range doc.Records {
		if w, ok := want[r["id"].(string)]; ok {
			assert.Equal(t, w.mbps, r["bandwidthMbps"], "%s", r["id"])
			assert.Equal(t, w.word, r["bandwidth"], "%s", r["id"])
		}
	}

	buf.Reset()
	require.NoError(t, inventory.Render(&buf, inv, inventory.CSV))
	rows, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	col := make(map[string]int)
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, row := range rows[1:] {
		if w, ok := want[row[col["id"]]]; ok {
			mbps := ""
			if w.mbps != nil {
				mbps = "1024"
			}
			assert.Equal(t, mbps, row[col["bandwidth_mbps"]], "%s", row[col["id"]])
			assert.Equal(t, w.word, row[col["bandwidth"]], "%s", row[col["id"]])
		}
	}

	// A record saved with the model's number reads back as it was.
	var r inventory.Record
	require.NoError(t, json.Unmarshal([]byte(`{"provider":"baidu","id":"p","bandwidth":-1}`), &r))
	assert.Equal(t, peering.BandwidthUnlimited, r.Bandwidth)
	require.NoError(t, json.Unmarshal([]byte(`{"provider":"baidu","id":"p","bandwidthMbps":200,"bandwidth":"200Mbps"}`), &r))
	assert.Equal(t, peering.Bandwidth(200), r.Bandwidth)
	assert.Error(t, json.Unmarshal([]byte(`{"provider":"baidu","id":"p","bandwidth":"fast"}`), &r))
}

// The table and CSV separate several values of a cell the same way.
func TestRenderListSeparator(t *testing.T) {
	inv := estateWithError(t)
	var table, wide, csvOut bytes.Buffer
	require.NoError(t, inventory.Render(&table, inv, inventory.Table))
	require.NoError(t, inventory.Render(&wide, inv, inventory.Wide))
	require.NoError(t, inventory.Render(&csvOut, inv, inventory.CSV))
	assert.Regexp(t, `(?m)^peer-a1 .* baidu-a\+1 +-$`, table.String(), "the default table names the requester's account, +1 for the other")
	assert.Contains(t, wide.String(), " baidu-a,baidu-b ")
	assert.Contains(t, wide.String(), " 192.168.0.0/24,2408:4000::/56 ")
	assert.Contains(t, wide.String(), " baidu-a/bj,baidu-b/gz ")
	assert.Contains(t, csvOut.String(), `"192.168.0.0/24,2408:4000::/56"`)
	assert.Contains(t, csvOut.String(), `"baidu-a/bj,baidu-b/gz"`)
}

// The default table keeps within 120 columns: long network IDs are cut in
// the middle, connection IDs never; the wide table cuts nothing.
func TestRenderTableWidth(t *testing.T) {
	long := func(s string) string { return s + strings.Repeat("x", 40) }
	records := []inventory.Record{{Connection: peering.Connection{
		Provider: peering.AlibabaENS, ID: "pcc-0b40rwm2mzjs2oiilm1vnol7w", Status: peering.StatusPendingAcceptance,
		Requester: peering.Endpoint{NetworkID: long("n-req")}, Accepter: peering.Endpoint{NetworkID: long("n-acc")},
	}, SeenBy: []inventory.Sighting{{Target: "alibaba-a/ens"}, {Target: "alibaba-b/ens"}}}}
	inv := inventory.Analyze(records, inventory.Options{})
	var table, wide bytes.Buffer
	require.NoError(t, inventory.Render(&table, inv, inventory.Table))
	require.NoError(t, inventory.Render(&wide, inv, inventory.Wide))
	for _, line := range strings.Split(table.String(), "\n") {
		assert.LessOrEqual(t, len([]rune(line)), inventory.TableWidth, "%q", line)
	}
	assert.Contains(t, table.String(), "pcc-0b40rwm2mzjs2oiilm1vnol7w ")
	assert.Contains(t, table.String(), "n-req")
	assert.Contains(t, table.String(), "…")
	assert.Contains(t, wide.String(), long("n-req"))
	assert.Contains(t, wide.String(), long("n-acc"))
}

func TestSortBy(t *testing.T) {
	order := func(inv *inventory.Inventory) []string {
		var ids []string
		for _, r := range inv.Records.All() {
			ids = append(ids, r.ID)
		}
		return ids
	}
	inv := estateWithError(t)
	require.NoError(t, inventory.SortBy(inv, "bandwidth"))
	assert.Equal(t, []string{"tnpc-1", "peer-a3", "peer-a4", "peer-a5", "peer-a2", "peer-a1", "pcc-1", "pcc-2", "pcc-3"}, order(inv),
		"unknown first, unlimited last, equal values in provider and ID order")
	require.NoError(t, inventory.SortBy(inv, "STATUS"))
	assert.Equal(t, []string{"tnpc-1", "pcc-3", "peer-a1", "peer-a2", "peer-a3", "peer-a4", "pcc-2", "peer-a5", "pcc-1"}, order(inv))
	require.NoError(t, inventory.SortBy(inv, "requester_cidrs"))
	assert.Equal(t, []string{"peer-a1", "peer-a2", "peer-a3"}, order(inv)[:3], "10.0.0.0/16 first, ties in provider and ID order")
	for _, c := range inventory.Columns() {
		assert.NoError(t, inventory.SortBy(inv, c))
	}
	assert.ErrorContains(t, inventory.SortBy(inv, "colour"), `unknown column "colour" (want one of id, provider, status, `)
}

func TestRenderNDJSONLines(t *testing.T) {
	inv := estateWithError(t)
	var buf bytes.Buffer
	require.NoError(t, inventory.Render(&buf, inv, inventory.NDJSON))
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	require.Len(t, lines, inv.Records.Len()+len(inv.Findings)+len(inv.Errors))
	for i, line := range lines {
		var v struct {
			Type string `json:"type"`
			ID   string `json:"id"`
			Kind string `json:"kind"`
		}
		require.NoError(t, json.Unmarshal([]byte(line), &v), "line %d", i+1)
		switch {
		case i < inv.Records.Len():
			assert.Equal(t, "connection", v.Type)
			assert.Equal(t, inv.Records.At(i).ID, v.ID)
		case i < inv.Records.Len()+len(inv.Findings):
			assert.Equal(t, "finding", v.Type)
			assert.Equal(t, string(inv.Findings[i-inv.Records.Len()].Kind), v.Kind)
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
	require.Len(t, rows, 1+inv.Records.Len())
	col := make(map[string]int)
	for i, h := range rows[0] {
		col[h] = i
	}
	for i, r := range inv.Records.All() {
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
	for i, r := range inv.Records.All() {
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
	for _, l := range inv.Graph.Links.All() {
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
	_, err := inventory.ParseFormat("xml")
	assert.ErrorContains(t, err, `unknown format "xml" (want one of table, wide, name, json, yaml, ndjson, csv, dot, mermaid)`)
	assert.Error(t, inventory.Render(&bytes.Buffer{}, &inventory.Inventory{}, "xml"))
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

// linkList returns every link, for comparing graphs made differently.
func linkList(ls inventory.Links) []inventory.Link {
	out := make([]inventory.Link, 0, ls.Len())
	for _, l := range ls.All() {
		out = append(out, l)
	}
	return out
}
