package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A key pasted into the configuration where a variable's name belongs is
// refused as a usage error, with a message that names the field and never
// the value, nor the start of a long value a message would quote.
func TestConfigNeverEchoesKeys(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file, key, want string
	}{
		{"pasted-secret.yaml", "Xq7vPz2LmN9rTb4KwYc6HdJs3FgA1e", `pasted-secret.yaml:7: target "shop": credentials.secretEnv does not look like an environment variable name but like a key`},
		{"pasted-key-id.yaml", "4f1c2b9e7d3a48c6a0e5f7b2d9c1e3a8", `target "prod": credentials.accessKeyIdEnv does not look like an environment variable name but like a key`},
		{"pasted-token.yaml", "CAIS9gF1q6Ft5B2y", `target "edge": credentials.tokenEnv does not look like an environment variable name but like a key`},
		{"pasted-short-secret.yaml", "s3cr+t/x=", `target "prod": credentials.secretEnv is not an environment variable name`},
		{"pasted-provider.yaml", "Xq7vPz2LmN9rTb4KwYc6HdJs3FgA1e", `pasted-provider.yaml:4: target "prod": unknown provider "REDACTED"`},
		{"pasted-regions.yaml", "Xq7vPz2", `pasted-regions.yaml:5: want a list, like [a, b], not a single value`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join("testdata", "config", tt.file)
			// The variables are set so that the only failure can be the file.
			env := []string{"ALI_SHOP_AK=id", "BCE_PROD_SK=x", "BCE_PROD_AK=x", "ALI_EDGE_AK=x", "ALI_EDGE_SK=x"}
			for _, args := range [][]string{
				{"inventory", "--config", path, "-o", "json"},
				{"get", "pc-1", "--config", path},
			} {
				r := peerctl(t, env, args...)
				assert.Equal(t, 2, r.code, "%v: a usage error; stderr: %s", args, r.stderr)
				assert.Contains(t, r.stderr, tt.want, "%v", args)
				assert.NotContains(t, r.stdout+r.stderr, tt.key, "%v: the key is printed", args)
			}
		})
	}
}

// An endpoint with a password in its userinfo is refused without printing
// the password, on every provider and command.
func TestEndpointPasswordIsNeverPrinted(t *testing.T) {
	t.Parallel()
	env := []string{"BCE_ACCESS_KEY_ID=ak", "BCE_SECRET_ACCESS_KEY=sk-endpoint-test",
		"ALIBABA_CLOUD_ACCESS_KEY_ID=ak", "ALIBABA_CLOUD_ACCESS_KEY_SECRET=sk-endpoint-test"}
	for _, endpoint := range []string{"https://user:PASSWORD@host.example", "user:PASSWORD@host.example", "https://host.example/?token=PASSWORD"} {
		for _, args := range [][]string{
			{"get", "pc-1", "--provider", "baidu", "--region", "bj", "--endpoint", endpoint},
			{"get", "pc-1", "--provider", "alibaba-vpc", "--region", "cn-hangzhou", "--endpoint", endpoint},
			{"get", "pc-1", "--provider", "alibaba-ens", "--endpoint", endpoint},
			{"inventory", "--provider", "alibaba-vpc", "--region", "cn-hangzhou", "--endpoint", endpoint, "-o", "json"},
			{"inventory", "--provider", "baidu", "--region", "bj", "--endpoint", endpoint},
		} {
			r := peerctl(t, env, args...)
			assert.NotEqual(t, 0, r.code, "%v", args)
			assert.Contains(t, r.stdout+r.stderr, "host.example", "%v: the endpoint is still named", args)
			assert.NotContains(t, r.stdout+r.stderr, "PASSWORD", "%v: the password is printed", args)
		}
	}
}

// The Alibaba SDK prints signed requests and answers on stdout when
// DEBUG=sdk is set: none of it may reach peerctl's output, whose JSON must
// stay valid.
func TestSDKDebugDoesNotReachOutput(t *testing.T) {
	t.Parallel()
	r := peerctl(t, []string{"DEBUG=sdk"}, "inventory", "--sandbox", "-o", "json")
	require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
	var inv inventoryJSON
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &inv), "stdout is not JSON: %.500s", r.stdout)
	assert.NotEmpty(t, inv.Records)
	for _, leak := range []string{"Signature", "AccessKeyId", "> POST"} {
		assert.False(t, strings.Contains(r.stdout+r.stderr, leak), "the output shows %q", leak)
	}
}
