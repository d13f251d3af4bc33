package baidu

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/peeringkit/peering"
)

// The fuzz targets feed arbitrary answers to the adapter through an HTTP
// transport that never touches the network, so that the whole reading path
// runs: status and error body classification, stream decoding, the page's
// own consistency checks, normalization, and the VPC look-ups that fill CIDR
// blocks. Their seeds (the documents' examples and a benchmark page) run
// with every `go test`; to search further:
//
//	go test -run='^$' -fuzz='^FuzzListPage$' -fuzztime=10m -fuzzminimizetime=5s ./providers/baidu/
//	go test -run='^$' -fuzz='^FuzzGet$' -fuzztime=10m -fuzzminimizetime=5s ./providers/baidu/
//
// -fuzzminimizetime bounds the shrinking of each new input (a minute by
// default), which with a slow target stalls the search.

// fuzzSecret is the client's secret key: no error may show it.
const fuzzSecret = "sk-fuzz-0123456789abcdef"

// fuzzStatuses are the statuses a BCE endpoint answers with; a fuzzed byte
// picks one, so that error bodies are read under each.
var fuzzStatuses = []int{200, 400, 403, 404, 409, 412, 429, 500, 503}

// canned is one answer of cannedTransport.
type canned struct {
	status int
	body   []byte
}

// cannedTransport answers the VPC API with vpc and everything else with
// peer, whatever the request.
type cannedTransport struct{ peer, vpc canned }

func (t cannedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	a := t.peer
	if strings.HasPrefix(r.URL.Path, "/v1/vpc/") {
		a = t.vpc
	}
	return &http.Response{
		StatusCode:    a.status,
		Status:        http.StatusText(a.status),
		Header:        http.Header{"Content-Type": {contentType}, "X-Bce-Request-Id": {"fuzz-request"}},
		Body:          io.NopCloser(bytes.NewReader(a.body)),
		ContentLength: int64(len(a.body)),
		Request:       r,
	}, nil
}

