// Package fault injects the failures a cloud API shows in production into the
// emulator: latency with jitter, 5xx answers, throttling (from rules and from
// per-API token-bucket rate limits), connection resets, writes committed but
// answered with a dropped connection, truncated bodies, and pagination
// pathologies (a repeated marker, an empty page before the end, items moving
// between pages).
//
// An [Injector] wraps each cloud's HTTP handler with [Injector.Wrap]; list
// handlers ask [Injector.Fire] whether to misbehave on a given page, and
// [Injector.Lag], [Injector.Cycle], [Injector.PageCap] and [Injector.Total]
// for the kinds whose rule carries a parameter. Rules are
// matched by provider and operation, fire by count or probability, and draw
// from one seeded random source, so a run with a fixed seed is reproducible
// given the same request order.
package fault

import (
	"bufio"
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Kind is a kind of fault.
type Kind string

// The faults. The first seven act on the HTTP exchange in [Injector.Wrap]; the
// pagination kinds are read by list handlers with [Injector.Fire].
const (
	Latency      Kind = "latency"       // delay the answer by Rule.Latency ± Rule.Jitter
	ServerError  Kind = "5xx"           // answer 503 (or Rule.Status) in the cloud's error shape
	Throttle     Kind = "throttle"      // answer the cloud's throttling error
	Reset        Kind = "reset"         // close the connection before handling the request
	DropResponse Kind = "drop-response" // handle the request (a write commits), then close without answering
	Truncate     Kind = "truncate"      // handle the request, send half the body, close
	// Conflict answers the cloud's "another operation on this resource is
	// in progress" error (Cloud.Conflict) without handling the request, as
	// the cloud does when two writes race on one VPC. A cloud with no such
	// error (Cloud.Conflict nil) is not affected.
	Conflict Kind = "conflict"

	RepeatMarker Kind = "repeat-marker" // a list page returns the token it was given as its next token
	EmptyPage    Kind = "empty-page"    // a list page before the end comes back empty, with a valid next token
	ShiftItems   Kind = "shift-items"   // an item is inserted before the walk's position, moving later items one page down

	// RepeatLater serves an item of this page again Rule.Lag pages later
	// (0: a lag drawn from 3 to 6), or on the walk's last page if that
	// comes first, and after every page the walk has already served (a
	// client that fetches ahead). Nothing is lost: the later page holds one
	// fresh item fewer and the walk goes on from there.
	RepeatLater Kind = "repeat-later"
	// CycleTokens makes the walk endless: from this page on, every page has
	// a next token never seen before, but after Rule.Cycle pages (0: 4,
	// fewer when the listing ends sooner) the content starts again at this
	// page. Only exact de-duplication and a "no progress" rule stop it.
	CycleTokens Kind = "cycle-tokens"
	// TotalLow, TotalHigh and TotalMissing make a page's TotalCount lie:
	// half the true count (rounded down), twice it plus the page size, or
	// absent. For APIs that report a count (VpcPeer, ENS).
	TotalLow     Kind = "total-low"
	TotalHigh    Kind = "total-high"
	TotalMissing Kind = "total-missing"
	// ShortPages caps the page at Rule.PageCap items (0: half of what was
	// asked, at least 1), below the size asked. The page says the size it
	// used, and the walk goes on from where the short page ended (ENS: the
	// page number is counted in pages of the cap).
	ShortPages Kind = "short-pages"
)

// Kinds lists every kind, HTTP kinds first.
func Kinds() []Kind {
	return []Kind{Latency, ServerError, Throttle, Reset, DropResponse, Truncate, Conflict, RepeatMarker, EmptyPage, ShiftItems,
		RepeatLater, CycleTokens, TotalLow, TotalHigh, TotalMissing, ShortPages}
}

// Rule says when a fault fires. Empty Provider or Operation match any.
type Rule struct {
	Provider  string // "baidu", "alibaba-vpc", "alibaba-ens"
	Operation string // the cloud's operation name, like "ListVpcPeerConnections" or "ListPeerConn"
	Kind      Kind

	// Count > 0 fires on the next Count matching requests, then the rule is
	// spent. Otherwise the rule fires with Probability on every match.
	Count       int
	Probability float64

	Latency, Jitter time.Duration // for Latency
	Status          int           // for ServerError; default 503
	Lag             int           // for RepeatLater: pages until the item comes again; 0 = drawn from 3 to 6
	Cycle           int           // for CycleTokens: pages before the content starts again; 0 = 4
	PageCap         int           // for ShortPages: the server's page size; 0 = half the size asked
}

// RequestInfo is what a cloud's handler tells the injector about a request
// before handling it.
type RequestInfo struct {
	Provider  string
	Operation string
	Account   string // for rate-limit buckets; "" when unknown
	Region    string
}

// ErrorWriter writes an error in the cloud's shape.
type ErrorWriter func(w http.ResponseWriter, status int, code, message string)

// Cloud is what Wrap needs from a cloud's handler.
type Cloud struct {
	// Classify names the operation of a request. It may parse the request's
	// form; the wrapped handler sees the parsed form.
	Classify func(*http.Request) RequestInfo
	// WriteError writes an error in the cloud's shape.
	WriteError ErrorWriter
	// ThrottleStatus and ThrottleCode are the cloud's throttling answer
	// (Alibaba: 400 "Throttling.User"; Baidu: 429 "RequestRateLimitExceeded").
	ThrottleStatus int
	ThrottleCode   string
	// Conflict returns the cloud's answer to a write that races another
	// operation on the same resource, for the Conflict kind (ok false: the
	// operation has none, and the rule does not fire on it).
	Conflict func(RequestInfo) (status int, code string, ok bool)
}

// Limit is a token-bucket rate limit on one API: Calls per Per, Burst at once.
type Limit struct {
	Calls int
	Per   time.Duration
	Burst int
}

// Injector holds the rules and rate limits. It is safe for concurrent use.
type Injector struct {
	mu      sync.Mutex
	rng     *rand.Rand
	rules   []*Rule
	limits  map[string]Limit // by provider + "/" + operation; operation "" = every API of the provider
	buckets map[string]*rate.Limiter
	fired   map[Kind]int
	latency time.Duration    // base latency on every request
	now     func() time.Time // the time rate-limit buckets refill on
}

// New returns an injector whose random choices come from seed.
func New(seed int64) *Injector {
	return &Injector{
		rng:     rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15)),
		limits:  make(map[string]Limit),
		buckets: make(map[string]*rate.Limiter),
		fired:   make(map[Kind]int),
		now:     time.Now,
	}
}

