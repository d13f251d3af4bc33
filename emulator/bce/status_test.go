package bce_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/baidubce/bce-sdk-go/services/vpc"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator/bce"
)

// crossArgs is A's request to peer vpc-abj1 with B's vpc-bbj1.
func crossArgs() *vpc.CreatePeerConnArgs {
	args := createArgs("vpc-abj1", "vpc-bbj1")
	args.PeerAccountId = acctB.ID
	return args
}

// An unanswered cross-account request fails exactly ConsultWindow after its
// creation, and can no longer be accepted, only deleted by the initiator.
func TestConsultWindow(t *testing.T) {
	w := newWorld(t, bce.Config{})
	a, b := w.client(t, acctA, "bj"), w.client(t, acctB, "bj")
	id := create(t, a, crossArgs())
	created := w.clock.Now()

	require.Equal(t, bce.StatusCreating, status(t, b, id))
	w.clock.Advance(creatingFor)
	require.Equal(t, bce.StatusConsulting, status(t, b, id))
	w.clock.Advance(bce.ConsultWindow - w.clock.Now().Sub(created) - 2*time.Second)
	require.Equal(t, bce.StatusConsulting, status(t, a, id))
	w.clock.Advance(3 * time.Second)
	require.Equal(t, bce.StatusConsultFailed, status(t, a, id))
	require.Equal(t, bce.StatusConsultFailed, status(t, b, id))
	requireCode(t, b.AcceptPeerConnApply(id, ""), bce.CodePeerConnStatusConflict, http.StatusConflict)

	require.NoError(t, a.DeletePeerConn(id, ""))
	require.Equal(t, bce.StatusDeleting, status(t, b, id))
	w.clock.Advance(deletingFor + deletedFor)
	_, err := b.GetPeerConnDetail(id, "")
	requireCode(t, err, bce.CodeNoSuchObject, http.StatusNotFound)
}

// Accepting in time stops the clock on the request: it stays active past
// the window.
func TestAcceptedBeforeWindow(t *testing.T) {
	w := newWorld(t, bce.Config{})
	a, b := w.client(t, acctA, "bj"), w.client(t, acctB, "bj")
	id := create(t, a, crossArgs())
	w.clock.Advance(bce.ConsultWindow / 2)
	require.NoError(t, b.AcceptPeerConnApply(id, ""))
	w.clock.Advance(bce.ConsultWindow)
	require.Equal(t, bce.StatusActive, status(t, a, id))
}

// Updating a request while it waits returns it to consulting, and its
// window still runs from creation.
func TestUpdateWhileConsulting(t *testing.T) {
	w := newWorld(t, bce.Config{})
	a := w.client(t, acctA, "bj")
	id := create(t, a, crossArgs())
	w.clock.Advance(creatingFor)
	pc, err := a.GetPeerConnDetail(id, vpc.PEERCONN_ROLE_INITIATOR)
	require.NoError(t, err)
	require.NoError(t, a.UpdatePeerConn(id, &vpc.UpdatePeerConnArgs{LocalIfId: pc.LocalIfId, Description: "still waiting"}))
	require.Equal(t, bce.StatusUpdating, status(t, a, id))
	w.clock.Advance(updatingFor)
	require.Equal(t, bce.StatusConsulting, status(t, a, id))
	w.clock.Advance(bce.ConsultWindow - creatingFor - updatingFor)
	require.Equal(t, bce.StatusConsultFailed, status(t, a, id))
}

