package aliyun_test

import (
	"fmt"
	"net/http/httptest"
	"net/netip"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpcpeer"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator/aliyun"
	"github.com/peeringkit/peering/emulator/clock"
	"github.com/peeringkit/peering/emulator/fault"
)

var (
	genVPCRegions = []string{hz, sh, "cn-beijing"}
	genENSRegions = []string{xian, dg}

	peerIDRe = regexp.MustCompile(`^pcc-[0-9a-z]{22}$`)
	ensIDRe  = regexp.MustCompile(`^pcc-[0-9a-z]{25}$`)
	vpcIDRe  = regexp.MustCompile(`^vpc-[0-9a-z]{21}$`)
	netIDRe  = regexp.MustCompile(`^n-[0-9a-z]{25}$`)
	nameRe   = regexp.MustCompile(`^[a-z][a-z0-9_-]{1,127}$`)
)

// generated returns a service with A and B and a generated estate.
func generated(t testing.TB, seed int64, perRegion int) *aliyun.Service {
	t.Helper()
	svc := aliyun.New(aliyun.Config{Clock: clock.New(), Faults: fault.New(1)})
	svc.AddAccount(acctA)
	svc.AddAccount(acctB)
	require.NoError(t, svc.Generate(seed, perRegion, genVPCRegions, genENSRegions))
	return svc
}

func TestGenerateDeterministic(t *testing.T) {
	a, b := generated(t, 7, 200), generated(t, 7, 200)
	require.Equal(t, a.VPCs(), b.VPCs())
	require.Equal(t, a.Networks(), b.Networks())
	require.Equal(t, a.VpcPeerConnections(), b.VpcPeerConnections())
	require.Equal(t, a.NetworkPeerConnections(), b.NetworkPeerConnections())

	c := generated(t, 8, 200)
	require.NotEqual(t, a.VpcPeerConnections()[0].InstanceID, c.VpcPeerConnections()[0].InstanceID)
	require.NotEqual(t, a.VPCs()[0].ID, c.VPCs()[0].ID)
}

// TestGenerateFixtures: three clean VPCs and networks per account and
// region, with or without connections.
func TestGenerateFixtures(t *testing.T) {
	for _, perRegion := range []int{0, 40} {
		t.Run(fmt.Sprint(perRegion), func(t *testing.T) {
			svc := generated(t, 1, perRegion)
			used := map[string]bool{}
			for _, c := range svc.VpcPeerConnections() {
				used[c.VpcID], used[c.AcceptingVpcID] = true, true
			}
			for _, c := range svc.NetworkPeerConnections() {
				used[c.NetworkID], used[c.AcceptingNetworkID] = true, true
			}
			vpcs := map[string][]aliyun.VPC{}
			for _, v := range svc.VPCs() {
				k := fmt.Sprint(v.OwnerUID, v.RegionID)
				vpcs[k] = append(vpcs[k], v)
			}
			nets := map[string][]aliyun.Network{}
			for _, n := range svc.Networks() {
				k := fmt.Sprint(n.OwnerUID, n.EnsRegionID)
				nets[k] = append(nets[k], n)
			}
			var fixtureCIDRs []string
			for _, uid := range []int64{acctA.UID, acctB.UID} {
				for _, r := range genVPCRegions {
					list := vpcs[fmt.Sprint(uid, r)]
					require.GreaterOrEqual(t, len(list), 3)
					if perRegion == 0 {
						require.Len(t, list, 3)
					}
					for _, v := range list[:3] {
						require.False(t, used[v.ID], "fixture %s has a generated connection", v.ID)
						fixtureCIDRs = append(fixtureCIDRs, v.IPv4CIDRs...)
					}
					require.NotEmpty(t, list[2].IPv6CIDRs, "the third fixture VPC has IPv6")
				}
				for _, r := range genENSRegions {
					list := nets[fmt.Sprint(uid, r)]
					require.GreaterOrEqual(t, len(list), 3)
					for _, n := range list[:3] {
						require.False(t, used[n.ID], "fixture %s has a generated connection", n.ID)
					}
				}
			}
			requireDisjoint(t, fixtureCIDRs)
			if perRegion == 0 {
				require.Empty(t, svc.VpcPeerConnections())
				require.Empty(t, svc.NetworkPeerConnections())
			}
		})
	}
}

func requireDisjoint(t *testing.T, cidrs []string) {
	t.Helper()
	for i, a := range cidrs {
		pa := netip.MustParsePrefix(a)
		for _, b := range cidrs[i+1:] {
			require.False(t, pa.Overlaps(netip.MustParsePrefix(b)), "%s overlaps %s", a, b)
		}
	}
}

