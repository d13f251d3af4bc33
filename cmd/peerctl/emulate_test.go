package main

import (
	"bufio"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/emulator/aliyun"
	"github.com/peeringkit/peering/emulator/bce"
	"github.com/peeringkit/peering/emulator/clock"
	"github.com/peeringkit/peering/emulator/fault"
	"github.com/peeringkit/peering/inventory"
)

// briefWorld starts 'peerctl emulate' with seed 1 and no connections, for
// tests that wait through transitions without studying how long they last:
// every transient status takes a fifth of a second instead of seconds, so a
// --wait ends at its first poll, and what the tests assert about statuses
// still happens, only sooner. It also returns the emulator's twin: the
// same seed builds the same world in the test's process, where its fixture
// networks (free of any peering) can be looked up.
func briefWorld(t *testing.T) (emulator.Manifest, *emulator.Server) {
	t.Helper()
	const seed = 1
	m := startEmulate(t, "--seed", strconv.Itoa(seed), "--connections", "0", "--timing", "all=200ms").Manifest
	return m, twin(t, seed, 0)
}

// startEmulate runs 'peerctl emulate' and returns its JSON line; the
// process is interrupted, and must exit 0, when the test ends.
func startEmulate(t *testing.T, args ...string) emulateManifest {
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
	var m emulateManifest
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
	m, world := briefWorld(t)

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
	return connectionJSON(t, r.stdout)
}

// connectionJSON decodes the connection a command printed with -o json,
// in the inventory's record form (see inventory.WriteConnection).
func connectionJSON(t *testing.T, stdout string) peering.Connection {
	t.Helper()
	var r inventory.Record
	require.NoError(t, json.Unmarshal([]byte(stdout), &r), "stdout: %q", stdout)
	return r.Connection
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

// With no --connections the world is the sandbox's estate, so an
// inventory shows connections at once; --connections 0 empties it. The
// line lists the world's networks either way.
func TestEmulateDefaultEstate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name        string
		args        []string
		connections int
	}{
		{"default", nil, sandboxConnections},
		{"empty", []string{"--connections", "0"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := startEmulate(t, tc.args...)
			assert.Equal(t, twin(t, 1, tc.connections).Manifest().Networks, m.Networks, "the networks of the world")
			a := account(t, m.Manifest, "alibaba-a")
			r := peerctl(t, []string{"ALIBABA_CLOUD_ACCESS_KEY_ID=" + a.AccessKeyID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET=" + a.Secret},
				"inventory", "--provider", "alibaba-vpc", "--region", "cn-hangzhou", "--endpoint", m.Alibaba, "--account-id", a.ID, "-o", "ndjson")
			require.Equal(t, 0, r.code, r.stderr)
			got := strings.Count(r.stdout, `{"type":"connection"`)
			if tc.connections == 0 {
				assert.Zero(t, got, r.stdout)
			} else {
				assert.GreaterOrEqual(t, got, tc.connections, r.stdout)
			}
		})
	}
}

// The networks of the line are the world's, with their owners' names.
func TestEmulateNetworks(t *testing.T) {
	t.Parallel()
	m := startEmulate(t, "--seed", "4", "--connections", "1")
	require.NotEmpty(t, m.Networks)
	owners := map[string]string{}
	for _, a := range m.Accounts {
		owners[a.ID] = a.Name
	}
	providers := map[string]int{}
	for _, n := range m.Networks {
		providers[n.Provider]++
		assert.Equal(t, owners[n.AccountID], n.Account, n.ID)
		assert.NotEmpty(t, n.Region, n.ID)
		assert.NotEmpty(t, n.IPv4CIDRs, n.ID)
	}
	assert.Equal(t, []string{"alibaba-ens", "alibaba-vpc", "baidu"}, slices.Sorted(maps.Keys(providers)))
	assert.Equal(t, twin(t, 4, 1).Manifest().Networks, m.Networks)
}

