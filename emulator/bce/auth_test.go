package bce_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/baidubce/bce-sdk-go/auth"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator/bce"
)

// vector is the part of testdata/signing_vectors.json a request needs.
type vector struct {
	Name                       string            `json:"name"`
	AccessKeyID                string            `json:"accessKeyId"`
	SecretAccessKey            string            `json:"secretAccessKey"`
	Timestamp                  string            `json:"timestamp"`
	Method                     string            `json:"method"`
	URL                        string            `json:"url"`
	Headers                    map[string]string `json:"headers"`
	AuthorizationSignedHeaders string            `json:"authorizationSignedHeaders"`
	Signature                  string            `json:"signature"`
}

// The vectors' requests, sent through the handler, pass signature
// verification (including B1's empty signedHeaders, the default set) and
// are then refused only because they were signed in 2014 and 2015; with one
// signature digit changed they are refused as forged.
func TestVectorsThroughHandler(t *testing.T) {
	data, err := os.ReadFile("testdata/signing_vectors.json")
	require.NoError(t, err)
	var vs []vector
	require.NoError(t, json.Unmarshal(data, &vs))
	require.Len(t, vs, 5)

	for _, v := range vs {
		t.Run(v.Name, func(t *testing.T) {
			svc := bce.New(bce.Config{})
			svc.AddAccount(bce.Account{ID: strings.Repeat("0", 32), AccessKeyID: v.AccessKeyID, SecretAccessKey: v.SecretAccessKey})
			h := svc.Handler("bj")
			for _, tc := range []struct {
				name, signature, code string
			}{
				{"genuine", v.Signature, bce.CodeRequestExpired},
				{"forged", flipLastDigit(v.Signature), bce.CodeSignatureDoesNotMatch},
			} {
				t.Run(tc.name, func(t *testing.T) {
					var body io.Reader
					if n := v.Headers["Content-Length"]; n != "" && n != "0" {
						body = strings.NewReader("ABCDEFGH")
					}
					req := httptest.NewRequest(v.Method, v.URL, body)
					for k, val := range v.Headers {
						if k == "Host" {
							req.Host = val
						} else {
							req.Header.Set(k, val)
						}
					}
					req.Header.Set("Authorization", strings.Join([]string{"bce-auth-v1", v.AccessKeyID, v.Timestamp, "1800", v.AuthorizationSignedHeaders, tc.signature}, "/"))
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, req)
					require.Equal(t, http.StatusBadRequest, rec.Code)
					var e map[string]string
					require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &e))
					require.Equal(t, tc.code, e["code"], e["message"])
				})
			}
		})
	}
}

func flipLastDigit(sig string) string {
	last := sig[len(sig)-1]
	if last == '0' {
		return sig[:len(sig)-1] + "1"
	}
	return sig[:len(sig)-1] + "0"
}

