package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"text/template"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/inventory"
)

// heldConn is a connection as the emulator holds it, in the terms the
// outputs use.
type heldConn struct {
	ref            string // "provider/id"
	local, peer    string // requester's and accepter's network
	providerStatus string
}

// held lists every connection srv holds, ordered as the outputs are.
func held(srv *emulator.Server) []heldConn {
	var out []heldConn
	for _, c := range srv.Baidu.PeerConns() {
		out = append(out, heldConn{"baidu/" + c.ID, c.Initiator.VPCID, c.Acceptor.VPCID, c.Status})
	}
	for _, c := range srv.Alibaba.VpcPeerConnections() {
		out = append(out, heldConn{"alibaba-vpc/" + c.InstanceID, c.VpcID, c.AcceptingVpcID, c.Status})
	}
	for _, c := range srv.Alibaba.NetworkPeerConnections() {
		out = append(out, heldConn{"alibaba-ens/" + c.InstanceID, c.NetworkID, c.AcceptingNetworkID, c.Status})
	}
	slices.SortFunc(out, func(a, b heldConn) int { return strings.Compare(a.ref, b.ref) })
	return out
}

// inventoryJSON is the JSON form of an inventory, as peerctl writes it.
type inventoryJSON struct {
	Records  []inventory.Record  `json:"records"`
	Findings []inventory.Finding `json:"findings"`
	Errors   []struct {
		Target string `json:"target"`
		Code   string `json:"code"`
		Error  string `json:"error"`
	} `json:"errors"`
	Graph       inventory.Graph          `json:"graph"`
	TargetCount int                      `json:"targetCount"`
	Targets     []inventory.TargetResult `json:"targets"`
}

func TestInventorySandboxFormats(t *testing.T) {
	t.Parallel()
	want := held(twin(t, 1, sandboxConnections))
	require.NotEmpty(t, want)

	// The same records in every format.
	outputs := make(map[inventory.Format]string)
	for _, f := range inventory.Formats() {
		r := peerctl(t, nil, "inventory", "--sandbox", "-o", string(f))
		require.Equal(t, 0, r.code, "-o %s: stderr: %s", f, r.stderr)
		assert.Empty(t, r.stderr, "-o %s: stderr is quiet when it is not a terminal", f)
		outputs[f] = r.stdout
	}

	t.Run("json", func(t *testing.T) {
		var inv inventoryJSON
		require.NoError(t, json.Unmarshal([]byte(outputs[inventory.JSON]), &inv))
		assert.Empty(t, inv.Errors)
		assert.Equal(t, 14, inv.TargetCount, "2 Baidu accounts x 3 regions, 2 Alibaba accounts x (3 VpcPeer regions + ENS)")
		require.Len(t, inv.Records, len(want), "connection for connection with the emulator")
		for i, r := range inv.Records {
			w := want[i]
			assert.Equal(t, w.ref, r.Ref().String())
			assert.Equal(t, w.local, r.Requester.NetworkID, "%s: local network", w.ref)
			assert.Equal(t, w.peer, r.Accepter.NetworkID, "%s: peer network", w.ref)
			assert.Equal(t, w.providerStatus, r.ProviderStatus, "%s: status", w.ref)
			assert.NotEmpty(t, r.SeenBy, "%s", w.ref)
		}
		overlaps := 0
		for _, f := range inv.Findings {
			if f.Kind == inventory.KindCIDROverlap || f.Kind == inventory.KindPeerCIDROverlap {
				overlaps++
			}
		}
		assert.Positive(t, overlaps, "the seeded estate's overlaps are found: %+v", inv.Findings)
		assert.Equal(t, len(want), inv.Graph.Links.Len())
	})

	t.Run("ndjson", func(t *testing.T) {
		// Connections stream out as they become final, then the verdicts,
		// then the findings.
		var refs, reached []string
		findings := false
		for _, line := range strings.Split(strings.TrimSpace(outputs[inventory.NDJSON]), "\n") {
			var v struct{ Type, Provider, ID string }
			require.NoError(t, json.Unmarshal([]byte(line), &v))
			switch v.Type {
			case "connection":
				require.False(t, findings, "a connection after the findings: %s", line)
				refs = append(refs, v.Provider+"/"+v.ID)
			case "reach":
				require.False(t, findings, "a verdict after the findings: %s", line)
				var r inventory.Reach
				require.NoError(t, json.Unmarshal([]byte(line), &r))
				reached = append(reached, r.Connection.String())
			case "finding":
				findings = true
			}
		}
		slices.Sort(refs)
		assert.Equal(t, refsOf(want), refs)
		assert.Equal(t, refsOf(want), reached, "a verdict for every connection, in order")
		assert.True(t, findings)
	})

	t.Run("csv", func(t *testing.T) {
		rows, err := csv.NewReader(strings.NewReader(outputs[inventory.CSV])).ReadAll()
		require.NoError(t, err)
		require.Len(t, rows, 1+len(want))
		col := make(map[string]int)
		for i, h := range rows[0] {
			col[h] = i
		}
		for i, w := range want {
			row := rows[i+1]
			assert.Equal(t, w.ref, row[col["provider"]]+"/"+row[col["id"]])
			assert.Equal(t, w.local, row[col["requester_network"]], "%s", w.ref)
			assert.Equal(t, w.peer, row[col["accepter_network"]], "%s", w.ref)
			assert.Equal(t, w.providerStatus, row[col["provider_status"]], "%s", w.ref)
		}
	})

	t.Run("dot", func(t *testing.T) {
		edge := regexp.MustCompile(`^\t"([^"/]+)/([^"]+)" -> "([^"/]+)/([^"]+)" \[label="([^"\\]+)\\n`)
		var got []heldConn
		for _, line := range strings.Split(outputs[inventory.DOT], "\n") {
			if m := edge.FindStringSubmatch(line); m != nil {
				require.Equal(t, m[1], m[3], "edges stay within a provider")
				got = append(got, heldConn{ref: m[1] + "/" + m[5], local: m[2], peer: m[4]})
			}
		}
		require.Len(t, got, len(want))
		for i, w := range want {
			assert.Equal(t, heldConn{ref: w.ref, local: w.local, peer: w.peer}, got[i])
		}
		assert.True(t, strings.HasPrefix(outputs[inventory.DOT], "digraph peering {"))
		assert.True(t, strings.HasSuffix(outputs[inventory.DOT], "}\n"))
	})

	t.Run("mermaid", func(t *testing.T) {
		link := regexp.MustCompile(`^  n\d+ (?:-->|-\.->|<-->|---|-\.-)\|"(\S+) `)
		var ids []string
		for _, line := range strings.Split(outputs[inventory.Mermaid], "\n") {
			if m := link.FindStringSubmatch(line); m != nil {
				ids = append(ids, m[1])
			}
		}
		var wantIDs []string
		for _, w := range want {
			wantIDs = append(wantIDs, w.ref[strings.Index(w.ref, "/")+1:])
		}
		assert.Equal(t, wantIDs, ids)
	})

	t.Run("table", func(t *testing.T) {
		out := outputs[inventory.Table]
		assert.True(t, strings.HasPrefix(out, "ID "), "the table starts with its header")
		for _, w := range want {
			assert.Contains(t, out, w.ref[strings.Index(w.ref, "/")+1:])
		}
		assert.Contains(t, out, "\nFINDINGS\n")
		assert.Regexp(t, `(?m)^(error|warning) +(peer-)?cidr-overlap `, out, "the seeded overlaps are among the findings")
		assert.Contains(t, out, fmt.Sprintf("%d connections between", len(want)))
		assert.Contains(t, out, "from 14 targets; ")
	})

	// Stable: a second run prints the same bytes.
	again := peerctl(t, nil, "inventory", "--sandbox", "-o", "csv")
	assert.Equal(t, outputs[inventory.CSV], again.stdout)
}

