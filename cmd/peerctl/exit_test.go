package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
)

// baiduPair is two sandbox Baidu accounts of a 'peerctl emulate' process,
// a fixture VPC of each in one region, and how to name them to peerctl.
type baiduPair struct {
	a, b       emulator.Account
	vpcA, vpcB string
	region     string
	endpoint   string
}

// as is the environment holding acct's keys.
func (baiduPair) as(acct emulator.Account) []string {
	return []string{"BCE_ACCESS_KEY_ID=" + acct.AccessKeyID, "BCE_SECRET_ACCESS_KEY=" + acct.Secret}
}

// at is the flags naming acct's target, then more.
func (p baiduPair) at(acct emulator.Account, more ...string) []string {
	return append([]string{"--provider", "baidu", "--region", p.region, "--endpoint", p.endpoint, "--account-id", acct.ID}, more...)
}

// baiduPeers starts 'peerctl emulate' and its twin, and picks baidu-a and
// baidu-b with a VPC each in region.
func baiduPeers(t *testing.T, region string) (emulator.Manifest, *emulator.Server, baiduPair) {
	t.Helper()
	m, world := briefWorld(t)
	a, b := account(t, m, "baidu-a"), account(t, m, "baidu-b")
	return m, world, baiduPair{a: a, b: b, vpcA: baiduVPC(t, world, a, region), vpcB: baiduVPC(t, world, b, region),
		region: region, endpoint: m.Baidu[region]}
}

// Input an adapter refuses before any request is a usage error (exit 2)
// said with flag names; what the cloud refuses is a failure (exit 1) with a
// hint naming the rule or the next step.
func TestExitStatusAndHints(t *testing.T) {
	t.Parallel()
	m, world, p := baiduPeers(t, "bj")
	a, b, vpcA, vpcB := p.a, p.b, p.vpcA, p.vpcB
	baiduAs, baiduAt := p.as, func(acct emulator.Account) []string { return p.at(acct) }
	ali := account(t, m, "alibaba-a")
	aliB := account(t, m, "alibaba-b")
	aliAs := []string{"ALIBABA_CLOUD_ACCESS_KEY_ID=" + ali.AccessKeyID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET=" + ali.Secret}
	aliAt := []string{"--provider", "alibaba-vpc", "--region", "cn-hangzhou", "--endpoint", m.Alibaba, "--account-id", ali.ID}
	aliVPC := alibabaVPC(t, world, ali, "cn-hangzhou")
	aliPeer := alibabaVPC(t, world, aliB, "cn-shanghai")

	// A cross-account offer, for the failures.
	r := peerctl(t, baiduAs(a), append([]string{"create", "--local", vpcA, "--peer", vpcB, "--peer-account", b.ID, "--bandwidth", "10", "--wait"}, baiduAt(a)...)...)
	require.Equal(t, 0, r.code, r.stderr)
	id := strings.TrimSpace(r.stdout)

	tests := []struct {
		name      string
		env, args []string
		code      int
		want      string   // in stderr
		not       []string // not in stderr
	}{
		{"baidu create without bandwidth", baiduAs(a), append([]string{"create", "--local", vpcA, "--peer", vpcB}, baiduAt(a)...), 2,
			"Baidu requires a bandwidth on create: give --bandwidth, for example --bandwidth 100", []string{"CreateRequest", "peering.Mbps"}},
		{"baidu create unlimited", baiduAs(a), append([]string{"create", "--local", vpcA, "--peer", vpcB, "--bandwidth", "unlimited"}, baiduAt(a)...), 2,
			"bandwidth unlimited: Baidu takes a positive number of Mbit/s", nil},
		{"alibaba inter-region create unlimited", aliAs, append([]string{"create", "--local", aliVPC, "--peer", aliPeer, "--peer-region", "cn-shanghai",
			"--peer-account", aliB.ID, "--bandwidth", "unlimited"}, aliAt...), 2,
			"an inter-region connection has a bandwidth limit; unlimited is for in-region ones", []string{"-1"}},
		{"baidu create with a name", baiduAs(a), append([]string{"create", "--local", vpcA, "--peer", vpcB, "--bandwidth", "10", "--name", "x"}, baiduAt(a)...), 2,
			`Baidu peering connections have no name (--name "x")`, nil},
		{"the accepter updates", baiduAs(b), append([]string{"update", id, "--bandwidth", "20"}, baiduAt(b)...), 1,
			"hint: on a cross-account connection only the requester's account (the one that created it) may update it", nil},
		{"the requester accepts", baiduAs(a), append([]string{"accept", id}, baiduAt(a)...), 1,
			"hint: only the accepter's account (the one the connection was offered to) may accept it", nil},
		{"a missing VPC", baiduAs(a), append([]string{"create", "--local", "vpc-nosuch0000", "--peer", vpcB, "--bandwidth", "10"}, baiduAt(a)...), 1,
			"hint: a network was not found: --local must be a network of the target's account in its region", nil},
		{"a missing connection", baiduAs(a), append([]string{"get", "peerconn-nosuch000000"}, baiduAt(a)...), 1,
			"hint: no connection peerconn-nosuch000000 in this account and region", nil},
		{"a wait that times out", baiduAs(a), append([]string{"wait", id, "--for", "active", "--interval", "100ms", "--timeout", "1s"}, baiduAt(a)...), 1,
			"hint: --timeout (1s) ran out before the wait finished; raise --timeout (0: never give up), or see where the connection stands with 'peerctl get " + id + "'", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := peerctl(t, tt.env, tt.args...)
			assert.Equal(t, tt.code, r.code, "stderr: %s", r.stderr)
			assert.Contains(t, r.stderr, tt.want)
			for _, n := range append(tt.not, "grant it the VPC peering permissions", "did not answer properly") {
				assert.NotContains(t, r.stderr, n)
			}
			if tt.code == 2 {
				assert.Contains(t, r.stderr, "Run 'peerctl create --help' for usage.")
				assert.Empty(t, r.stdout, "nothing was created")
			}
		})
	}
}

