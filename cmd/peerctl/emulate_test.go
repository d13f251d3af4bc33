package main

import (
	"bufio"
	"encoding/json"
	"maps"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/emulator/bce"
)

// startEmulate runs 'peerctl emulate' and returns its manifest; the process
// is interrupted, and must exit 0, when the test ends.
func startEmulate(t *testing.T, args ...string) emulator.Manifest {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"emulate"}, args...)...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		// SIGINT is how people stop it: a clean shutdown, exit status 0.
		require.NoError(t, cmd.Process.Signal(os.Interrupt))
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			assert.NoError(t, err, "emulate exits 0 on SIGINT; stderr: %s", stderr.String())
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			t.Error("emulate did not stop on SIGINT")
		}
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err, "stderr: %s", stderr.String())
	var m emulator.Manifest
	require.NoError(t, json.Unmarshal([]byte(line), &m), "the first line is the JSON manifest: %q", line)
	return m
}

func TestEmulateManifest(t *testing.T) {
	t.Parallel()
	m := startEmulate(t, "--seed", "3", "--connections", "1", "--latency", "1ms")
	assert.Equal(t, []string{"bj", "gz", "su"}, slices.Sorted(maps.Keys(m.Baidu)))
	for region, endpoint := range m.Baidu {
		assert.True(t, strings.HasPrefix(endpoint, "http://127.0.0.1:"), "%s: %s", region, endpoint)
	}
	assert.True(t, strings.HasPrefix(m.Alibaba, "127.0.0.1:"), m.Alibaba)
	require.Len(t, m.Accounts, 4)
	for _, a := range m.Accounts {
		assert.NotEmpty(t, a.AccessKeyID, a.Name)
		assert.NotEmpty(t, a.Secret, a.Name)
	}

	// The endpoints serve: a Baidu inventory through them, with flags and
	// the standard variables.
	a := m.Accounts[0]
	r := peerctl(t, []string{"BCE_ACCESS_KEY_ID=" + a.AccessKeyID, "BCE_SECRET_ACCESS_KEY=" + a.Secret},
		"inventory", "--provider", "baidu", "--region", "bj", "--endpoint", m.Baidu["bj"], "--account-id", a.ID, "-o", "ndjson")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `{"type":"connection","provider":"baidu"`)
}

// account finds a sandbox account of the manifest.
func account(t *testing.T, m emulator.Manifest, name string) emulator.Account {
	t.Helper()
	for _, a := range m.Accounts {
		if a.Name == name {
			return a
		}
	}
	t.Fatalf("no sandbox account %s", name)
	return emulator.Account{}
}

