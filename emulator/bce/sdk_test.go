package bce_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/baidubce/bce-sdk-go/model"
	"github.com/baidubce/bce-sdk-go/services/vpc"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator/bce"
)

// The official SDK drives a same-account connection through its whole life;
// every answer decodes into the SDK's types.
func TestSDKSameAccountLifecycle(t *testing.T) {
	w := newWorld(t, bce.Config{})
	a := w.client(t, acctA, "bj")

	args := createArgs("vpc-abj1", "vpc-abj2")
	args.Description = "peer_same_account"
	args.LocalIfName = "local-if"
	args.PeerIfName = "peer-if"
	args.Tags = []model.TagModel{{TagKey: "env", TagValue: "prod"}}
	args.ClientToken = "create-1"
	id := create(t, a, args)

	pc, err := a.GetPeerConnDetail(id, vpc.PEERCONN_ROLE_INITIATOR)
	require.NoError(t, err)
	require.Equal(t, vpc.PeerConn{
		PeerConnId:      id,
		Role:            vpc.PEERCONN_ROLE_INITIATOR,
		Status:          vpc.PEERCONN_STATUS_CREATING,
		BandwidthInMbps: 100,
		Description:     "peer_same_account",
		LocalIfId:       pc.LocalIfId,
		LocalIfName:     "local-if",
		LocalVpcId:      "vpc-abj1",
		LocalRegion:     "bj",
		PeerVpcId:       "vpc-abj2",
		PeerRegion:      "bj",
		PeerAccountId:   acctA.ID,
		PaymentTiming:   "Postpaid",
		DnsStatus:       vpc.DNS_STATUS_CLOSE,
		CreatedTime:     pc.CreatedTime,
		ExpiredTime:     "",
		Tags:            []model.TagModel{{TagKey: "env", TagValue: "prod"}},
		DeleteProtect:   false,
	}, *pc)
	require.Regexp(t, `^qpif-[0-9a-z]{12}$`, pc.LocalIfId)
	created, err := time.ParseInLocation("2006-01-02 15:04:05", pc.CreatedTime, time.FixedZone("CST", 8*3600))
	require.NoError(t, err)
	require.WithinDuration(t, w.clock.Now(), created, 2*time.Second)

	w.clock.Advance(creatingFor)
	require.Equal(t, bce.StatusActive, status(t, a, id))

	peerEnd, err := a.GetPeerConnDetail(id, vpc.PEERCONN_ROLE_ACCEPTOR)
	require.NoError(t, err)
	require.Equal(t, vpc.PEERCONN_ROLE_ACCEPTOR, peerEnd.Role)
	require.Equal(t, "vpc-abj2", peerEnd.LocalVpcId)
	require.Equal(t, "vpc-abj1", peerEnd.PeerVpcId)
	require.Equal(t, "peer-if", peerEnd.LocalIfName)
	require.NotEqual(t, pc.LocalIfId, peerEnd.LocalIfId)

	// Update changes the named end only, passing through updating.
	require.NoError(t, a.UpdatePeerConn(id, &vpc.UpdatePeerConnArgs{LocalIfId: pc.LocalIfId, Description: "renamed", LocalIfName: "new-if"}))
	require.Equal(t, bce.StatusUpdating, status(t, a, id))
	w.clock.Advance(updatingFor)
	pc, err = a.GetPeerConnDetail(id, vpc.PEERCONN_ROLE_INITIATOR)
	require.NoError(t, err)
	require.Equal(t, vpc.PEERCONN_STATUS_ACTIVE, pc.Status)
	require.Equal(t, "renamed", pc.Description)
	require.Equal(t, "new-if", pc.LocalIfName)
	peerEnd, err = a.GetPeerConnDetail(id, vpc.PEERCONN_ROLE_ACCEPTOR)
	require.NoError(t, err)
	require.Equal(t, "peer_same_account", peerEnd.Description)

	// A postpaid connection resizes both ways.
	for _, bw := range []int{500, 50} {
		require.NoError(t, a.ResizePeerConn(id, &vpc.ResizePeerConnArgs{NewBandwidthInMbps: bw}))
		require.Equal(t, bce.StatusUpdating, status(t, a, id))
		w.clock.Advance(updatingFor)
		pc, err = a.GetPeerConnDetail(id, vpc.PEERCONN_ROLE_INITIATOR)
		require.NoError(t, err)
		require.Equal(t, bw, pc.BandwidthInMbps)
		require.Equal(t, vpc.PEERCONN_STATUS_ACTIVE, pc.Status)
	}

	err = a.RenewPeerConn(id, &vpc.RenewPeerConnArgs{Billing: &vpc.Billing{Reservation: &vpc.Reservation{ReservationLength: 1, ReservationTimeUnit: "month"}}})
	requireCode(t, err, bce.CodeInappropriateJSON, http.StatusBadRequest)

	// DNS sync: wait, syncing, open; then closing, close.
	dns := func(role vpc.PeerConnRoleType) vpc.DnsStatusType {
		pc, err := a.GetPeerConnDetail(id, role)
		require.NoError(t, err)
		return pc.DnsStatus
	}
	require.NoError(t, a.OpenPeerConnSyncDNS(id, &vpc.PeerConnSyncDNSArgs{Role: vpc.PEERCONN_ROLE_INITIATOR}))
	require.Equal(t, vpc.DNS_STATUS_WAIT, dns(vpc.PEERCONN_ROLE_INITIATOR))
	require.Equal(t, vpc.DNS_STATUS_CLOSE, dns(vpc.PEERCONN_ROLE_ACCEPTOR))
	w.clock.Advance(dnsWaitFor)
	require.Equal(t, vpc.DNS_STATUS_SYNCING, dns(vpc.PEERCONN_ROLE_INITIATOR))
	err = a.ClosePeerConnSyncDNS(id, &vpc.PeerConnSyncDNSArgs{Role: vpc.PEERCONN_ROLE_INITIATOR})
	requireCode(t, err, bce.CodePeerConnStatusConflict, http.StatusConflict)
	w.clock.Advance(dnsSyncFor)
	require.Equal(t, vpc.DNS_STATUS_OPEN, dns(vpc.PEERCONN_ROLE_INITIATOR))
	err = a.OpenPeerConnSyncDNS(id, &vpc.PeerConnSyncDNSArgs{Role: vpc.PEERCONN_ROLE_INITIATOR})
	requireCode(t, err, bce.CodePeerConnStatusConflict, http.StatusConflict)
	require.NoError(t, a.ClosePeerConnSyncDNS(id, &vpc.PeerConnSyncDNSArgs{Role: vpc.PEERCONN_ROLE_INITIATOR}))
	require.Equal(t, vpc.DNS_STATUS_CLOSING, dns(vpc.PEERCONN_ROLE_INITIATOR))
	w.clock.Advance(dnsClosingFor)
	require.Equal(t, vpc.DNS_STATUS_CLOSE, dns(vpc.PEERCONN_ROLE_INITIATOR))

	// Delete protection blocks delete until switched off.
	require.NoError(t, a.UpdatePeerConnDeleteProtect(id, &vpc.UpdatePeerConnDeleteProtectArgs{DeleteProtect: true}))
	pc, err = a.GetPeerConnDetail(id, vpc.PEERCONN_ROLE_INITIATOR)
	require.NoError(t, err)
	require.True(t, pc.DeleteProtect)
	requireCode(t, a.DeletePeerConn(id, ""), bce.CodePeerConnDeleteProtected, http.StatusConflict)
	require.NoError(t, a.UpdatePeerConnDeleteProtect(id, &vpc.UpdatePeerConnDeleteProtectArgs{DeleteProtect: false}))

	require.NoError(t, a.DeletePeerConn(id, "delete-1"))
	require.Equal(t, bce.StatusDeleting, status(t, a, id))
	requireCode(t, a.DeletePeerConn(id, ""), bce.CodePeerConnStatusConflict, http.StatusConflict)
	w.clock.Advance(deletingFor)
	require.Equal(t, bce.StatusDeleted, status(t, a, id))
	w.clock.Advance(deletedFor)
	_, err = a.GetPeerConnDetail(id, "")
	requireCode(t, err, bce.CodeNoSuchObject, http.StatusNotFound)
	list, err := a.ListPeerConn(nil)
	require.NoError(t, err)
	require.Empty(t, list.PeerConns)
	require.Empty(t, w.svc.PeerConns())

	// The pair is free again.
	create(t, a, createArgs("vpc-abj2", "vpc-abj1"))
}