// Operations refused for the connection's status, the caller's side, or a
// bad parameter.
func TestOperationPreconditions(t *testing.T) {
	type env struct {
		w        *world
		a, b     *vpc.Client
		same     string // same-account connection, still creating
		cross    string // cross-account connection, consulting
		crossIfB string // B's interface on cross
	}
	setup := func(t *testing.T) env {
		w := newWorld(t, bce.Config{})
		e := env{w: w, a: w.client(t, acctA, "bj"), b: w.client(t, acctB, "bj")}
		e.cross = create(t, e.a, crossArgs())
		w.clock.Advance(creatingFor)
		e.same = create(t, e.a, createArgs("vpc-abj2", "vpc-abj3"))
		pc, err := e.b.GetPeerConnDetail(e.cross, vpc.PEERCONN_ROLE_ACCEPTOR)
		require.NoError(t, err)
		e.crossIfB = pc.LocalIfId
		return e
	}
	for _, tc := range []struct {
		name   string
		call   func(e env) error
		code   string
		status int
	}{
		{"update while creating", func(e env) error {
			pc, _ := e.a.GetPeerConnDetail(e.same, vpc.PEERCONN_ROLE_INITIATOR)
			return e.a.UpdatePeerConn(e.same, &vpc.UpdatePeerConnArgs{LocalIfId: pc.LocalIfId, Description: "x"})
		}, bce.CodePeerConnStatusConflict, 409},
		{"resize while creating", func(e env) error {
			return e.a.ResizePeerConn(e.same, &vpc.ResizePeerConnArgs{NewBandwidthInMbps: 10})
		}, bce.CodePeerConnStatusConflict, 409},
		{"delete while creating", func(e env) error { return e.a.DeletePeerConn(e.same, "") }, bce.CodePeerConnStatusConflict, 409},
		{"DNS open while consulting", func(e env) error {
			return e.a.OpenPeerConnSyncDNS(e.cross, &vpc.PeerConnSyncDNSArgs{Role: vpc.PEERCONN_ROLE_INITIATOR})
		}, bce.CodePeerConnStatusConflict, 409},
		{"accept within one account", func(e env) error {
			e.w.clock.Advance(creatingFor)
			return e.a.AcceptPeerConnApply(e.same, "")
		}, bce.CodePeerConnStatusConflict, 409},
		{"DNS without role", func(e env) error {
			return e.a.OpenPeerConnSyncDNS(e.cross, &vpc.PeerConnSyncDNSArgs{})
		}, bce.CodeInvalidURI, 400},
		{"DNS on the other account's end", func(e env) error {
			return e.a.OpenPeerConnSyncDNS(e.cross, &vpc.PeerConnSyncDNSArgs{Role: vpc.PEERCONN_ROLE_ACCEPTOR})
		}, bce.CodeAccessDenied, 403},
		{"delete protection by the acceptor", func(e env) error {
			return e.b.UpdatePeerConnDeleteProtect(e.cross, &vpc.UpdatePeerConnDeleteProtectArgs{DeleteProtect: true})
		}, bce.CodeAccessDenied, 403},
		{"renew by the acceptor", func(e env) error {
			return e.b.RenewPeerConn(e.cross, &vpc.RenewPeerConnArgs{Billing: &vpc.Billing{Reservation: &vpc.Reservation{ReservationLength: 1}}})
		}, bce.CodeAccessDenied, 403},
		{"update of an unknown interface", func(e env) error {
			return e.a.UpdatePeerConn(e.cross, &vpc.UpdatePeerConnArgs{LocalIfId: "qpif-000000000000"})
		}, bce.CodeInappropriateJSON, 400},
		{"update of the other account's interface", func(e env) error {
			return e.a.UpdatePeerConn(e.cross, &vpc.UpdatePeerConnArgs{LocalIfId: e.crossIfB, Description: "mine now"})
		}, bce.CodeAccessDenied, 403},
		{"update without localIfId", func(e env) error {
			return e.a.UpdatePeerConn(e.cross, &vpc.UpdatePeerConnArgs{Description: "x"})
		}, bce.CodeInappropriateJSON, 400},
		{"get with an unknown role", func(e env) error {
			_, err := e.a.GetPeerConnDetail(e.cross, "owner")
			return err
		}, bce.CodeInvalidURI, 400},
		{"another account's connection", func(e env) error {
			_, err := e.b.GetPeerConnDetail(e.same, "")
			return err
		}, bce.CodeNoSuchObject, 404},
		{"acceptor updates its own interface while consulting", func(e env) error {
			return e.b.UpdatePeerConn(e.cross, &vpc.UpdatePeerConnArgs{LocalIfId: e.crossIfB, LocalIfName: "b-side"})
		}, "", 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call(setup(t))
			if tc.code == "" {
				require.NoError(t, err)
				return
			}
			requireCode(t, err, tc.code, tc.status)
		})
	}
}
