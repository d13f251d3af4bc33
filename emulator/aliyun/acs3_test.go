package aliyun_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator/aliyun"
)

// TestACS3EveryAction drives every VpcPeer and ENS action the emulator
// serves through darabonba-openapi's generic client, which signs with
// ACS3-HMAC-SHA256, on one connection's life: same-account create, list,
// get, modify, the three tag actions, the move to another resource group
// and delete; a cross-account create that
// the other account accepts and one it rejects; the ENS lifecycle.
// Parameters go in the query and in the form body, lists and maps
// flattened by the SDK.
func TestACS3EveryAction(t *testing.T) {
	e := newEnv(t)
	ca := e.openapiClient(t, openapiConfig{creds: credsOf(acctA)})
	cb := e.openapiClient(t, openapiConfig{creds: credsOf(acctB)})
	var peer, accepted, rejected, ens string
	id := func(out map[string]any) string { s, _ := out["InstanceId"].(string); return s }
	steps := []struct {
		name   string
		client *openapi.Client
		call   func() openapiCall
		check  func(t *testing.T, out map[string]any)
		after  time.Duration // emulated time to let pass afterwards
	}{
		{"CreateVpcPeerConnection", ca, func() openapiCall {
			return openapiCall{action: "CreateVpcPeerConnection",
				query: map[string]any{"RegionId": hz},
				body: map[string]any{"VpcId": vpcA1, "AcceptingAliUid": acctA.UID, "AcceptingRegionId": hz,
					"AcceptingVpcId": vpcA2, "Name": "acs3-peer", "Tag": []map[string]any{{"Key": "env", "Value": "test"}}}}
		}, func(t *testing.T, out map[string]any) {
			peer = id(out)
			require.Regexp(t, `^pcc-`, peer)
		}, step},
		{"ListVpcPeerConnections", ca, func() openapiCall {
			return openapiCall{action: "ListVpcPeerConnections",
				query: map[string]any{"RegionId": hz, "VpcId": []string{vpcA1}, "Tags": []map[string]any{{"Key": "env", "Value": "test"}}}}
		}, func(t *testing.T, out map[string]any) {
			require.Equal(t, "1", fmt.Sprint(out["TotalCount"]))
			items, _ := out["VpcPeerConnects"].([]any)
			require.Len(t, items, 1)
			require.Equal(t, peer, items[0].(map[string]any)["InstanceId"])
		}, 0},
		{"GetVpcPeerConnectionAttribute", ca, func() openapiCall {
			return openapiCall{action: "GetVpcPeerConnectionAttribute", body: map[string]any{"InstanceId": peer}}
		}, func(t *testing.T, out map[string]any) {
			require.Equal(t, "Activated", out["Status"])
			require.Equal(t, "acs3-peer", out["Name"])
			require.Equal(t, fmt.Sprint(acctA.UID), fmt.Sprint(out["OwnerId"]))
		}, 0},
		{"ModifyVpcPeerConnection", ca, func() openapiCall {
			return openapiCall{action: "ModifyVpcPeerConnection", query: map[string]any{"InstanceId": peer}, body: map[string]any{"Name": "renamed", "Description": "a b*c~"}}
		}, func(t *testing.T, out map[string]any) {
			got := e.peer(t, peer)
			require.Equal(t, "renamed", got.Name)
			require.Equal(t, "a b*c~", got.Description)
		}, step},
		{"TagResources", ca, func() openapiCall {
			return openapiCall{action: "TagResources", query: map[string]any{"RegionId": hz, "ResourceType": "PeerConnection"},
				body: map[string]any{"ResourceId": []string{peer}, "Tag": []map[string]any{{"Key": "team", "Value": "net"}}}}
		}, func(t *testing.T, out map[string]any) {
			require.Equal(t, true, out["Success"])
			require.Len(t, e.peer(t, peer).Tags, 2)
		}, 0},
		{"ListTagResources", ca, func() openapiCall {
			return openapiCall{action: "ListTagResources", query: map[string]any{"RegionId": hz, "ResourceType": "PeerConnection", "ResourceId": []string{peer}}}
		}, func(t *testing.T, out map[string]any) {
			rows, _ := out["TagResources"].([]any)
			require.Len(t, rows, 2)
		}, 0},
		{"UnTagResources", ca, func() openapiCall {
			return openapiCall{action: "UnTagResources", body: map[string]any{"RegionId": hz, "ResourceType": "PeerConnection", "ResourceId": []string{peer}, "TagKey": []string{"team"}}}
		}, func(t *testing.T, out map[string]any) {
			require.Len(t, e.peer(t, peer).Tags, 1)
		}, 0},
		{"MoveResourceGroup", ca, func() openapiCall {
			return openapiCall{action: "MoveResourceGroup", query: map[string]any{"RegionId": hz, "ResourceType": "PeerConnection"},
				body: map[string]any{"ResourceId": peer, "NewResourceGroupId": "rg-acfmacs3moved"}}
		}, func(t *testing.T, out map[string]any) {
			require.Equal(t, true, out["Success"])
			require.Equal(t, "rg-acfmacs3moved", e.peer(t, peer).ResourceGroupID)
		}, 0},
		{"DeleteVpcPeerConnection", ca, func() openapiCall {
			return openapiCall{action: "DeleteVpcPeerConnection", body: map[string]any{"InstanceId": peer}}
		}, func(t *testing.T, out map[string]any) {
			require.Equal(t, "Deleting", e.peer(t, peer).Status)
		}, 0},
		{"CreateVpcPeerConnection across accounts", ca, func() openapiCall {
			return openapiCall{action: "CreateVpcPeerConnection", body: map[string]any{"RegionId": hz, "VpcId": vpcA2,
				"AcceptingAliUid": acctB.UID, "AcceptingRegionId": hz, "AcceptingVpcId": vpcB1}}
		}, func(t *testing.T, out map[string]any) { accepted = id(out) }, 0},
		{"CreateVpcPeerConnection to be rejected", ca, func() openapiCall {
			return openapiCall{action: "CreateVpcPeerConnection", body: map[string]any{"RegionId": sh, "VpcId": vpcA3,
				"AcceptingAliUid": acctB.UID, "AcceptingRegionId": sh, "AcceptingVpcId": vpcB2}}
		}, func(t *testing.T, out map[string]any) { rejected = id(out) }, step},
		{"AcceptVpcPeerConnection", cb, func() openapiCall {
			return openapiCall{action: "AcceptVpcPeerConnection", body: map[string]any{"InstanceId": accepted, "RegionId": hz}}
		}, func(t *testing.T, out map[string]any) {
			require.Equal(t, "Updating", e.peer(t, accepted).Status)
		}, 0},
		{"RejectVpcPeerConnection", cb, func() openapiCall {
			return openapiCall{action: "RejectVpcPeerConnection", query: map[string]any{"InstanceId": rejected, "RegionId": sh}}
		}, func(t *testing.T, out map[string]any) {
			require.Equal(t, "Rejected", e.peer(t, rejected).Status)
		}, 0},
		{"CreateNetworkPeerConnection", ca, func() openapiCall {
			return openapiCall{version: "2017-11-10", action: "CreateNetworkPeerConnection",
				body: map[string]any{"NetworkId": netA1, "AcceptingNetworkId": netA2, "Name": "edge"}}
		}, func(t *testing.T, out map[string]any) { ens = id(out) }, step},
		{"DescribeNetworkPeerConnections", ca, func() openapiCall {
			return openapiCall{version: "2017-11-10", action: "DescribeNetworkPeerConnections",
				query: map[string]any{"PageSize": 10}, body: map[string]any{"NetworkIds": []string{netA1, netA3}}}
		}, func(t *testing.T, out map[string]any) {
			require.Equal(t, "1", out["TotalCount"])
			items, _ := out["NetworkPeerConnects"].([]any)
			require.Len(t, items, 1)
			require.Equal(t, ens, items[0].(map[string]any)["InstanceId"])
			require.Equal(t, "Activated", items[0].(map[string]any)["Status"])
		}, 0},
		{"ModifyNetworkPeerConnection", ca, func() openapiCall {
			return openapiCall{version: "2017-11-10", action: "ModifyNetworkPeerConnection", body: map[string]any{"InstanceId": ens, "Description": "edge link"}}
		}, func(t *testing.T, out map[string]any) {
			require.Equal(t, "edge link", e.ensConn(t, ens).Description)
		}, 0},
		{"DeleteNetworkPeerConnection", ca, func() openapiCall {
			return openapiCall{version: "2017-11-10", action: "DeleteNetworkPeerConnection", query: map[string]any{"InstanceId": ens}}
		}, func(t *testing.T, out map[string]any) {
			require.Equal(t, "Deleting", e.ensConn(t, ens).Status)
		}, 0},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			out, err := e.callOpenAPI(t, s.client, s.call())
			require.NoError(t, err)
			require.NotEmpty(t, out["RequestId"])
			s.check(t, out)
			e.clock.Advance(s.after)
		})
	}
}

