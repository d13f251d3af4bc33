package bce

import (
	"time"
)

// Roles of the two ends of a connection, as the API spells them.
const (
	RoleInitiator = "initiator"
	RoleAcceptor  = "acceptor"
)

// Payment timings.
const (
	Prepaid  = "Prepaid"
	Postpaid = "Postpaid"
)

// PeerConn is one connection as the emulator holds it: one record with both
// ends' facts, for tests that inspect the world directly.
type PeerConn struct {
	ID        string
	Initiator End
	Acceptor  End
	// Status is the status as of the emulated clock's now.
	Status          string
	BandwidthInMbps int
	PaymentTiming   string // Prepaid or Postpaid
	Tags            []Tag  // set by the initiator; the acceptor of a cross-account connection does not see them
	DeleteProtect   bool
	ResourceGroupID string
	CreatedTime     time.Time // UTC
	ExpiredTime     time.Time // zero for Postpaid
}

// End is one side of a connection: whose it is, where, its interface, and
// the facts each side keeps for itself.
type End struct {
	AccountID     string
	VPCID         string
	Region        string
	InterfaceID   string // "qpif-…"
	InterfaceName string
	// Description is this side's remark: set for both sides on create,
	// changed per side by Update.
	Description string
	// DNSStatus is this side's DNS sync status as of now (close, wait,
	// syncing, open, closing).
	DNSStatus string
}

// Tag is a resource tag.
type Tag struct {
	Key, Value string
}

// Indexes of the two ends in conn.ends.
const (
	initiator = 0
	acceptor  = 1
)

var roleNames = [2]string{RoleInitiator, RoleAcceptor}

// conn is the emulator's record of a connection.
type conn struct {
	id            string
	ends          [2]end
	bandwidth     int
	prepaid       bool
	expires       time.Time // prepaid only
	created       time.Time
	tags          []Tag
	deleteProtect bool
	resourceGroup string
	// quota is set for connections made through the API: only they count
	// against the per-VPC and per-account quotas (see the package doc).
	quota bool
	// consultBy is when an unanswered cross-account request fails; zero
	// once answered.
	consultBy time.Time
	tl        timeline
}

type end struct {
	account, vpc, region string
	ifID, ifName         string
	description          string
	dns                  timeline
}

func (c *conn) crossAccount() bool { return c.ends[initiator].account != c.ends[acceptor].account }

// status computes the status at now: the timeline's, with the two changes
// that need no operation to happen (an unanswered request running out of
// time, a prepaid connection reaching its expiry) applied on top.
func (c *conn) status(now time.Time) string {
	s := c.tl.at(now)
	switch {
	case s == StatusConsulting && !c.consultBy.IsZero() && !now.Before(c.consultBy):
		return StatusConsultFailed
	case s == StatusActive && c.prepaid && !now.Before(c.expires):
		return StatusExpired
	}
	return s
}

// transition fixes the current status and schedules the next steps.
func (c *conn) transition(now time.Time, next ...step) {
	c.tl = from(now, c.status(now), next...)
}

// listedIn returns the (account, region) lists the connection is in: the
// initiator's, and the acceptor's when it differs. A connection within one
// account and region is listed once, from the initiator's side.
func (c *conn) listedIn() []acctRegion {
	in := acctRegion{c.ends[initiator].account, c.ends[initiator].region}
	ac := acctRegion{c.ends[acceptor].account, c.ends[acceptor].region}
	if in == ac {
		return []acctRegion{in}
	}
	return []acctRegion{in, ac}
}

// endIn returns the end the account owns in region, preferring the
// initiator when it owns both there; ok is false when it owns neither.
func (c *conn) endIn(account, region string) (int, bool) {
	for i := range c.ends {
		if c.ends[i].account == account && c.ends[i].region == region {
			return i, true
		}
	}
	return 0, false
}

// endOnVPC returns the end on vpc.
func (c *conn) endOnVPC(vpc string) (int, bool) {
	for i := range c.ends {
		if c.ends[i].vpc == vpc {
			return i, true
		}
	}
	return 0, false
}

// view renders the connection from end i for viewer, as the API shows it.
func (c *conn) view(i int, viewer string, now time.Time) wirePeerConn {
	local, peer := &c.ends[i], &c.ends[1-i]
	w := wirePeerConn{
		PeerConnID:      c.id,
		Role:            roleNames[i],
		Status:          c.status(now),
		BandwidthInMbps: c.bandwidth,
		Description:     local.description,
		LocalIfID:       local.ifID,
		LocalIfName:     local.ifName,
		LocalVpcID:      local.vpc,
		LocalRegion:     local.region,
		PeerVpcID:       peer.vpc,
		PeerRegion:      peer.region,
		PeerAccountID:   peer.account,
		DNSStatus:       local.dns.at(now),
		PaymentTiming:   Postpaid,
		CreatedTime:     formatTime(c.created),
		Tags:            []wireTag{},
		DeleteProtect:   c.deleteProtect,
	}
	if c.prepaid {
		w.PaymentTiming = Prepaid
		w.ExpiredTime = formatTime(c.expires)
	}
	// Tags are the initiator account's; another account sees none.
	if viewer == c.ends[initiator].account {
		for _, t := range c.tags {
			w.Tags = append(w.Tags, wireTag{TagKey: t.Key, TagValue: t.Value})
		}
	}
	return w
}

// snapshot returns the exported record at now.
func (c *conn) snapshot(now time.Time) PeerConn {
	p := PeerConn{
		ID:              c.id,
		Initiator:       c.ends[initiator].snapshot(now),
		Acceptor:        c.ends[acceptor].snapshot(now),
		Status:          c.status(now),
		BandwidthInMbps: c.bandwidth,
		PaymentTiming:   Postpaid,
		Tags:            append([]Tag(nil), c.tags...),
		DeleteProtect:   c.deleteProtect,
		ResourceGroupID: c.resourceGroup,
		CreatedTime:     c.created,
	}
	if c.prepaid {
		p.PaymentTiming = Prepaid
		p.ExpiredTime = c.expires
	}
	return p
}

func (e *end) snapshot(now time.Time) End {
	return End{
		AccountID:     e.account,
		VPCID:         e.vpc,
		Region:        e.region,
		InterfaceID:   e.ifID,
		InterfaceName: e.ifName,
		Description:   e.description,
		DNSStatus:     e.dns.at(now),
	}
}
