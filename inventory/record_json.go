package inventory

import (
	"encoding"
	"encoding/json"
	"net/netip"
	"reflect"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/peeringkit/peering"
)

// appendRecordJSON appends r's JSON form with the given type (omitted when
// ""): exactly the bytes json.Marshal(r.toJSON(typ)) gives, written without
// reflection, which costs an inventory of a million records seconds of CPU.
// A record that encoding/json would refuse (a time whose year RFC 3339
// cannot hold) goes through encoding/json, for its error.
func appendRecordJSON(b []byte, r *Record, typ string) ([]byte, error) {
	if recordJSONDirect {
		if out, ok := appendRecordDirect(b, r, typ); ok {
			return out, nil
		}
	}
	return appendMarshal(b, r.toJSON(typ))
}

// recordJSONDirect says whether appendRecordDirect writes what
// encoding/json would: the fields it writes are those of the types, with
// the same tags, and no type it writes as a string has a method of its own
// that encoding/json would call instead. A change to the types turns it
// off, and a test fails until appendRecordDirect follows.
var recordJSONDirect = directFields(reflect.TypeFor[peering.Connection](), connectionJSONFields) &&
	directFields(reflect.TypeFor[peering.Endpoint](), endpointJSONFields) &&
	directFields(reflect.TypeFor[Sighting](), sightingJSONFields) &&
	!customJSON(reflect.TypeFor[peering.Provider](), reflect.TypeFor[peering.Status](), reflect.TypeFor[peering.Role]())

// The fields appendRecordDirect writes, as "name type tag" in the types'
// order.
var (
	connectionJSONFields = []string{
		"Provider peering.Provider provider",
		"ID string id",
		"Name string name,omitempty",
		"Description string description,omitempty",
		"Status peering.Status status",
		"ProviderStatus string providerStatus",
		"Bandwidth peering.Bandwidth bandwidth", // recordJSON's bandwidth shadows it
		"Requester peering.Endpoint requester",
		"Accepter peering.Endpoint accepter",
		"Role peering.Role role",
		"Tags map[string]string tags,omitempty",
		"CreatedAt time.Time createdAt,omitzero",
		"UpdatedAt time.Time updatedAt,omitzero",
		"TermEndsAt time.Time termEndsAt,omitzero",
		"AcceptBy time.Time acceptBy,omitzero",
		"ResourceGroupID string resourceGroupId,omitempty",
		"Attributes map[string]string attributes,omitempty",
		"Raw interface {} -",
	}
	endpointJSONFields = []string{
		"NetworkID string networkId",
		"Region string region,omitempty",
		"AccountID string accountId,omitempty",
		"IPv4CIDRs []netip.Prefix ipv4Cidrs,omitempty",
		"IPv6CIDRs []netip.Prefix ipv6Cidrs,omitempty",
		"CIDRsUnknown string cidrsUnknown,omitempty",
	}
	sightingJSONFields = []string{
		"Target string target",
		"Role peering.Role role",
	}
)

// directFields says whether encoding/json writes the struct type t by
// the fields of want, as "name type tag" in t's order: t has those fields
// and no method of its own that encoding/json would call instead.
func directFields(t reflect.Type, want []string) bool {
	if t.NumField() != len(want) || customJSON(t) {
		return false
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Name+" "+f.Type.String()+" "+f.Tag.Get("json") != want[i] {
			return false
		}
	}
	return true
}

// customJSON says whether encoding/json writes any of ts by a method of
// its own.
func customJSON(ts ...reflect.Type) bool {
	for _, t := range ts {
		for _, t := range []reflect.Type{t, reflect.PointerTo(t)} {
			if t.Implements(reflect.TypeFor[json.Marshaler]()) || t.Implements(reflect.TypeFor[encoding.TextMarshaler]()) {
				return true
			}
		}
	}
	return false
}