func TestEmulateRoundTrips(t *testing.T) {
	t.Parallel()
	m := startEmulate(t, "--seed", "1")
	// The same seed builds the same world in the test's process, where its
	// fixture networks (free of any peering) can be looked up.
	world := twin(t, 1, 0)

	t.Run("alibaba-vpc create, accept, update, delete", func(t *testing.T) {
		t.Parallel()
		a, b := account(t, m, "alibaba-a"), account(t, m, "alibaba-b")
		vpcA, vpcB := alibabaVPC(t, world, a, "cn-hangzhou"), alibabaVPC(t, world, b, "cn-hangzhou")
		as := func(acct emulator.Account) []string {
			return []string{"ALIBABA_CLOUD_ACCESS_KEY_ID=" + acct.AccessKeyID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET=" + acct.Secret}
		}
		target := func(acct emulator.Account) []string {
			return []string{"--provider", "alibaba-vpc", "--region", "cn-hangzhou", "--endpoint", m.Alibaba, "--account-id", acct.ID}
		}

		r := peerctl(t, as(a), append([]string{"create", "--local", vpcA, "--peer", vpcB, "--peer-account", b.ID,
			"--name", "cli-round-trip", "--tag", "owner=cli"}, target(a)...)...)
		require.Equal(t, 0, r.code, r.stderr)
		id := strings.TrimSpace(r.stdout)
		require.True(t, strings.HasPrefix(id, "pcc-"), "create prints the ID: %q", r.stdout)
		r = peerctl(t, as(a), append([]string{"wait", id, "--for", "pending-acceptance", "--interval", "200ms", "--timeout", "30s"}, target(a)...)...)
		require.Equal(t, 0, r.code, r.stderr)

		conn := getJSON(t, as(b), append([]string{"get", id}, target(b)...))
		assert.Equal(t, peering.StatusPendingAcceptance, conn.Status)
		assert.Equal(t, peering.RoleAccepter, conn.Role)

		r = peerctl(t, as(b), append([]string{"accept", id}, target(b)...)...)
		require.Equal(t, 0, r.code, r.stderr)
		r = peerctl(t, as(a), append([]string{"wait", id, "--for", "active", "--interval", "200ms", "--timeout", "30s"}, target(a)...)...)
		require.Equal(t, 0, r.code, r.stderr)
		assert.Equal(t, "active\n", r.stdout)

		r = peerctl(t, as(a), append([]string{"update", id, "--name", "cli-renamed", "--description", "renamed by the test"}, target(a)...)...)
		require.Equal(t, 0, r.code, r.stderr)
		r = peerctl(t, as(a), append([]string{"wait", id, "--interval", "200ms", "--timeout", "30s"}, target(a)...)...)
		require.Equal(t, 0, r.code, r.stderr)
		r = peerctl(t, as(a), append([]string{"get", id}, target(a)...)...)
		require.Equal(t, 0, r.code, r.stderr)
		assert.Regexp(t, `(?m)^Name +cli-renamed$`, r.stdout)
		assert.Regexp(t, `(?m)^Status +active \(Activated\)$`, r.stdout)
		assert.Regexp(t, `(?m)^Tags +owner=cli$`, r.stdout)

		r = peerctl(t, as(a), append([]string{"inventory", "-o", "csv"}, target(a)...)...)
		require.Equal(t, 0, r.code, r.stderr)
		assert.Contains(t, r.stdout, "alibaba-vpc,"+id+",cli-renamed,active,")

		r = peerctl(t, as(a), append([]string{"delete", id, "--wait"}, target(a)...)...)
		require.Equal(t, 0, r.code, r.stderr)

		// Gone: get fails with exit status 1, the target named and a hint.
		eventually(t, func() bool {
			return peerctl(t, as(a), append([]string{"get", id}, target(a)...)...).code == 1
		})
		r = peerctl(t, as(a), append([]string{"get", id}, target(a)...)...)
		assert.Equal(t, 1, r.code)
		assert.Contains(t, r.stderr, "peerctl: get "+id+" on target alibaba-vpc/cn-hangzhou: ")
		assert.Contains(t, r.stderr, "NotFound")
		assert.Contains(t, r.stderr, "hint: no connection "+id+" in this account and region")
		assert.NotContains(t, r.stderr, a.Secret)
		r = peerctl(t, as(a), append([]string{"delete", id}, target(a)...)...)
		assert.Equal(t, 1, r.code, "deleting what is gone says so: %s", r.stderr)
		r = peerctl(t, as(a), append([]string{"delete", id, "--ignore-not-found"}, target(a)...)...)
		assert.Equal(t, 0, r.code, "unless told not to mind: %s", r.stderr)
	})

	t.Run("baidu create, reject, delete", func(t *testing.T) {
		t.Parallel()
		a, b := account(t, m, "baidu-a"), account(t, m, "baidu-b")
		vpcA, vpcB := baiduVPC(t, world, a, "bj"), baiduVPC(t, world, b, "bj")
		as := func(acct emulator.Account) []string {
			return []string{"BCE_ACCESS_KEY_ID=" + acct.AccessKeyID, "BCE_SECRET_ACCESS_KEY=" + acct.Secret}
		}
		target := func(acct emulator.Account) []string {
			return []string{"--provider", "baidu", "--region", "bj", "--endpoint", m.Baidu["bj"], "--account-id", acct.ID}
		}

		r := peerctl(t, as(a), append([]string{"create", "--local", vpcA, "--peer", vpcB, "--peer-account", b.ID,
			"--bandwidth", "10", "--wait"}, target(a)...)...)
		require.Equal(t, 0, r.code, r.stderr)
		id := strings.TrimSpace(r.stdout)
		require.NotEmpty(t, id, "create prints the ID")
		assert.Contains(t, r.stderr, "waits for account "+b.ID+" to accept it", "--wait ends at the acceptance step")
		r = peerctl(t, as(b), append([]string{"reject", id}, target(b)...)...)
		require.Equal(t, 0, r.code, r.stderr)
		r = peerctl(t, as(a), append([]string{"wait", id, "--for", "rejected", "--interval", "200ms", "--timeout", "30s"}, target(a)...)...)
		require.Equal(t, 0, r.code, r.stderr)
		assert.Equal(t, "rejected\n", r.stdout)

		// Waiting for active now fails at once: a rejected offer stays so.
		r = peerctl(t, as(a), append([]string{"wait", id, "--for", "active", "--timeout", "30s"}, target(a)...)...)
		assert.Equal(t, 1, r.code)
		assert.Contains(t, r.stderr, "FailedPrecondition")

		r = peerctl(t, as(a), append([]string{"delete", id, "--wait"}, target(a)...)...)
		require.Equal(t, 0, r.code, r.stderr)
	})
}

// getJSON runs 'peerctl get -o json' and decodes the connection.
func getJSON(t *testing.T, env, args []string) peering.Connection {
	t.Helper()
	r := peerctl(t, env, append(args, "-o", "json")...)
	require.Equal(t, 0, r.code, r.stderr)
	var c peering.Connection
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &c))
	return c
}

// alibabaVPC returns a VPC of acct in region; with no generated
// connections, every VPC is a fixture free of peerings.
func alibabaVPC(t *testing.T, world *emulator.Server, acct emulator.Account, region string) string {
	t.Helper()
	uid, err := strconv.ParseInt(acct.ID, 10, 64)
	require.NoError(t, err)
	for _, v := range world.Alibaba.VPCs() {
		if v.OwnerUID == uid && v.RegionID == region {
			return v.ID
		}
	}
	t.Fatalf("no VPC of %s in %s", acct.Name, region)
	return ""
}

// baiduVPC returns the first fixture VPC of acct in region.
func baiduVPC(t *testing.T, world *emulator.Server, acct emulator.Account, region string) string {
	t.Helper()
	for _, v := range world.Baidu.VPCs() {
		if v.AccountID == acct.ID && v.Region == region && v.Name == bce.FixtureVPCName(1) {
			return v.ID
		}
	}
	t.Fatalf("no fixture VPC of %s in %s", acct.Name, region)
	return ""
}

// eventually polls cond until it holds, for at most 30 seconds.
func eventually(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 30s")
		}
		time.Sleep(500 * time.Millisecond)
	}
}
