package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/inventory"
)

// TestInventoryUnknownBlocksAreReported: a Baidu client whose region is not
// the one its endpoint serves (--region moon against the emulator's bj
// endpoint) can look up no VPC. Every connection shows its blocks unknown,
// with the reason, and each has a cidrs-unknown finding: "0 findings" would
// say the overlaps were checked when none was. Warnings leave the exit
// status 0.
func TestInventoryUnknownBlocksAreReported(t *testing.T) {
	t.Parallel()
	srv := twin(t, 1, 5)
	a, ok := srv.Account("baidu-a")
	require.True(t, ok)
	env := []string{"BCE_ACCESS_KEY_ID=" + a.AccessKeyID, "BCE_SECRET_ACCESS_KEY=" + a.Secret}
	args := []string{"inventory", "--provider", "baidu", "--region", "moon", "--endpoint", srv.BaiduEndpoint("bj")}

	r := peerctl(t, env, append(args, "-o", "json")...)
	require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
	var inv inventoryJSON
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &inv))
	require.NotEmpty(t, inv.Records)
	unknown := make(map[string]bool)
	for _, f := range inv.Findings {
		require.Equal(t, inventory.KindCIDRsUnknown, f.Kind, "the only findings: %+v", f)
		assert.Equal(t, inventory.SeverityWarning, f.Severity)
		require.Len(t, f.Connections, 1)
		unknown[f.Connections[0].ID] = true
		assert.Regexp(t, `^baidu peering \S+: the address blocks of the requester vpc-\w+ \(not looked up: the VPC is in region \w+, not in this client's region moon\) and of the accepter vpc-\w+ \(.*\) are unknown, so overlaps involving them were not checked$`, f.Message)
	}
	for _, rec := range inv.Records {
		for _, e := range []struct {
			name  string
			empty bool
			why   string
		}{
			{"requester", len(rec.Requester.IPv4CIDRs)+len(rec.Requester.IPv6CIDRs) == 0, rec.Requester.CIDRsUnknown},
			{"accepter", len(rec.Accepter.IPv4CIDRs)+len(rec.Accepter.IPv6CIDRs) == 0, rec.Accepter.CIDRsUnknown},
		} {
			assert.True(t, e.empty, "%s %s: no block can be read from region moon", rec.ID, e.name)
			assert.Contains(t, e.why, "not in this client's region moon", "%s %s: cidrsUnknown says why", rec.ID, e.name)
		}
		if !rec.Status.Terminal() && rec.Status != "deleting" {
			assert.True(t, unknown[rec.ID], "%s: live, blocks unknown, and no cidrs-unknown finding", rec.ID)
		}
	}

	r = peerctl(t, env, append(args, "-o", "wide")...)
	require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
	rows := strings.Split(r.stdout, "\n\n")[0]
	for _, line := range strings.Split(rows, "\n")[1:] {
		f := strings.Fields(line)
		require.GreaterOrEqual(t, len(f), 11, "row %q", line)
		// ID PROVIDER STATUS REQUESTER REGION ACCOUNT CIDRS ACCEPTER REGION ACCOUNT CIDRS ...
		assert.Equal(t, "unknown", f[6], "requester CIDRs of %q", line)
		assert.Equal(t, "unknown", f[10], "accepter CIDRs of %q", line)
	}
	assert.Regexp(t, `(?m)^warning +cidrs-unknown +baidu peering `, r.stdout)
	assert.Regexp(t, regexp.MustCompile(`; [1-9]\d* findings?\n$`), r.stdout, "the summary counts them")
}
