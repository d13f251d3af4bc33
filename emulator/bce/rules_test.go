package bce_test

import (
	"net/http"
	"testing"

	"github.com/baidubce/bce-sdk-go/services/vpc"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator/bce"
)

// Every business rule of the create document, and the request checks,
// refuse with the documented or chosen code.
func TestCreateRules(t *testing.T) {
	prepaid := func(months int) *vpc.Billing {
		return &vpc.Billing{PaymentTiming: vpc.PAYMENT_TIMING_PREPAID, Reservation: &vpc.Reservation{ReservationLength: months, ReservationTimeUnit: "month"}}
	}
	for _, tc := range []struct {
		name   string
		setup  func(t *testing.T, w *world)    // connections that exist before
		args   func(a *vpc.CreatePeerConnArgs) // changes to vpc-abj1 -> vpc-abj2, Postpaid
		code   string
		status int
	}{
		{name: "zero bandwidth", args: func(a *vpc.CreatePeerConnArgs) { a.BandwidthInMbps = 0 }, code: bce.CodeInappropriateJSON, status: 400},
		{name: "no local VPC", args: func(a *vpc.CreatePeerConnArgs) { a.LocalVpcId = "" }, code: bce.CodeInappropriateJSON, status: 400},
		{name: "no peer region", args: func(a *vpc.CreatePeerConnArgs) { a.PeerRegion = "" }, code: bce.CodeInappropriateJSON, status: 400},
		{name: "no billing", args: func(a *vpc.CreatePeerConnArgs) { a.Billing = nil }, code: bce.CodeInappropriateJSON, status: 400},
		{name: "unknown payment timing", args: func(a *vpc.CreatePeerConnArgs) { a.Billing.PaymentTiming = "Monthly" }, code: bce.CodeInappropriateJSON, status: 400},
		{name: "same region prepaid", args: func(a *vpc.CreatePeerConnArgs) { a.Billing = prepaid(1) }, code: bce.CodeInappropriateJSON, status: 400},
		{name: "prepaid without a valid length", args: func(a *vpc.CreatePeerConnArgs) {
			a.PeerVpcId, a.PeerRegion, a.Billing = "vpc-agz1", "gz", prepaid(10)
		}, code: bce.CodeInappropriateJSON, status: 400},
		{name: "same VPC twice", args: func(a *vpc.CreatePeerConnArgs) { a.PeerVpcId = a.LocalVpcId }, code: bce.CodeInappropriateJSON, status: 400},
		{name: "local VPC of another account", args: func(a *vpc.CreatePeerConnArgs) { a.LocalVpcId = "vpc-bbj1" }, code: bce.CodeNoSuchObject, status: 404},
		{name: "local VPC in another region", args: func(a *vpc.CreatePeerConnArgs) { a.LocalVpcId = "vpc-agz1" }, code: bce.CodeNoSuchObject, status: 404},
		{name: "peer VPC not in peer region", args: func(a *vpc.CreatePeerConnArgs) { a.PeerRegion = "gz" }, code: bce.CodeNoSuchObject, status: 404},
		{name: "peer VPC of another account without peerAccountId", args: func(a *vpc.CreatePeerConnArgs) { a.PeerVpcId = "vpc-bbj1" }, code: bce.CodeNoSuchObject, status: 404},
		{name: "peer VPC not in peerAccountId's account", args: func(a *vpc.CreatePeerConnArgs) { a.PeerAccountId = acctB.ID }, code: bce.CodeNoSuchObject, status: 404},
		{name: "unknown peer account", args: func(a *vpc.CreatePeerConnArgs) {
			a.PeerVpcId, a.PeerAccountId = "vpc-bbj1", "00000000000000000000000000000000"
		}, code: bce.CodeNoSuchObject, status: 404},
		{name: "peerIfName across accounts", args: func(a *vpc.CreatePeerConnArgs) {
			a.PeerVpcId, a.PeerAccountId, a.PeerIfName = "vpc-bbj1", acctB.ID, "theirs"
		}, code: bce.CodeInappropriateJSON, status: 400},
		{name: "two relay VPCs", args: func(a *vpc.CreatePeerConnArgs) {
			a.LocalVpcId, a.PeerVpcId, a.PeerAccountId = "vpc-arly", "vpc-brly", acctB.ID
		}, code: bce.CodeRelayVpcPeerConnNotAllowed, status: 400},
		{name: "relay with a plain VPC", args: func(a *vpc.CreatePeerConnArgs) { a.PeerVpcId = "vpc-arly" }},
		{name: "own account ID as peerAccountId", args: func(a *vpc.CreatePeerConnArgs) { a.PeerAccountId = acctA.ID }},
		{name: "pair already peered, other order", setup: func(t *testing.T, w *world) {
			create(t, w.client(t, acctA, "bj"), createArgs("vpc-abj2", "vpc-abj1"))
		}, code: bce.CodePeerConnAlreadyExists, status: 409},
		{name: "pair peered by a connection being deleted", setup: func(t *testing.T, w *world) {
			a := w.client(t, acctA, "bj")
			id := create(t, a, createArgs("vpc-abj1", "vpc-abj2"))
			w.clock.Advance(creatingFor)
			require.NoError(t, a.DeletePeerConn(id, ""))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, bce.Config{})
			if tc.setup != nil {
				tc.setup(t, w)
			}
			args := createArgs("vpc-abj1", "vpc-abj2")
			if tc.args != nil {
				tc.args(args)
			}
			res, err := w.client(t, acctA, "bj").CreatePeerConn(args)
			if tc.code == "" {
				require.NoError(t, err)
				require.NotEmpty(t, res.PeerConnId)
				return
			}
			requireCode(t, err, tc.code, tc.status)
		})
	}
}

