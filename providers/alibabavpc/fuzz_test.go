package alibabavpc

import (
	"bytes"
	"context"
	"encoding/json"
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
// runs: the SDK's status and error-body handling, the error mapping, the
// decoding of the body and normalization. Their seeds (the document's
// example) run with every `go test`; to search further:
//
//	go test -run='^$' -fuzz='^FuzzListPage$' -fuzztime=10m -fuzzminimizetime=5s ./providers/alibabavpc/
//	go test -run='^$' -fuzz='^FuzzGet$' -fuzztime=10m -fuzzminimizetime=5s ./providers/alibabavpc/
//
// -fuzzminimizetime bounds the shrinking of each new input (a minute by
// default), which with a slow target stalls the search.

// fuzzSecret is the client's AccessKey secret: no error may show it.
const fuzzSecret = "fuzzSecretfuzzSecretfuzzSecret"

// fuzzAccount is the caller's UID, the example's owner, so that roles are
// decided.
const fuzzAccount = "253460731706911258"

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

// fuzzClient returns a client whose every request gets the canned answer:
// one attempt per call (a retry would only sleep and ask again) and no
// client-side rate limit.
func fuzzClient(t *testing.T, status byte, body []byte) *Client {
	t.Helper()
	c, err := New(Options{
		Credentials:    Credentials{AccessKeyID: "LTAIfuzz", AccessKeySecret: fuzzSecret},
		Region:         "cn-hangzhou",
		Endpoint:       "http://127.0.0.1:9",
		AccountID:      fuzzAccount,
		MaxAttempts:    1,
		CallsPerMinute: -1,
		Transport:      cannedTransport{fuzzStatus(status), body},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// addFuzzSeeds adds the document's example answer, its first record alone
// (the shape of GetVpcPeerConnectionAttribute), an error body and edge cases.
func addFuzzSeeds(f *testing.F) {
	for _, name := range []string{"list_vpc_peer_connections_seed001.json", "list_vpc_peer_connections_seed001_exact_owner_id.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(byte(0), b)
		var ans struct{ VpcPeerConnects []json.RawMessage }
		if err := json.Unmarshal(b, &ans); err != nil || len(ans.VpcPeerConnects) == 0 {
			f.Fatalf("%s: no record: %v", name, err)
		}
		f.Add(byte(0), []byte(ans.VpcPeerConnects[0]))
	}
	f.Add(byte(0), []byte(`{"RequestId":"r","TotalCount":0,"VpcPeerConnects":[]}`))
	f.Add(byte(0), []byte(`{}`))
	f.Add(byte(1), []byte(`{"RequestId":"r","HostId":"vpcpeer.aliyuncs.com","Code":"Throttling.User","Message":"Request was denied due to request throttling.","Recommend":""}`))
	f.Add(byte(3), []byte(`{"RequestId":"r","Code":"ResourceNotFound.InstanceId","Message":"The specified resource is not found."}`))
	f.Add(byte(6), []byte(`<html>bad gateway</html>`))
}

// FuzzListPage: whatever the answer, ListPage returns a page of valid model
// values or a coded error that shows no secret.
func FuzzListPage(f *testing.F) {
	addFuzzSeeds(f)
	f.Fuzz(func(t *testing.T, status byte, body []byte) {
		page, err := fuzzClient(t, status, body).ListPage(context.Background(), peering.Filter{}, "")
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
			if next, err := decodeToken(page.Next); err != nil || next == "" {
				t.Fatalf("next token %q does not decode to a NextToken: %v", page.Next, err)
			}
		}
	})
}

// FuzzGet: whatever the answer, Get returns one valid connection or a coded
// error that shows no secret.
func FuzzGet(f *testing.F) {
	addFuzzSeeds(f)
	f.Fuzz(func(t *testing.T, status byte, body []byte) {
		conn, err := fuzzClient(t, status, body).Get(context.Background(), "pcc-fuzz")
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

// checkFuzzError fails t unless err is a *peering.Error with a code and no
// secret in its text. Unknown is allowed only where Classify documents it:
// an HTTP 400 whose code is in no rule of the table.
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
func checkFuzzModel(t *testing.T, c peering.Connection) {
	t.Helper()
	if c.Provider != peering.AlibabaVPC {
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
