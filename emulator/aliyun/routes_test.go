package aliyun_test

import (
	"fmt"
	"net/netip"
	"slices"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ens"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpcpeer"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator/aliyun"
)

// vpcRoutes is the official typed VPC 2016-04-28 client for an account.
func (e *env) vpcRoutes(t *testing.T, a aliyun.Account, region string) *vpc.Client {
	t.Helper()
	c, err := vpc.NewClientWithAccessKey(region, a.AccessKeyID, a.AccessKeySecret)
	require.NoError(t, err)
	c.Domain = e.host
	return c
}

// ensClient is the official typed ENS client, which has the route calls.
func (e *env) ensClient(t *testing.T, a aliyun.Account) *ens.Client {
	t.Helper()
	c, err := ens.NewClientWithAccessKey("cn-hangzhou", a.AccessKeyID, a.AccessKeySecret)
	require.NoError(t, err)
	c.Domain = e.host
	return c
}

// systemTable returns a VPC's only route table, through the SDK.
func systemTable(t *testing.T, c *vpc.Client, region, vpcID string) vpc.RouterTableListType {
	t.Helper()
	req := vpc.CreateDescribeRouteTableListRequest()
	req.RegionId, req.VpcId = region, vpcID
	resp, err := c.DescribeRouteTableList(req)
	require.NoError(t, err)
	require.Equal(t, 1, resp.TotalCount)
	require.Len(t, resp.RouterTableList.RouterTableListType, 1)
	return resp.RouterTableList.RouterTableListType[0]
}

// entries walks a table's routes with NextToken, as a client does.
func entries(t *testing.T, c *vpc.Client, region, table string, size int) []vpc.RouteEntry {
	t.Helper()
	var out []vpc.RouteEntry
	token := ""
	for range 1000 {
		req := vpc.CreateDescribeRouteEntryListRequest()
		req.RegionId, req.RouteTableId, req.NextToken = region, table, token
		if size > 0 {
			req.MaxResult = requests.NewInteger(size)
		}
		resp, err := c.DescribeRouteEntryList(req)
		require.NoError(t, err)
		if size > 0 {
			require.LessOrEqual(t, len(resp.RouteEntrys.RouteEntry), size)
		}
		out = append(out, resp.RouteEntrys.RouteEntry...)
		if resp.NextToken == "" {
			return out
		}
		token = resp.NextToken
	}
	t.Fatal("the walk did not end")
	return nil
}

func createRoute(c *vpc.Client, table, dest, hopType, hopID string) (*vpc.CreateRouteEntryResponse, error) {
	req := vpc.CreateCreateRouteEntryRequest()
	req.RouteTableId, req.DestinationCidrBlock, req.NextHopType, req.NextHopId = table, dest, hopType, hopID
	return c.CreateRouteEntry(req)
}

// activePeer makes an Activated same-account connection between two VPCs.
func (e *env) activePeer(t *testing.T, a, b string) string {
	t.Helper()
	id := e.createPeer(t, e.vpcClient(t, acctA, hz), a, hz, b, acctA.UID, nil)
	e.clock.Advance(step)
	return id
}

// TestVPCSystemRouteTables: every VPC has its system table, with a system
// route per block, as the SDK decodes them.
func TestVPCSystemRouteTables(t *testing.T) {
	e := newEnv(t)
	c := e.vpcRoutes(t, acctA, hz)
	tbl := systemTable(t, c, hz, vpcA1)
	require.Regexp(t, `^vtb-[0-9a-z]{21}$`, tbl.RouteTableId)
	require.Regexp(t, `^vrt-[0-9a-z]{21}$`, tbl.RouterId)
	require.Equal(t, "System", tbl.RouteTableType)
	require.Equal(t, vpcA1, tbl.VpcId)
	require.Equal(t, acctA.UID, tbl.OwnerId)
	require.Equal(t, "VRouter", tbl.RouterType)
	got := entries(t, c, hz, tbl.RouteTableId, 0)
	require.Len(t, got, 2)
	for i, dest := range []string{"10.1.0.0/16", "2408:4000:3c5:6e00::/56"} {
		require.Equal(t, dest, got[i].DestinationCidrBlock)
		require.Equal(t, "System", got[i].Type)
		require.Equal(t, "Available", got[i].Status)
		require.Equal(t, "local", got[i].NextHops.NextHop[0].NextHopType)
	}
	require.Equal(t, "IPv6", got[1].IpVersion)

	// Another account's VPC, or this VPC from another region, has no table
	// for the caller; RegionId is required.
	for _, q := range []struct{ region, vpc string }{{hz, vpcB1}, {sh, vpcA1}} {
		req := vpc.CreateDescribeRouteTableListRequest()
		req.RegionId, req.VpcId = q.region, q.vpc
		resp, err := c.DescribeRouteTableList(req)
		require.NoError(t, err)
		require.Zero(t, resp.TotalCount, "%+v", q)
	}
	r := e.do(t, credsOf(acctA), rawCall{version: "2016-04-28", action: "DescribeRouteTableList"})
	require.Equal(t, "MissingParameter", r.code())
}

