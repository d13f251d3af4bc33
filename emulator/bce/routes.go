package bce

import (
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/peeringkit/peering/emulator/fault"
)

// Operation names, as reported to the fault injector (fault.Rule.Operation).
const (
	OpCreatePeerConn              = "CreatePeerConn"
	OpListPeerConn                = "ListPeerConn"
	OpGetPeerConn                 = "GetPeerConn"
	OpUpdatePeerConn              = "UpdatePeerConn"
	OpAcceptPeerConn              = "AcceptPeerConn"
	OpRejectPeerConn              = "RejectPeerConn"
	OpResizePeerConn              = "ResizePeerConn"
	OpRenewPeerConn               = "RenewPeerConn"
	OpRefundPeerConn              = "RefundPeerConn"
	OpOpenPeerConnDNSSync         = "OpenPeerConnDNSSync"
	OpClosePeerConnDNSSync        = "ClosePeerConnDNSSync"
	OpUpdatePeerConnDeleteProtect = "UpdatePeerConnDeleteProtect"
	OpDeletePeerConn              = "DeletePeerConn"
	OpGetVPC                      = "GetVPC"
	OpListVPC                     = "ListVPC"
	OpGetRouteTable               = "GetRouteTable"
	OpCreateRouteRule             = "CreateRouteRule"
	OpDeleteRouteRule             = "DeleteRouteRule"
	OpListRouteRule               = "ListRouteRule"
)

// actionFlags maps the bare query flags of PUT /v1/peerconn/{id} to their
// operations; a PUT with none is the plain update.
var actionFlags = map[string]string{
	"accept":           OpAcceptPeerConn,
	"reject":           OpRejectPeerConn,
	"resize":           OpResizePeerConn,
	"purchaseReserved": OpRenewPeerConn,
	"refund":           OpRefundPeerConn,
	"open":             OpOpenPeerConnDNSSync,
	"close":            OpClosePeerConnDNSSync,
}

// operation is what an operation does, under the service's lock.
type operation func(s *Service, c *call) (any, error)

// operations: the handler of each, and whether it is a write (takes a
// clientToken).
var operations = map[string]struct {
	run   operation
	write bool
}{
	OpCreatePeerConn:              {(*Service).create, true},
	OpListPeerConn:                {(*Service).list, false},
	OpGetPeerConn:                 {(*Service).get, false},
	OpUpdatePeerConn:              {(*Service).update, true},
	OpAcceptPeerConn:              {(*Service).accept, true},
	OpRejectPeerConn:              {(*Service).reject, true},
	OpResizePeerConn:              {(*Service).resize, true},
	OpRenewPeerConn:               {(*Service).renew, true},
	OpRefundPeerConn:              {(*Service).refund, true},
	OpOpenPeerConnDNSSync:         {(*Service).openDNS, true},
	OpClosePeerConnDNSSync:        {(*Service).closeDNS, true},
	OpUpdatePeerConnDeleteProtect: {(*Service).setDeleteProtect, true},
	OpDeletePeerConn:              {(*Service).delete, true},
	OpGetVPC:                      {(*Service).getVPC, false},
	OpListVPC:                     {(*Service).listVPC, false},
	OpGetRouteTable:               {(*Service).getRouteTable, false},
	OpCreateRouteRule:             {(*Service).createRouteRule, true},
	OpDeleteRouteRule:             {(*Service).deleteRouteRule, true},
	OpListRouteRule:               {(*Service).listRouteRules, false},
}

// call is one authenticated request, as the operations see it.
type call struct {
	account string // the caller
	region  string // the listener's
	id      string // the path's connection or VPC ID
	query   url.Values
	body    []byte
	now     time.Time // emulated
}

// route names the operation of a request and the ID in its path.
func route(method, path string, q url.Values) (op, id string, err *apiError) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	wrongMethod := errorf(http.StatusMethodNotAllowed, CodeMethodNotAllowed, "%s is not allowed on %s", method, path)
	switch {
	case len(segs) == 2 && segs[0] == "v1" && segs[1] == "peerconn":
		switch method {
		case http.MethodPost:
			return OpCreatePeerConn, "", nil
		case http.MethodGet:
			return OpListPeerConn, "", nil
		}
		return "", "", wrongMethod
	case len(segs) == 3 && segs[0] == "v1" && segs[1] == "peerconn" && segs[2] != "":
		switch method {
		case http.MethodGet:
			return OpGetPeerConn, segs[2], nil
		case http.MethodDelete:
			return OpDeletePeerConn, segs[2], nil
		case http.MethodPut:
			op := OpUpdatePeerConn
			var flags []string
			for flag, name := range actionFlags {
				if _, ok := q[flag]; ok {
					op = name
					flags = append(flags, flag)
				}
			}
			if len(flags) > 1 {
				slices.Sort(flags)
				return "", "", badQuery("the query names more than one action: %s", strings.Join(flags, ", "))
			}
			return op, segs[2], nil
		}
		return "", "", wrongMethod
	case len(segs) == 4 && segs[0] == "v1" && segs[1] == "peerconn" && segs[2] != "" && segs[3] == "deleteProtect":
		if method == http.MethodPut {
			return OpUpdatePeerConnDeleteProtect, segs[2], nil
		}
		return "", "", wrongMethod
	case len(segs) == 2 && segs[0] == "v1" && segs[1] == "vpc":
		if method == http.MethodGet {
			return OpListVPC, "", nil
		}
		return "", "", wrongMethod
	case len(segs) == 3 && segs[0] == "v1" && segs[1] == "vpc" && segs[2] != "":
		if method == http.MethodGet {
			return OpGetVPC, segs[2], nil
		}
		return "", "", wrongMethod
	case len(segs) == 2 && segs[0] == "v1" && segs[1] == "route":
		if method == http.MethodGet {
			return OpGetRouteTable, "", nil
		}
		return "", "", wrongMethod
	case len(segs) == 3 && segs[0] == "v1" && segs[1] == "route" && segs[2] == "rule":
		switch method {
		case http.MethodPost:
			return OpCreateRouteRule, "", nil
		case http.MethodGet:
			return OpListRouteRule, "", nil
		}
		return "", "", wrongMethod
	case len(segs) == 4 && segs[0] == "v1" && segs[1] == "route" && segs[2] == "rule" && segs[3] != "":
		if method == http.MethodDelete {
			return OpDeleteRouteRule, segs[3], nil
		}
		return "", "", wrongMethod
	}
	return "", "", errorf(http.StatusBadRequest, CodeInvalidURI, "no API at %s", path)
}