// Add adds a rule.
func (in *Injector) Add(r Rule) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.rules = append(in.rules, &r)
}

// Clear removes every rule (rate limits and base latency stay).
func (in *Injector) Clear() {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.rules = nil
}

// SetLatency sets a base latency added to every request (0 = none).
func (in *Injector) SetLatency(d time.Duration) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.latency = d
}

// SetLimit sets the rate limit of one API of a provider. Buckets are per
// account and region, as the clouds count them. Operation "" sets the
// limit of every API of the provider: it drops the per-API limits set
// before, so that a test can lift (Calls <= 0) or replace all of a
// provider's limits in one call. Calls <= 0 on one operation removes that
// API's limit (the provider-wide one, if any, then applies to it).
func (in *Injector) SetLimit(provider, operation string, l Limit) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if operation == "" {
		for k := range in.limits {
			if strings.HasPrefix(k, provider+"/") {
				delete(in.limits, k)
			}
		}
	}
	k := provider + "/" + operation
	if l.Calls <= 0 {
		delete(in.limits, k)
	} else {
		in.limits[k] = l
	}
	in.buckets = make(map[string]*rate.Limiter)
}

// Limits returns the rate limits in force, by provider + "/" + operation
// (operation "" for a provider-wide one).
func (in *Injector) Limits() map[string]Limit {
	in.mu.Lock()
	defer in.mu.Unlock()
	return maps.Clone(in.limits)
}

// SetClock sets the time that rate-limit buckets refill on (default the
// wall clock, which clients' own limiters pace against). A test passes a
// frozen clock's Now to count calls against a limit whatever the
// machine's speed. It empties every bucket's history.
func (in *Injector) SetClock(now func() time.Time) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if now == nil {
		now = time.Now
	}
	in.now = now
	in.buckets = make(map[string]*rate.Limiter)
}

// Fired returns how many times each kind has fired so far.
func (in *Injector) Fired() map[Kind]int {
	in.mu.Lock()
	defer in.mu.Unlock()
	return maps.Clone(in.fired)
}

