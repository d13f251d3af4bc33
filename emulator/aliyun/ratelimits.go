package aliyun

import (
	"time"

	"github.com/peeringkit/peering/emulator/fault"
)

// RateLimit is the documented flow-control quota of one API: Calls per Per
// for each (region, action, parent account), as Alibaba counts them.
type RateLimit struct {
	Action string
	Calls  int
	Per    time.Duration
}

// QuotaSource is the page that publishes the VpcPeer 2022-01-01 quotas
// (the English copy: https://www.alibabacloud.com/help/doc-detail/2963389.html).
const QuotaSource = "https://help.aliyun.com/zh/vpc/developer-reference/api-vpcpeer-2022-01-01-quota"

// VpcPeerRateLimits returns the quota of every VpcPeer API the emulator
// serves, as QuotaSource lists them. ENS publishes none (see the package
// documentation), so it has no entry.
func VpcPeerRateLimits() []RateLimit {
	const perMin = time.Minute
	return []RateLimit{
		{"CreateVpcPeerConnection", 360, perMin},
		{"AcceptVpcPeerConnection", 360, perMin},
		{"RejectVpcPeerConnection", 360, perMin},
		{"ModifyVpcPeerConnection", 360, perMin},
		{"DeleteVpcPeerConnection", 360, perMin},
		{"GetVpcPeerConnectionAttribute", 360, perMin},
		{"ListVpcPeerConnections", 360, perMin},
		{"TagResources", 1000, perMin},
		{"UnTagResources", 1000, perMin},
		{"MoveResourceGroup", 1000, perMin},
		{"ListTagResources", 3000, perMin},
	}
}

// MinBurst is the smallest burst the emulator grants a documented quota.
const MinBurst = 20

// Limit is the token bucket the emulator enforces for q: the documented
// rate, and a burst of one second's worth of calls but at least MinBurst.
// The documents give no burst; this one is an assumption that keeps the
// long-run rate exact while letting a client's small bursts through
// (ListTagResources: 50 at once, then 50 a second).
func (q RateLimit) Limit() fault.Limit {
	perSecond := int(float64(q.Calls) / q.Per.Seconds())
	return fault.Limit{Calls: q.Calls, Per: q.Per, Burst: max(MinBurst, perSecond)}
}

// VPCQuotaSource is the page that publishes the VPC 2016-04-28 quotas,
// per (region, API, parent account) like VpcPeer's.
const VPCQuotaSource = "https://help.aliyun.com/zh/vpc/developer-reference/api-vpc-2016-04-28-quota"

// VPCRouteCallsPerMinute is the quota the emulator gives each VPC route API
// it serves. The rows of VPCQuotaSource for DescribeRouteTableList,
// DescribeRouteEntryList, CreateRouteEntry and DeleteRouteEntry could not
// be retrieved; the page's row for their sibling ModifyRouteEntry reads
// 300/60(s), which is assumed for all four.
const VPCRouteCallsPerMinute = 300

// VPCRateLimits returns the quota of every VPC 2016-04-28 API the emulator
// serves (the route APIs), as VPCRouteCallsPerMinute says. ENS publishes
// none for its route APIs either, so they have no entry.
func VPCRateLimits() []RateLimit {
	var out []RateLimit
	for _, a := range []string{"DescribeRouteTableList", "DescribeRouteEntryList", "CreateRouteEntry", "DeleteRouteEntry"} {
		out = append(out, RateLimit{a, VPCRouteCallsPerMinute, time.Minute})
	}
	return out
}
