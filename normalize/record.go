package normalize

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/peeringkit/peering"
)

// This file holds the one policy for odd records (see
// peering.UnparsedAttribute): DecodeRecord reads what it can of a record,
// Unparsed lists what it could not, for every adapter alike.

// Mismatch is a member of a JSON record whose value could not be stored in
// its field: a string where a number belongs, a number for a string, an
// object for a list. The field is left at its zero value.
type Mismatch struct {
	// Field is the member's JSON name, dotted for a member of a nested
	// object ("Vpc.Ipv4Cidrs"), as the record type spells it.
	Field string
	// Value is the member's value exactly as sent (for a nested member, the
	// innermost object member that holds it).
	Value json.RawMessage
}

// DecodeRecord decodes the JSON object data into v, a pointer to a struct,
// as json.Unmarshal does, except that a member whose value does not fit its
// field does not fail the record: the field is left at its zero value (a
// nested struct keeps the members that could be read) and the member is
// returned in odd, in the order of data. Within a nested object, only the
// first such member is reported.
// The error is non-nil only when data is not a JSON object (or v is not a
// pointer to a struct): a record that is not a record.
//
// A record that decodes cleanly costs one json.Unmarshal; the member by
// member decoding happens only after that fails.
func DecodeRecord(data []byte, v any) (odd []Mismatch, err error) {
	err = json.Unmarshal(data, v)
	if err == nil {
		return nil, nil
	}
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		return nil, err
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return nil, err
	}
	members, merr := objectMembers(data)
	if merr != nil {
		// Not an object: json.Unmarshal's own error says what it is.
		return nil, err
	}
	rv.Elem().SetZero()
	var one []byte
	for _, m := range members {
		// {"name":value}: the same matching rules as the whole record.
		name, _ := json.Marshal(m.name)
		one = append(one[:0], '{')
		one = append(one, name...)
		one = append(one, ':')
		one = append(one, m.value...)
		one = append(one, '}')
		if merr := json.Unmarshal(one, v); merr != nil {
			odd = append(odd, mismatch(m, merr))
			// A list, map or pointer may hold what was read before the
			// bad value: null clears it. (A nested struct keeps the
			// members that were read; a scalar was never set.)
			one = append(append(append(one[:0], '{'), name...), `:null}`...)
			_ = json.Unmarshal(one, v)
		}
	}
	return odd, nil
}

// DecodeRecords decodes the JSON array data into *list as json.Unmarshal
// does, except that a record with a member of the wrong type does not fail
// the list: that record is decoded by DecodeRecord, and keep is given it
// with its mismatches. A clean list costs one json.Unmarshal (adapters'
// list types call it from their UnmarshalJSON, so that a page decodes at
// full speed until a record is odd). The error is non-nil only when data
// is not an array, or one of its elements is not a record.
func DecodeRecords[T any](data []byte, list *[]T, keep func(record *T, odd []Mismatch)) error {
	err := json.Unmarshal(data, list)
	if err == nil {
		return nil
	}
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		return err
	}
	var elems []json.RawMessage
	if json.Unmarshal(data, &elems) != nil {
		return err // not an array: json.Unmarshal's own error says what it is
	}
	out := make([]T, len(elems))
	for i, elem := range elems {
		odd, err := DecodeRecord(elem, &out[i])
		if err != nil {
			return err
		}
		if odd != nil {
			keep(&out[i], odd)
		}
	}
	*list = out
	return nil
}

// member is one name/value pair of a JSON object.
type member struct {
	name  string
	value json.RawMessage
}

// objectMembers splits a JSON object into its members, in order.
func objectMembers(data []byte) ([]member, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	tok, err := d.Token()
	if err != nil {
		return nil, err
	}
	if delim, ok := tok.(json.Delim); !ok || delim != '{' {
		return nil, errors.New("normalize: not a JSON object")
	}
	var members []member
	for d.More() {
		tok, err := d.Token()
		if err != nil {
			return nil, err
		}
		name, _ := tok.(string)
		var value json.RawMessage
		if err := d.Decode(&value); err != nil {
			return nil, err
		}
		members = append(members, member{name: name, value: value})
	}
	return members, nil
}

