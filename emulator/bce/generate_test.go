package bce_test

import (
	"net/netip"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/baidubce/bce-sdk-go/services/vpc"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator/bce"
	"github.com/peeringkit/peering/emulator/clock"
	"github.com/peeringkit/peering/emulator/fault"
)

var regions = []string{"bj", "gz", "su"}

// generated returns a service with the two test accounts and a generated
// estate.
func generated(t testing.TB, seed int64, perRegion int) *bce.Service {
	t.Helper()
	clk := clock.New()
	clk.Freeze() // generated transient statuses last until the clock moves
	svc := bce.New(bce.Config{Clock: clk, Faults: fault.New(1)})
	svc.AddAccount(acctA)
	svc.AddAccount(acctB)
	require.NoError(t, svc.Generate(seed, perRegion, regions))
	return svc
}

// The same seed gives the same world; another seed another one.
func TestGenerateDeterministic(t *testing.T) {
	one, two, other := generated(t, 42, 60), generated(t, 42, 60), generated(t, 43, 60)
	require.Equal(t, one.VPCs(), two.VPCs())
	require.Equal(t, one.PeerConns(), two.PeerConns())
	require.NotEqual(t, one.VPCs(), other.VPCs())
	require.NotEqual(t, one.PeerConns(), other.PeerConns())
}

// Every account gets its fixture VPCs in every region, even with no
// connections; nothing generated uses them.
func TestGenerateFixtures(t *testing.T) {
	for _, perRegion := range []int{0, 30} {
		svc := generated(t, 1, perRegion)
		fixtures := map[string]bool{}
		for _, acct := range []bce.Account{acctA, acctB} {
			for _, region := range regions {
				var names []string
				for _, v := range svc.VPCs() {
					if v.AccountID == acct.ID && v.Region == region && slices.Contains([]string{bce.FixtureVPCName(1), bce.FixtureVPCName(2), bce.FixtureVPCName(3)}, v.Name) {
						names = append(names, v.Name)
						fixtures[v.ID] = true
					}
				}
				require.Len(t, names, bce.FixtureVPCs, "account %s region %s", acct.ID, region)
			}
		}
		conns := svc.PeerConns()
		if perRegion == 0 {
			require.Empty(t, conns)
		}
		for _, pc := range conns {
			require.False(t, fixtures[pc.Initiator.VPCID] || fixtures[pc.Acceptor.VPCID], "%s uses a fixture VPC", pc.ID)
		}
	}
}

var (
	connID = regexp.MustCompile(`^peerconn-[0-9a-z]{12}$`)
	ifID   = regexp.MustCompile(`^qpif-[0-9a-z]{12}$`)
	vpcID  = regexp.MustCompile(`^vpc-[0-9a-z]{12}$`)
)

// The generated estate obeys the create rules it bypasses only for quotas,
// has the promised mix, and its CIDRs are mostly disjoint with some
// deliberate overlaps.
func TestGenerateEstate(t *testing.T) {
	const perRegion = 300
	svc := generated(t, 7, perRegion)
	vpcs := map[string]bce.VPC{}
	for _, v := range svc.VPCs() {
		require.Regexp(t, vpcID, v.ID)
		vpcs[v.ID] = v
	}

	initiated := map[[2]string]int{}
	statuses := map[string]int{}
	pairs := map[[2]string]bool{}
	var crossAccount, crossRegion, prepaid, tagged, ipv6 int
	for _, pc := range svc.PeerConns() {
		require.Regexp(t, connID, pc.ID)
		require.Regexp(t, ifID, pc.Initiator.InterfaceID)
		require.Regexp(t, ifID, pc.Acceptor.InterfaceID)
		l, p := vpcs[pc.Initiator.VPCID], vpcs[pc.Acceptor.VPCID]
		require.Equal(t, [2]string{l.AccountID, l.Region}, [2]string{pc.Initiator.AccountID, pc.Initiator.Region})
		require.Equal(t, [2]string{p.AccountID, p.Region}, [2]string{pc.Acceptor.AccountID, pc.Acceptor.Region})
		require.False(t, l.Relay && p.Relay, "%s joins two relay VPCs", pc.ID)
		pair := [2]string{min(l.ID, p.ID), max(l.ID, p.ID)}
		require.False(t, pairs[pair], "%s peers a pair twice", pc.ID)
		pairs[pair] = true

		initiated[[2]string{pc.Initiator.AccountID, pc.Initiator.Region}]++
		statuses[pc.Status]++
		if pc.Initiator.AccountID != pc.Acceptor.AccountID {
			crossAccount++
		}
		if pc.Initiator.Region != pc.Acceptor.Region {
			crossRegion++
		} else {
			require.Equal(t, bce.Postpaid, pc.PaymentTiming, "%s: same region is Postpaid only", pc.ID)
		}
		if pc.PaymentTiming == bce.Prepaid {
			prepaid++
			require.False(t, pc.ExpiredTime.IsZero())
		} else {
			require.True(t, pc.ExpiredTime.IsZero())
		}
		if len(pc.Tags) > 0 {
			tagged++
		}
		require.True(t, pc.CreatedTime.Before(time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC)))
	}
	for _, acct := range []string{acctA.ID, acctB.ID} {
		for _, region := range regions {
			require.Equal(t, perRegion, initiated[[2]string{acct, region}], "account %s region %s", acct, region)
		}
	}
	total := 2 * len(regions) * perRegion
	require.Greater(t, statuses[bce.StatusActive], total*7/10)
	for _, st := range []string{bce.StatusConsulting, bce.StatusConsultFailed, bce.StatusDown, bce.StatusExpired, bce.StatusDeleting, bce.StatusUpdating} {
		require.Positive(t, statuses[st], "no %s connection among %v", st, statuses)
	}
	require.Positive(t, crossAccount)
	require.Positive(t, crossRegion)
	require.Positive(t, prepaid)
	require.Positive(t, tagged)

	// CIDRs: valid RFC 1918 blocks, mostly distinct, with some overlaps
	// besides the fixture default VPCs'.
	var prefixes []netip.Prefix
	for _, v := range vpcs {
		p := netip.MustParsePrefix(v.CIDR)
		require.True(t, p.Addr().IsPrivate(), v.CIDR)
		if v.IPv6CIDR != "" {
			ipv6++
			require.True(t, netip.MustParsePrefix(v.IPv6CIDR).Addr().Is6())
		}
		if v.Name != bce.FixtureVPCName(1) {
			prefixes = append(prefixes, p)
		}
	}
	overlapping := 0
	for i, p := range prefixes {
		for _, q := range prefixes[i+1:] {
			if p.Overlaps(q) {
				overlapping++
			}
		}
	}
	require.Positive(t, overlapping)
	require.Less(t, overlapping, len(prefixes)/5)
	require.Positive(t, ipv6)
}

