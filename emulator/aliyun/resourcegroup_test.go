package aliyun_test

import (
	"testing"

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
