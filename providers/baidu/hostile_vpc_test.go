package baidu_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/docserver"
)

// The VPC API's answers that concern the VPC or the request rate, and one
// that says the client is broken, as the documents allow.
var (
	denied    = docserver.APIError{Status: http.StatusForbidden, Code: "AccessDenied", Message: "Access denied."}
	noSuch    = docserver.APIError{Status: http.StatusNotFound, Code: "NoSuchObject", Message: "The specified object is not found or resource do not exist."}
	throttled = docserver.APIError{Status: http.StatusTooManyRequests, Code: "RequestRateLimitExceeded", Message: "Request rate limit exceeded."}
	badKey    = docserver.APIError{Status: http.StatusUnauthorized, Code: "InvalidAccessKeyId", Message: "The access key does not exist."}
)

// notOurs is the reason of an end whose VPC is not the caller's, the same
// from a look-up and from the listing.
const notOurs = "NotFound: the VPC is not one of this account's in region bj (another account's, or deleted)"

// TestHostileVPCLookup: Get looks up its two VPCs with GET /v1/vpc/{vpcId}.
// Refused, not found or throttled past the retries, the end's blocks are
// unknown and say why, and the connection is returned; a failure that says
// the client is broken fails the call.
func TestHostileVPCLookup(t *testing.T) {
	cases := []struct {
		name   string
		answer docserver.APIError
		reason string            // the accepter's CIDRsUnknown: the same on every call, so no request ID
		code   peering.ErrorCode // the call's error, when it fails
	}{
		{"403", denied, "PermissionDenied: the VPC look-up was refused (AccessDenied, HTTP 403)", peering.OK},
		{"404", noSuch, notOurs, peering.OK},
		{"429", throttled, "ResourceExhausted: the VPC look-up failed past its retries (RequestRateLimitExceeded, HTTP 429)", peering.OK},
		{"401", badKey, "", peering.Unauthenticated},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			items := connections(0, 3)
			srv := docserver.NewBaidu(t, docserver.Config{
				Script:  docserver.Listing{Items: items},
				VPCFail: map[string]*docserver.APIError{docserver.BaiduPeerVPC: &tc.answer},
			})
			c, err := hostileClient(t, srv).Get(t.Context(), items[1].ID)
			if tc.code != peering.OK {
				if peering.Code(err) != tc.code || !strings.Contains(err.Error(), "looking up VPC "+docserver.BaiduPeerVPC) {
					t.Fatalf("err = %v, want %v naming the VPC", err, tc.code)
				}
				return
			}
			if err != nil {
				t.Fatalf("Get: %v; want the connection with the peer's blocks unknown", err)
			}
			if len(c.Requester.IPv4CIDRs) != 1 || c.Requester.CIDRsUnknown != "" {
				t.Errorf("requester %v %q, want its block", c.Requester.IPv4CIDRs, c.Requester.CIDRsUnknown)
			}
			if len(c.Accepter.IPv4CIDRs) != 0 || c.Accepter.CIDRsUnknown != tc.reason {
				t.Errorf("accepter %v %q, want no blocks and %q", c.Accepter.IPv4CIDRs, c.Accepter.CIDRsUnknown, tc.reason)
			}
			if n := srv.ListRequests(); n != 0 {
				t.Errorf("Get sent %d list requests, want none", n)
			}
		})
	}
}

// TestHostileVPCListing: a page of the listing takes its blocks from the
// region's VPC listing, GET /v1/vpc, one request beside the page. A VPC the
// listing does not hold is not the caller's; a listing refused or
// throttled past its retries leaves every end of the region unknown and
// says why, and the page is returned; a failure that says the client is
// broken fails the page.
func TestHostileVPCListing(t *testing.T) {
	cases := []struct {
		name              string
		cfg               docserver.Config
		requester, reason string // CIDRsUnknown of each end
		code              peering.ErrorCode
	}{
		{"peer not listed", docserver.Config{VPCs: map[string]string{docserver.BaiduLocalVPC: "192.168.0.0/16"}}, "", notOurs, peering.OK},
		{"peer unreadable", docserver.Config{VPCFail: map[string]*docserver.APIError{docserver.BaiduPeerVPC: &denied}}, "", notOurs, peering.OK},
		{"listing refused", docserver.Config{VPCListFail: &denied},
			"PermissionDenied: the VPC listing was refused (AccessDenied, HTTP 403)", "PermissionDenied: the VPC listing was refused (AccessDenied, HTTP 403)", peering.OK},
		{"listing throttled", docserver.Config{VPCListFail: &throttled},
			"ResourceExhausted: the VPC listing failed past its retries (RequestRateLimitExceeded, HTTP 429)", "ResourceExhausted: the VPC listing failed past its retries (RequestRateLimitExceeded, HTTP 429)", peering.OK},
		{"listing unauthenticated", docserver.Config{VPCListFail: &badKey}, "", "", peering.Unauthenticated},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.cfg.Script = docserver.Listing{Items: connections(0, 3)}
			srv := docserver.NewBaidu(t, tc.cfg)
			page, err := hostileClient(t, srv).ListPage(t.Context(), peering.Filter{}, "")
			if tc.code != peering.OK {
				if peering.Code(err) != tc.code || !strings.Contains(err.Error(), "listing the region's VPCs") {
					t.Fatalf("err = %v, want %v saying what failed", err, tc.code)
				}
				return
			}
			if err != nil {
				t.Fatalf("ListPage: %v; want the page", err)
			}
			if len(page.Connections) != 3 {
				t.Fatalf("%d connections, want 3", len(page.Connections))
			}
			for _, c := range page.Connections {
				if c.Requester.CIDRsUnknown != tc.requester || (tc.requester == "") != (len(c.Requester.IPv4CIDRs) == 1) {
					t.Errorf("%s: requester %v %q, want %q", c.ID, c.Requester.IPv4CIDRs, c.Requester.CIDRsUnknown, tc.requester)
				}
				if len(c.Accepter.IPv4CIDRs) != 0 || c.Accepter.CIDRsUnknown != tc.reason {
					t.Errorf("%s: accepter %v %q, want no blocks and %q", c.ID, c.Accepter.IPv4CIDRs, c.Accepter.CIDRsUnknown, tc.reason)
				}
			}
			// The page and one VPC listing, whatever the number of VPCs.
			if n := srv.Requests(); n != 2 {
				t.Errorf("%d requests, want 2 (the page, the VPC listing)", n)
			}
		})
	}
}
