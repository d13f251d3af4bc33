package alibabavpc

import (
	"reflect"
	"strings"
	"testing"

	"github.com/peeringkit/peering/internal/peeringtest"
)

// newListFast is a fresh listFast, as decodeListPage makes one.
func newListFast() *listFast {
	return &listFast{listAnswer: &listAnswer{}, VpcPeerConnects: make([]VpcPeerConnection, 0, MaxPageSize)}
}

// TestReaderFields holds the readers' member names to the types' own.
func TestReaderFields(t *testing.T) {
	peeringtest.ReaderFields(t, reflect.TypeFor[listFast](), listFields)
	peeringtest.ReaderFields(t, reflect.TypeFor[VpcPeerConnection](), connFields)
	peeringtest.ReaderFields(t, reflect.TypeFor[VPC](), vpcFields)
}

// readBase is a clean page of one record, which readVariants alter.
const readBase = `{"RequestId":"r","TotalCount":1,"MaxResults":20,"NextToken":"n","VpcPeerConnects":[` +
	`{"InstanceId":"pcc-1","Name":"vpcpeer","OwnerId":253460731706911258,"AcceptingOwnerUid":1,` +
	`"RegionId":"cn-hangzhou","Bandwidth":1024,"Status":"Activated","Vpc":{"VpcId":"vpc-1",` +
	`"Ipv4Cidrs":["192.168.0.0/16"],"Ipv6Cidrs":[]},"AcceptingVpc":{"VpcId":"vpc-2"},` +
	`"Tags":[{"Key":"k","Value":"v"}]}]}`

