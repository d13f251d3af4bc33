package alibabavpc

import (
	"encoding/json"
	"net/netip"
	"reflect"
	"testing"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/peeringtest"
)

// The example answer of the ListVpcPeerConnections document, as printed.
func TestDecodeSeedExample(t *testing.T) {
	ans, err := decodeList(readFixture(t, "list_vpc_peer_connections_seed001.json"))
	if err != nil {
		t.Fatal(err)
	}
	if ans.RequestID != "0ED8D006-F706-4D23-88ED-E11ED39DCAC0" || ans.TotalCount != 1 || ans.MaxResults != 20 ||
		ans.NextToken != "FFmyTO70tTpLG6I3FmYAXGKPd****" || len(ans.VpcPeerConnects) != 1 {
		t.Fatalf("page fields = %+v", ans)
	}
	r := &ans.VpcPeerConnects[0]
	c := connection(r, "253460731706911260")

	ts := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	pfx := func(s ...string) []netip.Prefix {
		var out []netip.Prefix
		for _, x := range s {
			out = append(out, netip.MustParsePrefix(x))
		}
		return out
	}
	peeringtest.Fields(t, "", []peeringtest.Field{
		{"Provider", c.Provider, peering.AlibabaVPC},
		{"ID", c.ID, "pcc-lnk0m24khwvtkm****"},
		{"Name", c.Name, "vpcpeer"},
		{"Description", c.Description, "test"},
		{"Status", c.Status, peering.StatusActive},
		{"ProviderStatus", c.ProviderStatus, "Activated"},
		{"Bandwidth", c.Bandwidth, peering.Bandwidth(1024)},
		{"Requester.NetworkID", c.Requester.NetworkID, "vpc-bp1gsk7h12ew7oegk****"},
		{"Requester.Region", c.Requester.Region, "cn-hangzhou"},
		{"Requester.AccountID", c.Requester.AccountID, "253460731706911260"},
		{"Requester.IPv4CIDRs", c.Requester.IPv4CIDRs, pfx("192.168.0.0/16")},
		{"Accepter.NetworkID", c.Accepter.NetworkID, "vpc-bp1vzjkp2q1xgnind****"},
		{"Accepter.Region", c.Accepter.Region, "cn-hangzhou"},
		{"Accepter.AccountID", c.Accepter.AccountID, "253460731706911260"},
		{"Accepter.IPv4CIDRs", c.Accepter.IPv4CIDRs, pfx("10.0.0.0/16")},
		// The document masks its IPv6 examples ("2408:XXXX:..."): they are
		// not CIDR blocks, so the IPv6 blocks are unknown, and said so.
		{"Requester.IPv6CIDRs", len(c.Requester.IPv6CIDRs), 0},
		{"Accepter.IPv6CIDRs", len(c.Accepter.IPv6CIDRs), 0},
		{"Role", c.Role, peering.RoleRequester},
		{"Tags", c.Tags, map[string]string{"FinanceDept": "FinanceJoshua"}},
		{"CreatedAt", c.CreatedAt, ts("2022-04-24T09:02:36Z")},
		{"UpdatedAt", c.UpdatedAt, ts("2022-04-24T19:20:45Z")},
		// The example sends GmtExpired on an Activated connection, where
		// the document says it is null: no offer awaits an answer, so it is
		// no deadline, and is kept as sent.
		{"TermEndsAt", c.TermEndsAt, time.Time{}},
		{"AcceptBy", c.AcceptBy, time.Time{}},
		{"ResourceGroupID", c.ResourceGroupID, "rg-aek2gvbs746gt4q"},
		{"Attributes", c.Attributes, map[string]string{
			"BizStatus":  "Normal",
			"GmtExpired": "2022-05-01T09:02:36Z",
			"Unparsed":   "Vpc.Ipv6Cidrs=2408:XXXX:3c5:6e00::/56; AcceptingVpc.Ipv6Cidrs=2408:XXXX:3b8:3a00::/56",
		}},
		{"Raw", c.Raw, r},
		{"Raw.Vpc.Ipv6Cidrs", r.Vpc.Ipv6Cidrs, []string{"2408:XXXX:3c5:6e00::/56"}},
	}...)
	if c.CreatedAt.Location() != time.UTC {
		t.Errorf("CreatedAt is in %v, want UTC", c.CreatedAt.Location())
	}
	page := encodeToken(ans.NextToken)
	if next, err := decodeToken(page); err != nil || next != ans.NextToken {
		t.Errorf("the page token does not carry NextToken back: %q, %v", next, err)
	}
}

