package aliyun

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/peeringkit/peering/emulator/clock"
)

const (
	acceptWindow = 7 * 24 * time.Hour     // a cross-account request expires unanswered after this
	gone         = ""                     // timeline status: the connection has left the world
	timeLayout   = "2006-01-02T15:04:05Z" // how the APIs write times (UTC)
)

// VpcPeer statuses.
const (
	statusCreating  = "Creating"
	statusAccepting = "Accepting"
	statusUpdating  = "Updating"
	statusRejected  = "Rejected"
	statusExpired   = "Expired"
	statusActivated = "Activated"
	statusDeleting  = "Deleting"
	statusDeleted   = "Deleted"
)

// step is one status in a connection's timeline, from the instant at.
type step struct {
	at     time.Time
	status string
}

// timeline is a connection's planned statuses, in order. Statuses are
// computed from it when read, so no goroutine moves them along and a test
// that advances the clock sees the result at once.
type timeline []step

// at returns the status at now and the instant it began.
func (t timeline) at(now time.Time) (string, time.Time) {
	for i := len(t) - 1; i > 0; i-- {
		if !now.Before(t[i].at) {
			return t[i].status, t[i].at
		}
	}
	return t[0].status, t[0].at
}

// end returns when the connection leaves the world, if its timeline says so.
func (t timeline) end() (time.Time, bool) {
	last := t[len(t)-1]
	return last.at, last.status == gone
}

// streamTiming is the stream of the source transient durations are drawn
// from.
const streamTiming = 0x74696d65

// Timing is how long the emulated clock keeps a connection in each
// transient status: each time a connection enters one, its duration is
// drawn from the range, from the service's seeded source. A zero field
// takes its range from DefaultTiming.
type Timing struct {
	VpcPeerCreating clock.Range // Creating, then Activated (same account) or Accepting
	VpcPeerUpdating clock.Range // Updating after an accept or a modify, then Activated
	VpcPeerDeleting clock.Range // Deleting, then Deleted
	VpcPeerDeleted  clock.Range // Deleted, then gone from the world
	ENSCreating     clock.Range // Creating, then Activated
	ENSDeleting     clock.Range // Deleting, then gone
}

// DefaultTiming returns the ranges used where Config.Timing leaves a field
// zero. The VpcPeer documents call create, accept, modify and delete
// asynchronous and name the statuses, the ENS ones name Creating and
// Deleting, and none says how long they last; so each range is an
// assumption, centred on the 5 seconds earlier versions fixed (three
// quarters to five quarters of it).
func DefaultTiming() Timing {
	d := clock.Around(5 * time.Second)
	return Timing{VpcPeerCreating: d, VpcPeerUpdating: d, VpcPeerDeleting: d, VpcPeerDeleted: d, ENSCreating: d, ENSDeleting: d}
}

// Check reports a field that is neither zero nor a valid range.
func (t Timing) Check() error {
	if err := clock.CheckAll(t.VpcPeerCreating, t.VpcPeerUpdating, t.VpcPeerDeleting, t.VpcPeerDeleted, t.ENSCreating, t.ENSDeleting); err != nil {
		return fmt.Errorf("aliyun: timing: %w", err)
	}
	return nil
}

// orDefaults fills t's zero fields from DefaultTiming.
func (t Timing) orDefaults() Timing {
	d := DefaultTiming()
	return Timing{
		VpcPeerCreating: t.VpcPeerCreating.Or(d.VpcPeerCreating), VpcPeerUpdating: t.VpcPeerUpdating.Or(d.VpcPeerUpdating),
		VpcPeerDeleting: t.VpcPeerDeleting.Or(d.VpcPeerDeleting), VpcPeerDeleted: t.VpcPeerDeleted.Or(d.VpcPeerDeleted),
		ENSCreating: t.ENSCreating.Or(d.ENSCreating), ENSDeleting: t.ENSDeleting.Or(d.ENSDeleting),
	}
}

// passLocked builds a timeline from now through statuses: each but the
// last lasts a duration drawn from the range at its index in lasts.
// Callers hold s.mu, which guards the source.
func (s *Service) passLocked(now time.Time, statuses []string, lasts ...clock.Range) timeline {
	t := make(timeline, len(statuses))
	at := now
	for i, st := range statuses {
		if i > 0 {
			at = at.Add(lasts[i-1].Draw(s.timingRng))
		}
		t[i] = step{at: at, status: st}
	}
	return t
}

