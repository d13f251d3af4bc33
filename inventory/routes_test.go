package inventory_test

import (
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/inventory"
)

// table is a route table of network with routes given as
// "destination nexthop-kind nexthop-id".
func table(network string, routes ...string) inventory.NetworkRoutes {
	t := peering.RouteTable{Provider: peering.AlibabaVPC, ID: "rt-" + network, NetworkID: network, System: true}
	t.Routes = append(t.Routes, peering.Route{Destination: netip.MustParsePrefix(map[string]string{"vpc-a": "10.0.0.0/16", "vpc-b": "10.1.0.0/16"}[network]),
		NextHop: peering.NextHopLocal, NextHopType: "local", System: true})
	for i, r := range routes {
		f := strings.Fields(r)
		kind, typ := peering.NextHopGateway, "NatGateway"
		if f[1] == "peering" {
			kind, typ = peering.NextHopPeering, "VpcPeer"
		}
		if f[2] == "-" {
			f[2] = "" // a next hop the adapter could not tie to a connection
		}
		t.Routes = append(t.Routes, peering.Route{ID: network + "-r" + string(rune('1'+i)), Destination: netip.MustParsePrefix(f[0]),
			NextHop: kind, NextHopType: typ, NextHopID: f[2]})
	}
	return inventory.NetworkRoutes{Network: inventory.Ref{Provider: peering.AlibabaVPC, ID: network}, Tables: []peering.RouteTable{t}}
}

// Each active peering is judged each way from the route tables of its two
// networks: vpc-a (10.0.0.0/16) and vpc-b (10.1.0.0/16), joined by pcc-1.
func TestRouteFindings(t *testing.T) {
	ab := table("vpc-a", "10.1.0.0/16 peering pcc-1")
	ba := table("vpc-b", "10.0.0.0/16 peering pcc-1")
	unreadable := inventory.NetworkRoutes{Network: inventory.Ref{Provider: peering.AlibabaVPC, ID: "vpc-b"},
		Unknown: "PermissionDenied: DescribeRouteTableList was refused (Forbidden.RAM)"}
	for _, tc := range []struct {
		name    string
		routes  []inventory.NetworkRoutes
		extra   []inventory.Record // besides pcc-1
		want    []inventory.Kind
		message string // a part of the first routing finding's message
	}{
		{"both ways", []inventory.NetworkRoutes{ab, ba}, nil, nil, ""},
		{"neither way", []inventory.NetworkRoutes{table("vpc-a"), table("vpc-b")}, nil, []inventory.Kind{inventory.KindNoRoute},
			"neither vpc-a nor vpc-b routes the other's blocks through it"},
		{"one way", []inventory.NetworkRoutes{ab, table("vpc-b")}, nil, []inventory.Kind{inventory.KindOneWay},
			"vpc-a routes 10.1.0.0/16 through it, but vpc-b routes nothing back to 10.0.0.0/16"},
		{"half of the far block", []inventory.NetworkRoutes{table("vpc-a", "10.1.0.0/17 peering pcc-1"), ba}, nil, []inventory.Kind{inventory.KindPartialRoute},
			"vpc-a routes none of vpc-b through it (10.1.0.0/17 via VpcPeer pcc-1 in rt-vpc-a (vpc-a-r1)), but not 10.1.0.0/16"},
		{"neither table read: one finding", []inventory.NetworkRoutes{}, nil, []inventory.Kind{inventory.KindRoutesUnknown},
			"whether traffic flows across it is not known either way: the route tables of vpc-a were not read"},
		{"a table not read is unknown, never no-route", []inventory.NetworkRoutes{table("vpc-a")}, nil, []inventory.Kind{inventory.KindRoutesUnknown},
			"whether vpc-b routes vpc-a through it is not known: the route tables of vpc-b were not read"},
		{"a table refused is unknown, with why", []inventory.NetworkRoutes{ab, unreadable}, nil, []inventory.Kind{inventory.KindRoutesUnknown},
			"could not be read: PermissionDenied: DescribeRouteTableList was refused (Forbidden.RAM)"},
		{"a more specific route elsewhere", []inventory.NetworkRoutes{table("vpc-a", "10.1.0.0/16 peering pcc-1", "10.1.5.0/24 gateway ngw-1"), ba}, nil,
			[]inventory.Kind{inventory.KindShadowed}, "in vpc-a, 10.1.5.0/24 via NatGateway ngw-1 in rt-vpc-a (vpc-a-r2) send part of what goes through it"},
		{"a route into its own range", []inventory.NetworkRoutes{table("vpc-a", "10.0.0.0/8 peering pcc-1"), ba}, nil,
			[]inventory.Kind{inventory.KindRouteIntoOwnRange}, "vpc-a routes its own blocks (10.0.0.0/16) through it"},
		{"a route to a deleted peering", []inventory.NetworkRoutes{table("vpc-a", "10.1.0.0/16 peering pcc-1", "10.2.0.0/16 peering pcc-2"), ba},
			[]inventory.Record{conn("pcc-2", "deleted", "vpc-a", "vpc-c", []string{"10.0.0.0/16"}, []string{"10.2.0.0/16"})},
			[]inventory.Kind{inventory.KindBlackhole}, "routes 10.2.0.0/16 via VpcPeer pcc-2 in rt-vpc-a (vpc-a-r2) to peering pcc-2, which is deleted"},
		{"a route to a peering that no longer exists", []inventory.NetworkRoutes{table("vpc-a", "10.1.0.0/16 peering pcc-1", "10.2.0.0/16 peering -"), ba}, nil,
			[]inventory.Kind{inventory.KindBlackhole}, "routes 10.2.0.0/16 via VpcPeer in rt-vpc-a (vpc-a-r2) to a peering that no longer exists"},
		{"a pending peering is not judged", []inventory.NetworkRoutes{table("vpc-a"), table("vpc-b")},
			nil, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status := "active"
			if strings.HasPrefix(tc.name, "a pending") {
				status = "pending-acceptance"
			}
			records := append([]inventory.Record{conn("pcc-1", status, "vpc-a", "vpc-b", []string{"10.0.0.0/16"}, []string{"10.1.0.0/16"})}, tc.extra...)
			inv := inventory.AnalyzeRoutes(records, tc.routes, inventory.Options{Now: func() time.Time { return fixtureNow }})
			var got []inventory.Kind
			var first string
			for _, f := range inv.Findings {
				switch f.Kind {
				case inventory.KindNoRoute, inventory.KindOneWay, inventory.KindPartialRoute, inventory.KindBlackhole,
					inventory.KindShadowed, inventory.KindRouteIntoOwnRange, inventory.KindRoutesUnknown:
					got = append(got, f.Kind)
					if first == "" {
						first = f.Message
					}
				}
			}
			require.Equal(t, tc.want, got, "findings: %+v", inv.Findings)
			assert.Contains(t, first, tc.message)
			assert.Len(t, inv.Routes, len(tc.routes))
		})
	}
}

// Without route tables there is no routing analysis at all: Analyze says
// nothing about routes, rather than "no route" for every peering.
func TestNoRoutesNoVerdict(t *testing.T) {
	inv := inventory.Analyze([]inventory.Record{conn("pcc-1", "active", "vpc-a", "vpc-b", []string{"10.0.0.0/16"}, []string{"10.1.0.0/16"})},
		inventory.Options{Now: func() time.Time { return fixtureNow }})
	assert.Empty(t, inv.Findings)
	assert.Nil(t, inv.Routes)
}
