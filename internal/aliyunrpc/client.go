package aliyunrpc

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/httpcode"
	"github.com/peeringkit/peering/internal/httpguard"
	"github.com/peeringkit/peering/internal/ratelimit"
	"github.com/peeringkit/peering/internal/redact"
	"github.com/peeringkit/peering/internal/retry"
)

// The SDK's own per-request timeouts, kept: connecting with the default
// transport takes at most 5s, and an attempt (the whole exchange) at most
// 10s unless the context's deadline comes first.
const (
	DefaultConnectTimeout = 5 * time.Second
	DefaultReadTimeout    = 10 * time.Second
)

// Config configures a Client.
type Config struct {
	Provider peering.Provider
	// Credentials; empty means the environment's (see CredentialsFromEnv).
	Credentials Credentials
	// CredentialsProvider, when set, replaces Credentials: it is asked
	// for the credentials of each request, so that temporary ones it
	// refreshes (an instance's RAM role, an assumed role) are used as they
	// change. New does not ask it: it sends nothing.
	CredentialsProvider CredentialsProvider
	// Endpoint is the override as the user gave it (see ParseEndpoint);
	// DefaultHost is used when it is "".
	Endpoint, DefaultHost string
	// Region is the SDK's region (sent as RegionId unless a request sets
	// its own); "" for ENS, whose API is central.
	Region string
	// Account names the quota holder in rate-limit keys: the caller's UID
	// when known (the cloud counts per parent account), else "" for the
	// AccessKey ID.
	Account string
	// MaxAttempts is the most tries per call, the first included; 0 means
	// retry.Default's.
	MaxAttempts int
	// Limit returns the client-side rate limit of an API action; nil or a
	// zero Limit means none.
	Limit func(action string) ratelimit.Limit
	// Transport carries the requests; nil means a transport of our own
	// (proxy from the environment, TLS 1.2 or later). It is never mutated,
	// and it is wrapped by internal/httpguard: a 3xx answer is an Internal
	// error (never followed), a 2xx body longer than MaxResponseBytes is an
	// Internal error, not retried.
	Transport http.RoundTripper
	// MaxResponseBytes caps a 2xx body; 0 means httpguard.DefaultMaxBodyBytes
	// (16 MiB). Negative is refused.
	MaxResponseBytes int64
}

// Client sends RPC calls to one Alibaba Cloud API endpoint. It is safe for
// concurrent use.
type Client struct {
	provider peering.Provider
	endpoint Endpoint
	region   string
	account  string
	cred     credentials.CredentialsProvider
	policy   retry.Policy
	limit    func(string) ratelimit.Limit
	hc       *http.Client // guarded: no redirect, bodies capped
}

// New checks cfg and returns a client. It registers the secret and the
// security token with package redact, so no error text can show them.
func New(cfg Config) (*Client, error) {
	provider, keyID, err := cfg.credentials()
	if err != nil {
		return nil, err
	}
	ep, err := ParseEndpoint(cfg.Endpoint, cfg.DefaultHost)
	if err != nil {
		return nil, err
	}
	if cfg.MaxResponseBytes < 0 {
		return nil, fmt.Errorf("MaxResponseBytes %d is negative", cfg.MaxResponseBytes)
	}
	policy := retry.Default
	if cfg.MaxAttempts > 0 {
		policy.Attempts = cfg.MaxAttempts
	}
	account := cfg.Account
	if account == "" {
		account = keyID
	}
	c := &Client{
		provider: cfg.Provider,
		endpoint: ep,
		region:   cfg.Region,
		account:  account,
		cred:     provider,
		policy:   policy,
		limit:    cfg.Limit,
	}
	base := cfg.Transport
	if base == nil {
		base = newTransport()
	}
	c.hc = httpguard.Client(&http.Client{Transport: base}, cfg.MaxResponseBytes)
	return c, nil
}

