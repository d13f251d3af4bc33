// Package aliyun emulates three Alibaba Cloud RPC APIs over HTTP: VpcPeer
// 2022-01-01 (VPC peering connections), the route tables of the VPC
// service, Vpc 2016-04-28, and Ens 2017-11-10 (ENS network peer connections
// and their route tables), so that the official Go SDK, this module's
// adapters and users' tools can run against them with no cloud account.
//
// # Use
//
// Make a Service with the emulator's clock and fault injector, add accounts,
// then VPCs and networks (or Generate an estate), and serve Handler on a
// loopback listener. Point the SDK at it with Domain = "host:port" and
// Scheme "http":
//
//	svc := aliyun.New(aliyun.Config{Clock: clock.New(), Faults: fault.New(1)})
//	svc.AddAccount(aliyun.Account{UID: 1234567890123456789, AccessKeyID: "LTAI...", AccessKeySecret: "..."})
//	if err := svc.Generate(1, 50, []string{"cn-hangzhou"}, []string{"cn-xian-unicom"}); err != nil { ... }
//	srv := httptest.NewServer(svc.Handler())
//	client, _ := vpcpeer.NewClientWithAccessKey("cn-hangzhou", "LTAI...", "...")
//	client.Domain = strings.TrimPrefix(srv.URL, "http://")
//
// The newer SDKs' generic client, darabonba-openapi, takes the same address
// as its Endpoint, with Protocol "HTTP":
//
//	c, _ := openapi.NewClient(&openapi.Config{AccessKeyId: tea.String("LTAI..."), AccessKeySecret: tea.String("..."),
//		Endpoint: tea.String(strings.TrimPrefix(srv.URL, "http://")), Protocol: tea.String("HTTP")})
//
// One listener serves both APIs; requests are routed by their Version and
// Action, read from the query and the form body merged (the form wins on a
// clash) or, for ACS3, from the x-acs-version and x-acs-action headers.
// Answers are JSON only.
//
// # What is emulated
//
// Every request is verified, in one of two signature versions:
//
//   - Signature v1 (the RPC SDKs, alibaba-cloud-sdk-go): HMAC-SHA1 over
//     every parameter but Signature, empty ones included. A missing signing
//     parameter is MissingParameter; SignatureMethod other than HMAC-SHA1
//     is InvalidSignatureMethod.
//   - ACS3-HMAC-SHA256 (the V3 signature, darabonba-openapi and the
//     generated SDKs' default), chosen by an Authorization header of the
//     form "ACS3-... Credential=<AccessKeyId>,SignedHeaders=<a;b>,Signature=<hex>".
//     The canonical request is method, canonical URI (each path segment
//     percent-encoded), canonical query string (the query's pairs, encoded,
//     sorted), canonical headers (each signed header "name:value\n", by
//     name, with host the request's Host), signed headers, and the hex
//     SHA-256 of the body as received; the string to sign is
//     "ACS3-HMAC-SHA256\n" followed by the canonical request's hex SHA-256; the
//     signature is hex HMAC-SHA256 with the secret. The parameters are the
//     query's and the form body's, merged as above, lists and maps as the
//     SDK flattens them (X.N, X.N.Key). A malformed Authorization header,
//     or one whose SignedHeaders leaves out host or any x-acs- header the
//     request carries, is IncompleteSignature; another ACS3 algorithm
//     (ACS3-HMAC-SM3, ACS3-RSA-SHA256) is InvalidSignatureMethod; a missing
//     x-acs-action, x-acs-version, x-acs-date, x-acs-signature-nonce or
//     x-acs-content-sha256 is MissingParameter naming the header. A body
//     changed after signing, or an x-acs-content-sha256 that does not match
//     it, fails as a signature mismatch: the server hashes the body itself.
//
// Then, for both, in the order checked: 404 InvalidAccessKeyId.NotFound,
// InvalidTimeStamp.Format, InvalidTimeStamp.Expired (Timestamp or x-acs-date
// more than 15 minutes from the wall clock; never the emulated one, so
// advancing it never breaks signing), SignatureDoesNotMatch (the Message
// ends "server string to sign is:" and the server's string to sign, which
// the v1 SDK compares with its own), MissingSecurityToken and
// InvalidSecurityToken.MismatchWithAccessKey (an STS key from
// IssueSTSToken without its token, in SecurityToken or
// x-acs-security-token, or with another), InvalidSecurityToken.Expired
// (an STS key ExpireSTSToken expired), and SignatureNonceUsed (a nonce,
// SignatureNonce or x-acs-signature-nonce, reused by the same key within 15
// minutes; nonces older than that are forgotten). All are HTTP 400 but the
// 404 noted. An unknown Version or Action is 404 InvalidAction.NotFound;
// Format other than JSON is 400 InvalidParameter.Format.
//
// Where each signature refusal comes from (the POP gateway publishes no
// table of them; these are its answers as recorded, and the SDKs' handling):
//
//	Code                                        HTTP  Source
//	IncompleteSignature                         400   https://github.com/fog/fog-aliyun/issues/32 (gateway body);
//	                                                  alibaba-cloud-sdk-go sdk/errors/signature_does_not_match_wrapper.go
//	SignatureDoesNotMatch                       400   https://github.com/dromara/SMS4J/issues/34 (gateway body);
//	                                                  the same SDK file
//	InvalidAccessKeyId.NotFound                 404   https://www.alibabacloud.com/help/doc-detail/69008.htm
//	InvalidTimeStamp.Expired                    400   https://developer.aliyun.com/ask/11111 (gateway body),
//	                                                  https://developer.aliyun.com/ask/9487 (15 minutes)
//	SignatureNonceUsed                          400   https://developer.aliyun.com/ask/568545 (gateway answer)
//	MissingSecurityToken                        400   https://github.com/denverdino/aliyungo/issues/204
//	InvalidSecurityToken.MismatchWithAccessKey  400   the code is among the gateway's STS codes that Alibaba
//	                                                  clients handle; its status is not published (assumed)
//	InvalidSecurityToken.Expired                400   the gateway's code for an expired STS token, as the
//	                                                  VOD client (VODOpenApiTokenExpired) and the STS-based
//	                                                  clients that refresh on it match it; status assumed
//	                                                  as for the other STS codes
//	InvalidSignatureMethod, InvalidTimeStamp.Format   the gateway's codes for the method and the
//	                                                  timestamp's form; status assumed 400
//
// The V3 signature itself: https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature,
// checked against darabonba-openapi v2.1.13 (utils/client.go,
// GetAuthorization), whose own test vector the verifier reproduces.
//
// Error bodies are {"RequestId","HostId","Code","Message","Recommend"}, every
// value a string: the Go SDK asserts them to strings and panics otherwise.
//
// VpcPeer: Create, List, GetAttribute, Accept, Reject, Modify, Delete,
// TagResources, UnTagResources and ListTagResources, and MoveResourceGroup,
// the last four for ResourceType PeerConnection. The documents' value rules apply (Name, Description,
// Bandwidth, LinkType, tags and their limits, Tag.N on writes but Tags.N on
// List, ClientToken of at most 64 ASCII characters, DryRun answering 400
// DryRunOperation once the request would succeed). The VPCs must exist:
// VpcId is the caller's, in RegionId; AcceptingVpcId belongs to
// AcceptingAliUid in AcceptingRegionId (else ResourceNotFound.VpcId or
// ResourceNotFound.AcceptingVpcId). One connection per pair of VPCs, in
// either direction: a create for a pair that a connection holds is 400
// ResourceAlreadyExist.VpcPeer. A connection holds its pair in every status
// but Rejected, Expired and Deleted (a refused or unanswered request never
// joined the VPCs; a deleted connection no longer does); a Deleting one
// still holds it until it is gone. Connections are written as the documents
// show them, OwnerId and AcceptingOwnerUid as exact integers, GmtExpired null
// unless the status is Accepting or Expired, Bandwidth -1 (unlimited) by
// default within a region and 1024 between regions.
//
// Statuses follow a timeline on the emulated clock and are computed when
// read; nothing runs in the background. Each transient status lasts a
// duration drawn from its range (see "Transient durations" below):
//
//   - create, same account: Creating, then Activated;
//   - create, across accounts: Creating, then Accepting; Expired seven days
//     after creation if unanswered;
//   - accept (by the accepting account, while Accepting): Updating, then
//     Activated; reject: Rejected at once;
//   - modify (while Activated): Updating, then Activated;
//   - delete (while Activated, Accepting, Rejected or Expired): Deleting,
//     then Deleted, then gone: ResourceNotFound.InstanceId.
//
// An action in the wrong status is refused with IncorrectStatus.VpcPeer; on a
// FinancialLocked connection accept, reject and modify are refused with
// IncorrectBusinessStatus.VpcPeer (Service.SetBizStatus locks one, as an
// overdue account would be locked, and lifts the lock). Both accounts of a cross-account connection
// see it, with the same OwnerId, through List and Get.
//
// ENS: DescribeNetworkPeerConnections (PageNumber, PageSize and TotalCount
// as strings), CreateNetworkPeerConnection, ModifyNetworkPeerConnection
// (Name, Description) and DeleteNetworkPeerConnection. Create needs two
// distinct networks of the caller's; Creating then Activated. Delete (while
// Activated): Deleting, then gone: InstanceNotFound.NetworkPeerConnection.
// The wrong status is IncorrectStatus.NetworkPeerConnection.
//
// # Route tables
//
// Every VPC and every ENS network has a system route table, made with it,
// holding one system route (Type System, next hop type "local") per
// address block of the network; the emulator has no vSwitches, so the
// network's blocks stand for its vSwitches' CIDRs, and no custom tables.
// Custom routes go through a peering connection:
//
//   - VPC 2016-04-28: DescribeRouteTableList (RegionId required; VpcId,
//     RouteTableId, RouteTableName, RouteTableType System or Custom,
//     RouterType VRouter or VBR, RouterId; PageNumber from 1 and PageSize 1
//     to 50, default 10), DescribeRouteEntryList (RegionId and RouteTableId
//     required; RouteEntryId, DestinationCidrBlock, RouteEntryName,
//     IpVersion, RouteEntryType, NextHopType, NextHopId; MaxResult 1 to
//     100, default 10, and an opaque NextToken, absent on the last page,
//     bound to the query), CreateRouteEntry (RouteTableId and
//     DestinationCidrBlock required, NextHopType default Instance,
//     NextHopId, RouteEntryName and Description 1 to 128 and 256
//     characters without an http(s):// prefix, ClientToken, DryRun; returns
//     RouteEntryId) and DeleteRouteEntry (RouteEntryId, or RouteTableId
//     and DestinationCidrBlock with an optional NextHopId; DryRun). Only
//     next hop type VpcPeer is backed by anything: the connection must be
//     the caller's, have the table's VPC at one end and be Activated. A
//     bare address is a host route. Routes are Available at once.
//   - ENS 2017-11-10: DescribeEnsRouteTables (NetworkId, RouteTableId,
//     EnsRegionId, EnsRegionIds.N, RouteTableName; PageNumber and
//     PageSize), DescribeEnsRouteEntryList (RouteTableId, RouteEntryId,
//     DestinationCidrBlock, RouteEntryName, RouteEntryType, NextHopType,
//     NextHopId; PageNumber from 1 and PageSize 10 to 100, default 10;
//     PageNumber, PageSize and TotalCount as integers, as the typed SDK
//     decodes them), CreateEnsRouteEntry (RouteTableId,
//     DestinationCidrBlock, NextHopType Instance, HaVip or NetworkPeer,
//     NextHopId; RouteEntryName, Description) and DeleteEnsRouteEntry
//     (RouteEntryId). Only NetworkPeer is backed: one of the caller's
//     Activated connections that joins the table's network.
//
// The documented rules: a destination may not repeat in a table, the
// system routes' included (InvalidCIDRBlock.Duplicate); a table holds at
// most 200 custom routes (QuotaExceeded); a custom route may not be
// 100.64.0.0/10 or inside it (InvalidCidrBlock); a system route cannot be
// deleted (OperationDenied); DeleteVpcPeerConnection is refused with
// OperationDenied.RouteEntryExist while a route of either VPC's tables
// points at the connection, unless Force=true, which removes those routes
// with it (the DeleteVpcPeerConnection document: "If you force delete the
// instance, the system also deletes the routes that point to the VPC
// peering connection", and its error table; WP §3.1, §3.5). What a route
// pointing at a deleted connection becomes, the documents do not say;
// through the API none can outlive its connection (a plain delete is
// refused, a forced one removes the routes), so the emulator keeps such a
// route listed, Available, as the generated estate seeds a few (assumed).
// ENS documents no such refusal: DeleteNetworkPeerConnection leaves routes
// through the connection in place (assumed). Service.RouteTables shows a
// network's tables; Service.AddRoute adds a route with no rule applied,
// for what the API would refuse.
//
// Where the API documents are:
// https://alibabacloud.com/help/en/vpc/api-describeroutetablelist (TL),
// https://alibabacloud.com/help/en/vpc/api-describerouteentrylist (EL),
// https://help.aliyun.com/zh/vpc/developer-reference/api-vpc-2016-04-28-createrouteentry (CR),
// https://www.alibabacloud.com/help/en/vpc/api-deleterouteentry (DR),
// https://alibabacloud.com/help/en/vpc/api-deletevpcpeerconnection (DP),
// https://alibabacloud.com/help/en/ens/developer-reference/api-ens-2017-11-10-describeensroutetables (ET),
// https://alibabacloud.com/help/en/ens/developer-reference/api-ens-2017-11-10-describeensrouteentrylist (EE) and
// https://alibabacloud.com/help/en/ens/developer-reference/api-ens-2017-11-10-createensrouteentry (EC);
// the fields are alibaba-cloud-sdk-go v1.63.107's services/vpc and
// services/ens types (DescribeRouteTableListResponse, RouteEntry,
// NextHop; DescribeEnsRouteTablesResponse, RouteTable, RouteEntry), which
// the tests decode every answer with.
//
// Pagination is as documented. VpcPeer: MaxResults 1 to 100, default 20;
// NextToken opaque, absent on the last page; TotalCount counts every match.
// ListTagResources: MaxResults 1 to 50, default 50. ENS: PageNumber from 1,
// PageSize 10 to 100, default 10. Results are sorted by InstanceId.
//
// # Transient durations
//
// Each time a connection enters a transient status, how long it stays there
// is drawn from that transition's range in Config.Timing (emulator.Options
// AlibabaTiming; `peerctl emulate --timing`), from a source of the
// service's seeded by Generate's seed, so the same requests in the same
// order see the same durations. The documents describe the operations as
// asynchronous, to be polled with GetVpcPeerConnectionAttribute or
// DescribeNetworkPeerConnections, and give no durations, so every default
// is an assumption: three quarters to five quarters of the 5 s the emulator
// fixed before it drew them.
//
//	transition                       Timing field      default        source
//	VpcPeer Creating → Activated/    VpcPeerCreating   3.75s–6.25s    assumed; CreateVpcPeerConnection
//	  Accepting                                                        ("asynchronous", statuses named, no duration)
//	VpcPeer Updating → Activated     VpcPeerUpdating   3.75s–6.25s    assumed; AcceptVpcPeerConnection,
//	  (accept, modify)                                                 ModifyVpcPeerConnection: asynchronous
//	VpcPeer Deleting → Deleted       VpcPeerDeleting   3.75s–6.25s    assumed; DeleteVpcPeerConnection: asynchronous
//	VpcPeer Deleted → gone           VpcPeerDeleted    3.75s–6.25s    assumed
//	ENS Creating → Activated         ENSCreating       3.75s–6.25s    assumed; DescribeNetworkPeerConnections
//	                                                                   (seed 004) names the statuses only
//	ENS Deleting → gone              ENSDeleting       3.75s–6.25s    assumed
//
// The VpcPeer operation pages are
// https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpcpeer-2022-01-01-createvpcpeerconnection
// and its siblings. An unanswered cross-account request expires after
// seven days, as documented; that window is not drawn.
//
// # Rate limits
//
// The emulator (emulator.Start, unless Options.NoRateLimits) gives each
// VpcPeer API its published quota, counted per (region, action, parent
// account) as the cloud counts it (VpcPeerRateLimits; Service itself sets
// none). Every figure comes from one page, the VpcPeer 2022-01-01 API
// quota table, https://help.aliyun.com/zh/vpc/developer-reference/api-vpcpeer-2022-01-01-quota
// (English: https://www.alibabacloud.com/help/doc-detail/2963389.html),
// whose dimension column reads "regionId,API,ParentUid":
//
//	Action                          Quota          Burst (assumed)
//	CreateVpcPeerConnection         360 / 60 s     20
//	AcceptVpcPeerConnection         360 / 60 s     20
//	RejectVpcPeerConnection         360 / 60 s     20
//	ModifyVpcPeerConnection         360 / 60 s     20
//	DeleteVpcPeerConnection         360 / 60 s     20
//	GetVpcPeerConnectionAttribute   360 / 60 s     20
//	ListVpcPeerConnections          360 / 60 s     20
//	TagResources                    1000 / 60 s    20
//	UnTagResources                  1000 / 60 s    20
//	MoveResourceGroup               1000 / 60 s    20
//	ListTagResources                3000 / 60 s    50
//
// The page publishes no burst: the emulator's token bucket refills at the
// published rate and holds one second's calls, at least 20 (RateLimit.Limit),
// an assumption. A call over the limit is 400 Throttling.User. ENS
// publishes no quota for its peering APIs (none was found beside the
// DescribeNetworkPeerConnections page,
// https://www.alibabacloud.com/help/en/ens/developer-reference/api-ens-2017-11-10-describenetworkpeerconnections,
// which names none), so ENS has no limit unless a test sets one
// (fault.Injector.SetLimit with provider "alibaba-ens"), its route APIs
// included.
//
// The VPC route APIs (VPCRateLimits, fault provider "alibaba-vpc", with
// VpcPeer's) are counted the same way, from the VPC 2016-04-28 quota page,
// https://help.aliyun.com/zh/vpc/developer-reference/api-vpc-2016-04-28-quota
// (dimension "regionId,API,ParentUid"). Its rows for these four APIs could
// not be retrieved; the row of their sibling ModifyRouteEntry reads
// 300/60(s), and that figure is assumed for each:
//
//	Action                          Quota                 Burst (assumed)
//	DescribeRouteTableList          300 / 60 s (assumed)  20
//	DescribeRouteEntryList          300 / 60 s (assumed)  20
//	CreateRouteEntry                300 / 60 s (assumed)  20
//	DeleteRouteEntry                300 / 60 s (assumed)  20
//
// Faults: the handler is wrapped by the injector (provider "alibaba-vpc" or
// "alibaba-ens", operation = Action, account = the caller's UID, region =
// RegionId for VpcPeer and "" for ENS), which answers throttling as 400
// Throttling.User. List handlers also misbehave when the injector says so:
// fault.RepeatMarker answers with the NextToken it was given (on a first
// page, with a token that answers with itself forever); fault.EmptyPage
// answers a page before the last with no items (VpcPeer: with a NextToken
// that continues at the same place; ENS: with TotalCount intact);
// fault.ShiftItems serves the page, then adds a copy of its last connection
// with an ID sorting just before it, as a concurrent create would, so that
// the next page starts with an item already seen (the copy joins the same
// two VPCs or networks, which the one-connection-per-pair rules would refuse
// to a create). ENS has no tokens, so RepeatMarker does not apply to it.
//
// The pathologies that only exact de-duplication and progress checks
// survive are off unless a rule asks for them:
//
//   - fault.RepeatLater: a connection of this page comes again Rule.Lag
//     pages later (0: drawn from 3 to 6 by the injector's seed), or on the
//     page that would have been the last when the walk ends sooner. That
//     page holds one fresh connection fewer (never more than asked) and
//     the walk goes on from there, so nothing is lost. VpcPeer carries the
//     pending item in its tokens; ENS keeps it per query and page size,
//     shifting every later page one item earlier (the extra item may land
//     on a page past TotalCount, which stays the true count).
//   - fault.CycleTokens: from this page on the content starts again every
//     Rule.Cycle pages (0: 4; fewer when fewer pages remain). VpcPeer hands
//     a NextToken never seen before on every page and never ends; ENS
//     serves the cycle's pages, all full, for every page number past it.
//   - fault.TotalLow, fault.TotalHigh, fault.TotalMissing: the page's
//     TotalCount is half the true count, twice it plus the page size, or
//     absent (VpcPeer and ENS; ListTagResources has none).
//   - fault.ShortPages: the page holds at most Rule.PageCap items (0: half
//     of MaxResults or PageSize), and says so in MaxResults or PageSize.
//     VpcPeer's NextToken resumes after the short page; ENS counts page
//     numbers in pages of the cap, as a server with a smaller page size
//     does.
//
// ENS walk state is forgotten when a walk of the same query asks for page 1
// again. A walk that one of these faults made stateful is spared
// RepeatMarker, EmptyPage and ShiftItems. All draws come from the
// injector's seed, so a run is reproducible given the same request order.
//
// # Error codes and their sources
//
// Every code the service answers, besides the signature refusals above.
// EC is the VpcPeer error-code page,
// https://help.aliyun.com/zh/vpc/developer-reference/api-vpcpeer-2022-01-01-errorcodes
// (English: https://alibabacloud.com/help/en/vpc/developer-reference/api-vpcpeer-2022-01-01-errorcodes);
// AP is the AcceptVpcPeerConnection page, https://help.aliyun.com/zh/vpc/api-acceptvpcpeerconnection;
// WP is the project's wire-protocol reference (wire-protocols.md, kept beside the design),
// which records codes read from pages only partly retrievable. "Assumed"
// marks a code no document gives for the situation: the emulator needs
// some answer there and keeps one, to be replaced when a source is found.
//
//	Code                                     HTTP  When                                          Source
//	Throttling.User                          400   over a rate limit, or the throttle fault      WP §2.3 (common codes)
//	ServiceUnavailable, InternalError        503/500  the 5xx fault                              WP §2.3
//	InvalidAction.NotFound                   404   unknown Version or Action                     WP §2.3 (POP gateway); assumed status
//	InvalidParameter.Format                  400   Format other than JSON                        assumed (pattern of WP §2.3)
//	UnsupportedHTTPMethod                    400   a method other than GET or POST               assumed
//	MissingParameter                         400   a missing signing parameter or ENS parameter  WP §2.3, §4.2
//	DryRunOperation                          400   DryRun=true on a request that would succeed   EC
//	MissingParam.<Name>                      400   a missing VpcPeer parameter                   WP §2.3 (MissingParam.<Name>)
//	IllegalParam.<Name>                      400   a bad VpcPeer value (Name, Description,       EC (IllegalParam.%s)
//	                                               Bandwidth, LinkType, MaxResults, NextToken,
//	                                               ClientToken, VpcId, TagKey, TagValue)
//	ResourceNotFound.InstanceId              400   unknown connection ID                         AP; EC
//	IncorrectStatus.VpcPeer                  400   the connection's status forbids the action    AP; EC
//	IncorrectBusinessStatus.VpcPeer          400   accept, reject or modify while FinancialLocked  EC
//	Forbidden.NoPermission                   400   the accepting account modifies                EC
//	Conflict.Operation                       400   the conflict fault (fault.Conflict) on a write  EC
//	ResourceNotFound.VpcId,                  400   the requesting or accepting VPC is unknown    WP §3.5 names the pattern;
//	  ResourceNotFound.AcceptingVpcId                                                            the codes are assumed
//	ResourceAlreadyExist.VpcPeer             400   a create for a pair a connection holds        assumed (no document names the
//	                                                                                             rule or a code for it)
//	IdempotentParameterMismatch              400   a ClientToken reused with other parameters    assumed (WP §3.4: undocumented)
//	BothEmpty.TagsAndResources               400   ListTagResources with no ResourceId nor Tag   EC
//	Forbidden.TagKeys                        400   a tag key with a reserved prefix              EC
//	Forbidden.TagKey.Duplicated              400   one key twice in a request                    EC
//	InvalidTagKey, NumberExceed.Tags,        400   an empty tag key on a list; over 20 tags;     the tag API pages as first read;
//	  NumberExceed.ResourceIds,                    over 20 IDs; a ResourceType other than        not re-verified
//	  InvalidInstanceType.NotFound,                PeerConnection; a tagged ID not the caller's
//	  InvalidInstanceIds.NotFound
//	ResourceNotFound.VpcPeer                 400   MoveResourceGroup of an unknown or foreign ID  the MoveResourceGroup page as
//	OperationFailed.NotExist.ResourceGroup   400   a resource group ID of the wrong form          first read; not re-verified
//	InstanceNotFound.NetworkPeerConnection   400   ENS: unknown connection ID                    WP §4.2 (DeleteNetworkPeerConnection page)
//	IncorrectStatus.NetworkPeerConnection    400   ENS: the status forbids the action; the       WP §4.2
//	                                               conflict fault on an ENS write
//	InvalidParameter.<Name>                  400   ENS: a bad value (PageSize, Name, ...)        WP §4.2; PageSize WP §4.1 (inferred)
//	OperationDenied.NetworkPeerConnectionExists  400  ENS: a create for a pair that is peered    assumed (ENS create itself is
//	                                                                                             undocumented, WP §4.3)
//
// The route APIs (sources as above: TL, EL, CR, DR, DP, ET, EE, EC):
//
//	Code                                     HTTP  When                                          Source
//	MissingParameter                         400   a required VPC or ENS route parameter         CR; DR
//	IllegalParam.PageSize, .PageNumber,      400   DescribeRouteTableList paging or filter       assumed (TL names no
//	  .RouteTableType, .RouterType                 values out of range                           codes; EL's pattern)
//	IllegalParam.MaxResult                   400   MaxResult outside 1 to 100                    assumed (EL's pattern)
//	IllegalParam.NextToken                   400   a forged or foreign NextToken                 EL
//	IllegalParam.IpVersion,                  400   a bad IpVersion or RouteEntryType filter      EL
//	  IllegalParam.RouteEntryType
//	OperationFailed.FilterParamUnderWrongRouteType  400  RouteEntryId or RouteEntryName with    EL
//	                                               a RouteEntryType other than Custom
//	InvalidRouteTable.NotFound               400   DescribeRouteEntryList of an unknown table    EL
//	InvalidRouteTableId.NotFound             404   CreateRouteEntry or DeleteRouteEntry of a     CR; DR
//	                                               table not the caller's or not in RegionId
//	InvalidCidrBlock.Malformed               400   a destination that is no CIDR                 CR; DR
//	InvalidCidrBlock                         400   a destination in 100.64.0.0/10                CR
//	InvalidCIDRBlock.Duplicate               400   a destination the table already has           CR
//	QuotaExceeded                            400   a 201st custom route in a table               CR
//	InvalidNextHopType                       400   an undocumented next hop type                 CR
//	InvalidNextHop.NotFound                  400   a next hop type the emulator holds nothing    CR
//	                                               of (instances, gateways, ...)
//	ResourceNotFound.VpcPeer                 400   a VpcPeer next hop unknown, not the caller's  CR
//	                                               or not joining the table's VPC
//	IncorrectStatus.VpcPeer                  400   a VpcPeer next hop not Activated              CR
//	InvalidNexthopTypeAndList.BothNotNull    400   NextHopList (ECMP routes are not emulated)    CR
//	InvalidRouteEntryName.Malformed,         400   a bad RouteEntryName or Description           CR
//	  InvalidDescription.Malformed
//	TaskConflict                             400   the conflict fault on CreateRouteEntry or     CR; DR
//	                                               DeleteRouteEntry
//	ParamExclusive.RouteEntryIdAndRouteTableIdOrDestCidrBlock  400  RouteEntryId with           DR
//	                                               RouteTableId or DestinationCidrBlock
//	InvalidRouteEntryId.NotFound             400   DeleteRouteEntry of an unknown RouteEntryId;  DR; ENS: assumed (the
//	                                               DeleteEnsRouteEntry of one                    VPC code, ENS names none)
//	InvalidRouteEntry.NotFound               400   no route of the table has that destination    DR
//	                                               (and next hop)
//	OperationDenied                          400   deleting a system route (VPC and ENS)         DR; ENS assumed
//	OperationDenied.RouteEntryExist          400   DeleteVpcPeerConnection while routes point    DP (and the VpcPeer EC
//	                                               at the connection, without Force              page); WP §3.5
//	InvalidParameter.<Name>                  400   ENS: a bad PageSize, DestinationCidrBlock,    WP §4.2's pattern; PageSize
//	                                               NextHopType or NextHopId                      range EE
//	InvalidRouteTableId.NotFound             400   ENS: an unknown route table                   assumed (the VPC code)
//	InvalidCIDRBlock.Duplicate,              400   ENS: a destination the table has; a 201st     assumed (the VPC codes; ENS
//	  QuotaExceeded                                custom route                                  documents no error codes)
//
// Codes the emulator used before and replaced because no document names
// them: InvalidNextToken (now IllegalParam.NextToken) and
// OperationFailed.BandwidthCannotBeChangedInSameRegion (now
// IllegalParam.Bandwidth).
//
// # Choices where the documents are silent
//
//   - A VpcPeer connection shows in an account's List for a region when an
//     end of it is that account's and in that region; without RegionId, List
//     covers every region. Get, Accept, Reject, Modify and Delete find a
//     connection by ID for either account, whatever RegionId says.
//   - Only the requesting account may modify a connection (the accepting
//     one gets Forbidden.NoPermission), tag it (the tag APIs do not find
//     it for the accepting one: InvalidInstanceIds.NotFound) or move it to
//     another resource group (MoveResourceGroup answers the accepting one
//     ResourceNotFound.VpcPeer, as for an ID unknown or in another
//     region); either may delete it.
//   - Resource groups are not kept: any ID of the form rg-<lowercase
//     letters and digits> is taken to be one of the caller's, on create
//     and on MoveResourceGroup; another is
//     OperationFailed.NotExist.ResourceGroup.
//   - List's VpcId: one ID matches either end; two match the connection
//     between those two VPCs (the API metadata describes the filter as "by
//     both ends"); more is IllegalParam.VpcId. Tags.N given by key alone
//     match any value.
//   - Missing VpcPeer parameters are MissingParam.<Name>; bad values are
//     IllegalParam.<Name>, including MaxResults out of range. A tampered,
//     invented or foreign NextToken (one made for other filters) is 400
//     IllegalParam.NextToken. NextTokens are signed offsets into the result.
//   - Bandwidth on a same-region create is refused unless 0, which is
//     ignored (as live API reports say); a same-region modify of it is
//     IllegalParam.Bandwidth. LinkType other
//     than Gold is refused within a region. A modify that changes nothing
//     succeeds and starts no update.
//   - ClientToken is scoped to account and action and kept for the service's
//     life. The same token with the same parameters replays the first
//     success (a create returns the same InstanceId; the write is not
//     repeated); with different parameters it is 400
//     IdempotentParameterMismatch.
//   - Resource quotas (connections per VPC or account) are not emulated,
//     nor is Conflict.Operation from real concurrency: the conflict fault
//     (fault.Conflict) answers it on demand. The one-connection-per-pair rule is: tests that need
//     many connections add VPCs for them (AddVPC).
//   - ENS: EnsRegionId is the requesting network's node; either network may
//     be on any node. NetworkIds.N match either end; several match any of
//     them. A second create for the same pair of networks, in either order,
//     while one exists is 400 OperationDenied.NetworkPeerConnectionExists.
//     Missing ENS parameters are MissingParameter, bad ones
//     InvalidParameter.<Name> (PageSize out of range:
//     InvalidParameter.PageSize).
//   - STS credentials expire only when a test says so (ExpireSTSToken),
//     never by time; a SecurityToken sent with a long-term key is ignored.
//
// # Generated estates
//
// Generate gives every account three fixture VPCs in each VPC region and
// three fixture networks on each ENS node (distinct CIDRs; the third VPC has
// IPv6), never used by generated connections. With perRegion > 0 it adds
// pools of VPCs (a few with the console's default CIDRs, which overlap) and
// networks, and the connections: realistic IDs, names, descriptions, tags,
// resource groups; mostly Activated, some Accepting, Rejected, Expired,
// Creating, Updating, Deleting, Deleted and FinancialLocked; some across
// accounts and regions; never two holding one VPC or network pair.
// Generated statuses stay as generated until an action changes them, so an
// estate does not move under a test. The output depends only on the seed,
// the accounts and the arguments.
//
// The estate is routed too, from a random source of its own, so that the
// routing changes none of the IDs, blocks and statuses above: most active
// connections are routed both ways, some one way, some not at all, some
// for part of the far side's blocks (one of two, or half of one), some
// with a more specific route to an instance that shadows part of the far
// range, a few with a route through the connection that covers the near
// network's own range; and some connections that carry no traffic
// (Deleting, Deleted, Rejected, Expired, Creating, Updating, Accepting,
// FinancialLocked) keep a route pointing at them. ENS connections are
// routed the same way.
package aliyun
