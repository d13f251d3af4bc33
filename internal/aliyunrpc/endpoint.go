package aliyunrpc

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"

	"github.com/peeringkit/peering/internal/redact"
)

// Endpoint is where an adapter's requests go.
type Endpoint struct {
	Scheme string // "https", or "http" for a loopback host only
	Host   string // host or host:port
}

// String returns the endpoint as a URL without a path, like "https://ens.aliyuncs.com".
func (e Endpoint) String() string { return e.Scheme + "://" + e.Host }

// ParseEndpoint reads an endpoint override:
//
//	""                       https://defaultHost
//	"host" or "host:port"    https, unless host is a loopback address or "localhost": then http
//	"https://host[:port]"    https
//	"http://host[:port]"     http, only for a loopback host (an error otherwise)
//
// The SDK's own default is plain HTTP, which would send signed requests and
// security tokens in the clear; real endpoints are therefore always HTTPS,
// and plain HTTP is kept for the local emulator.
func ParseEndpoint(s, defaultHost string) (Endpoint, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Endpoint{Scheme: "https", Host: defaultHost}, nil
	}
	// Messages show the endpoint without its userinfo or query, which
	// could hold a password.
	shown := redact.URL(s)
	if !strings.Contains(s, "://") {
		if strings.ContainsAny(s, "/?#@ ") {
			return Endpoint{}, fmt.Errorf("endpoint %q: want host or host:port, or a URL with a scheme", shown)
		}
		scheme := "https"
		if isLoopback(s) {
			scheme = "http"
		}
		return Endpoint{Scheme: scheme, Host: s}, nil
	}
	u, err := url.Parse(s)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // its text repeats the whole URL
		}
		return Endpoint{}, fmt.Errorf("endpoint %q: %w", shown, err)
	}
	if u.Host == "" || u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return Endpoint{}, fmt.Errorf("endpoint %q: want scheme://host[:port] with no path, query or user", shown)
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return Endpoint{Scheme: "https", Host: u.Host}, nil
	case "http":
		if !isLoopback(u.Host) {
			return Endpoint{}, fmt.Errorf("endpoint %q: plain HTTP is allowed only to a loopback host; use https://", shown)
		}
		return Endpoint{Scheme: "http", Host: u.Host}, nil
	}
	return Endpoint{}, fmt.Errorf("endpoint %q: scheme %q is neither https nor http", shown, u.Scheme)
}

// isLoopback reports whether hostport names this machine: "localhost" or a
// loopback IP literal, with or without a port.
func isLoopback(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}
