package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering"
)

// step is one peerctl run of a sequence and what it must give.
type step struct {
	name   string
	args   []string
	code   int
	stderr string // contained in stderr; for code 0, stderr exactly
}

func runSteps(t *testing.T, env []string, at func(...string) []string, steps []step) {
	t.Helper()
	for _, s := range steps {
		r := peerctl(t, env, at(s.args...)...)
		require.Equal(t, s.code, r.code, "%s: stderr: %s", s.name, r.stderr)
		if s.code == 0 {
			assert.Equal(t, s.stderr, r.stderr, s.name)
		} else {
			assert.Contains(t, r.stderr, s.stderr, s.name)
		}
		if s.code == 2 {
			assert.Empty(t, r.stdout, s.name)
		}
	}
}

// The Baidu-only operations, through 'peerctl baidu': renew, delete
// protection, DNS sync and the interface name, each saying what it did,
// with the billing of create they need.
func TestBaiduOperations(t *testing.T) {
	t.Parallel()
	m, world := briefWorld(t)
	a := account(t, m, "baidu-a")
	env := []string{"BCE_ACCESS_KEY_ID=" + a.AccessKeyID, "BCE_SECRET_ACCESS_KEY=" + a.Secret}
	at := func(args ...string) []string {
		if args[0] != "baidu" {
			args = append(args, "--provider", "baidu")
		}
		return append(args, "--region", "su", "--endpoint", m.Baidu["su"], "--account-id", a.ID, "--timeout", "30s")
	}
	vpcSu, vpcBj, vpcGz := baiduVPC(t, world, a, "su"), baiduVPC(t, world, a, "bj"), baiduVPC(t, world, a, "gz")

	r := peerctl(t, env, at("create", "--local", vpcSu, "--peer", vpcBj, "--peer-region", "bj", "--bandwidth", "10",
		"--payment", "prepaid", "--reservation-months", "1", "--wait")...)
	require.Equal(t, 0, r.code, r.stderr)
	prepaid := strings.TrimSpace(r.stdout)
	before := getJSON(t, env, at("get", prepaid))
	assert.Equal(t, "Prepaid", before.Attributes["paymentTiming"])
	require.False(t, before.TermEndsAt.IsZero())

	r = peerctl(t, env, at("create", "--local", vpcSu, "--peer", vpcGz, "--peer-region", "gz", "--bandwidth", "10",
		"--delete-protection", "--interface-name", "to-bj", "--wait")...)
	require.Equal(t, 0, r.code, r.stderr)
	postpaid := strings.TrimSpace(r.stdout)
	assert.Equal(t, "to-bj", getJSON(t, env, at("get", postpaid)).Attributes["localIfName"])

	runSteps(t, env, at, []step{
		{"renew", []string{"baidu", "renew", prepaid, "--months", "2"}, 0, "peerctl: renewed " + prepaid + " by 2 months\n"},
		{"renew without months", []string{"baidu", "renew", prepaid}, 2, "give --months, for example --months 12"},
		{"renew by 10 months", []string{"baidu", "renew", prepaid, "--months", "10"}, 2, "renewal of 10 months: Baidu takes 1-9, 12, 24 or 36"},
		{"renew a postpaid one", []string{"baidu", "renew", postpaid, "--months", "1"}, 1, "Postpaid"},
		{"renew what is not there", []string{"baidu", "renew", "peerconn-nosuch000000", "--months", "1"}, 1, "hint: no connection peerconn-nosuch000000 in this account and region"},
		{"delete a protected one", []string{"delete", postpaid}, 1, "delete protection"},
		{"protection off", []string{"baidu", "delete-protection", postpaid, "off"}, 0, "peerctl: delete protection of " + postpaid + " is off\n"},
		{"protection maybe", []string{"baidu", "delete-protection", postpaid, "maybe"}, 2, `"maybe": want on or off`},
		{"delete it now", []string{"delete", postpaid, "--wait"}, 0, "peerctl: deleted " + postpaid + "\n"},
		{"name the interface", []string{"baidu", "interface-name", prepaid, "edge", "--wait"}, 0, "peerctl: named the interface of " + prepaid + " \"edge\"; it is active\n"},
		{"dns sync on", []string{"baidu", "dns-sync", prepaid, "on"}, 0, "peerctl: turning on DNS sync of " + prepaid + "\n"},
		{"dns sync again while it syncs", []string{"baidu", "dns-sync", prepaid, "on"}, 1, "peerctl: dns-sync " + prepaid + " on target baidu/su: "},
		{"no such operation", []string{"baidu", "renwe", prepaid}, 2, "Did you mean this?\n\trenew"},
		{"no provider flag", []string{"baidu", "renew", prepaid, "--months", "1", "--provider", "baidu"}, 2, "unknown flag: --provider"},
		{"an ID is needed", []string{"baidu", "renew", "--months", "1"}, 2, "accepts 1 arg(s), received 0"},
	})

	after := getJSON(t, env, at("get", prepaid))
	assert.Equal(t, before.TermEndsAt.AddDate(0, 2, 0), after.TermEndsAt, "renewed by two months")
	assert.Equal(t, "edge", after.Attributes["localIfName"])
	assert.Contains(t, []string{"wait", "syncing", "open"}, after.Attributes["dnsStatus"])

	// -o json prints the connection as it is afterwards.
	r = peerctl(t, env, at("baidu", "renew", prepaid, "--months", "1", "-o", "json")...)
	require.Equal(t, 0, r.code, r.stderr)
	c := connectionJSON(t, r.stdout)
	assert.Equal(t, prepaid, c.ID)
	assert.Equal(t, before.TermEndsAt.AddDate(0, 3, 0), c.TermEndsAt)
}