// frozen is a timeline that never moves: generated connections keep the
// status they were generated with until an action changes it.
func frozen(at time.Time, status string) timeline { return timeline{{at: at, status: status}} }

// vpcConn is a VpcPeer connection.
type vpcConn struct {
	id                string
	name, description string
	owner, accepter   int64
	vpc, acceptingVpc *VPC
	bandwidth         int
	linkType          string
	bizStatus         string
	resourceGroup     string
	tags              []Tag
	created, modified time.Time
	timeline          timeline
}

func (c *vpcConn) instanceID() string { return c.id }

func (c *vpcConn) crossAccount() bool { return c.owner != c.accepter }

func (c *vpcConn) crossRegion() bool { return c.vpc.RegionID != c.acceptingVpc.RegionID }

// sees reports whether an account is one end of the connection.
func (c *vpcConn) sees(uid int64) bool { return uid == c.owner || uid == c.accepter }

func (c *vpcConn) status(now time.Time) string {
	st, _ := c.timeline.at(now)
	return st
}

// modifiedAt is the later of the last change by an action and the last
// status step reached.
func (c *vpcConn) modifiedAt(now time.Time) time.Time {
	_, since := c.timeline.at(now)
	if since.After(c.modified) {
		return since
	}
	return c.modified
}

// expiresAt is when an unanswered request expires; shown only while the
// answer is awaited or after it expired.
func (c *vpcConn) expiresAt(now time.Time) (time.Time, bool) {
	switch c.status(now) {
	case statusAccepting, statusExpired:
		return c.created.Add(acceptWindow), true
	}
	return time.Time{}, false
}

