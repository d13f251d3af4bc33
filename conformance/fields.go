package conformance

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"net/netip"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peeringkit/peering"
)

// fieldSample bounds how many listed connections of each account the field
// definitions are checked on.
const fieldSample = 500

// A sighting is one connection as one account read it, with what the suite
// knows about it: nothing for a connection it found in a listing; the
// request it was created with, its fixture networks and the statuses its
// meaning allows at that point for one the suite made.
type sighting struct {
	what   string // "account B's Get of the cross-account offer", for messages
	c      peering.Connection
	viewer Account
	made   *specimen        // nil: a connection the suite did not make
	want   []peering.Status // statuses the moment allows; nil: any
	waited string           // why the wait for want ended early, or ""
}

// A specimen is a connection the suite made with known inputs.
type specimen struct {
	kind      string // "same-account", "cross-region", "cross-account"
	id        string // what Create returned
	req       peering.CreateRequest
	requester Network // the creating account's network (always account A's)
	accepter  Network // the peer network named in the request
}

// rules is what the field definitions are checked against: the adapter's
// provider and capabilities.
type rules struct {
	provider peering.Provider
	caps     peering.Capabilities
}

// connectionField is the check of one field of peering.Connection: it
// returns what in s contradicts the field's definition (the doc comment on
// the field, quoted in the check's comment).
type connectionField struct {
	name  string
	check func(r rules, s sighting) []string
}

// endpointField is the check of one field of peering.Endpoint, run on both
// ends; fixture is the network the end must be, or nil when unknown.
type endpointField struct {
	name  string
	check func(r rules, s sighting, ep peering.Endpoint, fixture *Network) []string
}

