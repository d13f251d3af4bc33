package httpguard

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// serveBytes answers with n bytes of 'x' and the given status.
func serveBytes(status, n int) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(status)
		_, _ = w.Write(bytes.Repeat([]byte("x"), n))
	}
}

func TestBodyCap(t *testing.T) {
	const limit = 1000
	tests := []struct {
		name    string
		status  int
		n       int
		wantLen int
		tooBig  bool
	}{
		{"2xx under the cap", 200, limit - 1, limit - 1, false},
		{"2xx at the cap", 200, limit, limit, false},
		{"2xx one byte past the cap", 200, limit + 1, limit, true},
		{"2xx far past the cap", 201, 50 * limit, limit, true},
		{"error body under its cap", 500, 100, 100, false},
		{"error body past its cap is cut", 503, int(MaxErrorBodyBytes) + 5000, int(MaxErrorBodyBytes), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(serveBytes(tt.status, tt.n))
			defer srv.Close()
			resp, err := Client(nil, limit).Get(srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			got, err := io.ReadAll(resp.Body)
			if len(got) != tt.wantLen {
				t.Errorf("read %d bytes, want %d", len(got), tt.wantLen)
			}
			var tl *BodyTooLargeError
			switch {
			case tt.tooBig && (!errors.As(err, &tl) || tl.Limit != limit || !errors.Is(err, ErrBodyTooLarge)):
				t.Errorf("read error = %v, want a *BodyTooLargeError with limit %d", err, limit)
			case !tt.tooBig && err != nil:
				t.Errorf("read error = %v, want none", err)
			}
		})
	}
}

func TestBodyTooLargeMessage(t *testing.T) {
	msg := (&BodyTooLargeError{Limit: DefaultMaxBodyBytes}).Error()
	for _, want := range []string{"16 MiB (16777216 bytes)", "Options.MaxResponseBytes"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q does not say %q", msg, want)
		}
	}
}

// An endless 2xx body: the client hangs up soon after the cap, so what the
// server managed to write stays near it (the cap plus what the sockets
// buffer), instead of growing until the server gives up.
func TestEndlessBodyIsCutOff(t *testing.T) {
	const limit = 1 << 20
	const giveUp = 256 << 20 // the server stops here; an unguarded client reads it all
	var written atomic.Int64
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		defer close(done)
		chunk := bytes.Repeat([]byte("x"), 32<<10)
		for written.Load() < giveUp {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	resp, err := Client(nil, limit).Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	<-done
	if !errors.Is(err, ErrBodyTooLarge) || n != limit {
		t.Errorf("read %d bytes, error %v; want %d and ErrBodyTooLarge", n, err, limit)
	}
	if w := written.Load(); w >= giveUp/4 {
		t.Errorf("the server wrote %d bytes before the client hung up; want near the %d-byte cap", w, limit)
	}
}

// A redirect from HTTPS to plain HTTP on another port: nothing reaches the
// second server, whatever CheckRedirect the caller's client has.
func TestRedirectsAreRefused(t *testing.T) {
	var reached atomic.Int32
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		reached.Add(1)
		_, _ = io.WriteString(w, `{"forged":true}`)
	}))
	defer plain.Close()
	for _, status := range []int{301, 302, 303, 307, 308} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			tls := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "http://user:pw@"+plain.Listener.Addr().String()+"/steal?Signature=abc", status)
			}))
			defer tls.Close()
			follows := tls.Client() // a caller's client: follows redirects by default
			req, _ := http.NewRequest(http.MethodGet, tls.URL, nil)
			req.Header.Set("Authorization", "bce-auth-v1/ak/ts/1800/host/sig")
			resp, err := Client(follows, 0).Do(req)
			if resp != nil {
				resp.Body.Close()
			}
			var re *RedirectError
			if !errors.As(err, &re) || re.Status != status || re.Host != plain.Listener.Addr().String() {
				t.Fatalf("Do = %v, want a *RedirectError for %d to %s", err, status, plain.Listener.Addr())
			}
			for _, leak := range []string{"user", "pw", "steal", "Signature"} {
				if strings.Contains(re.Error(), leak) {
					t.Errorf("the message shows %q: %s", leak, re.Error())
				}
			}
			if follows.Transport == nil || follows.CheckRedirect != nil {
				t.Error("the caller's client was modified")
			}
		})
	}
	if n := reached.Load(); n != 0 {
		t.Errorf("the redirect target received %d requests, want 0", n)
	}
	if msg := (&RedirectError{Status: 302}).Error(); !strings.Contains(msg, "no Location") {
		t.Errorf("a redirect without Location reads %q", msg)
	}
}

