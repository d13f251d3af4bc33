package main

import (
	"encoding/json"
	"net/netip"
	"path"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/inventory"
)

// sandboxJSON runs the sandbox inventory with args and decodes its JSON.
func sandboxJSON(t *testing.T, args ...string) inventoryJSON {
	t.Helper()
	r := peerctl(t, nil, append([]string{"inventory", "--sandbox", "-o", "json"}, args...)...)
	require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
	var inv inventoryJSON
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &inv))
	return inv
}

func recordRefs(rs []inventory.Record) []string {
	out := make([]string, len(rs))
	for i := range rs {
		out[i] = rs[i].Ref().String()
	}
	return out
}

// The default table fits a 120-column terminal and names what matters; the
// wide one has every column in full; -o name is one provider/ID a line.
func TestInventoryTableShapes(t *testing.T) {
	t.Parallel()
	want := held(twin(t, 1, sandboxConnections))

	r := peerctl(t, nil, "inventory", "--sandbox")
	require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
	lines := strings.Split(r.stdout, "\n")
	assert.Equal(t, []string{"ID", "PROVIDER", "STATUS", "REQUESTER", "ACCEPTER", "BANDWIDTH", "ACCOUNT", "REACH"}, strings.Fields(lines[0]))
	for _, l := range lines {
		assert.LessOrEqual(t, utf8.RuneCountInString(l), 120, "%q", l)
	}
	for _, w := range want {
		assert.Regexp(t, `(?m)^`+w.ref[strings.Index(w.ref, "/")+1:]+` +`+w.ref[:strings.Index(w.ref, "/")]+` `, r.stdout, "connection IDs are never cut")
	}
	assert.Regexp(t, `(?m) (baidu|alibaba)-[ab](\+1)? +(both|one-way|partial|none|unknown|inactive)$`, r.stdout,
		"the account column names the sandbox accounts, and every peering has a verdict")
	assert.NotRegexp(t, `(?m) -$`, r.stdout, "the sandbox reads routes by default")

	r = peerctl(t, nil, "inventory", "--sandbox", "-o", "wide")
	require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
	header := strings.Fields(strings.SplitN(r.stdout, "\n", 2)[0])
	assert.Equal(t, strings.Fields(strings.ToUpper(strings.Join(inventory.Columns(), " "))), header)
	for _, w := range want {
		assert.Contains(t, r.stdout, " "+w.local+" ", "wide shows network IDs in full")
		assert.Contains(t, r.stdout, " "+w.peer+" ")
	}

	r = peerctl(t, nil, "inventory", "--sandbox", "-o", "name")
	require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
	assert.Equal(t, strings.Join(refsOf(want), "\n")+"\n", r.stdout)
}

func TestInventoryYAML(t *testing.T) {
	t.Parallel()
	r := peerctl(t, nil, "inventory", "--sandbox", "-o", "yaml")
	require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
	var doc struct {
		Records []struct {
			ID            string `yaml:"id"`
			BandwidthMbps *int64 `yaml:"bandwidthMbps"`
			Bandwidth     string `yaml:"bandwidth"`
			Requester     struct {
				AccountID string `yaml:"accountId"`
			}
		} `yaml:"records"`
		TargetCount int                             `yaml:"targetCount"`
		Targets     []struct{ Name, Status string } `yaml:"targets"`
	}
	require.NoError(t, yaml.Unmarshal([]byte(r.stdout), &doc))
	js := sandboxJSON(t)
	require.Len(t, doc.Records, len(js.Records))
	for i, rec := range doc.Records {
		assert.Equal(t, js.Records[i].ID, rec.ID)
		assert.Equal(t, js.Records[i].Bandwidth.String(), rec.Bandwidth)
		assert.Equal(t, js.Records[i].Requester.AccountID, rec.Requester.AccountID, "account IDs stay strings")
		if rec.BandwidthMbps != nil {
			assert.Equal(t, int64(js.Records[i].Bandwidth), *rec.BandwidthMbps)
		}
	}
	assert.Equal(t, 14, doc.TargetCount)
	assert.Len(t, doc.Targets, 14)
}

