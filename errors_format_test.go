package peering_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/peeringkit/peering"
)

// Every verb prints the masked text, for a pointer and for a copied value.
func TestErrorFormatEveryVerb(t *testing.T) {
	const sig = "echoedSignature0123"
	e := &peering.Error{Code: peering.Unauthenticated, Provider: peering.AlibabaVPC, Op: "Get", ProviderCode: "SignatureDoesNotMatch",
		Message: `the server says {"Signature":"` + sig + `"}`, RequestID: "req-1", HTTPStatus: 400,
		Err: errors.New("Signature: " + sig)}
	tests := []struct {
		format string
		arg    any
		want   string // a part the output must have
	}{
		{"%v", e, "Unauthenticated: SignatureDoesNotMatch"},
		{"%s", e, "request id req-1"},
		{"%+v", e, "HTTP 400"},
		{"%d", e, "peering: alibaba-vpc Get"},
		{"%x", e, "peering: alibaba-vpc Get"},
		{"%q", e, `"peering: alibaba-vpc Get`},
		{"%#v", e, `peering.Error{Code:peering.Unauthenticated, Provider:"alibaba-vpc", Op:"Get", ProviderCode:"SignatureDoesNotMatch", Message:"the server says {\"Signature\":\"REDACTED\"}", RequestID:"req-1", HTTPStatus:400, Err:errors.New("Signature: REDACTED")}`},
		{"%v", *e, "Unauthenticated"},
		{"%d", *e, "Unauthenticated"},
		{"%#v", *e, "peering.Error{Code:peering.Unauthenticated"},
		{"%+v", fmt.Errorf("wrapped: %w", e), "wrapped: peering: alibaba-vpc Get"},
		{"%#v", peering.Error{Code: peering.ErrorCode(99)}, "Code:peering.ErrorCode(99)"},
	}
	for _, tt := range tests {
		got := fmt.Sprintf(tt.format, tt.arg)
		if strings.Contains(got, sig) {
			t.Errorf("%s of %T shows the signature: %s", tt.format, tt.arg, got)
		}
		if !strings.Contains(got, tt.want) {
			t.Errorf("%s of %T = %s\nwant it to contain %s", tt.format, tt.arg, got, tt.want)
		}
	}
	var nilErr *peering.Error
	if got := fmt.Sprintf("%v", nilErr); got != "<nil>" {
		t.Errorf("%%v of a nil *Error = %q", got)
	}
}