// TestVPCRouteTablePages: PageNumber and PageSize, at most 50.
func TestVPCRouteTablePages(t *testing.T) {
	e := newEnv(t)
	for range 4 {
		e.addVPC(t, acctA.UID, hz)
	}
	c := e.vpcRoutes(t, acctA, hz)
	var ids []string
	for number := 1; ; number++ {
		req := vpc.CreateDescribeRouteTableListRequest()
		req.RegionId, req.PageNumber, req.PageSize = hz, requests.NewInteger(number), requests.NewInteger(2)
		resp, err := c.DescribeRouteTableList(req)
		require.NoError(t, err)
		require.Equal(t, 6, resp.TotalCount, "A's two fixture VPCs in Hangzhou and four more")
		for _, tb := range resp.RouterTableList.RouterTableListType {
			ids = append(ids, tb.RouteTableId)
		}
		if number*2 >= resp.TotalCount {
			break
		}
	}
	require.Len(t, ids, 6)
	require.Len(t, slices.Compact(slices.Sorted(slices.Values(ids))), 6)
	for _, size := range []string{"0", "51", "x"} {
		req := vpc.CreateDescribeRouteTableListRequest()
		req.RegionId = hz
		req.QueryParams["PageSize"] = size
		_, err := c.DescribeRouteTableList(req)
		require.Equal(t, "IllegalParam.PageSize", serverCode(t, err), size)
	}
	req := vpc.CreateDescribeRouteTableListRequest()
	req.RegionId, req.PageSize, req.RouteTableType = hz, requests.NewInteger(50), "Custom"
	resp, err := c.DescribeRouteTableList(req)
	require.NoError(t, err)
	require.Zero(t, resp.TotalCount, "no custom tables")
}

