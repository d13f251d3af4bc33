package aliyun_test

import (
	"fmt"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpcpeer"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator/aliyun"
)

// createMany makes n same-account connections from A's first Hangzhou VPC,
// each to a new VPC of A's there (one connection per VPC pair).
func createMany(t *testing.T, e *env, n int) []string {
	t.Helper()
	out := make([]string, n)
	for i := range out {
		p := with(createParams(), "Name", fmt.Sprintf("p%d", i), "AcceptingVpcId", e.addVPC(t, acctA.UID, hz))
		r := e.do(t, credsOf(acctA), rawCall{action: "CreateVpcPeerConnection", form: p})
		require.Equal(t, 200, r.status, "body: %s", r.raw)
		out[i] = r.body["InstanceId"].(string)
	}
	return out
}

// walk lists every page with the SDK, checking each page's counters, and
// returns the IDs in the order served and the number of pages.
func walk(t *testing.T, c *vpcpeer.Client, size, wantTotal int) (ids []string, pages int) {
	t.Helper()
	req := vpcpeer.CreateListVpcPeerConnectionsRequest()
	if size > 0 {
		req.MaxResults = requests.NewInteger(size)
	}
	seen := map[string]bool{}
	for {
		resp, err := c.ListVpcPeerConnections(req)
		require.NoError(t, err)
		pages++
		require.Equal(t, wantTotal, resp.TotalCount)
		for _, it := range resp.VpcPeerConnects {
			ids = append(ids, it.InstanceId)
			seen[it.InstanceId] = true
		}
		if resp.NextToken == "" {
			return ids, pages
		}
		require.NotEqual(t, req.NextToken, resp.NextToken, "token repeated")
		require.Less(t, pages, 1000, "runaway walk")
		req.NextToken = resp.NextToken
	}
}

// TestVpcPeerPages: 0, 1, 99, 100 and 101 connections at the default size,
// the maximum and a small one: every connection exactly once, in order, the
// documented number of pages, no NextToken on the last.
func TestVpcPeerPages(t *testing.T) {
	for _, n := range []int{0, 1, 99, 100, 101} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			e := newEnv(t)
			made := createMany(t, e, n)
			c := e.vpcClient(t, acctA, hz)
			for _, size := range []int{0, 1, 20, 99, 100} {
				if size == 1 && n > 1 {
					continue // covered by the smaller counts; keeps the test fast
				}
				got, pages := walk(t, c, size, n)
				require.ElementsMatch(t, made, got, "size %d", size)
				require.IsIncreasing(t, append([]string{""}, got...), "sorted by InstanceId, no duplicate")
				per := size
				if per == 0 {
					per = 20 // the documented default
				}
				require.Equal(t, max(1, (n+per-1)/per), pages, "size %d", size)
			}
		})
	}
}

// TestVpcPeerPageRules: sizes out of range, and tokens that are forged,
// altered, or used with other filters or by another account.
func TestVpcPeerPageRules(t *testing.T) {
	e := newEnv(t)
	createMany(t, e, 3)
	first := e.do(t, credsOf(acctA), rawCall{action: "ListVpcPeerConnections", form: map[string]string{"RegionId": hz, "MaxResults": "1"}})
	require.Equal(t, 200, first.status)
	require.Equal(t, "1", fmt.Sprint(first.body["MaxResults"]))
	require.Equal(t, "3", fmt.Sprint(first.body["TotalCount"]))
	token := first.body["NextToken"].(string)
	require.NotEmpty(t, token)
	altered := "A" + token[1:]
	if token[0] == 'A' {
		altered = "B" + token[1:]
	}

	cases := []struct {
		name   string
		who    creds
		params map[string]string
		code   string
	}{
		{"size 0", credsOf(acctA), map[string]string{"MaxResults": "0"}, "IllegalParam.MaxResults"},
		{"size 101", credsOf(acctA), map[string]string{"MaxResults": "101"}, "IllegalParam.MaxResults"},
		{"size negative", credsOf(acctA), map[string]string{"MaxResults": "-5"}, "IllegalParam.MaxResults"},
		{"size not a number", credsOf(acctA), map[string]string{"MaxResults": "many"}, "IllegalParam.MaxResults"},
		{"forged token", credsOf(acctA), map[string]string{"NextToken": "FFmyTO70tTpLG6I3FmYAXGKPd"}, "IllegalParam.NextToken"},
		{"altered token", credsOf(acctA), map[string]string{"NextToken": altered}, "IllegalParam.NextToken"},
		{"token with another filter", credsOf(acctA), map[string]string{"NextToken": token, "Name": "p1"}, "IllegalParam.NextToken"},
		{"token in another region", credsOf(acctA), map[string]string{"NextToken": token, "RegionId": sh}, "IllegalParam.NextToken"},
		{"token of another account", credsOf(acctB), map[string]string{"NextToken": token}, "IllegalParam.NextToken"},
		{"token with another size", credsOf(acctA), map[string]string{"NextToken": token, "MaxResults": "2"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := with(map[string]string{"RegionId": hz}, flatten(c.params)...)
			r := e.do(t, c.who, rawCall{action: "ListVpcPeerConnections", form: p})
			if c.code == "" {
				require.Equal(t, 200, r.status, "body: %s", r.raw)
				require.Len(t, r.body["VpcPeerConnects"], 2)
				_, more := r.body["NextToken"]
				require.False(t, more, "NextToken is absent on the last page: %s", r.raw)
				return
			}
			require.Equal(t, 400, r.status, "body: %s", r.raw)
			require.Equal(t, c.code, r.code(), "body: %s", r.raw)
		})
	}
}

