package normalize_test

import (
	"encoding/json"
	"net/netip"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/normalize"
)

// TestStatusTables checks every entry of every table against the model,
// written out independently of the tables themselves, and that no entry of
// a table goes unchecked.
func TestStatusTables(t *testing.T) {
	vpcpeer := func(s string) peering.Status { return normalize.VpcPeerStatus(s, "Normal") }
	tests := []struct {
		table string
		fn    func(string) peering.Status
		in    string
		want  peering.Status
	}{
		{"baidu", normalize.BaiduStatus, "creating", peering.StatusPending},
		{"baidu", normalize.BaiduStatus, "starting", peering.StatusPending},
		{"baidu", normalize.BaiduStatus, "consulting", peering.StatusPendingAcceptance},
		{"baidu", normalize.BaiduStatus, "consult_failed", peering.StatusRejected},
		{"baidu", normalize.BaiduStatus, "active", peering.StatusActive},
		{"baidu", normalize.BaiduStatus, "updating", peering.StatusUpdating},
		{"baidu", normalize.BaiduStatus, "down", peering.StatusInactive},
		{"baidu", normalize.BaiduStatus, "stopping", peering.StatusInactive},
		{"baidu", normalize.BaiduStatus, "deleting", peering.StatusDeleting},
		{"baidu", normalize.BaiduStatus, "deleted", peering.StatusDeleted},
		{"baidu", normalize.BaiduStatus, "expired", peering.StatusExpired},
		{"baidu", normalize.BaiduStatus, "error", peering.StatusFailed},
		{"vpcpeer", vpcpeer, "Creating", peering.StatusPending},
		{"vpcpeer", vpcpeer, "Accepting", peering.StatusPendingAcceptance},
		{"vpcpeer", vpcpeer, "Updating", peering.StatusUpdating},
		{"vpcpeer", vpcpeer, "Rejected", peering.StatusRejected},
		{"vpcpeer", vpcpeer, "Expired", peering.StatusExpired},
		{"vpcpeer", vpcpeer, "Activated", peering.StatusActive},
		{"vpcpeer", vpcpeer, "Deleting", peering.StatusDeleting},
		{"vpcpeer", vpcpeer, "Deleted", peering.StatusDeleted},
		{"ens", normalize.ENSStatus, "Creating", peering.StatusPending},
		{"ens", normalize.ENSStatus, "Activated", peering.StatusActive},
		{"ens", normalize.ENSStatus, "Deleting", peering.StatusDeleting},
		// Case and surrounding space are forgiven; anything else is unknown.
		{"baidu", normalize.BaiduStatus, " Active ", peering.StatusActive},
		{"vpcpeer", vpcpeer, "activated", peering.StatusActive},
		{"baidu", normalize.BaiduStatus, "Activated", peering.StatusUnknown},
		{"vpcpeer", vpcpeer, "FinancialLocked", peering.StatusUnknown},
		{"ens", normalize.ENSStatus, "Accepting", peering.StatusUnknown},
		{"ens", normalize.ENSStatus, "", peering.StatusUnknown},
	}
	checked := map[string]bool{}
	for _, tt := range tests {
		if got := tt.fn(tt.in); got != tt.want {
			t.Errorf("%s %q -> %q; want %q", tt.table, tt.in, got, tt.want)
		}
		checked[tt.table+" "+tt.in] = true
	}
	// The documents list 12, 8 and 3 values; every one maps to a valid
	// status, and every one is checked above.
	for name, tc := range map[string]struct {
		table map[string]peering.Status
		n     int
	}{"baidu": {normalize.BaiduStatuses, 12}, "vpcpeer": {normalize.VpcPeerStatuses, 8}, "ens": {normalize.ENSStatuses, 3}} {
		if len(tc.table) != tc.n {
			t.Errorf("%s table has %d entries; want %d", name, len(tc.table), tc.n)
		}
		for k, v := range tc.table {
			if !v.Valid() || v == peering.StatusUnknown {
				t.Errorf("%s %q maps to %q", name, k, v)
			}
			if !checked[name+" "+k] {
				t.Errorf("%s %q is in the table but not in this test", name, k)
			}
		}
	}
}

