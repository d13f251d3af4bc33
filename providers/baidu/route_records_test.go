package baidu

import (
	"encoding/json"
	"net/netip"
	"testing"

	"github.com/peeringkit/peering"
)

// Odd rules are kept and flagged, never fail the table: a destination that
// is not a block, a next-hop type the adapter does not know, a member of
// the wrong JSON type; each next-hop type maps to its kind.
func TestRouteRecords(t *testing.T) {
	body := `{"routeTableId":"rt-a","vpcId":"vpc-a","routeRules":[
	 {"routeRuleId":"rr-1","sourceAddress":"0.0.0.0/0","destinationAddress":"10.0.0.0/16","nexthopId":"","nexthopType":"sys","description":"default"},
	 {"routeRuleId":"rr-2","sourceAddress":"0.0.0.0/0","destinationAddress":"10.1.0.0/16","nexthopId":"qpif-a","nexthopType":"peerConn"},
	 {"routeRuleId":"rr-3","sourceAddress":"0.0.0.0/0","destinationAddress":"10.2.0.0/16","nexthopId":"qpif-gone","nexthopType":"peerConn"},
	 {"routeRuleId":"rr-4","sourceAddress":"10.0.1.0/24","destinationAddress":"0.0.0.0/0","nexthopId":"nat-a","nexthopType":"nat"},
	 {"routeRuleId":"rr-5","sourceAddress":"0.0.0.0/0","destinationAddress":"10.3.0.0/16","nexthopId":"i-a","nexthopType":"havip"},
	 {"routeRuleId":"rr-6","sourceAddress":"0.0.0.0/0","destinationAddress":"10.4.0.0/16","nexthopId":"tgw-a","nexthopType":"tgw"},
	 {"routeRuleId":"rr-7","sourceAddress":"0.0.0.0/0","destinationAddress":"10.5.0.0/33","nexthopId":"i-b","nexthopType":"custom"},
	 {"routeRuleId":"rr-8","sourceAddress":"0.0.0.0/0","destinationAddress":"10.6.0.0/16","nexthopId":7,"nexthopType":"dcGateway","pathType":"ecmp"}
	]}`
	var rec RouteTableRecord
	if err := json.Unmarshal([]byte(body), &rec); err != nil {
		t.Fatal(err)
	}
	ifaces := map[string]string{"qpif-a": "peerconn-a"}
	want := []struct {
		dst      string
		kind     peering.NextHopKind
		hop      string
		system   bool
		unparsed string
	}{
		{"10.0.0.0/16", peering.NextHopLocal, "", true, ""},
		{"10.1.0.0/16", peering.NextHopPeering, "peerconn-a", false, ""},
		{"10.2.0.0/16", peering.NextHopPeering, "", false, ""}, // a deleted peering: no connection to name
		{"0.0.0.0/0", peering.NextHopGateway, "nat-a", false, ""},
		{"10.3.0.0/16", peering.NextHopInstance, "i-a", false, ""},
		{"10.4.0.0/16", peering.NextHopOther, "tgw-a", false, "nexthopType=tgw"},
		{"", peering.NextHopInstance, "i-b", false, "destinationAddress=10.5.0.0/33"},
		{"10.6.0.0/16", peering.NextHopGateway, "", false, "nexthopId=7"},
	}
	if len(rec.RouteRules) != len(want) {
		t.Fatalf("%d rules, want %d", len(rec.RouteRules), len(want))
	}
	for i, w := range want {
		r := route(&rec.RouteRules[i], ifaces)
		var dst netip.Prefix
		if w.dst != "" {
			dst = netip.MustParsePrefix(w.dst)
		}
		if r.Destination != dst || r.NextHop != w.kind || r.NextHopID != w.hop || r.System != w.system ||
			r.Attributes[peering.UnparsedAttribute] != w.unparsed || r.NextHopType != rec.RouteRules[i].NexthopType {
			t.Errorf("rule %d = %+v, want %+v", i, r, w)
		}
	}
	if r := route(&rec.RouteRules[3], nil); r.Attributes[AttrSourceAddress] != "10.0.1.0/24" {
		t.Errorf("source attribute = %q", r.Attributes[AttrSourceAddress])
	}
	if r := route(&rec.RouteRules[2], ifaces); r.Attributes[AttrNexthopInterface] != "qpif-gone" {
		t.Errorf("interface attribute = %q", r.Attributes[AttrNexthopInterface])
	}
	if r := route(&rec.RouteRules[7], nil); r.Attributes[AttrPathType] != "ecmp" {
		t.Errorf("pathType attribute = %q", r.Attributes[AttrPathType])
	}
	var noID RouteTableRecord
	if err := json.Unmarshal([]byte(`{"routeTableId":"rt-a","routeRules":[{"destinationAddress":"10.0.0.0/8"}]}`), &noID); err == nil {
		t.Error("a rule without an ID decoded")
	}
}
