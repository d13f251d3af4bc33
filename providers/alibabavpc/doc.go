// Package alibabavpc is the peering adapter for Alibaba Cloud VPC peering
// connections (VpcPeer 2022-01-01), built on the official SDK's
// services/vpcpeer package.
//
// # Use
//
//	p, err := alibabavpc.New(alibabavpc.Options{
//		Region:    "cn-hangzhou",
//		AccountID: "1234567890123456", // optional: sets Connection.Role
//	}) // credentials from ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET / _SECURITY_TOKEN
//	for c, err := range peering.List(ctx, p, peering.Filter{}) { ... }
//
// A Client covers one region. Requests go to vpcpeer.aliyuncs.com over
// HTTPS (the SDK's default is plain HTTP; this adapter never sends it to a
// host that is not local); Options.Endpoint points it at the emulator.
//
// # Model
//
// Connection.Requester is the requester (Vpc, OwnerId, RegionId) and
// Accepter the accepter (AcceptingVpc, AcceptingOwnerUid,
// AcceptingRegionId), each with its IPv4 and IPv6 blocks: the API names the
// ends by role, so both accounts' views of a connection show the same ends,
// and only Role differs. Role is requester when Options.AccountID owns the
// requester VPC, accepter when it owns the accepter, unknown otherwise.
// Account IDs are kept digit for digit (they exceed 2^53). Bandwidth -1 is
// unlimited. Name is the connection's own name.
//
// Status reads Status and BizStatus together (normalize.VpcPeerStatus): a
// FinancialLocked connection, locked for non-payment, carries no traffic,
// so an Activated one is inactive, not active; ProviderStatus keeps Status
// as sent. AcceptBy is GmtExpired while the connection is Accepting: the
// deadline for the accepter's answer, after which the offer lapses
// (Expired). VpcPeer has no prepaid terms, so TermEndsAt is always zero.
// GmtExpired sent in any other status (after Expired, when the offer lapsed;
// the documents' own example sends it on an Activated connection) is no
// deadline: it is kept, as sent, in Attributes["GmtExpired"]. UpdatedAt is
// GmtModified.
//
// Attributes holds "BizStatus", "LinkType", "ManagedService" and
// "GmtExpired" (as above) when set, and peering.UnparsedAttribute when a
// value could not be read (a bandwidth below -1, fractional or not a
// number, a bad CIDR block or time, a member of the wrong JSON type): the
// connection is still listed, that field left unknown, as on every adapter.
//
// Connection.Raw is a *VpcPeerConnection: the record as sent, decoded from
// the body because the SDK's typed model lacks LinkType and ManagedService.
//
// # Operations
//
// ListPage (ListVpcPeerConnections, NextToken pages of up to 100), Get
// (GetVpcPeerConnectionAttribute), Create (with bandwidth, link type and
// tags added to the typed request, which lacks them), Accept, Reject,
// Update (ModifyVpcPeerConnection: name, description, bandwidth), Delete
// and DeleteForce, and the route operations below.
// Tags are managed with the Client's TagResources, UntagResources and
// ListTags methods; MoveResourceGroup moves a connection to another
// resource group, and SetLinkType changes an inter-region connection's
// link type (with WriteOptions.DryRun, the cloud checks it and changes
// nothing). The filter's NetworkID, Name, a single ID and Tags go to
// the API; the rest is applied on the client.
//
// # Routes
//
// The Client is a peering.RouteReader and a peering.RouteWriter
// (Capabilities.Routes): RouteTables reads a VPC's route tables and their
// routes from the VPC service (Vpc 2016-04-28: DescribeRouteTableList in
// pages of 50, DescribeRouteEntryList in NextToken pages of 100), on the VPC
// endpoint of the region (the SDK's services/vpc resolution:
// vpc.aliyuncs.com for cn-hangzhou, vpc.<region>.aliyuncs.com elsewhere,
// or Options.Endpoint); AddRoute adds a route through a VpcPeer connection
// (CreateRouteEntry, NextHopType VpcPeer, with a ClientToken for all its
// attempts); DeleteRoute removes one (DeleteRouteEntry). Route tables are
// paced at RouteCallsPerMinute per API. peering.RouteTable.Raw is a
// *RouteTable, the records as sent.
//
// # Deleting a connection that routes use
//
// DeleteVpcPeerConnection refuses while routes point at the connection
// (OperationDenied.RouteEntryExist), unless Force is set, which removes
// those routes with it. Delete never forces: its refusal is a
// FailedPrecondition whose message names the routes (those in the caller's
// VPCs in the client's region; another account's routes cannot be read) and
// says how to go on. DeleteForce is Delete with Force.
//
// Force is a method of this Client, not a portable option
// (peering.DeleteOptions), because only this provider has it: Baidu and
// ENS document no delete that removes routes, so a portable option would be
// Unimplemented on two adapters out of three, and adding it to
// peering.Peering.Delete would change every adapter and caller for one
// cloud's flag. This follows the design's rule for provider-only
// operations (resource groups, tags). Callers that work on any adapter
// check for it:
//
//	if f, ok := p.(interface{ DeleteForce(context.Context, string) error }); ok { err = f.DeleteForce(ctx, id) }
//
// # Errors
//
// Every error is a *peering.Error with the cloud's code, message, HTTP
// status and request ID. The mapping (internal/aliyunrpc.Classify) includes:
//
//	ResourceNotFound.InstanceId (and other *.NotFound)  NotFound (nil from Delete and DeleteRoute)
//	InvalidCIDRBlock.Duplicate (a destination the
//	table has), *.Duplicate, *.Duplicated              AlreadyExists
//	TaskConflict, IncorrectRouteEntryStatus             Unavailable (retried)
//	IncorrectStatus.*, IncorrectBusinessStatus.*,
//	OperationDenied.* (RouteEntryExist)                 FailedPrecondition
//	Throttling.User, Throttling                         ResourceExhausted (retried)
//	Conflict.Operation, OperationConflict               Unavailable (retried)
//	ServiceUnavailable, InternalError, transport        Unavailable (retried)
//	SignatureDoesNotMatch, InvalidAccessKeyId.*,
//	InvalidTimeStamp.*, InvalidSecurityToken.*          Unauthenticated
//	Forbidden.NoPermission                              PermissionDenied
//	MissingParam.*, IllegalParam.*, InvalidParameter.*,
//	IdempotentParameterMismatch                         InvalidArgument
//
// An unknown or absent code is classified by the HTTP status, with the table
// every adapter shares: 400 InvalidArgument, 401 Unauthenticated, 403
// PermissionDenied, 404 NotFound (nil from Delete), 405 and 501
// Unimplemented, 409 and 412 FailedPrecondition, 429 ResourceExhausted
// (retried), other 5xx Unavailable (retried), anything else Unknown.
//
// A 2xx answer that is not the JSON expected as a whole (TotalCount "many",
// a list that is a string), or an error answer in the wrong shape (a
// numeric Code, except with a 429 or 5xx status), is Internal and not
// retried: the same request would get it again. A body cut short is
// Unavailable, retried.
//
// Invalid input (an empty ID, a page size outside 1 to 100, a malformed page
// token, a tag or name the API would refuse, bandwidth on an in-region
// connection) is InvalidArgument before any request is sent. No error text
// contains the secret, the security token or the signature.
//
// # Retries, idempotency and rate limits
//
// Throttling, Conflict.Operation, 5xx, resets, timeouts and cut answers
// are retried with capped exponential backoff and full jitter
// (Options.MaxAttempts tries, default 6), within the context. IncorrectStatus
// is not retried: a status may last (wait with peering.WaitFor instead).
// Every write sends one ClientToken in all its attempts (the caller's
// CreateRequest.ClientToken, or a random one), so retrying a create whose
// answer was lost returns the connection it made instead of a second one.
// A create that fails on every attempt after one may have been applied
// returns a *peering.UncertainWriteError with that token: send the same
// request with it as CreateRequest.ClientToken to find out.
//
// Requests are signed with the SDK but sent by a client of this module
// (internal/aliyunrpc), so that the context is honoured (a cancelled
// context returns at once and aborts the HTTP exchange; its deadline bounds
// each attempt), the SDK's DEBUG=sdk output (signed requests with their
// security token) never appears, no redirect is followed (a 3xx is
// Internal, and nothing is sent to its Location), and a 2xx body longer
// than Options.MaxResponseBytes is Internal, read no further.
//
// Before every attempt the client waits on a token bucket per account,
// region and API, at the published quota (360 calls a minute per API; 1000
// for tag writes, 3000 for tag listing) with a burst of 19 ([DefaultBurst]), shared by every
// Client of the process, so that listing a large estate is paced below the
// quota instead of being throttled.
package alibabavpc