// Requests signed by the SDK's signer are refused with the right code when
// anything signed changes, when their time is out of bounds, or when their
// credentials or header are wrong; the unchanged ones pass.
func TestAuthRejections(t *testing.T) {
	w := newWorld(t, bce.Config{})
	list := w.url["bj"] + "/v1/peerconn?maxKeys=10"
	createURL := w.url["bj"] + "/v1/peerconn?clientToken=t1"
	body := []byte(`{"bandwidthInMbps":10,"localVpcId":"vpc-abj1","peerVpcId":"vpc-abj2","peerRegion":"bj","billing":{"paymentTiming":"Postpaid"}}`)

	for _, tc := range []struct {
		name   string
		req    func(t *testing.T) *http.Request
		status int
		code   string // "" = success
	}{
		{"genuine", func(t *testing.T) *http.Request { return signed(t, acctA, "GET", list, nil, signOpts{}) }, 200, ""},
		{"genuine with a body", func(t *testing.T) *http.Request { return signed(t, acctA, "POST", createURL, body, signOpts{}) }, 200, ""},
		{"security token", func(t *testing.T) *http.Request {
			return signed(t, acctA, "GET", list, nil, signOpts{token: "sts-token"})
		}, 200, ""},
		{"tampered query", func(t *testing.T) *http.Request {
			r := signed(t, acctA, "GET", list, nil, signOpts{})
			r.URL.RawQuery = "maxKeys=11"
			return r
		}, 400, bce.CodeSignatureDoesNotMatch},
		{"added query parameter", func(t *testing.T) *http.Request {
			r := signed(t, acctA, "GET", list, nil, signOpts{})
			r.URL.RawQuery += "&vpcId=vpc-abj1"
			return r
		}, 400, bce.CodeSignatureDoesNotMatch},
		{"tampered header", func(t *testing.T) *http.Request {
			r := signed(t, acctA, "GET", list, nil, signOpts{})
			r.Header.Set("Content-Type", "text/plain")
			return r
		}, 400, bce.CodeSignatureDoesNotMatch},
		{"tampered host", func(t *testing.T) *http.Request {
			r := signed(t, acctA, "GET", list, nil, signOpts{})
			r.Host = "bcc.bj.baidubce.com"
			return r
		}, 400, bce.CodeSignatureDoesNotMatch},
		{"tampered path", func(t *testing.T) *http.Request {
			r := signed(t, acctA, "GET", list, nil, signOpts{})
			r.URL.Path = "/v1/peerconn/peerconn-000000000000"
			return r
		}, 400, bce.CodeSignatureDoesNotMatch},
		{"tampered body", func(t *testing.T) *http.Request {
			r := signed(t, acctA, "POST", createURL, body, signOpts{})
			r.Body = io.NopCloser(bytes.NewReader(bytes.Replace(body, []byte(`:10,`), []byte(`:99,`), 1)))
			return r
		}, 400, bce.CodeBadDigest},
		{"tampered body and digest", func(t *testing.T) *http.Request {
			other := bytes.Replace(body, []byte(`:10,`), []byte(`:99,`), 1)
			r := signed(t, acctA, "POST", createURL, body, signOpts{})
			r.Body = io.NopCloser(bytes.NewReader(other))
			r.Header.Set("Content-Md5", signed(t, acctA, "POST", createURL, other, signOpts{}).Header.Get("Content-Md5"))
			return r
		}, 400, bce.CodeSignatureDoesNotMatch},
		{"expired", func(t *testing.T) *http.Request {
			return signed(t, acctA, "GET", list, nil, signOpts{timestamp: time.Now().Add(-time.Hour), expire: 1800})
		}, 400, bce.CodeRequestExpired},
		{"signed in the past beyond the skew", func(t *testing.T) *http.Request {
			return signed(t, acctA, "GET", list, nil, signOpts{timestamp: time.Now().Add(-time.Hour), expire: 7200})
		}, 400, bce.CodeRequestExpired},
		{"signed in the future", func(t *testing.T) *http.Request {
			return signed(t, acctA, "GET", list, nil, signOpts{timestamp: time.Now().Add(time.Hour), expire: 7200})
		}, 400, bce.CodeRequestExpired},
		{"unknown access key", func(t *testing.T) *http.Request {
			stranger := bce.Account{AccessKeyID: "ak-stranger", SecretAccessKey: "sk"}
			return signed(t, stranger, "GET", list, nil, signOpts{})
		}, 403, bce.CodeInvalidAccessKeyID},
		{"malformed header", func(t *testing.T) *http.Request {
			r := signed(t, acctA, "GET", list, nil, signOpts{})
			r.Header.Set("Authorization", "bce-auth-v1/"+acctA.AccessKeyID+"/yesterday/1800//abc")
			return r
		}, 400, bce.CodeInvalidHTTPAuthHeader},
		{"no Authorization", func(t *testing.T) *http.Request {
			r := signed(t, acctA, "GET", list, nil, signOpts{})
			r.Header.Del("Authorization")
			return r
		}, 403, bce.CodeAccessDenied},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := send(t, tc.req(t))
			require.Equal(t, tc.status, got.status, "body %v", got.body)
			require.NotEmpty(t, got.requestID)
			if tc.code != "" {
				require.Equal(t, tc.code, got.body["code"], got.body["message"])
				require.Equal(t, got.requestID, got.body["requestId"])
			}
		})
	}
}

// The SDK itself sees RequestExpired when its signing time is fixed in the
// past.
func TestSDKExpiredSignature(t *testing.T) {
	w := newWorld(t, bce.Config{})
	c := w.client(t, acctA, "bj")
	c.Config.SignOption = &auth.SignOptions{
		HeadersToSign: auth.DEFAULT_HEADERS_TO_SIGN,
		Timestamp:     time.Now().Add(-2 * time.Hour).Unix(),
		ExpireSeconds: 1800,
	}
	_, err := c.ListPeerConn(nil)
	requireCode(t, err, bce.CodeRequestExpired, http.StatusBadRequest)
}