// Bandwidth in JSON is a number only when it is a limit; targets are listed.
func TestInventoryJSONBandwidthAndTargets(t *testing.T) {
	t.Parallel()
	r := peerctl(t, nil, "inventory", "--sandbox", "-o", "json")
	require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
	var raw struct {
		Records []map[string]any
		Targets []map[string]any
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &raw))
	kinds := make(map[string]bool)
	for _, rec := range raw.Records {
		switch bw := rec["bandwidth"].(string); bw {
		case "unlimited", "unknown":
			assert.Nil(t, rec["bandwidthMbps"], "%s: %s has no number", rec["id"], bw)
			kinds[bw] = true
		default:
			n, ok := rec["bandwidthMbps"].(float64)
			require.True(t, ok, "%s: %v", rec["id"], rec["bandwidthMbps"])
			assert.Positive(t, n)
			assert.Regexp(t, `^\d+Mbps$`, bw)
			kinds["limit"] = true
		}
	}
	assert.Equal(t, map[string]bool{"unlimited": true, "unknown": true, "limit": true}, kinds, "the sandbox has all three")
	require.Len(t, raw.Targets, 14)
	var names []string
	for _, tg := range raw.Targets {
		names = append(names, tg["name"].(string))
		assert.Equal(t, "ok", tg["status"])
		assert.NotEmpty(t, tg["provider"])
		assert.NotEmpty(t, tg["account"])
	}
	assert.True(t, slices.IsSorted(names))
	assert.Contains(t, names, "baidu-a/bj")
	assert.Contains(t, names, "alibaba-b/ens")
}

func TestInventoryFilters(t *testing.T) {
	t.Parallel()
	all := sandboxJSON(t).Records
	var names []string
	for _, r := range all {
		if r.Name != "" {
			names = append(names, r.Name)
		}
	}
	require.NotEmpty(t, names)
	prefix := names[0][:strings.Index(names[0], "-")+1] // "prod-" or the like
	exact := names[0]
	overlapping := func(p string) func(inventory.Record) bool {
		pfx := netip.MustParsePrefix(p)
		return func(r inventory.Record) bool {
			return slices.ContainsFunc(slices.Concat(r.Requester.IPv4CIDRs, r.Requester.IPv6CIDRs, r.Accepter.IPv4CIDRs, r.Accepter.IPv6CIDRs),
				func(b netip.Prefix) bool { return b.Overlaps(pfx) })
		}
	}
	globbing := func(pattern string) func(inventory.Record) bool {
		return func(r inventory.Record) bool { ok, _ := path.Match(pattern, r.Name); return ok }
	}
	tests := []struct {
		name string
		args []string
		keep func(inventory.Record) bool
	}{
		{"name glob", []string{"--name", prefix + "*"}, globbing(prefix + "*")},
		{"exact name", []string{"--name", exact}, func(r inventory.Record) bool { return r.Name == exact }},
		{"ipv4 block", []string{"--cidr", "10.0.0.0/12"}, overlapping("10.0.0.0/12")},
		{"ipv6 block", []string{"--cidr", "2408:4000::/32"}, overlapping("2408:4000::/32")},
		{"name and block", []string{"--name", prefix + "*", "--cidr", "10.0.0.0/8"}, func(r inventory.Record) bool {
			return globbing(prefix+"*")(r) && overlapping("10.0.0.0/8")(r)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var want []string
			for _, r := range all {
				if tt.keep(r) {
					want = append(want, r.Ref().String())
				}
			}
			require.NotEmpty(t, want, "the case selects something")
			assert.Less(t, len(want), len(all), "and not everything")
			got := sandboxJSON(t, tt.args...)
			assert.Equal(t, want, recordRefs(got.Records))
			assert.Equal(t, len(want), got.Graph.Links.Len(), "the graph holds only what was kept")
		})
	}
}

