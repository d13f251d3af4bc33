package docserver

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"
)

// ENS is a server for Alibaba Cloud ENS (2017-11-10) network peering, RPC
// style. DescribeNetworkPeerConnections is served as its document
// describes it: the request parameters InstanceId, EnsRegionId, Name,
// NetworkIds (an array, either end), PageNumber (default 1) and PageSize
// (10 to 100, default 10; others are answered 400
// InvalidParameter.PageSize), and the answer {RequestId, PageNumber,
// PageSize, TotalCount, NetworkPeerConnects} with the page fields as
// strings ("1"), as the document's example sends them. PageSize in the
// answer is the size served; TotalCount is left out when the page
// announces none.
//
// CreateNetworkPeerConnection, which has no published document (the
// adapter knows it from an unmerged Terraform change), takes NetworkId and
// AcceptingNetworkId (400 MissingParameter without them) and answers
// {RequestId, InstanceId}, or Config.CreateFail. The adapter looks a new
// connection up by its network pair through DescribeNetworkPeerConnections,
// so the script also answers those look-ups. Any other action is answered
// 404 InvalidAction.NotFound.
//
// Records carry the fields of the document; an Item's empty fields become
// status "Activated", requester network ENSLocalNetwork (10.0.0.0/8) and
// accepter network ENSPeerNetwork (192.168.0.0/16) on node ENSNode.
type ENS struct {
	rpc
	creates int64
}

// The defaults of an ENS record.
const (
	ENSNode         = "cn-dongguan-9"
	ENSLocalNetwork = "n-5q73bmdoc01"
	ENSPeerNetwork  = "n-5q28114doc02"
)

// NewENS starts an ENS server, closed when the test ends.
func NewENS(t testing.TB, cfg Config) *ENS {
	t.Helper()
	s := &ENS{rpc: rpc{core: newCore(cfg), host: "ens.aliyuncs.com"}}
	actions := map[string]func(http.ResponseWriter, url.Values){
		"DescribeNetworkPeerConnections": s.describe,
		"CreateNetworkPeerConnection":    s.create,
		"DescribeEnsRouteTables":         s.describeRouteTables,
		"DescribeEnsRouteEntryList":      s.describeRouteEntries,
	}
	s.start(t, func(w http.ResponseWriter, r *http.Request) { s.serve(w, r, actions) })
	return s
}

func (s *ENS) describe(w http.ResponseWriter, p url.Values) {
	n, bad := size(p, "PageSize", 10, 10, 100, "InvalidParameter.PageSize")
	if bad != nil {
		s.fail(w, bad)
		return
	}
	number, bad := size(p, "PageNumber", 1, 1, 1<<30, "InvalidParameter.PageNumber")
	if bad != nil {
		s.fail(w, bad)
		return
	}
	req := Request{Number: number, Size: n, InstanceID: p.Get("InstanceId"), Name: p.Get("Name"),
		Networks: list(p, "NetworkIds"), Params: p, ends: [2]string{ENSLocalNetwork, ENSPeerNetwork}}
	req, page := s.list(req)
	if page.Fail != nil {
		s.fail(w, page.Fail)
		return
	}
	b := body{itemsKey: "NetworkPeerConnects", padKey: "Padding", fields: []field{
		{"RequestId", s.requestID()},
		{"PageNumber", strconv.Itoa(req.Number)},
		{"PageSize", strconv.Itoa(cmp.Or(page.Size, req.Size))},
	}}
	if total, ok := page.Total.Value(); ok {
		b.fields = append(b.fields, field{"TotalCount", strconv.Itoa(total)})
	}
	b.fields = append(b.fields, field{"NetworkPeerConnects", records(page.Items, ensRecord)})
	s.ok(w, b)
}

func (s *ENS) create(w http.ResponseWriter, p url.Values) {
	for _, name := range []string{"NetworkId", "AcceptingNetworkId"} {
		if p.Get(name) == "" {
			s.fail(w, &APIError{Status: http.StatusBadRequest, Code: "MissingParameter", Message: "The input parameter " + name + " that is mandatory for processing this request is not supplied."})
			return
		}
	}
	if e := s.cfg.CreateFail; e != nil {
		s.fail(w, e)
		return
	}
	s.mu.Lock()
	s.creates++
	id := fmt.Sprintf("pcc-c%021d", s.creates)
	s.mu.Unlock()
	s.ok(w, body{fields: []field{{"RequestId", s.requestID()}, {"InstanceId", id}}})
}

// ensConnect is a NetworkPeerConnects item with the fields of the document.
type ensConnect struct {
	InstanceID         string     `json:"InstanceId"`
	CreationTime       string     `json:"CreationTime"`
	Name               string     `json:"Name"`
	Description        string     `json:"Description"`
	EnsRegionID        string     `json:"EnsRegionId"`
	Status             string     `json:"Status"`
	NetworkID          string     `json:"NetworkId"`
	AcceptingNetworkID string     `json:"AcceptingNetworkId"`
	Network            ensNetwork `json:"Network"`
	AcceptingNetwork   ensNetwork `json:"AcceptingNetwork"`
}

type ensNetwork struct {
	NetworkID string   `json:"NetworkId"`
	Ipv4Cidrs []string `json:"Ipv4Cidrs"`
}

func ensRecord(it Item) ensConnect {
	local, peer := cmp.Or(it.Network, ENSLocalNetwork), cmp.Or(it.PeerNetwork, ENSPeerNetwork)
	return ensConnect{
		InstanceID:         it.ID,
		CreationTime:       "2024-05-31T06:43:29Z",
		Name:               it.Name,
		EnsRegionID:        ENSNode,
		Status:             cmp.Or(it.Status, "Activated"),
		NetworkID:          local,
		AcceptingNetworkID: peer,
		Network:            ensNetwork{NetworkID: local, Ipv4Cidrs: []string{"10.0.0.0/8"}},
		AcceptingNetwork:   ensNetwork{NetworkID: peer, Ipv4Cidrs: []string{"192.168.0.0/16"}},
	}
}
