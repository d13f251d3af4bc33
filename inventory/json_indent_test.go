package inventory

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// indentCases are compact JSON texts with what makes indenting hard:
// brackets and separators inside strings, escapes before a quote, empty
// and nested containers, scalars at the top.
var indentCases = []string{
	`{}`, `[]`, `1`, `"s"`, `null`, `true`,
	`{"a":1}`, `[1,2,3]`, `{"a":[],"b":{},"c":[{}],"d":[[]]}`,
	`{"s":"{[,:]}","t":"\"","u":"\\","v":"\\\"]"}`,
	`{"k":"a\u2028b","l":"\u003c\u003e\u0026","m":"é"}`,
	`[{"a":{"b":{"c":[1,{"d":null}]}}},-1.5e+10,"x"]`,
	`{"records":[{"provider":"baidu","id":"peer-1","tags":{"k":"v"},"requester":{"networkId":"vpc-1","ipv4Cidrs":["10.0.0.0/16"]}}]}`,
}

// The walk indents as json.Indent does, byte for byte, with and without a
// prefix, after what dst held before.
func TestAppendIndented(t *testing.T) {
	for _, src := range indentCases {
		for _, form := range [][2]string{{"", "  "}, {"    ", "  "}, {"\t", "\t"}} {
			t.Run(src+"/"+form[0], func(t *testing.T) {
				require.True(t, json.Valid([]byte(src)))
				var want bytes.Buffer
				require.NoError(t, json.Indent(&want, []byte(src), form[0], form[1]))
				got, ok := appendIndented([]byte("before"), []byte(src), form[0], form[1])
				require.True(t, ok)
				assert.Equal(t, "before"+want.String(), string(got))
			})
		}
	}
}

// What is not of the form it indents is declined, dst unchanged.
func TestAppendIndentedDeclines(t *testing.T) {
	for _, src := range []string{
		`{"a": 1}`, "[1,\n2]", `{"a":"unclosed`, `{"a":1]`, `[1}`, `[1]]`, `{"a":[1}`, `{"a":"\"}`,
		strings.Repeat("[", 65) + "1" + strings.Repeat("]", 65),
	} {
		got, ok := appendIndented([]byte("dst"), []byte(src), "", "  ")
		assert.False(t, ok, src)
		assert.Equal(t, "dst", string(got), src)
	}
}

// Any valid JSON, compacted as json.Marshal writes it, is indented as
// json.Indent indents it.
func FuzzAppendIndented(f *testing.F) {
	for _, src := range indentCases {
		f.Add([]byte(src), "", "  ")
	}
	f.Add([]byte(`[ {"a" : "b\\"} , [ ] ]`), "  ", "\t")
	f.Fuzz(func(t *testing.T, src []byte, prefix, indent string) {
		if !json.Valid(src) || strings.Trim(prefix+indent, " \t") != "" {
			return
		}
		var compact bytes.Buffer
		require.NoError(t, json.Compact(&compact, src))
		var want bytes.Buffer
		require.NoError(t, json.Indent(&want, compact.Bytes(), prefix, indent))
		got, ok := appendIndented(nil, compact.Bytes(), prefix, indent)
		if !ok {
			opens := strings.Count(compact.String(), "[") + strings.Count(compact.String(), "{")
			require.Greater(t, opens, 64, "declined %q", compact.String())
			return // nesting past 64
		}
		require.Equal(t, want.String(), string(got))
	})
}
