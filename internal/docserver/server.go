package docserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// Config scripts a server. Only Script is needed; the zero value of every
// other field is a well-behaved server.
type Config struct {
	// Script decides what each list request returns; nil serves one empty page.
	Script Script

	// Pad adds a string field of Pad bytes ("Padding" or "padding") to every
	// list answer: a huge body that is still valid JSON.
	Pad int
	// Endless makes every list answer a body that never ends: the records
	// of the page, then copies of its first record (or of a fixed one) for
	// ever, in an array that is never closed. The server stops writing when
	// the client hangs up, or after EndlessCeiling bytes, so that a client
	// that reads without end fails its test instead of exhausting memory.
	Endless bool
	// EndlessCeiling bounds an endless body; 0 means 1 GiB.
	EndlessCeiling int64

	// Limit is how many requests the server answers; every later one gets
	// a permanent error (HTTP 403, AccessDenied or Forbidden.RequestLimit)
	// saying the limit was reached, so that a client that never stops
	// ends with a clear failure instead of hanging the test. 0 means 1000.
	Limit int

	// VPCs (Baidu only) maps the VPC IDs that GET /v1/vpc/{vpcId} and
	// GET /v1/vpc know to their CIDR block. nil knows every VPC ID asked
	// for, with the block 192.168.0.0/16; a VPC not in a non-nil map is
	// answered 404 NoSuchObject.
	VPCs map[string]string
	// VPCFail (Baidu only) maps VPC IDs to the error GET /v1/vpc/{vpcId}
	// answers for them, every time (a 403 AccessDenied for another
	// account's VPC, a 429 for throttling); it takes precedence over VPCs.
	VPCFail map[string]*APIError
	// VPCListFail (Baidu only), when set, is the answer to every
	// GET /v1/vpc.
	VPCListFail *APIError

	// Routes scripts the route-table reads (see RouteConfig).
	Routes RouteConfig

	// CreateFail (ENS only), when set, is the answer to every
	// CreateNetworkPeerConnection; nil answers with a fresh InstanceId.
	CreateFail *APIError
}

// Default limits.
const (
	defaultLimit          = 1000
	defaultEndlessCeiling = 1 << 30
)

// core is what every server shares: the HTTP server, the counters, the
// record of list requests and the body writers.
type core struct {
	srv       *httptest.Server
	cfg       Config
	requests  atomic.Int64 // every request
	lists     atomic.Int64 // list requests
	mu        sync.Mutex
	seen      []Request
	routeReqs int // route requests answered
}

func newCore(cfg Config) *core {
	if cfg.Limit <= 0 {
		cfg.Limit = defaultLimit
	}
	if cfg.EndlessCeiling <= 0 {
		cfg.EndlessCeiling = defaultEndlessCeiling
	}
	if cfg.Script == nil {
		cfg.Script = Pages{{}}
	}
	return &core{cfg: cfg}
}

// start serves h until the test ends.
func (c *core) start(t testing.TB, h http.HandlerFunc) {
	t.Helper()
	c.srv = httptest.NewServer(h)
	t.Cleanup(c.srv.Close)
}

// URL returns the server's base URL, "http://127.0.0.1:port", which the
// adapters accept as a loopback endpoint.
func (c *core) URL() string { return c.srv.URL }

// Requests returns how many requests the server has received, of any kind.
func (c *core) Requests() int64 { return c.requests.Load() }

// ListRequests returns how many list requests the server has received
// (GET /v1/peerconn, ListVpcPeerConnections, DescribeNetworkPeerConnections).
func (c *core) ListRequests() int64 { return c.lists.Load() }

// Seen returns the list requests answered so far, in the order they came.
func (c *core) Seen() []Request {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]Request, len(c.seen))
	copy(out, c.seen)
	return out
}

// Close shuts the server down; the test's cleanup also does.
func (c *core) Close() { c.srv.Close() }

// admit counts a request and reports whether it is within the limit.
func (c *core) admit() bool {
	return c.requests.Add(1) <= int64(c.cfg.Limit)
}

