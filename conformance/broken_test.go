package conformance_test

import (
	"cmp"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/conformance"
	"github.com/peeringkit/peering/conformance/emulatorharness"
	"github.com/peeringkit/peering/providers/alibabaens"
	"github.com/peeringkit/peering/providers/alibabavpc"
	"github.com/peeringkit/peering/providers/baidu"
)

// brokenEnv names the breakage TestBrokenAdapterHelper applies; it is set
// only in the subprocesses TestBrokenAdapter starts.
const brokenEnv = "PEERING_CONFORMANCE_BROKEN"

// brokenProviderEnv names the adapter TestBrokenAdapterHelper breaks:
// "baidu" (the default) or "alibaba-vpc".
const brokenProviderEnv = "PEERING_CONFORMANCE_BROKEN_PROVIDER"

// broken wraps a real adapter and breaks one promise of the interface, the
// way a faulty adapter would.
type broken struct {
	peering.Peering
	breakage string
}

// The breakages. Each is a mistake an adapter could plausibly make.
const (
	intact          = "intact"            // no breakage: the control
	dropsLastPage   = "drops-last-page"   // loses the connections of a walk's last page
	oversizedPages  = "oversized-pages"   // ignores the page size asked for
	getDropsTags    = "get-drops-tags"    // Get loses the tags a listing shows
	bareErrors      = "bare-errors"       // returns errors without a portable code
	requestsInvalid = "requests-invalid"  // sends a request before rejecting bad input
	swapsEnds       = "swaps-ends"        // names the ends from the caller's side: the accepter's view swaps Requester and Accepter
	termAsAcceptBy  = "term-as-accept-by" // reports the end of a prepaid term as AcceptBy
	routesMissing   = "routes-missing"    // sets Capabilities.Routes without the route methods
	routeRepeated   = "route-repeated"    // takes a repeated route as a new one
	hopAsOther      = "hop-as-other"      // maps a peering next hop to NextHopOther
	dropsLastRoute  = "drops-last-route"  // loses each table's last route, as a walk that drops its last page
)

// routing is broken with the route methods of the adapter it wraps (every
// breakage but routesMissing).
type routing struct {
	broken
	r peering.RouteReader
	w peering.RouteWriter
}

func (b routing) RouteTables(ctx context.Context, network string) ([]peering.RouteTable, error) {
	tables, err := b.r.RouteTables(ctx, network)
	for i := range tables {
		rs := tables[i].Routes
		switch {
		case b.breakage == dropsLastRoute && len(rs) > 1:
			tables[i].Routes = rs[:len(rs)-1]
		case b.breakage == hopAsOther:
			for j := range rs {
				if rs[j].NextHop == peering.NextHopPeering {
					rs[j].NextHop = peering.NextHopOther
				}
			}
		}
	}
	return tables, err
}

func (b routing) AddRoute(ctx context.Context, r peering.RouteRequest) (string, error) {
	id, err := b.w.AddRoute(ctx, r)
	if b.breakage == routeRepeated && peering.Code(err) == peering.AlreadyExists {
		return "rr-repeated", nil
	}
	return id, err
}

func (b routing) DeleteRoute(ctx context.Context, network, table, route string) error {
	return b.w.DeleteRoute(ctx, network, table, route)
}

// fields breaks the fields of one connection as the breakage says.
func (b broken) fields(c peering.Connection) peering.Connection {
	switch b.breakage {
	case swapsEnds:
		if c.Role == peering.RoleAccepter {
			c.Requester, c.Accepter = c.Accepter, c.Requester
		}
	case termAsAcceptBy:
		c.AcceptBy, c.TermEndsAt = c.TermEndsAt, time.Time{}
	}
	return c
}

func (b broken) ListPage(ctx context.Context, f peering.Filter, token string) (peering.Page, error) {
	switch b.breakage {
	case oversizedPages:
		f.PageSize = 0
	case requestsInvalid:
		if f.Validate(b.Capabilities().MaxPageSize) != nil {
			_, _ = b.Peering.ListPage(ctx, peering.Filter{}, "")
		}
	}
	page, err := b.Peering.ListPage(ctx, f, token)
	if b.breakage == dropsLastPage && err == nil && token != "" && page.Next == "" {
		page.Connections = nil
	}
	for i, c := range page.Connections {
		page.Connections[i] = b.fields(c)
	}
	return page, err
}

