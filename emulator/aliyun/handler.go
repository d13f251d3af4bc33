package aliyun

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/peeringkit/peering/emulator/fault"
)

// product is one of the APIs served on the listener.
type product struct {
	name     string // the SDK's product name, used in Recommend links
	version  string
	host     string // HostId in error bodies
	provider string // the fault injector's provider name
}

var (
	vpcPeerProduct = &product{name: "VpcPeer", version: "2022-01-01", host: "vpcpeer.aliyuncs.com", provider: "alibaba-vpc"}
	ensProduct     = &product{name: "Ens", version: "2017-11-10", host: "ens.aliyuncs.com", provider: "alibaba-ens"}
	// vpcProduct is the VPC service, whose route tables hold the routes
	// through VpcPeer connections: its faults and limits are VpcPeer's
	// adapter's, provider "alibaba-vpc".
	vpcProduct = &product{name: "Vpc", version: "2016-04-28", host: "vpc.aliyuncs.com", provider: "alibaba-vpc"}
	// unknownProduct answers requests whose Version names neither API.
	unknownProduct = &product{name: "", host: "aliyuncs.com"}
)

func productOf(version string) *product {
	switch version {
	case vpcPeerProduct.version:
		return vpcPeerProduct
	case ensProduct.version:
		return ensProduct
	case vpcProduct.version:
		return vpcProduct
	}
	return nil
}

// action is one API operation. It runs with the caller authenticated and
// returns the response document (with its RequestId set) or an *apiError.
type action func(s *Service, c *call) (any, error)

func route(p *product, name string) action {
	switch p {
	case vpcPeerProduct:
		switch name {
		case "CreateVpcPeerConnection":
			return (*Service).createVpcPeer
		case "ListVpcPeerConnections":
			return (*Service).listVpcPeers
		case "GetVpcPeerConnectionAttribute":
			return (*Service).getVpcPeer
		case "AcceptVpcPeerConnection":
			return (*Service).acceptVpcPeer
		case "RejectVpcPeerConnection":
			return (*Service).rejectVpcPeer
		case "ModifyVpcPeerConnection":
			return (*Service).modifyVpcPeer
		case "DeleteVpcPeerConnection":
			return (*Service).deleteVpcPeer
		case "TagResources":
			return (*Service).tagResources
		case "UnTagResources":
			return (*Service).untagResources
		case "ListTagResources":
			return (*Service).listTagResources
		case "MoveResourceGroup":
			return (*Service).moveResourceGroup
		}
	case ensProduct:
		switch name {
		case "DescribeNetworkPeerConnections":
			return (*Service).describeENS
		case "CreateNetworkPeerConnection":
			return (*Service).createENS
		case "ModifyNetworkPeerConnection":
			return (*Service).modifyENS
		case "DeleteNetworkPeerConnection":
			return (*Service).deleteENS
		case "DescribeEnsRouteTables":
			return (*Service).describeEnsRouteTables
		case "DescribeEnsRouteEntryList":
			return (*Service).describeEnsRouteEntries
		case "CreateEnsRouteEntry":
			return (*Service).createEnsRouteEntry
		case "DeleteEnsRouteEntry":
			return (*Service).deleteEnsRouteEntry
		}
	case vpcProduct:
		switch name {
		case "DescribeRouteTableList":
			return (*Service).describeRouteTables
		case "DescribeRouteEntryList":
			return (*Service).describeRouteEntries
		case "CreateRouteEntry":
			return (*Service).createRouteEntry
		case "DeleteRouteEntry":
			return (*Service).deleteRouteEntry
		}
	}
	return nil
}

// params are a request's parameters: query and form merged, the form's value
// winning on a clash, first value of a repeated key.
type params map[string]string

func (p params) get(k string) string { return p[k] }

