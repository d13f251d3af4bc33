package normalize

import (
	"encoding/json"
	"unicode/utf8"
)

// Reader reads a JSON text strictly, for an adapter's own decoder of a
// clean page (the read of DecodePage), which then skips json.Unmarshal,
// its pre-scan of the whole text and its reflection.
//
// It takes only what it reads exactly as json.Unmarshal would read it
// into the same Go value, and declines anything else: once a method meets
// a value it does not plainly take, the Reader has declined, every later
// call does nothing, and End reports false. It declines a string with an
// escape or a control byte or that is not valid UTF-8; a member name that
// is not one of the object's fields but matches one without regard to
// case (encoding/json would take it); a repeated member; null for a
// field that is not a string; a value of another JSON type than the field's; an
// integer that is not a plain one in range; and anything after the text
// but white space. The value of a member that is no field is skipped,
// checked to be JSON. A declined text is then decoded as before, by
// json.Unmarshal, which gives its errors or tolerates its odd records.
type Reader struct {
	b        []byte
	i        int
	declined bool
}

// NewReader returns a Reader of b.
func NewReader(b []byte) *Reader { return &Reader{b: b} }

// maxSkipDepth bounds the nesting of a skipped value, far below
// encoding/json's own limit, so that a deep one is declined rather than
// read recursively.
const maxSkipDepth = 64

// decline marks r as having declined its text.
func (r *Reader) decline() { r.declined = true }

// End reports whether r read its whole text without declining: only
// white space may follow what it read.
func (r *Reader) End() bool {
	return !r.declined && skipSpace(r.b, r.i) == len(r.b)
}

// open reads c after white space, and reports whether it did; r
// declines when it finds anything else.
func (r *Reader) open(c byte) bool {
	if r.declined {
		return false
	}
	if r.i = skipSpace(r.b, r.i); r.i == len(r.b) || r.b[r.i] != c {
		r.decline()
		return false
	}
	r.i++
	return true
}

// closes reads c if it comes next after white space, and reports whether
// it did.
func (r *Reader) closes(c byte) bool {
	if r.i = skipSpace(r.b, r.i); r.i < len(r.b) && r.b[r.i] == c {
		r.i++
		return true
	}
	return false
}

// next reads the comma between two members or elements, or the closing
// byte c, and reports whether another follows; r declines at anything
// else.
func (r *Reader) next(c byte) bool {
	if r.declined {
		return false
	}
	if r.i = skipSpace(r.b, r.i); r.i < len(r.b) {
		switch r.b[r.i] {
		case ',':
			r.i++
			return true
		case c:
			r.i++
			return false
		}
	}
	r.decline()
	return false
}

// Object reads an object whose fields are named in fields (at most 64),
// calling member with the name of each field the object holds, which must
// read its value with r. The value of a member that is no field is
// skipped; a name that differs from a field's only in case, a repeated
// field, or a member that reads nothing makes r decline. Fields are
// looked up from the one after the last found, so that members in the
// order of fields are found at once.
func (r *Reader) Object(fields []string, member func(name string)) {
	if len(fields) > 64 {
		panic("normalize: Reader.Object takes at most 64 fields")
	}
	if !r.open('{') || r.closes('}') {
		return
	}
	var seen uint64
	last := -1
	for {
		name, ok := r.name()
		if !ok || !r.open(':') {
			return
		}
		f := find(fields, name, last+1)
		switch {
		case f >= 0:
			if seen&(1<<f) != 0 {
				r.decline()
				return
			}
			seen |= 1 << f
			last = f
			at := r.i
			member(fields[f])
			if r.i == at {
				r.decline()
			}
		case foldsTo(fields, name):
			r.decline()
		default:
			r.skip(0)
		}
		if !r.next('}') {
			return
		}
	}
}

// find returns the index of name in fields, looking from from on and
// round; -1 when it is none.
func find(fields []string, name []byte, from int) int {
	for k := range fields {
		f := (from + k) % len(fields)
		if string(name) == fields[f] {
			return f
		}
	}
	return -1
}

// foldsTo reports whether name, in ASCII, matches one of fields without
// regard to case, as encoding/json would match it.
func foldsTo(fields []string, name []byte) bool {
	for _, f := range fields {
		if asciiEqualFold(name, f) {
			return true
		}
	}
	return false
}

func asciiEqualFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range b {
		x, y := b[i], s[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// name reads a member name, which must be a string of printable ASCII
// without escapes: encoding/json matches other names by Unicode case
// folding, which r leaves to it.
func (r *Reader) name() (text []byte, ok bool) { return r.string(plainString) }

// text reads a string without escapes or control bytes that is valid
// UTF-8, which decodes to its bytes as they are.
func (r *Reader) text() (text []byte, ok bool) { return r.string(utf8String) }

// string reads the string that scan takes, after white space.
func (r *Reader) string(scan func(b []byte, i int) (text []byte, end int, ok bool)) (text []byte, ok bool) {
	if r.declined {
		return nil, false
	}
	text, end, ok := scan(r.b, skipSpace(r.b, r.i))
	if !ok {
		r.decline()
		return nil, false
	}
	r.i = end
	return text, true
}

// String reads a string into *s; null leaves *s as it is, as
// json.Unmarshal leaves it.
func (r *Reader) String(s *string) {
	if r.null() {
		return
	}
	if text, ok := r.text(); ok {
		*s = string(text)
	}
}

// null reads null if it comes next, and reports whether it did.
func (r *Reader) null() bool {
	if r.declined {
		return false
	}
	i := skipSpace(r.b, r.i)
	if len(r.b)-i >= 4 && string(r.b[i:i+4]) == "null" {
		r.i = i + 4
		return true
	}
	return false
}

// Bool reads true or false into *v.
func (r *Reader) Bool(v *bool) {
	if r.declined {
		return
	}
	r.i = skipSpace(r.b, r.i)
	switch rest := r.b[r.i:]; {
	case len(rest) >= 4 && string(rest[:4]) == "true":
		*v = true
		r.i += 4
	case len(rest) >= 5 && string(rest[:5]) == "false":
		*v = false
		r.i += 5
	default:
		r.decline()
	}
}

// number reads a JSON number and returns its text.
func (r *Reader) number() (text []byte, ok bool) {
	if r.declined {
		return nil, false
	}
	start := skipSpace(r.b, r.i)
	end := numberEnd(r.b, start)
	if end < 0 {
		r.decline()
		return nil, false
	}
	r.i = end
	return r.b[start:end], true
}

// Int64 reads into *n an integer written as one (no fraction, no
// exponent) that fits, as json.Unmarshal reads it into an int64.
func (r *Reader) Int64(n *int64) {
	text, ok := r.number()
	if !ok {
		return
	}
	neg := text[0] == '-'
	if neg {
		text = text[1:]
	}
	var u uint64
	for _, c := range text {
		if c < '0' || c > '9' || u > (1<<63)/10 {
			r.decline()
			return
		}
		u = u*10 + uint64(c-'0')
	}
	switch {
	case neg && u <= 1<<63:
		*n = int64(-u) // in two's complement, also for -(1<<63)
	case !neg && u < 1<<63:
		*n = int64(u)
	default:
		r.decline()
	}
}

// Int reads into *n an integer as Int64 does, that fits an int.
func (r *Reader) Int(n *int) {
	var v int64
	if r.Int64(&v); !r.declined {
		if int64(int(v)) != v {
			r.decline()
			return
		}
		*n = int(v)
	}
}

// Number reads a JSON number, or a string holding one, into *n as its
// text, as json.Unmarshal reads both into a json.Number.
func (r *Reader) Number(n *json.Number) {
	if r.declined {
		return
	}
	if i := skipSpace(r.b, r.i); i < len(r.b) && r.b[i] == '"' {
		text, ok := r.text()
		if ok && len(text) > 0 && numberEnd(text, 0) == len(text) {
			*n = json.Number(text)
		} else {
			r.decline()
		}
		return
	}
	if text, ok := r.number(); ok {
		*n = json.Number(text)
	}
}

// Tag reads a tag as Tag.UnmarshalJSON reads it: an object whose names
// are ASCII strings and whose values are all strings, without escapes.
// Names match the members as encoding/json matches them, exactly or,
// failing that, without regard to case (which, for ASCII names, is the
// same); the last of a repeated member wins. *t is set only when the
// whole tag was read.
func (r *Reader) Tag(t *Tag) {
	var key, value, tagKey, tagValue string
	var hasKey, hasValue bool
	if !r.open('{') {
		return
	}
	if !r.closes('}') {
		for {
			name, ok := r.name()
			if !ok || !r.open(':') {
				return
			}
			v, ok := r.text()
			if !ok {
				return
			}
			switch {
			case asciiEqualFold(name, "Key"):
				key, hasKey = string(v), true
			case asciiEqualFold(name, "Value"):
				value, hasValue = string(v), true
			case asciiEqualFold(name, "tagKey"):
				tagKey = string(v)
			case asciiEqualFold(name, "tagValue"):
				tagValue = string(v)
			}
			if !r.next('}') {
				break
			}
		}
		if r.declined {
			return
		}
	}
	*t = Tag{Key: tagKey, Value: tagValue}
	if hasKey || hasValue {
		*t = Tag{Key: key, Value: value}
	}
}

// Array reads an array into *s, each element by elem, as json.Unmarshal
// reads one into a slice: the elements are read into those *s already
// has room for, in place, and the slice is cut to those read; [] is an
// empty slice, not nil.
func Array[T any](r *Reader, s *[]T, elem func(*Reader, *T)) {
	if !r.open('[') {
		return
	}
	if r.closes(']') {
		*s = []T{}
		return
	}
	l := (*s)[:0]
	for {
		if len(l) < cap(l) {
			l = l[:len(l)+1]
		} else {
			var zero T
			l = append(l, zero)
		}
		at := r.i
		elem(r, &l[len(l)-1])
		if r.i == at {
			r.decline()
		}
		if !r.next(']') {
			break
		}
	}
	if !r.declined {
		*s = l
	}
}

// skip reads any JSON value, at depth within skipped ones, checking it
// as encoding/json's scanner does.
func (r *Reader) skip(depth int) {
	if r.declined {
		return
	}
	if r.i = skipSpace(r.b, r.i); r.i == len(r.b) {
		r.decline()
		return
	}
	switch c := r.b[r.i]; c {
	case '{', '[':
		if depth >= maxSkipDepth {
			r.decline()
			return
		}
		r.i++
		end := byte('}')
		if c == '[' {
			end = ']'
		}
		if r.closes(end) {
			return
		}
		for {
			if c == '{' {
				r.skipString()
				if !r.open(':') {
					return
				}
			}
			r.skip(depth + 1)
			if !r.next(end) {
				return
			}
		}
	case '"':
		r.skipString()
	case 't', 'f', 'n':
		for _, lit := range [...]string{"true", "false", "null"} {
			if len(r.b)-r.i >= len(lit) && string(r.b[r.i:r.i+len(lit)]) == lit {
				r.i += len(lit)
				return
			}
		}
		r.decline()
	default:
		r.number()
	}
}

// skipString reads any JSON string, escapes checked; its bytes need not
// be valid UTF-8, which encoding/json does not require of a value it
// skips.
func (r *Reader) skipString() {
	if r.declined {
		return
	}
	b := r.b
	i := skipSpace(b, r.i)
	if i == len(b) || b[i] != '"' {
		r.decline()
		return
	}
	for i++; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			r.i = i + 1
			return
		case c < ' ':
			r.decline()
			return
		case c == '\\':
			if i++; i == len(b) {
				r.decline()
				return
			}
			switch b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if len(b)-i <= 4 || !isHex(b[i+1]) || !isHex(b[i+2]) || !isHex(b[i+3]) || !isHex(b[i+4]) {
					r.decline()
					return
				}
				i += 4
			default:
				r.decline()
				return
			}
		}
	}
	r.decline()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// numberEnd returns the index after the JSON number at b[i:], or -1 when