// appendRecordDirect writes what encoding/json writes for recordJSON, in
// its field order, and false for a time encoding/json refuses.
func appendRecordDirect(b []byte, r *Record, typ string) ([]byte, bool) {
	ok := true
	b = append(b, '{')
	if typ != "" {
		b = append(b, `"type":`...)
		b = appendJSONString(b, typ)
		b = append(b, ',')
	}
	c := &r.Connection
	b = append(b, `"provider":`...)
	b = appendJSONString(b, string(c.Provider))
	b = append(b, `,"id":`...)
	b = appendJSONString(b, c.ID)
	b = appendOptString(b, `,"name":`, c.Name)
	b = appendOptString(b, `,"description":`, c.Description)
	b = append(b, `,"status":`...)
	b = appendJSONString(b, string(c.Status))
	b = append(b, `,"providerStatus":`...)
	b = appendJSONString(b, c.ProviderStatus)
	b = append(b, `,"requester":`...)
	b = appendEndpointJSON(b, &c.Requester)
	b = append(b, `,"accepter":`...)
	b = appendEndpointJSON(b, &c.Accepter)
	b = append(b, `,"role":`...)
	b = appendJSONString(b, string(c.Role))
	b = appendMapJSON(b, `,"tags":`, c.Tags)
	for _, f := range [...]struct {
		key string
		t   *time.Time
	}{
		{`,"createdAt":`, &c.CreatedAt},
		{`,"updatedAt":`, &c.UpdatedAt},
		{`,"termEndsAt":`, &c.TermEndsAt},
		{`,"acceptBy":`, &c.AcceptBy},
	} {
		if f.t.IsZero() { // omitzero calls IsZero
			continue
		}
		b = append(b, f.key...)
		b = append(b, '"')
		var err error
		if b, err = f.t.AppendText(b); err != nil { // what Time.MarshalJSON quotes
			ok = false
		}
		b = append(b, '"')
	}
	b = appendOptString(b, `,"resourceGroupId":`, c.ResourceGroupID)
	b = appendMapJSON(b, `,"attributes":`, c.Attributes)
	b = append(b, `,"bandwidthMbps":`...)
	if n, ok := BandwidthMbps(r.Bandwidth); ok {
		b = strconv.AppendInt(b, n, 10)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"bandwidth":`...)
	b = appendJSONString(b, r.Bandwidth.String())
	if len(r.SeenBy) > 0 {
		b = appendArrayJSON(append(b, `,"seenBy":`...), r.SeenBy, appendSightingJSON)
	}
	return append(b, '}'), ok
}

func appendSightingJSON(b []byte, s Sighting) []byte {
	b = append(b, `{"target":`...)
	b = appendJSONString(b, s.Target)
	b = append(b, `,"role":`...)
	b = appendJSONString(b, string(s.Role))
	return append(b, '}')
}

// appendArrayJSON writes s as a JSON array, each element by elem.
func appendArrayJSON[T any](b []byte, s []T, elem func([]byte, T) []byte) []byte {
	b = append(b, '[')
	for i, e := range s {
		if i > 0 {
			b = append(b, ',')
		}
		b = elem(b, e)
	}
	return append(b, ']')
}

func appendEndpointJSON(b []byte, e *peering.Endpoint) []byte {
	b = append(b, `{"networkId":`...)
	b = appendJSONString(b, e.NetworkID)
	b = appendOptString(b, `,"region":`, e.Region)
	b = appendOptString(b, `,"accountId":`, e.AccountID)
	b = appendPrefixesJSON(b, `,"ipv4Cidrs":`, e.IPv4CIDRs)
	b = appendPrefixesJSON(b, `,"ipv6Cidrs":`, e.IPv6CIDRs)
	b = appendOptString(b, `,"cidrsUnknown":`, e.CIDRsUnknown)
	return append(b, '}')
}

// appendPrefixesJSON writes ps under key unless it is empty (omitempty).
// A prefix is written as its MarshalText, which is only digits, hex
// letters, '.', ':' and '/' ("" for the zero prefix, "invalid Prefix" for
// an invalid one): nothing to escape.
func appendPrefixesJSON(b []byte, key string, ps []netip.Prefix) []byte {
	if len(ps) == 0 {
		return b
	}
	return appendArrayJSON(append(b, key...), ps, appendPrefixJSON)
}

// appendPrefixJSON writes p as its MarshalText, quoted.
func appendPrefixJSON(b []byte, p netip.Prefix) []byte {
	b = append(b, '"')
	b = p.AppendTo(b)
	return append(b, '"')
}

// appendOptString writes s under key unless it is "" (omitempty).
func appendOptString(b []byte, key, s string) []byte {
	if s == "" {
		return b
	}
	return appendJSONString(append(b, key...), s)
}

// appendMapJSON writes m under key unless it is empty (omitempty), its
// keys sorted as encoding/json sorts them: by their bytes.
func appendMapJSON(b []byte, key string, m map[string]string) []byte {
	if len(m) == 0 {
		return b
	}
	var arr [16]string // most records have a few tags or attributes
	keys := arr[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, key...)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		b = appendJSONString(b, m[k])
	}
	return append(b, '}')
}

// jsonSafe says which ASCII bytes appendJSONString writes as they are: a
// table, as encoding/json's htmlSafeSet, since the test per byte is most
// of the time of writing a finding's refs.
var jsonSafe = func() (safe [utf8.RuneSelf]bool) {
	for c := range safe {
		safe[c] = c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return safe
}()

// appendJSONString writes s as encoding/json does by default (its
// appendString with HTML escaping, as of Go 1.24 to 1.26): ", \ and the
// control bytes escaped (\b \f \n \r \t by name, the others as \u00XX), <,
// > and & as \u003c, \u003e and \u0026, U+2028 and U+2029 as \u2028 and
// \u2029, and each byte of invalid UTF-8 as \ufffd.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
