package baidu_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/docserver"
)

// TestHostileVPCLookup: the VPC look-up of GET /v1/vpc/{vpcId}, answered
// as the documents allow, for the peer VPC of every connection. Refused,
// not found or throttled past the retries, the end's blocks are unknown and
// say why, and the page is returned; a failure that says the client is
// broken fails the page.
func TestHostileVPCLookup(t *testing.T) {
	cases := []struct {
		name   string
		answer docserver.APIError
		reason string            // the accepter's CIDRsUnknown: the same on every listing, so no request ID
		code   peering.ErrorCode // the page's error, when it fails
	}{
		{"403", docserver.APIError{Status: http.StatusForbidden, Code: "AccessDenied", Message: "Access denied."},
			"PermissionDenied: the VPC look-up was refused (AccessDenied, HTTP 403)", peering.OK},
		{"404", docserver.APIError{Status: http.StatusNotFound, Code: "NoSuchObject", Message: "The specified object is not found or resource do not exist."},
			"NotFound: the VPC look-up found no such VPC (another account's, or deleted) (NoSuchObject, HTTP 404)", peering.OK},
		{"429", docserver.APIError{Status: http.StatusTooManyRequests, Code: "RequestRateLimitExceeded", Message: "Request rate limit exceeded."},
			"ResourceExhausted: the VPC look-up failed past its retries (RequestRateLimitExceeded, HTTP 429)", peering.OK},
		{"401", docserver.APIError{Status: http.StatusUnauthorized, Code: "InvalidAccessKeyId", Message: "The access key does not exist."},
			"", peering.Unauthenticated},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := docserver.NewBaidu(t, docserver.Config{
				Script:  docserver.Listing{Items: connections(0, 3)},
				VPCFail: map[string]*docserver.APIError{docserver.BaiduPeerVPC: &tc.answer},
			})
			page, err := hostileClient(t, srv).ListPage(t.Context(), peering.Filter{}, "")
			if tc.code != peering.OK {
				if peering.Code(err) != tc.code || !strings.Contains(err.Error(), "looking up VPC "+docserver.BaiduPeerVPC) {
					t.Fatalf("err = %v, want %v naming the VPC", err, tc.code)
				}
				return
			}
			if err != nil {
				t.Fatalf("ListPage: %v; want the page with the peer's blocks unknown", err)
			}
			if len(page.Connections) != 3 {
				t.Fatalf("%d connections, want 3", len(page.Connections))
			}
			for _, c := range page.Connections {
				if len(c.Requester.IPv4CIDRs) != 1 || c.Requester.CIDRsUnknown != "" {
					t.Errorf("%s: requester %v %q, want its block", c.ID, c.Requester.IPv4CIDRs, c.Requester.CIDRsUnknown)
				}
				if len(c.Accepter.IPv4CIDRs) != 0 || c.Accepter.CIDRsUnknown != tc.reason {
					t.Errorf("%s: accepter %v %q, want no blocks and %q", c.ID, c.Accepter.IPv4CIDRs, c.Accepter.CIDRsUnknown, tc.reason)
				}
			}
			// One look-up per VPC, the failed one included.
			if n := srv.Requests(); n != 3 {
				t.Errorf("%d requests, want 3 (the page, two VPCs)", n)
			}
		})
	}
}
