package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/inventory"
)

// emulateConfig writes a configuration file naming every account of a
// running 'peerctl emulate' in every region, as a new user would, and
// returns it with the variables that hold the keys it names.
func emulateConfig(t *testing.T, m emulateManifest) (string, []string) {
	t.Helper()
	var b strings.Builder
	var env []string
	b.WriteString("targets:\n")
	for _, a := range m.Accounts {
		v := strings.ToUpper(strings.ReplaceAll(a.Name, "-", "_"))
		env = append(env, v+"_AK="+a.AccessKeyID, v+"_SK="+a.Secret)
		creds := fmt.Sprintf("credentials: {accessKeyIdEnv: %s_AK, secretEnv: %s_SK}", v, v)
		switch a.Provider {
		case "baidu":
			var eps []string
			for _, r := range []string{"bj", "gz", "su"} {
				eps = append(eps, r+": "+m.Baidu[r])
			}
			fmt.Fprintf(&b, "  - {name: %s, provider: baidu, regions: [bj, gz, su], accountId: %q, endpoints: {%s}, %s}\n",
				a.Name, a.ID, strings.Join(eps, ", "), creds)
		case "alibaba":
			fmt.Fprintf(&b, "  - {name: %s, provider: alibaba-vpc, regions: [%s], accountId: %q, endpoint: %q, %s}\n",
				a.Name, strings.Join(emulator.DefaultVpcPeerRegions, ", "), a.ID, m.Alibaba, creds)
			fmt.Fprintf(&b, "  - {name: %s-ens, provider: alibaba-ens, accountId: %q, endpoint: %q, %s}\n", a.Name, a.ID, m.Alibaba, creds)
		}
	}
	path := filepath.Join(t.TempDir(), "peering.yaml")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o600))
	return path, env
}

// routesInventory is the part of 'peerctl inventory --routes -o json' the
// routes tests read.
type routesInventory struct {
	Records []struct {
		Provider, ID, Status string
		SeenBy               []struct{ Target string }
	}
	Findings []struct {
		Kind        string
		Connections []inventory.Ref
	}
	Reach []inventory.Reach
}

func readRoutesInventory(t *testing.T, config string, env []string) routesInventory {
	t.Helper()
	r := peerctl(t, env, "inventory", "--config", config, "--routes", "-o", "json")
	require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
	var inv routesInventory
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &inv))
	return inv
}

// has reports whether inv has a finding of kind about connection id.
func (inv routesInventory) has(kind, id string) bool {
	return slices.ContainsFunc(inv.Findings, func(f struct {
		Kind        string
		Connections []inventory.Ref
	}) bool {
		return f.Kind == kind && slices.ContainsFunc(f.Connections, func(c inventory.Ref) bool { return c.ID == id })
	})
}

func (inv routesInventory) reach(id string) inventory.Reach {
	for _, r := range inv.Reach {
		if r.Connection.ID == id {
			return r
		}
	}
	return inventory.Reach{}
}

// targetArgs are the flags that pick, from the configuration, the first
// target that listed connection id: --target ENTRY [--region R].
func (inv routesInventory) targetArgs(t *testing.T, config, id string) []string {
	t.Helper()
	for _, r := range inv.Records {
		if r.ID == id {
			entry, region, ok := strings.Cut(r.SeenBy[0].Target, "/")
			args := []string{"--config", config, "--target", entry}
			if ok {
				args = append(args, "--region", region)
			}
			return args
		}
	}
	t.Fatalf("no record %s", id)
	return nil
}

// first returns the first connection of provider with a finding of kind
// (and, when cross, seen by two targets: a cross-account peering).
func (inv routesInventory) first(t *testing.T, provider, kind string, cross bool) string {
	t.Helper()
	for _, r := range inv.Records {
		if r.Provider == provider && inv.has(kind, r.ID) && (!cross || len(r.SeenBy) == 2) {
			return r.ID
		}
	}
	t.Fatalf("the seeded estate has no %s %s peering", provider, kind)
	return ""
}

