package alibabavpc

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/peeringtest"
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

// fuzzStatuses are the statuses the API answers with.
var fuzzStatuses = peeringtest.Statuses{200, 400, 403, 404, 409, 429, 500, 503}

// fuzzContract: Unknown is allowed only where Classify documents it, an
// HTTP 400 whose code is in no rule of the table.
var fuzzContract = peeringtest.Contract{Provider: peering.AlibabaVPC, Secret: fuzzSecret, UnknownOn400: true}

// fuzzClient returns a client whose every request gets the canned answer:
// one attempt per call (a retry would only sleep and ask again) and no
// client-side rate limit.
func fuzzClient(t *testing.T, status byte, body []byte) *Client {
	t.Helper()
	return peeringtest.Client(t, New, Options{
		Credentials:    Credentials{AccessKeyID: "LTAIfuzz", AccessKeySecret: fuzzSecret},
		Region:         "cn-hangzhou",
		Endpoint:       "http://127.0.0.1:9",
		AccountID:      fuzzAccount,
		MaxAttempts:    1,
		CallsPerMinute: -1,
		Transport:      peeringtest.Always(peeringtest.Canned{Status: fuzzStatuses.Pick(status), Body: body}),
	})
}

// addFuzzSeeds adds the document's example answer, its first record alone
// (the shape of GetVpcPeerConnectionAttribute), an error body and edge cases.
func addFuzzSeeds(f *testing.F) {
	for _, name := range []string{"list_vpc_peer_connections_seed001.json", "list_vpc_peer_connections_seed001_exact_owner_id.json"} {
		b := peeringtest.ReadFixture(f, name)
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
// values whose token carries a NextToken, or a coded error that shows no
// secret.
func FuzzListPage(f *testing.F) {
	addFuzzSeeds(f)
	f.Fuzz(func(t *testing.T, status byte, body []byte) {
		page, err := fuzzClient(t, status, body).ListPage(context.Background(), peering.Filter{}, "")
		fuzzContract.CheckListPage(t, fuzzStatuses.Pick(status), page, err, func(token string) error {
			next, err := decodeToken(token)
			if err == nil && next == "" {
				err = errors.New("no NextToken")
			}
			return err
		})
	})
}

// FuzzGet: whatever the answer, Get returns one valid connection or a coded
// error that shows no secret.
func FuzzGet(f *testing.F) {
	addFuzzSeeds(f)
	f.Fuzz(func(t *testing.T, status byte, body []byte) {
		conn, err := fuzzClient(t, status, body).Get(context.Background(), "pcc-fuzz")
		fuzzContract.CheckGet(t, conn, err, "")
	})
}