// The VpcPeer-only operations, through 'peerctl alibaba-vpc', and the
// create settings of one provider refused on another.
func TestAlibabaVPCOperations(t *testing.T) {
	t.Parallel()
	m, world := briefWorld(t)
	a, b := account(t, m, "alibaba-a"), account(t, m, "alibaba-b")
	env := []string{"ALIBABA_CLOUD_ACCESS_KEY_ID=" + a.AccessKeyID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET=" + a.Secret}
	at := func(args ...string) []string {
		return append(args, "--region", "cn-hangzhou", "--endpoint", m.Alibaba, "--account-id", a.ID)
	}
	vpcAt := func(args ...string) []string { return at(append(args, "--provider", "alibaba-vpc")...) }
	local, peer := alibabaVPC(t, world, a, "cn-hangzhou"), alibabaVPC(t, world, b, "cn-shanghai")

	r := peerctl(t, env, vpcAt("create", "--local", local, "--peer", peer, "--peer-region", "cn-shanghai", "--peer-account", b.ID,
		"--bandwidth", "100", "--link-type", "Platinum", "--resource-group", "rg-acfmpeerctl")...)
	require.Equal(t, 0, r.code, r.stderr)
	id := strings.TrimSpace(r.stdout)
	c := getJSON(t, env, vpcAt("get", id))
	assert.Equal(t, "Platinum", c.Attributes["LinkType"])
	assert.Equal(t, "rg-acfmpeerctl", c.ResourceGroupID)

	runSteps(t, env, at, []step{
		{"tag", []string{"alibaba-vpc", "tag", id, "owner=net", "env=prod"}, 0, "peerctl: tagged " + id + ": env=prod, owner=net\n"},
		{"a tag without value", []string{"alibaba-vpc", "tag", id, "owner"}, 2, `tag "owner": want key=value`},
		{"a reserved key", []string{"alibaba-vpc", "tag", id, "aliyun:x=1"}, 2, "keys starting with aliyun or acs: are reserved"},
		{"untag", []string{"alibaba-vpc", "untag", id, "env"}, 0, "peerctl: removed the tags env from " + id + "\n"},
		{"untag nothing", []string{"alibaba-vpc", "untag", id}, 2, "say which tags to remove: their keys, or --all"},
		{"untag both", []string{"alibaba-vpc", "untag", id, "owner", "--all"}, 2, "give tag keys or --all, not both"},
	})
	r = peerctl(t, env, at("alibaba-vpc", "tags", id)...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, id+"\towner=net\n", r.stdout)
	r = peerctl(t, env, at("alibaba-vpc", "tags", id, "-o", "json")...)
	require.Equal(t, 0, r.code, r.stderr)
	var tags map[string]map[string]string
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &tags))
	assert.Equal(t, map[string]map[string]string{id: {"owner": "net"}}, tags)

	r = peerctl(t, env, at("alibaba-vpc", "untag", id, "--all", "-o", "json")...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "peerctl: removed every tag from "+id+"\n", r.stderr)
	c = connectionJSON(t, r.stdout)
	assert.Empty(t, c.Tags)

	// What one provider's create takes is refused on another, before any request.
	baiduEnv := []string{"BCE_ACCESS_KEY_ID=x", "BCE_SECRET_ACCESS_KEY=y"}
	for _, tt := range []struct {
		env  []string
		args []string
		want string
	}{
		{env, vpcAt("create", "--local", local, "--peer", peer, "--peer-account", b.ID, "--payment", "prepaid"), "--payment is for baidu connections; alibaba-vpc has no such setting"},
		{env, vpcAt("create", "--local", local, "--peer", peer, "--peer-account", b.ID, "--link-type", "Platinum"), "link type Platinum applies to inter-region connections only"},
		{baiduEnv, []string{"create", "--provider", "baidu", "--region", "bj", "--local", "vpc-a", "--peer", "vpc-b", "--bandwidth", "10", "--link-type", "Gold"}, "--link-type is for alibaba-vpc connections"},
		{baiduEnv, []string{"create", "--provider", "baidu", "--region", "bj", "--local", "vpc-a", "--peer", "vpc-b", "--bandwidth", "10", "--payment", "prepaid"}, "same-region connections are Postpaid only"},
	} {
		r := peerctl(t, tt.env, tt.args...)
		assert.Equal(t, 2, r.code, "%v: %s", tt.args, r.stderr)
		assert.Contains(t, r.stderr, tt.want)
		assert.Empty(t, r.stdout)
	}
}

