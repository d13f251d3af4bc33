package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator"
)

// binary is the peerctl built once for every test: the tests run the
// command as people do, through its flags, output and exit status.
var binary string

func TestMain(m *testing.M) {
	os.Exit(buildAndRun(m))
}

func buildAndRun(m *testing.M) int {
	dir, err := os.MkdirTemp("", "peerctl-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "peerctl")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building peerctl:", err)
		return 1
	}
	return m.Run()
}

// result is what one run of peerctl gave.
type result struct {
	stdout, stderr string
	code           int
}

// peerctl runs the binary with args in an environment of its own: only PATH,
// an empty HOME and env (whose values win), so that no credentials of the
// machine running the tests can reach it. The Alibaba chain's probe of the
// ECS metadata service is off unless env turns it on.
func peerctl(t *testing.T, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "ALIBABA_CLOUD_ECS_METADATA_DISABLED=true"}, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return result{stdout: stdout.String(), stderr: stderr.String(), code: code}
}

// twin starts an emulator in the test's process with the options a peerctl
// process uses: generation is deterministic, so its state is the state the
// peerctl process holds, open to inspection.
func twin(t *testing.T, seed int64, connections int) *emulator.Server {
	t.Helper()
	srv, err := emulator.Start(emulator.Options{Seed: seed, Connections: connections})
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}