// TestACS3Rejections: requests the SDK signs, with the secret, the key, the
// clock or the request itself wrong, each refused with its code and status
// before any action runs.
func TestACS3Rejections(t *testing.T) {
	e := newEnv(t)
	stsID, stsSecret, stsToken := e.svc.IssueSTSToken(acctA.UID)
	create := openapiCall{action: "CreateVpcPeerConnection", query: map[string]any{"RegionId": hz},
		body: map[string]any{"VpcId": vpcA1, "AcceptingAliUid": acctA.UID, "AcceptingRegionId": hz, "AcceptingVpcId": vpcA2}}
	at := func(d time.Duration) openapiCall {
		c := create
		c.headers = map[string]*string{"x-acs-date": dara.String(time.Now().Add(d).UTC().Format("2006-01-02T15:04:05Z"))}
		return c
	}
	cases := []struct {
		name    string
		config  openapiConfig
		call    openapiCall
		status  int
		code    string
		message string // a part of the message, where the code alone is not telling
	}{
		{"wrong secret", openapiConfig{creds: creds{id: acctA.AccessKeyID, secret: "wrong"}}, create, 400, "SignatureDoesNotMatch", "server string to sign is:ACS3-HMAC-SHA256\n"},
		{"other account's secret", openapiConfig{creds: creds{id: acctA.AccessKeyID, secret: acctB.AccessKeySecret}}, create, 400, "SignatureDoesNotMatch", ""},
		{"unknown key", openapiConfig{creds: creds{id: "LTAI-nobody", secret: "x"}}, create, 404, "InvalidAccessKeyId.NotFound", ""},
		{"body changed after signing", openapiConfig{creds: credsOf(acctA), tamper: replaceBody(vpcA2, vpcA3, false)}, create, 400, "SignatureDoesNotMatch", ""},
		{"body and its hash changed after signing", openapiConfig{creds: credsOf(acctA), tamper: replaceBody(vpcA2, vpcA3, true)}, create, 400, "SignatureDoesNotMatch", ""},
		{"query changed after signing", openapiConfig{creds: credsOf(acctA), tamper: func(r *http.Request) {
			r.URL.RawQuery = strings.Replace(r.URL.RawQuery, "RegionId="+hz, "RegionId="+sh, 1)
		}}, create, 400, "SignatureDoesNotMatch", ""},
		{"action changed after signing", openapiConfig{creds: credsOf(acctA), tamper: func(r *http.Request) {
			r.Header["x-acs-action"] = []string{"DeleteVpcPeerConnection"}
		}}, create, 400, "SignatureDoesNotMatch", ""},
		{"x-acs-date 20 minutes old", openapiConfig{creds: credsOf(acctA)}, at(-20 * time.Minute), 400, "InvalidTimeStamp.Expired", ""},
		{"x-acs-date 20 minutes ahead", openapiConfig{creds: credsOf(acctA)}, at(20 * time.Minute), 400, "InvalidTimeStamp.Expired", ""},
		{"x-acs-date not ISO 8601", openapiConfig{creds: credsOf(acctA)}, func() openapiCall {
			c := create
			c.headers = map[string]*string{"x-acs-date": dara.String("yesterday")}
			return c
		}(), 400, "InvalidTimeStamp.Format", ""},
		{"STS key without its token", openapiConfig{creds: creds{id: stsID, secret: stsSecret}}, create, 400, "MissingSecurityToken", ""},
		{"STS key with another token", openapiConfig{creds: creds{id: stsID, secret: stsSecret, token: stsToken + "x"}}, create, 400, "InvalidSecurityToken.MismatchWithAccessKey", ""},
		{"Authorization without Signature", openapiConfig{creds: credsOf(acctA), tamper: func(r *http.Request) {
			a := r.Header.Get("Authorization")
			r.Header.Set("Authorization", a[:strings.Index(a, ",Signature=")])
		}}, create, 400, "IncompleteSignature", "Signature"},
		{"unsigned x-acs- header", openapiConfig{creds: credsOf(acctA), tamper: func(r *http.Request) {
			r.Header["x-acs-extra"] = []string{"added on the way"}
		}}, create, 400, "IncompleteSignature", "x-acs-extra"},
		{"no nonce", openapiConfig{creds: credsOf(acctA), tamper: func(r *http.Request) {
			delete(r.Header, "x-acs-signature-nonce")
		}}, create, 400, "MissingParameter", "x-acs-signature-nonce"},
		{"no action", openapiConfig{creds: credsOf(acctA), tamper: func(r *http.Request) {
			delete(r.Header, "x-acs-action")
		}}, create, 400, "MissingParameter", "x-acs-action"},
		{"SM3 algorithm", openapiConfig{creds: credsOf(acctA), algorithm: "ACS3-HMAC-SM3"}, create, 400, "InvalidSignatureMethod", "ACS3-HMAC-SHA256"},
		{"unknown action", openapiConfig{creds: credsOf(acctA)}, openapiCall{action: "DescribeVpcs"}, 404, "InvalidAction.NotFound", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.callOpenAPI(t, e.openapiClient(t, c.config), c.call)
			status, code, msg := openapiError(t, err)
			require.Equal(t, c.status, status, "error: %v", err)
			require.Equal(t, c.code, code, "error: %v", err)
			require.Contains(t, msg, c.message)
		})
	}
	require.Empty(t, e.svc.VpcPeerConnections())

	// The same key with the right token is let through.
	_, err := e.callOpenAPI(t, e.openapiClient(t, openapiConfig{creds: creds{id: stsID, secret: stsSecret, token: stsToken}}), create)
	require.NoError(t, err)
	require.Len(t, e.svc.VpcPeerConnections(), 1)
}

