package aliyun_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpcpeer"
	"github.com/stretchr/testify/require"
)

// The documents' example answers, verbatim, in testdata/. Ours must have
// every field they have, with the same JSON type, so that whatever decodes
// the examples decodes the emulator.

func readExample(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return decode(t, b)
}

// requireShape checks that got has every key of want, recursively, with the
// same JSON kind; arrays are compared by their first elements. Keys in got
// that want lacks must be listed in extra.
func requireShape(t *testing.T, path string, want, got any, extra map[string]bool) {
	t.Helper()
	require.Equal(t, kind(want), kind(got), "%s: %v vs %v", path, want, got)
	switch w := want.(type) {
	case map[string]any:
		g := got.(map[string]any)
		for k, v := range w {
			gv, ok := g[k]
			require.True(t, ok, "%s.%s is missing", path, k)
			requireShape(t, path+"."+k, v, gv, extra)
		}
		for k := range g {
			if _, ok := w[k]; !ok {
				require.True(t, extra[k], "%s.%s is not in the documents' example", path, k)
			}
		}
	case []any:
		g := got.([]any)
		if len(w) > 0 {
			require.NotEmpty(t, g, "%s is empty", path)
			requireShape(t, path+"[0]", w[0], g[0], extra)
		}
	}
}

func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case json.Number:
		return "number"
	default:
		return fmt.Sprintf("%T", v)
	}
}

// TestVpcPeerShapeMatchesDocuments: a listed cross-account connection
// awaiting acceptance (so that GmtExpired is set, as in the example) with a
// tag and IPv6 on both sides.
func TestVpcPeerShapeMatchesDocuments(t *testing.T) {
	e := newEnv(t)
	c := e.vpcClient(t, acctA, hz)
	id := e.createPeer(t, c, vpcA1, hz, vpcB1, acctB.UID, map[string]string{"Name": "vpcpeer", "Description": "test", "Tag.1.Key": "FinanceDept", "Tag.1.Value": "FinanceJoshua"})
	e.clock.Advance(step)
	createMany(t, e, 1) // a second item, so that a one-item page has a NextToken

	r := e.do(t, credsOf(acctA), rawCall{action: "ListVpcPeerConnections", form: map[string]string{"RegionId": hz, "InstanceId": id}})
	require.Equal(t, 200, r.status)
	example := readExample(t, "list_vpc_peer_connections.json")
	// The example is a page with a NextToken; a lone result has none.
	page := e.do(t, credsOf(acctA), rawCall{action: "ListVpcPeerConnections", form: map[string]string{"RegionId": hz, "MaxResults": "1"}})
	r.body["NextToken"] = page.body["NextToken"]
	// B1 has no IPv6; give the comparison one element to look at.
	item := r.body["VpcPeerConnects"].([]any)[0].(map[string]any)
	item["AcceptingVpc"].(map[string]any)["Ipv6Cidrs"] = []any{"2408::/56"}
	requireShape(t, "List", example, r.body, map[string]bool{"LinkType": true})

	get := e.do(t, credsOf(acctA), rawCall{action: "GetVpcPeerConnectionAttribute", form: map[string]string{"InstanceId": id}})
	get.body["AcceptingVpc"].(map[string]any)["Ipv6Cidrs"] = []any{"2408::/56"}
	wantGet := example["VpcPeerConnects"].([]any)[0].(map[string]any)
	wantGet["RequestId"] = "x"
	requireShape(t, "Get", wantGet, get.body, map[string]bool{"LinkType": true})

	// And the documents' example decodes with the SDK's own type, as ours does.
	var doc vpcpeer.ListVpcPeerConnectionsResponse
	b, err := os.ReadFile(filepath.Join("testdata", "list_vpc_peer_connections.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &doc))
	require.Equal(t, "pcc-lnk0m24khwvtkm****", doc.VpcPeerConnects[0].InstanceId)
}

func TestENSShapeMatchesDocuments(t *testing.T) {
	e := newEnv(t)
	_, err := e.ens(t, e.sdkClient(t, acctA), "CreateNetworkPeerConnection", map[string]string{"NetworkId": netA1, "AcceptingNetworkId": netA2, "Name": "test", "Description": "desc"})
	require.NoError(t, err)
	r := e.do(t, credsOf(acctA), rawCall{version: "2017-11-10", action: "DescribeNetworkPeerConnections"})
	require.Equal(t, 200, r.status)
	example := readExample(t, "describe_network_peer_connections.json")
	requireShape(t, "Describe", example, r.body, nil)
	// The documents' example carries a stray newline; the emulator must not.
	doc := example["NetworkPeerConnects"].([]any)[0].(map[string]any)
	require.Equal(t, "n-5q28114****\n", doc["AcceptingNetworkId"])
	got := r.body["NetworkPeerConnects"].([]any)[0].(map[string]any)
	require.Equal(t, netA2, got["AcceptingNetworkId"])
}

// TestErrorShape: both products' errors name their host, carry the request
// ID in the body and the header, and are JSON.
func TestErrorShape(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct {
		version, action, host, product string
	}{
		{"2022-01-01", "GetVpcPeerConnectionAttribute", "vpcpeer.aliyuncs.com", "VpcPeer"},
		{"2017-11-10", "DeleteNetworkPeerConnection", "ens.aliyuncs.com", "Ens"},
	} {
		r := e.do(t, credsOf(acctA), rawCall{version: c.version, action: c.action, form: map[string]string{"InstanceId": "pcc-nothere"}})
		require.Equal(t, http.StatusBadRequest, r.status)
		requireErrorBody(t, r)
		require.Equal(t, c.host, r.body["HostId"])
		require.Contains(t, r.body["Recommend"], "product="+c.product)
		require.Regexp(t, `^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$`, r.body["RequestId"])
	}
	// Header and body agree.
	req, err := http.NewRequest(http.MethodGet, e.srv.URL+"/?Action=ListVpcPeerConnections&Version=2022-01-01", nil)
	require.NoError(t, err)
	resp, err := e.srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var body map[string]string // every value a string, or this fails
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
	require.Equal(t, resp.Header.Get("x-acs-request-id"), body["RequestId"])
	require.Equal(t, "application/json;charset=utf-8", resp.Header.Get("Content-Type"))
	keys := make([]string, 0, len(body))
	for k := range body {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	require.Equal(t, []string{"Code", "HostId", "Message", "Recommend", "RequestId"}, keys)
}
