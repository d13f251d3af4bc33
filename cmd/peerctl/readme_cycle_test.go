package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// shellBlocks returns the ```sh blocks of a README section.
func shellBlocks(t *testing.T, section string) []string {
	t.Helper()
	var blocks []string
	for rest := section; ; {
		i := strings.Index(rest, "```sh\n")
		if i < 0 {
			return blocks
		}
		rest = rest[i+len("```sh\n"):]
		j := strings.Index(rest, "```\n")
		require.GreaterOrEqual(t, j, 0, "an unclosed block")
		blocks = append(blocks, rest[:j])
		rest = rest[j:]
	}
}

// TestReadmeActCycle runs the README's create, accept, update and delete
// cycle as a new user would: the emulator session and the cycle exactly as
// printed there, in a shell whose environment has nothing but PATH (with
// this peerctl first) and an empty HOME, so that every ID, key and
// endpoint comes from what peerctl prints. Each step must say on stderr
// what it did.
func TestReadmeActCycle(t *testing.T) {
	t.Parallel()
	blocks := shellBlocks(t, readmeSection(t, "Act on one connection"))
	require.GreaterOrEqual(t, len(blocks), 3, "the real accounts' settings, the emulator's, the cycle")
	real, emulated, cycle := blocks[0], blocks[1], blocks[2]
	// Both set-ups set what the cycle uses.
	for _, v := range regexp.MustCompile(`\$\{?([A-Z_]+)`).FindAllStringSubmatch(cycle, -1) {
		if v[1] == "T" {
			continue
		}
		assign := regexp.MustCompile(`(^|[\s])` + v[1] + `=`)
		assert.Regexp(t, assign, real, "the real accounts' settings set %s", v[1])
		assert.Regexp(t, assign, emulated, "the emulator's settings set %s", v[1])
	}
	for _, verb := range []string{"create", "accept", "update", "delete"} {
		require.Regexp(t, `(?m)^(id=\$\(|env \S+ )?peerctl `+verb+` `, cycle, "the cycle has peerctl %s", verb)
	}

	dir := t.TempDir()
	script := "set -e\n" + emulated + cycle + "kill %1\nwait\n"
	cmd := exec.Command("bash", "-c", script)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + filepath.Dir(binary) + string(os.PathListSeparator) + os.Getenv("PATH"),
		"HOME=" + dir, "ALIBABA_CLOUD_ECS_METADATA_DISABLED=true"}
	// Its own process group, so that a failed run leaves no emulator behind.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })
	err := cmd.Wait()
	require.NoError(t, err, "stderr:\n%s\nstdout:\n%s", stderr.String(), stdout.String())

	id := regexp.MustCompile(`peerctl: created (pcc-[0-9a-z]+), from vpc-`).FindStringSubmatch(stderr.String())
	require.NotNil(t, id, "create says what it made: %s", stderr.String())
	out := stderr.String()
	for _, want := range []string{
		"peerctl: created " + id[1] + ", from vpc-",
		"waits for account ",
		"peerctl: accepted " + id[1] + " (in cn-shanghai); it is active\n",
		"peerctl: updated " + id[1] + ": bandwidth 200Mbps; it is active\n",
		"peerctl: deleted " + id[1] + "\n",
	} {
		i := strings.Index(out, want)
		require.GreaterOrEqual(t, i, 0, "stderr says (in this order) %q:\n%s", want, stderr.String())
		out = out[i+len(want):]
	}
	assert.Regexp(t, `(?m)^Bandwidth +100Mbps$`, stdout.String(), "get shows the connection")
	assert.Regexp(t, `(?m)^active$`, stdout.String(), "wait prints the status reached")
}
