package bce_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/baidubce/bce-sdk-go/services/vpc"
	"github.com/stretchr/testify/require"
	"golang.org/x/sync/errgroup"

	"github.com/peeringkit/peering/emulator/bce"
)

// rawList fetches one List page as raw JSON, to see which keys are sent.
func rawList(t *testing.T, w *world, a bce.Account, query string) map[string]json.RawMessage {
	t.Helper()
	resp, err := http.DefaultClient.Do(signed(t, a, "GET", w.url["bj"]+"/v1/peerconn?"+query, nil, signOpts{}))
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(data))
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(data, &m))
	return m
}

// walk lists every page with the SDK, checking each page's markers, and
// returns the IDs in order.
func walk(t *testing.T, c *vpc.Client, args vpc.ListPeerConnsArgs) []string {
	t.Helper()
	var ids []string
	for pages := 0; ; pages++ {
		require.Less(t, pages, 10000, "the walk does not end")
		page, err := c.ListPeerConn(&args)
		require.NoError(t, err)
		if len(page.PeerConns) > 0 {
			want := args.Marker
			if want == "" {
				want = page.PeerConns[0].PeerConnId
			}
			require.Equal(t, want, page.Marker)
		}
		for _, pc := range page.PeerConns {
			ids = append(ids, pc.PeerConnId)
		}
		if !page.IsTruncated {
			require.Empty(t, page.NextMarker)
			return ids
		}
		require.NotEqual(t, args.Marker, page.NextMarker, "the marker repeats")
		args.Marker = page.NextMarker
	}
}

// Lists of 0, 1, 999, 1000 and 1001 connections: the default page holds
// up to 1000, nextMarker appears only when truncated, marker only when the
// page has items, and a walk returns every connection once, in ID order.
func TestListSizes(t *testing.T) {
	for _, n := range []int{0, 1, 999, 1000, 1001} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			w := newWorld(t, bce.Config{})
			ids, err := w.svc.Seed(acctA.ID, "bj", n)
			require.NoError(t, err)
			require.Len(t, ids, n)

			first := rawList(t, w, acctA, "")
			var items []json.RawMessage
			require.NoError(t, json.Unmarshal(first["peerConns"], &items))
			require.Len(t, items, min(n, 1000))
			require.JSONEq(t, "1000", string(first["maxKeys"]))
			require.JSONEq(t, strconv.FormatBool(n > 1000), string(first["isTruncated"]))
			_, hasNext := first["nextMarker"]
			require.Equal(t, n > 1000, hasNext)
			_, hasMarker := first["marker"]
			require.Equal(t, n > 0, hasMarker)
			if n > 1000 {
				require.JSONEq(t, strconv.Quote(ids[1000]), string(first["nextMarker"]))
			}

			got := walk(t, w.client(t, acctA, "bj"), vpc.ListPeerConnsArgs{})
			if n == 0 {
				require.Empty(t, got)
				return
			}
			require.Equal(t, ids, got)
		})
	}
}

// Small pages tile the list; each page's marker is its first item.
func TestListSmallPages(t *testing.T) {
	w := newWorld(t, bce.Config{})
	ids, err := w.svc.Seed(acctA.ID, "bj", 23)
	require.NoError(t, err)
	a := w.client(t, acctA, "bj")
	for _, size := range []int{1, 5, 22, 23, 24} {
		require.Equal(t, ids, walk(t, a, vpc.ListPeerConnsArgs{MaxKeys: size}), "maxKeys %d", size)
	}
	page, err := a.ListPeerConn(&vpc.ListPeerConnsArgs{MaxKeys: 5, Marker: ids[5]})
	require.NoError(t, err)
	require.Equal(t, ids[5], page.PeerConns[0].PeerConnId)
	require.Equal(t, ids[10], page.NextMarker)

	// A marker that names no connection (one deleted meanwhile) resumes at
	// the next ID and is echoed.
	gap := ids[7] + "0" // sorts between ids[7] and ids[8]
	page, err = a.ListPeerConn(&vpc.ListPeerConnsArgs{MaxKeys: 2, Marker: gap})
	require.NoError(t, err)
	require.Equal(t, gap, page.Marker)
	require.Equal(t, ids[8], page.PeerConns[0].PeerConnId)

	// Past the end: an empty page with no marker.
	end := rawList(t, w, acctA, "marker=peerconn-zzzzzzzzzzzz")
	require.JSONEq(t, "[]", string(end["peerConns"]))
	require.NotContains(t, end, "marker")
	require.NotContains(t, end, "nextMarker")
}