// Account IDs exceed 2^53. The document prints 253460731706911260, a
// float-rounded rendering of the model's 253460731706911258; both must come
// through digit for digit, and stay different.
func TestDecodeSeedExampleKeepsAccountIDsExact(t *testing.T) {
	if float64(253460731706911258) != float64(253460731706911260) {
		t.Fatal("the two values are supposed to collide as float64")
	}
	for _, tt := range []struct{ file, want string }{
		{"list_vpc_peer_connections_seed001.json", "253460731706911260"},
		{"list_vpc_peer_connections_seed001_exact_owner_id.json", "253460731706911258"},
	} {
		ans, err := decodeList(readFixture(t, tt.file))
		if err != nil {
			t.Fatal(err)
		}
		r := &ans.VpcPeerConnects[0]
		if r.OwnerID != json.Number(tt.want) || r.AcceptingOwnerUID != json.Number(tt.want) {
			t.Errorf("%s: raw OwnerId %s, AcceptingOwnerUid %s; want %s", tt.file, r.OwnerID, r.AcceptingOwnerUID, tt.want)
		}
		c := connection(r, tt.want)
		if c.Requester.AccountID != tt.want || c.Accepter.AccountID != tt.want || c.Role != peering.RoleRequester {
			t.Errorf("%s: accounts %s / %s, role %s; want %s, requester", tt.file, c.Requester.AccountID, c.Accepter.AccountID, c.Role, tt.want)
		}
	}
	// A caller whose UID differs only beyond float precision is not the owner.
	ans, _ := decodeList(readFixture(t, "list_vpc_peer_connections_seed001_exact_owner_id.json"))
	if c := connection(&ans.VpcPeerConnects[0], "253460731706911260"); c.Role != peering.RoleUnknown {
		t.Errorf("role for a neighbouring UID = %s, want unknown", c.Role)
	}
}

func TestConnectionRoleAndAttributes(t *testing.T) {
	r := &VpcPeerConnection{
		InstanceID: " pcc-abc\n", Status: "Accepting", OwnerID: "1000000000000000001", AcceptingOwnerUID: "1000000000000000002",
		Bandwidth: "-1", LinkType: "Platinum", ManagedService: "SWAS", BizStatus: "FinancialLocked",
		GmtCreate: "yesterday", Vpc: VPC{VpcID: "vpc-a", Ipv4Cidrs: []string{"10.0.0.1/16", "bogus"}, Ipv6Cidrs: []string{"2408:4000::/56"}},
	}
	for _, tt := range []struct {
		account string
		want    peering.Role
	}{
		{"1000000000000000001", peering.RoleRequester},
		{"1000000000000000002", peering.RoleAccepter},
		{"1000000000000000003", peering.RoleUnknown},
		{"", peering.RoleUnknown},
	} {
		if got := connection(r, tt.account).Role; got != tt.want {
			t.Errorf("role for %q = %s, want %s", tt.account, got, tt.want)
		}
	}
	c := connection(r, "")
	want := map[string]string{"BizStatus": "FinancialLocked", "LinkType": "Platinum", "ManagedService": "SWAS",
		"Unparsed": "Vpc.Ipv4Cidrs=bogus; GmtCreate=yesterday"}
	if !reflect.DeepEqual(c.Attributes, want) {
		t.Errorf("Attributes = %v, want %v", c.Attributes, want)
	}
	if c.ID != "pcc-abc" || c.Status != peering.StatusPendingAcceptance || c.Bandwidth != peering.BandwidthUnlimited {
		t.Errorf("ID %q, status %s, bandwidth %v", c.ID, c.Status, c.Bandwidth)
	}
	if !reflect.DeepEqual(c.Requester.IPv4CIDRs, []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}) ||
		!reflect.DeepEqual(c.Requester.IPv6CIDRs, []netip.Prefix{netip.MustParsePrefix("2408:4000::/56")}) {
		t.Errorf("CIDRs %v %v", c.Requester.IPv4CIDRs, c.Requester.IPv6CIDRs)
	}
	if !c.CreatedAt.IsZero() || c.Tags != nil {
		t.Errorf("CreatedAt %v, Tags %v; want zero and nil", c.CreatedAt, c.Tags)
	}
}

