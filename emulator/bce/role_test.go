package bce_test

import (
	"net/http"
	"testing"

	"github.com/baidubce/bce-sdk-go/services/vpc"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator/bce"
)

// roleWorld is a world with a same-account and a cross-account connection
// in bj, and a same-account one from bj to gz, all settled.
type roleWorld struct {
	w                   *world
	same, cross, region string
}

func newRoleWorld(t *testing.T) roleWorld {
	t.Helper()
	w := newWorld(t, bce.Config{})
	a := w.client(t, acctA, "bj")
	rw := roleWorld{w: w}
	rw.same = create(t, a, createArgs("vpc-abj1", "vpc-abj2"))
	rw.cross = create(t, a, crossArgs())
	args := createArgs("vpc-abj3", "vpc-agz1")
	args.PeerRegion = "gz"
	rw.region = create(t, a, args)
	w.clock.Advance(creatingFor)
	require.NoError(t, w.client(t, acctB, "bj").AcceptPeerConnApply(rw.cross, ""))
	w.clock.Advance(startingFor)
	return rw
}

// roleLessEnds reads a connection n times without role and returns the
// local VPC of each answer, checking each answer's fields agree with its
// role.
func roleLessEnds(t *testing.T, c *vpc.Client, id string, n int) []string {
	t.Helper()
	var ends []string
	for range n {
		pc, err := c.GetPeerConnDetail(id, "")
		require.NoError(t, err)
		ends = append(ends, string(pc.Role)+":"+pc.LocalVpcId)
	}
	return ends
}

// Without role, a connection whose ends are both in the listener's region
// answers from either end, the other account's included, as the documents
// say; the draw is the service's seeded generator, so a fresh world making
// the same requests sees the same ends. A connection across regions answers
// from the caller's end here.
func TestGetWithoutRoleEitherEnd(t *testing.T) {
	const n = 32
	for _, tc := range []struct {
		name    string
		account bce.Account
		region  string
		id      func(roleWorld) string
		want    []string // the ends that must all show up
	}{
		{"same account, same region", acctA, "bj", func(r roleWorld) string { return r.same },
			[]string{"initiator:vpc-abj1", "acceptor:vpc-abj2"}},
		{"across accounts, initiator asking", acctA, "bj", func(r roleWorld) string { return r.cross },
			[]string{"initiator:vpc-abj1", "acceptor:vpc-bbj1"}},
		{"across accounts, acceptor asking", acctB, "bj", func(r roleWorld) string { return r.cross },
			[]string{"initiator:vpc-abj1", "acceptor:vpc-bbj1"}},
		{"across regions, from bj", acctA, "bj", func(r roleWorld) string { return r.region },
			[]string{"initiator:vpc-abj3"}},
		{"across regions, from gz", acctA, "gz", func(r roleWorld) string { return r.region },
			[]string{"acceptor:vpc-agz1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var runs [2][]string
			for k := range runs {
				rw := newRoleWorld(t)
				runs[k] = roleLessEnds(t, rw.w.client(t, tc.account, tc.region), tc.id(rw), n)
			}
			require.Equal(t, runs[0], runs[1], "the same seed and requests must draw the same ends")
			require.ElementsMatch(t, tc.want, unique(runs[0]))
		})
	}
}

func unique(xs []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// With role the named end answers, every time; a role naming an end of
// another account is AccessDenied (the emulator's assumption) and a role
// that is neither is InvalidParameter.
func TestGetWithRole(t *testing.T) {
	rw := newRoleWorld(t)
	a, b := rw.w.client(t, acctA, "bj"), rw.w.client(t, acctB, "bj")
	for _, tc := range []struct {
		name   string
		c      *vpc.Client
		id     string
		role   vpc.PeerConnRoleType
		local  string // the answer's local VPC; "" for an error
		peerAc string
		code   string
		status int
	}{
		{"same account as initiator", a, rw.same, vpc.PEERCONN_ROLE_INITIATOR, "vpc-abj1", acctA.ID, "", 0},
		{"same account as acceptor", a, rw.same, vpc.PEERCONN_ROLE_ACCEPTOR, "vpc-abj2", acctA.ID, "", 0},
		{"initiator of a cross-account one", a, rw.cross, vpc.PEERCONN_ROLE_INITIATOR, "vpc-abj1", acctB.ID, "", 0},
		{"acceptor of a cross-account one", b, rw.cross, vpc.PEERCONN_ROLE_ACCEPTOR, "vpc-bbj1", acctA.ID, "", 0},
		{"initiator naming the acceptor's end", a, rw.cross, vpc.PEERCONN_ROLE_ACCEPTOR, "", "", bce.CodeAccessDenied, http.StatusForbidden},
		{"acceptor naming the initiator's end", b, rw.cross, vpc.PEERCONN_ROLE_INITIATOR, "", "", bce.CodeAccessDenied, http.StatusForbidden},
		{"no such role", a, rw.same, "owner", "", "", bce.CodeInvalidURI, http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for range 8 {
				pc, err := tc.c.GetPeerConnDetail(tc.id, tc.role)
				if tc.code != "" {
					requireCode(t, err, tc.code, tc.status)
					continue
				}
				require.NoError(t, err)
				require.Equal(t, tc.role, pc.Role)
				require.Equal(t, tc.local, pc.LocalVpcId)
				require.Equal(t, tc.peerAc, pc.PeerAccountId)
			}
		})
	}
}

// List items are the caller's end in the listener's region: role and local
// fields describe it, for each account and region.
func TestListItemsAreTheCallersEnd(t *testing.T) {
	rw := newRoleWorld(t)
	for _, tc := range []struct {
		name    string
		account bce.Account
		region  string
		want    map[string]string // ID -> role:localVpc
	}{
		{"A in bj", acctA, "bj", map[string]string{rw.same: "initiator:vpc-abj1", rw.cross: "initiator:vpc-abj1", rw.region: "initiator:vpc-abj3"}},
		{"A in gz", acctA, "gz", map[string]string{rw.region: "acceptor:vpc-agz1"}},
		{"B in bj", acctB, "bj", map[string]string{rw.cross: "acceptor:vpc-bbj1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			list, err := rw.w.client(t, tc.account, tc.region).ListPeerConn(nil)
			require.NoError(t, err)
			got := map[string]string{}
			for _, pc := range list.PeerConns {
				got[pc.PeerConnId] = string(pc.Role) + ":" + pc.LocalVpcId
			}
			require.Equal(t, tc.want, got)
		})
	}
}
