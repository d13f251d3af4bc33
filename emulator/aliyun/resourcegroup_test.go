package aliyun_test

import (
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpcpeer"
	"github.com/stretchr/testify/require"
)

// TestMoveResourceGroup moves a connection through the SDK's CommonRequest
// and checks the refusals: each required parameter (but RegionId, which the
// SDK always sends), a resource group that cannot exist, another resource
// type, and a connection the caller does not own or that is in another
// region.
func TestMoveResourceGroup(t *testing.T) {
	e := newEnv(t)
	ca := e.vpcClient(t, acctA, hz)
	own := e.createPeer(t, ca, vpcA1, hz, vpcA2, acctA.UID, nil)
	cross := e.createPeer(t, ca, vpcA2, hz, vpcB1, acctB.UID, nil)
	move := func(kv ...string) map[string]string {
		return with(map[string]string{"RegionId": hz, "ResourceType": "PeerConnection", "ResourceId": own, "NewResourceGroupId": "rg-acfmmoved1234"}, kv...)
	}
	a, b := e.sdkClient(t, acctA), e.sdkClient(t, acctB)

	out, err := e.common(t, a, "VpcPeer", "2022-01-01", "MoveResourceGroup", move())
	require.NoError(t, err)
	require.Equal(t, true, out["Success"])
	require.NotEmpty(t, out["RequestId"])
	require.Equal(t, "rg-acfmmoved1234", e.peer(t, own).ResourceGroupID)
	require.Equal(t, "rg-acfmmoved1234", e.mustGet(t, ca, own).ResourceGroupId)

	cases := []struct {
		name   string
		caller int64
		params map[string]string
		code   string
	}{
		{"no ResourceType", acctA.UID, move("ResourceType", "\x00"), "MissingParam.ResourceType"},
		{"other resource type", acctA.UID, move("ResourceType", "Vpc"), "InvalidInstanceType.NotFound"},
		{"no ResourceId", acctA.UID, move("ResourceId", "\x00"), "MissingParam.ResourceId"},
		{"no NewResourceGroupId", acctA.UID, move("NewResourceGroupId", "\x00"), "MissingParam.NewResourceGroupId"},
		{"resource group that cannot exist", acctA.UID, move("NewResourceGroupId", "group-1"), "OperationFailed.NotExist.ResourceGroup"},
		{"unknown connection", acctA.UID, move("ResourceId", "pcc-nosuchconnection0000000"), "ResourceNotFound.VpcPeer"},
		{"another region", acctA.UID, move("RegionId", sh), "ResourceNotFound.VpcPeer"},
		{"accepting account", acctB.UID, move("ResourceId", cross), "ResourceNotFound.VpcPeer"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			client := a
			if c.caller == acctB.UID {
				client = b
			}
			_, err := e.common(t, client, "VpcPeer", "2022-01-01", "MoveResourceGroup", c.params)
			require.Equal(t, c.code, serverCode(t, err))
		})
	}
	require.Equal(t, "rg-acfmmoved1234", e.peer(t, own).ResourceGroupID, "a refused move changes nothing")
	require.NotEqual(t, "rg-acfmmoved1234", e.peer(t, cross).ResourceGroupID)
}

// TestTypedSDKMovesAndChangesLinkType judges the answers with the SDK's
// typed calls, as providers/alibabavpc sends them: MoveResourceGroup's
// response decodes to Success, and ModifyVpcPeerConnection takes LinkType
// (a parameter the typed request lacks) and the typed DryRun.
func TestTypedSDKMovesAndChangesLinkType(t *testing.T) {
	e := newEnv(t)
	ca := e.vpcClient(t, acctA, hz)
	inter := e.createPeer(t, ca, vpcA1, sh, vpcA3, acctA.UID, nil)
	e.clock.Advance(step)

	mv := vpcpeer.CreateMoveResourceGroupRequest()
	mv.Scheme, mv.RegionId = "http", hz
	mv.ResourceId, mv.ResourceType, mv.NewResourceGroupId = inter, "PeerConnection", "rg-acfmtyped0001"
	out, err := ca.MoveResourceGroup(mv)
	require.NoError(t, err)
	require.True(t, out.Success)
	require.NotEmpty(t, out.RequestId)
	require.Equal(t, "rg-acfmtyped0001", e.mustGet(t, ca, inter).ResourceGroupId)

	modify := func(dryRun bool) error {
		r := vpcpeer.CreateModifyVpcPeerConnectionRequest()
		r.Scheme, r.RegionId, r.InstanceId = "http", hz, inter
		r.FormParams["LinkType"] = "Platinum"
		if dryRun {
			r.DryRun = requests.NewBoolean(true)
		}
		_, err := ca.ModifyVpcPeerConnection(r)
		return err
	}
	require.Equal(t, "DryRunOperation", serverCode(t, modify(true)))
	e.mustStatus(t, ca, inter, "Activated") // the dry run started no update
	require.NoError(t, modify(false))
	e.mustStatus(t, ca, inter, "Updating")
	e.clock.Advance(step)
	e.mustStatus(t, ca, inter, "Activated")
	for _, p := range e.svc.VpcPeerConnections() {
		if p.InstanceID == inter {
			require.Equal(t, "Platinum", p.LinkType)
		}
	}
}
