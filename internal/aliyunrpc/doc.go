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
// The SDK takes no context.Context and its Client mutates its own http.Client
// on every call (not safe for concurrent use), so each attempt gets a fresh
// SDK client whose transport is bound to the attempt's context: cancelling
// the context aborts the HTTP exchange, and the caller returns at once on
// ctx.Done() in any case. The SDK call runs in its own goroutine, which owns
// everything it writes; the caller decodes the body only after receiving it.
// The context's deadline also bounds the SDK's read and connect timeouts.
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