// connectionFields has one check per field of peering.Connection; Decided
// fails when a field has none.
var connectionFields = []connectionField{
	// Provider is the cloud API the connection was read from.
	{"Provider", func(r rules, s sighting) (v []string) {
		if s.c.Provider != r.provider {
			v = append(v, fmt.Sprintf("Provider is %q, want %q (the adapter's Provider())", s.c.Provider, r.provider))
		}
		return v
	}},
	// ID is the provider's connection ID, trimmed of whitespace; the same
	// in both accounts' views (TwoAccounts).
	{"ID", func(r rules, s sighting) (v []string) {
		if s.c.ID == "" || strings.TrimSpace(s.c.ID) != s.c.ID {
			v = append(v, fmt.Sprintf("ID %q is empty or not trimmed", s.c.ID))
		}
		if s.made != nil && s.c.ID != s.made.id {
			v = append(v, fmt.Sprintf("ID is %q, want %q (what Create returned)", s.c.ID, s.made.id))
		}
		return v
	}},
	// Name is the name someone gave the connection, or "" where the
	// provider has no connection name. A provider whose Update can change
	// Name (Capabilities.UpdateName) has names, so it must keep the one
	// given at creation.
	{"Name", func(r rules, s sighting) (v []string) {
		if s.made == nil {
			return nil
		}
		switch want := s.made.req.Name; {
		case s.c.Name == want:
		case r.caps.UpdateName:
			v = append(v, fmt.Sprintf("Name is %q, want %q: the connection was created with that name, and Capabilities.UpdateName says the provider has connection names", s.c.Name, want))
		case s.c.Name != "":
			v = append(v, fmt.Sprintf("Name is %q, want %q (the name it was created with) or \"\" (the provider has no connection names)", s.c.Name, want))
		}
		return v
	}},
	// Description is the provider's free-text description, or "".
	{"Description", func(r rules, s sighting) (v []string) {
		if s.made != nil && s.c.Description != s.made.req.Description {
			v = append(v, fmt.Sprintf("Description is %q, want %q (what Create was given)", s.c.Description, s.made.req.Description))
		}
		return v
	}},
	// Status is the normalized status, never "": chosen by meaning (does
	// traffic flow, is it waiting for someone, is it gone).
	{"Status", func(r rules, s sighting) (v []string) {
		if !s.c.Status.Valid() {
			v = append(v, fmt.Sprintf("Status %q is not one of peering.Statuses()", s.c.Status))
		}
		if s.want != nil && !slices.Contains(s.want, s.c.Status) {
			msg := fmt.Sprintf("Status is %q (ProviderStatus %q), want %v", s.c.Status, s.c.ProviderStatus, s.want)
			if s.waited != "" {
				msg += " (" + s.waited + ")"
			}
			v = append(v, msg)
		}
		return v
	}},
	// ProviderStatus is exactly what the cloud said, kept even when Status
	// is StatusUnknown.
	{"ProviderStatus", func(r rules, s sighting) (v []string) {
		if s.c.ProviderStatus == "" {
			v = append(v, "ProviderStatus is empty; it must keep what the cloud said")
		}
		return v
	}},
	// Bandwidth in Mbit/s; BandwidthUnlimited (-1) or BandwidthUnknown (0)
	// where the provider does not report it.
	{"Bandwidth", func(r rules, s sighting) (v []string) {
		b := s.c.Bandwidth
		if !b.Valid() {
			v = append(v, fmt.Sprintf("Bandwidth %d is neither -1 (unlimited), 0 (unknown) nor positive", int64(b)))
		}
		if !r.caps.Bandwidth && b != peering.BandwidthUnknown {
			v = append(v, fmt.Sprintf("Bandwidth is %v, but Capabilities.Bandwidth says it is not reported", b))
		}
		if s.made != nil && s.made.req.Bandwidth != nil && r.caps.Bandwidth && b != *s.made.req.Bandwidth {
			v = append(v, fmt.Sprintf("Bandwidth is %v, want %v (what Create asked for)", b, *s.made.req.Bandwidth))
		}
		return v
	}},
	// Requester is the end whose account asked for the connection, in both
	// accounts' views.
	{"Requester", func(r rules, s sighting) (v []string) {
		if s.made != nil && s.c.Requester.NetworkID != s.made.requester.ID {
			v = append(v, fmt.Sprintf("Requester.NetworkID is %q, want %q: the network of the account that created the connection, whoever reads it (Accepter.NetworkID is %q)",
				s.c.Requester.NetworkID, s.made.requester.ID, s.c.Accepter.NetworkID))
		}
		return v
	}},
	// Accepter is the end the connection was asked of, in both accounts'
	// views.
	{"Accepter", func(r rules, s sighting) (v []string) {
		if s.made != nil && s.c.Accepter.NetworkID != s.made.accepter.ID {
			v = append(v, fmt.Sprintf("Accepter.NetworkID is %q, want %q: the peer network named in the CreateRequest, whoever reads it (Requester.NetworkID is %q)",
				s.c.Accepter.NetworkID, s.made.accepter.ID, s.c.Requester.NetworkID))
		}
		if s.c.Requester.NetworkID != "" && s.c.Requester.NetworkID == s.c.Accepter.NetworkID {
			v = append(v, fmt.Sprintf("Requester and Accepter are the same network %q; a connection joins two", s.c.Accepter.NetworkID))
		}
		return v
	}},
	// Role is which end the caller's account is: RoleRequester,
	// RoleAccepter, or RoleUnknown where the provider does not say. The
	// creator of a connection within one account is both ends' account, so
	// there only RoleAccepter is wrong.
	{"Role", func(r rules, s sighting) (v []string) {
		switch s.c.Role {
		case peering.RoleRequester, peering.RoleAccepter, peering.RoleUnknown:
		default:
			return []string{fmt.Sprintf("Role %q is not requester, accepter or unknown", s.c.Role)}
		}
		if s.made == nil {
			return nil
		}
		cross := s.made.accepter.AccountID != s.made.requester.AccountID
		switch {
		case s.viewer == AccountB && s.c.Role != peering.RoleAccepter:
			v = append(v, fmt.Sprintf("Role is %q in the view of the account the connection was asked of, want %q", s.c.Role, peering.RoleAccepter))
		case s.viewer == AccountA && cross && s.c.Role != peering.RoleRequester:
			v = append(v, fmt.Sprintf("Role is %q in the view of the account that created the connection, want %q", s.c.Role, peering.RoleRequester))
		case s.viewer == AccountA && s.c.Role == peering.RoleAccepter:
			v = append(v, fmt.Sprintf("Role is %q in the view of the account that created the connection, want %q (or %q)", s.c.Role, peering.RoleRequester, peering.RoleUnknown))
		}
		return v
	}},
	// Tags are the caller's account's tags on the connection, nil when
	// there are none.
	{"Tags", func(r rules, s sighting) (v []string) {
		t := s.c.Tags
		if t != nil && len(t) == 0 {
			v = append(v, "Tags is an empty map; it is nil when there are none")
		}
		if !r.caps.Tags && len(t) > 0 {
			v = append(v, fmt.Sprintf("Tags is %v, but Capabilities.Tags says tags are not supported", t))
		}
		if _, ok := t[""]; ok {
			v = append(v, "Tags has an empty key")
		}
		switch {
		case s.made == nil || !r.caps.Tags:
		case s.viewer == AccountA && !maps.Equal(t, s.made.req.Tags):
			v = append(v, fmt.Sprintf("Tags is %v, want %v: the tags the creating account gave it", t, s.made.req.Tags))
		case s.viewer == AccountB && len(t) > 0:
			v = append(v, fmt.Sprintf("Tags is %v in account B's view, want none: they are the caller's account's own tags, and B set none", t))
		}
		return v
	}},
	// CreatedAt is when the connection was asked for; UTC, zero when the
	// provider does not report it.
	{"CreatedAt", func(r rules, s sighting) []string { return utc("CreatedAt", s.c.CreatedAt) }},
	// UpdatedAt is when the connection last changed; UTC, zero when the
	// provider does not report it. A change comes after the asking.
	{"UpdatedAt", func(r rules, s sighting) []string {
		v := utc("UpdatedAt", s.c.UpdatedAt)
		if c := s.c; !c.UpdatedAt.IsZero() && !c.CreatedAt.IsZero() && c.UpdatedAt.Before(c.CreatedAt) {
			v = append(v, fmt.Sprintf("UpdatedAt %v is before CreatedAt %v", c.UpdatedAt, c.CreatedAt))
		}
		return v
	}},
	// TermEndsAt is when the connection's prepaid term ends; UTC, zero for
	// a connection paid as it goes or where the provider has no terms. The
	// suite creates with no ProviderOptions, so with the provider's default
	// billing, paid as it goes.
	{"TermEndsAt", func(r rules, s sighting) []string {
		tm := s.c.TermEndsAt
		v := utc("TermEndsAt", tm)
		if !r.caps.TermEndsAt && !tm.IsZero() {
			v = append(v, fmt.Sprintf("TermEndsAt is %v, but Capabilities.TermEndsAt says the provider reports none", tm))
		}
		if s.made != nil && !tm.IsZero() {
			v = append(v, fmt.Sprintf("TermEndsAt is %v on a connection created with no billing options (paid as it goes), want zero", tm))
		}
		return v
	}},
	// AcceptBy is the deadline for accepting an offer, after which the
	// offer lapses; UTC, zero when no answer is awaited or none is
	// reported.
	{"AcceptBy", func(r rules, s sighting) []string {
		c := s.c
		v := utc("AcceptBy", c.AcceptBy)
		if c.AcceptBy.IsZero() {
			return v
		}
		if !r.caps.AcceptBy {
			v = append(v, fmt.Sprintf("AcceptBy is %v, but Capabilities.AcceptBy says the provider reports none", c.AcceptBy))
		}
		if c.Status != peering.StatusPendingAcceptance {
			v = append(v, fmt.Sprintf("AcceptBy is %v on a connection in status %q: it is zero when no answer is awaited", c.AcceptBy, c.Status))
		}
		if !c.CreatedAt.IsZero() && !c.AcceptBy.After(c.CreatedAt) {
			v = append(v, fmt.Sprintf("AcceptBy %v is not after CreatedAt %v: an offer's deadline follows the offer", c.AcceptBy, c.CreatedAt))
		}
		return v
	}},
	// ResourceGroupID is the caller's account's resource group of the
	// connection, or "".
	{"ResourceGroupID", func(r rules, s sighting) (v []string) {
		if !r.caps.ResourceGroup && s.c.ResourceGroupID != "" {
			v = append(v, fmt.Sprintf("ResourceGroupID is %q, but Capabilities.ResourceGroup says it is not reported", s.c.ResourceGroupID))
		}
		return v
	}},
	// Attributes holds provider facts that have no portable field, under
	// the provider's own field name; UnparsedAttribute lists values the
	// adapter could not read, which on a connection the suite just made
	// means the adapter cannot read its own cloud's answer.
	{"Attributes", func(r rules, s sighting) (v []string) {
		if _, ok := s.c.Attributes[""]; ok {
			v = append(v, "Attributes has an empty key; every fact is under the provider's field name")
		}
		if u, ok := s.c.Attributes[peering.UnparsedAttribute]; ok && s.made != nil {
			v = append(v, fmt.Sprintf("Attributes[%s] is %q on a connection the suite made: the adapter could not read its own cloud's record", peering.UnparsedAttribute, u))
		}
		return v
	}},
	// Raw is the provider's native record, as the adapter documents it.
	{"Raw", func(r rules, s sighting) (v []string) {
		if s.c.Raw == nil {
			v = append(v, "Raw is nil; it holds the provider's native record")
		}
		return v
	}},
}

