package alibabavpc

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator/fault"
	"github.com/peeringkit/peering/internal/peeringtest"
)

// rpcServer answers VpcPeer RPC calls as the documents describe them:
// answer picks the body for each request (by Action and parameters) and
// the server counts what it is sent. It checks no signature.
type rpcServer struct {
	answer func(w http.ResponseWriter, action string, params map[string]string)
	mu     sync.Mutex
	calls  map[string]int // Action -> requests
}

func (s *rpcServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm() // query and form: the SDK sends either
	params := map[string]string{}
	for k, v := range r.Form {
		params[k] = v[0]
	}
	s.mu.Lock()
	s.calls[params["Action"]]++
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	s.answer(w, params["Action"], params)
}

func (s *rpcServer) count(action string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[action]
}

func startRPCServer(t *testing.T, maxAttempts int, answer func(w http.ResponseWriter, action string, params map[string]string)) (*Client, *rpcServer) {
	t.Helper()
	s := &rpcServer{answer: answer, calls: map[string]int{}}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	c, err := New(Options{Credentials: Credentials{AccessKeyID: "id", AccessKeySecret: "secret-for-rpc-server"},
		Region: hangzhou, Endpoint: srv.URL, AccountID: "253460731706911260", CallsPerMinute: -1, MaxAttempts: maxAttempts})
	if err != nil {
		t.Fatal(err)
	}
	return c, s
}

// TestOddRecordsAreKeptAndFlagged lists two recorded pages, the first of
// which holds the documents' example record and copies of it with one odd
// value each: every record comes back, the odd ones with their field left
// unknown and named in Attributes["Unparsed"], and the listing goes on.
func TestOddRecordsAreKeptAndFlagged(t *testing.T) {
	c, s := startRPCServer(t, 3, func(w http.ResponseWriter, action string, p map[string]string) {
		switch {
		case action == "ListVpcPeerConnections" && p["NextToken"] == "":
			_, _ = w.Write(peeringtest.ReadFixture(t, "list_vpc_peer_connections.odd_records.page1.json"))
		case action == "ListVpcPeerConnections" && p["NextToken"] == "FFmyTO70tTpLG6I3FmYAXGKPd0002":
			_, _ = w.Write(peeringtest.ReadFixture(t, "list_vpc_peer_connections.odd_records.page2.json"))
		default:
			w.WriteHeader(400)
			_, _ = w.Write([]byte(`{"RequestId":"r-1","Code":"InvalidParameter","Message":"unexpected"}`))
		}
	})
	seedV4 := []netip.Prefix{netip.MustParsePrefix("192.168.0.0/16")}
	created := time.Date(2022, 4, 24, 9, 2, 36, 0, time.UTC)
	tests := []struct {
		id        string
		unparsed  string
		bandwidth peering.Bandwidth
		created   time.Time
		localV4   []netip.Prefix
	}{
		{"pcc-lnk0m24khwvtkm0000", "", 1024, created, seedV4},
		{"pcc-odd0000000000000001", "Bandwidth=-2", peering.BandwidthUnknown, created, seedV4},
		{"pcc-odd0000000000000002", "Bandwidth=lots", peering.BandwidthUnknown, created, seedV4},
		{"pcc-odd0000000000000003", "Bandwidth=10.5", peering.BandwidthUnknown, created, seedV4},
		{"pcc-odd0000000000000004", "", 1024, created, seedV4}, // "1024": a number as a string is read
		{"pcc-odd0000000000000005", "GmtCreate=2022/04/24 09:02:36", 1024, time.Time{}, seedV4},
		{"pcc-odd0000000000000006", "GmtCreate=1650790956", 1024, time.Time{}, seedV4},
		{"pcc-odd0000000000000007", "Vpc.Ipv4Cidrs=192.168.0.0/33", 1024, created, []netip.Prefix{netip.MustParsePrefix("172.16.0.0/12")}},
		{"pcc-odd0000000000000008", "Vpc.Ipv4Cidrs=192.168.0.0/16", 1024, created, nil}, // a string, not a list
	}
	page, err := c.ListPage(context.Background(), peering.Filter{}, "")
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
			got, present := conn.Attributes[peering.UnparsedAttribute]
			if got != tt.unparsed || present != (tt.unparsed != "") {
				t.Errorf("Unparsed = %q (present %v), want %q", got, present, tt.unparsed)
			}
			if conn.Bandwidth != tt.bandwidth || !conn.CreatedAt.Equal(tt.created) {
				t.Errorf("bandwidth %v, created %v; want %v, %v", conn.Bandwidth, conn.CreatedAt, tt.bandwidth, tt.created)
			}
			if !reflect.DeepEqual(conn.Requester.IPv4CIDRs, tt.localV4) {
				t.Errorf("local IPv4 blocks %v, want %v", conn.Requester.IPv4CIDRs, tt.localV4)
			}
			// The rest of the record is intact.
			if conn.Status != peering.StatusActive || conn.Name != "vpcpeer" || conn.Requester.NetworkID != "vpc-bp1gsk7h12ew7oegk0000" ||
				conn.Accepter.NetworkID != "vpc-bp1vzjkp2q1xgnind0000" || conn.Requester.AccountID != "253460731706911260" ||
				conn.Role != peering.RoleRequester || conn.Tags["FinanceDept"] != "FinanceJoshua" || len(conn.Accepter.IPv6CIDRs) != 1 ||
				conn.Attributes["BizStatus"] != "Normal" || conn.Attributes["GmtExpired"] != "2022-05-01T09:02:36Z" || !conn.AcceptBy.IsZero() {
				t.Errorf("the rest of the record changed: %+v", conn)
			}
		})
	}
	if raw := byID["pcc-odd0000000000000008"].Raw.(*VpcPeerConnection); len(raw.Mismatches) != 1 ||
		raw.Mismatches[0].Field != "Vpc.Ipv4Cidrs" || string(raw.Mismatches[0].Value) != `"192.168.0.0/16"` || raw.Vpc.VpcID == "" {
		t.Errorf("Raw = %+v", raw)
	}

	all, err := peering.Collect(context.Background(), c, peering.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(tests)+1 {
		t.Errorf("listed %d connections, want %d", len(all), len(tests)+1)
	}
	if n := s.count("ListVpcPeerConnections"); n != 3 {
		t.Errorf("%d list requests, want 3: odd records are not retried", n)
	}
}

