package aliyun_test

import (
	"slices"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpcpeer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator/aliyun"
	"github.com/peeringkit/peering/emulator/clock"
)

// tick is the step timing tests advance the clock by: finer than any
// default range is wide.
const tick = 50 * time.Millisecond

// statusOf reads a connection's status from the world: VpcPeer or ENS, or
// "gone" once it has left.
func statusOf(e *env, id string) string {
	for _, c := range e.svc.VpcPeerConnections() {
		if c.InstanceID == id {
			return c.Status
		}
	}
	for _, c := range e.svc.NetworkPeerConnections() {
		if c.InstanceID == id {
			return c.Status
		}
	}
	return "gone"
}

// leaves advances the clock by ticks until the connection leaves its
// status, checks when against r, and returns the status it went to.
func leaves(t *testing.T, e *env, id string, r clock.Range) string {
	t.Helper()
	from, start := statusOf(e, id), e.clock.Now()
	for e.clock.Now().Sub(start) <= r.Max {
		e.clock.Advance(tick)
		if st := statusOf(e, id); st != from {
			took := e.clock.Now().Sub(start)
			assert.GreaterOrEqual(t, took, r.Min, "%s %s", id, from)
			assert.Less(t, took, r.Max+tick, "%s %s", id, from)
			return st
		}
	}
	t.Fatalf("%s: still %s after %v", id, from, r.Max)
	return ""
}

// Every VpcPeer and ENS transition lasts a duration drawn from its range:
// the default ones, or those configured.
func TestTimingEveryTransition(t *testing.T) {
	fixed := func(d time.Duration) clock.Range { return clock.Range{Min: d, Max: d} }
	configured := aliyun.Timing{
		VpcPeerCreating: fixed(time.Minute), VpcPeerUpdating: fixed(2 * time.Minute), VpcPeerDeleting: fixed(3 * time.Minute),
		VpcPeerDeleted: fixed(4 * time.Minute), ENSCreating: fixed(5 * time.Minute), ENSDeleting: fixed(6 * time.Minute),
	}
	for _, tc := range []struct {
		name   string
		cfg    aliyun.Timing
		expect aliyun.Timing
	}{
		{"default", aliyun.Timing{}, aliyun.DefaultTiming()},
		{"configured", configured, configured},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnvWith(t, aliyun.Config{Timing: tc.cfg})
			c := e.vpcClient(t, acctA, hz)
			id := e.createPeer(t, c, vpcA1, hz, vpcA2, acctA.UID, nil)
			require.Equal(t, "Activated", leaves(t, e, id, tc.expect.VpcPeerCreating))
			mod := vpcpeer.CreateModifyVpcPeerConnectionRequest()
			mod.InstanceId, mod.Name = id, "renamed"
			_, err := c.ModifyVpcPeerConnection(mod)
			require.NoError(t, err)
			require.Equal(t, "Activated", leaves(t, e, id, tc.expect.VpcPeerUpdating))
			del := vpcpeer.CreateDeleteVpcPeerConnectionRequest()
			del.InstanceId = id
			_, err = c.DeleteVpcPeerConnection(del)
			require.NoError(t, err)
			require.Equal(t, "Deleted", leaves(t, e, id, tc.expect.VpcPeerDeleting))
			require.Equal(t, "gone", leaves(t, e, id, tc.expect.VpcPeerDeleted))

			sc := e.sdkClient(t, acctA)
			out, err := e.ens(t, sc, "CreateNetworkPeerConnection", map[string]string{"NetworkId": netA1, "AcceptingNetworkId": netA2})
			require.NoError(t, err)
			ens := out["InstanceId"].(string)
			require.Equal(t, "Activated", leaves(t, e, ens, tc.expect.ENSCreating))
			_, err = e.ens(t, sc, "DeleteNetworkPeerConnection", map[string]string{"InstanceId": ens})
			require.NoError(t, err)
			require.Equal(t, "gone", leaves(t, e, ens, tc.expect.ENSDeleting))
		})
	}
}

// Durations are drawn per connection, and the same requests draw the same
// ones.
func TestTimingDrawnPerConnection(t *testing.T) {
	run := func() []time.Duration {
		e := newEnv(t)
		c := e.vpcClient(t, acctA, hz)
		v1, v2, v3 := vpcA1, vpcA2, e.addVPC(t, acctA.UID, hz)
		ids := []string{
			e.createPeer(t, c, v1, hz, v2, acctA.UID, nil),
			e.createPeer(t, c, v1, hz, v3, acctA.UID, nil),
			e.createPeer(t, c, v2, hz, v3, acctA.UID, nil),
		}
		start := e.clock.Now()
		took := make([]time.Duration, len(ids))
		for slices.Contains(took, 0) && e.clock.Now().Sub(start) <= time.Minute {
			e.clock.Advance(tick)
			for i, id := range ids {
				if took[i] == 0 && statusOf(e, id) != "Creating" {
					took[i] = e.clock.Now().Sub(start)
				}
			}
		}
		return took
	}
	first := run()
	assert.NotEqual(t, first[0], first[1], "durations vary between connections: %v", first)
	assert.Equal(t, first, run())
}

// A range that cannot be drawn from is refused when the service is made.
func TestTimingInvalid(t *testing.T) {
	bad := aliyun.Timing{ENSDeleting: clock.Range{Min: time.Minute, Max: time.Second}}
	assert.Error(t, bad.Check())
	assert.Panics(t, func() { newEnvWith(t, aliyun.Config{Timing: bad}) })
	assert.NoError(t, aliyun.DefaultTiming().Check())
}