// --fail-on turns findings of a severity or worse into exit status 3, the
// inventory still printed in full.
func TestInventoryFailOn(t *testing.T) {
	t.Parallel()
	full := peerctl(t, nil, "inventory", "--sandbox", "-o", "json")
	require.Equal(t, 0, full.code, "findings alone do not fail a run: %s", full.stderr)
	tests := []struct {
		name string
		args []string
		code int
		want string // in stderr
	}{
		{"errors", []string{"--fail-on", "error"}, 3, "peerctl: 16 findings of severity error or worse (--fail-on error)\n"},
		{"warnings", []string{"--fail-on", "warning"}, 3, "peerctl: 29 findings of severity warning or worse (--fail-on warning)\n"},
		{"only warnings here", []string{"--fail-on", "error", "--targets", "alibaba-a/ens"}, 0, ""},
		{"a warning here", []string{"--fail-on", "WARNING", "--targets", "alibaba-b/ens"}, 3, "peerctl: 6 findings of severity warning or worse"},
		{"unknown severity", []string{"--fail-on", "info"}, 2, `--fail-on "info": want error or warning`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := peerctl(t, nil, append([]string{"inventory", "--sandbox", "-o", "json"}, tt.args...)...)
			assert.Equal(t, tt.code, r.code, "stderr: %s", r.stderr)
			if tt.want == "" {
				assert.Empty(t, r.stderr)
			} else {
				assert.Contains(t, r.stderr, tt.want)
			}
			if tt.code == 3 && len(tt.args) == 2 {
				assert.Equal(t, full.stdout, r.stdout, "the inventory is printed all the same")
			}
		})
	}
}

// Every command that changes something says what it did on stderr, and
// waits with --wait; a delete of what is not there says so.
func TestMutationsSayWhatTheyDid(t *testing.T) {
	t.Parallel()
	_, _, p := baiduPeers(t, "gz")
	a, b, vpcA, vpcB, as := p.a, p.b, p.vpcA, p.vpcB, p.as
	at := func(acct emulator.Account, args ...string) []string {
		return append(args, p.at(acct, "--timeout", "30s")...)
	}

	r := peerctl(t, as(a), at(a, "create", "--local", vpcA, "--peer", vpcB, "--peer-account", b.ID, "--bandwidth", "10", "--wait")...)
	require.Equal(t, 0, r.code, r.stderr)
	id := strings.TrimSpace(r.stdout)
	assert.True(t, strings.HasPrefix(r.stderr, "peerctl: created "+id+", from "+vpcA+" to "+vpcB+"\n"), r.stderr)

	// Accepting it before it is offered says to wait for the offer.
	r = peerctl(t, as(a), at(a, "accept", id)...)
	assert.Equal(t, 1, r.code, r.stderr)
	assert.NotContains(t, r.stderr, "--for active")

	steps := []struct {
		name string
		env  []string
		args []string
		want string // stderr
		out  string // stdout
	}{
		{"accept", as(b), at(b, "accept", id, "--wait"), "peerctl: accepted " + id + " (in gz); it is active\n", ""},
		{"update", as(a), at(a, "update", id, "--bandwidth", "20", "--wait"), "peerctl: updated " + id + ": bandwidth 20Mbps; it is active\n", ""},
		{"a second update at once", as(a), at(a, "update", id, "--bandwidth", "30", "--wait"), "peerctl: updated " + id + ": bandwidth 30Mbps; it is active\n", ""},
		{"an update without waiting", as(a), at(a, "update", id, "--description", "d"), "peerctl: updating " + id + `: description "d"` + "\n", ""},
		{"wait for the update", as(a), at(a, "wait", id, "--interval", "100ms"), "", "active\n"},
		{"delete", as(a), at(a, "delete", id, "--wait"), "peerctl: deleted " + id + "\n", ""},
		{"delete again, not minding", as(a), at(a, "delete", id, "--ignore-not-found"), "peerctl: " + id + " not found; nothing to delete\n", ""},
	}
	for _, s := range steps {
		r := peerctl(t, s.env, s.args...)
		require.Equal(t, 0, r.code, "%s: %s", s.name, r.stderr)
		assert.Equal(t, s.want, r.stderr, s.name)
		assert.Equal(t, s.out, r.stdout, s.name)
	}

	for _, gone := range []string{id, "peerconn-never0000000"} {
		r := peerctl(t, as(a), at(a, "delete", gone)...)
		assert.Equal(t, 1, r.code, "%s: %s", gone, r.stderr)
		assert.Contains(t, r.stderr, "peerctl: delete "+gone+" on target baidu/gz: ")
		assert.Contains(t, r.stderr, "hint: no connection "+gone+" in this account and region")
	}

	// Reject, waited for, says so too.
	r = peerctl(t, as(a), at(a, "create", "--local", vpcA, "--peer", vpcB, "--peer-account", b.ID, "--bandwidth", "10", "--wait")...)
	require.Equal(t, 0, r.code, r.stderr)
	id = strings.TrimSpace(r.stdout)
	r = peerctl(t, as(b), at(b, "reject", id, "--wait")...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, `^peerctl: rejected `+id+` \(in gz\); it is (rejected|deleted)\n$`, r.stderr)
}

