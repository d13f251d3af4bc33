package inventory_test

import (
	"encoding/json"
	"net/netip"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/inventory"
)

// fixtureNow is the instant the estate fixture is analyzed at.
var fixtureNow = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// loadEstate reads testdata/estate.json: views of connections as targets
// listed them, the two sides of peer-a1 among them.
func loadEstate(t *testing.T) []inventory.Record {
	t.Helper()
	b, err := os.ReadFile("testdata/estate.json")
	require.NoError(t, err)
	var records []inventory.Record
	require.NoError(t, json.Unmarshal(b, &records))
	return records
}

func analyzeEstate(t *testing.T) *inventory.Inventory {
	t.Helper()
	return inventory.Analyze(loadEstate(t), inventory.Options{Now: func() time.Time { return fixtureNow }})
}

func refs(provider peering.Provider, ids ...string) []inventory.Ref {
	out := make([]inventory.Ref, len(ids))
	for i, id := range ids {
		out[i] = inventory.Ref{Provider: provider, ID: id}
	}
	return out
}

func TestAnalyzeEstateFindings(t *testing.T) {
	inv := analyzeEstate(t)
	type want struct {
		kind     inventory.Kind
		severity inventory.Severity
		conns    []inventory.Ref
		nets     []inventory.Ref
		prefixes []string
	}
	wants := []want{
		{inventory.KindCIDROverlap, inventory.SeverityError, refs(peering.Baidu, "peer-a2"), refs(peering.Baidu, "vpc-a1", "vpc-a2"), []string{"10.0.0.0/16", "10.0.128.0/17"}},
		{inventory.KindDuplicatePeering, inventory.SeverityWarning, refs(peering.Baidu, "peer-a3", "peer-a4"), refs(peering.Baidu, "vpc-a1", "vpc-a3"), nil},
		{inventory.KindOfferExpiring, inventory.SeverityWarning, refs(peering.AlibabaVPC, "pcc-1"), refs(peering.AlibabaVPC, "vpc-x1", "vpc-y1"), nil},
		{inventory.KindPeerCIDROverlap, inventory.SeverityWarning, refs(peering.Baidu, "peer-a1", "peer-a3"), refs(peering.Baidu, "vpc-a1", "vpc-a3", "vpc-b1"), []string{"10.1.0.0/16", "10.1.0.0/20"}},
		{inventory.KindSelfPeering, inventory.SeverityWarning, refs(peering.AlibabaVPC, "pcc-3"), refs(peering.AlibabaVPC, "vpc-x3"), nil},
		{inventory.KindStuck, inventory.SeverityWarning, refs(peering.Baidu, "peer-a5"), refs(peering.Baidu, "vpc-a4", "vpc-a5"), nil},
	}
	require.Len(t, inv.Findings, len(wants), "findings: %+v", inv.Findings)
	for i, w := range wants {
		f := inv.Findings[i]
		assert.Equal(t, w.kind, f.Kind, "finding %d", i)
		assert.Equal(t, w.severity, f.Severity, "finding %d (%s)", i, f.Kind)
		assert.Equal(t, w.conns, f.Connections, "finding %d (%s)", i, f.Kind)
		assert.Equal(t, w.nets, f.Networks, "finding %d (%s)", i, f.Kind)
		var prefixes []string
		for _, p := range f.Prefixes {
			prefixes = append(prefixes, p.String())
		}
		assert.Equal(t, w.prefixes, prefixes, "finding %d (%s)", i, f.Kind)
		assert.NotEmpty(t, f.Message)
		for _, c := range f.Connections {
			assert.Contains(t, f.Message, c.ID, "a finding's sentence names its connections")
		}
	}
}