// TestCreateRouteEntryRules: a route through an active VpcPeer connection
// of the table's VPC; the documented refusals.
func TestCreateRouteEntryRules(t *testing.T) {
	e := newEnv(t)
	c := e.vpcRoutes(t, acctA, hz)
	peer := e.activePeer(t, vpcA1, vpcA2)
	pending := e.createPeer(t, e.vpcClient(t, acctA, hz), vpcA1, hz, vpcB1, acctB.UID, nil) // Creating, then Accepting
	tbl := systemTable(t, c, hz, vpcA1).RouteTableId
	other := systemTable(t, e.vpcRoutes(t, acctB, hz), hz, vpcB1).RouteTableId

	resp, err := createRoute(c, tbl, "10.2.0.0/16", "VpcPeer", peer)
	require.NoError(t, err)
	require.Regexp(t, `^rte-[0-9a-z]{21}$`, resp.RouteEntryId)

	for _, tc := range []struct {
		name, table, dest, hopType, hopID, code string
	}{
		{"the destination repeats", tbl, "10.2.0.0/16", "VpcPeer", peer, "InvalidCIDRBlock.Duplicate"},
		{"the system route's destination", tbl, "10.1.0.0/16", "VpcPeer", peer, "InvalidCIDRBlock.Duplicate"},
		{"not a CIDR", tbl, "10.2.0.0/33", "VpcPeer", peer, "InvalidCidrBlock.Malformed"},
		{"inside the cloud service block", tbl, "100.64.1.0/24", "VpcPeer", peer, "InvalidCidrBlock"},
		{"an unknown connection", tbl, "10.8.0.0/16", "VpcPeer", "pcc-0000000000000000000000", "ResourceNotFound.VpcPeer"},
		{"a connection not yet active", tbl, "192.168.0.0/16", "VpcPeer", pending, "IncorrectStatus.VpcPeer"},
		{"another account's table", other, "10.8.0.0/16", "VpcPeer", peer, "InvalidRouteTableId.NotFound"},
		{"a next hop the emulator lacks", tbl, "10.8.0.0/16", "Instance", "i-bp1aaaaaaaaaaaaaaaaaa", "InvalidNextHop.NotFound"},
		{"an unknown next hop type", tbl, "10.8.0.0/16", "Teleporter", "x", "InvalidNextHopType"},
		{"no next hop", tbl, "10.8.0.0/16", "VpcPeer", "", "MissingParameter"},
		{"no table", "", "10.8.0.0/16", "VpcPeer", peer, "MissingParameter"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := createRoute(c, tc.table, tc.dest, tc.hopType, tc.hopID)
			require.Equal(t, tc.code, serverCode(t, err))
		})
	}
	// A route through the connection from the far side's table; a bare
	// address is a host route.
	far := systemTable(t, c, hz, vpcA2).RouteTableId
	_, err = createRoute(c, far, "10.1.2.3", "VpcPeer", peer)
	require.NoError(t, err)
	got := entries(t, c, hz, far, 0)
	require.Equal(t, "10.1.2.3/32", got[len(got)-1].DestinationCidrBlock)
	require.Equal(t, "Custom", got[len(got)-1].Type)
	require.Equal(t, peer, got[len(got)-1].NextHops.NextHop[0].NextHopId)
	require.Equal(t, "VpcPeer", got[len(got)-1].NextHops.NextHop[0].NextHopType)

	// DryRun validates and creates nothing; a ClientToken replays.
	req := vpc.CreateCreateRouteEntryRequest()
	req.RouteTableId, req.DestinationCidrBlock, req.NextHopType, req.NextHopId = tbl, "10.9.0.0/16", "VpcPeer", peer
	req.QueryParams["DryRun"] = "true"
	_, err = c.CreateRouteEntry(req)
	require.Equal(t, "DryRunOperation", serverCode(t, err))
	require.Len(t, entries(t, c, hz, tbl, 0), 3)
	req = vpc.CreateCreateRouteEntryRequest()
	req.RouteTableId, req.DestinationCidrBlock, req.NextHopType, req.NextHopId = tbl, "10.9.0.0/16", "VpcPeer", peer
	req.ClientToken, req.RouteEntryName, req.Description = "token-1", "to-db", "Route to the db VPC"
	first, err := c.CreateRouteEntry(req)
	require.NoError(t, err)
	req.ClientToken = "token-1"
	again, err := c.CreateRouteEntry(req)
	require.NoError(t, err, "the same token replays, not a duplicate")
	require.Equal(t, first.RouteEntryId, again.RouteEntryId)
	last := entries(t, c, hz, tbl, 0)[3]
	require.Equal(t, "to-db", last.RouteEntryName)
	require.Equal(t, "Route to the db VPC", last.Description)
}

// TestDeleteRouteEntryRules: by ID or by table and destination; a system
// route stays.
func TestDeleteRouteEntryRules(t *testing.T) {
	e := newEnv(t)
	c := e.vpcRoutes(t, acctA, hz)
	peer := e.activePeer(t, vpcA1, vpcA2)
	tbl := systemTable(t, c, hz, vpcA1).RouteTableId
	byID, err := createRoute(c, tbl, "10.2.0.0/17", "VpcPeer", peer)
	require.NoError(t, err)
	_, err = createRoute(c, tbl, "10.2.128.0/17", "VpcPeer", peer)
	require.NoError(t, err)
	system := entries(t, c, hz, tbl, 0)[0].RouteEntryId

	del := func(kv ...string) error {
		req := vpc.CreateDeleteRouteEntryRequest()
		for i := 0; i < len(kv); i += 2 {
			req.QueryParams[kv[i]] = kv[i+1]
		}
		_, err := c.DeleteRouteEntry(req)
		return err
	}
	require.Equal(t, "OperationDenied", serverCode(t, del("RouteEntryId", system)))
	require.Equal(t, "ParamExclusive.RouteEntryIdAndRouteTableIdOrDestCidrBlock",
		serverCode(t, del("RouteEntryId", byID.RouteEntryId, "RouteTableId", tbl)))
	require.Equal(t, "MissingParameter", serverCode(t, del("RouteTableId", tbl)))
	require.NoError(t, del("RouteEntryId", byID.RouteEntryId))
	require.Equal(t, "InvalidRouteEntryId.NotFound", serverCode(t, del("RouteEntryId", byID.RouteEntryId)), "gone")
	require.Equal(t, "InvalidRouteEntry.NotFound",
		serverCode(t, del("RouteTableId", tbl, "DestinationCidrBlock", "10.2.128.0/17", "NextHopId", "pcc-other")))
	require.NoError(t, del("RouteTableId", tbl, "DestinationCidrBlock", "10.2.128.0/17", "NextHopId", peer))
	require.Len(t, entries(t, c, hz, tbl, 0), 2, "the system routes are left")
}