// A generated account's list, walked through the SDK, is exactly the
// connections it has an end of in that region, each once, from its end.
func TestGenerateListsMatchTheWorld(t *testing.T) {
	w := newWorld(t, bce.Config{})
	require.NoError(t, w.svc.Generate(3, 150, []string{"bj", "gz"}))
	w.clock.Advance(time.Minute) // let generated transients settle
	for _, acct := range []bce.Account{acctA, acctB} {
		for _, region := range []string{"bj", "gz"} {
			var want []string
			for _, pc := range w.svc.PeerConns() {
				if pc.Initiator.AccountID == acct.ID && pc.Initiator.Region == region ||
					pc.Acceptor.AccountID == acct.ID && pc.Acceptor.Region == region {
					want = append(want, pc.ID)
				}
			}
			got := walk(t, w.client(t, acct, region), vpc.ListPeerConnsArgs{MaxKeys: 97})
			require.Equal(t, want, got, "account %s region %s", acct.ID, region)
		}
	}
	for _, pc := range w.svc.PeerConns() {
		require.NotContains(t, []string{bce.StatusDeleting, bce.StatusDeleted, bce.StatusUpdating, bce.StatusStarting}, pc.Status)
	}
}

// Seed inserts many connections for one account, listed once each.
func TestSeed(t *testing.T) {
	w := newWorld(t, bce.Config{})
	ids, err := w.svc.Seed(acctA.ID, "bj", 5000)
	require.NoError(t, err)
	require.Len(t, ids, 5000)
	require.True(t, slices.IsSorted(ids))
	require.Equal(t, ids, walk(t, w.client(t, acctA, "bj"), vpc.ListPeerConnsArgs{}))
	for _, pc := range w.svc.PeerConns() {
		require.Equal(t, bce.StatusActive, pc.Status)
	}

	more, err := w.svc.Seed(acctA.ID, "bj", 10)
	require.NoError(t, err)
	require.Len(t, w.svc.PeerConns(), 5010)
	require.Len(t, walk(t, w.client(t, acctA, "bj"), vpc.ListPeerConnsArgs{}), 5010)
	require.Empty(t, walk(t, w.client(t, acctB, "bj"), vpc.ListPeerConnsArgs{}))
	require.NotContains(t, ids, more[0])

	_, err = w.svc.Seed("nobody", "bj", 1)
	require.Error(t, err)
	_, err = w.svc.Seed(acctA.ID, "bj", -1)
	require.Error(t, err)
}

func TestGenerateRejects(t *testing.T) {
	svc := bce.New(bce.Config{})
	require.Error(t, svc.Generate(1, 1, regions), "no accounts")
	svc.AddAccount(acctA)
	require.Error(t, svc.Generate(1, -1, regions))
	require.Error(t, svc.Generate(1, 1, nil))
}

func BenchmarkGenerate(b *testing.B) {
	for range b.N {
		generated(b, 1, 5000)
	}
}

// BenchmarkListPage lists a full page of a 5000-connection account over
// loopback with the SDK.
func BenchmarkListPage(b *testing.B) {
	svc := bce.New(bce.Config{})
	svc.AddAccount(acctA)
	ids, err := svc.Seed(acctA.ID, "bj", 5000)
	require.NoError(b, err)
	srv := httptestServer(b, svc.Handler("bj"))
	c, err := vpc.NewClient(acctA.AccessKeyID, acctA.SecretAccessKey, srv)
	require.NoError(b, err)
	b.ResetTimer()
	for range b.N {
		page, err := c.ListPeerConn(&vpc.ListPeerConnsArgs{Marker: ids[2500]})
		if err != nil || len(page.PeerConns) != 1000 {
			b.Fatal(err)
		}
	}
}
