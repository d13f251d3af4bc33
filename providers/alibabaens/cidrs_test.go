package alibabaens

import (
	"encoding/json"
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
		accepter string // the AcceptingNetwork member
		want     string
	}{
		{"blocks", `{"NetworkId":"n-b","Ipv4Cidrs":["10.1.0.0/16"]}`, ""},
		{"no blocks member", `{"NetworkId":"n-b"}`, notReported},
		{"no network object", ``, notReported},
		{"empty list", `{"NetworkId":"n-b","Ipv4Cidrs":[]}`, notReported},
		{"unparsable", `{"NetworkId":"n-b","Ipv4Cidrs":["10.1.0.0/33"]}`, unreadable},
		{"one of two unparsable", `{"NetworkId":"n-b","Ipv4Cidrs":["10.1.0.0/33","10.2.0.0/16"]}`, ""},
		{"a string, not a list", `{"NetworkId":"n-b","Ipv4Cidrs":"10.1.0.0/16"}`, unreadable},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := `{"InstanceId":"pcc-1","Status":"Activated","NetworkId":"n-a","AcceptingNetworkId":"n-b","Network":{"NetworkId":"n-a","Ipv4Cidrs":["10.0.0.0/16"]}`
			if tc.accepter != "" {
				rec += `,"AcceptingNetwork":` + tc.accepter
			}
			var l networkPeerList
			if err := json.Unmarshal([]byte("["+rec+"}]"), &l); err != nil {
				t.Fatal(err)
			}
			c := connection(&l[0])
			if c.Requester.CIDRsUnknown != "" {
				t.Errorf("requester with a block: CIDRsUnknown %q", c.Requester.CIDRsUnknown)
			}
			if c.Accepter.CIDRsUnknown != tc.want {
				t.Errorf("accepter %v: CIDRsUnknown %q, want %q", c.Accepter.IPv4CIDRs, c.Accepter.CIDRsUnknown, tc.want)
			}
		})
	}
}
