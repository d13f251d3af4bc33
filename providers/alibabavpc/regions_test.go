package alibabavpc

import (
	"context"
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
// known ones and the way past the list (the one VpcPeer host); with an
// explicit endpoint it passes, used as given.
func TestNewRegionList(t *testing.T) {
	creds := Credentials{AccessKeyID: "ak", AccessKeySecret: "secret-0123456789"}
	tests := []struct {
		name, region, endpoint string
		refused                bool
	}{
		{"known region", "cn-hangzhou", "", false},
		{"known region abroad", "ap-southeast-1", "", false},
		{"known region, spaces trimmed", " eu-central-1 ", "", false},
		{"unknown region", "moon", "", true},
		{"a typo of a known region", "cn-hangzou", "", true},
		{"closed region", "ap-southeast-2", "", true},
		{"unknown region with the public endpoint named", "ap-new-1", DefaultEndpoint, false},
		{"unknown region with an emulator endpoint", "moon", "127.0.0.1:1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt := &countingTransport{}
			c, err := New(Options{Credentials: creds, Region: tt.region, Endpoint: tt.endpoint, Transport: rt})
			check := CheckRegion(tt.region, tt.endpoint)
			if !tt.refused {
				if err != nil {
					t.Fatal(err)
				}
				if check != nil {
					t.Errorf("CheckRegion = %v, but New accepts", check)
				}
				if want := strings.TrimSpace(tt.region); c.Region() != want {
					t.Errorf("Region() = %q, want %q as given", c.Region(), want)
				}
				return
			}
			if peering.Code(err) != peering.InvalidArgument {
				t.Fatalf("err = %v, want InvalidArgument", err)
			}
			var ue *region.UnknownError
			if !errors.As(err, &ue) || ue.Region != tt.region || !slices.Equal(ue.Known, Regions()) || ue.Endpoint != DefaultEndpoint {
				t.Errorf("err = %#v, want a *region.UnknownError for %q listing Regions() and suggesting %s", err, tt.region, DefaultEndpoint)
			}
			msg := err.Error()
			for _, want := range []string{`unknown region "` + tt.region + `"`, "cn-hangzhou", "Clouds add regions", "Options.Endpoint", DefaultEndpoint} {
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
// carry: the emulator serving only "moon" lists that region's connections.
func TestUnlistedRegionThroughEndpoint(t *testing.T) {
	w := worldOf(t, peeringtest.Emulator(t, emulator.Options{Seed: 1, NoRateLimits: true, Connections: 2, VpcPeerRegions: []string{"moon"}}))
	c := w.client(t, w.a, "moon")
	page, err := c.ListPage(context.Background(), peering.Filter{}, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Connections) == 0 {
		t.Fatal("no connections listed in moon")
	}
	for _, conn := range page.Connections {
		if conn.Requester.Region != "moon" && conn.Accepter.Region != "moon" {
			t.Errorf("%s: ends in %q and %q, want one in moon", conn.ID, conn.Requester.Region, conn.Accepter.Region)
		}
	}
}

func TestRegions(t *testing.T) {
	rs := Regions()
	if !slices.Contains(rs, "cn-hangzhou") || slices.Contains(rs, "ap-southeast-2") {
		t.Errorf("Regions() = %v, want cn-hangzhou and not the closed ap-southeast-2", rs)
	}
	rs[0] = "changed"
	if Regions()[0] == "changed" {
		t.Error("Regions returns the package's own slice")
	}
}

// The region is checked before the credentials: a mistyped region is the
// error, not the missing keys.
func TestUnknownRegionBeforeCredentials(t *testing.T) {
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "")
	_, err := New(Options{Region: "moon"})
	var ue *region.UnknownError
	if !errors.As(err, &ue) {
		t.Errorf("err = %v, want the unknown region", err)
	}
}