// Fire reports whether a rule of kind k fires for this provider and
// operation now, and consumes one count of it if so.
func (in *Injector) Fire(provider, operation string, k Kind) bool {
	_, ok := in.fire(provider, operation, k)
	return ok
}

// FireRule is [Injector.Fire] that also returns the rule that fired, for
// the kinds whose rule carries parameters.
func (in *Injector) FireRule(provider, operation string, k Kind) (Rule, bool) {
	return in.fire(provider, operation, k)
}

// Lag says whether a RepeatLater rule fires for this page, and after how
// many pages the item comes again.
func (in *Injector) Lag(provider, operation string) (int, bool) {
	r, ok := in.fire(provider, operation, RepeatLater)
	if !ok {
		return 0, false
	}
	if r.Lag > 0 {
		return r.Lag, true
	}
	return 3 + in.Pick(4), true
}

// Cycle says whether a CycleTokens rule fires for this page, and how many
// pages the cycle that starts here holds.
func (in *Injector) Cycle(provider, operation string) (int, bool) {
	r, ok := in.fire(provider, operation, CycleTokens)
	if !ok {
		return 0, false
	}
	if r.Cycle > 0 {
		return r.Cycle, true
	}
	return 4, true
}

// PageCap returns the page size the server uses for a page asked with size:
// size itself, or less when a ShortPages rule fires. A page of one item
// cannot be shorter, so no rule is spent on it.
func (in *Injector) PageCap(provider, operation string, size int) int {
	if size < 2 {
		return size
	}
	r, ok := in.fire(provider, operation, ShortPages)
	switch {
	case !ok:
		return size
	case r.PageCap > 0 && r.PageCap < size:
		return r.PageCap
	}
	return max(1, size/2)
}

// Total returns the TotalCount a page reports for a true count of total
// items on pages of size, and whether it reports one at all: the truth
// unless a TotalLow, TotalHigh or TotalMissing rule fires (checked in that
// order, at most one per page).
func (in *Injector) Total(provider, operation string, total, size int) (int, bool) {
	switch {
	case in.Fire(provider, operation, TotalLow):
		return total / 2, true
	case in.Fire(provider, operation, TotalHigh):
		return 2*total + size, true
	case in.Fire(provider, operation, TotalMissing):
		return 0, false
	}
	return total, true
}

// Pick returns a number from 0 to n-1 drawn from the injector's seeded
// source (0 when n < 1), so that handlers' choices are reproducible too.
func (in *Injector) Pick(n int) int {
	if n < 1 {
		return 0
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.rng.IntN(n)
}

func (in *Injector) fire(provider, operation string, k Kind) (Rule, bool) {
	in.mu.Lock()
	defer in.mu.Unlock()
	for i, r := range in.rules {
		if r.Kind != k || (r.Provider != "" && r.Provider != provider) || (r.Operation != "" && r.Operation != operation) {
			continue
		}
		if r.Count > 0 {
			r.Count--
			if r.Count == 0 {
				in.rules = append(in.rules[:i:i], in.rules[i+1:]...)
			}
		} else if r.Probability <= 0 || in.rng.Float64() >= r.Probability {
			continue
		}
		in.fired[k]++
		return *r, true
	}
	return Rule{}, false
}

// allow takes a token from the request's bucket, reporting false when empty.
func (in *Injector) allow(ri RequestInfo) bool {
	in.mu.Lock()
	l, ok := in.limits[ri.Provider+"/"+ri.Operation]
	if !ok {
		l, ok = in.limits[ri.Provider+"/"]
	}
	if !ok {
		in.mu.Unlock()
		return true
	}
	key := ri.Provider + "/" + ri.Operation + "/" + ri.Account + "/" + ri.Region
	b, ok := in.buckets[key]
	if !ok {
		per := l.Per
		if per <= 0 {
			per = time.Minute
		}
		b = rate.NewLimiter(rate.Limit(float64(l.Calls)/per.Seconds()), max(l.Burst, 1))
		in.buckets[key] = b
	}
	now := in.now
	in.mu.Unlock()
	if b.AllowN(now(), 1) {
		return true
	}
	in.mu.Lock()
	in.fired[Throttle]++
	in.mu.Unlock()
	return false
}

func (in *Injector) jitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	return time.Duration(in.rng.Int64N(int64(2*d+1))) - d
}