// Handler serves the API of one region: region is the listener's own, the
// region of the caller's local VPCs. Every handler shares the service's
// state; faults from the service's injector apply.
func (s *Service) Handler(region string) http.Handler {
	rh := &regionHandler{s: s, region: region}
	wrapped := s.faults.Wrap(fault.Cloud{
		Classify:       rh.classify,
		WriteError:     writeError,
		ThrottleStatus: http.StatusTooManyRequests,
		ThrottleCode:   CodeRequestRateLimitExceeded,
		Conflict:       conflictOf,
	}, rh)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		wrapped.ServeHTTP(w, r)
	})
}

type regionHandler struct {
	s      *Service
	region string
}

// classify tells the fault injector the operation, the caller's account
// (by access key; "" when unknown) and the region.
func (h *regionHandler) classify(r *http.Request) fault.RequestInfo {
	q, _ := url.ParseQuery(r.URL.RawQuery)
	op, _, _ := route(r.Method, r.URL.Path, q)
	ak := accessKeyOf(r.Header.Get("Authorization"))
	h.s.mu.Lock()
	account := h.s.byKey[ak]
	h.s.mu.Unlock()
	return fault.RequestInfo{Provider: Provider, Operation: op, Account: account, Region: h.region}
}

func (h *regionHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set(headerRequestID, newRequestID())
	result, err := h.serve(r)
	if err != nil {
		ae := asAPIError(err)
		writeError(w, ae.status, ae.code, ae.message)
		return
	}
	writeJSON(w, result)
}

// serve reads, authenticates and routes a request, then runs its operation.
func (h *regionHandler) serve(r *http.Request) (any, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return nil, errorf(http.StatusBadRequest, CodeInvalidHTTPRequest, "reading the request body: %v", err)
	}
	if len(body) > maxBody {
		return nil, errorf(http.StatusBadRequest, CodeInvalidHTTPRequest, "the request body is larger than %d bytes", maxBody)
	}
	account, aerr := h.s.authenticate(r, body)
	if aerr != nil {
		return nil, aerr
	}
	q, qerr := url.ParseQuery(r.URL.RawQuery)
	if qerr != nil {
		return nil, errorf(http.StatusBadRequest, CodeInvalidURI, "the query string cannot be parsed: %v", qerr)
	}
	op, id, aerr := route(r.Method, r.URL.Path, q)
	if aerr != nil {
		return nil, aerr
	}
	return h.s.do(op, &call{account: account, region: h.region, id: id, query: q, body: body}, r)
}

// do runs an operation under the lock, answering a repeated clientToken
// from memory.
func (s *Service) do(op string, c *call, r *http.Request) (any, error) {
	def := operations[op]
	token := ""
	if def.write {
		token = c.query.Get("clientToken")
		if err := checkToken(token); err != nil {
			return nil, err
		}
		// The create document marks clientToken required (the other
		// writes' documents mark it optional).
		if op == OpCreatePeerConn && token == "" {
			return nil, badQuery("clientToken is required")
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	c.now = s.clock.Now()
	s.reap(c.now)
	if token == "" {
		return def.run(s, c)
	}
	key := tokenKey{c.account, token}
	fp := fingerprint(c.region, r.Method, r.URL.Path, c.query, c.body)
	if rec := s.tokens.lookup(key, c.now); rec != nil {
		result, aerr := s.tokens.replay(rec, fp, c.now)
		if aerr != nil {
			return nil, aerr
		}
		return result, nil
	}
	result, err := def.run(s, c)
	if err == nil {
		s.tokens.store(key, fp, result, c.now)
	}
	return result, err
}

// conflictOf is the answer to a write that races another operation on the
// connection: the status conflict the service answers for an operation its
// status does not allow (409 PeerConnStatusConflict, an assumption: Baidu
// documents no code for it). Reads never conflict, nor do route rule
// writes, which have no status to race.
func conflictOf(ri fault.RequestInfo) (int, string, bool) {
	if strings.HasPrefix(ri.Operation, "List") || strings.HasPrefix(ri.Operation, "Get") || strings.HasSuffix(ri.Operation, "RouteRule") {
		return 0, "", false
	}
	return http.StatusConflict, CodePeerConnStatusConflict, true
}
