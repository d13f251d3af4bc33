package inventory

import "encoding/json"

// AppendRecordJSON appends r's JSON form with the given type, as the
// inventory writes it.
func AppendRecordJSON(b []byte, r *Record, typ string) ([]byte, error) {
	return appendRecordJSON(b, r, typ)
}

// ReflectedRecordJSON returns r's JSON form with the given type as
// encoding/json writes it, which AppendRecordJSON must match.
func ReflectedRecordJSON(r *Record, typ string) ([]byte, error) { return json.Marshal(r.toJSON(typ)) }

// RecordJSONDirect reports whether records are written without encoding/json.
var RecordJSONDirect = recordJSONDirect

// ReflectedRecordJSONIndent is ReflectedRecordJSON indented as the json
// format's records were, by json.MarshalIndent.
func ReflectedRecordJSONIndent(r *Record, prefix, indent string) ([]byte, error) {
	return json.MarshalIndent(r.toJSON(""), prefix, indent)
}

// AppendFindingJSON appends f's JSON form with the given type, as the
// inventory writes it.
func AppendFindingJSON(b []byte, f *Finding, typ string) ([]byte, error) {
	return appendFindingJSON(b, f, typ)
}

// ReflectedFindingJSON returns f's JSON form with the given type as
// encoding/json writes it, which AppendFindingJSON must match: f itself
// when typ is "", else the ndjson line's object.
func ReflectedFindingJSON(f *Finding, typ string) ([]byte, error) {
	if typ == "" {
		return json.Marshal(f)
	}
	return json.Marshal(struct {
		Type string `json:"type"`
		Finding
	}{typ, *f})
}

// FindingJSONDirect reports whether findings are written without
// encoding/json.
var FindingJSONDirect = findingJSONDirect