func flatten(m map[string]string) []string {
	var kv []string
	for k, v := range m {
		kv = append(kv, k, v)
	}
	return kv
}

// TestListCountsFollowDeletes: deleted connections leave the
// counts once gone, and a walk started after that does not see them.
func TestListCountsFollowDeletes(t *testing.T) {
	e := newEnv(t)
	made := createMany(t, e, 5)
	e.clock.Advance(step)
	for _, id := range made[:2] {
		r := e.do(t, credsOf(acctA), rawCall{action: "DeleteVpcPeerConnection", form: map[string]string{"InstanceId": id}})
		require.Equal(t, 200, r.status)
	}
	c := e.vpcClient(t, acctA, hz)
	got, _ := walk(t, c, 2, 5)
	require.ElementsMatch(t, made, got, "Deleting and Deleted connections are still listed")
	e.clock.Advance(2 * step)
	got, _ = walk(t, c, 2, 3)
	require.ElementsMatch(t, made[2:], got)
}

// TestENSPages: 25 connections in pages of 10 and of 100, and a page past
// the end.
func TestENSPages(t *testing.T) {
	e := newEnv(t)
	c := e.sdkClient(t, acctA)
	made := e.createENSPairs(t, c, 25)
	for _, size := range []int{10, 11, 100} {
		var got []string
		for page := 1; ; page++ {
			out, err := e.ens(t, c, "DescribeNetworkPeerConnections", map[string]string{"PageNumber": fmt.Sprint(page), "PageSize": fmt.Sprint(size)})
			require.NoError(t, err)
			require.Equal(t, fmt.Sprint(page), out["PageNumber"])
			require.Equal(t, fmt.Sprint(size), out["PageSize"])
			require.Equal(t, "25", out["TotalCount"])
			items := ids(out["NetworkPeerConnects"])
			got = append(got, items...)
			if page*size >= 25 {
				break
			}
			require.Len(t, items, size, "only the last page is short")
		}
		require.ElementsMatch(t, made, got, "size %d", size)
	}
	out, err := e.ens(t, c, "DescribeNetworkPeerConnections", map[string]string{"PageNumber": "4"})
	require.NoError(t, err)
	require.Empty(t, out["NetworkPeerConnects"])
	require.Equal(t, "25", out["TotalCount"])
}

// createENSPairs gives A enough networks on the Xi'an node for n distinct
// pairs and connects n of them.
func (e *env) createENSPairs(t *testing.T, c *sdk.Client, n int) []string {
	t.Helper()
	var nets []string
	for i := 0; len(nets)*(len(nets)-1)/2 < n; i++ {
		id := fmt.Sprintf("n-extra%020d", i)
		require.NoError(t, e.svc.AddNetwork(aliyun.Network{ID: id, EnsRegionID: xian, OwnerUID: acctA.UID, IPv4CIDRs: []string{fmt.Sprintf("10.%d.0.0/16", 100+i)}}))
		nets = append(nets, id)
	}
	var made []string
	for i := 0; i < len(nets) && len(made) < n; i++ {
		for j := i + 1; j < len(nets) && len(made) < n; j++ {
			out, err := e.ens(t, c, "CreateNetworkPeerConnection", map[string]string{"NetworkId": nets[i], "AcceptingNetworkId": nets[j]})
			require.NoError(t, err)
			made = append(made, out["InstanceId"].(string))
		}
	}
	require.Len(t, made, n)
	return made
}
