package peeringtest

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/peeringkit/peering"
)

// Canned is one HTTP answer of a [CannedTransport].
type Canned struct {
	Status int
	Header http.Header // nil: Content-Type application/json;charset=utf-8
	Body   []byte
}

// CannedTransport is an http.RoundTripper that answers every request with
// what the function returns for it, without touching the network, so that
// a fuzz target runs an adapter's whole reading path on arbitrary answers.
type CannedTransport func(*http.Request) Canned

// Always returns a transport that answers every request with c.
func Always(c Canned) CannedTransport {
	return func(*http.Request) Canned { return c }
}

// RoundTrip answers r. It closes the request body, as a transport must.
func (f CannedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_ = r.Body.Close()
	}
	a := f(r)
	h := a.Header.Clone()
	if h == nil {
		h = http.Header{"Content-Type": {"application/json;charset=utf-8"}}
	}
	return &http.Response{
		StatusCode:    a.Status,
		Status:        http.StatusText(a.Status),
		Header:        h,
		Body:          io.NopCloser(bytes.NewReader(a.Body)),
		ContentLength: int64(len(a.Body)),
		Request:       r,
	}, nil
}

// Statuses are the HTTP statuses an API answers with; a fuzzed byte picks
// one, so that error bodies are read under each.
type Statuses []int

// Pick returns the status byte b picks.
func (s Statuses) Pick(b byte) int { return s[int(b)%len(s)] }

// Contract is what a fuzz target holds an adapter's results to, whatever
// the answer: a coded error that shows no secret, or valid model values.
type Contract struct {
	Provider peering.Provider
	// Secret is the client's secret key: no error may show it.
	Secret string
	// UnknownOn400 allows the code Unknown for an HTTP 400 whose code is in
	// no rule of the adapter's table, where the adapter documents it.
	UnknownOn400 bool
	// NoBandwidth and NoRole say the API reports neither (ENS): every
	// connection must then have BandwidthUnknown and RoleUnknown.
	NoBandwidth, NoRole bool
}

// CheckError fails t unless err is a *peering.Error with a portable code
// (not OK; not Unknown but as UnknownOn400 allows) and no secret in its
// text.
func (c Contract) CheckError(t testing.TB, err error) {
	t.Helper()
	var pe *peering.Error
	if !errors.As(err, &pe) {
		t.Fatalf("error %T is not a *peering.Error: %v", err, err)
	}
	code := peering.Code(err)
	if code == peering.OK || code == peering.Unknown && !(c.UnknownOn400 && pe.HTTPStatus == http.StatusBadRequest) {
		t.Fatalf("error has code %v: %v", code, err)
	}
	if c.Secret != "" && strings.Contains(err.Error(), c.Secret) {
		t.Fatalf("error shows the secret: %v", err)
	}
}

// CheckConnection fails t when conn breaks a promise of the normalized
// model's values. An ID may be empty here: a record without one becomes a
// connection without an ID, which inventory.Collect refuses on its own.
func (c Contract) CheckConnection(t testing.TB, conn peering.Connection) {
	t.Helper()
	if conn.Provider != c.Provider {
		t.Fatalf("provider %q, want %q", conn.Provider, c.Provider)
	}
	if conn.ID != strings.TrimSpace(conn.ID) {
		t.Fatalf("ID %q is not trimmed", conn.ID)
	}
	if !conn.Status.Valid() {
		t.Fatalf("status %q is not in the enum", conn.Status)
	}
	switch {
	case c.NoBandwidth && conn.Bandwidth != peering.BandwidthUnknown:
		t.Fatalf("bandwidth %v; %s reports none", conn.Bandwidth, c.Provider)
	case !conn.Bandwidth.Valid():
		t.Fatalf("bandwidth %d is below -1", conn.Bandwidth)
	}
	switch {
	case c.NoRole && conn.Role != peering.RoleUnknown:
		t.Fatalf("role %q; %s records name no account", conn.Role, c.Provider)
	case conn.Role == peering.RoleRequester, conn.Role == peering.RoleAccepter, conn.Role == peering.RoleUnknown:
	default:
		t.Fatalf("role %q", conn.Role)
	}
	for _, ts := range []time.Time{conn.CreatedAt, conn.UpdatedAt, conn.TermEndsAt} {
		if !ts.IsZero() && ts.Location() != time.UTC {
			t.Fatalf("time %v is not in UTC", ts)
		}
	}
	for _, ep := range []peering.Endpoint{conn.Requester, conn.Accepter} {
		for _, p := range ep.IPv4CIDRs {
			if !p.IsValid() || !p.Addr().Is4() || p != p.Masked() {
				t.Fatalf("IPv4 block %v", p)
			}
		}
		for _, p := range ep.IPv6CIDRs {
			if !p.IsValid() || !p.Addr().Is6() || p != p.Masked() {
				t.Fatalf("IPv6 block %v", p)
			}
		}
	}
}

// CheckListPage checks what ListPage returned for an answer of HTTP
// status: a coded error (CheckError), or, for a 200 only, a page of valid
// connections whose Next, when there is one, next accepts (nil: any). It
// reports whether a page came back.
func (c Contract) CheckListPage(t testing.TB, status int, page peering.Page, err error, next func(token string) error) bool {
	t.Helper()
	if err != nil {
		c.CheckError(t, err)
		return false
	}
	if status != http.StatusOK {
		t.Fatalf("HTTP %d answered with a page", status)
	}
	for _, conn := range page.Connections {
		c.CheckConnection(t, conn)
	}
	if page.Next != "" && next != nil {
		if err := next(page.Next); err != nil {
			t.Fatalf("next token %q: %v", page.Next, err)
		}
	}
	return true
}

// CheckGet checks what Get returned: a coded error, or a valid connection
// with the ID id (or, id being "", with an ID).
func (c Contract) CheckGet(t testing.TB, conn peering.Connection, err error, id string) {
	t.Helper()
	if err != nil {
		c.CheckError(t, err)
		return
	}
	switch {
	case id == "" && conn.ID == "":
		t.Fatal("Get returned a connection without an ID")
	case id != "" && conn.ID != id:
		t.Fatalf("Get(%s) returned %q", id, conn.ID)
	}
	c.CheckConnection(t, conn)
}
