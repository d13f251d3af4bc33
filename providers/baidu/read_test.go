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
var readVariants = []peeringtest.ReadVariant{
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

// TestReadList holds readList to its contract on the examples, readBase,
// its variants and its prefixes.
func TestReadList(t *testing.T) { reading.Test(t) }

// FuzzReadPage holds readList to its contract on any page: it declines,
// or json.Unmarshal accepts the page and reads the same. To search
// further:
//
//	go test -run='^$' -fuzz='^FuzzReadPage$' -fuzztime=2m ./providers/baidu/
func FuzzReadPage(f *testing.F) { reading.Fuzz(f) }

// reading is readList with the pages it is tested on.
var reading = peeringtest.PageReading[*listFast]{
	New: newListFast, Read: readList, Pages: readPages, Base: readBase, Variants: readVariants,
}