func refsOf(cs []heldConn) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ref
	}
	return out
}

// writeConfig fills testdata/NAME (a text/template) with data and writes the
// configuration to a temporary file.
func writeConfig(t *testing.T, name string, data any) string {
	t.Helper()
	tmpl, err := template.ParseFiles(filepath.Join("testdata", name))
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, tmpl.Execute(&buf, data))
	path := filepath.Join(t.TempDir(), strings.TrimSuffix(name, ".tmpl"))
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o600))
	return path
}

// failingConfig writes testdata/failing.yaml.tmpl for an emulator of its
// own, and returns the file, the emulator and its baidu-a and alibaba-a.
func failingConfig(t *testing.T) (string, *emulator.Server, emulator.Account, emulator.Account) {
	t.Helper()
	srv := twin(t, 1, 2)
	a, _ := srv.Account("baidu-a")
	ali, _ := srv.Account("alibaba-a")
	path := writeConfig(t, "failing.yaml.tmpl", map[string]any{
		"BaiduBJ": srv.BaiduEndpoint("bj"), "BaiduGZ": srv.BaiduEndpoint("gz"),
		"Alibaba": srv.AlibabaEndpoint(), "BaiduAccount": a.ID, "AlibabaAccount": ali.ID,
	})
	return path, srv, a, ali
}