// 'peerctl routes ID' shows both ends, each with the target that read it,
// and the verdict each way: the inventory's.
func TestRoutesShow(t *testing.T) {
	t.Parallel()
	m := startEmulate(t)
	config, env := emulateConfig(t, m)
	inv := readRoutesInventory(t, config, env)
	id := inv.first(t, "baidu", "one-way", true) // cross-account: one end per account
	want := inv.reach(id)
	require.Equal(t, inventory.ReachOneWay, want.Verdict)
	args := append([]string{"routes", id}, inv.targetArgs(t, config, id)...)

	r := peerctl(t, env, args...)
	require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
	assert.Contains(t, r.stdout, "baidu peering "+id+" (active): reach one-way\n")
	for _, d := range []inventory.Direction{want.ToAccepter, want.ToRequester} {
		assert.Contains(t, r.stdout, "\n"+d.From.ID+" to "+d.To.ID+": "+string(d.Verdict)+"\n")
		for _, route := range d.Routes {
			assert.Contains(t, r.stdout, "  through    "+route.String()+"\n")
		}
		if len(d.Missing) > 0 {
			assert.Contains(t, r.stdout, "  missing    "+d.Missing[0].String())
		}
	}
	assert.Equal(t, 2, strings.Count(r.stdout, "[tables read by target "), "both ends are read, by their own accounts' targets:\n%s", r.stdout)
	assert.Regexp(t, `(?m)^error +one-way: baidu peering `+id, r.stdout)

	r = peerctl(t, env, append(args, "-o", "json")...)
	require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
	var doc struct {
		Connection struct{ ID string }
		Reach      inventory.Reach
		Ends       []struct {
			Role, Target string
			inventory.NetworkRoutes
		}
		Findings []inventory.Finding
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &doc))
	assert.Equal(t, id, doc.Connection.ID)
	assert.Equal(t, want, doc.Reach, "the verdict is the inventory's")
	require.Len(t, doc.Ends, 2)
	assert.NotEqual(t, doc.Ends[0].Target, doc.Ends[1].Target)
	for _, e := range doc.Ends {
		assert.NotEmpty(t, e.Tables, "%s", e.Role)
		assert.Empty(t, e.Unknown)
	}

	// With the flags of one account alone, the other end is unknown, and
	// says why: never "no route".
	self := inv.targetArgs(t, config, id)
	a := account(t, m.Manifest, self[3])
	region := self[5]
	r = peerctl(t, []string{"BCE_ACCESS_KEY_ID=" + a.AccessKeyID, "BCE_SECRET_ACCESS_KEY=" + a.Secret},
		"routes", id, "--provider", "baidu", "--region", region, "--endpoint", m.Baidu[region], "--account-id", a.ID)
	require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
	assert.Contains(t, r.stdout, "): reach unknown\n")
	assert.Contains(t, r.stdout, "[tables not read: no target reads account ")
	assert.NotContains(t, r.stdout, "no-route")
}

// 'peerctl routes add' fixes a no-route finding, as a new user would
// against 'peerctl emulate': --dry-run first (nothing changes), then for
// real (the routes each end lacks), then again (nothing to do); the next
// inventory has no finding left for the peering, and routes both ways.
func TestRoutesAddFixesNoRoute(t *testing.T) {
	t.Parallel()
	m := startEmulate(t)
	config, env := emulateConfig(t, m)
	before := readRoutesInventory(t, config, env)
	for _, provider := range []string{"baidu", "alibaba-vpc", "alibaba-ens"} {
		t.Run(provider, func(t *testing.T) {
			id := before.first(t, provider, "no-route", false)
			reach := before.reach(id)
			missing := len(reach.ToAccepter.Missing) + len(reach.ToRequester.Missing)
			require.Positive(t, missing)
			args := append([]string{"routes", "add", id}, before.targetArgs(t, config, id)...)

			r := peerctl(t, env, append(args, "--dry-run", "-o", "json")...)
			require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
			var planned []struct{ Side, Network, Table, Destination, Route string }
			require.NoError(t, json.Unmarshal([]byte(r.stdout), &planned))
			assert.Len(t, planned, missing, "a route for each far block missing")
			assert.Equal(t, missing, strings.Count(r.stderr, "peerctl: would add "), r.stderr)
			for _, p := range planned {
				assert.Empty(t, p.Route, "nothing added, so no route ID")
			}
			after := readRoutesInventory(t, config, env)
			assert.True(t, after.has("no-route", id), "--dry-run sends no write")
			assert.Equal(t, reach, after.reach(id))

			r = peerctl(t, env, append(args, "-o", "json")...)
			require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
			var added []struct{ Side, Network, Table, Destination, Route string }
			require.NoError(t, json.Unmarshal([]byte(r.stdout), &added))
			require.Len(t, added, missing)
			sides := map[string]bool{}
			for i, a := range added {
				assert.NotEmpty(t, a.Route)
				assert.Contains(t, r.stderr, "peerctl: added "+a.Route+": "+a.Destination+" through "+id)
				a.Route = ""
				assert.Equal(t, planned[i], a, "what --dry-run said")
				sides[a.Side] = true
			}
			assert.Equal(t, map[string]bool{"requester": true, "accepter": true}, sides, "both ends are configured: both get routes")

			r = peerctl(t, env, append(args, "-o", "json")...)
			require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
			assert.Equal(t, "[]\n", r.stdout, "idempotent: nothing added the second time")
			assert.Contains(t, r.stderr, "peerctl: nothing to do\n")

			fixed := readRoutesInventory(t, config, env)
			for _, kind := range []string{"no-route", "one-way", "partial-route", "routes-unknown"} {
				assert.False(t, fixed.has(kind, id), "%s is gone", kind)
			}
			assert.Equal(t, inventory.ReachBoth, fixed.reach(id).Verdict)
		})
	}
}