func (b broken) Get(ctx context.Context, id string) (peering.Connection, error) {
	c, err := b.Peering.Get(ctx, id)
	c = b.fields(c)
	switch {
	case b.breakage == getDropsTags:
		c.Tags = nil
	case b.breakage == bareErrors && err != nil:
		err = errors.New(strings.ToLower(peering.Code(err).String()))
	}
	return c, err
}

// TestBrokenAdapter runs parts of the suite on deliberately broken adapters,
// each in a subprocess, and checks that the suite fails them with a message
// that names the fault, and passes the intact one.
func TestBrokenAdapter(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a subprocess per breakage")
	}
	cases := []struct {
		breakage string
		provider peering.Provider // the adapter broken; "" is Baidu
		run      string           // the checks to run: a -test.run pattern under TestBrokenAdapterHelper
		want     []string         // in the output of a failing run; nil: the run must pass
	}{
		{intact, "", "Pagination/count=4$", nil},
		{dropsLastPage, "", "Pagination/count=4$", []string{
			"--- FAIL: TestBrokenAdapterHelper/Pagination/count=4/size=1",
			"ListPage walk with page size 1 over 4 connections: got 3 connections: 1 of 4 connections missing (peerconn-",
		}},
		{oversizedPages, "", "Pagination/count=4$", []string{
			"--- FAIL: TestBrokenAdapterHelper/Pagination/count=4/size=1",
			"page 1 holds 4 connections, more than the page size 1",
		}},
		{intact, "", "GetMatchesList", nil},
		{getDropsTags, "", "GetMatchesList", []string{
			"--- FAIL: TestBrokenAdapterHelper/GetMatchesList/account=A",
			"differs from the listed record (listed -> got):\n",
			"  Tags: map[",
		}},
		{bareErrors, "", "NotFound/Get$", []string{
			"--- FAIL: TestBrokenAdapterHelper/NotFound/Get",
			"of an unknown connection: got code Unknown (error: notfound), want NotFound",
		}},
		{requestsInvalid, "", "InvalidArgument/ListPage", []string{
			"--- FAIL: TestBrokenAdapterHelper/InvalidArgument/ListPage/page_size_over_the_maximum",
			"ListPage/page size over the maximum: sent 1 request(s); it must be answered before any request is sent",
		}},
		// The VpcPeer adapter names the ends for their role, so that
		// breaking it shows what the field checks say of one that does not.
		{intact, peering.AlibabaVPC, "Fields/(Requester|Accepter|OwnOther|TwoAccounts)$", nil},
		{swapsEnds, peering.AlibabaVPC, "Fields/(Requester|Accepter|OwnOther|TwoAccounts)$", []string{
			"--- FAIL: TestBrokenAdapterHelper/Fields/Requester",
			"account B's Get of the cross-account connection, active (pcc-",
			"Requester.NetworkID is \"vpc-",
			"the network of the account that created the connection, whoever reads it",
			"--- FAIL: TestBrokenAdapterHelper/Fields/Accepter",
			"the peer network named in the CreateRequest, whoever reads it",
			"--- FAIL: TestBrokenAdapterHelper/Fields/OwnOther",
			"(account B's network)",
			"--- FAIL: TestBrokenAdapterHelper/Fields/TwoAccounts",
			"  Requester.NetworkID: account A sees \"vpc-",
		}},
		// Baidu's generated estate holds prepaid connections in force.
		{intact, "", "Fields/(AcceptBy|TermEndsAt)$", nil},
		{termAsAcceptBy, "", "Fields/(AcceptBy|TermEndsAt)$", []string{
			"--- FAIL: TestBrokenAdapterHelper/Fields/AcceptBy",
			"'s listing (peerconn-",
			"but Capabilities.AcceptBy says the provider reports none",
			`on a connection in status "active": it is zero when no answer is awaited`,
		}},
		{intact, "", "Routes", nil},
		{routesMissing, "", "Routes", []string{
			"--- FAIL: TestBrokenAdapterHelper/Routes",
			"Capabilities.Routes is set, but the adapter (conformance_test.broken) is a RouteReader: false, a RouteWriter: false",
		}},
		{routeRepeated, "", "Routes", []string{
			"--- FAIL: TestBrokenAdapterHelper/Routes/RoundTrip",
			"AddRoute of a destination the table already routes: got code OK",
		}},
		// The analysis of a fixture estate, on ENS too (the suite's only
		// same-account provider), catches adapters that lose routes or
		// misread their next hops.
		{intact, "", "RouteAnalysis", nil},
		{intact, peering.AlibabaENS, "RouteAnalysis", nil},
		{hopAsOther, "", "RouteAnalysis", []string{
			"--- FAIL: TestBrokenAdapterHelper/RouteAnalysis",
			"case one-way: no one-way finding for connection peerconn-",
			"unexpected no-route finding: baidu peering peerconn-",
		}},
		{dropsLastRoute, peering.AlibabaENS, "RouteAnalysis", []string{
			"--- FAIL: TestBrokenAdapterHelper/RouteAnalysis",
			"case one-way: no one-way finding for connection pcc-",
			"unexpected no-route finding: alibaba-ens peering ",
		}},
	}
	for _, c := range cases {
		t.Run(c.breakage+"/"+cmp.Or(string(c.provider), "baidu")+"/"+strings.ReplaceAll(c.run, "/", "_"), func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], "-test.run=^TestBrokenAdapterHelper$/"+c.run, "-test.v", "-test.count=1")
			cmd.Env = append(os.Environ(), brokenEnv+"="+c.breakage, brokenProviderEnv+"="+string(c.provider))
			out, err := cmd.CombinedOutput()
			switch {
			case c.want == nil && err != nil:
				t.Fatalf("the suite failed the intact adapter: %v\n%s", err, out)
			case c.want == nil:
				if !strings.Contains(string(out), "--- PASS: TestBrokenAdapterHelper") {
					t.Fatalf("the run checked nothing:\n%s", out)
				}
				return
			case err == nil:
				t.Fatalf("the suite passed an adapter that %s:\n%s", c.breakage, out)
			}
			for _, w := range c.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("the failure report lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

// TestBrokenAdapterHelper is the suite on a broken Baidu (or VpcPeer, or
// ENS) adapter over the emulator; it runs only in TestBrokenAdapter's
// subprocesses.
func TestBrokenAdapterHelper(t *testing.T) {
	breakage := os.Getenv(brokenEnv)
	if breakage == "" {
		t.Skip("runs in TestBrokenAdapter's subprocesses")
	}
	provider := cmp.Or(peering.Provider(os.Getenv(brokenProviderEnv)), peering.Baidu)
	conformance.Run(t, emulatorharness.New(emulatorharness.Config{
		Provider: provider,
		New: func(tg emulatorharness.Target) (peering.Peering, error) {
			p, err := newAdapter(provider, tg)
			if breakage == routesMissing || err != nil {
				return broken{Peering: p, breakage: breakage}, err
			}
			return routing{broken: broken{Peering: p, breakage: breakage}, r: p.(peering.RouteReader), w: p.(peering.RouteWriter)}, nil
		},
	}))
}

// newAdapter makes the intact adapter of provider for tg.
func newAdapter(provider peering.Provider, tg emulatorharness.Target) (peering.Peering, error) {
	switch provider {
	case peering.AlibabaVPC:
		return alibabavpc.New(alibabavpc.Options{
			Credentials:    alibabavpc.Credentials{AccessKeyID: tg.Account.AccessKeyID, AccessKeySecret: tg.Account.Secret},
			Region:         tg.Region,
			Endpoint:       tg.Endpoint,
			AccountID:      tg.Account.ID,
			CallsPerMinute: -1,
		})
	case peering.AlibabaENS:
		return alibabaens.New(alibabaens.Options{
			Credentials: alibabaens.Credentials{AccessKeyID: tg.Account.AccessKeyID, AccessKeySecret: tg.Account.Secret},
			Endpoint:    tg.Endpoint,
			AccountID:   tg.Account.ID,
		})
	}
	return baidu.New(baidu.Options{
		Credentials: baidu.Credentials{AccessKeyID: tg.Account.AccessKeyID, SecretAccessKey: tg.Account.Secret},
		Region:      tg.Region,
		Endpoint:    tg.Endpoint,
		AccountID:   tg.Account.ID,
	})
}
