package baidu

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/peeringtest"
)

// docServer answers the list and VPC APIs as the documents describe them,
// from recorded payloads: GET /v1/peerconn serves pages by marker, GET
// /v1/vpc/{id} serves testdata/vpc-response.{id}.json or BCE's 404, GET
// /v1/vpc one page of those VPCs. It
// checks no signature; it counts the requests.
type docServer struct {
	t     *testing.T
	pages map[string]string // marker ("" for the first page) -> fixture
	mu    sync.Mutex
	calls map[string]int // path -> requests
}

func (s *docServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.calls[r.URL.Path]++
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.Header().Set("X-Bce-Request-Id", "doc-server")
	switch {
	case r.URL.Path == "/v1/peerconn" && r.Method == http.MethodGet:
		name, ok := s.pages[r.URL.Query().Get("marker")]
		if !ok {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"requestId":"doc-server","code":"InvalidParameter","message":"bad marker"}`))
			return
		}
		_, _ = w.Write(peeringtest.ReadFixture(s.t, name))
	case strings.HasPrefix(r.URL.Path, "/v1/vpc/") && r.Method == http.MethodGet:
		id := strings.TrimPrefix(r.URL.Path, "/v1/vpc/")
		b, err := os.ReadFile(filepath.Join("testdata", "vpc-response."+id+".json"))
		if err != nil {
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"requestId":"doc-server","code":"NoSuchObject","message":"The specified object is not found or resource do not exist."}`))
			return
		}
		_, _ = w.Write(b)
	case r.URL.Path == "/v1/vpc" && r.Method == http.MethodGet:
		_, _ = w.Write(recordedVPCListing(s.t))
	default:
		w.WriteHeader(http.StatusNotFound)
	}
}

// recordedVPCListing is the one page of GET /v1/vpc that holds the VPCs of the
// recorded testdata/vpc-response.*.json answers, in the list document's
// shape.
func recordedVPCListing(t *testing.T) []byte {
	files, err := filepath.Glob(filepath.Join("testdata", "vpc-response.*.json"))
	if err != nil {
		t.Error(err)
	}
	var vpcs []json.RawMessage
	for _, f := range files {
		var one struct {
			VPC json.RawMessage `json:"vpc"`
		}
		b, err := os.ReadFile(f)
		if err == nil {
			err = json.Unmarshal(b, &one)
		}
		if err != nil {
			t.Errorf("%s: %v", f, err)
		}
		vpcs = append(vpcs, one.VPC)
	}
	b, err := json.Marshal(map[string]any{"marker": "", "isTruncated": false, "maxKeys": 1000, "vpcs": vpcs})
	if err != nil {
		t.Error(err)
	}
	return b
}

func startDocServer(t *testing.T, pages map[string]string) (*Client, *docServer) {
	t.Helper()
	s := &docServer{t: t, pages: pages, calls: map[string]int{}}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	c, err := New(Options{Region: "bj", Endpoint: srv.URL, AccountID: "my-account",
		Credentials: Credentials{AccessKeyID: "ak", SecretAccessKey: "sk-docserver-0123456789"}})
	if err != nil {
		t.Fatal(err)
	}
	return c, s
}

