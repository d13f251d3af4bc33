package baidu

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/internal/peeringtest"
	"github.com/peeringkit/peering/internal/region"
)

// countingTransport counts the requests given to it and sends none.
type countingTransport struct{ n atomic.Int64 }

func (c *countingTransport) RoundTrip(*http.Request) (*http.Response, error) {
	c.n.Add(1)
	return nil, errors.New("countingTransport sends nothing")
}

// A region not in Regions is refused by New before any request, naming the
// known ones and the way past the list; with an explicit endpoint it
// passes, used as given.
func TestNewRegionList(t *testing.T) {
	srv := peeringtest.FrozenEmulator(t, emulator.Options{Seed: 1, BaiduRegions: []string{"moon"}})
	a := account(t, srv, "baidu-a")
	creds := Credentials{AccessKeyID: a.AccessKeyID, SecretAccessKey: a.Secret}
	tests := []struct {
		name, region, endpoint string
		base                   string // want, when accepted
		refused                bool
	}{
		{"known region", "bj", "", "https://bcc.bj.baidubce.com", false},
		{"known region Chengdu", "cd", "", "https://bcc.cd.baidubce.com", false},
		{"known region Singapore", "sin", "", "https://bcc.sin.baidubce.com", false},
		{"known region Shanghai", "fsh", "", "https://bcc.fsh.baidubce.com", false},
		{"unknown region", "moon", "", "", true},
		{"region in capitals", "BJ", "", "", true},
		{"unknown region with an explicit endpoint", "moon", srv.BaiduEndpoint("moon"), srv.BaiduEndpoint("moon"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt := &countingTransport{}
			c, err := New(Options{Credentials: creds, Region: tt.region, Endpoint: tt.endpoint,
				HTTPClient: &http.Client{Transport: rt}})
			check := CheckRegion(tt.region, tt.endpoint)
			if !tt.refused {
				if err != nil {
					t.Fatal(err)
				}
				if check != nil {
					t.Errorf("CheckRegion = %v, but New accepts", check)
				}
				if got := c.base.String(); got != tt.base {
					t.Errorf("endpoint = %s, want %s", got, tt.base)
				}
				if c.Region() != tt.region {
					t.Errorf("Region() = %q, want %q as given", c.Region(), tt.region)
				}
				return
			}
			if peering.Code(err) != peering.InvalidArgument {
				t.Fatalf("err = %v, want InvalidArgument", err)
			}
			var ue *region.UnknownError
			if !errors.As(err, &ue) || ue.Region != tt.region || !slices.Equal(ue.Known, Regions()) {
				t.Errorf("err = %#v, want a *region.UnknownError for %q listing Regions()", err, tt.region)
			}
			msg := err.Error()
			for _, want := range []string{`unknown region "` + tt.region + `"`, strings.Join(Regions(), " "), "Clouds add regions", "Options.Endpoint"} {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q does not say %q", msg, want)
				}
			}
			if check == nil || check.Error() != msg {
				t.Errorf("CheckRegion = %v, want New's error", check)
			}
			if n := rt.n.Load(); n != 0 {
				t.Errorf("%d requests sent before the refusal", n)
			}
		})
	}
}

// A region let through by an explicit endpoint is the one the requests
// use: the emulator serving only "moon" lists its connections.
func TestUnlistedRegionThroughEndpoint(t *testing.T) {
	srv := peeringtest.FrozenEmulator(t, emulator.Options{Seed: 1, BaiduRegions: []string{"moon"}})
	ids := seed(t, srv, "baidu-a", "moon", 2)
	c := clientFor(t, srv, "baidu-a", "moon", Options{})
	page, err := c.ListPage(testContext(t), peering.Filter{}, "")
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(ids)
	if got := idsOf(t, page.Connections); !slices.Equal(got, ids) {
		t.Errorf("listed %v, want %v", got, ids)
	}
	for _, conn := range page.Connections {
		if conn.Requester.Region != "moon" && conn.Accepter.Region != "moon" {
			t.Errorf("%s: ends in %q and %q, want one in moon", conn.ID, conn.Requester.Region, conn.Accepter.Region)
		}
	}
}

// The region is checked before the credentials: a mistyped region is the
// error, not the missing keys.
func TestUnknownRegionBeforeCredentials(t *testing.T) {
	t.Setenv(EnvAccessKeyID, "")
	t.Setenv(EnvSecretAccessKey, "")
	_, err := New(Options{Region: "moon"})
	var ue *region.UnknownError
	if !errors.As(err, &ue) {
		t.Errorf("err = %v, want the unknown region", err)
	}
}
