package aliyun_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/stretchr/testify/require"
)

// TestENSLifecycle: create, describe, modify and delete through the SDK's
// CommonRequest, with the clock moving the statuses.
func TestENSLifecycle(t *testing.T) {
	e := newEnv(t)
	c := e.sdkClient(t, acctA)
	out, err := e.ens(t, c, "CreateNetworkPeerConnection", map[string]string{
		"NetworkId": netA1, "AcceptingNetworkId": netA2, "Name": "edge", "Description": "desc",
	})
	require.NoError(t, err)
	id, _ := out["InstanceId"].(string)
	require.Regexp(t, `^pcc-[0-9a-z]{25}$`, id)

	got := describeOne(t, e, c, id)
	require.Equal(t, "Creating", got["Status"])
	require.Equal(t, "edge", got["Name"])
	require.Equal(t, "desc", got["Description"])
	require.Equal(t, xian, got["EnsRegionId"])
	require.Equal(t, netA1, got["NetworkId"])
	require.Equal(t, netA2, got["AcceptingNetworkId"])
	require.Equal(t, map[string]any{"NetworkId": netA1, "Ipv4Cidrs": []any{"10.0.0.0/8"}}, got["Network"])
	require.Equal(t, map[string]any{"NetworkId": netA2, "Ipv4Cidrs": []any{"192.168.0.0/16"}}, got["AcceptingNetwork"])
	require.Regexp(t, `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`, got["CreationTime"])

	_, err = e.ens(t, c, "DeleteNetworkPeerConnection", map[string]string{"InstanceId": id})
	require.Equal(t, "IncorrectStatus.NetworkPeerConnection", serverCode(t, err), "cannot delete while Creating")
	_, err = e.ens(t, c, "ModifyNetworkPeerConnection", map[string]string{"InstanceId": id, "Name": "x"})
	require.Equal(t, "IncorrectStatus.NetworkPeerConnection", serverCode(t, err))

	e.clock.Advance(step)
	require.Equal(t, "Activated", describeOne(t, e, c, id)["Status"])
	_, err = e.ens(t, c, "ModifyNetworkPeerConnection", map[string]string{"InstanceId": id, "Name": "renamed"})
	require.NoError(t, err)
	require.Equal(t, "renamed", describeOne(t, e, c, id)["Name"])

	_, err = e.ens(t, c, "DeleteNetworkPeerConnection", map[string]string{"InstanceId": id})
	require.NoError(t, err)
	require.Equal(t, "Deleting", describeOne(t, e, c, id)["Status"])
	_, err = e.ens(t, c, "DeleteNetworkPeerConnection", map[string]string{"InstanceId": id})
	require.Equal(t, "IncorrectStatus.NetworkPeerConnection", serverCode(t, err))
	e.clock.Advance(step)
	out, err = e.ens(t, c, "DescribeNetworkPeerConnections", map[string]string{"InstanceId": id})
	require.NoError(t, err)
	require.Empty(t, out["NetworkPeerConnects"])
	require.Equal(t, "0", out["TotalCount"])
	_, err = e.ens(t, c, "DeleteNetworkPeerConnection", map[string]string{"InstanceId": id})
	require.Equal(t, "InstanceNotFound.NetworkPeerConnection", serverCode(t, err))
	require.Empty(t, e.svc.NetworkPeerConnections())
}

func describeOne(t *testing.T, e *env, c *sdk.Client, id string) map[string]any {
	t.Helper()
	out, err := e.ens(t, c, "DescribeNetworkPeerConnections", map[string]string{"InstanceId": id})
	require.NoError(t, err)
	require.Equal(t, "1", out["TotalCount"])
	items := out["NetworkPeerConnects"].([]any)
	require.Len(t, items, 1)
	return items[0].(map[string]any)
}

// TestENSCreateRules: required networks, ownership, distinct networks, one
// connection per pair in either order, lengths.
func TestENSCreateRules(t *testing.T) {
	e := newEnv(t)
	c := e.sdkClient(t, acctA)
	_, err := e.ens(t, c, "CreateNetworkPeerConnection", map[string]string{"NetworkId": netA1, "AcceptingNetworkId": netA3})
	require.NoError(t, err)
	cases := []struct {
		name   string
		params map[string]string
		code   string
	}{
		{"no NetworkId", map[string]string{"AcceptingNetworkId": netA2}, "MissingParameter"},
		{"no AcceptingNetworkId", map[string]string{"NetworkId": netA2}, "MissingParameter"},
		{"unknown network", map[string]string{"NetworkId": "n-nothere", "AcceptingNetworkId": netA2}, "InvalidParameter.NetworkId"},
		{"another account's network", map[string]string{"NetworkId": netA2, "AcceptingNetworkId": netB1}, "InvalidParameter.AcceptingNetworkId"},
		{"same network", map[string]string{"NetworkId": netA2, "AcceptingNetworkId": netA2}, "InvalidParameter.AcceptingNetworkId"},
		{"pair exists", map[string]string{"NetworkId": netA1, "AcceptingNetworkId": netA3}, "OperationDenied.NetworkPeerConnectionExists"},
		{"pair exists reversed", map[string]string{"NetworkId": netA3, "AcceptingNetworkId": netA1}, "OperationDenied.NetworkPeerConnectionExists"},
		{"name 129", map[string]string{"NetworkId": netA1, "AcceptingNetworkId": netA2, "Name": strings.Repeat("n", 129)}, "InvalidParameter.Name"},
		{"description 257", map[string]string{"NetworkId": netA1, "AcceptingNetworkId": netA2, "Description": strings.Repeat("d", 257)}, "InvalidParameter.Description"},
		{"across nodes", map[string]string{"NetworkId": netA4, "AcceptingNetworkId": netA2}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.ens(t, c, "CreateNetworkPeerConnection", tc.params)
			if tc.code == "" {
				require.NoError(t, err)
				return
			}
			require.Equal(t, tc.code, serverCode(t, err))
		})
	}
	require.Len(t, e.svc.NetworkPeerConnections(), 2)
}

