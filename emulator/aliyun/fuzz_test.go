package aliyun

import (
	"errors"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzAuthenticate fuzzes the parameters of a request, in its query and its
// form body, through the emulator's parameter parsing and signature v1
// verification. Its seeds (the published signature vectors) run with every
// `go test`; to search further:
//
//	go test -run='^$' -fuzz='^FuzzAuthenticate$' -fuzztime=10m -fuzzminimizetime=5s ./emulator/aliyun/
//
// -fuzzminimizetime bounds the shrinking of each new input (a minute by
// default), which with a slow target stalls the search.
//
// Properties, for any parameters:
//   - parsing and verifying never panic, and what arrives unsigned is refused
//     with one of the API's error codes;
//   - the same parameters, signed with signature v1 (whose vectors
//     TestSignatureVectors checks) and sent over the wire percent-encoded
//     as the SDKs send them, parse back to exactly what was signed and are
//     accepted;
//   - the same request again is refused as a nonce replay;
//   - any parameter changed after signing is refused as a bad signature.
func FuzzAuthenticate(f *testing.F) {
	for _, v := range signatureVectors {
		q := url.Values{}
		for k, val := range v.params {
			q.Set(k, val)
		}
		f.Add(q.Encode(), "")
	}
	f.Add("Format=JSON&Version=2022-01-01&RegionId=cn-hangzhou", "Action=ListVpcPeerConnections&MaxResults=100&NextToken=a%2Bb%3D")
	f.Add("Action=DescribeNetworkPeerConnections&Version=2017-11-10&NetworkIds.1=n-a&Name=%E4%B8%AD%20*~", "PageSize=10")

	const (
		keyID  = "LTAIfuzzfuzzfuzzfuzz"
		secret = "fuzzSecretfuzzSecretfuzzSecret"
		uid    = int64(253460731706911258)
	)
	var nonce int
	f.Fuzz(func(t *testing.T, query, form string) {
		r, err := http.NewRequest(http.MethodPost, "http://127.0.0.1/?"+query, strings.NewReader(form))
		if err != nil {
			t.Skip("not a URL a client can send")
		}
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req := parseRequest(r)
		if req.parseErr != nil {
			return // answered InvalidParameter before any signature check
		}
		// A fresh service per input: its nonce memory would otherwise grow
		// with every execution of a long run.
		s := &Service{auth: newAuth()}
		s.auth.addKey(keyID, credential{uid: uid, secret: secret})

		if _, err := s.authenticate(http.MethodPost, req.params); err == nil {
			t.Fatalf("unsigned parameters accepted: %v", req.params)
		} else {
			requireAPIError(t, err, "")
		}

		p := maps.Clone(req.params)
		nonce++
		p["AccessKeyId"], p["SignatureMethod"], p["SignatureVersion"] = keyID, "HMAC-SHA1", "1.0"
		p["Timestamp"], p["SignatureNonce"] = time.Now().UTC().Format(timeLayout), "nonce-"+strconv.Itoa(nonce)
		delete(p, "SecurityToken") // a long-term key: a token would be refused
		p["Signature"] = sign(secret, stringToSign(http.MethodPost, p))

		sent, err := http.NewRequest(http.MethodPost, "http://127.0.0.1/?"+encodeParams(p), strings.NewReader(""))
		if err != nil {
			t.Fatalf("the signed request cannot be built: %v", err)
		}
		sent.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		got := parseRequest(sent)
		if got.parseErr != nil || !maps.Equal(got.params, p) {
			t.Fatalf("signed parameters do not survive the wire: %v\nsent %v\ngot  %v", got.parseErr, p, got.params)
		}
		if who, err := s.authenticate(http.MethodPost, got.params); err != nil || who != uid {
			t.Fatalf("signed request refused (uid %d): %v", who, err)
		}
		if _, err := s.authenticate(http.MethodPost, got.params); err == nil {
			t.Fatal("a replayed nonce was accepted")
		} else {
			requireAPIError(t, err, "SignatureNonceUsed")
		}

		for _, k := range slices.Sorted(maps.Keys(p)) {
			if k == "Signature" {
				continue
			}
			changed := maps.Clone(p)
			changed[k] += "x"
			if _, err := s.authenticate(http.MethodPost, changed); err == nil {
				t.Fatalf("accepted with %s changed after signing", k)
			} else if k != "AccessKeyId" && k != "SignatureMethod" && k != "SignatureVersion" && k != "Timestamp" {
				// Those four are refused earlier, for what they are.
				requireAPIError(t, err, "SignatureDoesNotMatch")
			}
		}
	})
}

// requireAPIError fails t unless err is an *apiError with a code and a
// status the API answers with (and, when want is set, that code).
func requireAPIError(t *testing.T, err error, want string) {
	t.Helper()
	var ae *apiError
	if !errors.As(err, &ae) {
		t.Fatalf("error %T is not an API error: %v", err, err)
	}
	if ae.code == "" || ae.status != http.StatusBadRequest && ae.status != http.StatusNotFound {
		t.Fatalf("refused with %d %q", ae.status, ae.code)
	}
	if want != "" && ae.code != want {
		t.Fatalf("refused with %s, want %s", ae.code, want)
	}
}

// encodeParams writes parameters as an SDK does: RFC 3986 percent-encoding,
// sorted by key.
func encodeParams(p params) string {
	var b strings.Builder
	for i, k := range slices.Sorted(maps.Keys(p)) {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(percentEncode(k) + "=" + percentEncode(p[k]))
	}
	return b.String()
}
