package alibabaens

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

// The fuzz targets feed arbitrary DescribeNetworkPeerConnections answers to
// the adapter through an HTTP transport that never touches the network, so
// that the whole reading path runs: the SDK's status and error-body
// handling, the error mapping, decoding (page fields as strings or
// numbers), the page arithmetic and normalization. Their seeds (the
// document's example) run with every `go test`; to search further:
//
//	go test -run='^$' -fuzz='^FuzzListPage$' -fuzztime=10m -fuzzminimizetime=5s ./providers/alibabaens/
//	go test -run='^$' -fuzz='^FuzzGet$' -fuzztime=10m -fuzzminimizetime=5s ./providers/alibabaens/
//
// -fuzzminimizetime bounds the shrinking of each new input (a minute by
// default), which with a slow target stalls the search.

// fuzzSecret is the client's AccessKey secret: no error may show it.
const fuzzSecret = "fuzzSecretfuzzSecretfuzzSecret"

// fuzzStatuses are the statuses the API answers with; a fuzzed byte picks
// one, so that error bodies are read under each.
var fuzzStatuses = []int{200, 400, 403, 404, 409, 429, 500, 503}

func fuzzStatus(b byte) int { return fuzzStatuses[int(b)%len(fuzzStatuses)] }

// cannedTransport answers every request with the same status and body.
type cannedTransport struct {
	status int
	body   []byte
}

func (t cannedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_ = r.Body.Close()
	}
	return &http.Response{
		StatusCode:    t.status,
		Status:        http.StatusText(t.status),
		Header:        http.Header{"Content-Type": {"application/json;charset=utf-8"}},
		Body:          io.NopCloser(bytes.NewReader(t.body)),
		ContentLength: int64(len(t.body)),
		Request:       r,
	}, nil
}

// fuzzClient returns a client whose every request gets the canned answer,
// with one attempt per call: a retry would only sleep and ask again.
func fuzzClient(t *testing.T, status byte, body []byte) *Client {
	t.Helper()
	c, err := New(Options{
		Credentials: Credentials{AccessKeyID: "LTAIfuzz", AccessKeySecret: fuzzSecret},
		Endpoint:    "http://127.0.0.1:9",
		MaxAttempts: 1,
		Transport:   cannedTransport{fuzzStatus(status), body},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// addFuzzSeeds adds the document's example answer, an error body and edge
// cases, each with a page size that slices and one that does not.
func addFuzzSeeds(f *testing.F) {
	example, err := os.ReadFile(filepath.Join("testdata", "describe_network_peer_connections_seed004.json"))
	if err != nil {
		f.Fatal(err)
	}
	for _, size := range []byte{0, 4} {
		f.Add(byte(0), example, size)
		f.Add(byte(0), []byte(`{"RequestId":"r","PageNumber":1,"PageSize":10,"TotalCount":0,"NetworkPeerConnects":[]}`), size)
		f.Add(byte(0), []byte(`{"TotalCount":"x"}`), size)
		f.Add(byte(1), []byte(`{"RequestId":"r","Code":"InvalidParameter","Message":"bad"}`), size)
		f.Add(byte(6), []byte(`{"RequestId":"r","Code":"ens.interface.error","Message":"busy"}`), size)
	}
}

// FuzzListPage: whatever the answer, ListPage returns at most the page size
// of valid model values, with a token that resumes further on, or a coded
// error that shows no secret.
func FuzzListPage(f *testing.F) {
	addFuzzSeeds(f)
	f.Fuzz(func(t *testing.T, status byte, body []byte, size byte) {
		want := int(size) % (MaxPageSize + 1) // 0 = the maximum
		page, err := fuzzClient(t, status, body).ListPage(context.Background(), peering.Filter{PageSize: want}, "")
		if err != nil {
			checkFuzzError(t, err)
			return
		}
		if fuzzStatus(status) != http.StatusOK {
			t.Fatalf("HTTP %d answered with a page", fuzzStatus(status))
		}
		if want == 0 {
			want = MaxPageSize
		}
		if len(page.Connections) > want {
			t.Fatalf("%d connections on a page of %d", len(page.Connections), want)
		}
		for _, conn := range page.Connections {
			checkFuzzModel(t, conn)
		}
		if page.Next != "" {
			if off, _, err := decodeToken(page.Next); err != nil || off == 0 {
				t.Fatalf("next token %q does not move the walk on: offset %d, %v", page.Next, off, err)
			}
		}
	})
}

// FuzzGet: whatever the answer, Get returns the connection asked for, valid,
// or a coded error that shows no secret.
func FuzzGet(f *testing.F) {
	addFuzzSeeds(f)
	f.Fuzz(func(t *testing.T, status byte, body []byte, _ byte) {
		const id = "pcc-521pzxdg****" // the example's, so that the seed finds it
		conn, err := fuzzClient(t, status, body).Get(context.Background(), id)
		if err != nil {
			checkFuzzError(t, err)
			return
		}
		if conn.ID != id {
			t.Fatalf("Get(%s) returned %q", id, conn.ID)
		}
		checkFuzzModel(t, conn)
	})
}

// checkFuzzError fails t unless err is a *peering.Error with a code and no
// secret in its text. Unknown is allowed only where the error mapping
// documents it: an HTTP 400 whose code is in no rule of its table.
func checkFuzzError(t *testing.T, err error) {
	t.Helper()
	var pe *peering.Error
	if !errors.As(err, &pe) {
		t.Fatalf("error %T is not a *peering.Error: %v", err, err)
	}
	if code := peering.Code(err); code == peering.OK || code == peering.Unknown && pe.HTTPStatus != http.StatusBadRequest {
		t.Fatalf("error has code %v: %v", code, err)
	}
	if strings.Contains(err.Error(), fuzzSecret) {
		t.Fatalf("error shows the secret: %v", err)
	}
}

// checkFuzzModel fails t when c breaks a promise of the normalized model's
// values. An ID may be empty here: a record without InstanceId becomes a
// connection without an ID, which inventory.Collect refuses on its own.
// ENS reports no bandwidth and names no account.
func checkFuzzModel(t *testing.T, c peering.Connection) {
	t.Helper()
	if c.Provider != peering.AlibabaENS {
		t.Fatalf("provider %q", c.Provider)
	}
	if c.ID != strings.TrimSpace(c.ID) {
		t.Fatalf("ID %q is not trimmed", c.ID)
	}
	if !c.Status.Valid() {
		t.Fatalf("status %q is not in the enum", c.Status)
	}
	if c.Bandwidth != peering.BandwidthUnknown {
		t.Fatalf("bandwidth %v; ENS reports none", c.Bandwidth)
	}
	if c.Role != peering.RoleUnknown {
		t.Fatalf("role %q; ENS records name no account", c.Role)
	}
	if !c.CreatedAt.IsZero() && c.CreatedAt.Location() != time.UTC {
		t.Fatalf("time %v is not in UTC", c.CreatedAt)
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
