package normalize_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/normalize"
)

type testEnd struct {
	ID    string   `json:"VpcId"`
	CIDRs []string `json:"Ipv4Cidrs"`
}

type testRecord struct {
	ID        string          `json:"InstanceId"`
	Bandwidth json.Number     `json:"Bandwidth"`
	Created   string          `json:"GmtCreate"`
	Count     int             `json:"Count"`
	End       testEnd         `json:"Vpc"`
	Tags      []normalize.Tag `json:"Tags"`
}

func TestDecodeRecord(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want testRecord
		odd  []normalize.Mismatch
	}{
		{"clean", `{"InstanceId":"pcc-1","Bandwidth":1024,"GmtCreate":"2024-01-01T00:00:00Z"}`,
			testRecord{ID: "pcc-1", Bandwidth: "1024", Created: "2024-01-01T00:00:00Z"}, nil},
		{"a number as a string is read", `{"InstanceId":"pcc-1","Bandwidth":"1024"}`,
			testRecord{ID: "pcc-1", Bandwidth: "1024"}, nil},
		{"a fraction is kept for the caller to judge", `{"InstanceId":"pcc-1","Bandwidth":10.5}`,
			testRecord{ID: "pcc-1", Bandwidth: "10.5"}, nil},
		{"a word where a number belongs", `{"InstanceId":"pcc-1","Bandwidth":"lots","GmtCreate":"x"}`,
			testRecord{ID: "pcc-1", Created: "x"},
			[]normalize.Mismatch{{"Bandwidth", json.RawMessage(`"lots"`)}}},
		{"a number where a string belongs", `{"InstanceId":"pcc-1","GmtCreate":1533642415,"Count":3}`,
			testRecord{ID: "pcc-1", Count: 3},
			[]normalize.Mismatch{{"GmtCreate", json.RawMessage(`1533642415`)}}},
		{"several, in order", `{"Count":"3","InstanceId":"pcc-1","GmtCreate":true,"Bandwidth":[1]}`,
			testRecord{ID: "pcc-1"},
			[]normalize.Mismatch{{"Count", json.RawMessage(`"3"`)}, {"GmtCreate", json.RawMessage(`true`)}, {"Bandwidth", json.RawMessage(`[1]`)}}},
		{"nested: the rest of the object is read", `{"InstanceId":"pcc-1","Vpc":{"VpcId":"vpc-1","Ipv4Cidrs":"10.0.0.0/8"}}`,
			testRecord{ID: "pcc-1", End: testEnd{ID: "vpc-1"}},
			[]normalize.Mismatch{{"Vpc.Ipv4Cidrs", json.RawMessage(`"10.0.0.0/8"`)}}},
		{"nested, names matched as encoding/json does", `{"instanceid":"pcc-1","vpc":{"ipv4cidrs":{"a":1}}}`,
			testRecord{ID: "pcc-1"},
			[]normalize.Mismatch{{"vpc.Ipv4Cidrs", json.RawMessage(`{"a":1}`)}}},
		{"a list stops the walk", `{"InstanceId":"pcc-1","Tags":[{"Key":5}]}`,
			testRecord{ID: "pcc-1"},
			[]normalize.Mismatch{{"Tags", json.RawMessage(`[{"Key":5}]`)}}},
		{"unknown members are ignored", `{"InstanceId":"pcc-1","Extra":{"deep":[1,2]},"Count":"x"}`,
			testRecord{ID: "pcc-1"},
			[]normalize.Mismatch{{"Count", json.RawMessage(`"x"`)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := testRecord{ID: "left over from before"}
			odd, err := normalize.DecodeRecord([]byte(tt.in), &got)
			if err != nil {
				t.Fatal(err)
			}
			if tt.odd == nil {
				// A clean record decodes exactly as json.Unmarshal does.
				var plain testRecord
				if err := json.Unmarshal([]byte(tt.in), &plain); err != nil || !reflect.DeepEqual(got, plain) {
					t.Errorf("clean record = %+v; json.Unmarshal gives %+v, %v", got, plain, err)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("record = %+v, want %+v", got, tt.want)
			}
			if len(odd) != len(tt.odd) {
				t.Fatalf("mismatches = %s, want %s", fmtOdd(odd), fmtOdd(tt.odd))
			}
			for i := range odd {
				if odd[i].Field != tt.odd[i].Field || string(odd[i].Value) != string(tt.odd[i].Value) {
					t.Errorf("mismatches = %s, want %s", fmtOdd(odd), fmtOdd(tt.odd))
				}
			}
		})
	}
}

func fmtOdd(odd []normalize.Mismatch) string {
	var s []string
	for _, m := range odd {
		s = append(s, m.Field+"="+string(m.Value))
	}
	return "[" + strings.Join(s, " ") + "]"
}

func TestDecodeRecordRefusesWhatIsNoRecord(t *testing.T) {
	for _, in := range []string{`7`, `"pcc-1"`, `[{"InstanceId":"pcc-1"}]`, `{"InstanceId":`, `{"InstanceId" "x"}`} {
		var r testRecord
		if odd, err := normalize.DecodeRecord([]byte(in), &r); err == nil {
			t.Errorf("DecodeRecord(%s) = %v, nil; want an error", in, odd)
		}
	}
}

func TestUnparsed(t *testing.T) {
	var u normalize.Unparsed
	if got := u.Attributes(nil); got != nil {
		t.Errorf("empty Unparsed set %v, want nil attributes", got)
	}
	u.Add("createdTime", "2018/08/07 19:46:55")
	u.AddJSON("bandwidthInMbps", json.RawMessage(`"lots"`))
	u.AddJSON("expiredTime", json.RawMessage(`1533642415`))
	u.AddMismatches("localVpc.", []normalize.Mismatch{{"cidr", json.RawMessage(`{ "a" : 1 }`)}})
	u.Add("long", strings.Repeat("é", 80))
	want := "createdTime=2018/08/07 19:46:55; bandwidthInMbps=lots; expiredTime=1533642415; localVpc.cidr={\"a\":1}; long=" +
		strings.Repeat("é", 50) + "..."
	if got := u.String(); got != want {
		t.Errorf("String() =\n%q, want\n%q", got, want)
	}
	attrs := u.Attributes(map[string]string{"dnsStatus": "close", peering.UnparsedAttribute: "first=1"})
	if attrs["dnsStatus"] != "close" || attrs[peering.UnparsedAttribute] != "first=1; "+want {
		t.Errorf("Attributes = %v", attrs)
	}
}

func TestParseBandwidth(t *testing.T) {
	tests := []struct {
		in      json.Number
		want    peering.Bandwidth
		wantErr bool
	}{
		{"", peering.BandwidthUnknown, false},
		{"0", peering.BandwidthUnknown, false},
		{"-1", peering.BandwidthUnlimited, false},
		{"1024", 1024, false},
		{" 20 ", 20, false},
		{"-2", 0, true},
		{"10.5", 0, true},
		{"1e3", 0, true},
		{"lots", 0, true},
	}
	for _, tt := range tests {
		got, err := normalize.ParseBandwidth(tt.in)
		if (err != nil) != tt.wantErr || (!tt.wantErr && got != tt.want) {
			t.Errorf("ParseBandwidth(%q) = %v, %v; want %v (error %v)", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestDecodeRecords(t *testing.T) {
	type rec struct {
		testRecord
		odd []normalize.Mismatch
	}
	keep := func(r *rec, odd []normalize.Mismatch) { r.odd = odd }

	var clean, plain []rec
	in := `[{"InstanceId":"pcc-1","Bandwidth":"20"},{"InstanceId":"pcc-2","Count":3}]`
	if err := normalize.DecodeRecords([]byte(in), &clean, keep); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(in), &plain); err != nil || !reflect.DeepEqual(clean, plain) {
		t.Errorf("clean list = %+v; json.Unmarshal gives %+v, %v", clean, plain, err)
	}

	var got []rec
	in = `[{"InstanceId":"pcc-1"},{"InstanceId":"pcc-2","Bandwidth":"lots"},null,{"InstanceId":"pcc-4","Count":"x","Vpc":{"Ipv4Cidrs":7}}]`
	if err := normalize.DecodeRecords([]byte(in), &got, keep); err != nil {
		t.Fatal(err)
	}
	want := []rec{
		{testRecord: testRecord{ID: "pcc-1"}},
		{testRecord: testRecord{ID: "pcc-2"}, odd: []normalize.Mismatch{{"Bandwidth", json.RawMessage(`"lots"`)}}},
		{},
		{testRecord: testRecord{ID: "pcc-4"}, odd: []normalize.Mismatch{{"Count", json.RawMessage(`"x"`)}, {"Vpc.Ipv4Cidrs", json.RawMessage(`7`)}}},
	}
	if len(got) != len(want) {
		t.Fatalf("%d records, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].testRecord.ID != want[i].ID || fmtOdd(got[i].odd) != fmtOdd(want[i].odd) {
			t.Errorf("record %d = %s %s, want %s %s", i, got[i].ID, fmtOdd(got[i].odd), want[i].ID, fmtOdd(want[i].odd))
		}
	}

	for _, bad := range []string{`{"InstanceId":"pcc-1"}`, `"x"`, `[7]`, `[{"InstanceId":"pcc-1"},"x"]`, `[{"InstanceId":`} {
		var l []rec
		if err := normalize.DecodeRecords([]byte(bad), &l, keep); err == nil {
			t.Errorf("DecodeRecords(%s) = nil, want an error", bad)
		}
	}
}