// endpointFields has one check per field of peering.Endpoint; Decided
// fails when a field has none.
var endpointFields = []endpointField{
	// NetworkID is the end's VPC or ENS network ID. Which network it must
	// be is the Requester and Accepter checks'.
	{"NetworkID", func(r rules, s sighting, ep peering.Endpoint, fx *Network) (v []string) {
		if ep.NetworkID == "" || strings.TrimSpace(ep.NetworkID) != ep.NetworkID {
			v = append(v, fmt.Sprintf("NetworkID %q is empty or not trimmed", ep.NetworkID))
		}
		return v
	}},
	// Region is the end's region, or ENS node; "" when not reported.
	{"Region", func(r rules, s sighting, ep peering.Endpoint, fx *Network) (v []string) {
		if fx != nil && ep.Region != "" && fx.Region != "" && ep.Region != fx.Region {
			v = append(v, fmt.Sprintf("Region is %q, want %q (the region of network %s) or \"\"", ep.Region, fx.Region, fx.ID))
		}
		return v
	}},
	// AccountID is the account that owns the end's network, "" when not
	// reported. A peer account named in the request is known, so it is
	// reported.
	{"AccountID", func(r rules, s sighting, ep peering.Endpoint, fx *Network) (v []string) {
		switch {
		case fx == nil:
		case fx.AccountID != "" && ep.AccountID != "" && ep.AccountID != fx.AccountID:
			v = append(v, fmt.Sprintf("AccountID is %q, want %q (the owner of network %s) or \"\"", ep.AccountID, fx.AccountID, fx.ID))
		case s.made.req.PeerAccountID != "" && fx.ID == s.made.accepter.ID && ep.AccountID != s.made.req.PeerAccountID:
			v = append(v, fmt.Sprintf("AccountID is %q, want %q (the PeerAccountID of the CreateRequest)", ep.AccountID, s.made.req.PeerAccountID))
		}
		return v
	}},
	// IPv4CIDRs are the network's address blocks; empty means unknown.
	{"IPv4CIDRs", func(r rules, s sighting, ep peering.Endpoint, fx *Network) []string {
		var want []netip.Prefix
		if fx != nil {
			want = fx.IPv4CIDRs
		}
		return blocks("IPv4CIDRs", ep.IPv4CIDRs, want, true)
	}},
	// IPv6CIDRs likewise, and never set where Capabilities.IPv6 says the
	// provider reports none.
	{"IPv6CIDRs", func(r rules, s sighting, ep peering.Endpoint, fx *Network) []string {
		var want []netip.Prefix
		if fx != nil {
			want = fx.IPv6CIDRs
		}
		v := blocks("IPv6CIDRs", ep.IPv6CIDRs, want, false)
		if !r.caps.IPv6 && len(ep.IPv6CIDRs) > 0 {
			v = append(v, fmt.Sprintf("IPv6CIDRs is %v, but Capabilities.IPv6 says IPv6 is not reported", ep.IPv6CIDRs))
		}
		return v
	}},
	// CIDRsUnknown says why the blocks are unknown when they could not be
	// read; "" when the blocks are known, or the provider reports none and
	// no look-up was tried. Known blocks and a reason they are unknown
	// contradict each other.
	{"CIDRsUnknown", func(r rules, s sighting, ep peering.Endpoint, fx *Network) (v []string) {
		why := ep.CIDRsUnknown
		if why != "" && (len(ep.IPv4CIDRs) > 0 || len(ep.IPv6CIDRs) > 0) {
			v = append(v, fmt.Sprintf("CIDRsUnknown is %q, but the blocks are known (%v %v); it is \"\" when they are", why, ep.IPv4CIDRs, ep.IPv6CIDRs))
		}
		if why != strings.TrimSpace(why) {
			v = append(v, fmt.Sprintf("CIDRsUnknown %q is not trimmed", why))
		}
		return v
	}},
}