// TestENSDescribe: pages with string page fields, filters, and sizes.
func TestENSDescribe(t *testing.T) {
	e := newEnv(t)
	c := e.sdkClient(t, acctA)
	nets := []string{netA1, netA2, netA3, netA4}
	var made []string
	for i := 0; i < len(nets); i++ {
		for j := i + 1; j < len(nets); j++ {
			out, err := e.ens(t, c, "CreateNetworkPeerConnection", map[string]string{"NetworkId": nets[i], "AcceptingNetworkId": nets[j], "Name": fmt.Sprintf("p%d%d", i, j)})
			require.NoError(t, err)
			made = append(made, out["InstanceId"].(string))
		}
	}
	require.Len(t, made, 6)

	out, err := e.ens(t, c, "DescribeNetworkPeerConnections", nil)
	require.NoError(t, err)
	require.Equal(t, "1", out["PageNumber"])
	require.Equal(t, "10", out["PageSize"])
	require.Equal(t, "6", out["TotalCount"])
	require.ElementsMatch(t, made, ids(out["NetworkPeerConnects"]))
	sorted := ids(out["NetworkPeerConnects"])
	require.IsIncreasing(t, sorted, "sorted by InstanceId")

	cases := []struct {
		name   string
		params map[string]string
		count  int
	}{
		{"by network, either end", map[string]string{"NetworkIds.1": netA2}, 3},
		{"by two networks, any", map[string]string{"NetworkIds.1": netA1, "NetworkIds.2": netA4}, 5},
		{"by node", map[string]string{"EnsRegionId": dg}, 0}, // netA4 is only ever the accepting end
		{"by node xian", map[string]string{"EnsRegionId": xian}, 6},
		{"by node and network", map[string]string{"EnsRegionId": xian, "NetworkIds.1": netA4}, 3},
		{"by name", map[string]string{"Name": "p01"}, 1},
		{"unknown instance", map[string]string{"InstanceId": "pcc-nothere"}, 0},
		{"instance and network filters combine", map[string]string{"InstanceId": made[0], "NetworkIds.1": netA4}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, err := e.ens(t, c, "DescribeNetworkPeerConnections", tc.params)
			require.NoError(t, err)
			require.Equal(t, fmt.Sprint(tc.count), out["TotalCount"])
			require.Len(t, out["NetworkPeerConnects"], tc.count)
		})
	}
	// B sees none of A's.
	out, err = e.ens(t, e.sdkClient(t, acctB), "DescribeNetworkPeerConnections", nil)
	require.NoError(t, err)
	require.Equal(t, "0", out["TotalCount"])

	for _, bad := range []map[string]string{
		{"PageSize": "9"}, {"PageSize": "101"}, {"PageSize": "ten"},
	} {
		_, err := e.ens(t, c, "DescribeNetworkPeerConnections", bad)
		require.Equal(t, "InvalidParameter.PageSize", serverCode(t, err), "%v", bad)
	}
	for _, bad := range []map[string]string{{"PageNumber": "0"}, {"PageNumber": "-1"}} {
		_, err := e.ens(t, c, "DescribeNetworkPeerConnections", bad)
		require.Equal(t, "InvalidParameter.PageNumber", serverCode(t, err), "%v", bad)
	}
}

// TestENSRawShape: the page fields are JSON strings on the wire and no ID
// carries a newline.
func TestENSRawShape(t *testing.T) {
	e := newEnv(t)
	_, err := e.ens(t, e.sdkClient(t, acctA), "CreateNetworkPeerConnection", map[string]string{"NetworkId": netA1, "AcceptingNetworkId": netA2})
	require.NoError(t, err)
	r := e.do(t, credsOf(acctA), rawCall{version: "2017-11-10", action: "DescribeNetworkPeerConnections", query: map[string]string{"PageSize": "10"}})
	require.Equal(t, 200, r.status)
	var shape struct {
		PageNumber, PageSize, TotalCount json.RawMessage
	}
	require.NoError(t, json.Unmarshal(r.raw, &shape))
	require.Equal(t, `"1"`, string(shape.PageNumber))
	require.Equal(t, `"10"`, string(shape.PageSize))
	require.Equal(t, `"1"`, string(shape.TotalCount))
	require.NotContains(t, string(r.raw), `\n`)
	_, hasCode := r.body["Code"]
	require.False(t, hasCode, "success bodies carry no Code")
}