// TestACS3ReplayedNonce: the same x-acs-signature-nonce twice from one key;
// the second is refused, another key may use it, and a fresh one passes.
func TestACS3ReplayedNonce(t *testing.T) {
	e := newEnv(t)
	list := openapiCall{action: "ListVpcPeerConnections", query: map[string]any{"RegionId": hz},
		headers: map[string]*string{"x-acs-signature-nonce": dara.String("acs3-replayed-nonce")}}
	ca := e.openapiClient(t, openapiConfig{creds: credsOf(acctA)})
	_, err := e.callOpenAPI(t, ca, list)
	require.NoError(t, err)
	_, err = e.callOpenAPI(t, ca, list)
	status, code, _ := openapiError(t, err)
	require.Equal(t, 400, status)
	require.Equal(t, "SignatureNonceUsed", code)

	_, err = e.callOpenAPI(t, e.openapiClient(t, openapiConfig{creds: credsOf(acctB)}), list)
	require.NoError(t, err)
	list.headers = nil
	_, err = e.callOpenAPI(t, ca, list)
	require.NoError(t, err)
}

// replaceBody changes the form body after signing, and with rehash its
// x-acs-content-sha256 too, as a party on the way would.
func replaceBody(old, new string, rehash bool) func(*http.Request) {
	return func(r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		b = bytes.ReplaceAll(b, []byte(old), []byte(new))
		r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
		if rehash {
			sum := sha256.Sum256(b)
			r.Header["x-acs-content-sha256"] = []string{hex.EncodeToString(sum[:])}
		}
	}
}

// peer and ensConn return a connection as the emulator holds it.
func (e *env) peer(t *testing.T, id string) aliyun.VpcPeerConnection {
	t.Helper()
	return byID(t, e.svc.VpcPeerConnections(), func(c aliyun.VpcPeerConnection) string { return c.InstanceID }, id)
}

func (e *env) ensConn(t *testing.T, id string) aliyun.NetworkPeerConnection {
	t.Helper()
	return byID(t, e.svc.NetworkPeerConnections(), func(c aliyun.NetworkPeerConnection) string { return c.InstanceID }, id)
}

func byID[T any](t *testing.T, all []T, idOf func(T) string, id string) T {
	t.Helper()
	for _, c := range all {
		if idOf(c) == id {
			return c
		}
	}
	t.Fatalf("no connection %s", id)
	var zero T
	return zero
}
