package peeringtest_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/emulator/fault"
	"github.com/peeringkit/peering/internal/peeringtest"
	"github.com/peeringkit/peering/normalize"
	"github.com/peeringkit/peering/providers/baidu"
)

// recorder is a testing.TB that records failures instead of failing the
// test, so that a helper can be shown to fail where it must. Fatal ends
// the helper's goroutine, as it does in a real test.
type recorder struct {
	testing.TB
	failures []string
	fatal    bool
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}
func (r *recorder) Error(args ...any) { r.failures = append(r.failures, fmt.Sprint(args...)) }
func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	r.fatal = true
	runtime.Goexit()
}
func (r *recorder) Fatal(args ...any) {
	r.Error(args...)
	r.fatal = true
	runtime.Goexit()
}

// record runs fn with a recorder and returns what it recorded.
func record(t *testing.T, fn func(tb testing.TB)) *recorder {
	t.Helper()
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(r)
	}()
	<-done
	return r
}

func TestCannedTransport(t *testing.T) {
	body := io.NopCloser(strings.NewReader("request"))
	closed := &closeCounter{ReadCloser: body}
	req, err := http.NewRequest(http.MethodPost, "http://127.0.0.1:9/v1/vpc/x", closed)
	if err != nil {
		t.Fatal(err)
	}
	tr := peeringtest.CannedTransport(func(r *http.Request) peeringtest.Canned {
		if strings.HasPrefix(r.URL.Path, "/v1/vpc/") {
			return peeringtest.Canned{Status: 404, Header: http.Header{"X-Id": {"1"}}, Body: []byte("vpc")}
		}
		return peeringtest.Canned{Status: 200, Body: []byte("peer")}
	})
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 404 || string(got) != "vpc" || resp.Header.Get("X-Id") != "1" || resp.ContentLength != 3 || resp.Request != req {
		t.Errorf("routed answer: %d %q %v %d", resp.StatusCode, got, resp.Header, resp.ContentLength)
	}
	if closed.n != 1 {
		t.Errorf("request body closed %d times, want 1", closed.n)
	}
	req.URL.Path = "/v1/peerconn"
	req.Body = nil
	resp, _ = peeringtest.Always(peeringtest.Canned{Status: 503, Body: []byte("busy")}).RoundTrip(req)
	got, _ = io.ReadAll(resp.Body)
	if resp.StatusCode != 503 || string(got) != "busy" || resp.Header.Get("Content-Type") != "application/json;charset=utf-8" {
		t.Errorf("Always: %d %q %v", resp.StatusCode, got, resp.Header)
	}
	if s := (peeringtest.Statuses{200, 400, 500}); s.Pick(0) != 200 || s.Pick(4) != 400 || s.Pick(255) != 200 {
		t.Errorf("Pick: %d %d %d", s.Pick(0), s.Pick(4), s.Pick(255))
	}
}

type closeCounter struct {
	io.ReadCloser
	n int
}

func (c *closeCounter) Close() error { c.n++; return c.ReadCloser.Close() }

func TestContractCheckError(t *testing.T) {
	const secret = "s3cr3t-value"
	loose := peeringtest.Contract{Provider: peering.AlibabaVPC, Secret: secret, UnknownOn400: true}
	strict := peeringtest.Contract{Provider: peering.Baidu, Secret: secret}
	coded := func(code peering.ErrorCode, status int, msg string) error {
		return &peering.Error{Code: code, Provider: peering.Baidu, Op: "Get", HTTPStatus: status, Message: msg}
	}
	for _, tc := range []struct {
		name   string
		c      peeringtest.Contract
		err    error
		passes bool
	}{
		{"a coded error", strict, coded(peering.NotFound, 404, "gone"), true},
		{"not a *peering.Error", strict, errors.New("plain"), false},
		{"wrapped is fine", strict, fmt.Errorf("ctx: %w", coded(peering.Unavailable, 503, "busy")), true},
		{"Unknown", strict, coded(peering.Unknown, 400, "odd"), false},
		{"Unknown on a 400 where allowed", loose, coded(peering.Unknown, 400, "odd"), true},
		{"Unknown on a 500 where 400 is allowed", loose, coded(peering.Unknown, 500, "odd"), false},
		{"the secret in the text", strict, coded(peering.Internal, 500, "key "+secret), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := record(t, func(tb testing.TB) { tc.c.CheckError(tb, tc.err) })
			if tc.passes == r.fatal {
				t.Errorf("passes = %v, want %v: %v", !r.fatal, tc.passes, r.failures)
			}
		})
	}
}

