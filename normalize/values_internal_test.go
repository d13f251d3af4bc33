package normalize

import (
	"encoding/json"
	"testing"
	"time"
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
	{`{"Key":"café"}`, true},
	{`{"Key":"部门","Value":"财务"}`, true},
	{"{\"Key\":\"caf\xe9\"}", false},
	{`{"Kéy":"a"}`, false},
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

// zonelessInputs are timestamps of Baidu's shape: the first zonelessRead
// are read by parseZoneless, the others are not.
var zonelessInputs = []string{
	"2018-08-07 19:46:55", "2018-08-07T19:46:55", "0000-01-01 00:00:00", "9999-12-31 23:59:59",
	"2024-02-29 12:00:00", "2000-02-29 00:00:00", "2021-03-28 02:30:00",
	"2023-02-29 12:00:00", "1900-02-29 00:00:00", "2018-04-31 00:00:00", "2018-13-07 19:46:55", "2018-00-07 19:46:55", "2018-08-00 19:46:55",
	"2018-08-07 24:00:00", "2018-08-07 23:60:00", "2018-08-07 23:59:60", "2018-08-07 19:46:5x",
	"2018-8-07 19:46:55 ", "2018/08/07 19:46:55", "2018-08-07_19:46:55", "+018-08-07 19:46:55",
	"2018-08-07 1:46:550", "2018-08-07  1:46:55",
}

const zonelessRead = 7

// TestParseZoneless holds the digit-by-digit reading of Baidu's form to
// time.ParseInLocation's, in UTC+8 and in a zone with summer time.
func TestParseZoneless(t *testing.T) {
	for i, s := range zonelessInputs {
		checkZoneless(t, s)
		if _, ok := parseZoneless(s, time.UTC); ok != (i < zonelessRead) {
			t.Errorf("parseZoneless(%q) read it: %v, want %v", s, ok, i < zonelessRead)
		}
	}
}

// FuzzParseZoneless holds it there for any string.
func FuzzParseZoneless(f *testing.F) {
	for _, s := range zonelessInputs {
		f.Add(s)
	}
	f.Fuzz(checkZoneless)
}

func checkZoneless(t *testing.T, s string) {
	summer, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		summer = time.FixedZone("CET", 3600) // no zone database: still a zone
	}
	for _, loc := range []*time.Location{ChinaStandardTime, time.UTC, summer} {
		got, ok := parseZoneless(s, loc)
		want, err := time.ParseInLocation(zoneless, s, loc)
		if err != nil {
			want, err = time.ParseInLocation("2006-01-02T15:04:05", s, loc)
		}
		// What it does not read, the layouts still may (time.Parse takes a
		// one-digit hour, and a run of spaces for one).
		if ok && (err != nil || !got.Equal(want)) {
			t.Fatalf("parseZoneless(%q, %v) = %v, %v; time.ParseInLocation: %v, %v", s, loc, got, ok, want, err)
		}
	}
}
