package bce_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/baidubce/bce-sdk-go/services/vpc"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator/bce"
	"github.com/peeringkit/peering/emulator/fault"
)

func listRule(kind fault.Kind, count int) fault.Rule {
	return fault.Rule{Provider: bce.Provider, Operation: bce.OpListPeerConn, Kind: kind, Count: count}
}

// RepeatMarker: the page's next marker is the request's marker, or on a
// first page its own marker (its first item).
func TestFaultRepeatMarker(t *testing.T) {
	w := newWorld(t, bce.Config{})
	ids, err := w.svc.Seed(acctA.ID, "bj", 10)
	require.NoError(t, err)
	a := w.client(t, acctA, "bj")

	w.faults.Add(listRule(fault.RepeatMarker, 1))
	page, err := a.ListPeerConn(&vpc.ListPeerConnsArgs{MaxKeys: 4})
	require.NoError(t, err)
	require.Equal(t, ids[:4], idsOf(page))
	require.Equal(t, ids[0], page.NextMarker)

	w.faults.Add(listRule(fault.RepeatMarker, 1))
	page, err = a.ListPeerConn(&vpc.ListPeerConnsArgs{MaxKeys: 4, Marker: ids[4]})
	require.NoError(t, err)
	require.Equal(t, ids[4:8], idsOf(page))
	require.Equal(t, ids[4], page.NextMarker)

	// Spent: the next page is right again; the last page is never faulted.
	page, err = a.ListPeerConn(&vpc.ListPeerConnsArgs{MaxKeys: 4, Marker: ids[4]})
	require.NoError(t, err)
	require.Equal(t, ids[8], page.NextMarker)
	require.Equal(t, 2, w.faults.Fired()[fault.RepeatMarker])
}

// EmptyPage: wherever it strikes (first page, a middle page, several
// times running) the walk gets an empty truncated page whose next marker
// is new and resumes where it was, so it still sees every item once.
func TestFaultEmptyPage(t *testing.T) {
	for _, tc := range []struct {
		name         string
		before, many int // pages fetched before the rule, pages it empties
	}{
		{"first page", 0, 1},
		{"middle page", 1, 1},
		{"three in a row", 1, 3},
		{"before the last page", 2, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, bce.Config{})
			ids, err := w.svc.Seed(acctA.ID, "bj", 10)
			require.NoError(t, err)
			a := w.client(t, acctA, "bj")

			var got []string
			seen := map[string]bool{"": true}
			args := vpc.ListPeerConnsArgs{MaxKeys: 4}
			empties := 0
			for pages := 0; ; pages++ {
				require.Less(t, pages, 20)
				if pages == tc.before {
					w.faults.Add(listRule(fault.EmptyPage, tc.many))
				}
				page, err := a.ListPeerConn(&args)
				require.NoError(t, err)
				if len(page.PeerConns) == 0 {
					empties++
					require.True(t, page.IsTruncated)
				}
				got = append(got, idsOf(page)...)
				if !page.IsTruncated {
					break
				}
				require.False(t, seen[page.NextMarker], "marker %q repeats", page.NextMarker)
				seen[page.NextMarker] = true
				args.Marker = page.NextMarker
			}
			require.Equal(t, tc.many, empties)
			require.Equal(t, ids, got)
		})
	}
}

// ShiftItems: a connection appears before the walk's position, as a racing
// create would; key markers keep the walk whole, and the new connection is
// there for the next walk.
func TestFaultShiftItems(t *testing.T) {
	w := newWorld(t, bce.Config{})
	ids, err := w.svc.Seed(acctA.ID, "bj", 10)
	require.NoError(t, err)
	a := w.client(t, acctA, "bj")

	page, err := a.ListPeerConn(&vpc.ListPeerConnsArgs{MaxKeys: 4})
	require.NoError(t, err)
	got := idsOf(page)
	marker := page.NextMarker
	w.faults.Add(listRule(fault.ShiftItems, 1))
	for page.IsTruncated {
		page, err = a.ListPeerConn(&vpc.ListPeerConnsArgs{MaxKeys: 4, Marker: page.NextMarker})
		require.NoError(t, err)
		got = append(got, idsOf(page)...)
	}
	require.Equal(t, ids, got)
	require.Equal(t, 1, w.faults.Fired()[fault.ShiftItems])

	all := walk(t, a, vpc.ListPeerConnsArgs{})
	require.Len(t, all, 11)
	var added []string
	for _, id := range all {
		if !slices.Contains(ids, id) {
			added = append(added, id)
		}
	}
	require.Len(t, added, 1)
	require.Less(t, added[0], marker)
	require.Regexp(t, `^peerconn-[0-9a-z]{12}$`, added[0])
}

