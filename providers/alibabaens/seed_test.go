package alibabaens

import (
	"net/netip"
	"testing"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/peeringtest"
)

// The example answer of the DescribeNetworkPeerConnections document: page
// fields as strings, and an AcceptingNetworkId ending in a newline.
func TestDecodeSeedExample(t *testing.T) {
	ans, total, err := decodeDescribe(readFixture(t, "describe_network_peer_connections_seed004.json"))
	if err != nil {
		t.Fatal(err)
	}
	if ans.RequestID != "CEF72CEB-54B6-4AE8-B225-F876FF7BA984" || ans.PageNumber != "1" || ans.PageSize != "30" ||
		ans.TotalCount != "1" || total != 1 || len(ans.NetworkPeerConnects) != 1 {
		t.Fatalf("page fields = %+v, total %d", ans, total)
	}
	r := &ans.NetworkPeerConnects[0]
	c := connection(r)
	peeringtest.Fields(t, "", []peeringtest.Field{
		{"Provider", c.Provider, peering.AlibabaENS},
		{"ID", c.ID, "pcc-521pzxdg****"},
		{"Name", c.Name, "test"},
		{"Description", c.Description, "desc"},
		{"Status", c.Status, peering.StatusActive},
		{"ProviderStatus", c.ProviderStatus, "Activated"},
		{"Bandwidth", c.Bandwidth, peering.BandwidthUnknown},
		{"Requester.NetworkID", c.Requester.NetworkID, "n-5q73bm****"},
		{"Requester.Region", c.Requester.Region, "cn-dongguan-9"},
		{"Requester.AccountID", c.Requester.AccountID, ""},
		{"Requester.IPv4CIDRs", c.Requester.IPv4CIDRs, []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}},
		{"Requester.IPv6CIDRs", len(c.Requester.IPv6CIDRs), 0},
		{"Accepter.NetworkID", c.Accepter.NetworkID, "n-5q28114****"}, // trimmed of the "\n"
		{"Accepter.Region", c.Accepter.Region, ""},
		{"Accepter.IPv4CIDRs", c.Accepter.IPv4CIDRs, []netip.Prefix{netip.MustParsePrefix("192.168.0.0/16")}},
		{"Role", c.Role, peering.RoleRequester},
		{"Tags", len(c.Tags), 0},
		{"CreatedAt", c.CreatedAt, time.Date(2024, 5, 31, 6, 43, 29, 0, time.UTC)},
		{"UpdatedAt", c.UpdatedAt.IsZero(), true},
		{"TermEndsAt", c.TermEndsAt.IsZero(), true},
		{"AcceptBy", c.AcceptBy.IsZero(), true},
		{"Attributes", len(c.Attributes), 0},
		{"Raw", c.Raw, r},
		{"Raw.AcceptingNetworkID", r.AcceptingNetworkID, "n-5q28114****\n"}, // as sent
	}...)
}

func TestDecodeAcceptsNumbersAndStrings(t *testing.T) {
	for _, body := range []string{
		`{"PageNumber":"2","PageSize":"10","TotalCount":"35","NetworkPeerConnects":[]}`,
		`{"PageNumber":2,"PageSize":10,"TotalCount":35,"NetworkPeerConnects":[]}`,
	} {
		if _, total, err := decodeDescribe([]byte(body)); err != nil || total != 35 {
			t.Errorf("%s: total %d, %v", body, total, err)
		}
	}
	for _, body := range []string{`{"TotalCount":"many"}`, `{"TotalCount":"3`, `<html>`} {
		if _, _, err := decodeDescribe([]byte(body)); err == nil {
			t.Errorf("%s: decoded without an error", body)
		}
	}
}

func TestConnectionKeepsWhatItCannotRead(t *testing.T) {
	r := &NetworkPeerConnection{InstanceID: "pcc-x\n", Status: "Rebuilding", CreationTime: "31/05/2024",
		Network: Network{NetworkID: "n-a", Ipv4Cidrs: []string{"10.0.0.0/8", "10.300.0.0/16"}}}
	c := connection(r)
	if c.Status != peering.StatusUnknown || c.ProviderStatus != "Rebuilding" || c.ID != "pcc-x" || c.Requester.NetworkID != "n-a" {
		t.Errorf("status %s (%s), ID %q, network %q", c.Status, c.ProviderStatus, c.ID, c.Requester.NetworkID)
	}
	if want := "Network.Ipv4Cidrs=10.300.0.0/16; CreationTime=31/05/2024"; c.Attributes[UnparsedAttribute] != want {
		t.Errorf("Unparsed = %q, want %q", c.Attributes[UnparsedAttribute], want)
	}
	if len(c.Requester.IPv4CIDRs) != 1 {
		t.Errorf("IPv4 blocks %v, want the one that parses", c.Requester.IPv4CIDRs)
	}
}
