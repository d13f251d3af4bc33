package normalize

import (
	"encoding/json"
	"testing"
)

// tagInputs are tags as the clouds send them and as they should not.
var tagInputs = []struct {
	json  string
	plain bool // read without json.Unmarshal
}{
	{`{"Key":"FinanceDept","Value":"FinanceJoshua"}`, true},
	{`{"tagKey":"env","tagValue":"prod"}`, true},
	{` { "Key" : "k" ,` + "\n\t" + `"Value":"" } `, true},
	{`{}`, true},
	{` {  } `, true},
	{`{"key":"lower","VALUE":"upper"}`, true},
	{`{"tagKey":"b","Key":"a"}`, true},
	{`{"tagKey":"b","Value":""}`, true},
	{`{"Key":"1","Key":"2"}`, true},
	{`{"Other":"x","tagKey":"k"}`, true},
	{`{"Key":"a\"b"}`, false},
	{`{"Key":"caf\u00e9"}`, false},
	{`{"Key":"café"}`, false},
	{`{"Key":null,"tagKey":"k"}`, false},
	{`{"Key":1}`, false},
	{`{"Key":"a","Extra":{"x":1}}`, false},
	{`{"\u004bey":"a"}`, false},
	{`{"Key":"a",}`, false},
	{`{"Key":"a"}x`, false},
	{`{"Key" "a"}`, false},
	{`["Key","a"]`, false},
	{`null`, false},
	{`{"Key":"a"`, false},
	{"{\"Key\":\"a\x01\"}", false},
}

// TestTagPlainPath checks which tags take the direct path, and that each
// decodes as json.Unmarshal reads it.
func TestTagPlainPath(t *testing.T) {
	for _, in := range tagInputs {
		var got Tag
		if plain := got.unmarshalPlain([]byte(in.json)); plain != in.plain {
			t.Errorf("%s: read directly %v, want %v", in.json, plain, in.plain)
		}
		checkTag(t, []byte(in.json))
	}
}

// FuzzTag holds the direct path to json.Unmarshal's reading.
func FuzzTag(f *testing.F) {
	for _, in := range tagInputs {
		f.Add([]byte(in.json))
	}
	f.Fuzz(checkTag)
}

// checkTag fails unless a tag read directly from b is the one
// json.Unmarshal reads, from valid JSON.
func checkTag(t *testing.T, b []byte) {
	var plain Tag
	if !plain.unmarshalPlain(b) {
		return
	}
	if !json.Valid(b) {
		t.Fatalf("%q: read directly, but is not JSON", b)
	}
	var want Tag
	if err := want.unmarshalAny(b); err != nil || plain != want {
		t.Fatalf("%q: read directly as %+v; json.Unmarshal reads %+v, %v", b, plain, want, err)
	}
}