// TestDeterministicBadAnswersAreNotRetried: a page that is wrong as a
// whole is Internal at once; a cut one is retried.
func TestDeterministicBadAnswersAreNotRetried(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		body     string
		code     peering.ErrorCode
		attempts int
	}{
		{"TotalCount a word", 200, `{"RequestId":"r-1","TotalCount":"many","VpcPeerConnects":[]}`, peering.Internal, 1},
		{"the list a string", 200, `{"RequestId":"r-1","VpcPeerConnects":"none"}`, peering.Internal, 1},
		{"a record that is not an object", 200, `{"RequestId":"r-1","VpcPeerConnects":[7]}`, peering.Internal, 1},
		{"a record without an ID", 200, `{"RequestId":"r-1","VpcPeerConnects":[{"Status":"Activated"}]}`, peering.Internal, 1},
		{"numeric Code", 400, `{"RequestId":"r-1","Code":400,"Message":"numeric"}`, peering.Internal, 1},
		{"cut short", 200, `{"RequestId":"r-1","VpcPeerConnects":[{"InstanceId":"pcc-1"`, peering.Unavailable, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, s := startRPCServer(t, 3, func(w http.ResponseWriter, _ string, _ map[string]string) {
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			})
			_, err := c.ListPage(context.Background(), peering.Filter{}, "")
			if peering.Code(err) != tt.code {
				t.Errorf("ListPage = %v, want %v", err, tt.code)
			}
			if n := s.count("ListVpcPeerConnections"); n != tt.attempts {
				t.Errorf("%d attempts, want %d", n, tt.attempts)
			}
		})
	}
}

// TestUncertainCreateCarriesItsToken: the emulator commits every attempt of
// a create and drops its answer. The error carries the ClientToken the
// attempts used; sent back, it returns the connection they made, and no
// second one.
func TestUncertainCreateCarriesItsToken(t *testing.T) {
	for _, token := range []string{"", "caller-token-7"} {
		t.Run("token "+token, func(t *testing.T) {
			w := start(t, 27, false)
			ctx := context.Background()
			a := w.client(t, w.a, hangzhou, func(o *Options) { o.MaxAttempts = 3 })
			vpcs := w.vpcs(t, w.a, hangzhou)
			w.srv.Faults.Add(fault.Rule{Provider: "alibaba-vpc", Operation: "CreateVpcPeerConnection", Kind: fault.DropResponse, Count: 3})
			req := peering.CreateRequest{Name: "once", LocalNetworkID: vpcs[0], PeerNetworkID: vpcs[1], ClientToken: token}

			_, err := a.Create(ctx, req)
			var uw *peering.UncertainWriteError
			if !errors.As(err, &uw) {
				t.Fatalf("Create = %v (%T), want an UncertainWriteError", err, err)
			}
			if peering.Code(err) != peering.Unavailable || uw.ClientToken == "" || (token != "" && uw.ClientToken != token) {
				t.Errorf("code %v, token %q; want Unavailable and token %q", peering.Code(err), uw.ClientToken, token)
			}
			if all := emulated(w.srv); len(all) != 1 {
				t.Fatalf("the world holds %v after the lost attempts, want the 1 they made", all)
			}

			req.ClientToken = uw.ClientToken
			id, err := a.Create(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if all := emulated(w.srv); len(all) != 1 || !all[id] {
				t.Errorf("after the retry the world holds %v, want only %s", all, id)
			}
		})
	}
}

// TestCreateRefusedIsCertain: an answer that says no is no uncertainty.
func TestCreateRefusedIsCertain(t *testing.T) {
	c, _ := startRPCServer(t, 3, func(w http.ResponseWriter, _ string, _ map[string]string) {
		w.WriteHeader(400)
		_, _ = w.Write([]byte(`{"RequestId":"r-1","Code":"InvalidVpcId.NotFound","Message":"no such VPC"}`))
	})
	_, err := c.Create(context.Background(), peering.CreateRequest{LocalNetworkID: "vpc-a", PeerNetworkID: "vpc-b"})
	var uw *peering.UncertainWriteError
	if peering.Code(err) != peering.NotFound || errors.As(err, &uw) {
		t.Errorf("Create = %v; want a plain NotFound", err)
	}
}