// What 'peerctl routes' refuses: usage before any request (exit 2), and a
// peering that is not active (exit 1, with what to do).
func TestRoutesRefusals(t *testing.T) {
	t.Parallel()
	m := startEmulate(t)
	config, env := emulateConfig(t, m)
	inv := readRoutesInventory(t, config, env)
	var pending string
	for _, r := range inv.Records {
		if r.Provider == "baidu" && r.Status == "pending-acceptance" {
			pending = r.ID
		}
	}
	require.NotEmpty(t, pending, "the seeded estate has an offer waiting")

	r := peerctl(t, env, append([]string{"routes", "add", pending}, inv.targetArgs(t, config, pending)...)...)
	assert.Equal(t, 1, r.code, "stderr: %s", r.stderr)
	assert.Contains(t, r.stderr, "is pending-acceptance: routes through it carry nothing until it is active")
	assert.Contains(t, r.stderr, "--for active")

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"routes"}, "routes takes one connection ID (got 0 arguments)"},
		{[]string{"routes", "add", "a", "b"}, "add takes one connection ID (got 2 arguments)"},
		{[]string{"routes", pending, "--config", config, "-o", "yaml"}, `-o: unknown format "yaml" (want table or json)`},
		{[]string{"routes", "add", pending, "--config", config, "-o", "yaml"}, `-o: unknown format "yaml" (want json)`},
		{[]string{"routes", "add", pending}, "say which cloud: --provider"},
	} {
		r := peerctl(t, env, tc.args...)
		assert.Equal(t, 2, r.code, "%v: stderr: %s", tc.args, r.stderr)
		assert.Contains(t, r.stderr, tc.want, "%v", tc.args)
		assert.Empty(t, r.stdout)
	}
}

// A target named by flags alone, with no --account-id, does not know its
// own account, and a Baidu record names the accepter's account only. So
// that 'routes add' still fixes both ends of a peering inside the account,
// it tries the target's own credentials on such an end (the cloud answers
// only for its own networks), and the next inventory sees the peering
// routed both ways.
func TestRoutesAddWithoutAccountID(t *testing.T) {
	t.Parallel()
	m := startEmulate(t)
	var env []string
	for _, a := range m.Accounts {
		if a.Name == "baidu-a" {
			env = []string{"BCE_ACCESS_KEY_ID=" + a.AccessKeyID, "BCE_SECRET_ACCESS_KEY=" + a.Secret}
		}
	}
	require.NotEmpty(t, env)
	target := []string{"--provider", "baidu", "--region", "bj", "--endpoint", m.Baidu["bj"]}
	read := func() routesInventory {
		r := peerctl(t, env, append([]string{"inventory", "--routes", "-o", "json"}, target...)...)
		require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
		var inv routesInventory
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &inv))
		return inv
	}
	id := read().first(t, "baidu", "no-route", false)

	r := peerctl(t, env, append([]string{"routes", "add", id}, target...)...)
	require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
	assert.Contains(t, r.stderr, "(requester)")
	assert.Contains(t, r.stderr, "(accepter)")
	assert.NotContains(t, r.stderr, "left as it is", "both ends are the account's own")

	after := read()
	assert.Equal(t, inventory.ReachBoth, after.reach(id).Verdict)
	for _, kind := range []string{"no-route", "one-way", "partial-route"} {
		assert.False(t, after.has(kind, id), "%s is gone", kind)
	}
}
