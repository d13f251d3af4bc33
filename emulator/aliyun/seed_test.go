package aliyun_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSeedVpcPeer: seeded connections are Activated, the account's at both
// ends in the region, and a paged walk of the API lists each exactly once.
func TestSeedVpcPeer(t *testing.T) {
	e := newEnv(t)
	ids, err := e.svc.SeedVpcPeer(acctA.UID, hz, 150)
	require.NoError(t, err)
	require.Len(t, ids, 150)
	require.IsIncreasing(t, ids)

	world := e.svc.VpcPeerConnections()
	require.Len(t, world, 150)
	for _, c := range world {
		require.Equal(t, "Activated", c.Status, c.InstanceID)
		require.Equal(t, acctA.UID, c.OwnerUID)
		require.Equal(t, acctA.UID, c.AcceptingOwnerUID)
		require.Equal(t, hz, c.RegionID)
		require.Equal(t, hz, c.AcceptingRegionID)
		require.NotEqual(t, c.VpcID, c.AcceptingVpcID)
	}

	listed, pages := walk(t, e.vpcClient(t, acctA, hz), 100, 150)
	require.Equal(t, 2, pages)
	require.Equal(t, ids, listed, "each seeded connection once, in ID order")

	more, err := e.svc.SeedVpcPeer(acctA.UID, hz, 3)
	require.NoError(t, err)
	require.Len(t, more, 3)
	require.Len(t, e.svc.VpcPeerConnections(), 153, "a second call adds to the first")
}

// TestSeedENS: seeded connections are Activated, each on a network pair of
// its own, and the API's pages list each exactly once.
func TestSeedENS(t *testing.T) {
	e := newEnv(t)
	seeded, err := e.svc.SeedENS(acctA.UID, xian, 25)
	require.NoError(t, err)
	require.Len(t, seeded, 25)

	pairs := map[[2]string]bool{}
	for _, c := range e.svc.NetworkPeerConnections() {
		require.Equal(t, "Activated", c.Status, c.InstanceID)
		require.Equal(t, xian, c.EnsRegionID)
		require.Equal(t, acctA.UID, c.OwnerUID)
		p := [2]string{min(c.NetworkID, c.AcceptingNetworkID), max(c.NetworkID, c.AcceptingNetworkID)}
		require.False(t, pairs[p], "pair %v twice", p)
		pairs[p] = true
	}
	require.Len(t, pairs, 25)

	c := e.sdkClient(t, acctA)
	var got []string
	for page := 1; page <= 3; page++ {
		out, err := e.ens(t, c, "DescribeNetworkPeerConnections", map[string]string{"PageNumber": fmt.Sprint(page), "PageSize": "10"})
		require.NoError(t, err)
		require.Equal(t, "25", out["TotalCount"])
		got = append(got, ids(out["NetworkPeerConnects"])...)
	}
	require.ElementsMatch(t, seeded, got)
}

func TestSeedRejects(t *testing.T) {
	e := newEnv(t)
	_, err := e.svc.SeedVpcPeer(acctA.UID, hz, -1)
	require.ErrorContains(t, err, "negative")
	_, err = e.svc.SeedVpcPeer(acctA.UID, "", 1)
	require.ErrorContains(t, err, "no region")
	_, err = e.svc.SeedVpcPeer(42, hz, 1)
	require.ErrorContains(t, err, "no account 42")
	_, err = e.svc.SeedENS(acctA.UID, xian, -1)
	require.ErrorContains(t, err, "negative")
	_, err = e.svc.SeedENS(42, xian, 1)
	require.ErrorContains(t, err, "no account 42")
	vpcs, nets := len(e.svc.VPCs()), len(e.svc.Networks())
	ids, err := e.svc.SeedVpcPeer(acctA.UID, hz, 0)
	require.NoError(t, err)
	require.Empty(t, ids)
	ids, err = e.svc.SeedENS(acctA.UID, xian, 0)
	require.NoError(t, err)
	require.Empty(t, ids)
	require.Len(t, e.svc.VPCs(), vpcs, "seeding nothing makes no VPC")
	require.Len(t, e.svc.Networks(), nets, "seeding nothing makes no network")
	require.Empty(t, e.svc.VpcPeerConnections())
	require.Empty(t, e.svc.NetworkPeerConnections())
}
