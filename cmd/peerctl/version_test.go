package main

import (
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The version comes from the build information, by flag and by command.
func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := peerctl(t, nil, args...)
			require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
			assert.True(t, strings.HasPrefix(r.stdout, "peerctl "), r.stdout)
			assert.Contains(t, r.stdout, runtime.Version())
			assert.Contains(t, r.stdout, runtime.GOOS+"/"+runtime.GOARCH)
			assert.Equal(t, 1, strings.Count(r.stdout, "\n"), "one line: %q", r.stdout)
		})
	}
}

// Mistyped commands and flags are usage errors that name what was meant.
func TestSuggestions(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"inventroy"}, "inventory"},
		{[]string{"delet"}, "delete"},
		{[]string{"inventory", "--regin", "bj"}, "--region"},
		{[]string{"inventory", "--sandbx"}, "--sandbox"},
		{[]string{"get", "--provder", "baidu"}, "--provider"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			r := peerctl(t, nil, tc.args...)
			assert.Equal(t, exitUsage, r.code)
			assert.Contains(t, r.stderr, "Did you mean this?")
			assert.Contains(t, r.stderr, "\t"+tc.want+"\n")
			assert.Empty(t, r.stdout)
		})
	}
	// A word far from every command gets no guess.
	r := peerctl(t, nil, "zzzzzz")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, `unknown command "zzzzzz"`)
	assert.NotContains(t, r.stderr, "Did you mean")
}

// Completion is a visible command, and every enumerated flag completes
// its values, not the shell's file names.
func TestCompletion(t *testing.T) {
	r := peerctl(t, nil, "--help")
	require.Equal(t, 0, r.code)
	assert.Regexp(t, `(?m)^\s+completion\s`, r.stdout, "completion is listed")

	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"inventory", "-o", ""}, []string{"table", "json", "csv", "ndjson"}},
		{[]string{"get", "-o", ""}, []string{"table", "json"}},
		{[]string{"inventory", "--provider", ""}, []string{"baidu", "alibaba-vpc", "alibaba-ens"}},
		{[]string{"inventory", "--status", ""}, []string{"active", "pending-acceptance", "deleted"}},
		{[]string{"wait", "--for", ""}, []string{"active", "deleted"}},
		{[]string{"inventory", "--provider", "baidu", "--region", ""}, []string{"bj", "gz"}},
		{[]string{"inventory", "--provider", "alibaba-vpc", "--region", ""}, []string{"cn-hangzhou"}},
		{[]string{"routes", "-o", ""}, []string{"table", "json"}},
		{[]string{"routes", "add", "--provider", ""}, []string{"baidu", "alibaba-vpc", "alibaba-ens"}},
		{[]string{"routes", "add", "--region", ""}, []string{"bj", "cn-hangzhou"}},
		{[]string{"baidu", "renew", "--region", ""}, []string{"bj", "gz"}},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			r := peerctl(t, nil, append([]string{"__complete"}, tc.args...)...)
			require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
			lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
			require.NotEmpty(t, lines)
			directive := lines[len(lines)-1]
			assert.Equal(t, ":4", directive, "no file completion")
			for _, w := range tc.want {
				assert.Contains(t, lines, w)
			}
		})
	}
	// The Baidu regions are not offered for an Alibaba target.
	r = peerctl(t, nil, "__complete", "inventory", "--provider", "alibaba-vpc", "--region", "")
	assert.NotContains(t, strings.Split(r.stdout, "\n"), "bj")

	// --config completes YAML files; free-text flags complete nothing.
	r = peerctl(t, nil, "__complete", "inventory", "--config", "")
	assert.Contains(t, r.stdout, "yaml\nyml\n:8")
	r = peerctl(t, nil, "__complete", "inventory", "--name", "")
	assert.Equal(t, ":4", strings.TrimSpace(r.stdout))

	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		r := peerctl(t, nil, "completion", shell)
		assert.Equal(t, 0, r.code, shell)
		assert.Contains(t, r.stdout, "peerctl", shell)
	}
}
