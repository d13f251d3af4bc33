package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// openPTY opens a pseudo-terminal pair with Linux's /dev/ptmx: the
// command gets the terminal end, the test reads what it drew from the
// other.
func openPTY(t *testing.T) (master, term *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	require.NoError(t, err)
	t.Cleanup(func() { master.Close() })
	ioctl := func(req uintptr, arg unsafe.Pointer) {
		_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), req, uintptr(arg))
		require.Zero(t, errno, "ioctl %#x", req)
	}
	var unlock int32
	ioctl(syscall.TIOCSPTLCK, unsafe.Pointer(&unlock))
	var n uint32
	ioctl(syscall.TIOCGPTN, unsafe.Pointer(&n))
	term, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	require.NoError(t, err)
	t.Cleanup(func() { term.Close() })
	return master, term
}

// On a terminal, --wait draws its progress line in place (status, time
// waited, timeout) and erases it before saying what was done.
func TestWaitProgressOnATerminal(t *testing.T) {
	t.Parallel()
	m := startEmulate(t, "--seed", "1", "--connections", "0").Manifest
	world := twin(t, 1, 0)
	a := account(t, m, "alibaba-a")
	env := []string{"ALIBABA_CLOUD_ACCESS_KEY_ID=" + a.AccessKeyID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET=" + a.Secret}
	at := func(args ...string) []string {
		return append(args, "--provider", "alibaba-vpc", "--region", "cn-hangzhou", "--endpoint", m.Alibaba, "--account-id", a.ID, "--timeout", "30s")
	}
	r := peerctl(t, env, at("create", "--local", alibabaVPC(t, world, a, "cn-hangzhou"), "--peer", alibabaVPC(t, world, a, "cn-shanghai"),
		"--peer-region", "cn-shanghai", "--wait")...)
	require.Equal(t, 0, r.code, r.stderr)
	id := strings.TrimSpace(r.stdout)

	master, term := openPTY(t)
	cmd := exec.Command(binary, at("update", id, "--bandwidth", "200", "--wait")...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "ALIBABA_CLOUD_ECS_METADATA_DISABLED=true"}, env...)
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, term
	require.NoError(t, cmd.Start())
	term.Close() // the command holds its own copy; reading ends when it exits
	drawn, err := io.ReadAll(master)
	// Linux answers EIO once the terminal end has no more writers.
	if err != nil {
		require.ErrorIs(t, err, syscall.EIO)
	}
	require.NoError(t, cmd.Wait(), "%q", drawn)

	out := string(drawn)
	assert.Contains(t, out, "\r\x1b[Kwaiting for "+id+": updating (Updating), ", "the status as polled")
	assert.Contains(t, out, " elapsed, timeout 30s")
	i := strings.LastIndex(out, "\r\x1b[K")
	require.GreaterOrEqual(t, i, 0)
	assert.Equal(t, "peerctl: updated "+id+": bandwidth 200Mbps; it is active\r\n", out[i+len("\r\x1b[K"):],
		"the line is erased before the command says what it did")
	assert.Empty(t, stdout.String())
}