// Wrap returns next with the faults of c's provider applied before and after it.
func (in *Injector) Wrap(c Cloud, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ri := c.Classify(r)
		in.mu.Lock()
		base := in.latency
		in.mu.Unlock()
		delay := base
		if rule, ok := in.fire(ri.Provider, ri.Operation, Latency); ok {
			delay += rule.Latency + in.jitter(rule.Jitter)
		}
		if delay > 0 {
			t := time.NewTimer(delay)
			select {
			case <-r.Context().Done():
				t.Stop()
				return
			case <-t.C:
			}
		}
		if _, ok := in.fire(ri.Provider, ri.Operation, Reset); ok {
			hangUp(w)
			return
		}
		if !in.allow(ri) {
			c.WriteError(w, c.ThrottleStatus, c.ThrottleCode, "Request was denied due to request throttling.")
			return
		}
		if _, ok := in.fire(ri.Provider, ri.Operation, Throttle); ok {
			c.WriteError(w, c.ThrottleStatus, c.ThrottleCode, "Request was denied due to request throttling.")
			return
		}
		if c.Conflict != nil {
			if status, code, ok := c.Conflict(ri); ok {
				if _, fired := in.fire(ri.Provider, ri.Operation, Conflict); fired {
					c.WriteError(w, status, code, "Another operation on this resource is in progress; try again later.")
					return
				}
			}
		}
		if rule, ok := in.fire(ri.Provider, ri.Operation, ServerError); ok {
			status := rule.Status
			if status == 0 {
				status = http.StatusServiceUnavailable
			}
			code := "ServiceUnavailable"
			if status == http.StatusInternalServerError {
				code = "InternalError"
			}
			c.WriteError(w, status, code, "The request has failed due to a temporary failure of the server.")
			return
		}
		if _, ok := in.fire(ri.Provider, ri.Operation, DropResponse); ok {
			next.ServeHTTP(httptest.NewRecorder(), r) // the write commits; its answer is lost
			hangUp(w)
			return
		}
		if _, ok := in.fire(ri.Provider, ri.Operation, Truncate); ok {
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			writeTruncated(w, rec)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// hangUp closes the client's connection without an answer.
func hangUp(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0) // a reset, not an orderly close
	}
	_ = conn.Close()
}

// writeTruncated sends rec's status and headers with the full Content-Length,
// then half the body, then closes: the client sees an unexpected EOF.
func writeTruncated(w http.ResponseWriter, rec *httptest.ResponseRecorder) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	defer conn.Close()
	body := rec.Body.Bytes()
	writeHead(buf, rec, len(body))
	_, _ = buf.Write(body[:len(body)/2])
	_ = buf.Flush()
}

func writeHead(buf *bufio.ReadWriter, rec *httptest.ResponseRecorder, n int) {
	var h bytes.Buffer
	fmt.Fprintf(&h, "HTTP/1.1 %d %s\r\n", rec.Code, http.StatusText(rec.Code))
	hdr := rec.Header().Clone()
	hdr.Set("Content-Length", strconv.Itoa(n))
	hdr.Set("Connection", "close")
	_ = hdr.Write(&h)
	h.WriteString("\r\n")
	_, _ = buf.Write(h.Bytes())
}

// Pathologies are the pagination kinds that only exact de-duplication and
// progress checks survive. No suite turns them on by default; see
// [ListPathologies].
func Pathologies() []Kind {
	return []Kind{RepeatLater, CycleTokens, TotalLow, TotalHigh, TotalMissing, ShortPages}
}

// ListPathologies returns, for the list operation of a provider ("baidu",
// "alibaba-vpc" or "alibaba-ens"), one rule per pathology its API can show
// (Baidu reports no TotalCount), each firing with probability p on every
// page: a ready mix for a soak or a suite that opts in. With CycleTokens
// among them a walk may never end by itself: the client must stop it.
func ListPathologies(provider string, p float64) []Rule {
	op := map[string]string{
		"baidu":       "ListPeerConn",
		"alibaba-vpc": "ListVpcPeerConnections",
		"alibaba-ens": "DescribeNetworkPeerConnections",
	}[provider]
	var out []Rule
	for _, k := range Pathologies() {
		if provider == "baidu" && (k == TotalLow || k == TotalHigh || k == TotalMissing) {
			continue
		}
		out = append(out, Rule{Provider: provider, Operation: op, Kind: k, Probability: p})
	}
	return out
}
