package baidu

import (
	"strconv"
	"strings"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/normalize"
)

// connection converts a wire record to the portable model. CIDR blocks are
// not in the record; fillCIDRs adds them. p becomes Connection.Raw, so the
// caller must not reuse it. end is the role of the end the record shows
// (recordRole), and own says that end is the caller's (always, for a listed
// record; for Get, as role.go finds): only then is Role the record's role
// and the local end's account Options.AccountID.
//
// The record's local and peer ends are placed by its role: an initiator's
// record has its local end as Requester, an acceptor's as Accepter, so that
// both accounts' views of one connection show the same ends. A listed
// record that names no role is placed as the initiator's, with Role
// unknown.
//
// A value that cannot be read (a bandwidth below -1, fractional or not a
// number; a time in no known form; a member of the wrong JSON type) does
// not fail the record: its field is left unknown and
// Attributes[peering.UnparsedAttribute] names it, as on every adapter. Only
// a record without an ID, which is no connection at all, is an error.
func (c *Client) connection(op string, p *PeerConn, end string, own bool) (peering.Connection, error) {
	id := normalize.ID(p.PeerConnID)
	if id == "" {
		return peering.Connection{}, opError(peering.Internal, op, "a connection record without a peerConnId")
	}
	var bad normalize.Unparsed
	bad.AddMismatches("", p.Mismatches)
	bwText, bwField := p.bandwidth()
	bw, err := normalize.ParseBandwidth(bwText)
	if err != nil {
		bad.Add(bwField, bwText.String())
	}
	localRegion := p.LocalRegion
	if localRegion == "" {
		localRegion = c.region // the record came from this region's endpoint
	}
	local := peering.Endpoint{NetworkID: normalize.ID(p.LocalVpcID), Region: localRegion}
	if own {
		local.AccountID = c.accountID
	}
	peer := peering.Endpoint{NetworkID: normalize.ID(p.PeerVpcID), Region: p.PeerRegion, AccountID: p.PeerAccountID}
	r := role(end)
	if role(p.Role) == peering.RoleUnknown && strings.TrimSpace(p.Role) != "" {
		bad.Add("role", p.Role)
	}
	conn := peering.Connection{
		Provider:       peering.Baidu,
		ID:             id,
		Description:    p.Description,
		Status:         normalize.BaiduStatus(p.Status),
		ProviderStatus: p.Status,
		Bandwidth:      bw,
		Requester:      local,
		Accepter:       peer,
		Role:           peering.RoleUnknown,
		Tags:           tags(p.Tags),
		CreatedAt:      c.timestamp("createdTime", p.CreatedTime, &bad),
		TermEndsAt:     c.timestamp("expiredTime", p.ExpiredTime, &bad),
		Raw:            p,
	}
	if r == peering.RoleAccepter {
		conn.Requester, conn.Accepter = peer, local
	}
	if own {
		conn.Role = r
	}
	conn.Attributes = bad.Attributes(attributes(p))
	return conn, nil
}

// timestamp reads one of the record's times, in the client's zone when it
// has none; an unreadable one is zero and recorded in bad.
func (c *Client) timestamp(field, s string, bad *normalize.Unparsed) time.Time {
	t, err := normalize.Time(s, c.loc)
	if err != nil {
		bad.Add(field, s)
	}
	return t
}

// tags turns Baidu's tag list into the model's map through normalize.Tags,
// converting on the stack for the usual handful of tags.
func tags(in []Tag) map[string]string {
	if len(in) == 0 {
		return nil
	}
	var buf [8]normalize.Tag
	out := buf[:0]
	for _, t := range in {
		out = append(out, normalize.Tag{Key: t.TagKey, Value: t.TagValue})
	}
	return normalize.Tags(out)
}

// role reads Baidu's role: the end of the connection the record shows.
func role(s string) peering.Role {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "initiator":
		return peering.RoleRequester
	case "acceptor":
		return peering.RoleAccepter
	}
	return peering.RoleUnknown
}

// attributes keeps the Baidu facts that have no portable field, only those
// the record sets; nil when there are none. The interface facts
// (localIfId, localIfName) and dnsStatus are the record's local end's.
// Baidu has no connection name: the interface name is kept here under its
// own name, and Connection.Name stays "".
func attributes(p *PeerConn) map[string]string {
	n := 0
	for _, v := range [...]string{p.PaymentTiming, p.DNSStatus, p.LocalIfID, p.LocalIfName} {
		if v != "" {
			n++
		}
	}
	if p.DeleteProtect != nil {
		n++
	}
	if n == 0 {
		return nil
	}
	m := make(map[string]string, n)
	set := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	set("paymentTiming", p.PaymentTiming)
	set("dnsStatus", p.DNSStatus)
	set("localIfId", p.LocalIfID)
	set("localIfName", p.LocalIfName)
	if p.DeleteProtect != nil {
		m["deleteProtect"] = strconv.FormatBool(*p.DeleteProtect)
	}
	return m
}