// ownOther checks Own and Other against Role and, on a connection the
// suite made, against the reading account's network: they are how a
// caller finds its end, so an adapter's Role and ends must make them right.
func ownOther(s sighting) (v []string) {
	own, okOwn := s.c.Own()
	other, okOther := s.c.Other()
	known := s.c.Role == peering.RoleRequester || s.c.Role == peering.RoleAccepter
	if okOwn != known || okOther != known {
		v = append(v, fmt.Sprintf("Own and Other report ok=%v, %v for Role %q", okOwn, okOther, s.c.Role))
	}
	if !known || s.made == nil {
		return v
	}
	mine, theirs := s.made.requester, s.made.accepter
	if s.viewer == AccountB {
		mine, theirs = theirs, mine
	}
	if own.NetworkID != mine.ID || other.NetworkID != theirs.ID {
		v = append(v, fmt.Sprintf("Own().NetworkID is %q and Other().NetworkID %q (Role %q), want %q (account %v's network) and %q",
			own.NetworkID, other.NetworkID, s.c.Role, mine.ID, s.viewer, theirs.ID))
	}
	return v
}

// utc says what is wrong with a time field that must be zero or UTC.
func utc(field string, tm time.Time) []string {
	if !tm.IsZero() && tm.Location() != time.UTC {
		return []string{fmt.Sprintf("%s %v is not in UTC", field, tm)}
	}
	return nil
}

