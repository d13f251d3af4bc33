package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/targets"
)

// TestPeerctlConfig: the file peerctl is given names each target of the
// estate once, with its region, endpoint and keys, and each of peerctl's
// target names leads back to the estate's.
func TestPeerctlConfig(t *testing.T) {
	specs := []targetSpec{
		{Name: "baidu/baidu-a/bj", Provider: peering.Baidu, AccountID: "acct-b", AccessKeyID: "ak-0", Secret: "sk-0", Region: "bj", Endpoint: "http://127.0.0.1:1001"},
		{Name: "alibaba-vpc/alibaba-a/cn-hangzhou", Provider: peering.AlibabaVPC, AccountID: "1234", AccessKeyID: "ak-1", Secret: "sk-1", Region: "cn-hangzhou", Endpoint: "127.0.0.1:1002"},
		{Name: "alibaba-ens/alibaba-a", Provider: peering.AlibabaENS, AccountID: "1234", AccessKeyID: "ak-2", Secret: "sk-2", Endpoint: "127.0.0.1:1002"},
	}
	yaml, env, entries := peerctlConfig(specs)
	c, err := targets.Parse("peerbench.yaml", []byte(yaml))
	require.NoError(t, err, yaml)
	got, err := c.Targets()
	require.NoError(t, err)
	require.Len(t, got, len(specs))
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	wantEndpoints := []string{"http://127.0.0.1:1001", "http://127.0.0.1:1002", "http://127.0.0.1:1002"}
	for i, tg := range got {
		entry, _, _ := strings.Cut(tg.Name, "/")
		assert.Equal(t, specs[i].Name, entries[entry], "target %s", tg.Name)
		assert.Equal(t, specs[i].Provider, tg.Provider)
		assert.Equal(t, specs[i].Region, tg.Region)
		assert.Equal(t, specs[i].AccountID, tg.AccountID)
		assert.Equal(t, wantEndpoints[i], tg.Endpoint)
		keys, err := tg.Credentials()
		require.NoError(t, err)
		assert.Equal(t, specs[i].AccessKeyID, keys.AccessKeyID)
		assert.Equal(t, specs[i].Secret, keys.Secret)
	}
	assert.NotContains(t, yaml, "sk-0", "the file names variables, never the keys")
}

func TestFoundInNDJSON(t *testing.T) {
	entries := map[string]string{"t0": "baidu/baidu-a/bj", "t1": "baidu/baidu-b/gz"}
	var want0, want1 idSet
	want0.add("peer-1")
	want0.add("peer-2")
	want1.add("peer-2")
	out := `{"type":"connection","provider":"baidu","id":"peer-1","seenBy":[{"target":"t0/bj","role":"requester"}]}
{"type":"connection","provider":"baidu","id":"peer-2","seenBy":[{"target":"t0/bj","role":"requester"},{"target":"t1/gz","role":"accepter"}]}
{"type":"finding","kind":"stuck","connections":[{"provider":"baidu","id":"peer-1"}]}
`
	found, n, err := foundInNDJSON(strings.NewReader(out), entries)
	require.NoError(t, err)
	assert.Equal(t, 2, n, "connections, not findings")
	assert.Equal(t, want0, found["baidu/baidu-a/bj"].Found)
	assert.Equal(t, want1, found["baidu/baidu-b/gz"].Found)

	_, _, err = foundInNDJSON(strings.NewReader(`{"type":"connection","id":"peer-3","seenBy":[{"target":"t9/bj"}]}`+"\n"), entries)
	assert.ErrorContains(t, err, "t9/bj")
	_, _, err = foundInNDJSON(strings.NewReader("{not json\n"), entries)
	assert.Error(t, err)
}

func TestPeerctlNeedsTheDocumentedLimit(t *testing.T) {
	_, err := parseFlags([]string{"-peerctl", "peerctl", "-vpcpeer-limit", "0"}, &strings.Builder{})
	assert.ErrorContains(t, err, "-vpcpeer-limit 360")
	_, err = parseFlags([]string{"-peerctl", "peerctl"}, &strings.Builder{})
	assert.NoError(t, err)
}

// TestPeerctlListsTheEstate builds peerctl and measures it on an estate:
// runPeerctl fails unless peerctl found exactly the emulator's connections
// through the configuration it was given.
func TestPeerctlListsTheEstate(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "peerctl")
	build := exec.Command("go", "build", "-o", bin, "github.com/peeringkit/peering/cmd/peerctl")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "building peerctl: %s", out)

	cfg := smallConfig()
	cfg.connections = 300
	cfg.peerctl = bin
	e, err := startEstate(cfg)
	require.NoError(t, err)
	defer e.close()
	res, err := runPeerctl(context.Background(), e, cfg, os.Stderr)
	require.NoError(t, err)
	require.Equal(t, 3*cfg.connections, res.connections)
	require.Positive(t, res.wall)
	require.Positive(t, res.usage.maxRSS, "peerctl's peak RSS")
	require.Positive(t, res.usage.cpu)
	require.True(t, res.rssByRusage)
	require.Positive(t, res.emulatorRequests)
}