// A cross-account connection is seen by both accounts, each from its own
// end, and only the acceptor answers it.
func TestSDKCrossAccount(t *testing.T) {
	w := newWorld(t, bce.Config{})
	a, b := w.client(t, acctA, "bj"), w.client(t, acctB, "bj")

	args := createArgs("vpc-abj1", "vpc-bbj1")
	args.PeerAccountId = acctB.ID
	args.Description = "peer_diff_account"
	args.Tags = []model.TagModel{{TagKey: "team", TagValue: "netops"}}
	id := create(t, a, args)
	w.clock.Advance(creatingFor)

	la, err := a.ListPeerConn(nil)
	require.NoError(t, err)
	lb, err := b.ListPeerConn(nil)
	require.NoError(t, err)
	require.Len(t, la.PeerConns, 1)
	require.Len(t, lb.PeerConns, 1)
	ia, ib := la.PeerConns[0], lb.PeerConns[0]
	require.Equal(t, id, ia.PeerConnId)
	require.Equal(t, id, ib.PeerConnId)
	require.Equal(t, vpc.PEERCONN_STATUS_CONSULTING, ia.Status)
	require.Equal(t, vpc.PEERCONN_STATUS_CONSULTING, ib.Status)
	require.Equal(t, vpc.PEERCONN_ROLE_INITIATOR, ia.Role)
	require.Equal(t, vpc.PEERCONN_ROLE_ACCEPTOR, ib.Role)
	require.Equal(t, [4]string{"vpc-abj1", "vpc-bbj1", acctB.ID, "peer_diff_account"}, [4]string{ia.LocalVpcId, ia.PeerVpcId, ia.PeerAccountId, ia.Description})
	require.Equal(t, [4]string{"vpc-bbj1", "vpc-abj1", acctA.ID, "peer_diff_account"}, [4]string{ib.LocalVpcId, ib.PeerVpcId, ib.PeerAccountId, ib.Description})
	require.Len(t, ia.Tags, 1)
	require.Empty(t, ib.Tags, "the initiator's tags are its own")

	requireCode(t, a.AcceptPeerConnApply(id, ""), bce.CodeAccessDenied, http.StatusForbidden)
	requireCode(t, b.DeletePeerConn(id, ""), bce.CodeAccessDenied, http.StatusForbidden)
	requireCode(t, b.ResizePeerConn(id, &vpc.ResizePeerConnArgs{NewBandwidthInMbps: 10}), bce.CodeAccessDenied, http.StatusForbidden)
	_, err = b.GetPeerConnDetail(id, vpc.PEERCONN_ROLE_INITIATOR)
	requireCode(t, err, bce.CodeAccessDenied, http.StatusForbidden)
	_, err = w.client(t, acctB, "gz").GetPeerConnDetail(id, "")
	requireCode(t, err, bce.CodeNoSuchObject, http.StatusNotFound)

	require.NoError(t, b.AcceptPeerConnApply(id, ""))
	require.Equal(t, bce.StatusStarting, status(t, b, id))
	w.clock.Advance(startingFor)
	require.Equal(t, bce.StatusActive, status(t, a, id))
	require.Equal(t, bce.StatusActive, status(t, b, id))
	requireCode(t, b.AcceptPeerConnApply(id, ""), bce.CodePeerConnStatusConflict, http.StatusConflict)

	// A second request, rejected.
	args = createArgs("vpc-abj2", "vpc-bbj1")
	args.PeerAccountId = acctB.ID
	id2 := create(t, a, args)
	requireCode(t, b.RejectPeerConnApply(id2, ""), bce.CodePeerConnStatusConflict, http.StatusConflict) // still creating
	w.clock.Advance(creatingFor)
	require.NoError(t, b.RejectPeerConnApply(id2, ""))
	require.Equal(t, bce.StatusConsultFailed, status(t, a, id2))
	require.Equal(t, bce.StatusConsultFailed, status(t, b, id2))

	// The world holds one record per connection with both ends.
	world := w.svc.PeerConns()
	require.Len(t, world, 2)
	for _, pc := range world {
		require.Equal(t, acctA.ID, pc.Initiator.AccountID)
		require.Equal(t, acctB.ID, pc.Acceptor.AccountID)
		require.Equal(t, "vpc-bbj1", pc.Acceptor.VPCID)
	}
}

