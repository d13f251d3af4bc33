package bce_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	bcesdk "github.com/baidubce/bce-sdk-go/bce"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator/bce"
)

// The same clientToken with the same request answers the original result;
// with another request it is refused; tokens belong to an account, span
// regions, and are forgotten TokenTTL after their last use.
func TestIdempotentCreate(t *testing.T) {
	w := newWorld(t, bce.Config{})
	a := w.client(t, acctA, "bj")
	args := createArgs("vpc-abj1", "vpc-abj2")
	args.ClientToken = "tok-1"

	id := create(t, a, args)
	w.clock.Advance(time.Hour)
	require.Equal(t, id, create(t, a, args), "a retry answers the original ID")
	require.Len(t, w.svc.PeerConns(), 1)

	other := createArgs("vpc-abj1", "vpc-abj3")
	other.ClientToken = "tok-1"
	_, err := a.CreatePeerConn(other)
	requireCode(t, err, bce.CodeIdempotentParameterMismatch, http.StatusForbidden)

	// The same token at another region's endpoint is another request.
	_, err = w.client(t, acctA, "gz").CreatePeerConn(args)
	requireCode(t, err, bce.CodeIdempotentParameterMismatch, http.StatusForbidden)

	// Another account's token space is its own.
	bArgs := createArgs("vpc-bbj1", "vpc-brly")
	bArgs.ClientToken = "tok-1"
	require.NotEqual(t, id, create(t, w.client(t, acctB, "bj"), bArgs))

	// Each use keeps the token for another TokenTTL.
	w.clock.Advance(bce.TokenTTL - time.Hour)
	require.Equal(t, id, create(t, a, args))
	w.clock.Advance(bce.TokenTTL - time.Minute)
	_, err = a.CreatePeerConn(other)
	requireCode(t, err, bce.CodeIdempotentParameterMismatch, http.StatusForbidden)
	w.clock.Advance(2 * time.Minute)
	create(t, a, other)
}

// A failed request does not take its token: the corrected request may use
// it.
func TestIdempotencyForgetsFailures(t *testing.T) {
	w := newWorld(t, bce.Config{})
	a := w.client(t, acctA, "bj")
	bad := createArgs("vpc-abj1", "vpc-nothere0000")
	bad.ClientToken = "tok-2"
	_, err := a.CreatePeerConn(bad)
	requireCode(t, err, bce.CodeNoSuchObject, http.StatusNotFound)
	good := createArgs("vpc-abj1", "vpc-abj2")
	good.ClientToken = "tok-2"
	create(t, a, good)
}

// Repeated actions with their token answer 200 again, even when the action
// itself could not be done twice.
func TestIdempotentActions(t *testing.T) {
	w := newWorld(t, bce.Config{})
	a, b := w.client(t, acctA, "bj"), w.client(t, acctB, "bj")
	id := create(t, a, crossArgs())
	w.clock.Advance(creatingFor)

	require.NoError(t, b.AcceptPeerConnApply(id, "accept-1"))
	w.clock.Advance(startingFor)
	require.NoError(t, b.AcceptPeerConnApply(id, "accept-1"))
	requireCode(t, b.AcceptPeerConnApply(id, "accept-2"), bce.CodePeerConnStatusConflict, http.StatusConflict)
	requireCode(t, b.RejectPeerConnApply(id, "accept-1"), bce.CodeIdempotentParameterMismatch, http.StatusForbidden)

	require.NoError(t, a.DeletePeerConn(id, "delete-1"))
	require.NoError(t, a.DeletePeerConn(id, "delete-1"))
	w.clock.Advance(deletingFor + deletedFor)
	require.NoError(t, a.DeletePeerConn(id, "delete-1"), "the original answer, even once the connection is gone")
	requireCode(t, a.DeletePeerConn(id, "delete-2"), bce.CodeNoSuchObject, http.StatusNotFound)
}

func TestClientTokenValidation(t *testing.T) {
	w := newWorld(t, bce.Config{})
	args := createArgs("vpc-abj1", "vpc-abj2")
	args.ClientToken = strings.Repeat("t", 65)
	_, err := w.client(t, acctA, "bj").CreatePeerConn(args)
	requireCode(t, err, bce.CodeInvalidURI, http.StatusBadRequest)
}

// TestCreateRequiresClientToken: the create document marks clientToken
// required, so a create without one (the SDK omits an empty token) is
// refused before anything is created; the other writes take it optionally.
func TestCreateRequiresClientToken(t *testing.T) {
	body := `{"bandwidthInMbps":100,"localVpcId":"vpc-abj1","peerVpcId":"vpc-abj2","peerRegion":"bj","billing":{"paymentTiming":"Postpaid"}}`
	for _, c := range []struct {
		name   string
		send   func(w *world) (code string, status int)
		code   string // "" = accepted
		status int
	}{
		{"raw, no clientToken", func(w *world) (string, int) {
			got := send(t, signed(t, acctA, "POST", w.url["bj"]+"/v1/peerconn", []byte(body), signOpts{}))
			return codeOf(got.body), got.status
		}, bce.CodeInvalidURI, http.StatusBadRequest},
		{"raw, empty clientToken", func(w *world) (string, int) {
			got := send(t, signed(t, acctA, "POST", w.url["bj"]+"/v1/peerconn?clientToken=", []byte(body), signOpts{}))
			return codeOf(got.body), got.status
		}, bce.CodeInvalidURI, http.StatusBadRequest},
		{"raw, with clientToken", func(w *world) (string, int) {
			got := send(t, signed(t, acctA, "POST", w.url["bj"]+"/v1/peerconn?clientToken=t-1", []byte(body), signOpts{}))
			return codeOf(got.body), got.status
		}, "", http.StatusOK},
		{"SDK, no ClientToken", func(w *world) (string, int) {
			args := createArgs("vpc-abj1", "vpc-abj2")
			args.ClientToken = ""
			_, err := w.client(t, acctA, "bj").CreatePeerConn(args)
			var se *bcesdk.BceServiceError
			require.True(t, errors.As(err, &se), "%v", err)
			return se.Code, se.StatusCode
		}, bce.CodeInvalidURI, http.StatusBadRequest},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t, bce.Config{})
			code, status := c.send(w)
			require.Equal(t, c.code, code)
			require.Equal(t, c.status, status)
			if c.code != "" {
				require.Empty(t, w.svc.PeerConns(), "a refused create made a connection")
			}
		})
	}
}

// codeOf is an answer's error code, "" for a success.
func codeOf(body map[string]any) string {
	code, _ := body["code"].(string)
	return code
}
