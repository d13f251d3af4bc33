package baidu

import (
	"reflect"
	"strings"
	"testing"

	"github.com/peeringkit/peering/internal/peeringtest"
)

// newListFast is a fresh listFast, as decodeListPage makes one.
func newListFast() *listFast {
	return &listFast{listResponse: &listResponse{}, PeerConns: make([]PeerConn, 0, 10)}
}

// readsAsUnmarshal holds readList to its contract on body and reports
// whether it took the page.
func readsAsUnmarshal(t testing.TB, body []byte) bool {
	t.Helper()
	return peeringtest.ReadsAsUnmarshal(t, body, newListFast, readList)
}

// readPages are the list examples of testdata, each mapped to whether
// readList must take it: all but the page with odd records and the
// document's original, which is no JSON.
var readPages = map[string]bool{
	"list-response.seed000.fixed-missing-comma-and-trailing-comma.json": true,
	"list-response.seed000.original.txt":                                false,
	"list-response.odd-records.page1.json":                              false,
	"list-response.odd-records.page2.json":                              true,
	peeringtest.DocserverFixture("baidu-list.seed000.json"):             true,
}

// TestReadListPages reads every list example both ways: readList takes
// the clean ones and reads them as json.Unmarshal does.
func TestReadListPages(t *testing.T) {
	for name, clean := range readPages {
		if got := readsAsUnmarshal(t, peeringtest.ReadFixture(t, name)); got != clean {
			t.Errorf("%s: read %v, want %v", name, got, clean)
		}
	}
}

// TestReaderFields holds the readers' member names to the types' own.
func TestReaderFields(t *testing.T) {
	peeringtest.ReaderFields(t, reflect.TypeFor[listFast](), listFields)
	peeringtest.ReaderFields(t, reflect.TypeFor[PeerConn](), connFields)
	peeringtest.ReaderFields(t, reflect.TypeFor[Tag](), tagFields)
}

// readBase is a clean page of one record, which readVariants alter.
const readBase = `{"peerConns":[{"peerConnId":"peerconn-1","role":"initiator","status":"active",` +
	`"bandwithInMbp":500,"description":"d","localVpcId":"vpc-1","localRegion":"bj","peerAccountId":"a",` +
	`"paymentTiming":"Postpaid","createdTime":"2018-08-07 19:46:55","expiredTime":"",` +
	`"tags":[{"tagKey":"k","tagValue":"v"}],"deleteProtect":false}],` +
	`"marker":"peerconn-1","isTruncated":true,"nextMarker":"peerconn-2","maxKeys":1}`

// readVariants are readBase with one replacement (old, new, in its first
// place), each mapped to whether readList must take the page; every one
// it takes must read as json.Unmarshal reads it.
var readVariants = []struct {
	name, old, new string
	read           bool
}{
	{"as is", "", "", true},
	{"white space around everything", `,"`, " ,\n\t\r \"", true},
	{"Chinese description", `"description":"d"`, `"description":"对等连接"`, true},
	{"null expiry", `"expiredTime":""`, `"expiredTime":null`, true},
	{"delete protection on", `"deleteProtect":false`, `"deleteProtect":true`, true},
	{"no delete protection", `,"deleteProtect":false`, ``, true},
	{"bandwidth as a string", `"bandwithInMbp":500`, `"bandwithInMbp":"500"`, true},
	{"both bandwidths", `"bandwithInMbp":500`, `"bandwithInMbp":500,"bandwidthInMbps":-1`, true},
	{"unknown member", `"status"`, `"extra":{"a":[1,null]},"status"`, true},
	{"unknown member in a tag", `"tagValue":"v"`, `"tagValue":"v","x":1`, true},
	{"no tags", `[{"tagKey":"k","tagValue":"v"}]`, `[]`, true},
	{"no records", `"peerConns":[{`, `"peerConns":[],"x":[{`, true},

	{"escaped string", `"description":"d"`, `"description":"\/"`, false},
	{"invalid UTF-8", `"description":"d"`, "\"description\":\"\xe5\x90\"", false},
	{"ID in another case", `"peerConnId"`, `"PeerConnId"`, false},
	{"tag key in another case", `"tagKey"`, `"TagKey"`, false},
	{"repeated member", `"role":"initiator"`, `"role":"initiator","role":"acceptor"`, false},
	{"repeated tag key", `"tagKey":"k"`, `"tagKey":"k","tagKey":"j"`, false},
	{"null delete protection", `"deleteProtect":false`, `"deleteProtect":null`, false},
	{"null tags", `[{"tagKey":"k","tagValue":"v"}]`, `null`, false},
	{"null bool", `"isTruncated":true`, `"isTruncated":null`, false},
	{"null integer", `"maxKeys":1`, `"maxKeys":null`, false},
	{"string for a bool", `"isTruncated":true`, `"isTruncated":"true"`, false},
	{"number for a bool", `"deleteProtect":false`, `"deleteProtect":0`, false},
	{"bad literal", `"isTruncated":true`, `"isTruncated":tru`, false},
	{"fraction for an int", `"maxKeys":1`, `"maxKeys":1.5`, false},
	{"int overflow", `"maxKeys":1`, `"maxKeys":99999999999999999999`, false},
	{"number for a tag", `{"tagKey":"k","tagValue":"v"}`, `7`, false},
	{"trailing garbage", `"maxKeys":1}`, `"maxKeys":1}]`, false},
	{"unknown member nested 100 deep", `"status"`, `"x":` + strings.Repeat(`{"a":`, 100) + `1` + strings.Repeat("}", 100) + `,"status"`, false},
}

// TestReadListVariants reads readBase altered by readVariants, and every
// shorter prefix of it, both ways.
func TestReadListVariants(t *testing.T) {
	for _, v := range readVariants {
		body := strings.Replace(readBase, v.old, v.new, 1)
		if v.old != "" && body == readBase {
			t.Fatalf("%s: %q is not in the page", v.name, v.old)
		}
		if got := readsAsUnmarshal(t, []byte(body)); got != v.read {
			t.Errorf("%s: read %v, want %v", v.name, got, v.read)
		}
	}
	for n := range len(readBase) {
		if readsAsUnmarshal(t, []byte(readBase[:n])) {
			t.Errorf("read %q, cut short", readBase[:n])
		}
	}
}

// FuzzReadPage holds readList to its contract on any page: it declines,
// or json.Unmarshal accepts the page and reads the same. To search
// further:
//
//	go test -run='^$' -fuzz='^FuzzReadPage$' -fuzztime=2m ./providers/baidu/
func FuzzReadPage(f *testing.F) {
	for name := range readPages {
		f.Add(peeringtest.ReadFixture(f, name))
	}
	for _, v := range readVariants {
		f.Add([]byte(strings.Replace(readBase, v.old, v.new, 1)))
	}
	f.Fuzz(func(t *testing.T, body []byte) { readsAsUnmarshal(t, body) })
}
