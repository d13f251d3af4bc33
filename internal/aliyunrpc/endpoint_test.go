package aliyunrpc

import (
	"strings"
	"testing"
)

func TestParseEndpoint(t *testing.T) {
	const def = "vpcpeer.aliyuncs.com"
	tests := []struct {
		in      string
		want    Endpoint
		wantErr bool
	}{
		{in: "", want: Endpoint{"https", def}},
		{in: "  ", want: Endpoint{"https", def}},
		{in: "vpcpeer.cn-hangzhou.aliyuncs.com", want: Endpoint{"https", "vpcpeer.cn-hangzhou.aliyuncs.com"}},
		{in: "example.com:8443", want: Endpoint{"https", "example.com:8443"}},
		{in: "https://example.com", want: Endpoint{"https", "example.com"}},
		{in: "HTTPS://example.com:443/", want: Endpoint{"https", "example.com:443"}},
		{in: "127.0.0.1:8080", want: Endpoint{"http", "127.0.0.1:8080"}},
		{in: "localhost:8080", want: Endpoint{"http", "localhost:8080"}},
		{in: "[::1]:8080", want: Endpoint{"http", "[::1]:8080"}},
		{in: "http://127.0.0.1:8080", want: Endpoint{"http", "127.0.0.1:8080"}},
		{in: "http://127.0.0.2:8080", want: Endpoint{"http", "127.0.0.2:8080"}},
		{in: "https://127.0.0.1:8443", want: Endpoint{"https", "127.0.0.1:8443"}},
		{in: "http://example.com", wantErr: true},
		{in: "http://10.0.0.1:80", wantErr: true},
		{in: "http://localhost.example.com", wantErr: true},
		{in: "ftp://example.com", wantErr: true},
		{in: "https://example.com/path", wantErr: true},
		{in: "https://user:pw@example.com", wantErr: true},
		{in: "https://example.com/?q=1", wantErr: true},
		{in: "https://", wantErr: true},
		{in: "example.com/path", wantErr: true},
	}
	for _, tt := range tests {
		got, err := ParseEndpoint(tt.in, def)
		if tt.wantErr {
			if err == nil {
				t.Errorf("ParseEndpoint(%q) = %v, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseEndpoint(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

// A refused endpoint is named in the error without its userinfo or query.
func TestParseEndpointHidesPasswords(t *testing.T) {
	for _, in := range []string{
		"https://user:PASSWORD@vpcpeer.example.com",
		"https://PASSWORD@vpcpeer.example.com",
		"user:PASSWORD@vpcpeer.example.com",
		"https://vpcpeer.example.com/?token=PASSWORD",
		"http://user:PASSWORD@example.com",
		"https://user:PASS WORD@vpcpeer.example.com",
	} {
		_, err := ParseEndpoint(in, "vpcpeer.aliyuncs.com")
		if err == nil {
			t.Errorf("ParseEndpoint(%q) accepted it", in)
			continue
		}
		if strings.Contains(err.Error(), "PASS") {
			t.Errorf("ParseEndpoint(%q) = %v: shows the password", in, err)
		}
		if !strings.Contains(err.Error(), "example.com") {
			t.Errorf("ParseEndpoint(%q) = %v: does not name the host", in, err)
		}
	}
}
