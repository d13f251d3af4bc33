package docserver

import (
	"cmp"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Baidu is a server for Baidu AI Cloud VPC peering: GET /v1/peerconn (the
// list, marker pagination) as the list document describes it, and the VPC
// calls the adapter makes for CIDR blocks, GET /v1/vpc/{vpcId} and
// GET /v1/vpc, GET /v1/peerconn/{peerConnId}, which answers the record of
// that ID on the script's first page (404 NoSuchObject when it holds none),
// and the route table read GET /v1/route (see RouteConfig).
// Any other route is answered 400 InvalidHTTPRequest.
//
// The list answer is {"peerConns", "marker", "isTruncated", "nextMarker",
// "maxKeys"}: marker echoes the request's marker, or names the first record
// when none was sent, and is absent from an empty list; nextMarker is absent
// when isTruncated is false. maxKeys defaults to 1000; a value outside 1 to
// 1000 (which the document does not cover) is answered 400 InvalidParameter.
// Records carry the fields of the document's example, with its spelling
// bandwithInMbp; an Item's empty fields become status "active", local VPC
// BaiduLocalVPC and peer VPC BaiduPeerVPC, both in region "bj".
type Baidu struct{ *core }

// The defaults of a Baidu record.
const (
	BaiduRegion   = "bj"
	BaiduLocalVPC = "vpc-doclocal0001"
	BaiduPeerVPC  = "vpc-docpeer00001"
)

// NewBaidu starts a Baidu server, closed when the test ends.
func NewBaidu(t testing.TB, cfg Config) *Baidu {
	t.Helper()
	s := &Baidu{core: newCore(cfg)}
	s.start(t, s.serve)
	return s
}

func (s *Baidu) serve(w http.ResponseWriter, r *http.Request) {
	if !s.admit() {
		s.fail(w, &APIError{Status: http.StatusForbidden, Code: "AccessDenied", Message: s.limitMessage()})
		return
	}
	q := r.URL.Query()
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/v1/peerconn":
		s.listPeerConns(w, q)
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/v1/peerconn/"):
		s.getPeerConn(w, strings.TrimPrefix(r.URL.Path, "/v1/peerconn/"))
	case r.Method == http.MethodGet && r.URL.Path == "/v1/route":
		s.getRouteTable(w, q)
	case r.Method == http.MethodGet && r.URL.Path == "/v1/vpc":
		s.listVPCs(w, q)
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/v1/vpc/"):
		s.getVPC(w, strings.TrimPrefix(r.URL.Path, "/v1/vpc/"))
	default:
		s.fail(w, &APIError{Status: http.StatusBadRequest, Code: "InvalidHTTPRequest",
			Message: "docserver: " + r.Method + " " + r.URL.Path + " is not scripted"})
	}
}

// baiduMaxKeys reads maxKeys: default and maximum 1000.
func baiduMaxKeys(q url.Values) (int, *APIError) {
	v := q.Get("maxKeys")
	if v == "" {
		return 1000, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 1000 {
		return 0, &APIError{Status: http.StatusBadRequest, Code: "InvalidParameter", Message: "maxKeys must be 1 to 1000, got " + strconv.Quote(v)}
	}
	return n, nil
}

func (s *Baidu) listPeerConns(w http.ResponseWriter, q url.Values) {
	size, bad := baiduMaxKeys(q)
	if bad != nil {
		s.fail(w, bad)
		return
	}
	req := Request{Token: q.Get("marker"), Number: 1, Size: size, Params: q, ends: [2]string{BaiduLocalVPC, BaiduPeerVPC}}
	if v := q.Get("vpcId"); v != "" {
		req.Networks = []string{v}
	}
	req, p := s.list(req)
	if p.Fail != nil {
		s.fail(w, p.Fail)
		return
	}
	recs := records(p.Items, baiduRecord)
	b := body{itemsKey: "peerConns", padKey: "padding", fields: []field{{"peerConns", recs}}}
	switch {
	case req.Token != "":
		b.fields = append(b.fields, field{"marker", req.Token})
	case len(p.Items) > 0:
		b.fields = append(b.fields, field{"marker", p.Items[0].ID})
	}
	b.fields = append(b.fields, field{"isTruncated", p.Next != ""})
	if p.Next != "" {
		b.fields = append(b.fields, field{"nextMarker", p.Next})
	}
	b.fields = append(b.fields, field{"maxKeys", cmp.Or(p.Size, req.Size)})
	s.ok(w, b)
}

// baiduPeerConn is a PeerConn record with the fields of the document.
type baiduPeerConn struct {
	PeerConnID    string `json:"peerConnId"`
	Role          string `json:"role"`
	Status        string `json:"status"`
	BandwithInMbp int    `json:"bandwithInMbp"`
	Description   string `json:"description"`
	LocalIfID     string `json:"localIfId"`
	LocalIfName   string `json:"localIfName"`
	LocalVpcID    string `json:"localVpcId"`
	LocalRegion   string `json:"localRegion"`
	PeerVpcID     string `json:"peerVpcId"`
	PeerRegion    string `json:"peerRegion"`
	PeerAccountID string `json:"peerAccountId"`
	DNSStatus     string `json:"dnsStatus"`
	PaymentTiming string `json:"paymentTiming"`
	CreatedTime   string `json:"createdTime"`
	ExpiredTime   string `json:"expiredTime"`
}

func baiduRecord(it Item) baiduPeerConn {
	return baiduPeerConn{
		PeerConnID:    it.ID,
		Role:          "initiator",
		Status:        cmp.Or(it.Status, "active"),
		BandwithInMbp: 500,
		LocalIfID:     "qpif-ken2yc9j8x56",
		LocalIfName:   it.Name,
		LocalVpcID:    cmp.Or(it.Network, BaiduLocalVPC),
		LocalRegion:   BaiduRegion,
		PeerVpcID:     cmp.Or(it.PeerNetwork, BaiduPeerVPC),
		PeerRegion:    BaiduRegion,
		PeerAccountID: "75c14a239bb24b9e88b695e8e9e47952",
		DNSStatus:     "close",
		PaymentTiming: "Postpaid",
		CreatedTime:   "2018-08-07 19:46:55",
	}
}

// getPeerConn answers GET /v1/peerconn/{peerConnId} with the record itself,
// as the query document shows it, from the script's first page; the page is
// not counted as a list request.
func (s *Baidu) getPeerConn(w http.ResponseWriter, id string) {
	p := s.cfg.Script.Page(Request{Number: 1, Size: 1000, ends: [2]string{BaiduLocalVPC, BaiduPeerVPC}})
	for _, it := range p.Items {
		if it.ID == id {
			w.Header().Set("X-Bce-Request-Id", s.requestID())
			w.Header().Set("Content-Type", "application/json;charset=UTF-8")
			_ = json.NewEncoder(w).Encode(baiduRecord(it))
			return
		}
	}
	s.fail(w, &APIError{Status: http.StatusNotFound, Code: "NoSuchObject", Message: "The specified object is not found or resource do not exist."})
}

// baiduVPC is a Vpc record of the VPC documents.
type baiduVPC struct {
	VpcID         string   `json:"vpcId"`
	Name          string   `json:"name"`
	CIDR          string   `json:"cidr"`
	Description   string   `json:"description"`
	IsDefault     bool     `json:"isDefault"`
	SecondaryCidr []string `json:"secondaryCidr"`
	IPv6Cidr      string   `json:"ipv6Cidr"`
	CreatedTime   string   `json:"createdTime"`
}

// vpc returns the VPC the configuration knows by id.
func (s *Baidu) vpc(id string) (baiduVPC, bool) {
	cidr := "192.168.0.0/16"
	if s.cfg.VPCs != nil {
		var ok bool
		if cidr, ok = s.cfg.VPCs[id]; !ok {
			return baiduVPC{}, false
		}
	}
	return baiduVPC{VpcID: id, Name: id, CIDR: cidr, SecondaryCidr: []string{}, CreatedTime: "2018-08-07T11:46:55Z"}, true
}

// getVPC answers GET /v1/vpc/{vpcId}: {"vpc": {...}}.
func (s *Baidu) getVPC(w http.ResponseWriter, id string) {
	if e := s.cfg.VPCFail[id]; e != nil {
		s.fail(w, e)
		return
	}
	v, ok := s.vpc(id)
	if !ok {
		s.fail(w, &APIError{Status: http.StatusNotFound, Code: "NoSuchObject", Message: "The specified object is not found or resource do not exist."})
		return
	}
	s.ok(w, body{fields: []field{{"vpc", v}}})
}

// listVPCs answers GET /v1/vpc (marker, maxKeys, vpcIds): the known VPCs
// in ID order, but for those in VPCFail, with the list fields of the
// peering list, or VPCListFail. Without a VPCs map the server knows the
// default VPCs only.
func (s *Baidu) listVPCs(w http.ResponseWriter, q url.Values) {
	size, bad := baiduMaxKeys(q)
	if bad == nil {
		bad = s.cfg.VPCListFail
	}
	if bad != nil {
		s.fail(w, bad)
		return
	}
	ids := []string{BaiduLocalVPC, BaiduPeerVPC}
	if s.cfg.VPCs != nil {
		ids = ids[:0]
		for id := range s.cfg.VPCs {
			ids = append(ids, id)
		}
	}
	// A VPC whose look-up fails is not one the caller may read: not listed.
	ids = slices.DeleteFunc(ids, func(id string) bool { return s.cfg.VPCFail[id] != nil })
	if v := q.Get("vpcIds"); v != "" {
		want := strings.Split(v, ",")
		ids = slices.DeleteFunc(ids, func(id string) bool { return !slices.Contains(want, id) })
	}
	slices.Sort(ids)
	marker := q.Get("marker")
	start := 0
	if marker != "" {
		start, _ = slices.BinarySearch(ids, marker)
	}
	end := min(start+size, len(ids))
	vpcs := make([]baiduVPC, 0, end-start)
	for _, id := range ids[start:end] {
		v, _ := s.vpc(id)
		vpcs = append(vpcs, v)
	}
	b := body{fields: []field{}}
	if marker != "" {
		b.fields = append(b.fields, field{"marker", marker})
	} else if len(vpcs) > 0 {
		b.fields = append(b.fields, field{"marker", vpcs[0].VpcID})
	}
	b.fields = append(b.fields, field{"isTruncated", end < len(ids)})
	if end < len(ids) {
		b.fields = append(b.fields, field{"nextMarker", ids[end]})
	}
	b.fields = append(b.fields, field{"maxKeys", size}, field{"vpcs", vpcs})
	s.ok(w, b)
}

func (s *Baidu) ok(w http.ResponseWriter, b body) {
	w.Header().Set("X-Bce-Request-Id", s.requestID())
	s.write(w, "application/json;charset=UTF-8", b)
}

// fail answers with BCE's error shape.
func (s *Baidu) fail(w http.ResponseWriter, e *APIError) {
	id := s.requestID()
	w.Header().Set("X-Bce-Request-Id", id)
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(e.Status)
	_ = json.NewEncoder(w).Encode(map[string]string{"requestId": id, "code": e.Code, "message": e.Message})
}