// Every request is classified under its operation, account and region:
// a throttle rule per operation hits exactly that operation, and a rate
// limit is counted per account and region.
func TestFaultClassification(t *testing.T) {
	w := newWorld(t, bce.Config{})
	a, b := w.client(t, acctA, "bj"), w.client(t, acctB, "bj")
	id := create(t, a, createArgs("vpc-abj1", "vpc-abj2"))
	w.clock.Advance(creatingFor)
	cross := create(t, a, crossArgs())
	w.clock.Advance(creatingFor)
	pc, err := a.GetPeerConnDetail(id, vpc.PEERCONN_ROLE_INITIATOR)
	require.NoError(t, err)
	renew := &vpc.RenewPeerConnArgs{Billing: &vpc.Billing{Reservation: &vpc.Reservation{ReservationLength: 1}}}
	dns := &vpc.PeerConnSyncDNSArgs{Role: vpc.PEERCONN_ROLE_INITIATOR}

	for _, tc := range []struct {
		op   string
		call func() error
	}{
		{bce.OpCreatePeerConn, func() error { _, err := a.CreatePeerConn(createArgs("vpc-abj2", "vpc-abj3")); return err }},
		{bce.OpListPeerConn, func() error { _, err := a.ListPeerConn(nil); return err }},
		{bce.OpGetPeerConn, func() error { _, err := a.GetPeerConnDetail(id, ""); return err }},
		{bce.OpUpdatePeerConn, func() error { return a.UpdatePeerConn(id, &vpc.UpdatePeerConnArgs{LocalIfId: pc.LocalIfId}) }},
		{bce.OpAcceptPeerConn, func() error { return b.AcceptPeerConnApply(cross, "") }},
		{bce.OpRejectPeerConn, func() error { return b.RejectPeerConnApply(cross, "") }},
		{bce.OpResizePeerConn, func() error { return a.ResizePeerConn(id, &vpc.ResizePeerConnArgs{NewBandwidthInMbps: 5}) }},
		{bce.OpRenewPeerConn, func() error { return a.RenewPeerConn(id, renew) }},
		{bce.OpRefundPeerConn, func() error { return a.RefundPeerConn(id, "") }},
		{bce.OpOpenPeerConnDNSSync, func() error { return a.OpenPeerConnSyncDNS(id, dns) }},
		{bce.OpClosePeerConnDNSSync, func() error { return a.ClosePeerConnSyncDNS(id, dns) }},
		{bce.OpUpdatePeerConnDeleteProtect, func() error {
			return a.UpdatePeerConnDeleteProtect(id, &vpc.UpdatePeerConnDeleteProtectArgs{})
		}},
		{bce.OpDeletePeerConn, func() error { return a.DeletePeerConn(id, "") }},
		{bce.OpGetVPC, func() error { _, err := a.GetVPCDetail("vpc-abj1"); return err }},
		{bce.OpGetRouteTable, func() error { _, err := a.GetRouteTableDetail("", "vpc-abj1"); return err }},
		{bce.OpListRouteRule, func() error { _, err := a.GetRouteRuleDetail(&vpc.GetRouteRuleArgs{VpcId: "vpc-abj1"}); return err }},
		{bce.OpCreateRouteRule, func() error {
			_, err := a.CreateRouteRule(&vpc.CreateRouteRuleArgs{RouteTableId: "rt-x", SourceAddress: "0.0.0.0/0",
				DestinationAddress: "10.1.0.0/16", NexthopType: vpc.NEXTHOP_TYPE_PEERCONN, NexthopId: pc.LocalIfId})
			return err
		}},
		{bce.OpDeleteRouteRule, func() error { return a.DeleteRouteRule("rr-x", "") }},
	} {
		t.Run(tc.op, func(t *testing.T) {
			w.faults.Add(fault.Rule{Provider: bce.Provider, Operation: tc.op, Kind: fault.Throttle, Count: 1})
			requireCode(t, tc.call(), bce.CodeRequestRateLimitExceeded, http.StatusTooManyRequests)
			w.faults.Clear()
		})
	}

	w.faults.SetLimit(bce.Provider, bce.OpGetVPC, fault.Limit{Calls: 1, Per: time.Hour, Burst: 1})
	_, err = a.GetVPCDetail("vpc-abj1")
	require.NoError(t, err)
	_, err = a.GetVPCDetail("vpc-abj1")
	requireCode(t, err, bce.CodeRequestRateLimitExceeded, http.StatusTooManyRequests)
	_, err = b.GetVPCDetail("vpc-bbj1")
	require.NoError(t, err, "another account has its own bucket")
	_, err = w.client(t, acctA, "gz").GetVPCDetail("vpc-agz1")
	require.NoError(t, err, "another region has its own bucket")
	_, err = a.ListPeerConn(nil)
	require.NoError(t, err, "another operation is not limited")
}

// A create whose answer is lost has happened; retrying it with its token
// answers the same connection. A 5xx answer creates nothing.
func TestFaultLostAnswers(t *testing.T) {
	w := newWorld(t, bce.Config{})
	a := w.client(t, acctA, "bj")
	args := createArgs("vpc-abj1", "vpc-abj2")
	args.ClientToken = "retry-me"

	w.faults.Add(fault.Rule{Provider: bce.Provider, Operation: bce.OpCreatePeerConn, Kind: fault.ServerError, Status: 500, Count: 1})
	_, err := a.CreatePeerConn(args)
	requireCode(t, err, bce.CodeInternalError, http.StatusInternalServerError)
	require.Empty(t, w.svc.PeerConns())

	w.faults.Add(fault.Rule{Provider: bce.Provider, Operation: bce.OpCreatePeerConn, Kind: fault.DropResponse, Count: 1})
	before := w.svc.Requests()
	_, err = a.CreatePeerConn(args)
	require.Error(t, err)
	require.Equal(t, before+1, w.svc.Requests())
	world := w.svc.PeerConns()
	require.Len(t, world, 1)
	require.Equal(t, world[0].ID, create(t, a, args))
	require.Len(t, w.svc.PeerConns(), 1)
	require.Equal(t, before+2, w.svc.Requests())
}

func idsOf(page *vpc.ListPeerConnsResult) []string {
	var ids []string
	for _, pc := range page.PeerConns {
		ids = append(ids, pc.PeerConnId)
	}
	return ids
}