// Quotas count live connections made through the API, per VPC (either end)
// and per account and region; seeded ones do not count, released ones stop
// counting.
func TestCreateQuotas(t *testing.T) {
	w := newWorld(t, bce.Config{MaxPerVPC: 2, MaxPerAccount: 3})
	_, err := w.svc.Seed(acctA.ID, "bj", 20)
	require.NoError(t, err)
	a := w.client(t, acctA, "bj")

	create(t, a, createArgs("vpc-abj1", "vpc-abj2"))
	id := create(t, a, createArgs("vpc-abj1", "vpc-abj3"))
	_, err = a.CreatePeerConn(createArgs("vpc-arly", "vpc-abj1"))
	requireCode(t, err, bce.CodePeerConnQuotaExceeded, http.StatusBadRequest) // vpc-abj1 is full as the peer

	create(t, a, createArgs("vpc-abj2", "vpc-abj3"))
	cross := createArgs("vpc-arly", "vpc-agz1")
	cross.PeerRegion = "gz"
	_, err = a.CreatePeerConn(cross)
	requireCode(t, err, bce.CodePeerConnQuotaExceeded, http.StatusBadRequest) // three in bj for the account

	w.clock.Advance(creatingFor)
	require.NoError(t, a.DeletePeerConn(id, ""))
	create(t, a, cross)
}

// Bodies that are not JSON, or hold a value of the wrong type, are refused
// before any rule is checked.
func TestCreateBodies(t *testing.T) {
	w := newWorld(t, bce.Config{})
	for _, tc := range []struct {
		name, body, code string
	}{
		{"not JSON", `{"bandwidthInMbps":`, bce.CodeMalformedJSON},
		{"empty", ``, bce.CodeMalformedJSON},
		{"trailing data", `{} {}`, bce.CodeMalformedJSON},
		{"wrong type", `{"bandwidthInMbps":"ten","localVpcId":"vpc-abj1","peerVpcId":"vpc-abj2","peerRegion":"bj","billing":{"paymentTiming":"Postpaid"}}`, bce.CodeInappropriateJSON},
		{"null", `null`, bce.CodeInappropriateJSON},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := send(t, signed(t, acctA, "POST", w.url["bj"]+"/v1/peerconn?clientToken="+newToken(), []byte(tc.body), signOpts{}))
			require.Equal(t, http.StatusBadRequest, got.status)
			require.Equal(t, tc.code, got.body["code"], got.body["message"])
		})
	}
}

// Unknown paths, wrong methods and conflicting action flags are refused.
func TestRoutes(t *testing.T) {
	w := newWorld(t, bce.Config{})
	for _, tc := range []struct {
		name, method, path string
		status             int
		code               string
	}{
		{"unknown path", "GET", "/v1/nothing", 400, bce.CodeInvalidURI},
		{"wrong method on the collection", "DELETE", "/v1/peerconn", 405, bce.CodeMethodNotAllowed},
		{"wrong method on a VPC", "PUT", "/v1/vpc/vpc-abj1", 405, bce.CodeMethodNotAllowed},
		{"two action flags", "PUT", "/v1/peerconn/peerconn-000000000000?accept&reject", 400, bce.CodeInvalidURI},
		{"unknown connection", "GET", "/v1/peerconn/peerconn-000000000000", 404, bce.CodeNoSuchObject},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := send(t, signed(t, acctA, tc.method, w.url["bj"]+tc.path, nil, signOpts{}))
			require.Equal(t, tc.status, got.status)
			require.Equal(t, tc.code, got.body["code"], got.body["message"])
		})
	}
}
