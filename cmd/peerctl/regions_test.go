package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/providers/alibabavpc"
	"github.com/peeringkit/peering/providers/baidu"
)

// A region the adapter does not know, with no endpoint, is refused before
// anything else (no credentials are needed to be told) with exit status 2,
// naming the known regions and how to get past the list in peerctl's words.
func TestUnknownRegionRefused(t *testing.T) {
	t.Parallel()
	baiduKnown := strings.Join(baidu.Regions(), " ")
	vpcKnown := strings.Join(alibabavpc.Regions(), " ")
	config := filepath.Join("testdata", "config", "unknown-region.yaml")
	tests := []struct {
		name string
		args []string
		want []string // in stderr
	}{
		{"inventory, baidu", []string{"inventory", "--provider", "baidu", "--region", "moon"},
			[]string{`target baidu/moon: unknown region "moon" (known: ` + baiduKnown + `)`, "Clouds add regions", "pass --endpoint", "https://bcc.moon.baidubce.com"}},
		{"inventory, one bad region among good ones", []string{"inventory", "--provider", "baidu", "--region", "bj,moon"},
			[]string{`target baidu/moon: unknown region "moon"`}},
		{"inventory, alibaba-vpc", []string{"inventory", "--provider", "alibaba-vpc", "--region", "cn-hangzou"},
			[]string{`target alibaba-vpc/cn-hangzou: unknown region "cn-hangzou" (known: ` + vpcKnown + `)`, "pass --endpoint", alibabavpc.DefaultEndpoint}},
		{"inventory, config file", []string{"inventory", "--config", config},
			[]string{`target prod/moon: unknown region "moon"`, "give the target an endpoint (endpoint:, or for Baidu endpoints: {moon: URL}) at " + config + ":2"}},
		{"get", []string{"get", "peerconn-1", "--provider", "baidu", "--region", "moon"},
			[]string{`target baidu/moon: unknown region "moon"`, "pass --endpoint"}},
		{"create", []string{"create", "--provider", "alibaba-vpc", "--region", "moon", "--local", "vpc-a", "--peer", "vpc-b"},
			[]string{`target alibaba-vpc/moon: unknown region "moon"`}},
		{"delete", []string{"delete", "peerconn-1", "--provider", "baidu", "--region", "moon"},
			[]string{`target baidu/moon: unknown region "moon"`}},
		{"get from a config target", []string{"get", "peerconn-1", "--config", config, "--target", "prod", "--region", "moon"},
			[]string{`target prod/moon: unknown region "moon"`, config + ":2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := peerctl(t, nil, tt.args...)
			assert.Equal(t, exitUsage, r.code, "stderr: %s", r.stderr)
			for _, want := range tt.want {
				assert.Contains(t, r.stderr, want)
			}
			assert.NotContains(t, r.stderr, "Options.Endpoint", "the message is in peerctl's words")
			assert.NotContains(t, r.stderr, "no credentials", "the region is refused before the keys are looked for")
			assert.Regexp(t, `Run 'peerctl \w+ --help' for usage\.\n$`, r.stderr)
			assert.Empty(t, r.stdout)
		})
	}
}

// With an explicit endpoint (here the emulator's) any region passes, used
// as given.
func TestUnknownRegionWithEndpoint(t *testing.T) {
	t.Parallel()
	srv := twin(t, 1, 2)
	b, _ := srv.Account("baidu-a")
	ali, _ := srv.Account("alibaba-a")
	tests := []struct {
		name     string
		env      []string
		args     []string
		anyConns bool
	}{
		{"baidu", []string{"BCE_ACCESS_KEY_ID=" + b.AccessKeyID, "BCE_SECRET_ACCESS_KEY=" + b.Secret},
			[]string{"--provider", "baidu", "--region", "moon", "--endpoint", srv.BaiduEndpoint("bj")}, true},
		// The emulator has no VpcPeer region moon: an empty listing, not a refusal.
		{"alibaba-vpc", []string{"ALIBABA_CLOUD_ACCESS_KEY_ID=" + ali.AccessKeyID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET=" + ali.Secret},
			[]string{"--provider", "alibaba-vpc", "--region", "moon", "--endpoint", srv.AlibabaEndpoint(), "--account-id", ali.ID}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := peerctl(t, tt.env, append([]string{"inventory", "-o", "json"}, tt.args...)...)
			require.Equal(t, exitOK, r.code, "stderr: %s", r.stderr)
			var inv inventoryJSON
			require.NoError(t, json.Unmarshal([]byte(r.stdout), &inv))
			assert.Empty(t, inv.Errors)
			if tt.anyConns {
				assert.NotEmpty(t, inv.Records, "the emulator's connections are listed")
			}
		})
	}
}
