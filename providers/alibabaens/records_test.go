package alibabaens

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

// rpcServer answers ENS RPC calls as the documents describe them: answer
// picks the body for each request (by Action and parameters) and the server
// counts what it is sent. It checks no signature.
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

func startRPCServer(t *testing.T, answer func(w http.ResponseWriter, action string, params map[string]string)) (*Client, *rpcServer) {
	t.Helper()
	s := &rpcServer{answer: answer, calls: map[string]int{}}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	c, err := New(Options{Credentials: Credentials{AccessKeyID: "id", AccessKeySecret: "secret-for-rpc-server"},
		Endpoint: srv.URL, MaxAttempts: 3, ListConcurrency: 1})
	if err != nil {
		t.Fatal(err)
	}
	return c, s
}

// TestOddRecordsAreKeptAndFlagged lists two recorded pages of ten, the
// first of which holds the documents' example record and copies of it,
// some with one odd value: every record comes back, the odd ones with
// their field left unknown and named in Attributes["Unparsed"], and the
// listing goes on to the second page.
func TestOddRecordsAreKeptAndFlagged(t *testing.T) {
	c, s := startRPCServer(t, func(w http.ResponseWriter, action string, p map[string]string) {
		switch {
		case action == "DescribeNetworkPeerConnections" && p["PageNumber"] == "1":
			_, _ = w.Write(peeringtest.ReadFixture(t, "describe_network_peer_connections.odd_records.page1.json"))
		case action == "DescribeNetworkPeerConnections" && p["PageNumber"] == "2":
			_, _ = w.Write(peeringtest.ReadFixture(t, "describe_network_peer_connections.odd_records.page2.json"))
		default:
			w.WriteHeader(400)
			_, _ = w.Write([]byte(`{"RequestId":"r-1","Code":"InvalidParameter","Message":"unexpected"}`))
		}
	})
	seedV4 := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	created := time.Date(2024, 5, 31, 6, 43, 29, 0, time.UTC)
	tests := []struct {
		id       string
		unparsed string
		name     string
		created  time.Time
		localV4  []netip.Prefix
	}{
		{"pcc-521pzxdg0000", "", "test", created, seedV4},
		{"pcc-odd00000001", "Network.Ipv4Cidrs=10.0.0.0/33", "test", created, []netip.Prefix{netip.MustParsePrefix("172.16.0.0/12")}},
		{"pcc-odd00000002", "Network.Ipv4Cidrs=10.0.0.0/8", "test", created, nil}, // a string, not a list
		{"pcc-odd00000003", "CreationTime=2024/05/31 06:43:29", "test", time.Time{}, seedV4},
		{"pcc-odd00000004", "CreationTime=1717137809", "test", time.Time{}, seedV4},
		{"pcc-odd00000005", "Name=7", "", created, seedV4},
		{"pcc-odd00000006", "", "test", created, seedV4},
	}
	page, err := c.ListPage(context.Background(), peering.Filter{PageSize: 10}, "")
	if err != nil {
		t.Fatalf("the page with odd records: %v", err)
	}
	if len(page.Connections) != 10 || page.Next == "" {
		t.Fatalf("first page: %d connections, next %q; want 10 and a next page", len(page.Connections), page.Next)
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
			if conn.Name != tt.name || !conn.CreatedAt.Equal(tt.created) {
				t.Errorf("name %q, created %v; want %q, %v", conn.Name, conn.CreatedAt, tt.name, tt.created)
			}
			if !reflect.DeepEqual(conn.Requester.IPv4CIDRs, tt.localV4) {
				t.Errorf("local IPv4 blocks %v, want %v", conn.Requester.IPv4CIDRs, tt.localV4)
			}
			// The rest of the record is intact.
			if conn.Status != peering.StatusActive || conn.Requester.NetworkID != "n-5q73bm0000" || conn.Accepter.NetworkID != "n-5q281140000" ||
				conn.Requester.Region != "cn-dongguan-9" || conn.Description != "desc" || len(conn.Accepter.IPv4CIDRs) != 1 {
				t.Errorf("the rest of the record changed: %+v", conn)
			}
		})
	}

	all, err := peering.Collect(context.Background(), c, peering.Filter{PageSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 11 {
		t.Errorf("listed %d connections, want 11", len(all))
	}
	if n := s.count("DescribeNetworkPeerConnections"); n != 3 {
		t.Errorf("%d requests, want 3 (one page, then both): odd records are not retried", n)
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
		{"TotalCount a word", 200, `{"RequestId":"r-1","PageNumber":"1","PageSize":"10","TotalCount":"many","NetworkPeerConnects":[]}`, peering.Internal, 1},
		{"PageNumber an object", 200, `{"RequestId":"r-1","PageNumber":{},"TotalCount":"0","NetworkPeerConnects":[]}`, peering.Internal, 1},
		{"the list a string", 200, `{"RequestId":"r-1","TotalCount":"1","NetworkPeerConnects":"none"}`, peering.Internal, 1},
		{"a record without an ID", 200, `{"RequestId":"r-1","TotalCount":"1","NetworkPeerConnects":[{"Status":"Activated"}]}`, peering.Internal, 1},
		{"numeric Code", 400, `{"RequestId":"r-1","Code":400,"Message":"numeric"}`, peering.Internal, 1},
		{"cut short", 200, `{"RequestId":"r-1","TotalCount":"1","NetworkPeerConnects":[{"InstanceId":"pcc-1"`, peering.Unavailable, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, s := startRPCServer(t, func(w http.ResponseWriter, _ string, _ map[string]string) {
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			})
			_, err := c.ListPage(context.Background(), peering.Filter{}, "")
			if peering.Code(err) != tt.code {
				t.Errorf("ListPage = %v, want %v", err, tt.code)
			}
			if n := s.count("DescribeNetworkPeerConnections"); n != tt.attempts {
				t.Errorf("%d attempts, want %d", n, tt.attempts)
			}
		})
	}
}