// TestRouteEntryPages: MaxResult 1 to 100, default 10; NextToken bound to
// the query; filters.
func TestRouteEntryPages(t *testing.T) {
	e := newEnv(t)
	c := e.vpcRoutes(t, acctA, hz)
	peer := e.activePeer(t, vpcA1, vpcA2)
	tbl := systemTable(t, c, hz, vpcA1).RouteTableId
	for i := range 23 {
		_, err := createRoute(c, tbl, fmt.Sprintf("172.20.%d.0/24", i), "VpcPeer", peer)
		require.NoError(t, err)
	}
	all := entries(t, c, hz, tbl, 0)
	require.Len(t, all, 25)
	for _, size := range []int{1, 7, 25, 100} {
		require.Equal(t, all, entries(t, c, hz, tbl, size), "MaxResult %d", size)
	}
	req := vpc.CreateDescribeRouteEntryListRequest()
	req.RegionId, req.RouteTableId = hz, tbl
	first, err := c.DescribeRouteEntryList(req)
	require.NoError(t, err)
	require.Len(t, first.RouteEntrys.RouteEntry, 10, "the default page")

	for _, tc := range []struct{ key, value, code string }{
		{"MaxResult", "0", "IllegalParam.MaxResult"},
		{"MaxResult", "101", "IllegalParam.MaxResult"},
		{"NextToken", "forged", "IllegalParam.NextToken"},
		{"IpVersion", "IPv5", "IllegalParam.IpVersion"},
		{"RouteEntryType", "Magic", "IllegalParam.RouteEntryType"},
		{"RouteTableId", "vtb-bp1nosuchtable000000", "InvalidRouteTable.NotFound"},
	} {
		req := vpc.CreateDescribeRouteEntryListRequest()
		req.RegionId, req.RouteTableId = hz, tbl
		if tc.key == "RouteTableId" {
			req.RouteTableId = tc.value // the typed field wins over QueryParams
		}
		req.QueryParams[tc.key] = tc.value
		_, err := c.DescribeRouteEntryList(req)
		require.Equal(t, tc.code, serverCode(t, err), "%s=%s", tc.key, tc.value)
	}
	// A token made for one query is refused for another.
	req = vpc.CreateDescribeRouteEntryListRequest()
	req.RegionId, req.RouteTableId, req.RouteEntryType, req.NextToken = hz, tbl, "Custom", first.NextToken
	_, err = c.DescribeRouteEntryList(req)
	require.Equal(t, "IllegalParam.NextToken", serverCode(t, err))

	req = vpc.CreateDescribeRouteEntryListRequest()
	req.RegionId, req.RouteTableId, req.RouteEntryType, req.MaxResult = hz, tbl, "System", requests.NewInteger(100)
	sys, err := c.DescribeRouteEntryList(req)
	require.NoError(t, err)
	require.Len(t, sys.RouteEntrys.RouteEntry, 2)
	req = vpc.CreateDescribeRouteEntryListRequest()
	req.RegionId, req.RouteTableId, req.DestinationCidrBlock = hz, tbl, "172.20.5.0/24"
	one, err := c.DescribeRouteEntryList(req)
	require.NoError(t, err)
	require.Len(t, one.RouteEntrys.RouteEntry, 1)
}

