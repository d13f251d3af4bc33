package peering

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/peeringkit/peering/internal/redact"
)

// Format makes every fmt verb print the masked text of the error: %v, %s,
// %+v, %d, %x and the others print what Error returns, %q quotes it, and %#v
// prints GoString. Without it, the verbs that do not call Error (%#v, %d,
// %x) would print the fields as they are, a signature the cloud echoed in
// Message included.
//
// Format and GoString have value receivers, unlike Error, so that a copied
// Error value is covered too.
func (e Error) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		_, _ = io.WriteString(f, e.GoString())
	case verb == 'q':
		_, _ = io.WriteString(f, strconv.Quote(e.Error()))
	default:
		_, _ = io.WriteString(f, e.Error())
	}
}

// GoString returns the error as Go syntax, every text field masked and the
// cause as its masked text. It reads peering.Error{...}, without the & of a
// pointer: a formatter cannot tell whether it was given one.
func (e Error) GoString() string {
	var b strings.Builder
	b.WriteString("peering.Error{Code:")
	if e.Code >= 0 && int(e.Code) < len(codeNames) {
		b.WriteString("peering." + e.Code.String())
	} else {
		fmt.Fprintf(&b, "peering.ErrorCode(%d)", int(e.Code))
	}
	fmt.Fprintf(&b, ", Provider:%q, Op:%q, ProviderCode:%q, Message:%q, RequestID:%q, HTTPStatus:%d, Err:",
		redact.String(string(e.Provider)), redact.String(e.Op), redact.String(e.ProviderCode),
		redact.String(e.Message), redact.String(e.RequestID), e.HTTPStatus)
	if e.Err == nil {
		b.WriteString("nil")
	} else {
		fmt.Fprintf(&b, "errors.New(%q)", redact.String(e.Err.Error()))
	}
	b.WriteByte('}')
	return b.String()
}