// viewKeys are the indexes the connection appears in: for each end, its
// account's all-regions view, its region view, and its region view of each
// of the two VPCs (List's VpcId filter matches either end).
func (c *vpcConn) viewKeys() []viewKey {
	keys := make([]viewKey, 0, 8)
	for _, end := range [2]struct {
		uid    int64
		region string
	}{{c.owner, c.vpc.RegionID}, {c.accepter, c.acceptingVpc.RegionID}} {
		for _, k := range [4]viewKey{
			{uid: end.uid},
			{uid: end.uid, region: end.region},
			{uid: end.uid, region: end.region, network: c.vpc.ID},
			{uid: end.uid, region: end.region, network: c.acceptingVpc.ID},
		} {
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	return keys
}

// visibleIn reports whether the caller sees the connection when listing a
// region ("" = every region): an end must be the caller's and in that region.
func (c *vpcConn) visibleIn(uid int64, region string) bool {
	return uid == c.owner && (region == "" || region == c.vpc.RegionID) ||
		uid == c.accepter && (region == "" || region == c.acceptingVpc.RegionID)
}

func (c *vpcConn) public(now time.Time) VpcPeerConnection {
	p := VpcPeerConnection{
		InstanceID: c.id, Name: c.name, Description: c.description,
		OwnerUID: c.owner, AcceptingOwnerUID: c.accepter,
		RegionID: c.vpc.RegionID, AcceptingRegionID: c.acceptingVpc.RegionID,
		VpcID: c.vpc.ID, AcceptingVpcID: c.acceptingVpc.ID,
		Bandwidth: c.bandwidth, LinkType: c.linkType,
		Status: c.status(now), BizStatus: c.bizStatus, ResourceGroupID: c.resourceGroup,
		Tags:      slices.Clone(c.tags),
		CreatedAt: c.created, ModifiedAt: c.modifiedAt(now),
	}
	if t, ok := c.expiresAt(now); ok {
		p.ExpiresAt = t
	}
	return p
}

// ensConn is an ENS network peer connection. Both networks belong to the
// owner: ENS peers networks within one account.
type ensConn struct {
	id                string
	name, description string
	owner             int64
	network, peer     *Network
	created           time.Time
	timeline          timeline
}

func (c *ensConn) instanceID() string { return c.id }

func (c *ensConn) status(now time.Time) string {
	st, _ := c.timeline.at(now)
	return st
}

// region is the connection's ENS node: the requester network's.
func (c *ensConn) region() string { return c.network.EnsRegionID }

func (c *ensConn) viewKeys() []viewKey {
	keys := []viewKey{{uid: c.owner}, {uid: c.owner, region: c.region()}, {uid: c.owner, network: c.network.ID}}
	if c.peer.ID != c.network.ID {
		keys = append(keys, viewKey{uid: c.owner, network: c.peer.ID})
	}
	return keys
}

func (c *ensConn) pair() [2]string { return pairKey(c.network.ID, c.peer.ID) }

func (c *ensConn) public(now time.Time) NetworkPeerConnection {
	return NetworkPeerConnection{
		InstanceID: c.id, Name: c.name, Description: c.description,
		EnsRegionID: c.region(), Status: c.status(now), OwnerUID: c.owner,
		NetworkID: c.network.ID, AcceptingNetworkID: c.peer.ID, CreatedAt: c.created,
	}
}

// pairKey orders a network pair so that either order finds it.
func pairKey(a, b string) [2]string {
	if b < a {
		a, b = b, a
	}
	return [2]string{a, b}
}

// viewKey names one index: an account's connections in a region ("" = all
// regions), optionally only those touching one network ("" = all).
type viewKey struct {
	uid     int64
	region  string
	network string
}

// indexed is what views hold.
type indexed interface {
	comparable
	instanceID() string
	viewKeys() []viewKey
}

// views are sorted indexes by InstanceId, one per viewKey, so that a page is
// a slice of one of them and a walk over n connections costs O(n), not
// O(n²).
type views[T indexed] map[viewKey][]T

func cmpID[T indexed](a, b T) int { return strings.Compare(a.instanceID(), b.instanceID()) }

func (v views[T]) add(c T) {
	for _, k := range c.viewKeys() {
		s := v[k]
		i, _ := slices.BinarySearchFunc(s, c, cmpID[T])
		v[k] = slices.Insert(s, i, c)
	}
}

func (v views[T]) remove(c T) {
	for _, k := range c.viewKeys() {
		s := v[k]
		if i, ok := slices.BinarySearchFunc(s, c, cmpID[T]); ok {
			s = slices.Delete(s, i, i+1)
		}
		if len(s) == 0 {
			delete(v, k)
		} else {
			v[k] = s
		}
	}
}

// appendUnsorted adds without keeping order; call sortAll afterwards. Bulk
// generation uses it to sort once instead of inserting n times.
func (v views[T]) appendUnsorted(c T) {
	for _, k := range c.viewKeys() {
		v[k] = append(v[k], c)
	}
}

func (v views[T]) sortAll() {
	for _, s := range v {
		slices.SortFunc(s, cmpID[T])
	}
}

// addPeerLocked puts a VpcPeer connection into the world and its indexes.
func (s *Service) addPeerLocked(c *vpcConn) {
	s.peers[c.id] = c
	s.peerViews.add(c)
	if _, ends := c.timeline.end(); ends {
		s.peerDying = append(s.peerDying, c)
	}
}

func (s *Service) addENSLocked(c *ensConn) {
	s.enses[c.id] = c
	s.ensViews.add(c)
	s.ensByPair[c.pair()] = c
	if _, ends := c.timeline.end(); ends {
		s.ensDying = append(s.ensDying, c)
	}
}

// reapLocked removes the connections whose deletion has completed by now.
// Every request calls it first, so indexes and counts never include them.
func (s *Service) reapLocked(now time.Time) {
	s.peerDying = slices.DeleteFunc(s.peerDying, func(c *vpcConn) bool {
		at, ends := c.timeline.end()
		if !ends {
			return true // revived: cannot happen today, but never reap a live one
		}
		if now.Before(at) {
			return false
		}
		delete(s.peers, c.id)
		s.peerViews.remove(c)
		return true
	})
	s.ensDying = slices.DeleteFunc(s.ensDying, func(c *ensConn) bool {
		at, ends := c.timeline.end()
		if !ends {
			return true
		}
		if now.Before(at) {
			return false
		}
		delete(s.enses, c.id)
		s.ensViews.remove(c)
		if s.ensByPair[c.pair()] == c {
			delete(s.ensByPair, c.pair())
		}
		return true
	})
}

// markPeerDyingLocked and markENSDyingLocked note a connection whose new
// timeline ends in its removal, for reapLocked.
func (s *Service) markPeerDyingLocked(c *vpcConn) { s.peerDying = append(s.peerDying, c) }

func (s *Service) markENSDyingLocked(c *ensConn) { s.ensDying = append(s.ensDying, c) }

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }
