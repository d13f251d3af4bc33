package baidu

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/emulator/fault"
	"github.com/peeringkit/peering/normalize"
)

// walk lists through ListPage page by page and returns every connection
// and the number of pages, failing on a repeated token.
func walk(t testing.TB, c *Client, f peering.Filter) (conns []peering.Connection, pages int) {
	t.Helper()
	ctx := testContext(t)
	token := ""
	seen := map[string]bool{}
	for {
		page, err := c.ListPage(ctx, f, token)
		if err != nil {
			t.Fatalf("page %d: %v", pages+1, err)
		}
		pages++
		conns = append(conns, page.Connections...)
		if page.Next == "" {
			return conns, pages
		}
		if seen[page.Next] {
			t.Fatalf("token %q repeated", page.Next)
		}
		seen[page.Next] = true
		token = page.Next
	}
}

// TestListEachOnce is the criterion: N connections are listed each
// exactly once, for N around and across the page size.
func TestListEachOnce(t *testing.T) {
	for _, n := range []int{0, 1, 999, 1000, 1001, 5000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			srv := startEmulator(t)
			want := seed(t, srv, "baidu-a", "bj", n)

			// Page by page, without VPC look-ups: one request per page.
			c := clientFor(t, srv, "baidu-a", "bj", Options{NoVPCLookup: true})
			before := srv.Baidu.Requests()
			conns, pages := walk(t, c, peering.Filter{})
			if got := idsOf(t, conns); !slices.Equal(got, want) {
				t.Fatalf("listed %d connections, want the %d seeded", len(got), len(want))
			}
			wantPages := max(1, (n+MaxPageSize-1)/MaxPageSize)
			if pages != wantPages || srv.Baidu.Requests()-before != int64(wantPages) {
				t.Errorf("%d pages in %d requests, want %d", pages, srv.Baidu.Requests()-before, wantPages)
			}

			// Through peering.List, with CIDR blocks filled.
			all, err := peering.Collect(testContext(t), clientFor(t, srv, "baidu-a", "bj", Options{}), peering.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			if got := idsOf(t, all); !slices.Equal(got, want) {
				t.Fatalf("peering.List gave %d connections, want the %d seeded", len(got), len(want))
			}
			for _, c := range all {
				if c.Status != peering.StatusActive || len(c.Requester.IPv4CIDRs) != 1 || len(c.Accepter.IPv4CIDRs) != 1 {
					t.Fatalf("connection %s: status %s, local CIDRs %v, peer CIDRs %v", c.ID, c.Status, c.Requester.IPv4CIDRs, c.Accepter.IPv4CIDRs)
				}
			}
		})
	}
}

func TestListPageSizes(t *testing.T) {
	srv := startEmulator(t)
	want := seed(t, srv, "baidu-a", "bj", 23)
	c := clientFor(t, srv, "baidu-a", "bj", Options{NoVPCLookup: true})
	for _, size := range []int{1, 5, 22, 23, 24, 1000} {
		conns, pages := walk(t, c, peering.Filter{PageSize: size})
		if got := idsOf(t, conns); !slices.Equal(got, want) {
			t.Errorf("page size %d: listed %d, want %d", size, len(got), len(want))
		}
		if wantPages := (len(want) + size - 1) / size; pages != wantPages {
			t.Errorf("page size %d: %d pages, want %d", size, pages, wantPages)
		}
	}
}

func TestListFilters(t *testing.T) {
	srv := startEmulator(t)
	seeded := seed(t, srv, "baidu-a", "bj", 40)
	ctx := testContext(t)
	c := clientFor(t, srv, "baidu-a", "bj", Options{})
	fx := fixtures(t, srv, "baidu-a", "bj")
	tagged, err := c.Create(ctx, peering.CreateRequest{LocalNetworkID: fx[0].ID, PeerNetworkID: fx[1].ID,
		Bandwidth: peering.Mbps(10), Tags: map[string]string{"env": "test", "team": "net"}})
	if err != nil {
		t.Fatal(err)
	}
	srv.Clock.Advance(10 * time.Second)

	// The VPC filter goes to the server: the emulator answers it from its
	// per-VPC index.
	var vpc string
	for _, pc := range srv.Baidu.PeerConns() {
		if pc.ID == seeded[0] {
			vpc = pc.Initiator.VPCID
		}
	}
	var onVPC []string
	for _, pc := range srv.Baidu.PeerConns() {
		if pc.Initiator.VPCID == vpc || pc.Acceptor.VPCID == vpc {
			onVPC = append(onVPC, pc.ID)
		}
	}
	slices.Sort(onVPC)

	tests := []struct {
		name string
		f    peering.Filter
		want []string
	}{
		{"network", peering.Filter{NetworkID: vpc}, onVPC},
		{"network, small pages", peering.Filter{NetworkID: vpc, PageSize: 2}, onVPC},
		{"name: Baidu connections have none", peering.Filter{Name: "tagged-link"}, nil},
		{"tags", peering.Filter{Tags: map[string]string{"team": "net"}}, []string{tagged}},
		{"tag value differs", peering.Filter{Tags: map[string]string{"team": "ops"}}, nil},
		{"IDs", peering.Filter{IDs: []string{seeded[3], seeded[7], "peerconn-nonexistent"}}, []string{seeded[3], seeded[7]}},
		{"status", peering.Filter{Status: []peering.Status{peering.StatusPendingAcceptance}}, nil},
		{"IDs, one per page of five", peering.Filter{IDs: []string{seeded[0], seeded[39]}, PageSize: 5}, []string{seeded[0], seeded[39]}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := peering.Collect(ctx, c, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if ids := idsOf(t, got); !slices.Equal(ids, tt.want) && (len(ids) != 0 || len(tt.want) != 0) {
				t.Errorf("got %v, want %v", ids, tt.want)
			}
		})
	}

	// ListPage sends one request and returns the raw page: the filter's
	// fields other than the network are peering.List's to apply.
	noLookup := clientFor(t, srv, "baidu-a", "bj", Options{NoVPCLookup: true})
	all := append([]string{tagged}, seeded...)
	slices.Sort(all)
	before := srv.Baidu.Requests()
	page, err := noLookup.ListPage(ctx, peering.Filter{IDs: []string{seeded[39]}, PageSize: 1}, "")
	if err != nil {
		t.Fatal(err)
	}
	if n := srv.Baidu.Requests() - before; n != 1 {
		t.Errorf("ListPage sent %d requests, want 1", n)
	}
	if len(page.Connections) != 1 || page.Connections[0].ID != all[0] {
		t.Fatalf("page = %v, want the listing's first connection %s", page.Connections, all[0])
	}
	// peering.List walks on through pages that match nothing.
	before = srv.Baidu.Requests()
	got, err := peering.Collect(ctx, noLookup, peering.Filter{IDs: []string{seeded[39]}, PageSize: 1})
	if err != nil || len(got) != 1 || got[0].ID != seeded[39] {
		t.Fatalf("Collect = %v, %v; want %s alone", idsOf(t, got), err, seeded[39])
	}
	if n, want := srv.Baidu.Requests()-before, int64(len(all)); n != want {
		t.Errorf("%d requests to list %d connections one per page, want %d", n, len(all), want)
	}
}

// TestListCancel is the criterion: cancelling ctx during a listing
// ends it within 100 ms, with a Canceled error. The emulator holds a page
// for seconds; the cancel comes 20 ms into the wait.
func TestListCancel(t *testing.T) {
	for _, page := range []int{1, 2} {
		t.Run(fmt.Sprintf("page %d", page), func(t *testing.T) {
			srv := startEmulator(t)
			seed(t, srv, "baidu-a", "bj", 30)
			c := clientFor(t, srv, "baidu-a", "bj", Options{NoVPCLookup: true})
			slow := fault.Rule{Provider: "baidu", Operation: "ListPeerConn", Kind: fault.Latency, Latency: 5 * time.Second, Count: 1}

			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var canceledAt atomic.Int64
			startCancel := func() {
				time.AfterFunc(20*time.Millisecond, func() {
					canceledAt.Store(time.Now().UnixNano())
					cancel()
				})
			}
			if page == 1 {
				srv.Faults.Add(slow)
				startCancel()
			}
			n := 0
			var last error
			for _, err := range peering.List(ctx, c, peering.Filter{PageSize: 10}) {
				if err != nil {
					last = err
					break
				}
				if n++; n == 1 && page == 2 {
					// The next page is fetched after this one is consumed.
					srv.Faults.Add(slow)
					startCancel()
				}
			}
			ended := time.Now()
			wantCode(t, last, peering.Canceled)
			if !errors.Is(last, context.Canceled) {
				t.Errorf("err = %v, does not wrap context.Canceled", last)
			}
			latency := ended.Sub(time.Unix(0, canceledAt.Load()))
			t.Logf("listing ended %v after the cancel (%d connections before it)", latency, n)
			if latency > 100*time.Millisecond {
				t.Errorf("listing ended %v after the cancel, want within 100ms", latency)
			}
			if want := (page - 1) * 10; n != want {
				t.Errorf("%d connections before the cancel, want %d", n, want)
			}
		})
	}
}

func TestListInvalidInput(t *testing.T) {
	srv := startEmulator(t)
	c := clientFor(t, srv, "baidu-a", "bj", Options{})
	ctx := testContext(t)
	tests := []struct {
		name  string
		f     peering.Filter
		token string
	}{
		{"page size too large", peering.Filter{PageSize: 1001}, ""},
		{"negative page size", peering.Filter{PageSize: -1}, ""},
		{"unknown status", peering.Filter{Status: []peering.Status{"up"}}, ""},
		{"empty ID", peering.Filter{IDs: []string{""}}, ""},
		{"network ID that would change the query", peering.Filter{NetworkID: "vpc-1&maxKeys=5"}, ""},
		{"malformed token", peering.Filter{}, "not-a-token!"},
		{"token of another version", peering.Filter{}, "bTI6eA"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := srv.Baidu.Requests()
			_, err := c.ListPage(ctx, tt.f, tt.token)
			wantCode(t, err, peering.InvalidArgument)
			if n := srv.Baidu.Requests() - before; n != 0 {
				t.Errorf("%d requests sent for invalid input", n)
			}
		})
	}
}

// TestGeneratedEstate lists the emulator's realistic estate (a status mix,
// cross-account and cross-region peers, prepaid terms, tags, IPv6) and
// checks the normalization of every connection.
func TestGeneratedEstate(t *testing.T) {
	srv, err := emulator.Start(emulator.Options{Seed: 7, Connections: 300, BaiduRegions: []string{"bj", "gz"}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	a := account(t, srv, "baidu-a")
	c := clientFor(t, srv, "baidu-a", "bj", Options{})
	conns, err := peering.Collect(testContext(t), c, peering.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(conns) < 300 {
		t.Fatalf("listed %d connections, want at least the 300 generated", len(conns))
	}
	statuses := map[string]bool{}
	var ipv6, prepaid, acceptor, tagged int
	for _, conn := range conns {
		p := conn.Raw.(*PeerConn)
		statuses[p.Status] = true
		if conn.Status == peering.StatusUnknown || conn.Status != normalize.BaiduStatus(p.Status) {
			t.Errorf("%s: status %q normalized to %s", conn.ID, p.Status, conn.Status)
		}
		if conn.Bandwidth <= 0 || conn.CreatedAt.IsZero() || conn.CreatedAt.Location() != time.UTC {
			t.Errorf("%s: bandwidth %v, created %v", conn.ID, conn.Bandwidth, conn.CreatedAt)
		}
		if (p.PaymentTiming == Prepaid) != !conn.TermEndsAt.IsZero() {
			t.Errorf("%s: %s with expiry %v", conn.ID, p.PaymentTiming, conn.TermEndsAt)
		}
		// The caller's end sits where its role puts it, with its blocks.
		own, ok1 := conn.Own()
		other, ok2 := conn.Other()
		if !ok1 || !ok2 || own.AccountID != a.ID || own.Region != "bj" || len(own.IPv4CIDRs) != 1 {
			t.Errorf("%s: role %s, own end %+v", conn.ID, conn.Role, own)
		}
		if want := map[peering.Role]string{peering.RoleRequester: p.LocalVpcID, peering.RoleAccepter: p.PeerVpcID}[conn.Role]; conn.Requester.NetworkID != want {
			t.Errorf("%s: role %s, requester %s, want %s", conn.ID, conn.Role, conn.Requester.NetworkID, want)
		}
		ours := other.AccountID == a.ID && other.Region == "bj"
		if ours != (len(other.IPv4CIDRs) == 1) {
			t.Errorf("%s: other end %+v: CIDRs known %v, want %v", conn.ID, other, len(other.IPv4CIDRs) == 1, ours)
		}
		if len(conn.Requester.IPv6CIDRs)+len(conn.Accepter.IPv6CIDRs) > 0 {
			ipv6++
		}
		if conn.Role == peering.RoleAccepter {
			acceptor++
		}
		if p.PaymentTiming == Prepaid {
			prepaid++
		}
		if len(conn.Tags) > 0 {
			tagged++
		}
	}
	t.Logf("%d connections: statuses %v; %d with IPv6, %d prepaid, %d as acceptor, %d tagged", len(conns), statuses, ipv6, prepaid, acceptor, tagged)
	if len(statuses) < 5 || ipv6 == 0 || prepaid == 0 || acceptor == 0 || tagged == 0 {
		t.Error("the estate does not exercise the variety this test is for")
	}
}