func TestAnalyzeMergesBothSides(t *testing.T) {
	inv := analyzeEstate(t)
	ids := make([]string, inv.Records.Len())
	for i, r := range inv.Records.All() {
		ids[i] = r.Ref().String()
	}
	assert.Equal(t, []string{
		"alibaba-ens/tnpc-1", "alibaba-vpc/pcc-1", "alibaba-vpc/pcc-2", "alibaba-vpc/pcc-3",
		"baidu/peer-a1", "baidu/peer-a2", "baidu/peer-a3", "baidu/peer-a4", "baidu/peer-a5",
	}, ids, "one record per connection, ordered by provider then ID")

	records := inv.Records.Slice()
	a1 := records[slices.IndexFunc(records, func(r inventory.Record) bool { return r.ID == "peer-a1" })]
	assert.Equal(t, peering.RoleRequester, a1.Role, "the requester's view is the main one")
	assert.Equal(t, "a1-to-b1", a1.Name)
	assert.Equal(t, map[string]string{"team": "net"}, a1.Tags, "tags stay the main side's")
	assert.Equal(t, "acct-a", a1.Requester.AccountID)
	assert.Equal(t, []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}, a1.Requester.IPv4CIDRs)
	assert.Equal(t, []netip.Prefix{netip.MustParsePrefix("10.1.0.0/16")}, a1.Accepter.IPv4CIDRs, "the accepter's blocks come from the accepter's view")
	assert.Equal(t, []inventory.Sighting{
		{Target: "baidu-a/bj", Role: peering.RoleRequester},
		{Target: "baidu-b/gz", Role: peering.RoleAccepter},
	}, a1.SeenBy)
}

func TestAnalyzeGraph(t *testing.T) {
	inv := analyzeEstate(t)
	var nets []string
	for _, n := range inv.Graph.Networks {
		nets = append(nets, n.Ref().String())
	}
	assert.Equal(t, []string{
		"alibaba-ens/n-1", "alibaba-ens/n-2",
		"alibaba-vpc/vpc-x1", "alibaba-vpc/vpc-x2", "alibaba-vpc/vpc-x3", "alibaba-vpc/vpc-y1",
		"baidu/vpc-a1", "baidu/vpc-a2", "baidu/vpc-a3", "baidu/vpc-a4", "baidu/vpc-a5", "baidu/vpc-b1",
	}, nets)
	require.Equal(t, inv.Records.Len(), inv.Graph.Links.Len())
	for i, l := range inv.Graph.Links.All() {
		r := inv.Records.At(i)
		assert.Equal(t, r.Ref(), l.Connection)
		assert.Equal(t, r.Requester.NetworkID, l.From.ID)
		assert.Equal(t, r.Accepter.NetworkID, l.To.ID)
	}
	a1 := inv.Graph.Networks[slices.IndexFunc(inv.Graph.Networks, func(n inventory.Network) bool { return n.ID == "vpc-a1" })]
	assert.Equal(t, 4, a1.Links, "vpc-a1 ends peer-a1 to peer-a4")
	x3 := inv.Graph.Networks[slices.IndexFunc(inv.Graph.Networks, func(n inventory.Network) bool { return n.ID == "vpc-x3" })]
	assert.Equal(t, 1, x3.Links, "a self-peering is one link")
}

// conn builds a live connection between two networks with the given blocks.
func conn(id, status string, local, peer string, localCIDRs, peerCIDRs []string) inventory.Record {
	prefixes := func(ss []string) []netip.Prefix {
		var out []netip.Prefix
		for _, s := range ss {
			out = append(out, netip.MustParsePrefix(s))
		}
		return out
	}
	return inventory.Record{Connection: peering.Connection{
		Provider: peering.AlibabaVPC, ID: id, Status: peering.Status(status), Role: peering.RoleRequester,
		Requester: peering.Endpoint{NetworkID: local, IPv4CIDRs: prefixes(localCIDRs)},
		Accepter:  peering.Endpoint{NetworkID: peer, IPv4CIDRs: prefixes(peerCIDRs)},
	}}
}