func TestInventorySortBy(t *testing.T) {
	t.Parallel()
	for _, col := range []string{"status", "bandwidth", "requester", "account"} {
		t.Run(col, func(t *testing.T) {
			t.Parallel()
			r := peerctl(t, nil, "inventory", "--sandbox", "--sort-by", col, "-o", "wide")
			require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
			lines := strings.Split(r.stdout, "\n")
			header := strings.Fields(lines[0])
			i := slices.Index(header, strings.ToUpper(col))
			require.GreaterOrEqual(t, i, 0)
			var cells []string
			for _, l := range lines[1:] {
				if l == "" {
					break
				}
				cells = append(cells, strings.Fields(l)[i])
			}
			if col == "bandwidth" {
				rank := func(s string) int {
					switch s {
					case "-":
						return -1
					case "unlimited":
						return 1 << 30
					}
					n := 0
					for _, c := range strings.TrimSuffix(s, "Mbps") {
						n = n*10 + int(c-'0')
					}
					return n
				}
				assert.True(t, slices.IsSortedFunc(cells, func(a, b string) int { return rank(a) - rank(b) }), "%v", cells)
				return
			}
			assert.True(t, slices.IsSorted(cells), "%v", cells)
		})
	}
}

// --targets takes the names the output prints (or a whole entry), and
// --region narrows the sandbox and a configuration to its targets there.
func TestInventoryNarrowTargets(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want []string // the targets listed
	}{
		{"a target as printed", []string{"--targets", "baidu-a/bj"}, []string{"baidu-a/bj"}},
		{"a whole account", []string{"--targets", "alibaba-a"}, []string{"alibaba-a/cn-beijing", "alibaba-a/cn-hangzhou", "alibaba-a/cn-shanghai", "alibaba-a/ens"}},
		{"a region", []string{"--region", "bj"}, []string{"baidu-a/bj", "baidu-b/bj"}},
		{"an account in a region", []string{"--targets", "alibaba-b", "--region", "cn-hangzhou"}, []string{"alibaba-b/cn-hangzhou"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			inv := sandboxJSON(t, tt.args...)
			var names []string
			for _, tg := range inv.Targets {
				names = append(names, tg.Name)
			}
			assert.Equal(t, tt.want, names)
			assert.Equal(t, len(tt.want), inv.TargetCount)
			require.NotEmpty(t, inv.Records)
			for _, r := range inv.Records {
				assert.True(t, slices.ContainsFunc(r.SeenBy, func(s inventory.Sighting) bool { return slices.Contains(tt.want, s.Target) }),
					"%s was listed by one of the targets asked", r.ID)
			}
		})
	}

	// A configuration narrowed to one region lists only its targets there.
	path, _, a, _ := failingConfig(t)
	env := []string{"TEST_BAIDU_AK=" + a.AccessKeyID, "TEST_BAIDU_SK=" + a.Secret}
	for _, args := range [][]string{{"--region", "gz"}, {"--targets", "ops/gz"}} {
		r := peerctl(t, env, append([]string{"inventory", "--config", path, "-o", "json"}, args...)...)
		require.Equal(t, 0, r.code, "%v: the failing targets are not asked: stderr: %s", args, r.stderr)
		var inv inventoryJSON
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &inv))
		require.Len(t, inv.Targets, 1, "%v", args)
		assert.Equal(t, "ops/gz", inv.Targets[0].Name)
		assert.Equal(t, "ok", inv.Targets[0].Status)
	}
}

