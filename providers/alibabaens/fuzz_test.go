package alibabaens

import (
	"context"
	"errors"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/peeringtest"
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

// fuzzStatuses are the statuses the API answers with.
var fuzzStatuses = peeringtest.Statuses{200, 400, 403, 404, 409, 429, 500, 503}

// fuzzContract: Unknown is allowed only where the error mapping documents
// it, an HTTP 400 whose code is in no rule of its table; ENS reports no
// bandwidth. (Its records name no account, but the caller's account owns
// both ends, so Role is requester: see connection.)
var fuzzContract = peeringtest.Contract{Provider: peering.AlibabaENS, Secret: fuzzSecret, UnknownOn400: true, NoBandwidth: true}

// fuzzClient returns a client whose every request gets the canned answer,
// with one attempt per call: a retry would only sleep and ask again.
func fuzzClient(t *testing.T, status byte, body []byte) *Client {
	t.Helper()
	return peeringtest.Client(t, New, Options{
		Credentials: Credentials{AccessKeyID: "LTAIfuzz", AccessKeySecret: fuzzSecret},
		Endpoint:    "http://127.0.0.1:9",
		MaxAttempts: 1,
		Transport:   peeringtest.Always(peeringtest.Canned{Status: fuzzStatuses.Pick(status), Body: body}),
	})
}

// addFuzzSeeds adds the document's example answer, an error body and edge
// cases, each with a page size that slices and one that does not.
func addFuzzSeeds(f *testing.F) {
	example := peeringtest.ReadFixture(f, "describe_network_peer_connections_seed004.json")
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
		ok := fuzzContract.CheckListPage(t, fuzzStatuses.Pick(status), page, err, func(token string) error {
			off, _, err := decodeToken(token)
			if err == nil && off == 0 {
				err = errors.New("offset 0 does not move the walk on")
			}
			return err
		})
		if want == 0 {
			want = MaxPageSize
		}
		if ok && len(page.Connections) > want {
			t.Fatalf("%d connections on a page of %d", len(page.Connections), want)
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
		fuzzContract.CheckGet(t, conn, err, id)
	})
}