// TestGenerateEstate: counts, ID shapes, the status mix and the value rules
// hold over a generated estate.
func TestGenerateEstate(t *testing.T) {
	const perRegion = 600
	svc := generated(t, 3, perRegion)
	peers := svc.VpcPeerConnections()
	require.Len(t, peers, perRegion*2*len(genVPCRegions))

	perOwnerRegion := map[string]int{}
	statuses := map[string]int{}
	var cross, crossRegion, locked, platinum int
	for _, c := range peers {
		perOwnerRegion[fmt.Sprint(c.OwnerUID, c.RegionID)]++
		statuses[c.Status]++
		require.True(t, peerIDRe.MatchString(c.InstanceID), c.InstanceID)
		require.True(t, vpcIDRe.MatchString(c.VpcID), c.VpcID)
		require.Contains(t, []int64{acctA.UID, acctB.UID}, c.OwnerUID)
		require.Contains(t, []int64{acctA.UID, acctB.UID}, c.AcceptingOwnerUID)
		if c.OwnerUID != c.AcceptingOwnerUID {
			cross++
		} else {
			require.NotContains(t, []string{"Accepting", "Rejected", "Expired"}, c.Status, "same-account connections need no answer")
		}
		if c.RegionID != c.AcceptingRegionID {
			crossRegion++
			require.Positive(t, c.Bandwidth)
		} else {
			require.Equal(t, -1, c.Bandwidth)
			require.Equal(t, "Gold", c.LinkType)
		}
		if c.LinkType == "Platinum" {
			platinum++
		}
		if c.BizStatus == "FinancialLocked" {
			locked++
		}
		require.Equal(t, c.Status == "Accepting" || c.Status == "Expired", !c.ExpiresAt.IsZero(), "%s %s", c.InstanceID, c.Status)
		require.False(t, c.ModifiedAt.Before(c.CreatedAt))
		require.LessOrEqual(t, len(c.Tags), 20)
		keys := map[string]bool{}
		for _, tag := range c.Tags {
			require.False(t, keys[tag.Key], "duplicate tag key")
			keys[tag.Key] = true
		}
		if c.Name != "" {
			require.True(t, nameRe.MatchString(c.Name), c.Name)
		}
	}
	for k, n := range perOwnerRegion {
		require.Equal(t, perRegion, n, k)
	}
	for _, st := range []string{"Activated", "Accepting", "Rejected", "Expired", "Creating", "Updating", "Deleting"} {
		require.Positive(t, statuses[st], "no %s connection", st)
	}
	require.Greater(t, statuses["Activated"], len(peers)/2, "mostly Activated")
	require.Positive(t, cross)
	require.Positive(t, crossRegion)
	require.Positive(t, locked)
	require.Positive(t, platinum)
	requireOnePeerPerPair(t, peers)

	enses := svc.NetworkPeerConnections()
	require.Len(t, enses, perRegion*2*len(genENSRegions))
	pairs := map[string]bool{}
	for _, c := range enses {
		require.True(t, ensIDRe.MatchString(c.InstanceID), c.InstanceID)
		require.True(t, netIDRe.MatchString(c.NetworkID), c.NetworkID)
		require.NotEqual(t, c.NetworkID, c.AcceptingNetworkID)
		a, b := c.NetworkID, c.AcceptingNetworkID
		if b < a {
			a, b = b, a
		}
		require.False(t, pairs[a+b], "pair used twice")
		pairs[a+b] = true
		require.Contains(t, []string{"Activated", "Creating", "Deleting"}, c.Status)
	}

	overlap, ipv6 := false, 0
	var all []netip.Prefix
	for _, v := range svc.VPCs() {
		if len(v.IPv6CIDRs) > 0 {
			ipv6++
		}
		for _, c := range v.IPv4CIDRs {
			p := netip.MustParsePrefix(c)
			for _, q := range all {
				overlap = overlap || p.Overlaps(q)
			}
			all = append(all, p)
		}
	}
	require.True(t, overlap, "a few deliberate overlaps")
	require.Positive(t, ipv6)
}

// TestGenerateOnePeerPerVPCPair: however many connections a pool of VPCs
// must take, no two that hold a VPC pair join the same one, and the pools
// grow with the count; a create through the API on a generated pair would
// otherwise be refused for a reason no test meant.
func TestGenerateOnePeerPerVPCPair(t *testing.T) {
	for _, c := range []struct {
		seed      int64
		perRegion int
	}{{1, 1}, {1, 3}, {2, 3}, {4, 40}, {5, 150}} {
		t.Run(fmt.Sprint(c.seed, "/", c.perRegion), func(t *testing.T) {
			svc := generated(t, c.seed, c.perRegion)
			peers := svc.VpcPeerConnections()
			require.Len(t, peers, c.perRegion*2*len(genVPCRegions))
			requireOnePeerPerPair(t, peers)
		})
	}
}

// requireOnePeerPerPair asserts VpcPeer's rule over a world: at most one
// connection holds each unordered VPC pair, Rejected, Expired and Deleted
// ones holding none.
func requireOnePeerPerPair(t *testing.T, peers []aliyun.VpcPeerConnection) {
	t.Helper()
	holder := map[[2]string]string{}
	for _, c := range peers {
		if c.Status == "Rejected" || c.Status == "Expired" || c.Status == "Deleted" {
			continue
		}
		k := [2]string{c.VpcID, c.AcceptingVpcID}
		if k[1] < k[0] {
			k[0], k[1] = k[1], k[0]
		}
		require.Empty(t, holder[k], "%s and %s both hold %s", holder[k], c.InstanceID, k)
		holder[k] = c.InstanceID
	}
}