// A cross-region prepaid connection: the term blocks delete, renewal
// extends it, it expires on the clock and renewal revives it; it is seen
// from the acceptor's end at the other region's endpoint.
func TestSDKCrossRegionPrepaid(t *testing.T) {
	w := newWorld(t, bce.Config{})
	a := w.client(t, acctA, "bj")
	args := createArgs("vpc-abj1", "vpc-agz1")
	args.PeerRegion = "gz"
	args.Billing = &vpc.Billing{PaymentTiming: vpc.PAYMENT_TIMING_PREPAID, Reservation: &vpc.Reservation{ReservationLength: 1, ReservationTimeUnit: "month"}}
	id := create(t, a, args)
	w.clock.Advance(creatingFor)

	pc, err := a.GetPeerConnDetail(id, vpc.PEERCONN_ROLE_INITIATOR)
	require.NoError(t, err)
	require.Equal(t, "Prepaid", pc.PaymentTiming)
	expires, err := time.ParseInLocation("2006-01-02 15:04:05", pc.ExpiredTime, time.FixedZone("CST", 8*3600))
	require.NoError(t, err)

	gz, err := w.client(t, acctA, "gz").GetPeerConnDetail(id, "")
	require.NoError(t, err)
	require.Equal(t, vpc.PEERCONN_ROLE_ACCEPTOR, gz.Role)
	require.Equal(t, "gz", gz.LocalRegion)
	require.Equal(t, "bj", gz.PeerRegion)

	requireCode(t, a.DeletePeerConn(id, ""), bce.CodePrepaidPeerConnNotExpired, http.StatusConflict)
	requireCode(t, a.ResizePeerConn(id, &vpc.ResizePeerConnArgs{NewBandwidthInMbps: 50}), bce.CodeInappropriateJSON, http.StatusBadRequest)
	require.NoError(t, a.ResizePeerConn(id, &vpc.ResizePeerConnArgs{NewBandwidthInMbps: 200}))
	w.clock.Advance(updatingFor)

	renew := &vpc.RenewPeerConnArgs{Billing: &vpc.Billing{Reservation: &vpc.Reservation{ReservationLength: 2, ReservationTimeUnit: "month"}}}
	require.NoError(t, a.RenewPeerConn(id, renew))
	pc, err = a.GetPeerConnDetail(id, vpc.PEERCONN_ROLE_INITIATOR)
	require.NoError(t, err)
	require.Equal(t, expires.AddDate(0, 2, 0).Format("2006-01-02 15:04:05"), pc.ExpiredTime)

	w.clock.Advance(expires.AddDate(0, 2, 0).Sub(w.clock.Now()) + time.Hour)
	require.Equal(t, bce.StatusExpired, status(t, a, id))
	renew.ClientToken = "renew-again"
	require.NoError(t, a.RenewPeerConn(id, renew))
	require.Equal(t, bce.StatusStarting, status(t, a, id))
	w.clock.Advance(startingFor)
	require.Equal(t, bce.StatusActive, status(t, a, id))

	// A refund releases a prepaid connection before its term; a postpaid
	// one has nothing to refund.
	postpaid := create(t, a, createArgs("vpc-abj2", "vpc-abj3"))
	w.clock.Advance(creatingFor)
	requireCode(t, a.RefundPeerConn(postpaid, ""), bce.CodeInappropriateJSON, http.StatusBadRequest)
	require.NoError(t, a.RefundPeerConn(id, ""))
	require.Equal(t, bce.StatusDeleting, status(t, a, id))
}