func TestInventoryConfigWithFailingTargets(t *testing.T) {
	t.Parallel()
	path, srv, a, ali := failingConfig(t)
	env := []string{
		"TEST_BAIDU_AK=" + a.AccessKeyID, "TEST_BAIDU_SK=" + a.Secret,
		"TEST_ALI_AK=" + ali.AccessKeyID, "TEST_ALI_SK=wrong-secret-0123456789",
	}

	r := peerctl(t, env, "inventory", "--config", path, "-o", "json")
	require.Equal(t, 1, r.code, "some targets failed: stderr: %s", r.stderr)
	var inv inventoryJSON
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &inv), "the results are printed all the same")
	assert.Equal(t, 4, inv.TargetCount)
	status := make(map[string]string)
	for _, tr := range inv.Targets {
		status[tr.Name] = tr.Status + " " + tr.Code
	}
	assert.Equal(t, map[string]string{
		"ops/bj": "ok ", "ops/gz": "ok ",
		"shop-edge": "failed Unauthenticated", "shop/cn-hangzhou": "failed Unauthenticated",
	}, status, "each target is listed with how it went")

	// The Baidu targets succeeded: every connection of baidu-a in bj and gz.
	var want []string
	for _, c := range srv.Baidu.PeerConns() {
		for _, e := range []emulatorEnd{{c.Initiator.AccountID, c.Initiator.Region}, {c.Acceptor.AccountID, c.Acceptor.Region}} {
			if e.account == a.ID && (e.region == "bj" || e.region == "gz") {
				want = append(want, "baidu/"+c.ID)
				break
			}
		}
	}
	var got []string
	for _, rec := range inv.Records {
		got = append(got, rec.Ref().String())
	}
	assert.Equal(t, want, got)

	// The two others failed, each named, with what to do.
	require.Len(t, inv.Errors, 2)
	assert.Equal(t, "shop-edge", inv.Errors[0].Target)
	assert.Equal(t, "Unauthenticated", inv.Errors[0].Code)
	assert.Contains(t, inv.Errors[0].Error, "no credentials: TEST_ENS_AK and TEST_ENS_SK not set")
	assert.Equal(t, "shop/cn-hangzhou", inv.Errors[1].Target)
	assert.Equal(t, "Unauthenticated", inv.Errors[1].Code)
	assert.Contains(t, inv.Errors[1].Error, "SignatureDoesNotMatch")
	assert.Contains(t, r.stderr, "peerctl: target shop/cn-hangzhou: ")
	assert.Contains(t, r.stderr, "hint: the cloud rejected the credentials")
	assert.Contains(t, r.stderr, "hint: export TEST_ENS_AK and TEST_ENS_SK")
	assert.Contains(t, r.stderr, "peerctl: 2 of 4 targets failed")
	for _, secret := range []string{a.Secret, "wrong-secret-0123456789"} {
		assert.NotContains(t, r.stdout+r.stderr, secret, "no secret is ever printed")
	}

	// The table lists the failed targets after the findings.
	r = peerctl(t, env, "inventory", "--config", path, "--targets", "shop")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stdout, "\nFAILED TARGETS\ntarget shop/cn-hangzhou: ")
	assert.Contains(t, r.stdout, "from 1 target, 1 failed")
}

type emulatorEnd struct{ account, region string }

// The README's configuration is valid: without its variables set, every
// target fails for want of credentials (exit status 1), none for the file
// (which would be exit status 2).
func TestReadmeConfig(t *testing.T) {
	t.Parallel()
	r := peerctl(t, nil, "inventory", "--config", filepath.Join("testdata", "config", "example.yaml"), "-o", "json")
	require.Equal(t, 1, r.code, "stderr: %s", r.stderr)
	var inv inventoryJSON
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &inv))
	assert.Equal(t, 5, inv.TargetCount, "prod-baidu in bj and gz, shop in two regions, shop-edge")
	var targets []string
	for _, e := range inv.Errors {
		targets = append(targets, e.Target)
		assert.Equal(t, "Unauthenticated", e.Code)
		assert.Contains(t, e.Error, "no credentials: ")
	}
	assert.Equal(t, []string{"prod-baidu/bj", "prod-baidu/gz", "shop-edge", "shop/cn-hangzhou", "shop/cn-shanghai"}, targets)
	assert.Contains(t, r.stderr, "hint: export BCE_PROD_AK and BCE_PROD_SK, the variables the target's credentials name (testdata/config/example.yaml:3)")

	// And it is the configuration the README shows, word for word.
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	block, ok := strings.CutPrefix(string(readme[bytes.Index(readme, []byte("```yaml\n")):]), "```yaml\n")
	require.True(t, ok, "README has no yaml block")
	block, _, _ = strings.Cut(block, "```")
	file, err := os.ReadFile(filepath.Join("testdata", "config", "example.yaml"))
	require.NoError(t, err)
	_, body, _ := strings.Cut(string(file), "\n") // past the file's own comment line
	assert.Equal(t, block, body, "README's configuration and testdata/config/example.yaml differ")
}

// The README's sample of 'peerctl inventory --sandbox' is what a new user
// sees: each line it shows (between its "..." elisions) is printed, in
// order, whatever the day, the sandbox's clock starting at a fixed distance
// from the estate's date.
func TestReadmeSandboxSample(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	start := bytes.Index(readme, []byte("\nID  "))
	require.Positive(t, start, "README has no sample table")
	sample, _, _ := strings.Cut(string(readme[start+1:]), "```")

	r := peerctl(t, nil, "inventory", "--sandbox")
	require.Equal(t, 0, r.code, r.stderr)
	out := r.stdout
	for _, line := range strings.Split(sample, "\n") {
		if line == "" || line == "..." {
			continue
		}
		i := strings.Index(out, line+"\n")
		require.GreaterOrEqual(t, i, 0, "the README's line is not printed (in this order):\n%s\noutput:\n%s", line, r.stdout)
		out = out[i+len(line):]
	}
}