// blocks says what is wrong with an end's blocks of one family: each a
// valid, masked prefix of the family, and, when known, those of the
// fixture network (want, when the harness knows them).
func blocks(field string, got, want []netip.Prefix, v4 bool) (v []string) {
	for _, p := range got {
		if msg := badPrefix(p, v4); msg != "" {
			v = append(v, fmt.Sprintf("%s: %s", field, msg))
		}
	}
	if len(got) > 0 && len(want) > 0 && !samePrefixes(got, want) {
		v = append(v, fmt.Sprintf("%s is %v, want %v (the network's blocks)", field, got, want))
	}
	return v
}

// badPrefix says what is wrong with a CIDR block of the given family, or "".
func badPrefix(p netip.Prefix, v4 bool) string {
	switch {
	case !p.IsValid():
		return fmt.Sprintf("%v is not a valid prefix", p)
	case p.Addr().Is4() != v4 || p.Addr().Is4In6():
		return fmt.Sprintf("%v is in the wrong address family", p)
	case p.Masked() != p:
		return fmt.Sprintf("%v has host bits set (want %v)", p, p.Masked())
	}
	return ""
}

// samePrefixes reports whether a and b hold the same blocks, in any order.
func samePrefixes(a, b []netip.Prefix) bool {
	sorted := func(p []netip.Prefix) []netip.Prefix {
		return slices.SortedFunc(slices.Values(p), func(x, y netip.Prefix) int {
			return cmp.Or(x.Addr().Compare(y.Addr()), cmp.Compare(x.Bits(), y.Bits()))
		})
	}
	return slices.Equal(sorted(a), sorted(b))
}

// violations returns, for each field, what in s contradicts its
// definition, as "Field: message" lines; the Fields group reports them per
// field, the other checks all at once.
func (r rules) violations(s sighting) []string {
	var v []string
	for _, f := range connectionFields {
		for _, m := range f.check(r, s) {
			v = append(v, f.name+": "+m)
		}
	}
	for _, f := range endpointFields {
		for _, end := range ends(s) {
			for _, m := range f.check(r, s, end.ep, end.fixture) {
				v = append(v, end.name+"."+f.name+": "+m)
			}
		}
	}
	for _, m := range ownOther(s) {
		v = append(v, "Own/Other: "+m)
	}
	return v
}

