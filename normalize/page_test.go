package normalize_test

import (
	"encoding/json"
	"errors"
	"fmt"
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
			tolerated, err := normalize.DecodePage([]byte(tc.body), &ans, (*[]testRecord)(&ans.Records), &fast, &fast.Records, checkIDs)
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
