package conformance

import (
	"net/netip"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peeringkit/peering"
)

// TestUndecided checks that a field no list names, one named twice, and a
// name with no field are each reported, so that a field added to the model
// without a decision fails Fields/Decided.
func TestUndecided(t *testing.T) {
	type model struct{ A, B, New int }
	typ := reflect.TypeFor[model]()
	cases := []struct {
		name  string
		lists [][]string
		want  []string // substrings, one per message, in order
	}{
		{"all decided", [][]string{{"A", "New"}, {"B"}}, nil},
		{"new field", [][]string{{"A"}, {"B"}}, []string{"model.New is in no list"}},
		{"twice", [][]string{{"A", "New"}, {"B", "A"}}, []string{"model.A is in more than one list"}},
		{"stale name", [][]string{{"A", "B", "New"}, {"Old"}}, []string{"model has no field Old"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := undecided(typ, c.lists...)
			if len(got) != len(c.want) {
				t.Fatalf("undecided = %q, want %d message(s) like %q", got, len(c.want), c.want)
			}
			for i, w := range c.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("message %d is %q, want it to contain %q", i, got[i], w)
				}
			}
		})
	}
	if d := decisions(); len(d) > 0 {
		t.Errorf("the model's fields are not all decided:\n%s", strings.Join(d, "\n"))
	}
}

// TestDisagreements checks what counts as two accounts' views differing:
// every agreeing field, time instants rather than their zones, and the
// blocks only where both views know them; never the per-side fields.
func TestDisagreements(t *testing.T) {
	base := peering.Connection{
		Provider: peering.AlibabaVPC, ID: "pcc-1", Name: "n", Status: peering.StatusActive, ProviderStatus: "Activated",
		Requester: peering.Endpoint{NetworkID: "vpc-a", AccountID: "1", IPv4CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}},
		Accepter:  peering.Endpoint{NetworkID: "vpc-b", AccountID: "2"},
		Role:      peering.RoleRequester, CreatedAt: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC),
	}
	cases := []struct {
		name   string
		change func(c *peering.Connection)
		want   []string // field names reported
	}{
		{"same", func(c *peering.Connection) {}, nil},
		{"per-side fields", func(c *peering.Connection) {
			c.Role, c.Tags, c.ResourceGroupID, c.Raw = peering.RoleAccepter, map[string]string{"k": "v"}, "rg-1", 1
			c.Attributes = map[string]string{"localIfName": "x"}
		}, nil},
		{"swapped ends", func(c *peering.Connection) { c.Requester, c.Accepter = c.Accepter, c.Requester },
			[]string{"Requester.NetworkID", "Requester.AccountID", "Accepter.NetworkID", "Accepter.AccountID"}},
		{"name", func(c *peering.Connection) { c.Name = "" }, []string{"Name"}},
		{"acceptance deadline", func(c *peering.Connection) { c.AcceptBy = c.CreatedAt.Add(time.Hour) }, []string{"AcceptBy"}},
		{"same instant, other zone", func(c *peering.Connection) { c.CreatedAt = c.CreatedAt.In(time.FixedZone("CST", 8*3600)) }, nil},
		{"blocks unknown on one side", func(c *peering.Connection) {
			c.Requester.IPv4CIDRs, c.Requester.CIDRsUnknown = nil, "not the caller's network"
		}, nil},
		{"blocks differ", func(c *peering.Connection) {
			c.Requester.IPv4CIDRs = []netip.Prefix{netip.MustParsePrefix("10.1.0.0/16")}
		}, []string{"Requester.IPv4CIDRs"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := base
			c.change(&b)
			var got []string
			for _, d := range disagreements(base, b) {
				got = append(got, d[:strings.Index(d, ":")])
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("disagreements name %q, want %q", got, c.want)
			}
		})
	}
}
