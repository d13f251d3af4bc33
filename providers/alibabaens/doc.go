// Package alibabaens is the peering adapter for Alibaba Cloud ENS network
// peer connections (Ens 2017-11-10), built on the official SDK's
// CommonRequest: the SDK's typed ENS package has no peering calls.
//
// # Use
//
//	p, err := alibabaens.New(alibabaens.Options{})
//	// credentials from ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET / _SECURITY_TOKEN
//	for c, err := range peering.List(ctx, p, peering.Filter{}) { ... }
//
// Requests are POSTs to ens.aliyuncs.com over HTTPS (the SDK's default is
// plain HTTP; this adapter never sends it to a host that is not local);
// Options.Endpoint points it at the emulator. The API is central: one
// Client sees every ENS node.
//
// # Model
//
// Connection.Requester is the requester network (NetworkId, the network
// the connection was created from, with its IPv4 blocks, and EnsRegionId,
// the node, as Region) and Accepter the accepter network
// (AcceptingNetworkId, the network it was created to), as the document
// names them. ENS peers networks of one account and has no accept step, so
// the caller's account owns both ends and is the one that asked for the
// connection: Role is always requester, and Own gives the network the
// connection was created from. The record names no account, so the ends'
// AccountID is "". Name is the connection's own name.
//
// IDs and network IDs are trimmed of whitespace (the API's own example ends
// an AcceptingNetworkId with a newline). ENS reports no bandwidth
// (BandwidthUnknown), no tags, IPv6 blocks or resource group, and no times
// but CreationTime (CreatedAt): it has no prepaid term (TermEndsAt) and no
// offer to accept (AcceptBy), so both are always zero. Statuses are
// Creating (pending), Activated (active) and Deleting (deleting).
// Attributes[peering.UnparsedAttribute] lists values that could not be read
// (a bad CIDR block or time, a member of the wrong JSON type): the
// connection is still listed, that field left unknown, as on every adapter.
//
// Connection.Raw is a *NetworkPeerConnection, the record as sent.
//
// # Operations
//
// ListPage (DescribeNetworkPeerConnections, PageNumber and PageSize; the
// page fields arrive as strings), List (see Client.List: pages after the
// first fetched concurrently), Get (describe by InstanceId; an empty answer
// is NotFound), Create (CreateNetworkPeerConnection), Update of name and
// description (ModifyNetworkPeerConnection) and Delete
// (DeleteNetworkPeerConnection). Accept, Reject and bandwidth updates are
// Unimplemented, as Capabilities says: ENS peering has no accept step and
// no bandwidth.
//
// CreateNetworkPeerConnection and ModifyNetworkPeerConnection are not in
// Alibaba Cloud's public API reference: their parameters (NetworkId,
// AcceptingNetworkId, Name, Description; InstanceId, Name, Description)
// come from an unmerged, generated change to the Terraform provider and are
// unverified against the live API. DescribeNetworkPeerConnections and
// DeleteNetworkPeerConnection are documented.
//
// The API takes page sizes of 10 to 100. A Filter.PageSize of 1 to 9 is
// fetched as a page of 10 and sliced; the page token records the position
// in the listing, so the walk resumes where it stopped. The filter's
// NetworkID, Name and a single ID go to the API; the rest is applied on the
// client.
//
// # Errors
//
// Every error is a *peering.Error with the cloud's code, message, HTTP
// status and request ID. The mapping (internal/aliyunrpc.Classify) includes:
//
//	InstanceNotFound.NetworkPeerConnection    NotFound (nil from Delete)
//	IncorrectStatus.NetworkPeerConnection     FailedPrecondition
//	OperationDenied.NetworkPeerConnectionExists AlreadyExists
//	Throttling.User, Throttling               ResourceExhausted (retried)
//	ens.interface.error, transport            Unavailable (retried)
//	NoPermission                              PermissionDenied
//	InvalidParameter.*, MissingParameter      InvalidArgument
//	InvalidAction.NotFound                    Unimplemented
//	SignatureDoesNotMatch, InvalidAccessKeyId.* Unauthenticated
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
// token, a create with bandwidth or tags) is InvalidArgument before any
// request is sent. No error text contains the secret, the security token or
// the signature.
//
// # Retries, idempotency and rate limits
//
// Reads, Update and Delete are retried on throttling, 5xx, resets, timeouts,
// cut answers, and a page that comes back empty although the
// total says items are there, with capped exponential backoff and full
// jitter (Options.MaxAttempts tries, default 6), within the context.
// IncorrectStatus is not retried: a status may last.
//
// The API has no ClientToken. When a create's answer is lost, the adapter
// describes the two networks before sending it again and adopts a
// connection between exactly that pair (from CreateRequest.LocalNetworkID,
// the requester network, to PeerNetworkID, not being deleted): ENS allows one connection per pair,
// so that is the one the lost attempt made. Likewise a delete whose answer
// was lost is not resent once the connection is gone or Deleting. A create
// that still fails with its outcome unknown returns a
// *peering.UncertainWriteError with a token: sent back as
// CreateRequest.ClientToken, it makes the adapter return the pair's
// connection instead of failing with AlreadyExists (see Client.Create).
//
// Requests are signed with the SDK but sent by a client of this module
// (internal/aliyunrpc), so that the context is honoured (a cancelled
// context returns at once and aborts the HTTP exchange; its deadline bounds
// each attempt), the SDK's DEBUG=sdk output (signed requests with their
// security token) never appears, no redirect is followed (a 3xx is
// Internal, and nothing is sent to its Location), and a 2xx body longer
// than Options.MaxResponseBytes is Internal, read no further.
//
// # Routes
//
// The Client is a peering.RouteReader and a peering.RouteWriter
// (Capabilities.Routes): RouteTables finds a network's route tables with
// DescribeEnsRouteTables (NetworkId) and reads each one's routes with
// DescribeEnsRouteEntryList (RouteTableId), both in numbered pages of 100;
// AddRoute adds a route through a network peer connection
// (CreateEnsRouteEntry, NextHopType NetworkPeer) and DeleteRoute removes
// one (DeleteEnsRouteEntry). ENS takes no ClientToken: an add whose answer
// was lost is not resent once the route is found (a destination may not
// repeat in a table). ENS documents no delete that forces routes away, so
// Delete is the only delete. peering.RouteTable.Raw is a *RouteTable.
//
// ENS publishes no call quota, so there is no client-side rate limit unless
// Options.CallsPerMinute sets one (a token bucket per account and API,
// shared by every Client of the process).
package alibabaens