func TestContractCheckConnection(t *testing.T) {
	good := peering.Connection{
		Provider: peering.AlibabaVPC, ID: "pcc-1", Status: peering.StatusActive, Bandwidth: 1024, Role: peering.RoleRequester,
		CreatedAt: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		Requester: peering.Endpoint{IPv4CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}, IPv6CIDRs: []netip.Prefix{netip.MustParsePrefix("2408:4000::/56")}},
	}
	vpc := peeringtest.Contract{Provider: peering.AlibabaVPC}
	ens := peeringtest.Contract{Provider: peering.AlibabaVPC, NoBandwidth: true, NoRole: true}
	for _, tc := range []struct {
		name   string
		c      peeringtest.Contract
		change func(*peering.Connection)
		passes bool
	}{
		{"valid", vpc, func(*peering.Connection) {}, true},
		{"no ID", vpc, func(c *peering.Connection) { c.ID = "" }, true},
		{"another provider", vpc, func(c *peering.Connection) { c.Provider = peering.Baidu }, false},
		{"untrimmed ID", vpc, func(c *peering.Connection) { c.ID = "pcc-1\n" }, false},
		{"status out of the enum", vpc, func(c *peering.Connection) { c.Status = "busy" }, false},
		{"bandwidth below -1", vpc, func(c *peering.Connection) { c.Bandwidth = -2 }, false},
		{"bandwidth where none is reported", ens, func(c *peering.Connection) { c.Role = peering.RoleUnknown }, false},
		{"no bandwidth, no role", ens, func(c *peering.Connection) { c.Bandwidth, c.Role = peering.BandwidthUnknown, peering.RoleUnknown }, true},
		{"a role where none is named", ens, func(c *peering.Connection) { c.Bandwidth = peering.BandwidthUnknown }, false},
		{"role out of the enum", vpc, func(c *peering.Connection) { c.Role = "owner" }, false},
		{"time not in UTC", vpc, func(c *peering.Connection) {
			c.TermEndsAt = time.Date(2024, 1, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))
		}, false},
		{"IPv4 block not masked", vpc, func(c *peering.Connection) {
			c.Accepter.IPv4CIDRs = []netip.Prefix{netip.MustParsePrefix("10.0.0.1/16")}
		}, false},
		{"IPv6 block among IPv4", vpc, func(c *peering.Connection) { c.Accepter.IPv4CIDRs = good.Requester.IPv6CIDRs }, false},
		{"IPv4 block among IPv6", vpc, func(c *peering.Connection) { c.Accepter.IPv6CIDRs = good.Requester.IPv4CIDRs }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conn := good
			tc.change(&conn)
			r := record(t, func(tb testing.TB) { tc.c.CheckConnection(tb, conn) })
			if tc.passes == r.fatal {
				t.Errorf("passes = %v, want %v: %v", !r.fatal, tc.passes, r.failures)
			}
		})
	}
}

func TestContractCheckListPageAndGet(t *testing.T) {
	c := peeringtest.Contract{Provider: peering.Baidu}
	page := peering.Page{Connections: []peering.Connection{{Provider: peering.Baidu, ID: "a", Status: peering.StatusActive, Role: peering.RoleUnknown}}, Next: "tok"}
	refuse := func(string) error { return errors.New("does not decode") }
	for _, tc := range []struct {
		name     string
		status   int
		page     peering.Page
		err      error
		next     func(string) error
		passes   bool
		returned bool
	}{
		{"a page", 200, page, nil, nil, true, true},
		{"a page for an error status", 500, page, nil, nil, false, false},
		{"a token that does not decode", 200, page, nil, refuse, false, false},
		{"a coded error", 500, peering.Page{}, &peering.Error{Code: peering.Unavailable}, nil, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var returned bool
			r := record(t, func(tb testing.TB) { returned = c.CheckListPage(tb, tc.status, tc.page, tc.err, tc.next) })
			if tc.passes == r.fatal || returned != tc.returned {
				t.Errorf("passes = %v, returned %v; want %v, %v: %v", !r.fatal, returned, tc.passes, tc.returned, r.failures)
			}
		})
	}
	for _, tc := range []struct {
		name   string
		id     string
		conn   peering.Connection
		passes bool
	}{
		{"any ID", "", page.Connections[0], true},
		{"no ID", "", peering.Connection{Provider: peering.Baidu, Status: peering.StatusActive, Role: peering.RoleUnknown}, false},
		{"the ID asked for", "a", page.Connections[0], true},
		{"another ID", "b", page.Connections[0], false},
	} {
		t.Run("Get/"+tc.name, func(t *testing.T) {
			r := record(t, func(tb testing.TB) { c.CheckGet(tb, tc.conn, nil, tc.id) })
			if tc.passes == r.fatal {
				t.Errorf("passes = %v, want %v: %v", !r.fatal, tc.passes, r.failures)
			}
		})
	}
}