// credentials returns what signs the client's requests, and the AccessKey
// ID that keys its rate limits when no Account is given.
func (cfg Config) credentials() (CredentialsProvider, string, error) {
	if cfg.CredentialsProvider != nil {
		// The key may change at each refresh: the limits are keyed by
		// the provider, which all of its keys share.
		return &refreshing{p: cfg.CredentialsProvider}, fmt.Sprintf("provider %p", cfg.CredentialsProvider), nil
	}
	creds, err := cfg.Credentials.resolve()
	if err != nil {
		return nil, "", err
	}
	creds.register()
	var cred auth.Credential = credentials.NewAccessKeyCredential(creds.AccessKeyID, creds.AccessKeySecret)
	if creds.SecurityToken != "" {
		cred = credentials.NewStsTokenCredential(creds.AccessKeyID, creds.AccessKeySecret, creds.SecurityToken)
	}
	provider, err := auth.ToCredentialsProvider(cred)
	if err != nil {
		return nil, "", fmt.Errorf("credentials: %w", err)
	}
	return provider, creds.AccessKeyID, nil
}

// newTransport is http.DefaultTransport's configuration with more idle
// connections per host: ENS listing keeps several requests in flight.
func newTransport() *http.Transport {
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: DefaultConnectTimeout, KeepAlive: 30 * time.Second}).DialContext,
		TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12},
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   16,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   DefaultConnectTimeout,
		ExpectContinueTimeout: time.Second,
	}
}

// Call is one API call, possibly sent several times.
type Call struct {
	Op     string // the operation named in errors, like "ListPage" or "TagResources"
	Action string // the API action, like "ListVpcPeerConnections"
	// Request builds the request of one attempt. It is called once per
	// attempt because the SDK mutates a request as it signs it; put the
	// same idempotency token in every one.
	Request func() requests.AcsRequest
	// Decode reads a 2xx body; nil ignores it. An error that is not a
	// *peering.Error is reported as Internal and not retried, as the
	// server would send the same bytes again, unless the JSON stops short
	// (a cut body: Unavailable, retried); see decodeError. It runs in the
	// caller's goroutine, only for the attempt the caller is waiting for.
	// body is reused for a later answer once Decode returns: nothing
	// Decode keeps or returns may point into it (json.Unmarshal and
	// normalize.Reader copy what they store).
	Decode func(body []byte) error
	// Reconcile, when set, runs before a write is sent again after an
	// attempt whose outcome is unknown (see OutcomeUnknown). It reports
	// whether the write turns out to be done, in which case Do returns nil
	// without sending it again.
	Reconcile func(ctx context.Context) (done bool, err error)
	// ClientToken, set on a create, is the idempotency token its attempts
	// carry: when the call fails after an attempt whose outcome is unknown
	// (OutcomeUnknown), Do returns a *peering.UncertainWriteError with it.
	ClientToken string
	// DryRun sends the write with DryRun=true, which the cloud checks
	// without applying (Request need not set it). The cloud's answer that
	// the write would have succeeded, 400 DryRunOperation, is then a nil
	// error; a 2xx answer, which means the write was applied after all, is
	// an Internal error.
	DryRun bool
}

// Do sends call, retrying what Retryable accepts within the client's
// policy and ctx. It returns nil or a *peering.Error, or a
// *peering.UncertainWriteError wrapping one (see Call.ClientToken).
func (c *Client) Do(ctx context.Context, call Call) error {
	var last error
	uncertain := false
	err := retry.Do(ctx, c.policy, func(ctx context.Context, attempt int) error {
		if attempt > 0 && call.Reconcile != nil && OutcomeUnknown(last) {
			done, err := call.Reconcile(ctx)
			if err != nil {
				return err
			}
			if done {
				return nil
			}
		}
		last = c.attempt(ctx, call)
		uncertain = uncertain || OutcomeUnknown(last)
		return last
	}, Retryable)
	if err != nil && ctx.Err() != nil {
		// retry.Do returns the bare context error when ctx ends between tries.
		err = peering.ContextError(ctx, c.provider, call.Op)
	}
	if call.DryRun {
		return c.dryRunOutcome(call, err)
	}
	if err != nil && uncertain && call.ClientToken != "" {
		return &peering.UncertainWriteError{Provider: c.provider, Op: call.Op, ClientToken: call.ClientToken, Err: err}
	}
	return err
}