// request is what the outer handler parses once and hands down, through the
// request context, to the fault classifier and the action.
type request struct {
	params   params
	product  *product // nil when Version names neither API
	parseErr error

	// action and version name the operation: the Action and Version
	// parameters, or for ACS3 the x-acs-action and x-acs-version headers.
	action, version string
	// keyID is the AccessKeyId the request claims, unchecked.
	keyID string
	// acs3 is set when the Authorization header names an ACS3 algorithm;
	// what follows is kept for verifying it.
	acs3   *acs3Authorization
	method string
	host   string
	path   string
	query  url.Values
	header http.Header
	body   []byte
}

type requestKey struct{}

// maxBody caps the body read for hashing, at net/http's cap on forms.
const maxBody = 10 << 20

func parseRequest(r *http.Request) *request {
	req := &request{params: params{}, method: r.Method, host: r.Host, path: r.URL.Path, query: r.URL.Query(), header: r.Header}
	if r.Body != nil {
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
		switch {
		case err != nil:
			req.parseErr = fmt.Errorf("reading the body: %w", err)
		case len(body) > maxBody:
			req.parseErr = fmt.Errorf("the body is larger than %d bytes", maxBody)
		}
		req.body = body
		// ACS3 hashes the body; the form parser reads it again.
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	if err := r.ParseForm(); err != nil && req.parseErr == nil { // r.Form holds the body's values before the query's
		req.parseErr = err
	}
	for k, vs := range r.Form {
		if len(vs) > 0 {
			req.params[k] = vs[0]
		}
	}
	if a, ok := parseACS3Authorization(r.Header.Get("Authorization")); ok {
		req.acs3 = &a
		req.action, req.version, req.keyID = r.Header.Get("x-acs-action"), r.Header.Get("x-acs-version"), a.keyID
	} else {
		req.action, req.version, req.keyID = req.params.get("Action"), req.params.get("Version"), req.params.get("AccessKeyId")
	}
	req.product = productOf(req.version)
	return req
}

func requestFrom(r *http.Request) *request {
	if req, ok := r.Context().Value(requestKey{}).(*request); ok {
		return req
	}
	return parseRequest(r)
}

// call is one authenticated request as an action sees it.
type call struct {
	params    params
	uid       int64     // the caller's account
	now       time.Time // the emulated clock at arrival
	requestID string
	action    string
}

func (s *Service) newHandler() http.Handler {
	inner := s.faults.Wrap(fault.Cloud{
		Classify:       s.classify,
		WriteError:     writeFaultError,
		ThrottleStatus: http.StatusBadRequest,
		ThrottleCode:   "Throttling.User",
		Conflict:       conflictOf,
	}, http.HandlerFunc(s.serve))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		req := parseRequest(r)
		r = r.WithContext(context.WithValue(r.Context(), requestKey{}, req))
		inner.ServeHTTP(&productWriter{ResponseWriter: w, product: req.product}, r)
	})
}

// classify tells the fault injector which API, operation, account and region
// a request is for. The account is looked up from the AccessKeyId without
// checking the signature: rate limits count attempts, as the cloud's do.
func (s *Service) classify(r *http.Request) fault.RequestInfo {
	req := requestFrom(r)
	ri := fault.RequestInfo{Operation: req.action}
	if req.product != nil {
		ri.Provider = req.product.provider
		if req.product == vpcPeerProduct || req.product == vpcProduct {
			ri.Region = req.params.get("RegionId")
		}
	}
	if c, ok := s.auth.lookup(req.keyID); ok {
		ri.Account = strconv.FormatInt(c.uid, 10)
	}
	return ri
}

// serve answers one request once the fault injector has let it through.
func (s *Service) serve(w http.ResponseWriter, r *http.Request) {
	req := requestFrom(r)
	p := req.product
	if p == nil {
		p = unknownProduct
	}
	requestID := newRequestID()
	resp, err := s.dispatch(r.Method, req, requestID)
	if err != nil {
		var ae *apiError
		if !errors.As(err, &ae) {
			ae = newError(http.StatusInternalServerError, "InternalError", "The request processing has failed due to some unknown error.")
		}
		writeJSON(w, ae.status, requestID, p.errorBody(requestID, ae))
		return
	}
	writeJSON(w, http.StatusOK, requestID, resp)
}

