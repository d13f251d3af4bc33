package peering_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/peeringkit/peering"
)

func TestCode(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		err  error
		want peering.ErrorCode
	}{
		{"nil", nil, peering.OK},
		{"plain error", errors.New("boom"), peering.Unknown},
		{"*Error", &peering.Error{Code: peering.NotFound}, peering.NotFound},
		{"wrapped *Error", fmt.Errorf("get: %w", &peering.Error{Code: peering.ResourceExhausted}), peering.ResourceExhausted},
		{"sentinel", peering.ErrUnimplemented, peering.Unimplemented},
		{"context.Canceled", context.Canceled, peering.Canceled},
		{"wrapped deadline", fmt.Errorf("x: %w", context.DeadlineExceeded), peering.DeadlineExceeded},
		{"ContextError", peering.ContextError(canceled, peering.Baidu, "Get"), peering.Canceled},
		{"Unimplementedf", peering.Unimplementedf(peering.AlibabaENS, "Accept", "no accept step"), peering.Unimplemented},
		{"InvalidArgumentf", peering.InvalidArgumentf(peering.Baidu, "Get", "empty ID"), peering.InvalidArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := peering.Code(tt.err); got != tt.want {
				t.Errorf("Code(%v) = %v; want %v", tt.err, got, tt.want)
			}
		})
	}
}

func TestErrorIs(t *testing.T) {
	err := fmt.Errorf("listing: %w", &peering.Error{Code: peering.NotFound, Provider: peering.Baidu})
	if !errors.Is(err, peering.ErrNotFound) {
		t.Error("errors.Is(err, ErrNotFound) = false for a NotFound error")
	}
	if errors.Is(err, peering.ErrUnavailable) {
		t.Error("errors.Is(err, ErrUnavailable) = true for a NotFound error")
	}
	ctxErr := peering.ContextError(canceledContext(), peering.Baidu, "List")
	if !errors.Is(ctxErr, context.Canceled) {
		t.Error("a Canceled *Error does not match context.Canceled")
	}
}

func canceledContext() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

func TestErrorFormat(t *testing.T) {
	e := &peering.Error{Code: peering.NotFound, Provider: peering.Baidu, Op: "Get", ProviderCode: "NoSuchObject",
		Message: "The specified object is not found", RequestID: "req-1", HTTPStatus: 404}
	want := "peering: baidu Get: NotFound: NoSuchObject: The specified object is not found (HTTP 404, request id req-1)"
	if got := e.Error(); got != want {
		t.Errorf("Error() =\n%q\nwant\n%q", got, want)
	}
	for _, c := range []peering.ErrorCode{peering.OK, peering.Internal, peering.ErrorCode(99)} {
		if c.String() == "" {
			t.Errorf("ErrorCode(%d).String() is empty", int(c))
		}
	}
}

// TestErrorNeverPrintsSecrets formats errors that carry secrets the ways a
// careless caller might, and checks that none survives.
func TestErrorNeverPrintsSecrets(t *testing.T) {
	const token = "CAIS8gF1q6Ft5B2yfSjIr5fSTokenValue"
	u := "https://vpcpeer.aliyuncs.com/?AccessKeyId=LTAI5t&Action=ListVpcPeerConnections&SecurityToken=" + url.QueryEscape(token) + "&Signature=abc%2Bdef%3D"
	transport := &url.Error{Op: "Post", URL: u, Err: errors.New("connection reset by peer")}
	errs := []error{
		&peering.Error{Code: peering.Unavailable, Provider: peering.AlibabaVPC, Op: "ListPage", Err: transport},
		&peering.Error{Code: peering.Unauthenticated, ProviderCode: "SignatureDoesNotMatch",
			Message: "Specified signature is not matched. server string to sign is:POST&%2F&AccessKeyId%3DLTAI5t%26SecurityToken%3D" + token + "%26SignatureMethod%3DHMAC-SHA1"},
		&peering.Error{Code: peering.Unauthenticated, Message: "Authorization: bce-auth-v1/ak/2024-01-01T00:00:00Z/1800/host;x-bce-date/0123456789abcdef0123456789abcdef"},
	}
	for _, err := range errs {
		for _, text := range []string{err.Error(), fmt.Sprint(err), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err), fmt.Sprintf("%s", err)} {
			for _, secret := range []string{token, "abc%2Bdef", "0123456789abcdef0123456789abcdef"} {
				if strings.Contains(text, secret) {
					t.Errorf("formatted error contains a secret %q:\n%s", secret, text)
				}
			}
		}
	}
}