func (c *core) limitMessage() string {
	return fmt.Sprintf("docserver: the limit of %d requests was reached: the client did not stop", c.cfg.Limit)
}

// list numbers a list request, records it and runs the script.
func (c *core) list(r Request) (Request, Page) {
	c.mu.Lock()
	r.N = int(c.lists.Add(1))
	c.seen = append(c.seen, r)
	c.mu.Unlock()
	return r, c.cfg.Script.Page(r)
}

// body is a list answer ready to be written: its fields (in the document's
// order) and the name of its array of records.
type body struct {
	fields   []field
	itemsKey string // the array of records; also where an endless body goes on
	padKey   string
}

type field struct {
	key   string
	value any
}

// write sends b as the answer; a list answer (one with an itemsKey) is
// padded or endless as configured.
func (c *core) write(w http.ResponseWriter, contentType string, b body) {
	endless, pad := c.cfg.Endless && b.itemsKey != "", 0
	if b.itemsKey != "" {
		pad = c.cfg.Pad
	}
	var buf bytes.Buffer
	buf.WriteByte('{')
	var items []json.RawMessage
	for _, f := range b.fields {
		if f.key == b.itemsKey {
			if rs, ok := f.value.([]json.RawMessage); ok {
				items = rs
			}
		}
		if endless && f.key == b.itemsKey {
			continue // written last, and never closed
		}
		if buf.Len() > 1 {
			buf.WriteByte(',')
		}
		k, _ := json.Marshal(f.key)
		v, err := json.Marshal(f.value)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		buf.Write(k)
		buf.WriteByte(':')
		buf.Write(v)
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(http.StatusOK)
	switch {
	case endless:
		if buf.Len() > 1 {
			buf.WriteByte(',')
		}
		fmt.Fprintf(&buf, "%q:[", b.itemsKey)
		c.endless(w, buf.Bytes(), items)
	case pad > 0:
		if buf.Len() > 1 {
			buf.WriteByte(',')
		}
		fmt.Fprintf(&buf, "%q:\"", b.padKey)
		if _, err := w.Write(buf.Bytes()); err != nil {
			return
		}
		chunk := []byte(strings.Repeat("x", 64<<10))
		for left := pad; left > 0; left -= len(chunk) {
			if _, err := w.Write(chunk[:min(left, len(chunk))]); err != nil {
				return
			}
		}
		_, _ = w.Write([]byte("\"}"))
	default:
		buf.WriteByte('}')
		_, _ = w.Write(buf.Bytes())
	}
}

// endless writes prefix and then records without end, until the client
// hangs up or the ceiling is reached.
func (c *core) endless(w http.ResponseWriter, prefix []byte, items []json.RawMessage) {
	written := int64(0)
	send := func(p []byte) bool {
		n, err := w.Write(p)
		written += int64(n)
		return err == nil && written < c.cfg.EndlessCeiling
	}
	if !send(prefix) {
		return
	}
	for i, it := range items {
		if i > 0 && !send([]byte{','}) {
			return
		}
		if !send(it) {
			return
		}
	}
	repeat := json.RawMessage(`{}`)
	if len(items) > 0 {
		repeat = items[0]
	} else if !send(repeat) {
		return
	}
	var chunk bytes.Buffer
	for chunk.Len() < 64<<10 {
		chunk.WriteByte(',')
		chunk.Write(repeat)
	}
	for send(chunk.Bytes()) {
	}
}

// records marshals each record of a page.
func records[T any](items []Item, convert func(Item) T) []json.RawMessage {
	out := make([]json.RawMessage, len(items))
	for i, it := range items {
		b, err := json.Marshal(convert(it))
		if err != nil {
			panic(err) // the record types are plain structs
		}
		out[i] = b
	}
	return out
}

// requestID returns a fresh request ID in the documents' form.
func (c *core) requestID() string {
	n := c.requests.Load()
	return fmt.Sprintf("0ED8D006-F706-4D23-88ED-%012X", n)
}
