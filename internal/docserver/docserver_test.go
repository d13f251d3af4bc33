package docserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// get sends a request to a server and returns the status and the body.
func get(t *testing.T, rawURL string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

// post sends an RPC request with its parameters in a form body, as the
// SDK may.
func post(t *testing.T, base string, p url.Values) (int, []byte) {
	t.Helper()
	resp, err := http.PostForm(base+"/", p)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

// shape describes a JSON value by its keys and types: objects by their
// keys' shapes, arrays by their first element's.
func shape(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[k] = shape(x)
		}
		return m
	case []any:
		if len(v) == 0 {
			return []any{}
		}
		return []any{shape(v[0])}
	case string:
		return "string"
	case json.Number, float64:
		return "number"
	case bool:
		return "bool"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

// diffShape lists where got differs from want. A null on either side, or
// an empty array, matches any value: the documents allow null (GmtExpired)
// and show arrays that the server leaves empty.
func diffShape(path string, got, want any) []string {
	if got == "null" || want == "null" {
		return nil
	}
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: %v, want an object", path, got)}
		}
		var out []string
		for _, k := range sortedKeys(w) {
			if _, ok := g[k]; !ok {
				out = append(out, path+"."+k+": missing")
				continue
			}
			out = append(out, diffShape(path+"."+k, g[k], w[k])...)
		}
		for _, k := range sortedKeys(g) {
			if _, ok := w[k]; !ok {
				out = append(out, path+"."+k+": not in the document")
			}
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok {
			return []string{fmt.Sprintf("%s: %v, want an array", path, got)}
		}
		if len(g) == 0 || len(w) == 0 {
			return nil
		}
		return diffShape(path+"[0]", g[0], w[0])
	}
	if got != want {
		return []string{fmt.Sprintf("%s: %v, want %v", path, got, want)}
	}
	return nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func decode(t *testing.T, b []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("%v in %.300s", err, b)
	}
	return v
}

// TestAnswersHaveTheDocumentsShape compares a served page with the
// example of each API's document (testdata, copied from the documents):
// the same fields, of the same JSON types.
func TestAnswersHaveTheDocumentsShape(t *testing.T) {
	two := []Item{{ID: "a", Name: "x"}, {ID: "b"}}
	cases := []struct {
		name, example string
		fetch         func(t *testing.T) []byte
	}{
		{"baidu", "baidu-list.seed000.json", func(t *testing.T) []byte {
			s := NewBaidu(t, Config{Script: Listing{Items: two}})
			_, b := get(t, s.URL()+"/v1/peerconn?maxKeys=1")
			return b
		}},
		{"vpcpeer", "vpcpeer-list.seed001.json", func(t *testing.T) []byte {
			s := NewVpcPeer(t, Config{Script: Listing{Items: two, TrueTotal: true}})
			_, b := post(t, s.URL(), url.Values{"Action": {"ListVpcPeerConnections"}, "MaxResults": {"1"}})
			return b
		}},
		{"ens", "ens-describe.seed004.json", func(t *testing.T) []byte {
			s := NewENS(t, Config{Script: Listing{Items: two, TrueTotal: true}})
			_, b := post(t, s.URL(), url.Values{"Action": {"DescribeNetworkPeerConnections"}})
			return b
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := os.ReadFile(filepath.Join("testdata", tc.example))
			if err != nil {
				t.Fatal(err)
			}
			got := tc.fetch(t)
			if d := diffShape("", shape(decode(t, got)), shape(decode(t, doc))); len(d) > 0 {
				t.Errorf("the answer differs from the document's example:\n%s\nanswer: %s", strings.Join(d, "\n"), got)
			}
		})
	}
}

// TestPageFields checks the pagination fields each server writes from a
// page: tokens, totals, sizes as the documents describe them.
func TestPageFields(t *testing.T) {
	items := Active(IDs(ENSID, 1, 25)...)
	t.Run("baidu", func(t *testing.T) {
		s := NewBaidu(t, Config{Script: Listing{Items: Active(IDs(BaiduID, 1, 3)...)}})
		_, b := get(t, s.URL()+"/v1/peerconn?maxKeys=2")
		var p struct {
			PeerConns   []map[string]any `json:"peerConns"`
			Marker      *string          `json:"marker"`
			IsTruncated bool             `json:"isTruncated"`
			NextMarker  *string          `json:"nextMarker"`
			MaxKeys     int              `json:"maxKeys"`
		}
		if err := json.Unmarshal(b, &p); err != nil {
			t.Fatal(err)
		}
		if len(p.PeerConns) != 2 || !p.IsTruncated || p.NextMarker == nil || *p.NextMarker != BaiduID(3) ||
			p.Marker == nil || *p.Marker != BaiduID(1) || p.MaxKeys != 2 {
			t.Fatalf("first page: %s", b)
		}
		_, b = get(t, s.URL()+"/v1/peerconn?maxKeys=2&marker="+*p.NextMarker)
		p.NextMarker, p.Marker = nil, nil
		if err := json.Unmarshal(b, &p); err != nil {
			t.Fatal(err)
		}
		if len(p.PeerConns) != 1 || p.IsTruncated || p.NextMarker != nil || *p.Marker != BaiduID(3) {
			t.Fatalf("last page: %s (nextMarker must be absent)", b)
		}
		// An empty list has no marker.
		e := NewBaidu(t, Config{})
		if _, b := get(t, e.URL()+"/v1/peerconn"); strings.Contains(string(b), `"marker"`) || !strings.Contains(string(b), `"isTruncated":false`) {
			t.Fatalf("empty list: %s", b)
		}
	})
	t.Run("vpcpeer", func(t *testing.T) {
		s := NewVpcPeer(t, Config{Script: Listing{Items: items[:3], Total: Announce(7)}})
		_, b := post(t, s.URL(), url.Values{"Action": {"ListVpcPeerConnections"}, "MaxResults": {"2"}})
		var p map[string]any
		_ = json.Unmarshal(b, &p)
		if p["TotalCount"] != 7.0 || p["MaxResults"] != 2.0 || p["NextToken"] != ENSID(3) {
			t.Fatalf("first page: %s", b)
		}
		_, b = post(t, s.URL(), url.Values{"Action": {"ListVpcPeerConnections"}, "MaxResults": {"2"}, "NextToken": {ENSID(3)}})
		p = nil
		_ = json.Unmarshal(b, &p)
		if _, ok := p["NextToken"]; ok || len(p["VpcPeerConnects"].([]any)) != 1 {
			t.Fatalf("last page: %s (NextToken must be absent)", b)
		}
		n := NewVpcPeer(t, Config{Script: Listing{Items: items[:1]}})
		if _, b := post(t, n.URL(), url.Values{"Action": {"ListVpcPeerConnections"}}); strings.Contains(string(b), "TotalCount") {
			t.Fatalf("a page without a Total announces one: %s", b)
		}
	})
	t.Run("ens capped", func(t *testing.T) {
		s := NewENS(t, Config{Script: Listing{Items: items, TrueTotal: true, Cap: 10}})
		_, b := post(t, s.URL(), url.Values{"Action": {"DescribeNetworkPeerConnections"}, "PageSize": {"20"}, "PageNumber": {"3"}})
		var p struct {
			PageNumber, PageSize, TotalCount string
			NetworkPeerConnects              []struct{ InstanceId string }
		}
		if err := json.Unmarshal(b, &p); err != nil {
			t.Fatal(err)
		}
		if p.PageNumber != "3" || p.PageSize != "10" || p.TotalCount != "25" || len(p.NetworkPeerConnects) != 5 ||
			p.NetworkPeerConnects[0].InstanceId != ENSID(21) {
			t.Fatalf("page 3 at a cap of 10: %s", b)
		}
	})
}

// TestServerSideFilters checks that a Listing applies the filters each
// document says the API applies, in every parameter form the SDKs use.
func TestServerSideFilters(t *testing.T) {
	items := []Item{{ID: "a", Network: "n-1"}, {ID: "b", PeerNetwork: "n-1", Name: "x"}, {ID: "c", Name: "x"}}
	ids := func(b []byte, key string) []string {
		var p map[string]json.RawMessage
		var recs []struct {
			ID  string `json:"InstanceId"`
			BID string `json:"peerConnId"`
		}
		if err := json.Unmarshal(b, &p); err != nil {
			t.Fatalf("%v: %s", err, b)
		}
		if err := json.Unmarshal(p[key], &recs); err != nil {
			t.Fatalf("%v: %s", err, b)
		}
		var out []string
		for _, r := range recs {
			out = append(out, r.ID+r.BID)
		}
		return out
	}
	e := NewENS(t, Config{Script: Listing{Items: items}})
	v := NewVpcPeer(t, Config{Script: Listing{Items: items}})
	b := NewBaidu(t, Config{Script: Listing{Items: items}})
	cases := []struct {
		name string
		got  func() []byte
		key  string
		want []string
	}{
		{"ens NetworkIds.1", func() []byte {
			_, r := post(t, e.URL(), url.Values{"Action": {"DescribeNetworkPeerConnections"}, "NetworkIds.1": {"n-1"}})
			return r
		}, "NetworkPeerConnects", []string{"a", "b"}},
		{"ens default network", func() []byte {
			_, r := post(t, e.URL(), url.Values{"Action": {"DescribeNetworkPeerConnections"}, "NetworkIds.1": {ENSLocalNetwork}})
			return r
		}, "NetworkPeerConnects", []string{"b", "c"}},
		{"ens Name", func() []byte {
			_, r := post(t, e.URL(), url.Values{"Action": {"DescribeNetworkPeerConnections"}, "Name": {"x"}})
			return r
		}, "NetworkPeerConnects", []string{"b", "c"}},
		{"vpcpeer VpcId JSON", func() []byte {
			_, r := post(t, v.URL(), url.Values{"Action": {"ListVpcPeerConnections"}, "VpcId": {`["n-1"]`}})
			return r
		}, "VpcPeerConnects", []string{"a", "b"}},
		{"vpcpeer InstanceId", func() []byte {
			_, r := post(t, v.URL(), url.Values{"Action": {"ListVpcPeerConnections"}, "InstanceId": {"c"}})
			return r
		}, "VpcPeerConnects", []string{"c"}},
		{"baidu vpcId", func() []byte {
			_, r := get(t, b.URL()+"/v1/peerconn?vpcId=n-1")
			return r
		}, "peerConns", []string{"a", "b"}},
	}
	for _, tc := range cases {
		if got := ids(tc.got(), tc.key); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestScripts checks the scripts on requests made by hand.
func TestScripts(t *testing.T) {
	pages := Pages{
		{Items: Active("1"), Next: "A"},
		{Items: Active("2"), Next: "B"},
		{Items: Active("3"), Next: "A"}, // the token comes back
		{Items: Active("4")},
	}
	walk := Walk{Items: func(n int) []Item { return Active(fmt.Sprint(n % 3)) }, Last: 4}
	listing := Listing{Items: Active("1", "2", "3", "4", "5"), Cap: 2}
	cases := []struct {
		name   string
		script Script
		req    Request
		ids    []string
		next   string
		fails  bool
	}{
		{"pages first", pages, Request{Number: 1}, []string{"1"}, "A", false},
		{"pages token", pages, Request{Token: "B", Number: 1}, []string{"3"}, "A", false},
		{"pages repeated token leads where it led first", pages, Request{Token: "A", Number: 1}, []string{"2"}, "B", false},
		{"pages unknown token", pages, Request{Token: "Z", Number: 1}, nil, "", true},
		{"pages by number", pages, Request{Number: 4}, []string{"4"}, "", false},
		{"pages past the end", pages, Request{Number: 9}, nil, "", false},
		{"walk first", walk, Request{Number: 1}, []string{"1"}, "page-2", false},
		{"walk token", walk, Request{Token: "page-3", Number: 1}, []string{"0"}, "page-4", false},
		{"walk last", walk, Request{Token: "page-4", Number: 1}, []string{"1"}, "", false},
		{"walk by number", walk, Request{Number: 2}, []string{"2"}, "page-3", false},
		{"walk bad token", walk, Request{Token: "x", Number: 1}, nil, "", true},
		{"listing capped", listing, Request{Number: 1, Size: 3}, []string{"1", "2"}, "3", false},
		{"listing by token", listing, Request{Token: "3", Number: 1, Size: 3}, []string{"3", "4"}, "5", false},
		{"listing by number at the cap", listing, Request{Number: 3, Size: 3}, []string{"5"}, "", false},
		{"listing past the end", listing, Request{Number: 4, Size: 3}, nil, "", false},
	}
	for _, tc := range cases {
		p := tc.script.Page(tc.req)
		var ids []string
		for _, it := range p.Items {
			ids = append(ids, it.ID)
		}
		if !slices.Equal(ids, tc.ids) || p.Next != tc.next || (p.Fail != nil) != tc.fails {
			t.Errorf("%s: items %v next %q fail %v, want %v %q fail %v", tc.name, ids, p.Next, p.Fail, tc.ids, tc.next, tc.fails)
		}
	}
}

func TestOnce(t *testing.T) {
	cases := []struct {
		got, want []string
		diff      string
	}{
		{[]string{"a", "b"}, []string{"b", "a"}, ""},
		{nil, nil, ""},
		{[]string{"a", "a", "c"}, []string{"a", "b"}, "3 yielded, 2 wanted: a yielded 2 times; b missing; c not expected (yielded 1 times)"},
	}
	for _, tc := range cases {
		if got := Once(tc.got, tc.want); got != tc.diff {
			t.Errorf("Once(%v, %v) = %q, want %q", tc.got, tc.want, got, tc.diff)
		}
	}
}

// TestKnobs checks the hostile knobs and the counters over HTTP.
func TestKnobs(t *testing.T) {
	t.Run("pad", func(t *testing.T) {
		s := NewVpcPeer(t, Config{Script: Listing{Items: Active("a")}, Pad: 1 << 20})
		_, b := post(t, s.URL(), url.Values{"Action": {"ListVpcPeerConnections"}})
		var p struct {
			Padding         string
			VpcPeerConnects []struct{ InstanceId string }
		}
		if err := json.Unmarshal(b, &p); err != nil || len(p.Padding) != 1<<20 || len(p.VpcPeerConnects) != 1 {
			t.Fatalf("padded body of %d bytes: %v, padding %d, %d records", len(b), err, len(p.Padding), len(p.VpcPeerConnects))
		}
		// Only list answers are padded.
		v := NewBaidu(t, Config{Pad: 1 << 20})
		if _, b := get(t, v.URL()+"/v1/vpc/"+BaiduLocalVPC); len(b) > 1<<10 {
			t.Fatalf("a VPC answer of %d bytes under Pad", len(b))
		}
	})
	t.Run("endless", func(t *testing.T) {
		s := NewBaidu(t, Config{Script: Listing{Items: Active("a", "b")}, Endless: true})
		resp, err := http.Get(s.URL() + "/v1/peerconn")
		if err != nil {
			t.Fatal(err)
		}
		const read = 1 << 20
		b, err := io.ReadAll(io.LimitReader(resp.Body, read))
		resp.Body.Close() // hangs up: the server stops writing
		if err != nil || len(b) != read {
			t.Fatalf("read %d bytes of an endless body: %v", len(b), err)
		}
		if json.Valid(b) || !strings.Contains(string(b[:200]), `"peerConns":[{"peerConnId":"a"`) {
			t.Fatalf("endless body starts %.200s", b)
		}
		// The records go on, each a copy of the page's first.
		if n := strings.Count(string(b), `"peerConnId":"a"`); n < 300 {
			t.Fatalf("%d records in %d bytes", n, len(b))
		}
	})
	t.Run("endless ceiling", func(t *testing.T) {
		s := NewENS(t, Config{Endless: true, EndlessCeiling: 256 << 10})
		_, b := post(t, s.URL(), url.Values{"Action": {"DescribeNetworkPeerConnections"}})
		if len(b) < 256<<10 || len(b) > 256<<10+128<<10 || json.Valid(b) {
			t.Fatalf("a body stopped at a ceiling of 256 KiB has %d bytes", len(b))
		}
	})
	t.Run("limit and counters", func(t *testing.T) {
		s := NewBaidu(t, Config{Script: Listing{Items: Active("a")}, Limit: 3})
		get(t, s.URL()+"/v1/peerconn")
		get(t, s.URL()+"/v1/vpc/"+BaiduLocalVPC)
		if code, _ := get(t, s.URL()+"/v1/peerconn"); code != 200 {
			t.Fatalf("third request: HTTP %d", code)
		}
		code, b := get(t, s.URL()+"/v1/peerconn")
		var e map[string]string
		_ = json.Unmarshal(b, &e)
		if code != 403 || e["code"] != "AccessDenied" || !strings.Contains(e["message"], "limit of 3 requests") || e["requestId"] == "" {
			t.Fatalf("past the limit: HTTP %d %s", code, b)
		}
		if s.Requests() != 4 || s.ListRequests() != 2 || len(s.Seen()) != 2 || s.Seen()[1].N != 2 {
			t.Fatalf("requests %d, list requests %d, seen %v", s.Requests(), s.ListRequests(), s.Seen())
		}
	})
	t.Run("alibaba errors are strings", func(t *testing.T) {
		s := NewENS(t, Config{})
		for _, p := range []url.Values{
			{"Action": {"DescribeNetworkPeerConnections"}, "PageSize": {"5"}},
			{"Action": {"Nope"}},
			{"Action": {"CreateNetworkPeerConnection"}, "NetworkId": {"n-1"}},
		} {
			code, b := post(t, s.URL(), p)
			var e map[string]any
			if err := json.Unmarshal(b, &e); err != nil || code < 400 {
				t.Fatalf("%v: HTTP %d %s", p, code, b)
			}
			for _, k := range []string{"RequestId", "HostId", "Code", "Message", "Recommend"} {
				if _, ok := e[k].(string); !ok {
					t.Errorf("%v: %s is %v, want a string", p, k, e[k])
				}
			}
		}
	})
	t.Run("ens create", func(t *testing.T) {
		ok := NewENS(t, Config{})
		_, b := post(t, ok.URL(), url.Values{"Action": {"CreateNetworkPeerConnection"}, "NetworkId": {"n-1"}, "AcceptingNetworkId": {"n-2"}})
		if !strings.Contains(string(b), `"InstanceId":"pcc-c`) {
			t.Fatalf("create: %s", b)
		}
		bad := NewENS(t, Config{CreateFail: &APIError{Status: 400, Code: "OperationDenied.NetworkPeerConnectionExists", Message: "exists"}})
		code, b := post(t, bad.URL(), url.Values{"Action": {"CreateNetworkPeerConnection"}, "NetworkId": {"n-1"}, "AcceptingNetworkId": {"n-2"}})
		if code != 400 || !strings.Contains(string(b), "NetworkPeerConnectionExists") {
			t.Fatalf("scripted failure: HTTP %d %s", code, b)
		}
	})
	t.Run("baidu vpcs", func(t *testing.T) {
		s := NewBaidu(t, Config{VPCs: map[string]string{"vpc-b": "10.1.0.0/16", "vpc-a": "10.0.0.0/16"}})
		if _, b := get(t, s.URL()+"/v1/vpc/vpc-a"); !strings.Contains(string(b), `"cidr":"10.0.0.0/16"`) {
			t.Fatalf("GET /v1/vpc/vpc-a: %s", b)
		}
		if code, b := get(t, s.URL()+"/v1/vpc/vpc-z"); code != 404 || !strings.Contains(string(b), "NoSuchObject") {
			t.Fatalf("an unknown VPC: HTTP %d %s", code, b)
		}
		_, b := get(t, s.URL()+"/v1/vpc?maxKeys=1")
		if !strings.Contains(string(b), `"nextMarker":"vpc-b"`) || !strings.Contains(string(b), `"vpcId":"vpc-a"`) {
			t.Fatalf("GET /v1/vpc: %s", b)
		}
	})
}