// Accept and reject check that the target is in the offer's accepting
// region and name it; every mutating command prints the connection with
// -o json.
func TestAnswersInTheOffersRegionAndJSON(t *testing.T) {
	t.Parallel()
	m, world := briefWorld(t)
	a, b := account(t, m, "alibaba-a"), account(t, m, "alibaba-b")
	as := func(acct emulator.Account) []string {
		return []string{"ALIBABA_CLOUD_ACCESS_KEY_ID=" + acct.AccessKeyID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET=" + acct.Secret}
	}
	at := func(acct emulator.Account, region string, args ...string) []string {
		return append(args, "--provider", "alibaba-vpc", "--region", region, "--endpoint", m.Alibaba, "--account-id", acct.ID, "--timeout", "30s")
	}
	local, peer := alibabaVPC(t, world, a, "cn-beijing"), alibabaVPC(t, world, b, "cn-shanghai")
	decode := func(r result) peering.Connection {
		t.Helper()
		require.Equal(t, 0, r.code, r.stderr)
		return connectionJSON(t, r.stdout)
	}

	created := decode(peerctl(t, as(a), at(a, "cn-beijing", "create", "--local", local, "--peer", peer, "--peer-region", "cn-shanghai",
		"--peer-account", b.ID, "--bandwidth", "10", "--wait", "-o", "json")...))
	id := created.ID
	assert.Equal(t, peering.StatusPendingAcceptance, created.Status)
	assert.Equal(t, "cn-shanghai", created.Accepter.Region)

	for _, verb := range []string{"accept", "reject"} {
		r := peerctl(t, as(b), at(b, "cn-beijing", verb, id)...)
		assert.Equal(t, 1, r.code, r.stderr)
		assert.Contains(t, r.stderr, "connection "+id+" is offered in region cn-shanghai (its accepting end, network "+peer+"), not cn-beijing: "+verb+" it there, with --region cn-shanghai")
	}
	accepted := decode(peerctl(t, as(b), at(b, "cn-shanghai", "accept", id, "--wait", "-o", "json")...))
	assert.Equal(t, peering.StatusActive, accepted.Status)

	r := peerctl(t, as(a), at(a, "cn-beijing", "update", id, "--bandwidth", "20", "--wait", "-o", "json")...)
	assert.Equal(t, "peerctl: updated "+id+": bandwidth 20Mbps; it is active\n", r.stderr)
	assert.Equal(t, peering.Bandwidth(20), decode(r).Bandwidth)

	r = peerctl(t, as(a), at(a, "cn-beijing", "delete", id, "-o", "json")...)
	assert.Equal(t, "peerctl: deleting "+id+"\n", r.stderr)
	deleting := decode(r)
	assert.Equal(t, id, deleting.ID)
	assert.Contains(t, []peering.Status{peering.StatusDeleting, peering.StatusDeleted}, deleting.Status)

	r = peerctl(t, as(a), at(a, "cn-beijing", "update", id, "--bandwidth", "30", "-o", "csv")...)
	assert.Equal(t, 2, r.code, r.stderr)
	assert.Contains(t, r.stderr, `-o: unknown format "csv" (want json or yaml)`)
}