// TestGeneratedListsMatchTheWorld walks a generated estate through the SDK
// and ENS's CommonRequest for both accounts: each API shows exactly the
// connections the world says the caller sees.
func TestGeneratedListsMatchTheWorld(t *testing.T) {
	svc := generated(t, 5, 300)
	srv := httptest.NewServer(svc.Handler())
	defer srv.Close()
	e := &env{svc: svc, srv: srv, host: strings.TrimPrefix(srv.URL, "http://")}
	world := svc.VpcPeerConnections()
	for _, acct := range []aliyun.Account{acctA, acctB} {
		for _, region := range genVPCRegions {
			var want []string
			for _, c := range world {
				if c.OwnerUID == acct.UID && c.RegionID == region || c.AcceptingOwnerUID == acct.UID && c.AcceptingRegionID == region {
					want = append(want, c.InstanceID)
				}
			}
			got, _ := walk(t, e.vpcClient(t, acct, region), 100, len(want))
			require.Equal(t, want, got, "%d in %s", acct.UID, region)
		}
		var want []string
		for _, c := range svc.NetworkPeerConnections() {
			if c.OwnerUID == acct.UID {
				want = append(want, c.InstanceID)
			}
		}
		var got []string
		c := e.sdkClient(t, acct)
		for page := 1; ; page++ {
			out, err := e.ens(t, c, "DescribeNetworkPeerConnections", map[string]string{"PageNumber": fmt.Sprint(page), "PageSize": "100"})
			require.NoError(t, err)
			require.Equal(t, fmt.Sprint(len(want)), out["TotalCount"])
			got = append(got, ids(out["NetworkPeerConnects"])...)
			if page*100 >= len(want) {
				break
			}
		}
		require.Equal(t, want, got)
	}
}

func TestGenerateErrors(t *testing.T) {
	svc := aliyun.New(aliyun.Config{Clock: clock.New(), Faults: fault.New(1)})
	require.Error(t, svc.Generate(1, 1, genVPCRegions, genENSRegions), "no accounts")
	svc.AddAccount(acctA)
	require.Error(t, svc.Generate(1, -1, genVPCRegions, genENSRegions))
}

// TestConcurrentRequests: many clients at once; the race detector and the
// final count judge.
func TestConcurrentRequests(t *testing.T) {
	e := newEnv(t)
	const workers, each = 6, 10
	// Every create needs a VPC pair of its own: make the accepting VPCs
	// (all A's) up front, outside the workers' goroutines.
	accepting := make([][]string, workers)
	for w := range accepting {
		for range each {
			accepting[w] = append(accepting[w], e.addVPC(t, acctA.UID, hz))
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, workers*each*2)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			acct := []aliyun.Account{acctA, acctB}[w%2]
			c, err := vpcpeer.NewClientWithAccessKey(hz, acct.AccessKeyID, acct.AccessKeySecret)
			if err != nil {
				errs <- err
				return
			}
			c.Domain = e.host
			vpc := vpcA1
			if acct == acctB {
				vpc = vpcB1
			}
			for _, acc := range accepting[w] {
				req := vpcpeer.CreateCreateVpcPeerConnectionRequest()
				req.VpcId, req.AcceptingRegionId, req.AcceptingVpcId = vpc, hz, acc
				req.AcceptingAliUid = requests.NewInteger64(acctA.UID)
				if _, err := c.CreateVpcPeerConnection(req); err != nil {
					errs <- err
				}
				if _, err := c.ListVpcPeerConnections(vpcpeer.CreateListVpcPeerConnectionsRequest()); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	require.Len(t, e.svc.VpcPeerConnections(), workers*each)
}

// BenchmarkGenerate is the generator's cost for 5000 connections per account
// and region (two accounts, three VPC regions, two ENS nodes).
func BenchmarkGenerate(b *testing.B) {
	for range b.N {
		generated(b, 1, 5000)
	}
}

// BenchmarkListPage is one 100-item page deep in a large estate, served over
// loopback: it must not grow with the offset.
func BenchmarkListPage(b *testing.B) {
	svc := generated(b, 1, 20000)
	srv := httptest.NewServer(svc.Handler())
	defer srv.Close()
	c, err := vpcpeer.NewClientWithAccessKey(hz, acctA.AccessKeyID, acctA.AccessKeySecret)
	require.NoError(b, err)
	c.Domain = strings.TrimPrefix(srv.URL, "http://")
	req := vpcpeer.CreateListVpcPeerConnectionsRequest()
	req.MaxResults = requests.NewInteger(100)
	var tokens []string
	for {
		resp, err := c.ListVpcPeerConnections(req)
		require.NoError(b, err)
		if resp.NextToken == "" {
			break
		}
		tokens = append(tokens, resp.NextToken)
		req.NextToken = resp.NextToken
	}
	b.ResetTimer()
	for i := range b.N {
		req.NextToken = tokens[len(tokens)-1-i%10] // the last pages
		if _, err := c.ListVpcPeerConnections(req); err != nil {
			b.Fatal(err)
		}
	}
}