// end is one end of a sighting's connection, with the fixture network it
// must be when the suite made the connection.
type end struct {
	name    string // "Requester" or "Accepter"
	ep      peering.Endpoint
	fixture *Network
}

func ends(s sighting) [2]end {
	e := [2]end{{"Requester", s.c.Requester, nil}, {"Accepter", s.c.Accepter, nil}}
	if s.made != nil {
		e[0].fixture, e[1].fixture = &s.made.requester, &s.made.accepter
	}
	return e
}

// The two accounts' views of one connection agree on every field in
// agreeingFields, and may differ on those in perSideFields: Role, and the
// facts documented as one account's own. Every field of peering.Connection
// is in exactly one list, so that a new field fails Decided until someone
// decides which. Within Requester and Accepter, the fields of
// endpointAgreeing agree; the blocks agree where both views know them,
// since one account may not be able to read the other's network (and says
// why in its own CIDRsUnknown).
var (
	agreeingFields = []string{"Provider", "ID", "Name", "Description", "Status", "ProviderStatus", "Bandwidth",
		"Requester", "Accepter", "CreatedAt", "UpdatedAt", "TermEndsAt", "AcceptBy"}
	perSideFields      = []string{"Role", "Tags", "ResourceGroupID", "Attributes", "Raw"}
	endpointAgreeing   = []string{"NetworkID", "Region", "AccountID"}
	endpointWhereKnown = []string{"IPv4CIDRs", "IPv6CIDRs", "CIDRsUnknown"}
)

// undecided returns what is wrong with lists that must name every field of
// struct type typ exactly once between them: the fields they leave out,
// name twice, or name without typ having them.
func undecided(typ reflect.Type, lists ...[]string) []string {
	seen := map[string]int{}
	for _, l := range lists {
		for _, n := range l {
			seen[n]++
		}
	}
	var v []string
	for i := range typ.NumField() {
		f := typ.Field(i)
		switch seen[f.Name] {
		case 0:
			v = append(v, fmt.Sprintf("%s.%s is in no list: decide whether it has a check, and whether both accounts' views agree on it", typ.Name(), f.Name))
		case 1:
		default:
			v = append(v, fmt.Sprintf("%s.%s is in more than one list", typ.Name(), f.Name))
		}
		delete(seen, f.Name)
	}
	for _, n := range slices.Sorted(maps.Keys(seen)) {
		v = append(v, fmt.Sprintf("%s has no field %s, which a list names", typ.Name(), n))
	}
	return v
}

// decisions returns every field left without a check or without an
// agreement decision.
func decisions() []string {
	var checked, endChecked []string
	for _, f := range connectionFields {
		checked = append(checked, f.name)
	}
	for _, f := range endpointFields {
		endChecked = append(endChecked, f.name)
	}
	conn, ep := reflect.TypeFor[peering.Connection](), reflect.TypeFor[peering.Endpoint]()
	var v []string
	for _, m := range undecided(conn, checked) {
		v = append(v, "checks: "+m)
	}
	for _, m := range undecided(ep, endChecked) {
		v = append(v, "checks: "+m)
	}
	for _, m := range undecided(conn, agreeingFields, perSideFields) {
		v = append(v, "two-account agreement: "+m)
	}
	for _, m := range undecided(ep, endpointAgreeing, endpointWhereKnown) {
		v = append(v, "two-account agreement: "+m)
	}
	return v
}

// disagreements returns the agreeing fields on which a and b, two
// accounts' views of one connection, differ, one per line.
func disagreements(a, b peering.Connection) []string {
	var v []string
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	for _, name := range agreeingFields {
		fa, fb := va.FieldByName(name).Interface(), vb.FieldByName(name).Interface()
		switch x := fa.(type) {
		case peering.Endpoint:
			v = append(v, endpointDisagreements(name, x, fb.(peering.Endpoint))...)
		case time.Time:
			if !x.Equal(fb.(time.Time)) {
				v = append(v, fmt.Sprintf("%s: account A sees %v, account B %v", name, x, fb))
			}
		default:
			if !reflect.DeepEqual(fa, fb) {
				v = append(v, fmt.Sprintf("%s: account A sees %v, account B %v", name, fa, fb))
			}
		}
	}
	return v
}