// TestUncertainCreateCarriesAToken: the emulator commits the first attempt
// of a create and drops its answer, and the look-up for the pair that
// should settle it fails too. The error carries a token; the same request
// sent back with it returns the connection the lost attempt made (ENS has
// no ClientToken: the adapter finds the pair), and no second one.
func TestUncertainCreateCarriesAToken(t *testing.T) {
	for _, token := range []string{"", "caller-token-7"} {
		t.Run("token "+token, func(t *testing.T) {
			w := start(t, 67)
			c := w.client(t, func(o *Options) { o.MaxAttempts = 2 })
			nets := w.networks(t, 2)
			w.srv.Faults.Add(fault.Rule{Provider: "alibaba-ens", Operation: "CreateNetworkPeerConnection", Kind: fault.DropResponse, Count: 1})
			w.srv.Faults.Add(fault.Rule{Provider: "alibaba-ens", Operation: "DescribeNetworkPeerConnections", Kind: fault.ServerError, Probability: 1})
			req := peering.CreateRequest{LocalNetworkID: nets[0], PeerNetworkID: nets[1], ClientToken: token}

			_, err := c.Create(context.Background(), req)
			var uw *peering.UncertainWriteError
			if !errors.As(err, &uw) {
				t.Fatalf("Create = %v (%T), want an UncertainWriteError", err, err)
			}
			if peering.Code(err) != peering.Unavailable || uw.ClientToken == "" || (token != "" && uw.ClientToken != token) {
				t.Errorf("code %v, token %q; want Unavailable and token %q", peering.Code(err), uw.ClientToken, token)
			}
			if all := w.srv.Alibaba.NetworkPeerConnections(); len(all) != 1 {
				t.Fatalf("the world holds %v after the lost attempt, want the 1 it made", all)
			}

			w.srv.Faults.Clear()
			req.ClientToken = uw.ClientToken
			id, err := c.Create(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if all := w.srv.Alibaba.NetworkPeerConnections(); len(all) != 1 || all[0].InstanceID != id {
				t.Errorf("after the retry the world holds %v, want only %s", all, id)
			}
		})
	}
}

// TestCreateRefusedIsCertain: an answer that says no is no uncertainty.
func TestCreateRefusedIsCertain(t *testing.T) {
	c, _ := startRPCServer(t, func(w http.ResponseWriter, _ string, _ map[string]string) {
		w.WriteHeader(400)
		_, _ = w.Write([]byte(`{"RequestId":"r-1","Code":"InvalidParameter","Message":"no such network"}`))
	})
	_, err := c.Create(context.Background(), peering.CreateRequest{LocalNetworkID: "n-a", PeerNetworkID: "n-b"})
	var uw *peering.UncertainWriteError
	if peering.Code(err) != peering.InvalidArgument || errors.As(err, &uw) {
		t.Errorf("Create = %v; want a plain InvalidArgument", err)
	}
}