// TestVpcPeerBizStatus checks the status of a VpcPeer connection for every
// Status with every BizStatus: a lock stops traffic, so a locked connection
// is never active.
func TestVpcPeerBizStatus(t *testing.T) {
	const (
		pending  = peering.StatusPending
		accept   = peering.StatusPendingAcceptance
		updating = peering.StatusUpdating
		rejected = peering.StatusRejected
		expired  = peering.StatusExpired
		active   = peering.StatusActive
		inactive = peering.StatusInactive
		deleting = peering.StatusDeleting
		deleted  = peering.StatusDeleted
		unknown  = peering.StatusUnknown
	)
	// Columns: BizStatus "" (absent), Normal, FinancialLocked, and one no
	// table knows.
	bizs := []string{"", "Normal", "FinancialLocked", "SecurityLocked"}
	tests := []struct {
		status string
		want   [4]peering.Status
	}{
		{"Creating", [4]peering.Status{pending, pending, pending, pending}},
		{"Accepting", [4]peering.Status{accept, accept, accept, accept}},
		{"Updating", [4]peering.Status{updating, updating, inactive, unknown}},
		{"Rejected", [4]peering.Status{rejected, rejected, rejected, rejected}},
		{"Expired", [4]peering.Status{expired, expired, expired, expired}},
		{"Activated", [4]peering.Status{active, active, inactive, unknown}},
		{"Deleting", [4]peering.Status{deleting, deleting, deleting, deleting}},
		{"Deleted", [4]peering.Status{deleted, deleted, deleted, deleted}},
		{"Sleeping", [4]peering.Status{unknown, unknown, unknown, unknown}},
	}
	for _, tt := range tests {
		for i, biz := range bizs {
			if got := normalize.VpcPeerStatus(tt.status, biz); got != tt.want[i] {
				t.Errorf("VpcPeerStatus(%q, %q) = %q; want %q", tt.status, biz, got, tt.want[i])
			}
		}
	}
	// The business statuses are matched as the statuses are.
	for _, biz := range []string{"financiallocked", " FinancialLocked "} {
		if got := normalize.VpcPeerStatus("Activated", biz); got != inactive {
			t.Errorf("VpcPeerStatus(Activated, %q) = %q; want %q", biz, got, inactive)
		}
	}
	// Every business status the table knows is covered by the columns.
	for k := range normalize.VpcPeerBizStatuses {
		if !slices.Contains(bizs, k) {
			t.Errorf("BizStatus %q is in the table but not in this test", k)
		}
	}
	if len(normalize.VpcPeerBizStatuses) != 2 {
		t.Errorf("the BizStatus table has %d entries; the document lists 2", len(normalize.VpcPeerBizStatuses))
	}
}