// dryRunCode is the error code with which the cloud answers a dry run
// whose write would have succeeded.
const dryRunCode = "DryRunOperation"

// dryRunOutcome reads the outcome of a dry run: DryRunOperation is
// success; no error means the server did not honour DryRun.
func (c *Client) dryRunOutcome(call Call, err error) error {
	var pe *peering.Error
	switch {
	case err == nil:
		return &peering.Error{Code: peering.Internal, Provider: c.provider, Op: call.Op,
			Message: call.Action + " answered a dry run as done: the change may have been applied"}
	case errors.As(err, &pe) && pe.ProviderCode == dryRunCode:
		return nil
	}
	return err
}

// answer is an HTTP answer, read whole.
type answer struct {
	status int
	body   *httpguard.Body // nil until read
}

// release hands the body's buffer back for a later answer; a is not used
// after it.
func (a *answer) release() {
	if a != nil {
		a.body.Release()
	}
}

// result is what the goroutine running the exchange hands back. It owns
// both.
type result struct {
	resp *answer
	err  error
}

// attempt sends call once.
func (c *Client) attempt(ctx context.Context, call Call) error {
	if err := c.wait(ctx, call); err != nil {
		return err
	}
	req := call.Request()
	if call.DryRun {
		req.GetFormParams()["DryRun"] = "true"
	}
	req.SetDomain(c.endpoint.Host)
	req.SetScheme(c.endpoint.Scheme)
	// The attempt's own ceiling; an earlier deadline of ctx wins.
	actx, cancel := context.WithTimeout(ctx, DefaultReadTimeout)
	defer cancel() // also aborts an exchange abandoned on ctx.Done below

	done := make(chan result, 1) // buffered: an abandoned call never blocks
	go func() {
		var r result
		defer func() {
			// The SDK panics on some malformed error bodies (a numeric
			// "Code"); a panic here would end the whole program.
			if p := recover(); p != nil {
				r.err = sdkPanic{p} // r.resp holds the answer as read
			}
			done <- r
		}()
		r.resp = new(answer)
		r.err = c.send(actx, req, r.resp)
	}()

	var r result
	select {
	case <-ctx.Done():
		// The exchange's goroutine still owns the answer, which is never
		// released: the collector takes its buffer.
		return c.abandoned(ctx, call)
	case r = <-done:
	}
	// The answer is the caller's now. Every use of its body below (Decode,
	// and the errors, which copy what they show) is over when attempt
	// returns.
	defer r.resp.release()
	if ctx.Err() != nil {
		return c.abandoned(ctx, call)
	}
	if r.err != nil {
		return c.failure(call, r)
	}
	if call.Decode == nil {
		return nil
	}
	if err := call.Decode(r.resp.body.Bytes()); err != nil {
		var pe *peering.Error
		if errors.As(err, &pe) {
			return err
		}
		return decodeError(c.provider, call, r.resp, err)
	}
	return nil
}

