package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	config := func(name string) string { return filepath.Join("testdata", "config", name) }
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"no targets", []string{"inventory"}, "say what to list: --config FILE, --provider P --region R, or --sandbox"},
		{"unknown format", []string{"inventory", "--sandbox", "-o", "xml"}, `-o: unknown format "xml" (want one of table, wide, name, json, yaml, ndjson, csv, dot, mermaid)`},
		{"bad name pattern", []string{"inventory", "--sandbox", "--name", "prod-["}, `--name "prod-[": syntax error in pattern`},
		{"bad cidr", []string{"inventory", "--sandbox", "--cidr", "10.0.0.0/33"}, `--cidr "10.0.0.0/33": not an address block`},
		{"cidr without length", []string{"inventory", "--sandbox", "--cidr", "10.0.0.1"}, `--cidr "10.0.0.1": not an address block`},
		{"unknown sort column", []string{"inventory", "--sandbox", "--sort-by", "colour"}, `--sort-by: unknown column "colour" (want one of id, provider, status,`},
		{"unknown flag", []string{"inventory", "--sandbx"}, "unknown flag: --sandbx"},
		{"unknown command", []string{"invntory"}, `unknown command "invntory"`},
		{"sandbox and config", []string{"inventory", "--sandbox", "--config", config("duplicate.yaml")}, "--sandbox lists the emulator only"},
		{"unknown status", []string{"inventory", "--sandbox", "--status", "up"}, `--status: unknown status "up"`},
		{"bad tag", []string{"inventory", "--sandbox", "--tag", "env"}, `--tag "env": want key=value`},
		{"no region", []string{"inventory", "--provider", "baidu"}, "--region is required for baidu"},
		{"unknown provider", []string{"inventory", "--provider", "aws", "--region", "us-east-1"}, `unknown provider "aws"`},
		{"ens has no region", []string{"inventory", "--provider", "alibaba-ens", "--region", "cn-xian-unicom"}, "alibaba-ens is not regional"},
		{"targets without config", []string{"inventory", "--provider", "baidu", "--region", "bj", "--targets", "x"}, "--targets needs --config"},
		{"missing config", []string{"inventory", "--config", config("nope.yaml")}, "config: open testdata/config/nope.yaml: no such file or directory"},
		{"unknown field", []string{"inventory", "--config", config("unknown-field.yaml")}, `unknown-field.yaml:5: unknown field "acountId" (known here: name, provider, regions, accountId, endpoint, endpoints, profile, credentials)`},
		{"secret in config", []string{"inventory", "--config", config("secret.yaml")}, "secret.yaml:7: credentials.secretAccessKey: credentials do not belong in the file"},
		{"bad provider", []string{"inventory", "--config", config("bad-provider.yaml")}, `bad-provider.yaml:3: target "prod": unknown provider "baido"`},
		{"ens regions", []string{"inventory", "--config", config("ens-regions.yaml")}, `ens-regions.yaml:5: target "edge": alibaba-ens is not regional`},
		{"yaml syntax", []string{"inventory", "--config", config("syntax.yaml")}, "syntax.yaml:4: mapping values are not allowed in this context"},
		{"a scalar for a list", []string{"inventory", "--config", config("scalar-regions.yaml")}, `scalar-regions.yaml:4: want a list, like [bj], not "bj"`},
		{"one endpoint, two regions", []string{"inventory", "--config", config("endpoint-regions.yaml")}, `endpoint-regions.yaml:5: target "prod": a Baidu endpoint serves one region`},
		{"duplicate names", []string{"inventory", "--config", config("duplicate.yaml")}, `duplicate.yaml:5: target "prod": the name is used twice (also at line 2)`},
		{"no regions", []string{"inventory", "--config", config("no-regions.yaml")}, `no-regions.yaml:2: target "shop": alibaba-vpc is regional: add regions`},
		{"empty config", []string{"inventory", "--config", config("empty.yaml")}, "empty.yaml: the file is empty; it needs a targets list"},
		{"half credentials", []string{"inventory", "--config", config("half-credentials.yaml")}, "half-credentials.yaml:5: target \"prod\": credentials need both accessKeyIdEnv and secretEnv"},
		{"unknown target", []string{"inventory", "--config", config("two-targets.yaml"), "--targets", "prod,stage"}, `--targets: no target named "stage"`},
		{"sandbox with an account", []string{"inventory", "--sandbox", "--account-id", "123"}, "--account-id does not apply to --sandbox"},
		{"sandbox with an endpoint", []string{"inventory", "--sandbox", "--endpoint", "http://x"}, "--endpoint does not apply to --sandbox"},
		{"sandbox, unknown target", []string{"inventory", "--sandbox", "--targets", "nosuch"}, `--targets: no target named "nosuch" in the sandbox (it has alibaba-a/cn-beijing, `},
		{"sandbox, unknown region", []string{"inventory", "--sandbox", "--region", "moon"}, "--region: no target of the sandbox is in region moon (regions: "},
		{"sandbox, negative connections", []string{"inventory", "--sandbox", "--connections", "-1"}, "--connections must not be negative"},
		{"connections without sandbox", []string{"inventory", "--provider", "baidu", "--region", "bj", "--connections", "5"}, "--connections does not apply without --sandbox"},
		{"seed without sandbox", []string{"inventory", "--config", config("two-targets.yaml"), "--seed", "2"}, "--seed does not apply without --sandbox"},
		{"config, unknown region", []string{"inventory", "--config", config("two-targets.yaml"), "--region", "su"}, "--region: no target of testdata/config/two-targets.yaml is in region su (regions: bj, cn-hangzhou, gz)"},
		{"negative stuck-after", []string{"inventory", "--sandbox", "--stuck-after", "-1h"}, "--stuck-after must be positive (got -1h0m0s)"},
		{"zero expiry window", []string{"inventory", "--sandbox", "--expiry-window", "0"}, "--expiry-window must be positive"},
		{"negative timeout", []string{"inventory", "--sandbox", "--timeout", "-1s"}, "--timeout must not be negative"},
		{"get without ID", []string{"get", "--provider", "baidu", "--region", "bj"}, "get takes one connection ID (got 0 arguments)"},
		{"get without target", []string{"get", "peer-1"}, "say which cloud: --provider"},
		{"get, config target needs a region", []string{"get", "peer-1", "--config", config("two-targets.yaml"), "--target", "prod"}, "target prod has several regions (bj, gz): pick one with --region"},
		{"get, config has several targets", []string{"get", "peer-1", "--config", config("two-targets.yaml")}, "has 2 targets: pick one with --target"},
		{"get, bad format", []string{"get", "peer-1", "--provider", "baidu", "--region", "bj", "-o", "csv"}, `-o: unknown format "csv" (want table, json or yaml)`},
		{"create without networks", []string{"create", "--provider", "baidu", "--region", "bj"}, "--local and --peer are required"},
		{"create, bad bandwidth", []string{"create", "--provider", "baidu", "--region", "bj", "--local", "a", "--peer", "b", "--bandwidth", "fast"}, `--bandwidth: "fast" is not a bandwidth`},
		{"update nothing", []string{"update", "peer-1", "--provider", "baidu", "--region", "bj"}, "nothing to change"},
		{"wait for a bad status", []string{"wait", "peer-1", "--provider", "baidu", "--region", "bj", "--for", "done"}, `--for: unknown status "done"`},
		{"emulate off loopback", []string{"emulate", "--addr", "0.0.0.0"}, "not a loopback address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := peerctl(t, nil, tt.args...)
			assert.Equal(t, 2, r.code, "stderr: %s", r.stderr)
			assert.Contains(t, r.stderr, tt.want)
			assert.Regexp(t, `Run 'peerctl( \w+)? --help' for usage\.\n$`, r.stderr)
			assert.Empty(t, r.stdout)
		})
	}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	r := peerctl(t, nil, "inventory", "--help")
	assert.Equal(t, 0, r.code)
	assert.Contains(t, r.stdout, "peerctl inventory --sandbox")
	assert.Contains(t, r.stdout, "accessKeyIdEnv: BCE_PROD_AK", "the help documents the configuration file")

	r = peerctl(t, nil, "emulate", "--help")
	assert.Equal(t, 0, r.code)
	assert.Contains(t, r.stdout, "throwaway sandbox keys")
}
