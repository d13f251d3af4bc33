package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A VpcPeer connection that routes point at is refused on a plain delete,
// naming the routes, and deleted with them under --force; a provider with
// no forced delete refuses --force before any request.
func TestDeleteForce(t *testing.T) {
	m := startEmulate(t, "--seed", "1").Manifest
	world := twin(t, 1, sandboxConnections)
	var id, region, owner string
	for _, c := range world.Alibaba.VpcPeerConnections() {
		if c.Status != "Activated" {
			continue
		}
		for _, rt := range world.Alibaba.RouteTables(c.VpcID) {
			for _, r := range rt.Routes {
				if r.NextHopID == c.InstanceID {
					id, region, owner = c.InstanceID, c.RegionID, strconv.FormatInt(c.OwnerUID, 10)
				}
			}
		}
		if id != "" {
			break
		}
	}
	require.NotEmpty(t, id, "the estate has an active VpcPeer connection with a route through it")
	var env []string
	for _, a := range m.Accounts {
		if a.Provider == "alibaba" && a.ID == owner {
			env = []string{"ALIBABA_CLOUD_ACCESS_KEY_ID=" + a.AccessKeyID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET=" + a.Secret}
		}
	}
	require.NotEmpty(t, env)
	target := []string{"--provider", "alibaba-vpc", "--region", region, "--endpoint", m.Alibaba, "--account-id", owner}

	r := peerctl(t, env, append([]string{"delete", id}, target...)...)
	assert.Equal(t, exitFailure, r.code, "stdout: %s", r.stdout)
	assert.Contains(t, r.stderr, "FailedPrecondition")
	assert.Contains(t, r.stderr, "or delete with --force", "the refusal says how to force it, in flags: %s", r.stderr)
	assert.NotContains(t, r.stderr, "DeleteForce", "no Go names to a command-line user")
	assert.Contains(t, r.stderr, "hint: routes still point at the connection; remove them, or run 'peerctl delete "+id+" --force'")
	assert.Equal(t, 1, strings.Count(r.stderr, "OperationDenied.RouteEntryExist"), "the refusal is said once: %s", r.stderr)

	r = peerctl(t, env, append([]string{"delete", id, "--force"}, target...)...)
	require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
	assert.Contains(t, r.stderr, "deleting "+id)

	b := account(t, m, "baidu-a")
	r = peerctl(t, []string{"BCE_ACCESS_KEY_ID=" + b.AccessKeyID, "BCE_SECRET_ACCESS_KEY=" + b.Secret},
		"delete", "peerconn-0000000000", "--force", "--provider", "baidu", "--region", "bj", "--endpoint", m.Baidu["bj"])
	assert.Equal(t, exitUsage, r.code, "stderr: %s", r.stderr)
	assert.Contains(t, r.stderr, "--force: baidu has no forced delete")
}
