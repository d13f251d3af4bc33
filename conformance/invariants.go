package conformance

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/peeringkit/peering"
)

// invariantSample bounds how many connections of each account the
// invariants are checked on.
const invariantSample = 500

// checkInvariants checks the normalized model on every connection both
// accounts list (up to invariantSample each).
func checkInvariants(t *testing.T, e *env) {
	e.eachAccount(t, func(t *testing.T, acct Account, p peering.Peering) {
		n := 0
		for c, err := range peering.List(e.ctx, p, peering.Filter{}) {
			e.noError(t, "List", err)
			for _, v := range violations(c, p.Provider(), e.caps) {
				t.Errorf("connection %s: %s", c.ID, v)
			}
			if n++; n == invariantSample {
				break
			}
		}
		if n == 0 {
			t.Skipf("account %v has no connections to check", acct)
		}
		t.Logf("checked %d connections", n)
	})
}

// violations returns what is wrong with c in the normalized model, for a
// provider with capabilities caps.
func violations(c peering.Connection, provider peering.Provider, caps peering.Capabilities) []string {
	var v []string
	bad := func(format string, args ...any) { v = append(v, fmt.Sprintf(format, args...)) }
	if c.Provider != provider {
		bad("Provider is %q, want %q", c.Provider, provider)
	}
	if c.ID == "" || strings.TrimSpace(c.ID) != c.ID {
		bad("ID %q is empty or not trimmed", c.ID)
	}
	if !c.Status.Valid() {
		bad("Status %q is not one of peering.Statuses()", c.Status)
	}
	if c.ProviderStatus == "" {
		bad("ProviderStatus is empty; it must keep what the cloud said")
	}
	switch c.Role {
	case peering.RoleRequester, peering.RoleAccepter, peering.RoleUnknown:
	default:
		bad("Role %q is not initiator, acceptor or unknown", c.Role)
	}
	if !c.Bandwidth.Valid() {
		bad("Bandwidth %d is neither -1 (unlimited), 0 (unknown) nor positive", int64(c.Bandwidth))
	}
	if !caps.Bandwidth && c.Bandwidth != peering.BandwidthUnknown {
		bad("Bandwidth is %v, but Capabilities says bandwidth is not reported", c.Bandwidth)
	}
	for _, end := range []struct {
		name string
		ep   peering.Endpoint
	}{{"Local", c.Requester}, {"Peer", c.Accepter}} {
		if end.ep.NetworkID == "" {
			bad("%s.NetworkID is empty", end.name)
		}
		for _, p := range end.ep.IPv4CIDRs {
			if msg := badPrefix(p, true); msg != "" {
				bad("%s.IPv4CIDRs: %s", end.name, msg)
			}
		}
		for _, p := range end.ep.IPv6CIDRs {
			if msg := badPrefix(p, false); msg != "" {
				bad("%s.IPv6CIDRs: %s", end.name, msg)
			}
		}
		if !caps.IPv6 && len(end.ep.IPv6CIDRs) > 0 {
			bad("%s.IPv6CIDRs is %v, but Capabilities says IPv6 is not reported", end.name, end.ep.IPv6CIDRs)
		}
	}
	for _, tm := range []struct {
		name string
		t    time.Time
	}{{"CreatedAt", c.CreatedAt}, {"UpdatedAt", c.UpdatedAt}, {"ExpiresAt", c.TermEndsAt}} {
		if !tm.t.IsZero() && tm.t.Location() != time.UTC {
			bad("%s %v is not in UTC", tm.name, tm.t)
		}
	}
	if !caps.TermEndsAt && !c.TermEndsAt.IsZero() {
		bad("ExpiresAt is %v, but Capabilities says it is not reported", c.TermEndsAt)
	}
	if !caps.ResourceGroup && c.ResourceGroupID != "" {
		bad("ResourceGroupID is %q, but Capabilities says it is not reported", c.ResourceGroupID)
	}
	if !caps.Tags && len(c.Tags) > 0 {
		bad("Tags is %v, but Capabilities says tags are not supported", c.Tags)
	}
	for k := range c.Tags {
		if k == "" {
			bad("Tags has an empty key")
		}
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
