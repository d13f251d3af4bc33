package baidu

import (
	"context"
	"strings"
	"sync"

	"github.com/peeringkit/peering"
)

// Which end of a connection is the caller's.
//
// A Baidu record describes one end of a connection: its local* fields are
// the end it was read as, and role says whether that end is the initiator
// or the acceptor. GET /v1/peerconn/{id} takes role=initiator|acceptor to
// name the end to read; without it, a connection whose two ends are in one
// region comes back as either end, at random (so a connection across two
// accounts in one region may even come back as the other account's end).
// The caller of Get does not say which end it is, so the adapter finds out,
// by this rule:
//
//  1. It asks as initiator. When the answer's local end is in the client's
//     region and its peer account is not the caller's (Options.AccountID),
//     the answer is the caller's end: done.
//     When the peer account is the caller's (or Options.AccountID is not
//     set) and VPC look-ups are on, the VPC API tells: when it answers for
//     the local VPC, that VPC is the caller's and so is the answer (a
//     look-up Get makes anyway, to fill the blocks); when it does not, the
//     answer is not the caller's end.
//  2. Otherwise it asks as acceptor, and takes that answer by the first
//     test.
//  3. Otherwise, of the two answers, an answer whose local end is in another
//     region is not the caller's end here, and a refusal (PermissionDenied,
//     NotFound, InvalidArgument) rules its role out. When one answer is
//     left, it is the caller's end. When both are left and name the same
//     peer account, both ends are the caller's (one account, one region):
//     the initiator's view is returned, Role RoleRequester. When both are
//     left and name different accounts (only possible without
//     Options.AccountID, on an API that answers for either end), the ends
//     are still placed right but Role is RoleUnknown and the local end's
//     account is not filled.
//
// Both refused: the connection is not the caller's to read, or gone; the
// error is the NotFound one if either is, else the initiator's. The role
// found is remembered per Client (the role of an account's end never
// changes), so that later calls on the connection make one request; a
// remembered role that the API refuses is forgotten and found again.
//
// Update and DNS sync act on the end this rule finds: the caller's own end,
// and of a connection whose both ends are the caller's in this region, the
// initiator's.

// The API's roles.
const (
	roleInitiator = "initiator"
	roleAcceptor  = "acceptor"
)

// ownView is a record of a connection, the role of the end it shows (its
// role field, or the role asked for when it has none), and whether that end
// is known to be the caller's end at the client's endpoint.
type ownView struct {
	p    *PeerConn
	role string
	own  bool
}

// placement is what one answer says about whose end it shows.
type placement int

const (
	elsewhere placement = iota // the local end is in another region
	maybe                      // the local end is here, of an account the record does not name
	mine                       // the local end is here and the peer is another account: the caller's
)

// place reads an answer by the rule above.
func (c *Client) place(p *PeerConn) placement {
	if r := strings.TrimSpace(p.LocalRegion); r != "" && r != c.region {
		return elsewhere
	}
	if peer := strings.TrimSpace(p.PeerAccountID); c.accountID != "" && peer != "" && peer != c.accountID {
		return mine
	}
	return maybe
}

// refused reports whether an error of a role-naming Get rules that role out
// for the caller rather than failing the call.
func refused(err error) bool {
	switch peering.Code(err) {
	case peering.PermissionDenied, peering.NotFound, peering.InvalidArgument:
		return true
	}
	return false
}

