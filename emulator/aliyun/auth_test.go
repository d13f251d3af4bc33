package aliyun_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpcpeer"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator/aliyun"
)

// TestSignerVectors proves the test's own signer, used for raw requests,
// against vectors A1 and A2.
func TestSignerVectors(t *testing.T) {
	a1 := map[string]string{
		"AccessKeyId": "testid", "Action": "DescribeRegions", "Format": "XML",
		"SignatureMethod": "HMAC-SHA1", "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
		"SignatureVersion": "1.0", "Timestamp": "2016-02-23T12:46:24Z", "Version": "2014-05-26",
	}
	require.Equal(t, "OLeaidS1JvxuMvnyHOwuJ+uX5qY=", testSign("GET", "testsecret", a1))
	a2 := map[string]string{
		"AccessKeyId": "accessKeyId", "Action": "", "Format": "JSON", "RegionId": "regionId",
		"SignatureMethod": "HMAC-SHA1", "SignatureNonce": "MOCK_UUID", "SignatureType": "",
		"SignatureVersion": "1.0", "Timestamp": "mock date", "Version": "",
	}
	require.Equal(t, "7loPmFjvDnzOVnQeQNj85S6nFGY=", testSign("GET", "accessKeySecret", a2))
	a2["SecurityToken"] = "accessKeyStsToken"
	require.Equal(t, "5Nxdcler+ihqWqv0Hr2On4PsBf4=", testSign("GET", "accessKeySecret", a2))
}

// TestAuthRejections sends requests that must be refused before any action
// runs, each with its code and status, and checks that none created anything.
func TestAuthRejections(t *testing.T) {
	e := newEnv(t)
	stsID, stsSecret, stsToken := e.svc.IssueSTSToken(acctA.UID)
	list := map[string]string{"RegionId": hz}
	cases := []struct {
		name   string
		creds  creds
		call   rawCall
		status int
		code   string
	}{
		{"unknown key", creds{id: "LTAI-nobody", secret: "x"}, rawCall{action: "ListVpcPeerConnections", query: list}, 404, "InvalidAccessKeyId.NotFound"},
		{"wrong secret", creds{id: acctA.AccessKeyID, secret: "wrong"}, rawCall{action: "ListVpcPeerConnections", query: list}, 400, "SignatureDoesNotMatch"},
		{"other account's secret", creds{id: acctA.AccessKeyID, secret: acctB.AccessKeySecret}, rawCall{action: "ListVpcPeerConnections", query: list}, 400, "SignatureDoesNotMatch"},
		{"timestamp 20 minutes old", credsOf(acctA), rawCall{action: "ListVpcPeerConnections", query: list, timestamp: time.Now().Add(-20 * time.Minute)}, 400, "InvalidTimeStamp.Expired"},
		{"timestamp 20 minutes ahead", credsOf(acctA), rawCall{action: "ListVpcPeerConnections", query: list, timestamp: time.Now().Add(20 * time.Minute)}, 400, "InvalidTimeStamp.Expired"},
		{"timestamp not ISO", credsOf(acctA), rawCall{action: "ListVpcPeerConnections", query: map[string]string{"RegionId": hz, "Timestamp": "yesterday"}}, 400, "InvalidTimeStamp.Format"},
		{"no signature", credsOf(acctA), rawCall{action: "ListVpcPeerConnections", query: list, omit: []string{"Signature"}}, 400, "MissingParameter"},
		{"no nonce", credsOf(acctA), rawCall{action: "ListVpcPeerConnections", query: list, omit: []string{"SignatureNonce"}}, 400, "MissingParameter"},
		{"signature method", credsOf(acctA), rawCall{action: "ListVpcPeerConnections", query: map[string]string{"RegionId": hz, "SignatureMethod": "HMAC-SHA256"}}, 400, "InvalidSignatureMethod"},
		{"STS key without token", creds{id: stsID, secret: stsSecret}, rawCall{action: "ListVpcPeerConnections", query: list}, 400, "MissingSecurityToken"},
		{"STS key with another token", creds{id: stsID, secret: stsSecret, token: stsToken + "x"}, rawCall{action: "ListVpcPeerConnections", query: list}, 400, "InvalidSecurityToken.MismatchWithAccessKey"},
		{"unknown action", credsOf(acctA), rawCall{action: "DescribeVpcs", query: list}, 404, "InvalidAction.NotFound"},
		{"unknown version", credsOf(acctA), rawCall{version: "2016-04-28", action: "ListVpcPeerConnections", query: list}, 404, "InvalidAction.NotFound"},
		{"ENS action on VpcPeer", credsOf(acctA), rawCall{action: "DescribeNetworkPeerConnections"}, 404, "InvalidAction.NotFound"},
		{"no action", credsOf(acctA), rawCall{query: list}, 400, "MissingParameter"},
		{"XML format", credsOf(acctA), rawCall{action: "ListVpcPeerConnections", query: map[string]string{"RegionId": hz, "Format": "XML"}}, 400, "InvalidParameter.Format"},
		{"signed create, bad signature", creds{id: acctA.AccessKeyID, secret: "wrong"}, rawCall{action: "CreateVpcPeerConnection", form: createParams()}, 400, "SignatureDoesNotMatch"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := e.do(t, c.creds, c.call)
			require.Equal(t, c.status, r.status, "body: %s", r.raw)
			require.Equal(t, c.code, r.code(), "body: %s", r.raw)
			requireErrorBody(t, r)
		})
	}
	require.Empty(t, e.svc.VpcPeerConnections())
}

