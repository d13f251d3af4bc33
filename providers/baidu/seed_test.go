package baidu

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/peeringtest"
)

// The documents' example payloads (testdata/README.md says where each comes
// from and what was corrected) must decode with the wire types and
// normalize to what a careful reader of the documents expects.

// offlineClient is a Client that is never used to send anything.
func offlineClient(t *testing.T, opts Options) *Client {
	t.Helper()
	if opts.Credentials == (Credentials{}) {
		opts.Credentials = Credentials{AccessKeyID: "ak-offline", SecretAccessKey: "sk-offline-0123456789"}
	}
	if opts.Region == "" {
		opts.Region = "bj"
	}
	c, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSeedOriginalsAreMalformed(t *testing.T) {
	for _, name := range []string{"list-response.seed000.original.txt", "get-response.seed003.original.txt"} {
		if json.Valid(peeringtest.ReadFixture(t, name)) {
			t.Errorf("%s is valid JSON: the corrected copy is not needed", name)
		}
	}
}

func TestSeedListResponse(t *testing.T) {
	var resp listResponse
	if err := json.Unmarshal(peeringtest.ReadFixture(t, "list-response.seed000.fixed-missing-comma-and-trailing-comma.json"), &resp); err != nil {
		t.Fatal(err)
	}
	if resp.Marker != "peerconn-9td54fmx143e" || !resp.IsTruncated || resp.NextMarker != "peerconn-srbvvxmjn7ux" || resp.MaxKeys != 1 {
		t.Errorf("page fields = %q %v %q %d", resp.Marker, resp.IsTruncated, resp.NextMarker, resp.MaxKeys)
	}
	if len(resp.PeerConns) != 1 {
		t.Fatalf("%d connections, want 1", len(resp.PeerConns))
	}
	c := offlineClient(t, Options{AccountID: "my-account"})
	got, err := c.connection("ListPage", &resp.PeerConns[0], roleInitiator, true)
	if err != nil {
		t.Fatal(err)
	}
	want := peering.Connection{
		Provider:       peering.Baidu,
		ID:             "peerconn-9td54fmx143e",
		Description:    "peer_diff_account",
		Status:         peering.StatusActive,
		ProviderStatus: "active",
		Bandwidth:      500, // from the misspelled bandwithInMbp
		Requester:      peering.Endpoint{NetworkID: "vpc-13vuxu016dew", Region: "bj", AccountID: "my-account"},
		Accepter:       peering.Endpoint{NetworkID: "vpc-jcvmhw9h1a35", Region: "bj", AccountID: "75c14a239bb24b9e88b695e8e9e47952"},
		Role:           peering.RoleRequester,
		// "2018-08-07 19:46:55" has no zone: UTC+8.
		CreatedAt:  time.Date(2018, 8, 7, 11, 46, 55, 0, time.UTC),
		TermEndsAt: time.Date(2019, 8, 7, 11, 46, 55, 0, time.UTC),
		Attributes: map[string]string{"paymentTiming": "Postpaid", "dnsStatus": "close", "localIfId": "qpif-ken2yc9j8x56", "localIfName": "int-SpLVk25R"},
		Raw:        &resp.PeerConns[0],
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("connection:\n got %+v\nwant %+v", got, want)
	}
	if got.Raw.(*PeerConn) != &resp.PeerConns[0] {
		t.Error("Raw is not the decoded record")
	}
}

func TestSeedGetResponse(t *testing.T) {
	var p PeerConn
	if err := json.Unmarshal(peeringtest.ReadFixture(t, "get-response.seed003.fixed-missing-comma.json"), &p); err != nil {
		t.Fatal(err)
	}
	// A client configured for UTC reads the same text differently: the
	// zone of zone-less times is a setting.
	for _, tt := range []struct {
		loc     *time.Location
		created time.Time
	}{
		{nil, time.Date(2018, 8, 3, 12, 38, 43, 0, time.UTC)},
		{time.UTC, time.Date(2018, 8, 3, 20, 38, 43, 0, time.UTC)},
	} {
		c := offlineClient(t, Options{Location: tt.loc})
		got, err := c.connection("Get", &p, roleInitiator, true)
		if err != nil {
			t.Fatal(err)
		}
		want := peering.Connection{
			Provider:       peering.Baidu,
			ID:             "peerconn-cbp4xrtzk3fb",
			Description:    "mypeerconn",
			Status:         peering.StatusActive,
			ProviderStatus: "active",
			Bandwidth:      1000,
			Requester:      peering.Endpoint{NetworkID: "20fada00-f66e-40de-bed4-954af13dc0b2", Region: "bj"},
			Accepter:       peering.Endpoint{NetworkID: "1aa1427d-92cf-45d0-bc31-ab4d9fe71425", Region: "bj", AccountID: "75c14a239bb24b9e88b695e8e9e47952"},
			Role:           peering.RoleRequester,
			Tags:           map[string]string{"tagKey": "tagValue"},
			CreatedAt:      tt.created,
			// expiredTime is null: no expiry.
			Attributes: map[string]string{"paymentTiming": "Postpaid", "dnsStatus": "close", "localIfId": "qpif-qz9a61ujsizt", "localIfName": "dsds", "deleteProtect": "true"},
			Raw:        &p,
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("location %v:\n got %+v\nwant %+v", tt.loc, got, want)
		}
	}
}

// TestSeedCreateRequests builds the documents' two create examples with
// Create's own body builder and wants the same JSON.
func TestSeedCreateRequests(t *testing.T) {
	tests := []struct {
		fixture string
		req     peering.CreateRequest
	}{{
		fixture: "create-request.seed002.same-account.json",
		req: peering.CreateRequest{
			Description:    "peer_same_account",
			LocalNetworkID: "vpc-13vuxu016dew", PeerNetworkID: "vpc-jcvmhw9h1a35", PeerRegion: "bj",
			Bandwidth: peering.Mbps(500), Tags: map[string]string{"tagKey": "tagValue"}, ResourceGroupID: "RESG-UoMgbkuLNjj",
			ProviderOptions: &CreateOptions{LocalIfName: "localIfName", PeerIfName: "peerIfName"},
		},
	}, {
		fixture: "create-request.seed002.cross-account.json",
		req: peering.CreateRequest{
			Description:    "peer_diff_account",
			LocalNetworkID: "vpc-zuqfiksbu5cu", PeerNetworkID: "vpc-mivwn2w9xicb", PeerAccountID: "7058ff6052254a679f5714548feda935",
			Bandwidth: peering.Mbps(500), Tags: map[string]string{"tagKey": "tagValue"}, ResourceGroupID: "RESG-UoMgbkuLNjj",
			ProviderOptions: CreateOptions{LocalIfName: "sss", DeleteProtect: true, PaymentTiming: "postpaid"},
		},
	}}
	c := offlineClient(t, Options{})
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			body, err := c.createBody("Create", tt.req)
			if err != nil {
				t.Fatal(err)
			}
			ours, err := json.Marshal(body)
			if err != nil {
				t.Fatal(err)
			}
			var got, want map[string]any
			if err := json.Unmarshal(ours, &got); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(peeringtest.ReadFixture(t, tt.fixture), &want); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("body:\n got %v\nwant %v", got, want)
			}
		})
	}
}

func TestSeedCreateResponse(t *testing.T) {
	var resp createResponse
	if err := json.Unmarshal(peeringtest.ReadFixture(t, "create-response.seed002.json"), &resp); err != nil {
		t.Fatal(err)
	}
	if resp.PeerConnID != "peerconn-9td54fmx143e" {
		t.Errorf("peerConnId = %q", resp.PeerConnID)
	}
}
