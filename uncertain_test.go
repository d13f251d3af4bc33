package peering_test

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/peeringkit/peering"
)

func TestUncertainWriteError(t *testing.T) {
	const token = "CAIS8gF1q6Ft5B2yfSjIr5fSTokenValue"
	u := "https://vpcpeer.aliyuncs.com/?Action=CreateVpcPeerConnection&SecurityToken=" + url.QueryEscape(token) + "&Signature=abc%2Bdef%3D"
	last := &peering.Error{Code: peering.Unavailable, Provider: peering.AlibabaVPC, Op: "Create",
		Message: "no complete answer", Err: &url.Error{Op: "Post", URL: u, Err: errors.New("connection reset by peer")}}
	var err error = fmt.Errorf("making the link: %w",
		&peering.UncertainWriteError{Provider: peering.AlibabaVPC, Op: "Create", ClientToken: "tok-42", Err: last})

	var uw *peering.UncertainWriteError
	if !errors.As(err, &uw) || uw.ClientToken != "tok-42" {
		t.Fatalf("errors.As found %+v", uw)
	}
	if peering.Code(err) != peering.Unavailable || !errors.Is(err, peering.ErrUnavailable) {
		t.Errorf("Code = %v: the last attempt's code must show through", peering.Code(err))
	}
	var pe *peering.Error
	if !errors.As(err, &pe) || pe != last {
		t.Error("errors.As does not reach the last attempt's *Error")
	}
	if got, want := uw.Error(), `peering: alibaba-vpc Create: Unavailable: no complete answer: Post "`; !strings.HasPrefix(got, want) ||
		!strings.HasSuffix(got, `: outcome unknown, retry with ClientToken "tok-42"`) {
		t.Errorf("Error() = %q", got)
	}
	for _, text := range []string{uw.Error(), fmt.Sprint(err), fmt.Sprintf("%+v", uw), fmt.Sprintf("%#v", uw), fmt.Sprintf("%d", uw), fmt.Sprintf("%s", uw)} {
		for _, secret := range []string{token, "abc%2Bdef"} {
			if strings.Contains(text, secret) {
				t.Errorf("formatted error contains a secret %q:\n%s", secret, text)
			}
		}
		if !strings.Contains(text, "tok-42") {
			t.Errorf("formatted error lacks the client token: %s", text)
		}
	}
	bare := &peering.UncertainWriteError{Provider: peering.Baidu, Op: "Create", ClientToken: "t"}
	if got := bare.Error(); got != `peering: baidu Create: outcome unknown, retry with ClientToken "t"` || bare.Unwrap() != nil {
		t.Errorf("without a cause: %q", got)
	}
}
