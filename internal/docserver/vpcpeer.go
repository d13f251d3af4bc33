package docserver

import (
	"cmp"
	"net/http"
	"net/url"
	"testing"
)

// VpcPeer is a server for Alibaba Cloud VpcPeer (2022-01-01)
// ListVpcPeerConnections, RPC style, as its document describes it: the
// request parameters RegionId, InstanceId, VpcId (an array, either end),
// Name, NextToken and MaxResults (1 to 100, default 20; others are
// answered 400 IllegalParam.MaxResults), and the answer {RequestId,
// TotalCount, MaxResults, NextToken, VpcPeerConnects}. NextToken is left
// out on the last page, TotalCount when the page announces none. Tags and
// ResourceGroupId are accepted and not filtered on. Any other action is
// answered 404 InvalidAction.NotFound.
//
// Records carry the fields of the document's model; an Item's empty fields
// become status "Activated", requester VPC VpcPeerLocalVPC
// (192.168.0.0/16) and accepter VPC VpcPeerPeerVPC (10.0.0.0/16), both in
// cn-hangzhou and the account VpcPeerOwner, bandwidth -1 (the same-region
// default).
type VpcPeer struct{ rpc }

// The defaults of a VpcPeer record.
const (
	VpcPeerRegion   = "cn-hangzhou"
	VpcPeerOwner    = 253460731706911258
	VpcPeerLocalVPC = "vpc-bp1gsk7h12ew7oegkdoc1"
	VpcPeerPeerVPC  = "vpc-bp1vzjkp2q1xgninddoc2"
)

// NewVpcPeer starts a VpcPeer server, closed when the test ends.
func NewVpcPeer(t testing.TB, cfg Config) *VpcPeer {
	t.Helper()
	s := &VpcPeer{rpc{core: newCore(cfg), host: "vpcpeer.aliyuncs.com"}}
	actions := map[string]func(http.ResponseWriter, url.Values){
		"ListVpcPeerConnections": s.listConnections,
		// The VPC service's route reads (see RouteConfig): the adapter
		// sends them to the same endpoint when one is given.
		"DescribeRouteTableList": s.describeRouteTables,
		"DescribeRouteEntryList": s.describeRouteEntries,
	}
	s.start(t, func(w http.ResponseWriter, r *http.Request) { s.serve(w, r, actions) })
	return s
}

func (s *VpcPeer) listConnections(w http.ResponseWriter, p url.Values) {
	n, bad := size(p, "MaxResults", 20, 1, 100, "IllegalParam.MaxResults")
	if bad != nil {
		s.fail(w, bad)
		return
	}
	req := Request{Token: p.Get("NextToken"), Number: 1, Size: n, InstanceID: p.Get("InstanceId"),
		Name: p.Get("Name"), Networks: list(p, "VpcId"), Params: p, ends: [2]string{VpcPeerLocalVPC, VpcPeerPeerVPC}}
	req, page := s.list(req)
	if page.Fail != nil {
		s.fail(w, page.Fail)
		return
	}
	b := body{itemsKey: "VpcPeerConnects", padKey: "Padding", fields: []field{{"RequestId", s.requestID()}}}
	if total, ok := page.Total.Value(); ok {
		b.fields = append(b.fields, field{"TotalCount", total})
	}
	b.fields = append(b.fields, field{"MaxResults", cmp.Or(page.Size, req.Size)})
	if page.Next != "" {
		b.fields = append(b.fields, field{"NextToken", page.Next})
	}
	b.fields = append(b.fields, field{"VpcPeerConnects", records(page.Items, vpcPeerRecord)})
	s.ok(w, b)
}

// vpcPeerConnect is a VpcPeerConnects item with the fields of the document.
type vpcPeerConnect struct {
	InstanceID        string         `json:"InstanceId"`
	GmtCreate         string         `json:"GmtCreate"`
	GmtModified       string         `json:"GmtModified"`
	Name              string         `json:"Name"`
	Description       string         `json:"Description"`
	OwnerID           int64          `json:"OwnerId"`
	AcceptingOwnerUID int64          `json:"AcceptingOwnerUid"`
	RegionID          string         `json:"RegionId"`
	AcceptingRegionID string         `json:"AcceptingRegionId"`
	Bandwidth         int            `json:"Bandwidth"`
	Status            string         `json:"Status"`
	BizStatus         string         `json:"BizStatus"`
	GmtExpired        *string        `json:"GmtExpired"` // null unless Accepting or Expired
	ResourceGroupID   string         `json:"ResourceGroupId"`
	Vpc               vpcPeerVPC     `json:"Vpc"`
	AcceptingVpc      vpcPeerVPC     `json:"AcceptingVpc"`
	Tags              []vpcPeerTagKV `json:"Tags"`
}

type vpcPeerVPC struct {
	VpcID     string   `json:"VpcId"`
	Ipv4Cidrs []string `json:"Ipv4Cidrs"`
	Ipv6Cidrs []string `json:"Ipv6Cidrs"`
}

type vpcPeerTagKV struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

func vpcPeerRecord(it Item) vpcPeerConnect {
	r := vpcPeerConnect{
		InstanceID:        it.ID,
		GmtCreate:         "2022-04-24T09:02:36Z",
		GmtModified:       "2022-04-24T19:20:45Z",
		Name:              it.Name,
		OwnerID:           VpcPeerOwner,
		AcceptingOwnerUID: VpcPeerOwner,
		RegionID:          VpcPeerRegion,
		AcceptingRegionID: VpcPeerRegion,
		Bandwidth:         -1,
		Status:            cmp.Or(it.Status, "Activated"),
		BizStatus:         "Normal",
		ResourceGroupID:   "rg-aek2gvbs746gt4q",
		Vpc:               vpcPeerVPC{VpcID: cmp.Or(it.Network, VpcPeerLocalVPC), Ipv4Cidrs: []string{"192.168.0.0/16"}, Ipv6Cidrs: []string{}},
		AcceptingVpc:      vpcPeerVPC{VpcID: cmp.Or(it.PeerNetwork, VpcPeerPeerVPC), Ipv4Cidrs: []string{"10.0.0.0/16"}, Ipv6Cidrs: []string{}},
		Tags:              []vpcPeerTagKV{},
	}
	if r.Status == "Accepting" || r.Status == "Expired" {
		exp := "2022-05-01T09:02:36Z"
		r.GmtExpired = &exp
	}
	return r
}
