package docserver

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// rpc is what the two Alibaba servers share: RPC-style requests (query and
// form parameters merged, routed on Action) and the common error shape.
type rpc struct {
	*core
	host string // HostId in error answers
}

// params merges the query and a form body, as the RPC style allows both.
func params(r *http.Request) (url.Values, error) {
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	return r.Form, nil
}

// serve routes a request to the handler of its Action.
func (s *rpc) serve(w http.ResponseWriter, r *http.Request, actions map[string]func(http.ResponseWriter, url.Values)) {
	if !s.admit() {
		s.fail(w, &APIError{Status: http.StatusForbidden, Code: "Forbidden.RequestLimit", Message: s.limitMessage()})
		return
	}
	p, err := params(r)
	if err != nil {
		s.fail(w, &APIError{Status: http.StatusBadRequest, Code: "InvalidParameter", Message: "unreadable parameters: " + err.Error()})
		return
	}
	h, ok := actions[p.Get("Action")]
	if !ok {
		s.fail(w, &APIError{Status: http.StatusNotFound, Code: "InvalidAction.NotFound",
			Message: "docserver: action " + strconv.Quote(p.Get("Action")) + " is not scripted"})
		return
	}
	h(w, p)
}

// size reads a page-size parameter: def when absent, lo to hi.
func size(p url.Values, name string, def, lo, hi int, code string) (int, *APIError) {
	v := p.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, &APIError{Status: http.StatusBadRequest, Code: code,
			Message: "The specified " + name + " is invalid: " + strconv.Quote(v) + " is not " + strconv.Itoa(lo) + " to " + strconv.Itoa(hi) + "."}
	}
	return n, nil
}

// list reads an array parameter in every form the SDKs send: Name.1,
// Name.2, ...; a JSON array; a comma-separated or single value.
func list(p url.Values, name string) []string {
	var out []string
	type indexed struct {
		i int
		v string
	}
	var repeated []indexed
	for k, vs := range p {
		rest, ok := strings.CutPrefix(k, name+".")
		if !ok {
			continue
		}
		if i, err := strconv.Atoi(rest); err == nil && len(vs) > 0 {
			repeated = append(repeated, indexed{i, vs[0]})
		}
	}
	sort.Slice(repeated, func(a, b int) bool { return repeated[a].i < repeated[b].i })
	for _, r := range repeated {
		out = append(out, r.v)
	}
	if v := p.Get(name); v != "" {
		var arr []string
		if strings.HasPrefix(v, "[") && json.Unmarshal([]byte(v), &arr) == nil {
			out = append(out, arr...)
		} else {
			out = append(out, strings.Split(v, ",")...)
		}
	}
	return out
}

func (s *rpc) ok(w http.ResponseWriter, b body) {
	s.write(w, "application/json;charset=utf-8", b)
}

// fail answers with the common error shape, every value a string.
func (s *rpc) fail(w http.ResponseWriter, e *APIError) {
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(e.Status)
	_ = json.NewEncoder(w).Encode(map[string]string{
		"RequestId": s.requestID(), "HostId": s.host, "Code": e.Code, "Message": e.Message,
		"Recommend": "https://api.aliyun.com/troubleshoot?q=" + url.QueryEscape(e.Code),
	})
}
