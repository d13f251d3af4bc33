package baidu

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/peeringtest"
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

// fuzzStatuses are the statuses a BCE endpoint answers with.
var fuzzStatuses = peeringtest.Statuses{200, 400, 403, 404, 409, 412, 429, 500, 503}

// fuzzContract: every error coded (Unknown included: the table covers
// every status), the secret never shown.
var fuzzContract = peeringtest.Contract{Provider: peering.Baidu, Secret: fuzzSecret}

// fuzzClient returns a client whose every request gets a canned answer:
// the VPC API gets vpcBody, everything else body. One attempt per call: a
// retry would only sleep and ask again.
func fuzzClient(t *testing.T, status byte, body []byte, vpcStatus byte, vpcBody []byte) *Client {
	t.Helper()
	header := http.Header{"Content-Type": {contentType}, "X-Bce-Request-Id": {"fuzz-request"}}
	peer := peeringtest.Canned{Status: fuzzStatuses.Pick(status), Header: header, Body: body}
	vpc := peeringtest.Canned{Status: fuzzStatuses.Pick(vpcStatus), Header: header, Body: vpcBody}
	tr := peeringtest.CannedTransport(func(r *http.Request) peeringtest.Canned {
		if strings.HasPrefix(r.URL.Path, "/v1/vpc/") {
			return vpc
		}
		return peer
	})
	return peeringtest.Client(t, New, Options{
		Credentials: Credentials{AccessKeyID: "ak-fuzz", SecretAccessKey: fuzzSecret},
		Region:      "bj",
		Endpoint:    "http://127.0.0.1:9",
		HTTPClient:  &http.Client{Transport: tr},
		AccountID:   "acct-fuzz",
		MaxAttempts: 1,
	})
}

// addFuzzSeeds adds the documents' example answers, a generated page and a
// few edge cases, each with the VPC example as the look-up answer.
func addFuzzSeeds(f *testing.F, names ...string) {
	vpc := []byte(`{"vpc":{"vpcId":"vpc-13vuxu016dew","cidr":"192.168.0.0/16","ipv6Cidr":"240c:4081:8002:d800::/56","secondaryCidr":["10.1.0.0/24"]}}`)
	for _, name := range names {
		f.Add(byte(0), peeringtest.ReadFixture(f, name), byte(0), vpc)
	}
	f.Add(byte(0), pageJSON(3), byte(0), vpc)
	f.Add(byte(0), []byte(`{"peerConns":[],"isTruncated":false}`), byte(0), vpc)
	f.Add(byte(0), []byte(``), byte(0), vpc)
	f.Add(byte(0), []byte(`{"peerConnId":"peerconn-x","status":"active","createdTime":"2018-08-07 19:46:55"}`), byte(3), []byte(`{"code":"NoSuchObject"}`))
	f.Add(byte(3), []byte(`{"requestId":"r","code":"NoSuchObject","message":"no such peering"}`), byte(0), vpc)
	f.Add(byte(6), []byte(`<html>busy</html>`), byte(0), vpc)
}

// FuzzListPage: whatever the answers, ListPage returns a page of valid
// model values whose token carries a marker, or a coded error that shows
// no secret.
func FuzzListPage(f *testing.F) {
	addFuzzSeeds(f, "list-response.seed000.fixed-missing-comma-and-trailing-comma.json", "list-response.seed000.original.txt")
	f.Fuzz(func(t *testing.T, status byte, body []byte, vpcStatus byte, vpcBody []byte) {
		page, err := fuzzClient(t, status, body, vpcStatus, vpcBody).ListPage(context.Background(), peering.Filter{}, "")
		fuzzContract.CheckListPage(t, fuzzStatuses.Pick(status), page, err, func(next string) error {
			m, err := decodeToken(next)
			if err == nil && m == "" {
				err = errors.New("no marker")
			}
			return err
		})
	})
}

// FuzzGet: whatever the answers, Get returns one valid connection or a
// coded error that shows no secret.
func FuzzGet(f *testing.F) {
	addFuzzSeeds(f, "get-response.seed003.fixed-missing-comma.json", "get-response.seed003.original.txt", "create-response.seed002.json")
	f.Fuzz(func(t *testing.T, status byte, body []byte, vpcStatus byte, vpcBody []byte) {
		conn, err := fuzzClient(t, status, body, vpcStatus, vpcBody).Get(context.Background(), "peerconn-fuzz")
		fuzzContract.CheckGet(t, conn, err, "")
	})
}
