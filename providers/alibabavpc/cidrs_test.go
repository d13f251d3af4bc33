package alibabavpc

import (
	"testing"
)

// TestCIDRsUnknownSaysWhy: an end whose record carries no readable block
// says why in CIDRsUnknown; an end with a block says nothing.
func TestCIDRsUnknownSaysWhy(t *testing.T) {
	const (
		notReported = "not reported by the API for this end"
		unreadable  = "the blocks the API reported could not be read (see Attributes[Unparsed])"
	)
	cases := []struct {
		name     string
		accepter string // the AcceptingVpc member
		want     string
	}{
		{"blocks", `{"VpcId":"vpc-b","Ipv4Cidrs":["10.1.0.0/16"]}`, ""},
		{"IPv6 only", `{"VpcId":"vpc-b","Ipv6Cidrs":["2408:4005:300::/56"]}`, ""},
		{"no blocks member", `{"VpcId":"vpc-b"}`, notReported},
		{"empty lists", `{"VpcId":"vpc-b","Ipv4Cidrs":[],"Ipv6Cidrs":[]}`, notReported},
		{"IPv4 unparsable", `{"VpcId":"vpc-b","Ipv4Cidrs":["10.1.0.0/33"]}`, unreadable},
		{"IPv6 unparsable", `{"VpcId":"vpc-b","Ipv6Cidrs":["2408::/129"]}`, unreadable},
		{"one of two unparsable", `{"VpcId":"vpc-b","Ipv4Cidrs":["10.1.0.0/33","10.2.0.0/16"]}`, ""},
		{"a string, not a list", `{"VpcId":"vpc-b","Ipv4Cidrs":"10.1.0.0/16"}`, unreadable},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var r VpcPeerConnection
			body := `{"InstanceId":"pcc-1","Status":"Activated","Vpc":{"VpcId":"vpc-a","Ipv4Cidrs":["10.0.0.0/16"]},"AcceptingVpc":` + tc.accepter + `}`
			if err := decodeRecord([]byte(body), &r); err != nil {
				t.Fatal(err)
			}
			c := connection(&r, "")
			if c.Requester.CIDRsUnknown != "" {
				t.Errorf("requester with a block: CIDRsUnknown %q", c.Requester.CIDRsUnknown)
			}
			if c.Accepter.CIDRsUnknown != tc.want {
				t.Errorf("accepter %v %v: CIDRsUnknown %q, want %q", c.Accepter.IPv4CIDRs, c.Accepter.IPv6CIDRs, c.Accepter.CIDRsUnknown, tc.want)
			}
		})
	}
}
