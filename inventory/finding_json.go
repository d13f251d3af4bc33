package inventory

import (
	"reflect"

	"github.com/peeringkit/peering"
)

// appendFindingJSON appends f's JSON form with the given type (omitted
// when ""): exactly the bytes encoding/json writes for the ndjson line's
// object (the type, then f's fields) or, for "", for f. Written without
// reflection, as records are (see appendRecordJSON): a peer-overlap
// finding names a hundred connections and networks, and a large estate
// has hundreds of thousands of findings.
func appendFindingJSON(b []byte, f *Finding, typ string) ([]byte, error) {
	if !findingJSONDirect {
		return appendMarshalFinding(b, f, typ)
	}
	b = append(b, '{')
	if typ != "" {
		b = append(b, `"type":`...)
		b = appendJSONString(b, typ)
		b = append(b, ',')
	}
	b = append(b, `"kind":`...)
	b = appendJSONString(b, string(f.Kind))
	b = append(b, `,"severity":`...)
	b = appendJSONString(b, string(f.Severity))
	b = appendRefsJSON(b, `,"connections":`, f.Connections)
	b = appendRefsJSON(b, `,"networks":`, f.Networks)
	b = appendPrefixesJSON(b, `,"prefixes":`, f.Prefixes)
	if len(f.Routes) > 0 { // omitempty
		b = appendArrayJSON(append(b, `,"routes":`...), f.Routes, appendRouteRefJSON)
	}
	b = append(b, `,"message":`...)
	b = appendJSONString(b, f.Message)
	return append(b, '}'), nil
}

// appendMarshalFinding appends what encoding/json writes for f with the
// given type: the ndjson line's object, or f alone when typ is "".
func appendMarshalFinding(b []byte, f *Finding, typ string) ([]byte, error) {
	if typ == "" {
		return appendMarshal(b, f)
	}
	return appendMarshal(b, struct {
		Type string `json:"type"`
		Finding
	}{typ, *f})
}

// findingJSONDirect says whether appendFindingJSON writes what
// encoding/json would, as recordJSONDirect does for records: a change to
// the types turns it off, and a test fails until appendFindingJSON
// follows.
var findingJSONDirect = directFields(reflect.TypeFor[Finding](), findingJSONFields) &&
	directFields(reflect.TypeFor[Ref](), refJSONFields) &&
	directFields(reflect.TypeFor[RouteRef](), routeRefJSONFields) &&
	!customJSON(reflect.TypeFor[Kind](), reflect.TypeFor[Severity](), reflect.TypeFor[peering.Provider]())

// The fields appendFindingJSON writes, as "name type tag" in the types'
// order.
var (
	findingJSONFields = []string{
		"Kind inventory.Kind kind",
		"Severity inventory.Severity severity",
		"Connections []inventory.Ref connections",
		"Networks []inventory.Ref networks",
		"Prefixes []netip.Prefix prefixes,omitempty",
		"Routes []inventory.RouteRef routes,omitempty",
		"Message string message",
	}
	refJSONFields = []string{
		"Provider peering.Provider provider",
		"ID string id",
	}
	routeRefJSONFields = []string{
		"Network inventory.Ref network",
		"Table string table",
		"Route string route,omitempty",
		"Destination netip.Prefix destination",
		"NextHop string nextHop",
	}
)

// appendRefsJSON writes refs under key: null when nil, as encoding/json
// writes a nil slice without omitempty.
func appendRefsJSON(b []byte, key string, refs []Ref) []byte {
	b = append(b, key...)
	if refs == nil {
		return append(b, "null"...)
	}
	return appendArrayJSON(b, refs, appendRefJSON)
}

func appendRefJSON(b []byte, r Ref) []byte {
	b = append(b, `{"provider":`...)
	b = appendJSONString(b, string(r.Provider))
	b = append(b, `,"id":`...)
	b = appendJSONString(b, r.ID)
	return append(b, '}')
}

func appendRouteRefJSON(b []byte, r RouteRef) []byte {
	b = append(b, `{"network":`...)
	b = appendRefJSON(b, r.Network)
	b = append(b, `,"table":`...)
	b = appendJSONString(b, r.Table)
	b = appendOptString(b, `,"route":`, r.Route)
	b = append(b, `,"destination":`...)
	b = appendPrefixJSON(b, r.Destination)
	b = append(b, `,"nextHop":`...)
	b = appendJSONString(b, r.NextHop)
	return append(b, '}')
}