// none starts there.
func numberEnd(b []byte, i int) int {
	digits := func() bool {
		start := i
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
		return i > start
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i == len(b):
		return -1
	case b[i] == '0':
		i++
	case '1' <= b[i] && b[i] <= '9':
		digits()
	default:
		return -1
	}
	if i < len(b) && b[i] == '.' {
		i++
		if !digits() {
			return -1
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if !digits() {
			return -1
		}
	}
	return i
}

// skipSpace returns the index of the first byte of b from i on that is not
// JSON white space.
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// plainString returns the text of the JSON string at b[i:] if it holds
// only printable ASCII and no escapes, which decodes to its bytes as they
// are; end is the index after its closing quote.
func plainString(b []byte, i int) (text []byte, end int, ok bool) {
	if i == len(b) || b[i] != '"' {
		return nil, 0, false
	}
	for j := i + 1; j < len(b); j++ {
		switch c := b[j]; {
		case c == '"':
			return b[i+1 : j], j + 1, true
		case c == '\\' || c < ' ' || c >= utf8.RuneSelf:
			return nil, 0, false
		}
	}
	return nil, 0, false
}

// utf8String is plainString for a string that may hold any valid UTF-8,
// which also decodes to its bytes as they are.
func utf8String(b []byte, i int) (text []byte, end int, ok bool) {
	if i == len(b) || b[i] != '"' {
		return nil, 0, false
	}
	ascii := true
	for j := i + 1; j < len(b); j++ {
		switch c := b[j]; {
		case c == '"':
			text = b[i+1 : j]
			if !ascii && !utf8.Valid(text) {
				return nil, 0, false
			}
			return text, j + 1, true
		case c == '\\' || c < ' ':
			return nil, 0, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return nil, 0, false
}