func TestFieldsAndPrefixes(t *testing.T) {
	r := record(t, func(tb testing.TB) {
		peeringtest.Fields(tb, "pcc-1", peeringtest.Field{"Name", "a", "a"}, peeringtest.Field{"Tags", map[string]string{}, map[string]string(nil)},
			peeringtest.Field{"Bandwidth", 5, 6})
	})
	if len(r.failures) != 2 || !strings.HasPrefix(r.failures[0], "pcc-1 Tags = ") || !strings.HasPrefix(r.failures[1], "pcc-1 Bandwidth = 5") {
		t.Errorf("failures %q: want Tags (empty is not nil) and Bandwidth", r.failures)
	}
	got := peeringtest.Prefixes(t, "10.0.0.1/16", "2408:4000::1/56")
	if len(got) != 2 || got[0] != netip.MustParsePrefix("10.0.0.0/16") || got[1] != netip.MustParsePrefix("2408:4000::/56") {
		t.Errorf("Prefixes = %v", got)
	}
	if peeringtest.Prefixes(t) != nil {
		t.Error("no blocks should be nil, as the adapters leave them")
	}
	if r := record(t, func(tb testing.TB) { peeringtest.Prefixes(tb, "10.300.0.0/16") }); !r.fatal {
		t.Error("a block that does not parse passed")
	}
}

func TestPairs(t *testing.T) {
	for _, tc := range []struct{ n, pool int }{{0, 2}, {1, 2}, {2, 3}, {3, 3}, {4, 4}, {45, 10}, {46, 11}} {
		if got := peeringtest.PoolFor(tc.n); got != tc.pool {
			t.Errorf("PoolFor(%d) = %d, want %d", tc.n, got, tc.pool)
		}
		pool := make([]string, tc.pool)
		for i := range pool {
			pool[i] = fmt.Sprint(i)
		}
		pairs := peeringtest.Pairs(pool, tc.n)
		seen := map[[2]string]bool{}
		for _, p := range pairs {
			if p[0] == p[1] || seen[p] || seen[[2]string{p[1], p[0]}] {
				t.Errorf("n %d: pair %v repeats or joins a network to itself", tc.n, p)
			}
			seen[p] = true
		}
		if len(pairs) != tc.n {
			t.Errorf("Pairs(%d) made %d", tc.n, len(pairs))
		}
	}
}

// Walk, CollectOnce and SameIDs against the Baidu adapter and the
// emulator: a whole listing passes; a connection served again several
// pages later (the emulator's repeat-later fault) is caught by Walk, which
// sees raw pages.
func TestListingHelpers(t *testing.T) {
	srv := peeringtest.FrozenEmulator(t, emulator.Options{Seed: 3, BaiduRegions: []string{"bj"}})
	a := peeringtest.Account(t, srv, "baidu-a")
	c := peeringtest.Client(t, baidu.New, baidu.Options{
		Credentials: baidu.Credentials{AccessKeyID: a.AccessKeyID, SecretAccessKey: a.Secret},
		Region:      "bj", Endpoint: srv.BaiduEndpoint("bj"), AccountID: a.ID,
	})
	ids, err := srv.Baidu.Seed(a.ID, "bj", 30)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	got, pages := peeringtest.Walk(t, c, peering.Filter{PageSize: 4})
	peeringtest.SameIDs(t, got, want)
	if pages != 8 {
		t.Errorf("%d pages of 4 for 30 connections", pages)
	}
	peeringtest.SameIDs(t, peeringtest.CollectOnce(t, c, peering.Filter{}), want)

	r := record(t, func(tb testing.TB) {
		peeringtest.SameIDs(tb, got, map[string]bool{ids[0]: true, "peerconn-other": true})
	})
	if len(r.failures) != len(ids) { // 29 unexpected, 1 missing
		t.Errorf("SameIDs reported %d differences, want %d", len(r.failures), len(ids))
	}

	srv.Faults.Add(fault.Rule{Provider: "baidu", Kind: fault.RepeatLater, Count: 1, Lag: 3})
	r = record(t, func(tb testing.TB) { peeringtest.Walk(tb, c, peering.Filter{PageSize: 4}) })
	if len(r.failures) != 1 || !strings.Contains(r.failures[0], "repeats") {
		t.Errorf("Walk over a repeated connection reported %q", r.failures)
	}
}

func TestDecodesInOnePass(t *testing.T) {
	type end struct {
		ID  string
		Raw json.RawMessage
	}
	cases := []struct {
		name  string
		typ   reflect.Type
		fails int
	}{
		{"plain", reflect.TypeFor[struct {
			A string
			B []int
			C map[string]json.Number
			D *bool
			E []normalize.Tag
		}](), 0},
		{"nested unmarshaler", reflect.TypeFor[struct{ Ends []end }](), 1},
		{"pointer receiver", reflect.TypeFor[*struct{ T time.Time }](), 1},
		{"hidden from encoding/json", reflect.TypeFor[struct {
			Raw json.RawMessage `json:"-"`
			raw json.RawMessage
		}](), 0},
	}
	for _, tc := range cases {
		r := record(t, func(tb testing.TB) { peeringtest.DecodesInOnePass(tb, tc.typ) })
		if len(r.failures) != tc.fails {
			t.Errorf("%s: %d failures %q, want %d", tc.name, len(r.failures), r.failures, tc.fails)
		}
	}
}
