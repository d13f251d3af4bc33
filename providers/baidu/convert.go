package baidu

import (
	"strconv"
	"strings"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/normalize"
)

// connection converts a wire record to the portable model. CIDR blocks are
// not in the record; fillCIDRs adds them. p becomes Connection.Raw, so the
// caller must not reuse it.
func (c *Client) connection(op string, p *PeerConn) (peering.Connection, error) {
	id := normalize.ID(p.PeerConnID)
	bw, err := normalize.Bandwidth(p.Bandwidth())
	if err != nil {
		return peering.Connection{}, malformed(op, id, err)
	}
	created, err := normalize.Time(p.CreatedTime, c.loc)
	if err != nil {
		return peering.Connection{}, malformed(op, id, err)
	}
	expires, err := normalize.Time(p.ExpiredTime, c.loc)
	if err != nil {
		return peering.Connection{}, malformed(op, id, err)
	}
	localRegion := p.LocalRegion
	if localRegion == "" {
		localRegion = c.region // the record came from this region's endpoint
	}
	return peering.Connection{
		Provider:       peering.Baidu,
		ID:             id,
		Name:           p.LocalIfName,
		Description:    p.Description,
		Status:         normalize.BaiduStatus(p.Status),
		ProviderStatus: p.Status,
		Bandwidth:      bw,
		Local: peering.Endpoint{
			NetworkID: normalize.ID(p.LocalVpcID),
			Region:    localRegion,
			AccountID: c.accountID,
		},
		Peer: peering.Endpoint{
			NetworkID: normalize.ID(p.PeerVpcID),
			Region:    p.PeerRegion,
			AccountID: p.PeerAccountID,
		},
		Role:       role(p.Role),
		Tags:       tags(p.Tags),
		CreatedAt:  created,
		ExpiresAt:  expires,
		Attributes: attributes(p),
		Raw:        p,
	}, nil
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
		return peering.RoleInitiator
	case "acceptor":
		return peering.RoleAcceptor
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

// malformed reports a record the model cannot represent: the cloud broke
// its own format, so the error is Internal and names the connection.
func malformed(op, id string, err error) error {
	e := opError(peering.Internal, op, "connection %s: unreadable field", id)
	e.Err = err
	return e
}
