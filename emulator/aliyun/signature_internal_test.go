package aliyun

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// signatureVectors are the published signature v1 vectors: A1 from the
// signature documentation, A2 from the Go SDK's own tests.
var signatureVectors = []struct {
	name, method, secret string
	params               params
	stringToSign         string
	signature            string
}{
	{
		name: "A1 docs", method: "GET", secret: "testsecret",
		params: params{
			"AccessKeyId": "testid", "Action": "DescribeRegions", "Format": "XML",
			"SignatureMethod": "HMAC-SHA1", "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
			"SignatureVersion": "1.0", "Timestamp": "2016-02-23T12:46:24Z", "Version": "2014-05-26",
		},
		stringToSign: "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26",
		signature:    "OLeaidS1JvxuMvnyHOwuJ+uX5qY=",
	},
	{
		name: "A2 SDK", method: "GET", secret: "accessKeySecret",
		params: params{
			"AccessKeyId": "accessKeyId", "Action": "", "Format": "JSON", "RegionId": "regionId",
			"SignatureMethod": "HMAC-SHA1", "SignatureNonce": "MOCK_UUID", "SignatureType": "",
			"SignatureVersion": "1.0", "Timestamp": "mock date", "Version": "",
		},
		stringToSign: "GET&%2F&AccessKeyId%3DaccessKeyId%26Action%3D%26Format%3DJSON%26RegionId%3DregionId%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3DMOCK_UUID%26SignatureType%3D%26SignatureVersion%3D1.0%26Timestamp%3Dmock%2520date%26Version%3D",
		signature:    "7loPmFjvDnzOVnQeQNj85S6nFGY=",
	},
	{
		name: "A2 SDK with SecurityToken", method: "GET", secret: "accessKeySecret",
		params: params{
			"AccessKeyId": "accessKeyId", "Action": "", "Format": "JSON", "RegionId": "regionId",
			"SignatureMethod": "HMAC-SHA1", "SignatureNonce": "MOCK_UUID", "SignatureType": "",
			"SignatureVersion": "1.0", "Timestamp": "mock date", "Version": "",
			"SecurityToken": "accessKeyStsToken",
		},
		signature: "5Nxdcler+ihqWqv0Hr2On4PsBf4=",
	},
}

// TestSignatureVectors checks the verifier's StringToSign and signature
// against the published vectors, with the Signature parameter present (the
// verifier must leave it out).
func TestSignatureVectors(t *testing.T) {
	for _, v := range signatureVectors {
		t.Run(v.name, func(t *testing.T) {
			p := params{"Signature": "ignored"}
			for k, val := range v.params {
				p[k] = val
			}
			sts := stringToSign(v.method, p)
			if v.stringToSign != "" && sts != v.stringToSign {
				t.Errorf("StringToSign\n got %s\nwant %s", sts, v.stringToSign)
			}
			if got := sign(v.secret, sts); got != v.signature {
				t.Errorf("signature = %s, want %s", got, v.signature)
			}
		})
	}
}

func TestPercentEncode(t *testing.T) {
	for in, want := range map[string]string{
		"a b":      "a%20b",
		"a*b":      "a%2Ab",
		"a~b":      "a~b",
		"a+b":      "a%2Bb",
		"-_.":      "-_.",
		"中":        "%E4%B8%AD",
		"k=v&x/y:": "k%3Dv%26x%2Fy%3A",
	} {
		if got := percentEncode(in); got != want {
			t.Errorf("percentEncode(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestNonceWindow drives the nonce memory with explicit instants: a nonce is
// refused within the window, accepted again after it, per key, and expired
// entries are dropped.
func TestNonceWindow(t *testing.T) {
	a := newAuth()
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	steps := []struct {
		key, nonce string
		at         time.Duration
		want       bool
	}{
		{"k1", "n1", 0, true},
		{"k1", "n1", time.Minute, false},
		{"k2", "n1", time.Minute, true}, // another key may use the same nonce
		{"k1", "n2", 2 * time.Minute, true},
		{"k1", "n1", nonceWindow - time.Second, false},
		{"k1", "n1", nonceWindow + time.Second, true}, // forgotten, then seen anew
		{"k1", "n1", nonceWindow + 2*time.Second, false},
	}
	for i, s := range steps {
		if got := a.useNonce(s.key, s.nonce, t0.Add(s.at)); got != s.want {
			t.Fatalf("step %d: useNonce(%s, %s, +%v) = %v, want %v", i, s.key, s.nonce, s.at, got, s.want)
		}
	}
	a.useNonce("k3", "last", t0.Add(3*nonceWindow))
	if len(a.nonces) != 1 || len(a.order) != 1 {
		t.Errorf("after the window, %d nonces and %d queued remain, want 1 and 1", len(a.nonces), len(a.order))
	}
}

// TestACS3Vector checks the ACS3 canonical request, string to sign and
// signature against darabonba-openapi v2.1.13's own vector
// (utils/client_test.go, Test_GetAuthorization): no method, an empty path, a
// parameter with no value, and one header sent twice under two spellings.
func TestACS3Vector(t *testing.T) {
	query := url.Values{"test": {"ok"}, "empty": {""}}
	header := func(name string) []string {
		if name == "x-acs-test" {
			return []string{"http", "https"}
		}
		return nil
	}
	cr := acs3CanonicalRequest("", "", query, header, []string{"x-acs-test"}, "55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23")
	want := "\n/\nempty=&test=ok\nx-acs-test:http,https\n\nx-acs-test\n55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23"
	if cr != want {
		t.Errorf("canonical request\n got %q\nwant %q", cr, want)
	}
	if got := acs3Sign("secret", acs3StringToSign(cr)); got != "4ab59fffe3c5738ff8a2729f90cc04fe18b02a4b15b2102cbaf92f9ff3df2ea3" {
		t.Errorf("signature %s", got)
	}
}

// TestParseACS3Authorization: the header's form, and what is refused as
// malformed rather than read as signature v1.
func TestParseACS3Authorization(t *testing.T) {
	a, ok := parseACS3Authorization("ACS3-HMAC-SHA256 Credential=LTAI1,SignedHeaders=host;x-acs-date,Signature=ab12")
	if !ok || a.malformed != "" || a.algorithm != acs3Algorithm || a.keyID != "LTAI1" || a.signature != "ab12" ||
		strings.Join(a.signedHeaders, ";") != "host;x-acs-date" {
		t.Errorf("well-formed header read as %+v, %v", a, ok)
	}
	if _, ok := parseACS3Authorization("bce-auth-v1/ak/2024-01-01T00:00:00Z/1800//sig"); ok {
		t.Error("a header of another scheme was taken for ACS3")
	}
	for _, h := range []string{
		"ACS3-HMAC-SHA256",
		"ACS3-HMAC-SHA256 Credential=LTAI1,SignedHeaders=host",
		"ACS3-HMAC-SHA256 Credential=,SignedHeaders=host,Signature=ab",
		"ACS3-HMAC-SHA256 Credential=LTAI1,SignedHeaders=host;;x-acs-date,Signature=ab",
		"ACS3-HMAC-SHA256 Credential=LTAI1,Credential=LTAI2,SignedHeaders=host,Signature=ab",
	} {
		if a, ok := parseACS3Authorization(h); !ok || a.malformed == "" {
			t.Errorf("%q not refused: %+v", h, a)
		}
	}
}