// fuzzClient returns a client whose every request gets a canned answer.
// One attempt per call: a retry would only sleep and ask again.
func fuzzClient(t *testing.T, status byte, body []byte, vpcStatus byte, vpcBody []byte) *Client {
	t.Helper()
	tr := cannedTransport{
		peer: canned{fuzzStatus(status), body},
		vpc:  canned{fuzzStatus(vpcStatus), vpcBody},
	}
	c, err := New(Options{
		Credentials: Credentials{AccessKeyID: "ak-fuzz", SecretAccessKey: fuzzSecret},
		Region:      "bj",
		Endpoint:    "http://127.0.0.1:9",
		HTTPClient:  &http.Client{Transport: tr},
		AccountID:   "acct-fuzz",
		MaxAttempts: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// addFuzzSeeds adds the documents' example answers, a generated page and a
// few edge cases, each with the VPC example as the look-up answer.
func addFuzzSeeds(f *testing.F, names ...string) {
	vpc := []byte(`{"vpc":{"vpcId":"vpc-13vuxu016dew","cidr":"192.168.0.0/16","ipv6Cidr":"240c:4081:8002:d800::/56","secondaryCidr":["10.1.0.0/24"]}}`)
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(byte(0), b, byte(0), vpc)
	}
	f.Add(byte(0), pageJSON(3), byte(0), vpc)
	f.Add(byte(0), []byte(`{"peerConns":[],"isTruncated":false}`), byte(0), vpc)
	f.Add(byte(0), []byte(``), byte(0), vpc)
	f.Add(byte(0), []byte(`{"peerConnId":"peerconn-x","status":"active","createdTime":"2018-08-07 19:46:55"}`), byte(3), []byte(`{"code":"NoSuchObject"}`))
	f.Add(byte(3), []byte(`{"requestId":"r","code":"NoSuchObject","message":"no such peering"}`), byte(0), vpc)
	f.Add(byte(6), []byte(`<html>busy</html>`), byte(0), vpc)
}

// FuzzListPage: whatever the answers, ListPage returns a page of valid
// model values or a coded error that shows no secret.
func FuzzListPage(f *testing.F) {
	addFuzzSeeds(f, "list-response.seed000.fixed-missing-comma-and-trailing-comma.json", "list-response.seed000.original.txt")
	f.Fuzz(func(t *testing.T, status byte, body []byte, vpcStatus byte, vpcBody []byte) {
		c := fuzzClient(t, status, body, vpcStatus, vpcBody)
		page, err := c.ListPage(context.Background(), peering.Filter{}, "")
		if err != nil {
			checkFuzzError(t, err)
			return
		}
		if fuzzStatus(status) != http.StatusOK {
			t.Fatalf("HTTP %d answered with a page", fuzzStatus(status))
		}
		for _, conn := range page.Connections {
			checkFuzzModel(t, conn)
		}
		if page.Next != "" {
			if m, err := decodeToken(page.Next); err != nil || m == "" {
				t.Fatalf("next token %q does not decode to a marker: %v", page.Next, err)
			}
		}
	})
}

// FuzzGet: whatever the answers, Get returns one valid connection or a
// coded error that shows no secret.
func FuzzGet(f *testing.F) {
	addFuzzSeeds(f, "get-response.seed003.fixed-missing-comma.json", "get-response.seed003.original.txt", "create-response.seed002.json")
	f.Fuzz(func(t *testing.T, status byte, body []byte, vpcStatus byte, vpcBody []byte) {
		c := fuzzClient(t, status, body, vpcStatus, vpcBody)
		conn, err := c.Get(context.Background(), "peerconn-fuzz")
		if err != nil {
			checkFuzzError(t, err)
			return
		}
		if conn.ID == "" {
			t.Fatal("Get returned a connection without an ID")
		}
		checkFuzzModel(t, conn)
	})
}

// fuzzStatus is the status a fuzzed byte picks.
func fuzzStatus(b byte) int { return fuzzStatuses[int(b)%len(fuzzStatuses)] }

// checkFuzzError fails t unless err is a *peering.Error with a portable
// code and no secret in its text.
func checkFuzzError(t *testing.T, err error) {
	t.Helper()
	var pe *peering.Error
	if !errors.As(err, &pe) {
		t.Fatalf("error %T is not a *peering.Error: %v", err, err)
	}
	if code := peering.Code(err); code == peering.OK || code == peering.Unknown {
		t.Fatalf("error has code %v: %v", code, err)
	}
	if strings.Contains(err.Error(), fuzzSecret) {
		t.Fatalf("error shows the secret key: %v", err)
	}
}

// checkFuzzModel fails t when c breaks a promise of the normalized model's
// values. An ID may be empty here: a list record without peerConnId becomes
// a connection without an ID, which inventory.Collect refuses on its own.
func checkFuzzModel(t *testing.T, c peering.Connection) {
	t.Helper()
	if c.Provider != peering.Baidu {
		t.Fatalf("provider %q", c.Provider)
	}
	if c.ID != strings.TrimSpace(c.ID) {
		t.Fatalf("ID %q is not trimmed", c.ID)
	}
	if !c.Status.Valid() {
		t.Fatalf("status %q is not in the enum", c.Status)
	}
	if !c.Bandwidth.Valid() {
		t.Fatalf("bandwidth %d is below -1", c.Bandwidth)
	}
	switch c.Role {
	case peering.RoleInitiator, peering.RoleAcceptor, peering.RoleUnknown:
	default:
		t.Fatalf("role %q", c.Role)
	}
	for _, ts := range []time.Time{c.CreatedAt, c.UpdatedAt, c.ExpiresAt} {
		if !ts.IsZero() && ts.Location() != time.UTC {
			t.Fatalf("time %v is not in UTC", ts)
		}
	}
	for _, ep := range []peering.Endpoint{c.Local, c.Peer} {
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
