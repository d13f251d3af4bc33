package aliyun

import (
	mrand "math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator/clock"
	"github.com/peeringkit/peering/emulator/fault"
)

// TestFreePair: the generator draws only pairs no connection holds, and
// when its pools have none left it grows the accepter's pool instead of
// looping or doubling a pair.
func TestFreePair(t *testing.T) {
	const uid, region = 1, "cn-hangzhou"
	for _, c := range []struct {
		name   string
		status string // of the connection on the pool's only pair
		grows  bool
	}{
		{"held by an Activated connection", statusActivated, true},
		{"held by a Deleting connection", statusDeleting, true},
		{"free beside a Rejected connection", statusRejected, false},
		{"free beside an Expired connection", statusExpired, false},
		{"free beside a Deleted connection", statusDeleted, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := New(Config{Clock: clock.New(), Faults: fault.New(1)})
			s.AddAccount(Account{UID: uid, AccessKeyID: "LTAI5tInternalTest", AccessKeySecret: "secret"})
			s.mu.Lock()
			defer s.mu.Unlock()
			g := &gen{s: s, rng: mrand.New(mrand.NewPCG(1, 2)), vpcPool: map[poolKey][]*VPC{}, now: s.clock.Now()}
			k := poolKey{uid, region}
			for range 2 {
				v := g.vpc(uid, region, false, "")
				require.NoError(t, s.addVPCLocked(v))
				g.vpcPool[k] = append(g.vpcPool[k], v)
			}
			a, b := g.vpcPool[k][0], g.vpcPool[k][1]
			s.addPeerLocked(&vpcConn{id: "pcc-internaltest0000000000", owner: uid, accepter: uid,
				vpc: a, acceptingVpc: b, timeline: frozen(g.now, c.status)})

			v, w, err := g.freePair(k, k)
			require.NoError(t, err)
			require.NotEqual(t, v, w)
			require.Nil(t, s.pairPeerLocked(v, w, g.now), "the pair drawn is free")
			if c.grows {
				require.Len(t, g.vpcPool[k], 3)
				require.Same(t, g.vpcPool[k][2], w, "the new VPC accepts")
				require.Same(t, w, s.vpcs[w.ID], "and is in the world")
			} else {
				require.Len(t, g.vpcPool[k], 2, "no VPC added while a pair is free")
			}
		})
	}
}
