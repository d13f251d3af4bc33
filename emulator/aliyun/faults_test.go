package aliyun_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpcpeer"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator/fault"
)

const vpcProv, ensProv = "alibaba-vpc", "alibaba-ens"

func listPage(t *testing.T, e *env, who creds, size int, token string) rawResult {
	t.Helper()
	p := map[string]string{"RegionId": hz, "MaxResults": fmt.Sprint(size)}
	if token != "" {
		p["NextToken"] = token
	}
	r := e.do(t, who, rawCall{action: "ListVpcPeerConnections", form: p})
	require.Equal(t, 200, r.status, "body: %s", r.raw)
	return r
}

func nextToken(r rawResult) string {
	s, _ := r.body["NextToken"].(string)
	return s
}

func TestRepeatMarkerOnFirstPage(t *testing.T) {
	e := newEnv(t)
	createMany(t, e, 5)
	e.faults.Add(fault.Rule{Provider: vpcProv, Operation: "ListVpcPeerConnections", Kind: fault.RepeatMarker, Count: 1})
	first := listPage(t, e, credsOf(acctA), 2, "")
	loop := nextToken(first)
	require.NotEmpty(t, loop)
	for range 3 { // the rule is spent, yet the token keeps answering with itself
		r := listPage(t, e, credsOf(acctA), 2, loop)
		require.Equal(t, loop, nextToken(r))
		require.Equal(t, ids(first.body["VpcPeerConnects"]), ids(r.body["VpcPeerConnects"]))
	}
	require.Equal(t, 1, e.faults.Fired()[fault.RepeatMarker])
}

func TestRepeatMarkerOnLaterPage(t *testing.T) {
	e := newEnv(t)
	createMany(t, e, 5)
	t1 := nextToken(listPage(t, e, credsOf(acctA), 2, ""))
	e.faults.Add(fault.Rule{Provider: vpcProv, Kind: fault.RepeatMarker, Count: 1})
	r := listPage(t, e, credsOf(acctA), 2, t1)
	require.Equal(t, t1, nextToken(r), "the page answers with the token it was given")
	page2 := ids(r.body["VpcPeerConnects"])
	r = listPage(t, e, credsOf(acctA), 2, t1)
	require.NotEqual(t, t1, nextToken(r), "once spent, the walk continues")
	require.Equal(t, page2, ids(r.body["VpcPeerConnects"]))
}

func TestEmptyPageVpcPeer(t *testing.T) {
	e := newEnv(t)
	made := createMany(t, e, 5)
	e.faults.Add(fault.Rule{Provider: vpcProv, Kind: fault.EmptyPage, Count: 1})
	var got []string
	empty := 0
	token := ""
	for {
		r := listPage(t, e, credsOf(acctA), 2, token)
		require.Equal(t, "5", fmt.Sprint(r.body["TotalCount"]))
		items := ids(r.body["VpcPeerConnects"])
		if len(items) == 0 {
			empty++
			require.NotEmpty(t, nextToken(r), "an empty page before the end still has a token")
			require.NotEqual(t, token, nextToken(r))
		}
		got = append(got, items...)
		if token = nextToken(r); token == "" {
			break
		}
	}
	require.Equal(t, 1, empty)
	require.Equal(t, sortedCopy(made), sortedCopy(got), "every connection once, none lost")
}

func TestShiftItemsVpcPeer(t *testing.T) {
	e := newEnv(t)
	made := createMany(t, e, 5)
	e.faults.Add(fault.Rule{Provider: vpcProv, Kind: fault.ShiftItems, Count: 1})
	p1 := listPage(t, e, credsOf(acctA), 2, "")
	page1 := ids(p1.body["VpcPeerConnects"])
	p2 := listPage(t, e, credsOf(acctA), 2, nextToken(p1))
	page2 := ids(p2.body["VpcPeerConnects"])
	require.Equal(t, page1[1], page2[0], "the last item of page 1 moved to page 2")
	require.Equal(t, "6", fmt.Sprint(p2.body["TotalCount"]))

	world := e.svc.VpcPeerConnections()
	require.Len(t, world, 6)
	var added string
	for _, c := range world {
		if !slices.Contains(made, c.InstanceID) {
			added = c.InstanceID
		}
	}
	require.Regexp(t, `^pcc-[0-9a-z]{22}$`, added)
	require.Less(t, added, page1[1], "the new connection sorts before the walk's position")
}

func TestENSPagePathologies(t *testing.T) {
	e := newEnv(t)
	c := e.sdkClient(t, acctA)
	e.createENSPairs(t, c, 25)
	page := func(n int) ([]string, string) {
		out, err := e.ens(t, c, "DescribeNetworkPeerConnections", map[string]string{"PageNumber": fmt.Sprint(n)})
		require.NoError(t, err)
		return ids(out["NetworkPeerConnects"]), out["TotalCount"].(string)
	}
	t.Run("empty page", func(t *testing.T) {
		e.faults.Add(fault.Rule{Provider: ensProv, Kind: fault.EmptyPage, Count: 1})
		items, total := page(1)
		require.Empty(t, items)
		require.Equal(t, "25", total, "TotalCount stays intact")
		items, _ = page(1)
		require.Len(t, items, 10)
	})
	t.Run("shift items", func(t *testing.T) {
		e.faults.Add(fault.Rule{Provider: ensProv, Kind: fault.ShiftItems, Count: 1})
		p1, _ := page(1)
		p2, total := page(2)
		require.Equal(t, p1[9], p2[0], "the last item of page 1 moved to page 2")
		require.Equal(t, "26", total)
	})
	t.Run("not on the last page", func(t *testing.T) {
		e.faults.Add(fault.Rule{Provider: ensProv, Kind: fault.EmptyPage, Count: 1})
		items, _ := page(3)
		require.Len(t, items, 6, "the last page is served whole; the rule stays armed")
		items, _ = page(1)
		require.Empty(t, items)
	})
}