// TestDeleteVpcPeerWithRoutes: routes through a connection refuse its
// delete with OperationDenied.RouteEntryExist, on either side; Force
// deletes it and the routes with it.
func TestDeleteVpcPeerWithRoutes(t *testing.T) {
	e := newEnv(t)
	c := e.vpcRoutes(t, acctA, hz)
	peering := e.vpcClient(t, acctA, hz)
	peer := e.activePeer(t, vpcA1, vpcA2)
	near, far := systemTable(t, c, hz, vpcA1).RouteTableId, systemTable(t, c, hz, vpcA2).RouteTableId
	_, err := createRoute(c, near, "10.2.0.0/16", "VpcPeer", peer)
	require.NoError(t, err)
	_, err = createRoute(c, far, "10.1.0.0/16", "VpcPeer", peer)
	require.NoError(t, err)

	del := func(force bool) error {
		req := vpcpeer.CreateDeleteVpcPeerConnectionRequest()
		req.InstanceId = peer
		if force {
			req.Force = requests.NewBoolean(true)
		}
		_, err := peering.DeleteVpcPeerConnection(req)
		return err
	}
	require.Equal(t, "OperationDenied.RouteEntryExist", serverCode(t, del(false)))
	e.mustStatus(t, peering, peer, "Activated")
	// Removing the routes of one side is not enough.
	req := vpc.CreateDeleteRouteEntryRequest()
	req.RouteTableId, req.DestinationCidrBlock = near, "10.2.0.0/16"
	_, err = c.DeleteRouteEntry(req)
	require.NoError(t, err)
	require.Equal(t, "OperationDenied.RouteEntryExist", serverCode(t, del(false)))

	require.NoError(t, del(true))
	e.mustStatus(t, peering, peer, "Deleting")
	require.Len(t, entries(t, c, hz, far, 0), 1, "Force removed the route through the connection")
}

// TestENSRoutes: every network has a route table (DescribeEnsRouteTables
// with NetworkId); routes through a network peer connection
// (NextHopType NetworkPeer), with the typed ENS client as judge.
func TestENSRoutes(t *testing.T) {
	e := newEnv(t)
	c := e.ensClient(t, acctA)
	sdkc := e.sdkClient(t, acctA)
	created, err := e.ens(t, sdkc, "CreateNetworkPeerConnection", map[string]string{"NetworkId": netA1, "AcceptingNetworkId": netA2})
	require.NoError(t, err)
	conn := created["InstanceId"].(string)
	e.clock.Advance(step)

	treq := ens.CreateDescribeEnsRouteTablesRequest()
	treq.NetworkId = netA1
	tables, err := c.DescribeEnsRouteTables(treq)
	require.NoError(t, err)
	require.Equal(t, 1, tables.TotalCount)
	tbl := tables.RouteTables[0]
	require.Equal(t, netA1, tbl.NetworkId)
	require.Equal(t, xian, tbl.EnsRegionId)
	require.Equal(t, "Available", tbl.Status)

	list := func(kv ...string) []ens.RouteEntry {
		req := ens.CreateDescribeEnsRouteEntryListRequest()
		req.RouteTableId = tbl.RouteTableId
		for i := 0; i < len(kv); i += 2 {
			req.QueryParams[kv[i]] = kv[i+1]
		}
		resp, err := c.DescribeEnsRouteEntryList(req)
		require.NoError(t, err)
		require.Equal(t, len(resp.RouteEntrys), resp.TotalCount)
		return resp.RouteEntrys
	}
	sys := list()
	require.Len(t, sys, 1)
	require.Equal(t, "System", sys[0].Type)
	require.Equal(t, "10.0.0.0/8", sys[0].DestinationCidrBlock)

	create := func(dest, hopType, hop string) (*ens.CreateEnsRouteEntryResponse, error) {
		req := ens.CreateCreateEnsRouteEntryRequest()
		req.RouteTableId, req.DestinationCidrBlock, req.NextHopType, req.NextHopId = tbl.RouteTableId, dest, hopType, hop
		req.RouteEntryName = "to-a2"
		return c.CreateEnsRouteEntry(req)
	}
	resp, err := create("192.168.0.0/16", "NetworkPeer", conn)
	require.NoError(t, err)
	got := list("RouteEntryType", "Custom")
	require.Len(t, got, 1)
	require.Equal(t, resp.RouteEntryId, got[0].RouteEntryId)
	require.Equal(t, []ens.NextHop{{NextHopId: conn, NextHopType: "NetworkPeer"}}, got[0].NextHops)

	for _, tc := range []struct{ dest, hopType, hop, code string }{
		{"192.168.0.0/16", "NetworkPeer", conn, "InvalidCIDRBlock.Duplicate"},
		{"192.168.0.0/99", "NetworkPeer", conn, "InvalidParameter.DestinationCidrBlock"},
		{"172.16.0.0/16", "Wormhole", conn, "InvalidParameter.NextHopType"},
		{"172.16.0.0/16", "NetworkPeer", "pcc-0000000000000000000000000", "InvalidParameter.NextHopId"},
		{"172.16.0.0/16", "NetworkPeer", "", "MissingParameter"},
	} {
		_, err := create(tc.dest, tc.hopType, tc.hop)
		require.Equal(t, tc.code, serverCode(t, err), "%+v", tc)
	}

	dreq := ens.CreateDeleteEnsRouteEntryRequest()
	dreq.RouteEntryId = sys[0].RouteEntryId
	_, err = c.DeleteEnsRouteEntry(dreq)
	require.Equal(t, "OperationDenied", serverCode(t, err), "a system route stays")
	dreq = ens.CreateDeleteEnsRouteEntryRequest()
	dreq.RouteEntryId = resp.RouteEntryId
	_, err = c.DeleteEnsRouteEntry(dreq)
	require.NoError(t, err)
	dreq = ens.CreateDeleteEnsRouteEntryRequest()
	dreq.RouteEntryId = resp.RouteEntryId
	_, err = c.DeleteEnsRouteEntry(dreq)
	require.Equal(t, "InvalidRouteEntryId.NotFound", serverCode(t, err))

	for _, size := range []string{"9", "101"} {
		req := ens.CreateDescribeEnsRouteEntryListRequest()
		req.RouteTableId = tbl.RouteTableId
		req.QueryParams["PageSize"] = size
		_, err := c.DescribeEnsRouteEntryList(req)
		require.Equal(t, "InvalidParameter.PageSize", serverCode(t, err))
	}
	// Another account sees neither the table nor its routes.
	other := e.ensClient(t, acctB)
	treq = ens.CreateDescribeEnsRouteTablesRequest()
	treq.NetworkId = netA1
	tables, err = other.DescribeEnsRouteTables(treq)
	require.NoError(t, err)
	require.Zero(t, tables.TotalCount)
}

