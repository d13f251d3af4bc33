package bce

import (
	"bufio"
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/baidubce/bce-sdk-go/auth"
	bcehttp "github.com/baidubce/bce-sdk-go/http"
)

// Fuzz targets for the emulator's bce-auth-v1 verifier: the Authorization
// header parser, and canonicalisation checked against the official SDK's
// signer over requests as they arrive on the wire. Their seeds (the signing
// vectors) run with every `go test`; to search further:
//
//	go test -run='^$' -fuzz='^FuzzParseAuthorization$' -fuzztime=10m -fuzzminimizetime=5s ./emulator/bce/
//	go test -run='^$' -fuzz='^FuzzAuthenticate$' -fuzztime=10m -fuzzminimizetime=5s ./emulator/bce/
//
// -fuzzminimizetime bounds the shrinking of each new input (a minute by
// default), which with a slow target stalls the search.

// fuzzVectors reads the signing vectors for seeds.
func fuzzVectors(f *testing.F) []signingVector {
	data, err := os.ReadFile("testdata/signing_vectors.json")
	if err != nil {
		f.Fatal(err)
	}
	var vs []signingVector
	if err := json.Unmarshal(data, &vs); err != nil {
		f.Fatal(err)
	}
	return vs
}

// FuzzParseAuthorization: the parser never panics, refuses with
// InvalidHTTPAuthHeader, and what it accepts is consistent with the header:
// the access key accessKeyOf reads, a positive expiry, a 64-digit lowercase
// hex signature, the header's own first four parts as the signing prefix,
// and lowercased, trimmed header names.
func FuzzParseAuthorization(f *testing.F) {
	for _, v := range fuzzVectors(f) {
		f.Add(strings.Join([]string{authVersion, v.AccessKeyID, v.Timestamp, "1800", v.AuthorizationSignedHeaders, v.Signature}, "/"))
	}
	f.Add("bce-auth-v1/ak/2014-06-13T05:57:36Z/1800/ Host ; X-Bce-Date /" + strings.Repeat("A", 64))
	f.Add("bce-auth-v1/ak/2014-06-13T05:57:36Z/-1//" + strings.Repeat("0", 64))
	f.Fuzz(func(t *testing.T, header string) {
		h, aerr := parseAuthorization(header)
		if aerr != nil {
			if aerr.code != CodeInvalidHTTPAuthHeader || aerr.status != http.StatusBadRequest {
				t.Fatalf("refused with %d %s, want 400 %s", aerr.status, aerr.code, CodeInvalidHTTPAuthHeader)
			}
			return
		}
		if h.accessKeyID == "" || accessKeyOf(header) != h.accessKeyID {
			t.Fatalf("access key %q, accessKeyOf says %q", h.accessKeyID, accessKeyOf(header))
		}
		if h.expire <= 0 {
			t.Fatalf("expiry %v", h.expire)
		}
		if _, err := time.Parse(isoLayout, h.timestamp.Format(isoLayout)); err != nil || h.timestamp.Location() != time.UTC {
			t.Fatalf("timestamp %v", h.timestamp)
		}
		if len(h.signature) != 64 || strings.Trim(h.signature, "0123456789abcdef") != "" {
			t.Fatalf("signature %q is not 64 lowercase hex digits", h.signature)
		}
		if !strings.HasPrefix(header, h.prefix+"/") || strings.Count(h.prefix, "/") != 3 {
			t.Fatalf("prefix %q is not the header's first four parts", h.prefix)
		}
		for _, name := range h.signed {
			if name == "" || name != strings.ToLower(strings.TrimSpace(name)) {
				t.Fatalf("signed header name %q", name)
			}
		}
	})
}

// fuzzMethods are the methods the API uses; a fuzzed byte picks one.
var fuzzMethods = []string{http.MethodGet, http.MethodPut, http.MethodPost, http.MethodDelete}