// maxKeys outside 1–1000 is refused; empty means the default.
func TestListMaxKeys(t *testing.T) {
	w := newWorld(t, bce.Config{})
	for _, v := range []string{"0", "-1", "1001", "ten", "1.5"} {
		t.Run(v, func(t *testing.T) {
			got := send(t, signed(t, acctA, "GET", w.url["bj"]+"/v1/peerconn?maxKeys="+v, nil, signOpts{}))
			require.Equal(t, http.StatusBadRequest, got.status)
			require.Equal(t, bce.CodeInvalidURI, got.body["code"])
		})
	}
	require.JSONEq(t, "1000", string(rawList(t, w, acctA, "maxKeys=")["maxKeys"]))
	require.JSONEq(t, "1", string(rawList(t, w, acctA, "maxKeys=1")["maxKeys"]))
}

// Each account lists its own connections in the endpoint's region; vpcId
// selects the connections on that VPC, seen from that VPC's end.
func TestListViews(t *testing.T) {
	w := newWorld(t, bce.Config{})
	a, b := w.client(t, acctA, "bj"), w.client(t, acctB, "bj")
	same := create(t, a, createArgs("vpc-abj1", "vpc-abj2"))
	cross := create(t, a, crossArgs())
	toGZ := createArgs("vpc-abj3", "vpc-agz1")
	toGZ.PeerRegion = "gz"
	region := create(t, a, toGZ)

	type view struct{ id, role, local string }
	list := func(c *vpc.Client, vpcID string) []view {
		t.Helper()
		page, err := c.ListPeerConn(&vpc.ListPeerConnsArgs{VpcId: vpcID})
		require.NoError(t, err)
		out := []view{}
		for _, pc := range page.PeerConns {
			out = append(out, view{pc.PeerConnId, string(pc.Role), pc.LocalVpcId})
		}
		return out
	}
	require.ElementsMatch(t, []view{{same, "initiator", "vpc-abj1"}, {cross, "initiator", "vpc-abj1"}, {region, "initiator", "vpc-abj3"}}, list(a, ""))
	require.ElementsMatch(t, []view{{same, "initiator", "vpc-abj1"}, {cross, "initiator", "vpc-abj1"}}, list(a, "vpc-abj1"))
	require.Equal(t, []view{{same, "acceptor", "vpc-abj2"}}, list(a, "vpc-abj2"))
	require.Equal(t, []view{{cross, "acceptor", "vpc-bbj1"}}, list(b, ""))
	require.Equal(t, []view{{cross, "acceptor", "vpc-bbj1"}}, list(b, "vpc-bbj1"))
	require.Empty(t, list(b, "vpc-abj1"), "another account's VPC")
	require.Empty(t, list(a, "vpc-agz1"), "a VPC of another region")
	require.Equal(t, []view{{region, "acceptor", "vpc-agz1"}}, list(w.client(t, acctA, "gz"), ""))
	require.Empty(t, list(w.client(t, acctB, "gz"), ""))
}

// Concurrent walks, reads and writes are safe and every walk is whole.
// (Raw requests: the SDK's shared HTTP client is not safe for concurrent
// use.)
func TestConcurrentRequests(t *testing.T) {
	w := newWorld(t, bce.Config{})
	ids, err := w.svc.Seed(acctA.ID, "bj", 300)
	require.NoError(t, err)
	base := w.url["bj"] + "/v1/peerconn"

	var g errgroup.Group
	for range 4 {
		g.Go(func() error {
			var page vpc.ListPeerConnsResult
			n, marker := 0, ""
			for {
				if err := call(acctA, "GET", base+"?maxKeys=50&marker="+marker, nil, &page); err != nil {
					return err
				}
				n += len(page.PeerConns)
				if !page.IsTruncated {
					break
				}
				marker = page.NextMarker
			}
			if n != len(ids) {
				return fmt.Errorf("walked %d connections, want %d", n, len(ids))
			}
			return nil
		})
	}
	for k := range 2 {
		g.Go(func() error {
			for _, id := range ids[k*20 : k*20+20] {
				var pc vpc.PeerConn
				if err := call(acctA, "GET", base+"/"+id+"?role=initiator", nil, &pc); err != nil {
					return err
				}
				body := []byte(`{"localIfId":"` + pc.LocalIfId + `","description":"busy"}`)
				if err := call(acctA, "PUT", base+"/"+id, body, nil); err != nil {
					return err
				}
			}
			return nil
		})
	}
	g.Go(func() error {
		for range 20 {
			w.clock.Advance(time.Second)
			_ = w.svc.PeerConns()
		}
		return nil
	})
	require.NoError(t, g.Wait())
	w.clock.Advance(updatingFor)
	busy := 0
	for _, pc := range w.svc.PeerConns() {
		if pc.Initiator.Description == "busy" {
			busy++
		}
	}
	require.Equal(t, 40, busy)
}
