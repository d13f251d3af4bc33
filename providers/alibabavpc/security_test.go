package alibabavpc

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/peeringkit/peering"
)

// refusingTransport records where requests would go and sends nothing, so
// the test needs no network.
type refusingTransport struct {
	mu   sync.Mutex
	urls []string
}

func (t *refusingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t.mu.Lock()
	t.urls = append(t.urls, r.URL.Scheme+"://"+r.URL.Host)
	t.mu.Unlock()
	return nil, errors.New("refused: this test has no network")
}

// The SDK's default scheme is plain HTTP: the adapter must send HTTPS to
// every endpoint that is not the local emulator.
func TestRealEndpointsUseHTTPS(t *testing.T) {
	for _, tt := range []struct{ endpoint, want string }{
		{"", "https://vpcpeer.aliyuncs.com"},
		{"vpcpeer.example.com", "https://vpcpeer.example.com"},
		{"https://vpcpeer.example.com:8443", "https://vpcpeer.example.com:8443"},
	} {
		rt := &refusingTransport{}
		c, err := New(Options{Credentials: Credentials{AccessKeyID: "id", AccessKeySecret: "secret-value"},
			Region: hangzhou, Endpoint: tt.endpoint, MaxAttempts: 1, CallsPerMinute: -1, Transport: rt})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Get(context.Background(), "pcc-x"); peering.Code(err) != peering.Unavailable {
			t.Errorf("%q: Get = %v, want Unavailable", tt.endpoint, err)
		}
		if len(rt.urls) != 1 || rt.urls[0] != tt.want {
			t.Errorf("%q: requests went to %v, want [%s]", tt.endpoint, rt.urls, tt.want)
		}
	}
}

// assertNoSecrets checks every rendering of err and of each error in its
// chain.
func assertNoSecrets(t *testing.T, err error, secrets ...string) {
	t.Helper()
	if err == nil {
		t.Fatal("no error to check")
	}
	for e := err; e != nil; e = errors.Unwrap(e) {
		for _, s := range []string{e.Error(), fmt.Sprintf("%v", e), fmt.Sprintf("%+v", e), fmt.Sprintf("%#v", e)} {
			for _, secret := range secrets {
				if strings.Contains(s, secret) {
					t.Errorf("error text shows %q: %s", secret, s)
				}
			}
			if strings.Contains(s, "Signature=") && !strings.Contains(s, "Signature=REDACTED") {
				t.Errorf("error text shows a signature: %s", s)
			}
		}
	}
}

func TestErrorsNeverShowSecrets(t *testing.T) {
	w := start(t, 43, false)
	uid, _ := strconv.ParseInt(w.a.ID, 10, 64)
	keyID, secret, token := w.srv.Alibaba.IssueSTSToken(uid)

	// A wrong secret: the cloud's SignatureDoesNotMatch message echoes the
	// string to sign, security token included.
	wrong := secret[:len(secret)-4] + "abcd"
	c := w.client(t, w.a, hangzhou, func(o *Options) {
		o.Credentials = Credentials{AccessKeyID: keyID, AccessKeySecret: wrong, SecurityToken: token}
	})
	_, err := c.Get(context.Background(), "pcc-x")
	var pe *peering.Error
	if !errors.As(err, &pe) || pe.Code != peering.Unauthenticated || pe.ProviderCode != "SignatureDoesNotMatch" {
		t.Fatalf("Get with a wrong secret = %v, want Unauthenticated SignatureDoesNotMatch", err)
	}
	assertNoSecrets(t, err, wrong, token)
	if strings.Contains(pe.Message, token) {
		t.Error("the Message field shows the security token")
	}

	// A transport failure: the SDK's error holds the signed URL.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	d := w.client(t, w.a, hangzhou, func(o *Options) {
		o.Endpoint, o.MaxAttempts = addr, 1
		o.Credentials = Credentials{AccessKeyID: keyID, AccessKeySecret: secret, SecurityToken: token}
	})
	_, err = d.Get(context.Background(), "pcc-x")
	if peering.Code(err) != peering.Unavailable {
		t.Fatalf("Get from a closed port = %v, want Unavailable", err)
	}
	assertNoSecrets(t, err, secret, token)

	// Nor does the client or its options print them.
	o := Options{Credentials: Credentials{AccessKeyID: keyID, AccessKeySecret: secret, SecurityToken: token}}
	for _, s := range []string{fmt.Sprintf("%v", o), fmt.Sprintf("%+v", o), fmt.Sprintf("%#v", o), fmt.Sprintf("%+v", *d)} {
		if strings.Contains(s, secret) || strings.Contains(s, token) {
			t.Errorf("formatting shows a secret: %s", s)
		}
	}
}

func TestCredentialsFromTheEnvironment(t *testing.T) {
	w := start(t, 44, false)
	uid, _ := strconv.ParseInt(w.a.ID, 10, 64)
	keyID, secret, token := w.srv.Alibaba.IssueSTSToken(uid)
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", keyID)
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", secret)
	t.Setenv("ALIBABA_CLOUD_SECURITY_TOKEN", token)
	c, err := New(Options{Region: hangzhou, Endpoint: "http://" + w.srv.AlibabaEndpoint(), CallsPerMinute: -1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListPage(context.Background(), peering.Filter{}, ""); err != nil {
		t.Fatalf("ListPage with STS credentials from the environment: %v", err)
	}
	// Without the token the emulator refuses the temporary key.
	t.Setenv("ALIBABA_CLOUD_SECURITY_TOKEN", "")
	c, err = New(Options{Region: hangzhou, Endpoint: w.srv.AlibabaEndpoint(), CallsPerMinute: -1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListPage(context.Background(), peering.Filter{}, ""); peering.Code(err) != peering.Unauthenticated {
		t.Errorf("ListPage without the security token = %v, want Unauthenticated", err)
	}
}
