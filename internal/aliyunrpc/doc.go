// Package aliyunrpc is the plumbing the two Alibaba Cloud adapters
// (providers/alibabavpc and providers/alibabaens) share on top of
// github.com/aliyun/alibaba-cloud-sdk-go: credentials, endpoint and scheme,
// one call wrapper that honours a context, rate limits, retries, and the
// mapping of the cloud's error codes to the portable codes of package
// peering.
//
// # Use
//
//	c, err := aliyunrpc.New(aliyunrpc.Config{Provider: peering.AlibabaVPC,
//		Credentials: creds, DefaultHost: "vpcpeer.aliyuncs.com", Region: "cn-hangzhou"})
//	err = c.Do(ctx, aliyunrpc.Call{Op: "Get", Action: "GetVpcPeerConnectionAttribute",
//		Request: func() requests.AcsRequest { ... a fresh request ... },
//		Decode:  func(body []byte) error { return json.Unmarshal(body, &out) }})
//
// # Transport
//
// The SDK's default scheme is plain HTTP; this package always sends HTTPS,
// except to an explicit loopback endpoint (the emulator), see [ParseEndpoint].
//
// The SDK's Client is not used to send: with DEBUG=sdk in the environment it
// prints every signed request (signature and security token) and every
// answer on stdout, it follows redirects (a 307 to plain HTTP sends the
// signed query in clear and takes the answer), it reads bodies without a
// bound, takes no context.Context and mutates itself on every call. Each
// attempt instead uses the SDK's request types, signer and response parser
// around an http.Client of this package, made by internal/httpguard over
// Config.Transport: the request carries the attempt's context (cancelling it
// aborts the exchange), no redirect is followed (a 3xx is an Internal error
// that names the Location's host, not retried), and a 2xx body longer than
// Config.MaxResponseBytes is an Internal error, read no further. The
// exchange runs in its own goroutine, which owns everything it writes, so
// that the caller returns at once on ctx.Done() even over a transport that
// ignores the context; the caller decodes the body only after receiving it.
// The body is read into a buffer of internal/httpguard's pool, handed back
// for a later answer once Decode has returned and the attempt's error, if
// any, has copied what it shows; so Decode keeps no slice of it. The
// answer of an exchange abandoned on ctx.Done() is never handed back (the
// collector takes it), since its goroutine may still be reading into it.
// Each attempt is bounded by [DefaultReadTimeout] as well as by ctx.
//
// # Errors
//
// Every error is a *peering.Error keeping the cloud's code, message, HTTP
// status and request ID (see [Classify] for the table). Nothing secret
// reaches an error: transport errors are stripped of the request URL (it
// carries the signature and any security token), and the cloud's messages
// (a SignatureDoesNotMatch message echoes the string to sign) are redacted.
//
// # Retries and idempotency
//
// [Client.Do] retries with internal/retry (capped exponential backoff, full
// jitter) what [Retryable] accepts: throttling, Conflict.Operation, 5xx,
// resets, timeouts and truncated or undecodable 2xx bodies. Each attempt
// builds and signs a fresh request (new nonce and timestamp) but callers put
// the same idempotency token in all of them. A write whose outcome is
// unknown (the exchange broke after the request may have been applied) can
// carry a [Call.Reconcile] check that runs before the write is sent again.
//
// # Rate limits
//
// Before every attempt the call waits on internal/ratelimit's shared bucket
// for (provider, account, region, action), so that two clients of one
// account together stay under the cloud's quota.
package aliyunrpc