// TestGeneratedRouting: the estate routes its active connections in every
// way the inventory judges, from a source of its own: the same seed gives
// the same routes, and every other ID is what it is without routes.
func TestGeneratedRouting(t *testing.T) {
	svc := generated(t, 3, 60)
	again := generated(t, 3, 60)
	conns := map[string]aliyun.VpcPeerConnection{}
	for _, c := range svc.VpcPeerConnections() {
		conns[c.InstanceID] = c
	}
	kinds := map[string]int{}
	for _, v := range svc.VPCs() {
		tables := svc.RouteTables(v.ID)
		require.Len(t, tables, 1, v.ID)
		require.Equal(t, tables, again.RouteTables(v.ID))
		require.True(t, tables[0].System)
		blocks := append(slices.Clone(v.IPv4CIDRs), v.IPv6CIDRs...)
		for i, r := range tables[0].Routes {
			if i < len(blocks) {
				require.Equal(t, aliyun.RouteEntry{ID: r.ID, Destination: blocks[i], NextHopType: "local", System: true}, r)
				continue
			}
			p := netip.MustParsePrefix(r.Destination)
			switch c, ok := conns[r.NextHopID]; {
			case r.NextHopType == "Instance":
				kinds["shadowing"]++
			case !ok || c.Status != "Activated" || c.BizStatus != "Normal":
				kinds["to an inactive connection"]++
			case slices.ContainsFunc(blocks, func(b string) bool { return netip.MustParsePrefix(b).Overlaps(p) }):
				kinds["into its own range"]++
			default:
				kinds["through an active connection"]++
			}
		}
	}
	for _, k := range []string{"shadowing", "to an inactive connection", "into its own range", "through an active connection"} {
		require.Positive(t, kinds[k], "%s: %v", k, kinds)
	}
	routed := 0
	for _, n := range svc.Networks() {
		for _, r := range svc.RouteTables(n.ID)[0].Routes {
			if r.NextHopType == "NetworkPeer" {
				routed++
			}
		}
	}
	require.Positive(t, routed, "ENS networks are routed too")
}