// TestOddRecordsAreKeptAndFlagged lists two recorded pages, the first of
// which holds the documents' example record and copies of it with one odd
// value each: every record comes back, the odd ones with their field left
// unknown and named in Attributes["Unparsed"], and the listing goes on to
// the second page.
func TestOddRecordsAreKeptAndFlagged(t *testing.T) {
	c, s := startDocServer(t, map[string]string{
		"":                      "list-response.odd-records.page1.json",
		"peerconn-srbvvxmjn7ux": "list-response.odd-records.page2.json",
	})
	seedVPC := []netip.Prefix{netip.MustParsePrefix("192.168.0.0/16")}
	created := time.Date(2018, 8, 7, 11, 46, 55, 0, time.UTC)
	tests := []struct {
		id        string
		unparsed  string // "" = read whole
		bandwidth peering.Bandwidth
		created   time.Time
		localV4   []netip.Prefix
	}{
		{"peerconn-9td54fmx143e", "", 500, created, seedVPC},
		{"peerconn-odd00000001", "bandwidthInMbps=-2", peering.BandwidthUnknown, created, seedVPC},
		{"peerconn-odd00000002", "bandwidthInMbps=lots", peering.BandwidthUnknown, created, seedVPC},
		{"peerconn-odd00000003", "bandwidthInMbps=10.5", peering.BandwidthUnknown, created, seedVPC},
		{"peerconn-odd00000004", "", 1024, created, seedVPC}, // "1024": a number as a string is read
		{"peerconn-odd00000005", "createdTime=2018/08/07 19:46:55", 500, time.Time{}, seedVPC},
		{"peerconn-odd00000006", "createdTime=1533642415", 500, time.Time{}, seedVPC},
		// The VPC's primary block is "10.0.0.0/33": left out, the
		// secondary one kept.
		{"peerconn-odd00000007", "localVpc.cidr=10.0.0.0/33", 500, created, []netip.Prefix{netip.MustParsePrefix("172.17.0.0/16")}},
	}

	page, err := c.ListPage(testContext(t), peering.Filter{}, "")
	if err != nil {
		t.Fatalf("the page with odd records: %v", err)
	}
	if len(page.Connections) != len(tests) || page.Next == "" {
		t.Fatalf("first page: %d connections, next %q; want %d and a next page", len(page.Connections), page.Next, len(tests))
	}
	byID := map[string]peering.Connection{}
	for _, conn := range page.Connections {
		byID[conn.ID] = conn
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			conn, ok := byID[tt.id]
			if !ok {
				t.Fatal("missing from the page")
			}
			if got := conn.Attributes[peering.UnparsedAttribute]; got != tt.unparsed {
				t.Errorf("Unparsed = %q, want %q", got, tt.unparsed)
			}
			if _, ok := conn.Attributes[peering.UnparsedAttribute]; ok != (tt.unparsed != "") {
				t.Errorf("attribute present = %v, want %v", ok, tt.unparsed != "")
			}
			if conn.Bandwidth != tt.bandwidth || !conn.CreatedAt.Equal(tt.created) {
				t.Errorf("bandwidth %v, created %v; want %v, %v", conn.Bandwidth, conn.CreatedAt, tt.bandwidth, tt.created)
			}
			// The rest of the record is intact.
			if conn.Status != peering.StatusActive || conn.Name != "" || conn.Attributes["localIfName"] != "int-SpLVk25R" || conn.Accepter.NetworkID != "vpc-jcvmhw9h1a35" ||
				conn.Attributes["paymentTiming"] != "Postpaid" || !conn.TermEndsAt.Equal(time.Date(2019, 8, 7, 11, 46, 55, 0, time.UTC)) {
				t.Errorf("the rest of the record changed: %+v", conn)
			}
			if !reflect.DeepEqual(conn.Requester.IPv4CIDRs, tt.localV4) {
				t.Errorf("local IPv4 blocks %v, want %v", conn.Requester.IPv4CIDRs, tt.localV4)
			}
			if _, ok := conn.Raw.(*PeerConn); !ok {
				t.Errorf("Raw is a %T", conn.Raw)
			}
		})
	}
	// Raw keeps what could not be read, as sent.
	raw := byID["peerconn-odd00000006"].Raw.(*PeerConn)
	if len(raw.Mismatches) != 1 || raw.Mismatches[0].Field != "createdTime" || string(raw.Mismatches[0].Value) != "1533642415" {
		t.Errorf("Raw.Mismatches = %+v", raw.Mismatches)
	}
	if raw := byID["peerconn-odd00000003"].Raw.(*PeerConn); raw.BandwidthInMbps != "10.5" {
		t.Errorf("Raw.BandwidthInMbps = %q, want 10.5 as sent", raw.BandwidthInMbps)
	}

	// The listing goes on past the odd page.
	all, err := peering.Collect(testContext(t), c, peering.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(tests)+1 || all[len(all)-1].ID != "peerconn-srbvvxmjn7ux" {
		t.Errorf("listed %d connections, want %d ending with the second page's", len(all), len(tests)+1)
	}
	if n := s.calls["/v1/peerconn"]; n != 3 {
		t.Errorf("%d list requests, want 3 (one page, then both): odd records are not retried", n)
	}
}

