package httpcode

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"
)

func TestMayHaveApplied(t *testing.T) {
	reset := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	dns := &net.DNSError{Err: "no such host", Name: "x.invalid"}
	cert := fmt.Errorf("tls: %w", x509.UnknownAuthorityError{})
	tests := []struct {
		name   string
		status int
		err    error
		want   bool
	}{
		{"2xx that could not be read", 200, errors.New("json: cannot unmarshal"), true},
		{"503", 503, nil, true},
		{"500", 500, nil, true},
		{"501", 501, nil, false},
		{"400", 400, nil, false},
		{"429", 429, nil, false},
		{"reset after sending", 0, MarkSent(reset, reset), true},
		{"cut body", 0, MarkSent(io.ErrUnexpectedEOF, io.ErrUnexpectedEOF), true},
		{"context ended mid-exchange", 0, MarkSent(context.Canceled, context.Canceled), true},
		{"wrapped mark", 0, fmt.Errorf("x: %w", MarkSent(reset, reset)), true},
		{"connection refused", 0, MarkSent(refused, refused), false},
		{"name not found", 0, MarkSent(errors.New("lookup failed"), dns), false},
		{"certificate", 0, MarkSent(cert, cert), false},
		{"unmarked", 0, reset, false},
	}
	for _, tt := range tests {
		if got := MayHaveApplied(tt.status, tt.err); got != tt.want {
			t.Errorf("%s: MayHaveApplied = %v, want %v", tt.name, got, tt.want)
		}
	}
	// The mark is invisible.
	marked := MarkSent(reset, reset)
	if marked.Error() != reset.Error() || !errors.Is(marked, syscall.ECONNRESET) {
		t.Errorf("marked error %q does not read or unwrap as %q", marked, reset)
	}
}