// ReadBody reads a body whole, into one buffer of the announced length,
// and keeps the cap's error.
func TestReadBody(t *testing.T) {
	// An empty pool: the first buffer is a fresh one, sized from the
	// header, not one an earlier test left.
	runtime.GC()
	runtime.GC()
	for _, tt := range []struct {
		name    string
		n       int
		chunked bool
		tooBig  bool
	}{
		{"announced", 300_000, false, false},
		{"chunked", 300_000, true, false},
		{"past the cap", 2_000_000, false, true},
		{"empty", 0, false, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				if !tt.chunked {
					w.Header().Set("Content-Length", strconv.Itoa(tt.n))
				}
				_, _ = w.Write(bytes.Repeat([]byte("x"), tt.n))
			}))
			defer srv.Close()
			resp, err := Client(nil, 1_000_000).Get(srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, err := ReadBody(resp)
			defer body.Release()
			if tt.tooBig {
				if !errors.Is(err, ErrBodyTooLarge) || body != nil {
					t.Errorf("error %v, body %v; want ErrBodyTooLarge and no body", err, body)
				}
				return
			}
			got := body.Bytes()
			if err != nil || len(got) != tt.n || bytes.Count(got, []byte("x")) != tt.n {
				t.Fatalf("read %d bytes, %v; want %d", len(got), err, tt.n)
			}
			if tt.name == "announced" && cap(got) > tt.n+tt.n/16+bytes.MinRead { // one buffer of about the size, not one grown by doubling
				t.Errorf("buffer of %d bytes for a body of %d: not sized from Content-Length", cap(got), tt.n)
			}
		})
	}
}

// canned is a 2xx answer of n bytes that can be read again and again.
type canned struct {
	data []byte
	rd   *bytes.Reader
	resp *http.Response
}

func newCanned(n int, c byte) *canned {
	data := bytes.Repeat([]byte{c}, n)
	rd := bytes.NewReader(data)
	return &canned{data: data, rd: rd, resp: &http.Response{StatusCode: 200,
		Header: http.Header{"Content-Length": {strconv.Itoa(n)}}, Body: io.NopCloser(rd)}}
}

// read reads the answer from its start, checking every byte.
func (c *canned) read(t testing.TB) *Body {
	t.Helper()
	c.rd.Reset(c.data)
	body, err := ReadBody(c.resp)
	if err != nil || !bytes.Equal(body.Bytes(), c.data) {
		t.Fatalf("read %d bytes, %v; want the %d sent", len(body.Bytes()), err, len(c.data))
	}
	return body
}

// A released buffer is read into again: reading a page after another
// allocates nothing, where a fresh buffer a page costs an allocation of
// the page's size every time.
func TestReadBodyReusesReleasedBuffers(t *testing.T) {
	page := newCanned(200_000, 'x')
	page.read(t).Release()
	// Under -race sync.Pool drops a quarter of what it is given, which
	// averages under one allocation a read still.
	if allocs := testing.AllocsPerRun(100, func() { page.read(t).Release() }); allocs >= 1 {
		t.Errorf("ReadBody and Release of a 200 KB page: %v allocations, want 0 (the buffer reused)", allocs)
	}
}

// A buffer over the bound is not kept: the next body is not read into it.
func TestReadBodyDropsHugeBuffers(t *testing.T) {
	small := newCanned(1000, 's')
	for range 10 {
		newCanned(maxPooledBytes+1, 'h').read(t).Release()
		body := small.read(t)
		if c := cap(body.Bytes()); c > maxPooledBytes {
			t.Fatalf("a body of 1000 bytes was read into a buffer of %d, one over the %d kept", c, maxPooledBytes)
		}
		body.Release()
	}
}

// A body announced larger than the pooled buffer is read whole, into one
// buffer of its size.
func TestReadBodyOutgrowsPooledBuffer(t *testing.T) {
	newCanned(1000, 's').read(t).Release()
	const n = 300_000
	body := newCanned(n, 'l').read(t) // read checks every byte
	defer body.Release()
	if c := cap(body.Bytes()); c > n+bytes.MinRead {
		t.Errorf("buffer of %d bytes for a body of %d: not sized from Content-Length", c, n)
	}
}

// The body of a page, read and released.
func BenchmarkReadBody(b *testing.B) {
	page := newCanned(200_000, 'x')
	b.SetBytes(int64(len(page.data)))
	b.ReportAllocs()
	for b.Loop() {
		page.read(b).Release()
	}
}