// Every command that prints one connection (get, create, accept, reject,
// update, delete) gives its bandwidth in -o json and -o yaml as the
// inventory's records do: bandwidthMbps, a number or null, and bandwidth,
// "unlimited", "unknown" or the limit ("100Mbps"), never the model's -1.
func TestConnectionOutputBandwidth(t *testing.T) {
	t.Parallel()
	m, world := briefWorld(t)
	a, b := account(t, m, "alibaba-a"), account(t, m, "alibaba-b")
	as := func(acct emulator.Account) []string {
		return []string{"ALIBABA_CLOUD_ACCESS_KEY_ID=" + acct.AccessKeyID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET=" + acct.Secret}
	}
	at := func(acct emulator.Account, region string, args ...string) []string {
		return append(args, "--provider", "alibaba-vpc", "--region", region, "--endpoint", m.Alibaba, "--account-id", acct.ID, "--timeout", "30s")
	}
	// print runs a command and reads the connection it printed as a map.
	print := func(env, args []string) (id string, doc map[string]any) {
		t.Helper()
		r := peerctl(t, env, args...)
		require.Equal(t, 0, r.code, "%v: %s", args, r.stderr)
		format := args[slices.Index(args, "-o")+1]
		if format == "json" {
			require.NoError(t, json.Unmarshal([]byte(r.stdout), &doc), r.stdout)
		} else {
			require.NoError(t, yaml.Unmarshal([]byte(r.stdout), &doc), r.stdout)
			assert.False(t, strings.HasPrefix(strings.TrimSpace(r.stdout), "{"), "YAML in block style: %s", r.stdout)
		}
		assert.NotContains(t, doc, "seenBy")
		id, _ = doc["id"].(string)
		require.NotEmpty(t, id, r.stdout)
		return id, doc
	}
	check := func(name string, doc map[string]any, mbps any, word string) {
		t.Helper()
		require.Contains(t, doc, "bandwidthMbps", name)
		if n, ok := doc["bandwidthMbps"].(int); ok { // YAML decodes whole numbers as int
			doc["bandwidthMbps"] = float64(n)
		}
		assert.Equal(t, mbps, doc["bandwidthMbps"], name)
		assert.Equal(t, word, doc["bandwidth"], name)
	}
	hz, sh := alibabaVPC(t, world, a, "cn-hangzhou"), alibabaVPC(t, world, b, "cn-shanghai")

	id, doc := print(as(a), at(a, "cn-hangzhou", "create", "--local", hz, "--peer", sh, "--peer-region", "cn-shanghai",
		"--peer-account", b.ID, "--bandwidth", "100", "--wait", "-o", "json"))
	check("create -o json", doc, float64(100), "100Mbps")
	_, doc = print(as(b), at(b, "cn-shanghai", "accept", id, "--wait", "-o", "json"))
	check("accept -o json", doc, float64(100), "100Mbps")
	_, doc = print(as(a), at(a, "cn-hangzhou", "update", id, "--bandwidth", "200", "--wait", "-o", "yaml"))
	check("update -o yaml", doc, float64(200), "200Mbps")
	_, doc = print(as(a), at(a, "cn-hangzhou", "get", id, "-o", "yaml"))
	check("get -o yaml", doc, float64(200), "200Mbps")
	_, doc = print(as(a), at(a, "cn-hangzhou", "delete", id, "-o", "json"))
	check("delete -o json", doc, float64(200), "200Mbps")

	// Within one region a VpcPeer connection is unlimited.
	id, doc = print(as(a), at(a, "cn-hangzhou", "create", "--local", hz, "--peer", alibabaVPC(t, world, b, "cn-hangzhou"),
		"--peer-account", b.ID, "--wait", "-o", "yaml"))
	check("create -o yaml", doc, nil, "unlimited")
	_, doc = print(as(a), at(a, "cn-hangzhou", "get", id, "-o", "json"))
	check("get -o json", doc, nil, "unlimited")
	_, doc = print(as(b), at(b, "cn-hangzhou", "reject", id, "--wait", "-o", "yaml"))
	check("reject -o yaml", doc, nil, "unlimited")

	r := peerctl(t, as(a), at(a, "cn-hangzhou", "get", id, "-o", "csv")...)
	assert.Equal(t, 2, r.code, r.stderr)
	assert.Contains(t, r.stderr, `-o: unknown format "csv" (want table, json or yaml)`)
}