// ownPeerConn reads the caller's end of a connection, by the rule above.
func (c *Client) ownPeerConn(ctx context.Context, op, id string) (ownView, error) {
	if r, ok := c.roles.get(id); ok {
		p, err := c.getPeerConn(ctx, op, id, r)
		switch {
		case err == nil && recordRole(p, r) == r && c.place(p) != elsewhere:
			return ownView{p, r, true}, nil
		case err != nil && !refused(err):
			return ownView{}, err
		}
		c.roles.forget(id)
		if peering.Code(err) == peering.NotFound {
			return ownView{}, err
		}
	}
	a, aerr := c.getPeerConn(ctx, op, id, roleInitiator)
	if aerr != nil && !refused(aerr) {
		return ownView{}, aerr
	}
	if aerr == nil && c.place(a) == mine {
		return c.found(id, a, roleInitiator), nil
	}
	notA := false // the VPC API says the initiator's VPC is not the caller's
	if aerr == nil && c.place(a) == maybe && c.vpcs != nil {
		ours, err := c.ownsVPC(ctx, op, a.LocalVpcID)
		if err != nil {
			return ownView{}, err
		}
		if ours {
			return c.found(id, a, roleInitiator), nil
		}
		notA = true
	}
	b, berr := c.getPeerConn(ctx, op, id, roleAcceptor)
	if berr != nil && !refused(berr) {
		return ownView{}, berr
	}
	if berr == nil && c.place(b) == mine {
		return c.found(id, b, roleAcceptor), nil
	}
	left := func(p *PeerConn, err error) bool { return err == nil && c.place(p) == maybe }
	okA, okB := left(a, aerr) && !notA, left(b, berr)
	if okA && okB && recordRole(a, roleInitiator) == recordRole(b, roleAcceptor) {
		okB = false // the API answered with the same end twice
	}
	switch {
	case okA && okB:
		if strings.TrimSpace(a.PeerAccountID) == strings.TrimSpace(b.PeerAccountID) {
			return c.found(id, a, roleInitiator), nil // both ends are the caller's
		}
		return ownView{p: a, role: recordRole(a, roleInitiator)}, nil
	case okA:
		return c.found(id, a, roleInitiator), nil
	case okB:
		return c.found(id, b, roleAcceptor), nil
	case aerr == nil:
		return ownView{p: a, role: recordRole(a, roleInitiator)}, nil // neither end is here: placed, Role unknown
	case berr == nil:
		return ownView{p: b, role: recordRole(b, roleAcceptor)}, nil
	case peering.Code(berr) == peering.NotFound:
		return ownView{}, berr
	}
	return ownView{}, aerr
}

// ownsVPC reports whether the VPC API answers for a VPC of the client's
// region, which makes it the caller's; false when look-ups are off. A
// look-up throttled or unavailable past its retries tells nothing (false:
// the role is then left unknown rather than guessed, and filling the
// blocks marks them unknown, as fillCIDRs does); any other failure fails
// the call, as it would when filling the blocks.
func (c *Client) ownsVPC(ctx context.Context, op, id string) (bool, error) {
	id = strings.TrimSpace(id)
	if c.vpcs == nil || id == "" || checkID(op, "VPC ID", id) != nil {
		return false, nil
	}
	info, err := c.vpc(ctx, op, id)
	if code := peering.Code(err); code == peering.ResourceExhausted || code == peering.Unavailable {
		return false, nil
	}
	return info.ours, err
}

// found remembers the role of the caller's end and returns its view.
func (c *Client) found(id string, p *PeerConn, asked string) ownView {
	r := recordRole(p, asked)
	c.roles.put(id, r)
	return ownView{p, r, true}
}

// recordRole is the role of the end a record shows: its own role field, or
// asked when the record names none ("" for a listed record).
func recordRole(p *PeerConn, asked string) string {
	switch strings.ToLower(strings.TrimSpace(p.Role)) {
	case roleInitiator:
		return roleInitiator
	case roleAcceptor:
		return roleAcceptor
	}
	return asked
}

// maxRememberedRoles bounds the role memory of one Client; past it the
// memory starts afresh, which costs each connection one more request.
const maxRememberedRoles = 1 << 14

// roleCache remembers, per connection ID, the role of the caller's end.
type roleCache struct {
	mu sync.Mutex
	m  map[string]string
}

func newRoleCache() *roleCache { return &roleCache{m: make(map[string]string)} }

func (rc *roleCache) get(id string) (string, bool) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	r, ok := rc.m[id]
	return r, ok
}

func (rc *roleCache) put(id, role string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if _, ok := rc.m[id]; !ok && len(rc.m) >= maxRememberedRoles {
		clear(rc.m)
	}
	rc.m[id] = role
}

func (rc *roleCache) forget(id string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	delete(rc.m, id)
}
