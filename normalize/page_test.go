package normalize_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/peeringkit/peering/normalize"
)

// testOddRecords is a list of testRecord read by the tolerant policy.
type testOddRecords []testRecord

func (l *testOddRecords) UnmarshalJSON(b []byte) error {
	if err := normalize.DecodeRecords(b, (*[]testRecord)(l), func(*testRecord, []normalize.Mismatch) {}); err != nil {
		return err
	}
	return checkIDs(*l)
}

// checkIDs fails a page with a record that has no ID.
func checkIDs(l []testRecord) error {
	for i := range l {
		if l[i].ID == "" {
			return fmt.Errorf("record %d has no InstanceId", i)
		}
	}
	return nil
}

// testPage is a page answer as the tolerant path reads it.
type testPage struct {
	Next    string         `json:"Next"`
	Records testOddRecords `json:"Records"`
}

// testFast is testPage as the one pass reads it.
type testFast struct {
	*testPage
	Records []testRecord `json:"Records"`
}

func TestDecodePage(t *testing.T) {
	cases := []struct {
		name, body string
		tolerated  bool
		records    int    // in the page decoded, fast or tolerant
		err        string // "" for none
	}{
		{"clean", `{"Next":"n","Records":[{"InstanceId":"a"},{"InstanceId":"b","Count":2}]}`, false, 2, ""},
		{"no records", `{"Next":"n"}`, false, 0, ""},
		{"a member of the wrong type", `{"Next":"n","Records":[{"InstanceId":"a","Count":"x"}]}`, true, 1, ""},
		{"a number that is no number", `{"Next":"n","Records":[{"InstanceId":"a","Bandwidth":"lots"}]}`, true, 1, ""},
		{"an envelope member of the wrong type", `{"Next":7,"Records":[{"InstanceId":"a","Count":"x"}]}`, true, 1,
			"json: cannot unmarshal number into Go struct field testPage.Next of type string"},
		{"a record that is not one", `{"Records":[7]}`, true, 0,
			"json: cannot unmarshal number into Go struct field testPage.Records of type normalize_test.testRecord"},
		{"a record without an ID", `{"Next":"n","Records":[{"InstanceId":"a"},{"Count":2}]}`, false, 0, "record 1 has no InstanceId"},
		{"an odd record without an ID", `{"Next":"n","Records":[{"InstanceId":"a"},{"Count":"x"}]}`, true, 0, "record 1 has no InstanceId"},
		{"bad syntax", `{"Next":"n","Records":[{"InstanceId":"a","Count":"x"}`, false, 0, "unexpected end of JSON input"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var ans testPage
			fast := testFast{testPage: &ans}
			tolerated, err := normalize.DecodePage([]byte(tc.body), &ans, (*[]testRecord)(&ans.Records), &fast, &fast.Records, nil, checkIDs)
			if tolerated != tc.tolerated {
				t.Errorf("tolerated = %v, want %v", tolerated, tc.tolerated)
			}
			if got := errText(err); got != tc.err {
				t.Fatalf("error %q, want %q", got, tc.err)
			}
			var syntax *json.SyntaxError
			if tc.name == "bad syntax" && !errors.As(err, &syntax) {
				t.Errorf("error %T, want a *json.SyntaxError", err)
			}
			records := len(ans.Records)
			if err == nil && ans.Next != "n" {
				t.Errorf("Next = %q, want n", ans.Next)
			}
			if err == nil && records != tc.records {
				t.Errorf("%d records, want %d", records, tc.records)
			}
		})
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestDecodePageRead checks DecodePage's use of a page reader: a page it
// reads is json.Unmarshal'd not at all, its records still moved and
// checked; a page it declines decodes as without it, whatever the reader
// left in the answer and in the room for the records.
func TestDecodePageRead(t *testing.T) {
	cases := []struct {
		name, body string
		read       func(fast *testFast) bool
		want       testPage // the answer decoded
		err        string
	}{
		{"read", `not JSON`, func(fast *testFast) bool {
			fast.Next = "n"
			fast.Records = append(fast.Records, testRecord{ID: "a"})
			return true
		}, testPage{Next: "n", Records: testOddRecords{{ID: "a"}}}, ""},
		{"read, without an ID", `not JSON`, func(fast *testFast) bool {
			fast.Records = append(fast.Records, testRecord{Count: 1})
			return true
		}, testPage{Records: testOddRecords{{Count: 1}}}, "record 0 has no InstanceId"},
		{"declined, having read", `{"Records":[{"InstanceId":"a"}]}`, func(fast *testFast) bool {
			fast.Next = "junk"
			fast.Records = append(fast.Records, testRecord{ID: "x", Count: 9, Tags: []normalize.Tag{{Key: "k"}}})
			return false
		}, testPage{Records: testOddRecords{{ID: "a"}}}, ""},
		{"declined, the room replaced", `{"Next":"n","Records":[{"InstanceId":"a"},{"InstanceId":"b"}]}`, func(fast *testFast) bool {
			fast.Records[:1][0].Count = 9
			fast.Records = []testRecord{}
			return false
		}, testPage{Next: "n", Records: testOddRecords{{ID: "a"}, {ID: "b"}}}, ""},
		{"declined, a syntax error", `{"Records":[`, func(*testFast) bool { return false }, testPage{}, "unexpected end of JSON input"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var ans testPage
			fast := testFast{testPage: &ans, Records: make([]testRecord, 0, 4)}
			tolerated, err := normalize.DecodePage([]byte(tc.body), &ans, (*[]testRecord)(&ans.Records), &fast, &fast.Records,
				func([]byte) bool { return tc.read(&fast) }, checkIDs)
			if tolerated {
				t.Errorf("tolerated")
			}
			if got := errText(err); got != tc.err {
				t.Fatalf("error %q, want %q", got, tc.err)
			}
			if !reflect.DeepEqual(ans, tc.want) {
				t.Errorf("answer %+v, want %+v", ans, tc.want)
			}
		})
	}
}