func TestBandwidth(t *testing.T) {
	for _, tt := range []struct {
		in   int64
		want peering.Bandwidth
		ok   bool
	}{{-1, peering.BandwidthUnlimited, true}, {0, peering.BandwidthUnknown, true}, {1024, 1024, true}, {-2, 0, false}} {
		got, err := normalize.Bandwidth(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("Bandwidth(%d) = %v, %v; want %v ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestCIDRs(t *testing.T) {
	pfx := netip.MustParsePrefix
	tests := []struct {
		in     []string
		v4, v6 []netip.Prefix
		ok     bool
	}{
		{nil, nil, nil, true},
		{[]string{"192.168.0.0/16"}, []netip.Prefix{pfx("192.168.0.0/16")}, nil, true},
		{[]string{"10.0.0.0/8", "2408:4000:3c5:6e00::/56", ""}, []netip.Prefix{pfx("10.0.0.0/8")}, []netip.Prefix{pfx("2408:4000:3c5:6e00::/56")}, true},
		{[]string{" 10.1.2.3/16 "}, []netip.Prefix{pfx("10.1.0.0/16")}, nil, true},
		{[]string{"2408:XXXX:3c5:6e00::/56"}, nil, nil, false}, // the document's masked example is not a CIDR
		{[]string{"10.0.0.0/33"}, nil, nil, false},
		{[]string{"10.0.0.0"}, nil, nil, false},
	}
	for _, tt := range tests {
		v4, v6, err := normalize.CIDRs(tt.in)
		if (err == nil) != tt.ok || !reflect.DeepEqual(v4, tt.v4) || !reflect.DeepEqual(v6, tt.v6) {
			t.Errorf("CIDRs(%q) = %v, %v, %v; want %v, %v ok=%v", tt.in, v4, v6, err, tt.v4, tt.v6, tt.ok)
		}
	}
}

func TestAppendCIDRs(t *testing.T) {
	pfx := netip.MustParsePrefix
	tests := []struct {
		name           string
		v4, v6         []netip.Prefix // appended to
		in             []string
		wantV4, wantV6 []netip.Prefix
		wantInvalid    []string
	}{
		{"none", nil, nil, nil, nil, nil, nil},
		{"blank only", nil, nil, []string{"", "  "}, nil, nil, nil},
		{"both families, masked and trimmed", nil, nil,
			[]string{" 10.1.2.3/16 ", "2408:4000:3c5:6e00::1/56", ""},
			[]netip.Prefix{pfx("10.1.0.0/16")}, []netip.Prefix{pfx("2408:4000:3c5:6e00::/56")}, nil},
		{"bad ones reported as given, good ones kept in order", nil, nil,
			[]string{"10.0.0.0/8", "2408:XXXX:3c5:6e00::/56", " 10.300.0.0/16", "192.168.0.0/16", "10.0.0.0"},
			[]netip.Prefix{pfx("10.0.0.0/8"), pfx("192.168.0.0/16")}, nil,
			[]string{"2408:XXXX:3c5:6e00::/56", " 10.300.0.0/16", "10.0.0.0"}},
		{"appends to what is there", []netip.Prefix{pfx("172.16.0.0/12")}, []netip.Prefix{pfx("fd00::/8")},
			[]string{"10.0.0.0/8", "2408:4000::/56", "bogus"},
			[]netip.Prefix{pfx("172.16.0.0/12"), pfx("10.0.0.0/8")}, []netip.Prefix{pfx("fd00::/8"), pfx("2408:4000::/56")},
			[]string{"bogus"}},
		{"all bad", nil, nil, []string{"10.0.0.0/33", "x"}, nil, nil, []string{"10.0.0.0/33", "x"}},
	}
	for _, tt := range tests {
		v4, v6, invalid := normalize.AppendCIDRs(tt.v4, tt.v6, tt.in)
		if !reflect.DeepEqual(v4, tt.wantV4) || !reflect.DeepEqual(v6, tt.wantV6) || !reflect.DeepEqual(invalid, tt.wantInvalid) {
			t.Errorf("%s: AppendCIDRs(%v, %v, %q) = %v, %v, %q; want %v, %v, %q",
				tt.name, tt.v4, tt.v6, tt.in, v4, v6, invalid, tt.wantV4, tt.wantV6, tt.wantInvalid)
		}
		// Where every block parses, the tolerant and the strict forms agree.
		if len(tt.v4)+len(tt.v6) == 0 && len(tt.wantInvalid) == 0 {
			s4, s6, err := normalize.CIDRs(tt.in)
			if err != nil || !reflect.DeepEqual(s4, v4) || !reflect.DeepEqual(s6, v6) {
				t.Errorf("%s: CIDRs = %v, %v, %v; AppendCIDRs gave %v, %v", tt.name, s4, s6, err, v4, v6)
			}
		}
	}
}

func TestTags(t *testing.T) {
	tests := []struct {
		name string
		json string
		want map[string]string
	}{
		{"baidu shape", `[{"tagKey":"env","tagValue":"prod"}]`, map[string]string{"env": "prod"}},
		{"alibaba shape", `[{"Key":"FinanceDept","Value":"FinanceJoshua"}]`, map[string]string{"FinanceDept": "FinanceJoshua"}},
		{"empty value kept", `[{"Key":"k","Value":""}]`, map[string]string{"k": ""}},
		{"empty key dropped", `[{"Key":"","Value":"v"}]`, nil},
		{"none", `[]`, nil},
		{"last value wins", `[{"Key":"k","Value":"1"},{"Key":"k","Value":"2"}]`, map[string]string{"k": "2"}},
	}
	for _, tt := range tests {
		var tags []normalize.Tag
		if err := json.Unmarshal([]byte(tt.json), &tags); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := normalize.Tags(tags); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Tags = %v; want %v", tt.name, got, tt.want)
		}
	}
	var bad []normalize.Tag
	if err := json.Unmarshal([]byte(`[{"Key":1}]`), &bad); err == nil {
		t.Error("a numeric tag key decoded without error")
	}
}

func TestTime(t *testing.T) {
	tests := []struct {
		in   string
		loc  *time.Location
		want string // RFC 3339 in UTC, "" for the zero time
		ok   bool
	}{
		{"2022-04-24T09:02:36Z", nil, "2022-04-24T09:02:36Z", true},
		{"2024-05-31T06:43:29Z", nil, "2024-05-31T06:43:29Z", true},
		{"2022-04-24T17:02:36+08:00", nil, "2022-04-24T09:02:36Z", true},
		{"2022-04-24T09:02:36.123Z", nil, "2022-04-24T09:02:36.123Z", true},
		{"2022-04-24T09:02Z", nil, "2022-04-24T09:02:00Z", true},
		{"2018-08-07 19:46:55", nil, "2018-08-07T11:46:55Z", true}, // Baidu, read as UTC+8
		{"2018-08-07 19:46:55", time.UTC, "2018-08-07T19:46:55Z", true},
		{"2018-08-07T19:46:55", nil, "2018-08-07T11:46:55Z", true},
		{"", nil, "", true},
		{"null", nil, "", true},
		{"yesterday", nil, "", false},
		{"2018-13-07 19:46:55", nil, "", false},
	}
	for _, tt := range tests {
		got, err := normalize.Time(tt.in, tt.loc)
		if (err == nil) != tt.ok {
			t.Errorf("Time(%q): err %v; want ok=%v", tt.in, err, tt.ok)
			continue
		}
		if got.Location() != time.UTC {
			t.Errorf("Time(%q) is in %v, not UTC", tt.in, got.Location())
		}
		text := ""
		if !got.IsZero() {
			text = got.Format(time.RFC3339Nano)
		}
		if text != tt.want {
			t.Errorf("Time(%q) = %s; want %s", tt.in, text, tt.want)
		}
	}
}

func TestIDsAndNumbers(t *testing.T) {
	if got := normalize.ID("n-5q28114****\n"); got != "n-5q28114****" {
		t.Errorf("ID = %q", got)
	}
	var v struct {
		Owner json.Number
		Page  json.Number
	}
	// 253460731706911258 is above 2^53: a float64 would make it ...260.
	if err := json.Unmarshal([]byte(`{"Owner":253460731706911258,"Page":"30"}`), &v); err != nil {
		t.Fatal(err)
	}
	if got := normalize.AccountID(v.Owner); got != "253460731706911258" {
		t.Errorf("AccountID = %s", got)
	}
	for in, want := range map[json.Number]string{
		"253460731706911258": "253460731706911258", " 42\n": "42", "007": "7", "+5": "5", "-0": "0", "-12": "-12",
		"18446744073709551615": "18446744073709551615", "018446744073709551615": "18446744073709551615",
		"75c14a239bb24b9e88b695e8e9e47952": "75c14a239bb24b9e88b695e8e9e47952", "": "",
	} {
		if got := normalize.AccountID(in); got != want {
			t.Errorf("AccountID(%q) = %q, want %q", in, got, want)
		}
	}
	// Canonical already, as the clouds send them: no copy is made.
	if n := testing.AllocsPerRun(100, func() { _ = normalize.AccountID(v.Owner) }); n != 0 {
		t.Errorf("AccountID of a canonical number allocates %v times", n)
	}
	if n, err := normalize.Int(v.Page); n != 30 || err != nil {
		t.Errorf("Int(%q) = %d, %v", v.Page, n, err)
	}
	if n, err := normalize.Int(""); n != 0 || err != nil {
		t.Errorf("Int(\"\") = %d, %v", n, err)
	}
	if _, err := normalize.Int("3.5"); err == nil {
		t.Error("Int(3.5) did not fail")
	}
}

// TestCIDR: one block, trimmed and masked; blank and malformed are errors.
func TestCIDR(t *testing.T) {
	for in, want := range map[string]string{" 10.1.2.3/16 ": "10.1.0.0/16", "2408:4000::1/56": "2408:4000::/56", "": "", "10.0.0.0/33": "", "x": ""} {
		p, err := normalize.CIDR(in)
		if want == "" {
			if err == nil {
				t.Errorf("CIDR(%q) = %v, want an error", in, p)
			}
			continue
		}
		if err != nil || p.String() != want {
			t.Errorf("CIDR(%q) = %v, %v; want %s", in, p, err, want)
		}
	}
}