// TestOddGetRecord: Get follows the same policy as the listing.
func TestOddGetRecord(t *testing.T) {
	c, _ := replayClient(t, answer(200, nil, `{"peerConnId":"peerconn-1","status":"active","bandwidthInMbps":"lots","createdTime":"yesterday","tags":"none"}`))
	c.vpcs = nil
	conn, err := c.Get(testContext(t), "peerconn-1")
	if err != nil {
		t.Fatal(err)
	}
	if want := "bandwidthInMbps=lots; tags=none; createdTime=yesterday"; conn.Attributes[peering.UnparsedAttribute] != want {
		t.Errorf("Unparsed = %q, want %q", conn.Attributes[peering.UnparsedAttribute], want)
	}
	if conn.ID != "peerconn-1" || conn.Status != peering.StatusActive || conn.Bandwidth != peering.BandwidthUnknown || conn.Tags != nil {
		t.Errorf("connection = %+v", conn)
	}
}

// TestDeterministicBadAnswersAreNotRetried: an answer that is wrong as a
// whole comes back the same on every try, so it is Internal at once; a
// body cut short is a transport fault, retried.
func TestDeterministicBadAnswersAreNotRetried(t *testing.T) {
	truncated := func(w http.ResponseWriter) {
		// Content-Length promises more than is sent: the connection is
		// closed mid-body.
		w.Header().Set("Content-Length", "400")
		w.WriteHeader(200)
		_, _ = w.Write([]byte(`{"peerConns":[{"peerConnId":"peerconn-1","sta`))
	}
	tests := []struct {
		name     string
		answer   func(http.ResponseWriter)
		code     peering.ErrorCode
		attempts int
	}{
		{"peerConns not a list", answer(200, nil, `{"peerConns":"many","isTruncated":false}`), peering.Internal, 1},
		{"isTruncated a string", answer(200, nil, `{"peerConns":[],"isTruncated":"yes"}`), peering.Internal, 1},
		{"maxKeys a word", answer(200, nil, `{"peerConns":[],"isTruncated":false,"maxKeys":"many"}`), peering.Internal, 1},
		{"a record that is not an object", answer(200, nil, `{"peerConns":[7],"isTruncated":false}`), peering.Internal, 1},
		{"a record without an ID", answer(200, nil, `{"peerConns":[{"status":"active"}],"isTruncated":false}`), peering.Internal, 1},
		{"a record whose ID is a number", answer(200, nil, `{"peerConns":[{"peerConnId":7}],"isTruncated":false}`), peering.Internal, 1},
		{"not JSON", answer(200, nil, `<html>maintenance</html>`), peering.Internal, 1},
		{"numeric code in an error body", answer(400, nil, `{"requestId":"r-1","code":400,"message":"numeric"}`), peering.Internal, 1},
		{"a readable code beside a mistyped member", answer(404, nil, `{"requestId":7,"code":"NoSuchObject","message":"gone"}`), peering.NotFound, 1},
		{"numeric code in a 503", answer(503, nil, `{"requestId":"r-1","code":503,"message":"numeric"}`), peering.Unavailable, 3},
		{"truncated body", truncated, peering.Unavailable, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, rp := replayClient(t, tt.answer)
			c.vpcs = nil // only the page is replayed: no VPC listing beside it
			c.policy.Attempts, c.policy.Base = 3, time.Millisecond
			_, err := c.ListPage(testContext(t), peering.Filter{}, "")
			wantCode(t, err, tt.code)
			if n := len(rp.times()); n != tt.attempts {
				t.Errorf("%d attempts, want %d", n, tt.attempts)
			}
		})
	}
}