// GetVPCDetail decodes the VPC of the caller in the endpoint's region;
// any other VPC is NoSuchObject.
func TestSDKGetVPC(t *testing.T) {
	w := newWorld(t, bce.Config{})
	a := w.client(t, acctA, "bj")

	res, err := a.GetVPCDetail("vpc-abj1")
	require.NoError(t, err)
	require.Equal(t, "vpc-abj1", res.VPC.VPCId)
	require.Equal(t, "a-bj-1", res.VPC.Name)
	require.Equal(t, "192.168.0.0/16", res.VPC.Cidr)
	require.Equal(t, "240c:4081:8002:a100::/56", res.VPC.Ipv6Cidr)
	require.False(t, res.VPC.Relay)
	require.NotNil(t, res.VPC.Subnets)
	_, err = time.Parse(time.RFC3339, res.VPC.CreatedTime)
	require.NoError(t, err)

	res, err = a.GetVPCDetail("vpc-arly")
	require.NoError(t, err)
	require.True(t, res.VPC.Relay)

	for _, tc := range []struct {
		name   string
		client *vpc.Client
		vpc    string
	}{
		{"another account's", w.client(t, acctB, "bj"), "vpc-abj1"},
		{"another region's", a, "vpc-agz1"},
		{"unknown", a, "vpc-nothere0000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.client.GetVPCDetail(tc.vpc)
			requireCode(t, err, bce.CodeNoSuchObject, http.StatusNotFound)
		})
	}
	_, err = w.client(t, acctA, "gz").GetVPCDetail("vpc-agz1")
	require.NoError(t, err)
}

// A client with the wrong secret is refused; the right one is not.
func TestSDKWrongSecret(t *testing.T) {
	w := newWorld(t, bce.Config{})
	bad := acctA
	bad.SecretAccessKey = "not-the-secret"
	_, err := w.client(t, bad, "bj").ListPeerConn(nil)
	requireCode(t, err, bce.CodeSignatureDoesNotMatch, http.StatusBadRequest)

	unknown := acctA
	unknown.AccessKeyID = "ak-unknown"
	_, err = w.client(t, unknown, "bj").ListPeerConn(nil)
	requireCode(t, err, bce.CodeInvalidAccessKeyID, http.StatusForbidden)

	_, err = w.client(t, acctA, "bj").ListPeerConn(nil)
	require.NoError(t, err)
}
