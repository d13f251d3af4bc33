// Package baidu is the peering adapter for Baidu AI Cloud VPC peering
// connections (the /v1/peerconn API of bcc.<region>.baidubce.com).
//
// A [Client] implements [peering.Peering] for one account in one region:
//
//	p, err := baidu.New(baidu.Options{Region: "bj"}) // keys from BCE_ACCESS_KEY_ID, BCE_SECRET_ACCESS_KEY
//	if err != nil { ... }
//	for c, err := range peering.List(ctx, p, peering.Filter{}) { ... }
//
// It speaks the REST protocol through a small client of its own over
// net/http, because bce-sdk-go takes no context.Context: every call honours
// ctx, and cancelling ctx ends a call (a listing included) promptly. Requests
// are signed with bce-auth-v1, proven equal to the SDK's signer in the tests.
// Real endpoints are always HTTPS; plain HTTP is allowed only to an explicit
// loopback Endpoint, such as the emulator's. Whatever Options.HTTPClient is,
// no redirect is followed (a 3xx is Internal, and neither Authorization nor
// X-Bce-Security-Token goes to its Location), and a 2xx body longer than
// Options.MaxResponseBytes is Internal, read no further.
//
// # The model
//
// Baidu's records describe one end of a connection, the one read: local*
// fields are that end, role says whether it is the initiator or the
// acceptor. The adapter places the ends by that role, so that both
// accounts' views show the same ends: Connection.Requester is the
// initiator's end and Accepter the acceptor's, with Options.AccountID as
// the caller's end's account and peerAccountId as the other's; Role is
// RoleRequester for the initiator and RoleAccepter for the acceptor (Own
// gives the caller's end). The API's role parameter is sent wherever the
// API takes it (Get, DNS sync); since a Get without it may answer from
// either end, and its callers do not say which end they are, the adapter
// finds out as role.go describes, remembers the answer per Client, and
// acts on the caller's own end in Update and DNS sync (of a connection
// whose both ends are the caller's in one region, the initiator's). Set
// Options.AccountID: without it, on an API that answers for either end,
// Role may stay RoleUnknown.
//
// Baidu connections have no name: Connection.Name is "", the local
// interface name is Attributes["localIfName"] (set with
// CreateOptions.LocalIfName and Client.RenameInterface; a CreateRequest.Name
// is InvalidArgument and Update.Name Unimplemented). Bandwidth is read from
// bandwidthInMbps or from the documents' misspelling bandwithInMbp;
// timestamps without a zone are read in Options.Location (UTC+8 by
// default). TermEndsAt is expiredTime, the end of a prepaid term; AcceptBy
// is never set (the 7 days an offer waits are not reported). Attributes
// carry "paymentTiming", "dnsStatus", "deleteProtect", "localIfId" and
// "localIfName" when the record has them; the interface and DNS facts are
// the caller's end's. Connection.Raw is the *[PeerConn] the API sent.
//
// A value that cannot be read (a bandwidth below -1, fractional or not a
// number; a time in no known form; a member of the wrong JSON type; a VPC
// block like "10.0.0.0/33") does not fail the record or its page: the field
// is left unknown and Attributes[peering.UnparsedAttribute] names it, as on
// every adapter ("bandwidthInMbps=-2", "createdTime=1533642415"; a VPC's
// blocks as "localVpc.cidr=..." or "peerVpc.secondaryCidr=..."). A
// bandwidth sent as a string holding a number ("1024") is read.
//
// Baidu's records have no CIDR blocks. The adapter fills the caller's end's
// (and the other end's when its VPC is in the client's region and the API
// lets the caller read it), wherever the role placed them, from the VPC
// API. A listing (ListPage, List) reads the region's VPCs with GET /v1/vpc,
// 1000 a page, beside its first page of connections, shared by concurrent
// callers and cached for ten minutes per Client: two requests for a first
// page, whatever the number of VPCs, where one look-up per VPC would take
// hundreds. Get, with two VPCs at most, looks them up with GET
// /v1/vpc/{vpcId}, each answer cached too. Set Options.NoVPCLookup to skip
// both; the blocks then stay empty (unknown).
//
// Every end whose blocks stay empty says why in Endpoint.CIDRsUnknown, the
// portable code first where a call failed: "not looked up: the VPC is in
// region gz, not in this client's region bj", "not looked up:
// Options.NoVPCLookup is set", "NotFound: the VPC is not one of this
// account's in region bj (another account's, or deleted)" (the listing does
// not hold it, or its look-up found none), "PermissionDenied: the VPC
// look-up was refused (AccessDenied, ...)", "ResourceExhausted: the VPC
// listing failed past its retries (...)". A call refused, not found,
// answered empty, or throttled or unavailable past its retries leaves its
// ends unknown and the page whole: the records were read, and the blocks
// are an addition the analysis can report as missing; such a failure is
// not cached, so the next call asks again. Any other failure
// (Unauthenticated, Internal, Unimplemented...) means the client or the
// server is broken, and fails the call, saying which VPC call failed.
//
// Listing uses Baidu's marker pagination, up to 1000 connections a page; the
// page token carries the marker. Filter.NetworkID is sent to the API (vpcId),
// which filters on it; ListPage applies no other filter field, and
// peering.List applies the whole filter once, after de-duplication.
//
// Operations only Baidu has are methods of [Client]: [Client.Renew],
// [Client.OpenDNSSync], [Client.CloseDNSSync], [Client.RenameInterface] and
// [Client.SetDeleteProtection].
// Create takes [CreateOptions] in CreateRequest.ProviderOptions for billing,
// delete protection and interface names.
//
// Routes (peering.RouteReader and peering.RouteWriter, Capabilities.Routes):
// a VPC has one route table, read whole by [Client.RouteTables]; a rule
// through a peering names the peering's interface on the VPC, which the
// adapter turns into the connection's ID (and back, in [Client.AddRoute]).
// Next-hop types map to portable kinds: peerConn peering; the system rules
// (system, sys, local) local and System; custom, enic, havip instance; vpn,
// nat, dcGateway, ipv6gateway gateway; any other other, flagged as
// unparsed. The rule-level error codes are the emulator's names for the
// create document's rules, which names none.
//
// # Errors
//
// Every error is a *peering.Error keeping Baidu's code, message, HTTP status
// and request ID. Codes are compared without regard to case:
//
//	Baidu code or answer                                  peering code         retried
//	NoSuchObject, NotFound, ResourceNotFound, HTTP 404    NotFound             no
//	InvalidAccessKeyId, SignatureDoesNotMatch,
//	  InvalidHTTPAuthHeader                               Unauthenticated      no
//	RequestExpired                                        Unauthenticated      once, re-signed
//	AccessDenied, QualifyNotPass, OptInRequired, 403      PermissionDenied     no
//	IdempotentParameterMismatch                           InvalidArgument      no
//	InvalidParameter, MalformedJSON, InappropriateJSON,
//	  InvalidHTTPRequest, InvalidURI, InvalidVersion,
//	  BadDigest, RelayVpcPeerConnNotAllowed,
//	  RouteRuleDestinationOverlapsVpc, other 400          InvalidArgument      no
//	PreconditionFailed, PeerConnStatusConflict,
//	  PeerConnDeleteProtected, PrepaidPeerConnNotExpired,
//	  SystemRouteRuleNotDeletable, other 409, 412         FailedPrecondition   no
//	PeerConnAlreadyExists (one peering per VPC pair),
//	  RouteRuleAlreadyExists (a repeated destination)     AlreadyExists        no
//	PeerConnQuotaExceeded, RouteRuleQuotaExceeded         ResourceExhausted    no
//	HTTP 429, RequestRateLimitExceeded                    ResourceExhausted    yes
//	InternalError, any 5xx but 501                        Unavailable          yes
//	HTTP 405, 501                                         Unimplemented        no
//	any other status without a known code                 Unknown              no
//	reset, EOF, truncated body, attempt timeout (30 s)    Unavailable          yes
//	2xx body that is not the JSON expected                Internal             no
//	error body in BCE's shape with a mistyped member
//	  (a numeric code), other than 429 and 5xx            Internal             no
//	ctx canceled or past its deadline                     Canceled, DeadlineExceeded
//
// A 429 or 5xx answer is classified by its status whatever its code; an
// unknown or absent code falls back on the status. That status table
// (internal/httpcode) is the one the Alibaba adapters use too.
//
// IdempotentParameterMismatch means a client token was used again for a
// different request: a caller that reuses CreateRequest.ClientToken must send
// the same request. Deleting a connection that is gone or already being
// deleted is not an error, and Get reads an empty 200 answer as NotFound, as
// Terraform does. Input the API would refuse (empty or malformed IDs, a
// missing or non-positive bandwidth, an unknown region, a client token over
// 64 characters or not ASCII, a wrong ProviderOptions type, a page size
// outside 0..1000, a malformed page token) is rejected with InvalidArgument
// before any request is sent. No error text holds the secret key, the
// session token, a signature or a request's query.
//
// # Retries and idempotency
//
// Retried failures (the table's last column) are tried again with capped
// exponential backoff and full jitter (internal/retry: 6 tries by default,
// Options.MaxAttempts to change), honouring Retry-After, within ctx. Each
// attempt is signed afresh. Writes are retried too, because every Baidu
// write carries a clientToken, the same on all attempts of one call: a
// create whose answer was lost is retried into the same connection, not a
// second one. Separate calls use separate tokens (Create takes the caller's
// CreateRequest.ClientToken to span calls). A create that fails on every
// attempt after one may have been applied returns a
// *peering.UncertainWriteError with its token: send the same request with
// it as CreateRequest.ClientToken to find out. Update with a name or description
// and a bandwidth makes two writes, update then resize, waiting in between
// for the connection to leave the "updating" status (Baidu refuses a resize
// until then); the two are not atomic.
//
// A list page whose next marker is missing or repeats its own marker is
// fetched again, as a server-side inconsistency; if it persists the call
// fails with Internal rather than loop.
package baidu