// Bad --fault, --rate-limits, --timing and --ca-file values are usage
// errors, told before anything is served.
func TestEmulateFlagErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--fault", "kind=boom,rate=0.5"}, `unknown kind "boom"`},
		{[]string{"--fault", "kind=5xx"}, "rate= or count= is required"},
		{[]string{"--fault", "kind=5xx,rate=2"}, "rate 2 is not in (0, 1]"},
		{[]string{"--fault", "kind=5xx,rate=0.1,count=1"}, "exclude each other"},
		{[]string{"--fault", "kind=5xx,count=1,provider=aws"}, `unknown provider "aws"`},
		{[]string{"--fault", "kind=5xx,count=1,status=404"}, "status 404 is not a 5xx status"},
		{[]string{"--fault", "kind=latency,count=1,latency=soon"}, "latency:"},
		{[]string{"--fault", "kind=5xx,count=1,colour=red"}, `unknown key "colour"`},
		{[]string{"--rate-limits", "fast"}, `--rate-limits "fast"`},
		{[]string{"--rate-limits", "0"}, `--rate-limits "0"`},
		{[]string{"--timing", "baidu.creating=4s-2s"}, "want 0 <= min <= max"},
		{[]string{"--timing", "warp=1s"}, `unknown transition "warp"`},
		{[]string{"--timing", "all=0s"}, "lasts more than 0s"},
		{[]string{"--timing", "all"}, "want NAME=MIN-MAX"},
		{[]string{"--ca-file", "ca.pem"}, "--ca-file needs --tls"},
		{[]string{"--baidu-regions", "bj,moon"}, `--baidu-regions: unknown region "moon" (known: bj gz`},
		{[]string{"--baidu-regions", "bj,bj"}, `--baidu-regions: "bj" is named twice`},
		{[]string{"--baidu-regions", ""}, "--baidu-regions: want one or more"},
		{[]string{"--vpcpeer-regions", "cn-hangzou"}, `--vpcpeer-regions: unknown region "cn-hangzou"`},
		{[]string{"--ens-nodes", "cn-xian-unicom,,x"}, "--ens-nodes: an empty name"},
	} {
		r := peerctl(t, nil, append([]string{"emulate"}, tc.args...)...)
		assert.Equal(t, exitUsage, r.code, "%v: %s", tc.args, r.stderr)
		assert.Contains(t, r.stderr, tc.want, tc.args)
		assert.Empty(t, r.stdout, tc.args)
	}
}