// readVariants are readBase with one replacement (old, new, in its first
// place), each mapped to whether readList must take the page; every one
// it takes must read as json.Unmarshal reads it.
var readVariants = []peeringtest.ReadVariant{
	{"as is", "", "", true},
	{"white space around everything", `,"`, " ,\n\t\r \"", true},
	{"leading and trailing white space", `{"RequestId"`, " \n{ \"RequestId\"", true},
	{"Chinese name", `"vpcpeer"`, `"对等连接"`, true},
	{"Chinese tag", `"Value":"v"`, `"Value":"财务部"`, true},
	{"Baidu-shaped tag", `{"Key":"k","Value":"v"}`, `{"tagKey":"k","tagValue":"v"}`, true},
	{"tag in another case", `{"Key":"k"`, `{"KEY":"k"`, true},
	{"empty tag", `{"Key":"k","Value":"v"}`, `{}`, true},
	{"no records", `[{"InstanceId"`, `[],"X":[{"InstanceId"`, true},
	{"no tags", `[{"Key":"k","Value":"v"}]`, `[]`, true},
	{"bandwidth as a string", `"Bandwidth":1024`, `"Bandwidth":"1024"`, true},
	{"bandwidth with a fraction", `"Bandwidth":1024`, `"Bandwidth":-10.5e+2`, true},
	{"largest int64", `"TotalCount":1`, `"TotalCount":9223372036854775807`, true},
	{"smallest int64", `"TotalCount":1`, `"TotalCount":-9223372036854775808`, true},
	{"minus zero", `"TotalCount":1`, `"TotalCount":-0`, true},
	{"unknown member", `"Status"`, `"Extra":{"a":[1,-2.5e3,true,false,null,{}],"b\"\u00e9":"x\ny\\\/"},"Status"`, true},
	{"unknown member in a VPC", `"VpcId":"vpc-2"`, `"VpcId":"vpc-2","Cidr":"x"`, true},
	{"unknown member, invalid UTF-8", `"Status"`, "\"Extra\":\"\xff\",\"Status\"", true},
	{"unknown member nested 50 deep", `"Status"`, `"Extra":` + strings.Repeat("[", 50) + strings.Repeat("]", 50) + `,"Status"`, true},

	{"escaped quote", `"vpcpeer"`, `"vpc\"peer"`, false},
	{"escaped letter", `"vpcpeer"`, `"vpc\u0070eer"`, false},
	{"escaped name", `"Name"`, `"N\u0061me"`, false},
	{"escape in a tag", `"Value":"v"`, `"Value":"\n"`, false},
	{"control byte", `"vpcpeer"`, "\"vpc\x01peer\"", false},
	{"invalid UTF-8", `"vpcpeer"`, "\"vpc\xffpeer\"", false},
	{"invalid UTF-8 in a tag", `"Value":"v"`, "\"Value\":\"\xc3\"", false},
	{"name in lower case", `"Name"`, `"name"`, false},
	{"ID in upper case", `"InstanceId"`, `"INSTANCEID"`, false},
	{"records in another case", `"VpcPeerConnects"`, `"vpcPeerConnects"`, false},
	{"non-ASCII name", `"Status"`, `"Stätus":1,"Status"`, false},
	{"repeated member", `"Status":"Activated"`, `"Status":"Activated","Status":"Deleted"`, false},
	{"repeated records", `"NextToken":"n"`, `"NextToken":"n","VpcPeerConnects":[]`, false},
	{"null string", `"vpcpeer"`, `null`, true},
	{"null string, cut short", `"vpcpeer"`, `nul`, false},
	{"null number", `1024`, `null`, false},
	{"null VPC", `{"VpcId":"vpc-2"}`, `null`, false},
	{"null records", `"VpcPeerConnects":[`, `"VpcPeerConnects":null,"X":[`, false},
	{"null record", `[{"InstanceId"`, `[null,{"InstanceId"`, false},
	{"null tag", `[{"Key"`, `[null,{"Key"`, false},
	{"null block", `["192.168.0.0/16"]`, `[null]`, true},
	{"number for a string", `"vpcpeer"`, `5`, false},
	{"string for an integer", `"TotalCount":1`, `"TotalCount":"1"`, false},
	{"boolean for a number", `1024`, `true`, false},
	{"list for a VPC", `{"VpcId":"vpc-2"}`, `[]`, false},
	{"object for the records", `[{"InstanceId"`, `{},"X":[{"InstanceId"`, false},
	{"string for a list", `["192.168.0.0/16"]`, `"192.168.0.0/16"`, false},
	{"number in a tag", `"Value":"v"`, `"Value":1`, false},
	{"object in a tag", `"Value":"v"`, `"Value":"v","Extra":{}`, false},
	{"fraction for an integer", `"TotalCount":1`, `"TotalCount":1.0`, false},
	{"exponent for an integer", `"TotalCount":1`, `"TotalCount":1e2`, false},
	{"int64 overflow", `"TotalCount":1`, `"TotalCount":9223372036854775808`, false},
	{"int64 underflow", `"TotalCount":1`, `"TotalCount":-9223372036854775809`, false},
	{"leading zero", `"TotalCount":1`, `"TotalCount":01`, false},
	{"plus sign", `1024`, `+1024`, false},
	{"bare minus", `1024`, `-`, false},
	{"dangling exponent", `1024`, `1e`, false},
	{"hex number", `1024`, `0x10`, false},
	{"no number in the string", `"Bandwidth":1024`, `"Bandwidth":"lots"`, false},
	{"empty number string", `"Bandwidth":1024`, `"Bandwidth":""`, false},
	{"number string with space", `"Bandwidth":1024`, `"Bandwidth":" 1"`, false},
	{"trailing garbage", `]}]}`, `]}]}x`, false},
	{"second value", `]}]}`, `]}]}{}`, false},
	{"trailing comma", `"Value":"v"}`, `"Value":"v",}`, false},
	{"trailing comma in a list", `"192.168.0.0/16"]`, `"192.168.0.0/16",]`, false},
	{"missing colon", `"Name":`, `"Name" `, false},
	{"missing comma", `"Name":"vpcpeer",`, `"Name":"vpcpeer" `, false},
	{"byte order mark", `{"RequestId"`, "\ufeff{\"RequestId\"", false},
	{"unknown member nested 100 deep", `"Status"`, `"Extra":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `,"Status"`, false},
	{"unknown member, bad escape", `"Status"`, `"Extra":"\x","Status"`, false},
	{"unknown member, short escape", `"Status"`, `"Extra":"\u12","Status"`, false},
	{"unknown member, bad literal", `"Status"`, `"Extra":nul,"Status"`, false},
	{"unknown member, trailing comma", `"Status"`, `"Extra":[1,],"Status"`, false},
	{"unknown member, unclosed", `"Status"`, `"Extra":{"a":1,"Status"`, false},
	{"unknown member, control byte", `"Status"`, "\"Extra\":\"\t\",\"Status\"", false},
}

// readPages are the list examples of testdata, each mapped to whether
// readList must take it: all but the page with odd records.
var readPages = map[string]bool{
	"list_vpc_peer_connections_seed001.json":                  true,
	"list_vpc_peer_connections_seed001_exact_owner_id.json":   true,
	"list_vpc_peer_connections.odd_records.page1.json":        false,
	"list_vpc_peer_connections.odd_records.page2.json":        true,
	peeringtest.DocserverFixture("vpcpeer-list.seed001.json"): true,
}

// TestReadList holds readList to its contract on the examples, readBase,
// its variants and its prefixes.
func TestReadList(t *testing.T) { reading.Test(t) }

// FuzzReadPage holds readList to its contract on any page: it declines,
// or json.Unmarshal accepts the page and reads the same. To search
// further:
//
//	go test -run='^$' -fuzz='^FuzzReadPage$' -fuzztime=2m ./providers/alibabavpc/
func FuzzReadPage(f *testing.F) { reading.Fuzz(f) }

// reading is readList with the pages it is tested on.
var reading = peeringtest.PageReading[*listFast]{
	New: newListFast, Read: readList, Pages: readPages, Base: readBase, Variants: readVariants,
}