func endpointDisagreements(end string, a, b peering.Endpoint) []string {
	var v []string
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	for _, name := range endpointAgreeing {
		if fa, fb := va.FieldByName(name).Interface(), vb.FieldByName(name).Interface(); fa != fb {
			v = append(v, fmt.Sprintf("%s.%s: account A sees %q, account B %q", end, name, fa, fb))
		}
	}
	for _, f := range []struct {
		name string
		a, b []netip.Prefix
	}{{"IPv4CIDRs", a.IPv4CIDRs, b.IPv4CIDRs}, {"IPv6CIDRs", a.IPv6CIDRs, b.IPv6CIDRs}} {
		if len(f.a) > 0 && len(f.b) > 0 && !samePrefixes(f.a, f.b) {
			v = append(v, fmt.Sprintf("%s.%s: account A sees %v, account B %v", end, f.name, f.a, f.b))
		}
	}
	return v
}

// checkFields checks each field's definition, one subtest per field of
// peering.Connection and peering.Endpoint (Endpoint.X checks both ends), on
// a sample of both accounts' listings and, where the harness allows
// writes, on connections the suite makes with known inputs, read by Get
// and by a listing from each account that can see them: one within
// account A, one to another region, and an offer to account B before and
// after B accepts it. TwoAccounts checks that A's and B's views of the
// offer agree field by field but for the per-side ones.
func checkFields(t *testing.T, e *env) {
	t.Run("Decided", func(t *testing.T) {
		for _, m := range decisions() {
			t.Error(m)
		}
	})
	ss, offers := e.sightings(t)
	r := rules{provider: e.a.Provider(), caps: e.caps}
	report := func(t *testing.T, s sighting, msgs []string) {
		t.Helper()
		for _, m := range msgs {
			t.Errorf("%s (%s): %s", s.what, s.c.ID, m)
		}
	}
	for _, f := range connectionFields {
		t.Run(f.name, func(t *testing.T) {
			for _, s := range ss {
				report(t, s, f.check(r, s))
			}
		})
	}
	for _, f := range endpointFields {
		t.Run("Endpoint."+f.name, func(t *testing.T) {
			for _, s := range ss {
				for _, end := range ends(s) {
					msgs := f.check(r, s, end.ep, end.fixture)
					for i := range msgs {
						msgs[i] = end.name + "." + msgs[i]
					}
					report(t, s, msgs)
				}
			}
		})
	}
	t.Run("OwnOther", func(t *testing.T) {
		for _, s := range ss {
			report(t, s, ownOther(s))
		}
	})
	t.Run("TwoAccounts", func(t *testing.T) {
		if len(offers) == 0 {
			t.Skip("no connection between two accounts to compare: the provider cannot join accounts, or the harness has no account B or is read-only")
		}
		for _, o := range offers {
			if d := disagreements(o[0].c, o[1].c); len(d) > 0 {
				t.Errorf("%s and %s (%s) disagree:\n  %s", o[0].what, o[1].what, o[0].c.ID, strings.Join(d, "\n  "))
			}
		}
	})
}