// TestSignatureMismatchEchoesStringToSign: the message ends with the server's
// StringToSign, which the test's signer must reproduce exactly.
func TestSignatureMismatchEchoesStringToSign(t *testing.T) {
	e := newEnv(t)
	r := e.do(t, creds{id: acctA.AccessKeyID, secret: "wrong"}, rawCall{method: http.MethodGet, action: "ListVpcPeerConnections", query: map[string]string{"RegionId": hz, "Name": "a b*c~"}, nonce: "fixed-nonce-1"})
	msg, _ := r.body["Message"].(string)
	_, sts, ok := strings.Cut(msg, "server string to sign is:")
	require.True(t, ok, "message: %s", msg)
	require.True(t, strings.HasPrefix(sts, "GET&%2F&"), sts)
	require.Contains(t, sts, "Name%3Da%2520b%252Ac~")
	require.Contains(t, sts, "SignatureNonce%3Dfixed-nonce-1")
}

// TestSDKWrongSecret: the SDK compares the echoed StringToSign with its own
// and, finding them equal, blames the secret. That proves the verifier and
// the SDK build the same StringToSign for a typed POST request.
func TestSDKWrongSecret(t *testing.T) {
	e := newEnv(t)
	bad := acctA
	bad.AccessKeySecret = "not-the-secret"
	c := e.vpcClient(t, bad, hz)
	_, err := c.ListVpcPeerConnections(vpcpeer.CreateListVpcPeerConnectionsRequest())
	require.Equal(t, "SignatureDoesNotMatch", serverCode(t, err))
	var se *sdkerrors.ServerError
	require.True(t, errors.As(err, &se))
	require.Equal(t, 400, se.HttpStatus())
	require.Contains(t, se.Recommend(), "InvalidAccessKeySecret")
}

// TestReplayedNonce: the same signed request twice; the second is refused,
// and a fresh nonce passes again.
func TestReplayedNonce(t *testing.T) {
	e := newEnv(t)
	call := rawCall{action: "ListVpcPeerConnections", query: map[string]string{"RegionId": hz}, nonce: "replayed-nonce"}
	require.Equal(t, 200, e.do(t, credsOf(acctA), call).status)
	r := e.do(t, credsOf(acctA), call)
	require.Equal(t, 400, r.status)
	require.Equal(t, "SignatureNonceUsed", r.code())
	call.nonce = ""
	require.Equal(t, 200, e.do(t, credsOf(acctA), call).status)
	// Another account may use the same nonce.
	call.nonce = "replayed-nonce"
	require.Equal(t, 200, e.do(t, credsOf(acctB), call).status)
}

// TestEmulatedClockDoesNotAffectSigning: a week of emulated time passes and
// requests signed now are still accepted.
func TestEmulatedClockDoesNotAffectSigning(t *testing.T) {
	e := newEnv(t)
	e.clock.Advance(7 * 24 * time.Hour)
	_, err := e.vpcClient(t, acctA, hz).ListVpcPeerConnections(vpcpeer.CreateListVpcPeerConnectionsRequest())
	require.NoError(t, err)
}

// TestSTSCredentials: the SDK's STS client works and acts as the account.
func TestSTSCredentials(t *testing.T) {
	e := newEnv(t)
	id, secret, token := e.svc.IssueSTSToken(acctA.UID)
	c, err := vpcpeer.NewClientWithStsToken(hz, id, secret, token)
	require.NoError(t, err)
	c.Domain = e.host
	peer := e.createPeer(t, c, vpcA1, hz, vpcA2, acctA.UID, nil)
	got := e.mustGet(t, e.vpcClient(t, acctA, hz), peer)
	require.Equal(t, acctA.UID, got.OwnerId)

	// The generic client too, as the ENS adapter uses it.
	sc, err := sdk.NewClientWithStsToken(hz, id, secret, token)
	require.NoError(t, err)
	_, err = e.ens(t, sc, "DescribeNetworkPeerConnections", nil)
	require.NoError(t, err)

	// The token belongs to its key only.
	other, _, otherToken := e.svc.IssueSTSToken(acctB.UID)
	require.NotEqual(t, id, other)
	c2, err := vpcpeer.NewClientWithStsToken(hz, id, secret, otherToken)
	require.NoError(t, err)
	c2.Domain = e.host
	_, err = c2.ListVpcPeerConnections(vpcpeer.CreateListVpcPeerConnectionsRequest())
	require.Equal(t, "InvalidSecurityToken.MismatchWithAccessKey", serverCode(t, err))
}