// TestConnectionStatusAndAcceptBy: Status reads BizStatus (a locked
// connection is never active), and GmtExpired is AcceptBy only while an
// offer awaits its answer; anywhere else it is kept as sent in Attributes,
// and TermEndsAt is never set (VpcPeer has no prepaid terms).
func TestConnectionStatusAndAcceptBy(t *testing.T) {
	const deadline = "2022-05-01T09:02:36Z"
	at := time.Date(2022, 5, 1, 9, 2, 36, 0, time.UTC)
	tests := []struct {
		status, biz, expired string
		want                 peering.Status
		acceptBy             time.Time
		attrExpired          string // Attributes["GmtExpired"]
		unparsed             string
	}{
		{"Accepting", "Normal", deadline, peering.StatusPendingAcceptance, at, "", ""},
		{"accepting", "Normal", deadline, peering.StatusPendingAcceptance, at, "", ""},
		{"Accepting", "FinancialLocked", deadline, peering.StatusPendingAcceptance, at, "", ""},
		{"Accepting", "Normal", "", peering.StatusPendingAcceptance, time.Time{}, "", ""},
		{"Accepting", "Normal", "next week", peering.StatusPendingAcceptance, time.Time{}, "", "GmtExpired=next week"},
		{"Expired", "Normal", deadline, peering.StatusExpired, time.Time{}, deadline, ""},
		{"Activated", "Normal", deadline, peering.StatusActive, time.Time{}, deadline, ""},
		{"Activated", "Normal", "", peering.StatusActive, time.Time{}, "", ""},
		{"Activated", "FinancialLocked", "", peering.StatusInactive, time.Time{}, "", ""},
		{"Updating", "FinancialLocked", "", peering.StatusInactive, time.Time{}, "", ""},
		{"Activated", "SecurityLocked", "", peering.StatusUnknown, time.Time{}, "", ""},
		{"Rejected", "Normal", "", peering.StatusRejected, time.Time{}, "", ""},
	}
	for _, tt := range tests {
		name := tt.status + "/" + tt.biz + "/" + tt.expired
		r := &VpcPeerConnection{InstanceID: "pcc-x", Status: tt.status, BizStatus: tt.biz, GmtExpired: tt.expired}
		c := connection(r, "")
		peeringtest.Fields(t, name, []peeringtest.Field{
			{"Status", c.Status, tt.want},
			{"ProviderStatus", c.ProviderStatus, tt.status},
			{"AcceptBy", c.AcceptBy, tt.acceptBy},
			{"TermEndsAt", c.TermEndsAt, time.Time{}},
			{"Attributes[GmtExpired]", c.Attributes["GmtExpired"], tt.attrExpired},
			{"Attributes[Unparsed]", c.Attributes[peering.UnparsedAttribute], tt.unparsed},
			{"Attributes[BizStatus]", c.Attributes["BizStatus"], tt.biz},
		}...)
	}
}
