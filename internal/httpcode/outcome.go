package httpcode

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
)

// The one rule, for every adapter, of whether a failed write attempt may
// have been applied: a write for which it holds, and which then failed on
// every attempt, is reported as a peering.UncertainWriteError.

// inFlight marks the cause of an exchange that failed after its request
// may have reached the server. It reads and unwraps as the cause itself.
type inFlight struct{ error }

func (e inFlight) Unwrap() error { return e.error }

// MarkSent returns err, the failure of an exchange that brought back no
// answer, marked as one whose request may have reached the server, unless
// cause, the transport's own error (err itself, or what err was made
// from), shows that it cannot have: connecting (dialling, name resolution)
// or the TLS handshake failed. The mark changes neither the text nor what
// errors.Is and errors.As find. An exchange abandoned midway (the caller's
// context ended, cause is its error) is marked.
func MarkSent(err, cause error) error {
	if BeforeSending(cause) {
		return err
	}
	return inFlight{err}
}

// BeforeSending reports whether a transport failure happened before any
// byte of the request can have reached the server.
func BeforeSending(err error) bool {
	var (
		op     *net.OpError
		dns    *net.DNSError
		header tls.RecordHeaderError
		verr   *tls.CertificateVerificationError
		uerr   x509.UnknownAuthorityError
		herr   x509.HostnameError
		ierr   x509.CertificateInvalidError
	)
	switch {
	case errors.As(err, &op) && op.Op == "dial", errors.As(err, &dns):
		return true
	case errors.As(err, &header), errors.As(err, &verr), errors.As(err, &uerr), errors.As(err, &herr), errors.As(err, &ierr):
		return true
	}
	return false
}

// MayHaveApplied reports whether a failed attempt of a write leaves open
// whether the server applied it, from the status of its answer (0 for
// none) and its error: a 2xx answer whose body could not be read, a 5xx
// other than 501, or no answer after the request may have been sent (see
// MarkSent). Any other answer (a 4xx, throttling) says that the attempt
// did nothing.
func MayHaveApplied(status int, err error) bool {
	switch {
	case status >= 200 && status <= 299:
		return true
	case status == http.StatusNotImplemented:
		return false
	case status >= 500:
		return true
	case status != 0:
		return false
	}
	var f inFlight
	return errors.As(err, &f)
}
