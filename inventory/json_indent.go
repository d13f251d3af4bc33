package inventory

// appendIndented appends src, valid JSON as json.Marshal writes it (no
// space outside strings), indented as json.Indent(dst, src, prefix, indent)
// would indent it, byte for byte. json.Indent runs encoding/json's scanner
// over every byte; the records and findings of an inventory are valid
// already, so a walk that only follows strings and nesting does the same
// for a fraction of the CPU. It reports false, having appended nothing,
// where it sees src is not of that form (space outside strings, a string
// not closed, brackets that do not pair, nesting past 64), for the caller
// to use json.Indent instead; it does not validate the rest.
func appendIndented(dst, src []byte, prefix, indent string) ([]byte, bool) {
	start := len(dst)
	depth := 0
	var arrays uint64 // bit d is set when the bracket open at depth d is an array's
	newline := func() {
		dst = append(dst, '\n')
		dst = append(dst, prefix...)
		for range depth {
			dst = append(dst, indent...)
		}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case '"':
			j := i + 1
			for ; j < len(src) && src[j] != '"'; j++ {
				if src[j] == '\\' {
					j++
				}
			}
			if j >= len(src) {
				return dst[:start], false
			}
			dst = append(dst, src[i:j+1]...)
			i = j
		case '{', '[':
			dst = append(dst, c)
			if i+1 < len(src) && src[i+1] == c+2 { // '}' or ']'
				// An empty object or array stays on one line, as json.Indent
				// leaves it.
				dst = append(dst, src[i+1])
				i++
				continue
			}
			if depth == 64 {
				return dst[:start], false
			}
			arrays &^= 1 << depth
			if c == '[' {
				arrays |= 1 << depth
			}
			depth++
			newline()
		case '}', ']':
			depth--
			if depth < 0 || (arrays>>depth&1 == 1) != (c == ']') {
				return dst[:start], false
			}
			newline()
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline()
		case ':':
			dst = append(dst, c, ' ')
		case ' ', '\t', '\n', '\r':
			return dst[:start], false
		default:
			dst = append(dst, c)
		}
	}
	if depth != 0 {
		return dst[:start], false
	}
	return dst, true
}