// TestHTTPFaults: the injector's answers come in the cloud's error shape and
// the SDK decodes them.
func TestHTTPFaults(t *testing.T) {
	e := newEnv(t)
	c := e.vpcClient(t, acctA, hz)
	list := vpcpeer.CreateListVpcPeerConnectionsRequest()

	e.faults.Add(fault.Rule{Kind: fault.Throttle, Count: 1})
	_, err := c.ListVpcPeerConnections(list)
	require.Equal(t, "Throttling.User", serverCode(t, err))

	for _, tc := range []struct {
		status  int
		code    string
		version string
		host    string
	}{
		{0, "ServiceUnavailable", "2022-01-01", "vpcpeer.aliyuncs.com"},
		{500, "InternalError", "2017-11-10", "ens.aliyuncs.com"},
	} {
		e.faults.Add(fault.Rule{Kind: fault.ServerError, Status: tc.status, Count: 1})
		action := "ListVpcPeerConnections"
		if tc.version == "2017-11-10" {
			action = "DescribeNetworkPeerConnections"
		}
		r := e.do(t, credsOf(acctA), rawCall{version: tc.version, action: action})
		require.Equal(t, tc.code, r.code(), "body: %s", r.raw)
		require.Equal(t, tc.host, r.body["HostId"])
		requireErrorBody(t, r)
	}

	e.faults.Add(fault.Rule{Kind: fault.Truncate, Count: 1})
	_, err = c.ListVpcPeerConnections(list)
	require.Error(t, err)

	e.faults.Add(fault.Rule{Kind: fault.Reset, Count: 1})
	_, err = c.ListVpcPeerConnections(list)
	require.Error(t, err)

	e.faults.Add(fault.Rule{Kind: fault.Latency, Latency: time.Millisecond, Count: 1})
	_, err = c.ListVpcPeerConnections(list)
	require.NoError(t, err, "a delayed answer is still an answer")

	_, err = c.ListVpcPeerConnections(list)
	require.NoError(t, err, "every rule is spent")
	fired := e.faults.Fired()
	for _, k := range []fault.Kind{fault.Throttle, fault.ServerError, fault.Truncate, fault.Reset, fault.Latency} {
		require.Positive(t, fired[k], "%s never fired", k)
	}
}

// TestDropResponseThenRetry: the create commits but its answer is lost; the
// retry with the same ClientToken (signed anew) returns the same connection.
func TestDropResponseThenRetry(t *testing.T) {
	e := newEnv(t)
	c := e.vpcClient(t, acctA, hz)
	newReq := func() *vpcpeer.CreateVpcPeerConnectionRequest {
		req := vpcpeer.CreateCreateVpcPeerConnectionRequest()
		req.VpcId, req.AcceptingRegionId, req.AcceptingVpcId = vpcA1, hz, vpcA2
		req.AcceptingAliUid = requests.NewInteger64(acctA.UID)
		req.ClientToken = "retry-me"
		return req
	}
	e.faults.Add(fault.Rule{Provider: vpcProv, Operation: "CreateVpcPeerConnection", Kind: fault.DropResponse, Count: 1})
	_, err := c.CreateVpcPeerConnection(newReq())
	require.Error(t, err)
	require.Len(t, e.svc.VpcPeerConnections(), 1, "the write committed")
	resp, err := c.CreateVpcPeerConnection(newReq())
	require.NoError(t, err)
	require.Equal(t, e.svc.VpcPeerConnections()[0].InstanceID, resp.InstanceId)
	require.Len(t, e.svc.VpcPeerConnections(), 1)
}

// TestRateLimitBuckets: the published per-API limit counts per account and
// region; STS keys count against their account.
func TestRateLimitBuckets(t *testing.T) {
	e := newEnv(t)
	e.faults.SetLimit(vpcProv, "", fault.Limit{Calls: 1, Per: time.Hour, Burst: 2})
	stsID, stsSecret, stsToken := e.svc.IssueSTSToken(acctA.UID)
	call := func(who creds, region string) string {
		return e.do(t, who, rawCall{action: "ListVpcPeerConnections", form: map[string]string{"RegionId": region}}).code()
	}
	require.Equal(t, "", call(credsOf(acctA), hz))
	require.Equal(t, "", call(creds{id: stsID, secret: stsSecret, token: stsToken}, hz))
	require.Equal(t, "Throttling.User", call(credsOf(acctA), hz), "the STS call used A's bucket")
	require.Equal(t, "", call(credsOf(acctB), hz), "B has its own bucket")
	require.Equal(t, "", call(credsOf(acctA), sh), "so has another region")
	r := e.do(t, credsOf(acctA), rawCall{action: "ListVpcPeerConnections", form: map[string]string{"RegionId": hz}})
	require.Equal(t, http.StatusBadRequest, r.status)
	requireErrorBody(t, r)
}

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}