func TestAnalyzeChecks(t *testing.T) {
	at := func(r inventory.Record, created, updated, expires time.Duration) inventory.Record {
		if created != 0 {
			r.CreatedAt = fixtureNow.Add(-created)
		}
		if updated != 0 {
			r.UpdatedAt = fixtureNow.Add(-updated)
		}
		if expires != 0 {
			r.TermEndsAt = fixtureNow.Add(expires)
		}
		return r
	}
	offer := func(r inventory.Record, deadline time.Duration) inventory.Record {
		r.AcceptBy = fixtureNow.Add(deadline)
		return r
	}
	v6 := conn("pcc-v6", "active", "vpc-a", "vpc-b", nil, nil)
	v6.Requester.IPv6CIDRs = []netip.Prefix{netip.MustParsePrefix("2408:4000::/56")}
	v6.Accepter.IPv6CIDRs = []netip.Prefix{netip.MustParsePrefix("2408:4000:0:10::/60")}
	mixed := conn("pcc-mixed", "active", "vpc-a", "vpc-b", []string{"10.0.0.0/8"}, nil)
	mixed.Accepter.IPv6CIDRs = []netip.Prefix{netip.MustParsePrefix("::/0")}

	tests := []struct {
		name    string
		records []inventory.Record
		want    []inventory.Kind
	}{
		{"no overlap", []inventory.Record{conn("pcc-1", "active", "vpc-a", "vpc-b", []string{"10.0.0.0/16"}, []string{"10.1.0.0/16"})}, nil},
		{"ends overlap", []inventory.Record{conn("pcc-1", "active", "vpc-a", "vpc-b", []string{"10.0.0.0/8"}, []string{"10.1.0.0/16"})}, []inventory.Kind{inventory.KindCIDROverlap}},
		{"ends overlap while waiting for acceptance", []inventory.Record{conn("pcc-1", "pending-acceptance", "vpc-a", "vpc-b", []string{"10.0.0.0/8"}, []string{"10.1.0.0/16"})}, []inventory.Kind{inventory.KindCIDROverlap}},
		{"IPv6 ends overlap", []inventory.Record{v6}, []inventory.Kind{inventory.KindCIDROverlap}},
		{"families never overlap", []inventory.Record{mixed}, nil},
		{"unknown blocks are not an overlap", []inventory.Record{conn("pcc-1", "active", "vpc-a", "vpc-b", nil, []string{"10.1.0.0/16"})}, []inventory.Kind{inventory.KindCIDRsUnknown}},
		{"terminal connections are ignored", []inventory.Record{
			conn("pcc-1", "rejected", "vpc-a", "vpc-b", []string{"10.0.0.0/8"}, []string{"10.0.0.0/8"}),
			conn("pcc-2", "deleting", "vpc-a", "vpc-b", []string{"10.0.0.0/8"}, []string{"10.0.0.0/8"}),
			conn("pcc-3", "expired", "vpc-a", "vpc-a", nil, nil),
		}, nil},
		{"self-peering", []inventory.Record{conn("pcc-1", "active", "vpc-a", "vpc-a", []string{"10.0.0.0/16"}, []string{"10.0.0.0/16"})}, []inventory.Kind{inventory.KindSelfPeering}},
		{"duplicate in either direction", []inventory.Record{
			conn("pcc-1", "active", "vpc-a", "vpc-b", nil, nil),
			conn("pcc-2", "updating", "vpc-b", "vpc-a", nil, nil),
		}, []inventory.Kind{inventory.KindDuplicatePeering}},
		{"a deleted twin is no duplicate", []inventory.Record{
			conn("pcc-1", "active", "vpc-a", "vpc-b", nil, nil),
			conn("pcc-2", "deleted", "vpc-a", "vpc-b", nil, nil),
		}, nil},
		{"peers of one hub overlap", []inventory.Record{
			conn("pcc-1", "active", "vpc-hub", "vpc-b", []string{"10.0.0.0/16"}, []string{"10.1.0.0/16"}),
			conn("pcc-2", "active", "vpc-c", "vpc-hub", []string{"10.1.2.0/24"}, []string{"10.0.0.0/16"}),
			conn("pcc-3", "active", "vpc-hub", "vpc-d", []string{"10.0.0.0/16"}, []string{"10.2.0.0/16"}),
		}, []inventory.Kind{inventory.KindPeerCIDROverlap}},
		{"peers of different hubs may overlap", []inventory.Record{
			conn("pcc-1", "active", "vpc-a", "vpc-b", []string{"10.0.0.0/16"}, []string{"10.1.0.0/16"}),
			conn("pcc-2", "active", "vpc-c", "vpc-d", []string{"10.2.0.0/16"}, []string{"10.1.0.0/16"}),
		}, nil},
		{"stuck updating", []inventory.Record{at(conn("pcc-1", "updating", "vpc-a", "vpc-b", nil, nil), 48*time.Hour, 2*time.Hour, 0)}, []inventory.Kind{inventory.KindStuck}},
		{"recently updated is not stuck", []inventory.Record{at(conn("pcc-1", "updating", "vpc-a", "vpc-b", nil, nil), 48*time.Hour, 10*time.Minute, 0)}, nil},
		{"stuck creating, by creation time", []inventory.Record{at(conn("pcc-1", "pending", "vpc-a", "vpc-b", nil, nil), 3*time.Hour, 0, 0)}, []inventory.Kind{inventory.KindStuck}},
		{"no timestamp, no verdict", []inventory.Record{conn("pcc-1", "deleting", "vpc-a", "vpc-b", nil, nil)}, nil},
		{"an old creation says nothing of a deletion", []inventory.Record{at(conn("pcc-1", "deleting", "vpc-a", "vpc-b", nil, nil), 900*time.Hour, 0, 0)}, nil},
		{"stuck deleting, by update time", []inventory.Record{at(conn("pcc-1", "deleting", "vpc-a", "vpc-b", nil, nil), 900*time.Hour, 5*time.Hour, 0)}, []inventory.Kind{inventory.KindStuck}},
		{"active is never stuck", []inventory.Record{at(conn("pcc-1", "active", "vpc-a", "vpc-b", nil, nil), 900*time.Hour, 0, 0)}, nil},
		{"expiring within the window", []inventory.Record{at(conn("pcc-1", "active", "vpc-a", "vpc-b", nil, nil), 0, 0, 10*24*time.Hour)}, []inventory.Kind{inventory.KindExpiring}},
		{"expiring beyond the window", []inventory.Record{at(conn("pcc-1", "active", "vpc-a", "vpc-b", nil, nil), 0, 0, 40*24*time.Hour)}, nil},
		{"expired but still active", []inventory.Record{at(conn("pcc-1", "active", "vpc-a", "vpc-b", nil, nil), 0, 0, -time.Hour)}, []inventory.Kind{inventory.KindExpiring}},
		{"expired and saying so", []inventory.Record{at(conn("pcc-1", "expired", "vpc-a", "vpc-b", nil, nil), 0, 0, -time.Hour)}, nil},
		{"an offer lapsing within the window", []inventory.Record{offer(conn("pcc-1", "pending-acceptance", "vpc-a", "vpc-b", nil, nil), 3*24*time.Hour)}, []inventory.Kind{inventory.KindOfferExpiring}},
		{"an offer lapsing beyond the window", []inventory.Record{offer(conn("pcc-1", "pending-acceptance", "vpc-a", "vpc-b", nil, nil), 40*24*time.Hour)}, nil},
		{"an offer past its deadline, still waiting", []inventory.Record{offer(conn("pcc-1", "pending-acceptance", "vpc-a", "vpc-b", nil, nil), -time.Hour)}, []inventory.Kind{inventory.KindOfferExpiring}},
		{"an offer lapsed and saying so", []inventory.Record{offer(conn("pcc-1", "expired", "vpc-a", "vpc-b", nil, nil), -time.Hour)}, nil},
		{"an offer answered awaits nothing", []inventory.Record{offer(conn("pcc-1", "active", "vpc-a", "vpc-b", nil, nil), 3*24*time.Hour)}, nil},
		{"a term and an offer are two findings", []inventory.Record{at(offer(conn("pcc-1", "pending-acceptance", "vpc-a", "vpc-b", nil, nil), 3*24*time.Hour), 0, 0, 10*24*time.Hour)},
			[]inventory.Kind{inventory.KindExpiring, inventory.KindOfferExpiring}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := inventory.Analyze(tt.records, inventory.Options{Now: func() time.Time { return fixtureNow }})
			got := kindsOf(inv, slices.Contains(tt.want, inventory.KindCIDRsUnknown))
			assert.Equal(t, tt.want, got, "findings: %+v", inv.Findings)
		})
	}
}