func (s *Service) dispatch(method string, req *request, requestID string) (any, error) {
	if method != http.MethodGet && method != http.MethodPost {
		return nil, newError(400, "UnsupportedHTTPMethod", "Specified HTTP method is not supported; use GET or POST.")
	}
	if req.parseErr != nil {
		return nil, newError(400, "InvalidParameter", "The request parameters cannot be parsed: "+req.parseErr.Error())
	}
	actionName, versionName := "Action", "Version"
	if req.acs3 != nil {
		actionName, versionName = "x-acs-action", "x-acs-version"
	}
	name := req.action
	if name == "" {
		return nil, errMissing(actionName)
	}
	if req.version == "" {
		return nil, errMissing(versionName)
	}
	var act action
	if req.product != nil {
		act = route(req.product, name)
	}
	if act == nil {
		return nil, newError(404, "InvalidAction.NotFound", fmt.Sprintf("Specified api is not found, please check your url and method: %s %s.", req.version, name))
	}
	var uid int64
	var err error
	if req.acs3 != nil {
		uid, err = s.authenticateACS3(req)
	} else {
		uid, err = s.authenticate(method, req.params)
	}
	if err != nil {
		return nil, err
	}
	if f := req.params.get("Format"); f != "" && !strings.EqualFold(f, "JSON") {
		return nil, newError(400, "InvalidParameter.Format", "Specified response format is not supported by this emulator; use JSON.")
	}
	return act(s, &call{params: req.params, uid: uid, now: s.clock.Now(), requestID: requestID, action: name})
}

// writeJSON writes v as the response body. Encoding happens outside the
// world's lock; v holds copies.
func writeJSON(w http.ResponseWriter, status int, requestID string, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		fmt.Fprintf(&buf, `{"RequestId":%q,"HostId":"aliyuncs.com","Code":"InternalError","Message":"encoding the response failed","Recommend":""}`, requestID)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json;charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("x-acs-request-id", requestID)
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// productWriter carries the request's product to the fault injector's error
// writer, which sees only the ResponseWriter. It passes hijacking through for
// the injector's resets and truncations.
type productWriter struct {
	http.ResponseWriter
	product *product
}

// Hijack hands over the connection, as the fault injector's resets need.
func (w *productWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *productWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// newRequestID returns a request ID in the clouds' form, an upper-case UUID.
func newRequestID() string {
	a, b := mrand.Uint64(), mrand.Uint64()
	return strings.ToUpper(fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x",
		a>>32, (a>>16)&0xffff, a&0xfff, 0x8000|(b>>48)&0x3fff, b&0xffffffffffff))
}

// conflictOf is the answer to a write that races another operation: VpcPeer
// documents Conflict.Operation ("There are other peering operations on the
// requester VPC or accepter VPC, try again later"); the VPC route writes
// TaskConflict ("The operation is too frequent", the CreateRouteEntry and
// DeleteRouteEntry documents); ENS names no such code, so its
// transitional-status one, IncorrectStatus.NetworkPeerConnection, stands
// in. Reads never conflict.
func conflictOf(ri fault.RequestInfo) (int, string, bool) {
	if !isWrite(ri.Operation) {
		return 0, "", false
	}
	if ri.Provider == "alibaba-ens" {
		return http.StatusBadRequest, "IncorrectStatus.NetworkPeerConnection", true
	}
	if ri.Operation == "CreateRouteEntry" || ri.Operation == "DeleteRouteEntry" {
		return http.StatusBadRequest, "TaskConflict", true
	}
	return http.StatusBadRequest, "Conflict.Operation", true
}

// isWrite reports whether an action changes state.
func isWrite(action string) bool {
	for _, p := range []string{"Create", "Accept", "Reject", "Modify", "Delete", "TagResources", "UnTagResources", "MoveResourceGroup"} {
		if strings.HasPrefix(action, p) {
			return true
		}
	}
	return false
}