// The flags set the options they name.
func TestEmulateFlagsApply(t *testing.T) {
	rng := func(lo, hi time.Duration) clock.Range { return clock.Range{Min: lo, Max: hi} }
	for _, tc := range []struct {
		name string
		f    emulateFlags
		want emulator.Options
	}{
		{"defaults", emulateFlags{rateLimits: "documented"}, emulator.Options{}},
		{"rate limits off", emulateFlags{rateLimits: "off"}, emulator.Options{NoRateLimits: true}},
		{"rate limit per minute", emulateFlags{rateLimits: "90"}, emulator.Options{RateLimit: 90}},
		{"faults", emulateFlags{rateLimits: "documented", faults: []string{
			"kind=5xx,rate=0.25,provider=baidu,operation=ListPeerConn,status=502",
			"kind=latency,count=3,latency=2s,jitter=100ms",
		}}, emulator.Options{Faults: []fault.Rule{
			{Kind: fault.ServerError, Probability: 0.25, Provider: "baidu", Operation: "ListPeerConn", Status: 502},
			{Kind: fault.Latency, Count: 3, Latency: 2 * time.Second, Jitter: 100 * time.Millisecond},
		}}},
		{"timing: all, then one", emulateFlags{rateLimits: "documented", timing: []string{"all=1s-2s", "baidu.deleted=1m", "ens.deleting=3s-4s"}},
			emulator.Options{
				BaiduTiming: bce.Timing{Creating: rng(time.Second, 2*time.Second), Starting: rng(time.Second, 2*time.Second),
					Updating: rng(time.Second, 2*time.Second), Deleting: rng(time.Second, 2*time.Second), Deleted: rng(time.Minute, time.Minute),
					DNSWait: rng(time.Second, 2*time.Second), DNSSync: rng(time.Second, 2*time.Second), DNSClosing: rng(time.Second, 2*time.Second)},
				AlibabaTiming: aliyun.Timing{VpcPeerCreating: rng(time.Second, 2*time.Second), VpcPeerUpdating: rng(time.Second, 2*time.Second),
					VpcPeerDeleting: rng(time.Second, 2*time.Second), VpcPeerDeleted: rng(time.Second, 2*time.Second),
					ENSCreating: rng(time.Second, 2*time.Second), ENSDeleting: rng(3*time.Second, 4*time.Second)},
			}},
		{"tls", emulateFlags{rateLimits: "documented", tls: true, caFile: "ca.pem"}, emulator.Options{TLS: true}},
		{"regions", emulateFlags{rateLimits: "documented", baiduRegions: []string{"hkg", "bj"}, vpcPeerRegions: []string{"us-east-1"}, ensNodes: []string{"node-1"}},
			emulator.Options{BaiduRegions: []string{"hkg", "bj"}, VpcPeerRegions: []string{"us-east-1"}, ENSRegions: []string{"node-1"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got emulator.Options
			require.NoError(t, tc.f.apply(&got))
			assert.Equal(t, tc.want, got)
		})
	}
}

// With --tls every endpoint is HTTPS and the CA is in the file the line
// names: --ca-file's, kept, or a temporary one removed on exit.
func TestEmulateTLS(t *testing.T) {
	t.Parallel()
	t.Run("ca-file", func(t *testing.T) {
		t.Parallel()
		path := filepath.Join(t.TempDir(), "emulator-ca.pem")
		m := startEmulate(t, "--tls", "--ca-file", path, "--connections", "0")
		assert.True(t, m.TLS)
		assert.Equal(t, path, m.CAFile)
		for region, ep := range m.Baidu {
			assert.True(t, strings.HasPrefix(ep, "https://127.0.0.1:"), "%s: %s", region, ep)
		}
		pemBytes, err := os.ReadFile(path)
		require.NoError(t, err)
		block, _ := pem.Decode(pemBytes)
		require.NotNil(t, block)
		ca, err := x509.ParseCertificate(block.Bytes)
		require.NoError(t, err)
		assert.True(t, ca.IsCA)
	})
	t.Run("temporary", func(t *testing.T) {
		t.Parallel()
		var caFile string
		t.Cleanup(func() { // after the process has stopped
			_, err := os.Stat(caFile)
			assert.ErrorIs(t, err, os.ErrNotExist, "the temporary CA file is removed on exit")
		})
		m := startEmulate(t, "--tls", "--connections", "0")
		caFile = m.CAFile
		require.True(t, filepath.IsAbs(caFile), caFile)
		_, err := os.Stat(caFile)
		require.NoError(t, err)
	})
	t.Run("plain", func(t *testing.T) {
		t.Parallel()
		m := startEmulate(t, "--connections", "0")
		assert.False(t, m.TLS)
		assert.Empty(t, m.CAFile)
	})
}

// --baidu-regions, --vpcpeer-regions and --ens-nodes choose what is served
// and seeded: the manifest names those regions' endpoints and networks, and
// no others.
func TestEmulateRegions(t *testing.T) {
	t.Parallel()
	m := startEmulate(t, "--connections", "1", "--baidu-regions", "hkg,bj", "--vpcpeer-regions", "us-east-1", "--ens-nodes", "cn-xian-unicom")
	assert.Equal(t, []string{"bj", "hkg"}, slices.Sorted(maps.Keys(m.Baidu)))
	regions := map[string]map[string]bool{}
	for _, n := range m.Networks {
		if regions[n.Provider] == nil {
			regions[n.Provider] = map[string]bool{}
		}
		regions[n.Provider][n.Region] = true
	}
	assert.Equal(t, map[string]map[string]bool{
		"baidu": {"bj": true, "hkg": true}, "alibaba-vpc": {"us-east-1": true}, "alibaba-ens": {"cn-xian-unicom": true},
	}, regions)

	a := account(t, m.Manifest, "baidu-a")
	r := peerctl(t, []string{"BCE_ACCESS_KEY_ID=" + a.AccessKeyID, "BCE_SECRET_ACCESS_KEY=" + a.Secret},
		"inventory", "--provider", "baidu", "--region", "hkg", "--endpoint", m.Baidu["hkg"], "--account-id", a.ID, "-o", "ndjson")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"region":"hkg"`)
}
