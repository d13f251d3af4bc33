package alibabaens

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/peeringkit/peering"
)

// Invalid input is refused with InvalidArgument before any request.
func TestInvalidInputSendsNothing(t *testing.T) {
	w := start(t, 71)
	c := w.client(t)
	ctx := context.Background()
	ok := peering.CreateRequest{LocalNetworkID: "n-a", PeerNetworkID: "n-b"}
	with := func(f func(*peering.CreateRequest)) peering.CreateRequest { r := ok; f(&r); return r }
	s := func(v string) *string { return &v }
	create := func(f func(*peering.CreateRequest)) func() error {
		return func() error { _, err := c.Create(ctx, with(f)); return err }
	}
	for _, tt := range []struct {
		name string
		call func() error
	}{
		{"page size too big", func() error { _, err := c.ListPage(ctx, peering.Filter{PageSize: 101}, ""); return err }},
		{"negative page size", func() error { _, err := c.ListPage(ctx, peering.Filter{PageSize: -3}, ""); return err }},
		{"unknown status", func() error {
			_, err := c.ListPage(ctx, peering.Filter{Status: []peering.Status{"up"}}, "")
			return err
		}},
		{"blank filter ID", func() error { _, err := c.ListPage(ctx, peering.Filter{IDs: []string{"\n"}}, ""); return err }},
		{"token not base64", func() error { _, err := c.ListPage(ctx, peering.Filter{}, "!!"); return err }},
		{"token of another version", func() error { _, err := c.ListPage(ctx, peering.Filter{}, "Awo"); return err }},
		{"token with a page size the API refuses", func() error { _, err := c.ListPage(ctx, peering.Filter{}, encodeToken(10, 5)); return err }},
		{"token with trailing bytes", func() error { _, err := c.ListPage(ctx, peering.Filter{}, encodeToken(10, 100)+"AA"); return err }},
		{"token too far", func() error { _, err := c.ListPage(ctx, peering.Filter{}, encodeToken(1<<41, 100)); return err }},
		{"List", func() error {
			for _, err := range peering.List(ctx, c, peering.Filter{PageSize: 500}) {
				return err
			}
			return nil
		}},
		{"Get empty ID", func() error { _, err := c.Get(ctx, "  "); return err }},
		{"Delete empty ID", func() error { return c.Delete(ctx, "") }},
		{"Update empty ID", func() error { return c.Update(ctx, "", peering.Update{Name: s("x")}) }},
		{"Update empty name", func() error { return c.Update(ctx, "pcc-a", peering.Update{Name: s("")}) }},
		{"Update long description", func() error {
			return c.Update(ctx, "pcc-a", peering.Update{Description: s(strings.Repeat("d", 257))})
		}},
		{"Create without local network", create(func(r *peering.CreateRequest) { r.LocalNetworkID = " " })},
		{"Create without peer network", create(func(r *peering.CreateRequest) { r.PeerNetworkID = "" })},
		{"Create to itself", create(func(r *peering.CreateRequest) { r.PeerNetworkID = "n-a\n" })},
		{"Create with bandwidth", create(func(r *peering.CreateRequest) { r.Bandwidth = peering.Mbps(10) })},
		{"Create with tags", create(func(r *peering.CreateRequest) { r.Tags = map[string]string{"a": "b"} })},
		{"Create with a resource group", create(func(r *peering.CreateRequest) { r.ResourceGroupID = "rg-1" })},
		{"Create across accounts", create(func(r *peering.CreateRequest) { r.PeerAccountID = "123" })},
		{"Create with a peer region", create(func(r *peering.CreateRequest) { r.PeerRegion = "cn-x" })},
		{"Create with options", create(func(r *peering.CreateRequest) { r.ProviderOptions = 1 })},
		{"Create with a long name", create(func(r *peering.CreateRequest) { r.Name = strings.Repeat("n", 129) })},
		{"Create with a bad token", create(func(r *peering.CreateRequest) { r.ClientToken = "tok en" })},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := w.srv.Alibaba.Requests()
			err := tt.call()
			var pe *peering.Error
			if !errors.As(err, &pe) || pe.Code != peering.InvalidArgument || pe.Provider != peering.AlibabaENS {
				t.Errorf("error = %#v, want an ENS InvalidArgument", err)
			}
			if sent := w.srv.Alibaba.Requests() - before; sent != 0 {
				t.Errorf("%d requests were sent", sent)
			}
		})
	}
	before := w.srv.Alibaba.Requests()
	if err := c.Update(ctx, "pcc-a", peering.Update{}); err != nil || w.srv.Alibaba.Requests() != before {
		t.Errorf("empty Update = %v, sent %d", err, w.srv.Alibaba.Requests()-before)
	}
}

type refusingTransport struct {
	mu   sync.Mutex
	urls []string
}

func (t *refusingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t.mu.Lock()
	t.urls = append(t.urls, r.Method+" "+r.URL.Scheme+"://"+r.URL.Host)
	t.mu.Unlock()
	return nil, errors.New("refused: this test has no network")
}

// The SDK's default scheme is plain HTTP: real endpoints get HTTPS, POST.
func TestRealEndpointsUseHTTPS(t *testing.T) {
	for _, tt := range []struct{ endpoint, want string }{
		{"", "POST https://ens.aliyuncs.com"},
		{"ens.example.com", "POST https://ens.example.com"},
		{"https://ens.example.com:8443", "POST https://ens.example.com:8443"},
	} {
		rt := &refusingTransport{}
		c, err := New(Options{Credentials: Credentials{AccessKeyID: "id", AccessKeySecret: "secret-value"},
			Endpoint: tt.endpoint, MaxAttempts: 1, Transport: rt})
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
	if _, err := New(Options{Credentials: Credentials{AccessKeyID: "id", AccessKeySecret: "s"}, Endpoint: "http://ens.aliyuncs.com"}); peering.Code(err) != peering.InvalidArgument {
		t.Errorf("New with plain HTTP to a remote host = %v, want InvalidArgument", err)
	}
}

func TestErrorsNeverShowSecrets(t *testing.T) {
	w := start(t, 72)
	keyID, secret, token := w.srv.Alibaba.IssueSTSToken(w.uid)
	wrong := "x" + secret[1:]
	if wrong == secret { // the secret is random: one time in 62 it starts with x
		wrong = "y" + secret[1:]
	}
	c := w.client(t, func(o *Options) {
		o.Credentials = Credentials{AccessKeyID: keyID, AccessKeySecret: wrong, SecurityToken: token}
	})
	_, err := c.Get(context.Background(), "pcc-x")
	var pe *peering.Error
	if !errors.As(err, &pe) || pe.Code != peering.Unauthenticated {
		t.Fatalf("Get with a wrong secret = %v, want Unauthenticated", err)
	}
	for e := error(pe); e != nil; e = errors.Unwrap(e) {
		for _, s := range []string{e.Error(), fmt.Sprintf("%+v", e), fmt.Sprintf("%#v", e), pe.Message} {
			if strings.Contains(s, wrong) || strings.Contains(s, token) {
				t.Errorf("error text shows a secret: %s", s)
			}
		}
	}
	// The right temporary credentials, from the environment.
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", keyID)
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", secret)
	t.Setenv("ALIBABA_CLOUD_SECURITY_TOKEN", token)
	env, err := New(Options{Endpoint: w.srv.AlibabaEndpoint(), AccountID: strconv.FormatInt(w.uid, 10)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.ListPage(context.Background(), peering.Filter{}, ""); err != nil {
		t.Errorf("ListPage with credentials from the environment: %v", err)
	}
}