func TestAnalyzeOptions(t *testing.T) {
	r := conn("pcc-1", "updating", "vpc-a", "vpc-b", nil, nil)
	r.UpdatedAt = fixtureNow.Add(-30 * time.Minute)
	r.TermEndsAt = fixtureNow.Add(50 * 24 * time.Hour)
	now := func() time.Time { return fixtureNow }

	inv := inventory.Analyze([]inventory.Record{r}, inventory.Options{Now: now})
	assert.Empty(t, kindsOf(inv, false), "defaults: stuck after 1h, expiring within 30 days")

	inv = inventory.Analyze([]inventory.Record{r}, inventory.Options{Now: now, StuckAfter: 10 * time.Minute, ExpiryWindow: 60 * 24 * time.Hour})
	assert.Equal(t, []inventory.Kind{inventory.KindExpiring, inventory.KindStuck}, kindsOf(inv, false))
}

// kindsOf returns the kinds of inv's findings in order. Cases about other
// checks leave the blocks out where they are not the point, so unless
// withUnknown is set the cidrs-unknown findings that makes are left out
// (TestCIDRsUnknownFinding checks them).
func kindsOf(inv *inventory.Inventory, withUnknown bool) []inventory.Kind {
	var out []inventory.Kind
	for _, f := range inv.Findings {
		if f.Kind != inventory.KindCIDRsUnknown || withUnknown {
			out = append(out, f.Kind)
		}
	}
	return out
}