// FuzzAuthenticate: a request signed by the official SDK, with any path,
// query parameter (or none), x-bce-* header and body, is accepted by the verifier once
// it has crossed the wire, which is what Baidu's own verifier does. A
// disagreement means the emulator would refuse a real client (or accept
// what BCE refuses).
func FuzzAuthenticate(f *testing.F) {
	for _, v := range fuzzVectors(f) {
		u, err := url.Parse(v.URL)
		if err != nil {
			f.Fatal(err)
		}
		key, value := "", "" // the first parameter, by name: the fuzzer varies one
		if q := u.Query(); len(q) > 0 {
			key = slices.Sorted(maps.Keys(q))[0]
			value = q.Get(key)
		}
		f.Add(byte(len(v.Name)), strings.TrimPrefix(u.Path, "/"), key, value, v.Headers["x-bce-meta-key1"], []byte(nil))
	}
	f.Add(byte(2), "v1/peerconn", "clientToken", "tok 1/é", "a  b", []byte(`{"bandwidthInMbps":10}`))
	f.Add(byte(1), "v1/peerconn/peerconn-abc", "resize", "", "", []byte(`{"newBandwidthInMbps":20}`))

	acct := Account{ID: "75c14a239bb24b9e88b695e8e9e47952", AccessKeyID: "ak-fuzz", SecretAccessKey: "sk-fuzz"}
	s := New(Config{})
	s.AddAccount(acct)
	f.Fuzz(func(t *testing.T, m byte, path, key, value, meta string, body []byte) {
		method := fuzzMethods[int(m)%len(fuzzMethods)]
		if key == "" && value != "" || !wireSafe(meta) {
			t.Skip("a value without a parameter, or a header value HTTP cannot carry")
		}
		wire, err := sdkSigned(acct, method, "/"+path, key, value, meta, body)
		if err != nil {
			t.Fatal(err)
		}
		r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(wire)))
		if err != nil {
			t.Fatalf("the signed request does not parse: %v\n%q", err, wire)
		}
		got, err := io.ReadAll(r.Body)
		if err != nil {
			t.Fatal(err)
		}
		id, aerr := s.authenticate(r, got)
		if aerr != nil {
			t.Fatalf("refused %s %q ?%q=%q meta %q: %d %s: %s", method, path, key, value, meta, aerr.status, aerr.code, aerr.message)
		}
		if id != acct.ID {
			t.Fatalf("authenticated as %q", id)
		}
	})
}

// wireSafe reports whether an HTTP/1.1 header can carry v: no control
// characters other than tab.
func wireSafe(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

// sdkSigned returns the bytes of an HTTP/1.1 request signed by the SDK's
// signer, with the path and query percent-encoded as BCE clients send them.
func sdkSigned(a Account, method, path, key, value, meta string, body []byte) ([]byte, error) {
	const host = "bcc.bj.baidubce.com"
	var sr bcehttp.Request
	sr.SetMethod(method)
	sr.SetUri(path)
	query := ""
	if key != "" {
		sr.SetParams(map[string]string{key: value})
		query = "?" + uriEncode(key, false) + "=" + uriEncode(value, false)
	}
	sr.SetHeader("Host", host)
	sr.SetHeader("Content-Type", "application/json;charset=utf-8")
	now := time.Now()
	sr.SetHeader("x-bce-date", now.UTC().Format(isoLayout))
	if meta != "" {
		sr.SetHeader("x-bce-meta-fuzz", meta)
	}
	if len(body) > 0 {
		sum := md5.Sum(body)
		sr.SetHeader("Content-Md5", base64.StdEncoding.EncodeToString(sum[:]))
		sr.SetHeader("Content-Length", strconv.Itoa(len(body)))
	}
	cred, err := auth.NewBceCredentials(a.AccessKeyID, a.SecretAccessKey)
	if err != nil {
		return nil, err
	}
	(&auth.BceV1Signer{}).Sign(&sr, cred, &auth.SignOptions{
		HeadersToSign: auth.DEFAULT_HEADERS_TO_SIGN, Timestamp: now.Unix(), ExpireSeconds: 1800})

	var b bytes.Buffer
	b.WriteString(method + " " + uriEncode(path, true) + query + " HTTP/1.1\r\n")
	for k, v := range sr.Headers() {
		if !strings.EqualFold(k, "Content-Length") {
			b.WriteString(k + ": " + v + "\r\n")
		}
	}
	b.WriteString("Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n")
	b.Write(body)
	return b.Bytes(), nil
}