// sightings gathers what the field checks look at: up to fieldSample
// listed connections of each account, then the suite's own connections
// (see checkFields). offers pairs account A's and account B's sightings
// of one connection, read the same way at the same moment.
func (e *env) sightings(t *testing.T) (ss []sighting, offers [][2]sighting) {
	t.Helper()
	for _, acct := range []Account{AccountA, AccountB} {
		p := e.a
		if acct == AccountB {
			var ok bool
			if p, ok = e.maybeB(t); !ok {
				continue
			}
		}
		n := 0
		for c, err := range peering.List(e.ctx, p, peering.Filter{}) {
			e.noError(t, fmt.Sprintf("account %v's List", acct), err)
			ss = append(ss, sighting{what: fmt.Sprintf("account %v's listing", acct), c: c, viewer: acct})
			if n++; n == fieldSample {
				break
			}
		}
	}
	if !e.h.Mutable() || !e.caps.Create || !e.caps.Delete {
		t.Log("checking listed connections only: the harness is read-only or the provider cannot create and delete")
		return ss, nil
	}
	l := e.nets.Local
	if s := e.nets.SameRegion; l.ID != "" && s.ID != "" {
		sp := e.specimen(t, "same-account", s, peering.CreateRequest{})
		ss = append(ss, e.look(t, sp, AccountA, e.a, peering.StatusActive)...)
	}
	if o := e.nets.OtherRegion; e.caps.CrossRegion && l.ID != "" && o.ID != "" {
		req := peering.CreateRequest{PeerRegion: o.Region}
		if e.caps.Bandwidth {
			req.Bandwidth = peering.Mbps(10)
		}
		sp := e.specimen(t, "cross-region", o, req)
		ss = append(ss, e.look(t, sp, AccountA, e.a, peering.StatusActive)...)
	}
	o := e.nets.OtherAccount
	if !e.caps.CrossAccount || !e.caps.Accept || l.ID == "" || o.ID == "" {
		return ss, nil
	}
	b, ok := e.maybeB(t)
	if !ok {
		return ss, nil
	}
	sp := e.specimen(t, "cross-account", o, peering.CreateRequest{PeerAccountID: o.AccountID})
	for _, stage := range []peering.Status{peering.StatusPendingAcceptance, peering.StatusActive} {
		if stage == peering.StatusActive {
			e.noError(t, fmt.Sprintf("account B's Accept(%q)", sp.id), b.Accept(e.ctx, sp.id))
		}
		seenA := e.look(t, sp, AccountA, e.a, stage)
		seenB := e.look(t, sp, AccountB, b, stage)
		ss = append(ss, seenA...)
		ss = append(ss, seenB...)
		for i := range min(len(seenA), len(seenB)) {
			offers = append(offers, [2]sighting{seenA[i], seenB[i]})
		}
	}
	return ss, offers
}

// maybeB returns account B's adapter, or false when the harness has none.
func (e *env) maybeB(t *testing.T) (peering.Peering, bool) {
	t.Helper()
	b, err := e.h.Peering(e.ctx, AccountB)
	if errors.Is(err, ErrNoAccount) {
		return nil, false
	}
	if err != nil {
		t.Fatalf("making the adapter for account B: %v", err)
	}
	return b, true
}

// specimen creates a connection from account A's Local network to peer,
// with a name, a description and (where the provider has them) tags the
// checks then look for; req gives what the kind adds.
func (e *env) specimen(t *testing.T, kind string, peer Network, req peering.CreateRequest) *specimen {
	t.Helper()
	req.Name = name("fields")
	req.Description = "conformance fields " + kind
	req.LocalNetworkID, req.PeerNetworkID = e.nets.Local.ID, peer.ID
	if e.caps.Tags {
		req.Tags = map[string]string{"conformance": "fields", "case": kind}
	}
	req = e.request(req)
	sp := &specimen{kind: kind, req: req, requester: e.nets.Local, accepter: peer}
	sp.id = e.create(t, e.a, req)
	return sp
}

// look lets backend time pass until account acct sees sp in status want
// (or the wait gives up, which the Status check reports), then returns
// acct's Get of it and its listing by ID.
func (e *env) look(t *testing.T, sp *specimen, acct Account, p peering.Peering, want peering.Status) []sighting {
	t.Helper()
	at := fmt.Sprintf("the %s connection, %s", sp.kind, want)
	s := sighting{viewer: acct, made: sp, want: []peering.Status{want}}
	if _, err := e.waitFor(p, sp.id, want); err != nil {
		s.waited = err.Error()
	}
	c, err := p.Get(e.ctx, sp.id)
	e.noError(t, fmt.Sprintf("account %v's Get(%q)", acct, sp.id), err)
	got := s
	got.what, got.c = fmt.Sprintf("account %v's Get of %s", acct, at), c
	listed, err := peering.Collect(e.ctx, p, peering.Filter{IDs: []string{sp.id}})
	e.noError(t, fmt.Sprintf("account %v's List of %s", acct, sp.id), err)
	if len(listed) != 1 {
		t.Fatalf("account %v's List by ID %s returned %d connections, want 1", acct, sp.id, len(listed))
	}
	lst := s
	lst.what, lst.c = fmt.Sprintf("account %v's listing of %s", acct, at), listed[0]
	return []sighting{got, lst}
}