// send signs req with the SDK's signer, sends it through the guarded
// client and reads the answer whole, an error answer through the SDK's
// parser. It does what the SDK Client's DoAction does for an RPC call,
// without the SDK Client: that one prints the signed request (signature
// and security token) and the answer on stdout when DEBUG=sdk is set,
// follows redirects, takes no context and mutates itself per call.
func (c *Client) send(ctx context.Context, req requests.AcsRequest, out *answer) error {
	req.GetHeaders()["x-sdk-core-version"] = sdk.Version
	if err := requests.InitParams(req); err != nil {
		return err
	}
	region := c.region
	if r := req.GetRegionId(); r != "" {
		region = r
	}
	if err := auth.Sign(req, nil, region, c.cred); err != nil {
		return signError{err} // nothing was sent
	}
	hr, err := http.NewRequestWithContext(ctx, req.GetMethod(), req.BuildUrl(), req.GetBodyReader())
	if err != nil {
		return err
	}
	for k, v := range req.GetHeaders() {
		hr.Header[k] = []string{v}
	}
	if host, ok := req.GetHeaders()["Host"]; ok {
		hr.Host = host
	}
	hr.Header.Set("User-Agent", sdk.DefaultUserAgent)
	resp, err := c.hc.Do(hr)
	if err != nil {
		return err
	}
	// The body is read into a pooled buffer of its announced length and
	// handed to Decode as it is: the SDK's reader grows a buffer from
	// nothing and copies it into a string too, which a listing pays on
	// every page. attempt releases the buffer once the answer is used.
	body, err := httpguard.ReadBody(resp)
	resp.Body.Close()
	if err != nil {
		return err
	}
	out.status, out.body = resp.StatusCode, body
	if resp.StatusCode < 200 || resp.StatusCode >= 300 {
		// The SDK's own parser of error answers, as its client uses it.
		return sdkerrors.NewServerError(resp.StatusCode, string(body.Bytes()), "")
	}
	return nil
}

// abandoned is the error of an attempt whose exchange ctx ended: the
// request may have been sent (httpcode.MarkSent).
func (c *Client) abandoned(ctx context.Context, call Call) error {
	err := peering.ContextError(ctx, c.provider, call.Op)
	if pe, ok := err.(*peering.Error); ok {
		pe.Err = httpcode.MarkSent(pe.Err, pe.Err)
	}
	return err
}

// signError is a request that could not be signed, most often because
// the credentials provider had none to give; it was not sent.
type signError struct{ err error }

func (e signError) Error() string { return "signing the request: " + e.err.Error() }
func (e signError) Unwrap() error { return e.err }

// failure maps what send returned.
func (c *Client) failure(call Call, r result) error {
	var sig signError
	if errors.As(r.err, &sig) {
		return &peering.Error{Code: peering.Unauthenticated, Provider: c.provider, Op: call.Op,
			Message: redact.String(sig.Error())}
	}
	var se *sdkerrors.ServerError
	if errors.As(r.err, &se) {
		return serverError(c.provider, call.Op, se)
	}
	var re *httpguard.RedirectError
	if errors.As(r.err, &re) {
		// Deterministic: the endpoint would redirect again. Not retried.
		return &peering.Error{Code: peering.Internal, Provider: c.provider, Op: call.Op, HTTPStatus: re.Status,
			Message: "refused answer to " + call.Action, Err: re}
	}
	if errors.Is(r.err, httpguard.ErrBodyTooLarge) {
		return &peering.Error{Code: peering.Internal, Provider: c.provider, Op: call.Op,
			Message: "reading the answer to " + call.Action, Err: r.err}
	}
	var sp sdkPanic
	if errors.As(r.err, &sp) && r.resp != nil && r.resp.status != 0 {
		return malformedAnswer(c.provider, call.Op, r.resp, r.err)
	}
	return &peering.Error{Code: peering.Unavailable, Provider: c.provider, Op: call.Op,
		Message: "no complete answer to " + call.Action, Err: httpcode.MarkSent(scrub(r.err, c.endpoint.String()), r.err)}
}

// wait takes a token from the action's rate-limit bucket.
func (c *Client) wait(ctx context.Context, call Call) error {
	if c.limit == nil {
		return nil
	}
	l := c.limit(call.Action)
	if l.Calls <= 0 {
		return nil
	}
	key := ratelimit.Key(string(c.provider), c.account, c.region, call.Action)
	if err := ratelimit.Shared.Wait(ctx, key, l); err != nil {
		if ctx.Err() != nil {
			return peering.ContextError(ctx, c.provider, call.Op)
		}
		// The limiter refuses at once when the deadline would pass before
		// a token is free: report the deadline, as waiting would have.
		return &peering.Error{Code: peering.DeadlineExceeded, Provider: c.provider, Op: call.Op,
			Message: "the rate limit of " + call.Action + " leaves no call before the deadline", Err: err}
	}
	return nil
}