// TestExpiringSaysWhich: a prepaid term ending and an offer lapsing are told
// apart by kind and by sentence, and are errors once past.
func TestExpiringSaysWhich(t *testing.T) {
	base := conn("pcc-1", "active", "vpc-a", "vpc-b", nil, nil)
	base.Accepter.AccountID = "1000000000000000002"
	tests := []struct {
		name      string
		status    peering.Status
		term, by  time.Duration // from now; 0 = not set
		kind      inventory.Kind
		severity  inventory.Severity
		sentences []string
	}{
		{"term ending", peering.StatusActive, 10 * 24 * time.Hour, 0, inventory.KindExpiring, inventory.SeverityWarning,
			[]string{"prepaid term ends in 10d0h (2026-01-11T00:00:00Z)", "renew it"}},
		{"term ended", peering.StatusActive, -2 * time.Hour, 0, inventory.KindExpiring, inventory.SeverityError,
			[]string{"prepaid term ended 2h0m ago (2025-12-31T22:00:00Z) but it is still active"}},
		{"offer lapsing", peering.StatusPendingAcceptance, 0, 3 * 24 * time.Hour, inventory.KindOfferExpiring, inventory.SeverityWarning,
			[]string{"offer lapses in 3d0h (2026-01-04T00:00:00Z) unless account 1000000000000000002 accepts it"}},
		{"offer lapsed", peering.StatusPendingAcceptance, 0, -time.Hour, inventory.KindOfferExpiring, inventory.SeverityError,
			[]string{"acceptance deadline passed 1h0m ago (2025-12-31T23:00:00Z) but it is still pending-acceptance"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := base
			r.Status = tt.status
			if tt.term != 0 {
				r.TermEndsAt = fixtureNow.Add(tt.term)
			}
			if tt.by != 0 {
				r.AcceptBy = fixtureNow.Add(tt.by)
			}
			inv := inventory.Analyze([]inventory.Record{r}, inventory.Options{Now: func() time.Time { return fixtureNow }})
			var found []inventory.Finding // the record has no blocks: leave cidrs-unknown aside
			for _, f := range inv.Findings {
				if f.Kind != inventory.KindCIDRsUnknown {
					found = append(found, f)
				}
			}
			require.Len(t, found, 1, "findings: %+v", inv.Findings)
			f := found[0]
			assert.Equal(t, tt.kind, f.Kind)
			assert.Equal(t, tt.severity, f.Severity)
			for _, want := range tt.sentences {
				assert.Contains(t, f.Message, want)
			}
			other := "offer"
			if tt.kind == inventory.KindOfferExpiring {
				other = "term"
			}
			assert.NotContains(t, f.Message, other, "the sentence says which deadline it found")
		})
	}
}