// mismatch describes the member m that failed to decode with err, as
// precisely as err allows.
func mismatch(m member, err error) Mismatch {
	name := m.name
	out := Mismatch{Field: name, Value: m.value}
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) || te.Field == "" {
		return out
	}
	// The type error names the field within the member, after the names
	// of any embedded structs: walk down to it through nested objects, as
	// far as they go (a list stops the walk).
	path := strings.Split(te.Field, ".")
	at := slices.IndexFunc(path, func(step string) bool { return strings.EqualFold(step, name) })
	if at < 0 {
		return out
	}
	value := m.value
	for _, step := range path[at+1:] {
		inner, ok := objectMember(value, step)
		if !ok {
			break
		}
		out.Field += "." + step
		value = inner
	}
	out.Value = value
	return out
}

// objectMember returns the value of the member of object data named name,
// matched as encoding/json matches field names (case-insensitively).
func objectMember(data json.RawMessage, name string) (json.RawMessage, bool) {
	var obj map[string]json.RawMessage
	if json.Unmarshal(data, &obj) != nil {
		return nil, false
	}
	if v, ok := obj[name]; ok {
		return v, true
	}
	for k, v := range obj {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return nil, false
}

// maxUnparsedValue bounds each value shown in the attribute, so that one
// huge odd value cannot bloat every copy of the connection.
const maxUnparsedValue = 100

// Unparsed collects, for one record, the values an adapter could not read,
// as "field=value" pairs for peering.UnparsedAttribute. The zero value is
// empty and ready to use.
type Unparsed []string

// Add records that field could not be read from the string value.
func (u *Unparsed) Add(field, value string) {
	if len(value) > maxUnparsedValue {
		cut := maxUnparsedValue
		for cut > 0 && !utf8.RuneStart(value[cut]) {
			cut--
		}
		value = value[:cut] + "..."
	}
	*u = append(*u, field+"="+value)
}

// AddJSON records that field could not be read from value, a JSON value as
// sent: a string is shown without its quotes, anything else as its compact
// JSON text.
func (u *Unparsed) AddJSON(field string, value json.RawMessage) {
	var s string
	if json.Unmarshal(value, &s) == nil {
		u.Add(field, s)
		return
	}
	var b bytes.Buffer
	if json.Compact(&b, value) != nil {
		u.Add(field, string(value))
		return
	}
	u.Add(field, b.String())
}

// AddMismatches records each member DecodeRecord could not store, under
// prefix (for example "localVpc."; "" for none) and its field name.
func (u *Unparsed) AddMismatches(prefix string, odd []Mismatch) {
	for _, m := range odd {
		u.AddJSON(prefix+m.Field, m.Value)
	}
}

// String joins the pairs with "; ", the form of the attribute's value.
func (u Unparsed) String() string { return strings.Join(u, "; ") }

// Attributes returns attrs with peering.UnparsedAttribute set to u's pairs,
// appended to any already there; attrs is allocated when nil and u is not
// empty, and returned as is when u is empty.
func (u Unparsed) Attributes(attrs map[string]string) map[string]string {
	if len(u) == 0 {
		return attrs
	}
	if attrs == nil {
		attrs = make(map[string]string, 1)
	}
	if prev := attrs[peering.UnparsedAttribute]; prev != "" {
		attrs[peering.UnparsedAttribute] = prev + "; " + u.String()
	} else {
		attrs[peering.UnparsedAttribute] = u.String()
	}
	return attrs
}

// ParseBandwidth reads a bandwidth in Mbit/s sent as a JSON number or as a
// string holding one ("1024"): "" (absent) is BandwidthUnknown, -1 is
// unlimited, 0 is not reported, a positive integer is itself. A fraction,
// anything below -1 or anything that is not a number is an error, which
// adapters report in peering.UnparsedAttribute.
func ParseBandwidth(n json.Number) (peering.Bandwidth, error) {
	s := strings.TrimSpace(n.String())
	if s == "" {
		return peering.BandwidthUnknown, nil
	}
	i, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return peering.BandwidthUnknown, fmt.Errorf("normalize: bandwidth %q is not a whole number of Mbit/s", s)
	}
	return Bandwidth(i)
}