// 'peerctl alibaba-vpc move-resource-group' and 'link-type', the latter
// with --dry-run, which the cloud checks without changing anything.
func TestAlibabaVPCMoveAndLinkType(t *testing.T) {
	t.Parallel()
	m, world := briefWorld(t)
	a := account(t, m, "alibaba-a")
	env := []string{"ALIBABA_CLOUD_ACCESS_KEY_ID=" + a.AccessKeyID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET=" + a.Secret}
	at := func(args ...string) []string {
		if args[0] != "alibaba-vpc" {
			args = append(args, "--provider", "alibaba-vpc")
		}
		return append(args, "--region", "cn-hangzhou", "--endpoint", m.Alibaba, "--account-id", a.ID, "--timeout", "30s")
	}
	r := peerctl(t, env, at("create", "--local", alibabaVPC(t, world, a, "cn-hangzhou"),
		"--peer", alibabaVPC(t, world, a, "cn-shanghai"), "--peer-region", "cn-shanghai", "--wait")...)
	require.Equal(t, 0, r.code, r.stderr)
	id := strings.TrimSpace(r.stdout)

	runSteps(t, env, at, []step{
		{"move", []string{"alibaba-vpc", "move-resource-group", id, "rg-acfmmoved01"}, 0, "peerctl: moved " + id + " to resource group rg-acfmmoved01\n"},
		{"move to a group that does not exist", []string{"alibaba-vpc", "move-resource-group", id, "group-1"}, 1, "OperationFailed.NotExist.ResourceGroup"},
		{"move without a group", []string{"alibaba-vpc", "move-resource-group", id}, 2, "accepts 2 arg(s), received 1"},
		{"move has no dry run", []string{"alibaba-vpc", "move-resource-group", id, "rg-acfmmoved02", "--dry-run"}, 2, "unknown flag: --dry-run"},
		{"link type, dry run", []string{"alibaba-vpc", "link-type", id, "Platinum", "--dry-run"}, 0,
			"peerctl: dry run: changing the link type of " + id + " to Platinum would succeed; nothing was changed\n"},
		{"unknown link type", []string{"alibaba-vpc", "link-type", id, "Silver"}, 2, `link type "Silver": want Gold or Platinum`},
	})
	c := getJSON(t, env, at("get", id))
	assert.Equal(t, "rg-acfmmoved01", c.ResourceGroupID)
	assert.Equal(t, "Gold", c.Attributes["LinkType"], "the dry run changed nothing")
	assert.Equal(t, peering.StatusActive, c.Status)

	r = peerctl(t, env, at("alibaba-vpc", "link-type", id, "Platinum", "--wait", "-o", "json")...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "peerctl: changing the link type of "+id+" to Platinum; it is active\n", r.stderr)
	c = connectionJSON(t, r.stdout)
	assert.Equal(t, "Platinum", c.Attributes["LinkType"])
}

// A provider's command refuses a configured target of another provider.
func TestExtensionRefusesAnotherProvidersTarget(t *testing.T) {
	t.Parallel()
	r := peerctl(t, nil, "baidu", "renew", "peerconn-1", "--months", "1", "--config", "testdata/config/example.yaml", "--target", "shop", "--region", "cn-hangzhou")
	assert.Equal(t, 2, r.code, r.stderr)
	assert.Contains(t, r.stderr, "target shop/cn-hangzhou is alibaba-vpc: 'peerctl baidu' acts on baidu targets only")
}