// TestExpireSTSToken: expired temporary credentials are refused, as the
// SDK meets it, and the account's other keys still work.
func TestExpireSTSToken(t *testing.T) {
	e := newEnv(t)
	id, secret, token := e.svc.IssueSTSToken(acctA.UID)
	next, nextSecret, nextToken := e.svc.IssueSTSToken(acctA.UID)
	c, err := vpcpeer.NewClientWithStsToken(hz, id, secret, token)
	require.NoError(t, err)
	c.Domain = e.host
	list := func(c *vpcpeer.Client) error {
		_, err := c.ListVpcPeerConnections(vpcpeer.CreateListVpcPeerConnectionsRequest())
		return err
	}
	require.NoError(t, list(c))
	require.True(t, e.svc.ExpireSTSToken(id))
	require.Equal(t, "InvalidSecurityToken.Expired", serverCode(t, list(c)))

	renewed, err := vpcpeer.NewClientWithStsToken(hz, next, nextSecret, nextToken)
	require.NoError(t, err)
	renewed.Domain = e.host
	require.NoError(t, list(renewed), "the next credentials of the role work")
	require.NoError(t, list(e.vpcClient(t, acctA, hz)), "and the long-term key")
	require.False(t, e.svc.ExpireSTSToken(acctA.AccessKeyID), "a long-term key does not expire")
	require.NoError(t, list(e.vpcClient(t, acctA, hz)))
}

// TestFormWinsOverQuery: a parameter in both places takes the form's value,
// and the signature covers the merged set.
func TestFormWinsOverQuery(t *testing.T) {
	e := newEnv(t)
	r := e.do(t, credsOf(acctA), rawCall{
		action: "CreateVpcPeerConnection",
		query:  map[string]string{"Name": "fromQuery", "RegionId": hz},
		form:   with(createParams(), "Name", "fromForm"),
	})
	require.Equal(t, 200, r.status, "body: %s", r.raw)
	conns := e.svc.VpcPeerConnections()
	require.Len(t, conns, 1)
	require.Equal(t, "fromForm", conns[0].Name)
}

// TestGETWorks: GET with every parameter in the query is served like POST.
func TestGETWorks(t *testing.T) {
	e := newEnv(t)
	r := e.do(t, credsOf(acctA), rawCall{method: http.MethodGet, action: "CreateVpcPeerConnection", query: createParams()})
	require.Equal(t, 200, r.status, "body: %s", r.raw)
	require.Len(t, e.svc.VpcPeerConnections(), 1)
	r = e.do(t, credsOf(acctA), rawCall{method: http.MethodPut, action: "ListVpcPeerConnections"})
	require.Equal(t, "UnsupportedHTTPMethod", r.code())
}

func TestRequestsCounted(t *testing.T) {
	e := newEnv(t)
	before := e.svc.Requests()
	e.do(t, credsOf(acctA), rawCall{action: "ListVpcPeerConnections"})
	e.do(t, creds{id: "nobody"}, rawCall{action: "ListVpcPeerConnections"})
	require.Equal(t, before+2, e.svc.Requests())
}

func TestAddValidation(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		name string
		add  func() error
	}{
		{"VPC ID prefix", func() error { return e.svc.AddVPC(aliyun.VPC{ID: "vp-x", RegionID: hz, OwnerUID: acctA.UID}) }},
		{"VPC unknown owner", func() error { return e.svc.AddVPC(aliyun.VPC{ID: "vpc-x1", RegionID: hz, OwnerUID: 42}) }},
		{"VPC duplicate", func() error { return e.svc.AddVPC(aliyun.VPC{ID: vpcA1, RegionID: hz, OwnerUID: acctA.UID}) }},
		{"VPC no region", func() error { return e.svc.AddVPC(aliyun.VPC{ID: "vpc-x2", OwnerUID: acctA.UID}) }},
		{"VPC bad CIDR", func() error {
			return e.svc.AddVPC(aliyun.VPC{ID: "vpc-x3", RegionID: hz, OwnerUID: acctA.UID, IPv4CIDRs: []string{"10.0.0.0/33"}})
		}},
		{"VPC IPv6 as IPv4", func() error {
			return e.svc.AddVPC(aliyun.VPC{ID: "vpc-x4", RegionID: hz, OwnerUID: acctA.UID, IPv4CIDRs: []string{"2408::/56"}})
		}},
		{"network ID prefix", func() error {
			return e.svc.AddNetwork(aliyun.Network{ID: "net-1", EnsRegionID: xian, OwnerUID: acctA.UID})
		}},
		{"network ID newline", func() error {
			return e.svc.AddNetwork(aliyun.Network{ID: "n-abc\n", EnsRegionID: xian, OwnerUID: acctA.UID})
		}},
		{"network duplicate", func() error {
			return e.svc.AddNetwork(aliyun.Network{ID: netA1, EnsRegionID: xian, OwnerUID: acctA.UID})
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { require.Error(t, c.add()) })
	}
}
