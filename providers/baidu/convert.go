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
// caller must not reuse it.
//
// A value that cannot be read (a bandwidth below -1, fractional or not a
// number; a time in no known form; a member of the wrong JSON type) does
// not fail the record: its field is left unknown and
// Attributes[peering.UnparsedAttribute] names it, as on every adapter. Only
// a record without an ID, which is no connection at all, is an error.
func (c *Client) connection(op string, p *PeerConn) (peering.Connection, error) {
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
	conn := peering.Connection{
		Provider:       peering.Baidu,
		ID:             id,
		Name:           p.LocalIfName,
		Description:    p.Description,
		Status:         normalize.BaiduStatus(p.Status),
		ProviderStatus: p.Status,
		Bandwidth:      bw,
		Requester: peering.Endpoint{
			NetworkID: normalize.ID(p.LocalVpcID),
			Region:    localRegion,
			AccountID: c.accountID,
		},
		Accepter: peering.Endpoint{
			NetworkID: normalize.ID(p.PeerVpcID),
			Region:    p.PeerRegion,
			AccountID: p.PeerAccountID,
		},
		Role:      role(p.Role),
		Tags:      tags(p.Tags),
		CreatedAt: c.timestamp("createdTime", p.CreatedTime, &bad),
		TermEndsAt: c.timestamp("expiredTime", p.ExpiredTime, &bad),
		Raw:       p,
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

// role reads Baidu's role: the end of the connection the caller queried.
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
// the record sets; nil when there are none.
func attributes(p *PeerConn) map[string]string {
	n := 0
	for _, v := range [...]string{p.PaymentTiming, p.DNSStatus, p.LocalIfID} {
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
	if p.DeleteProtect != nil {
		m["deleteProtect"] = strconv.FormatBool(*p.DeleteProtect)
	}
	return m
}
