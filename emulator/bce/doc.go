// Package bce emulates Baidu AI Cloud's VPC peering API (/v1/peerconn) and
// the VPC detail and list calls (GET /v1/vpc/{vpcId}, GET /v1/vpc with
// marker, maxKeys up to 1000, isDefault and vpcIds) and the route table calls
// (GET /v1/route, POST /v1/route/rule, DELETE /v1/route/rule/{id}, GET
// /v1/route/rule) over plain HTTP, so that the
// Baidu adapter, bce-sdk-go's vpc client and users' own tools run against
// it with no cloud account.
//
// Make a Service, add accounts and VPCs (or Generate an estate), and serve
// one handler per region; clients sign with the accounts' keys:
//
//	svc := bce.New(bce.Config{Clock: clk, Faults: faults})
//	svc.AddAccount(bce.Account{ID: "75c14a23…", AccessKeyID: ak, SecretAccessKey: sk})
//	_ = svc.Generate(1, 50, []string{"bj", "gz"})
//	srv := httptest.NewServer(svc.Handler("bj"))
//	client, _ := vpc.NewClient(ak, sk, srv.URL)
//
// Tests move time with the clock (transient statuses last seconds, drawn
// from Config.Timing's ranges, DefaultTiming unless set; an unanswered
// cross-account request fails after ConsultWindow), inject faults with the fault.Injector, and
// inspect or seed the world with PeerConns, VPCs and Seed.
//
// # What is emulated
//
//   - Every request is signed with bce-auth-v1 and verified against the
//     wall clock (never the emulated one): unknown key 403
//     InvalidAccessKeyId; bad signature 400 SignatureDoesNotMatch; malformed
//     header 400 InvalidHTTPAuthHeader; timestamp + expireSeconds passed,
//     or more than 30 minutes from the server's time (the auth timestamp or
//     x-bce-date), 400 RequestExpired. Exactly the listed signedHeaders are
//     verified, host being r.Host; an empty list means the SDK's default
//     set. x-bce-security-token is accepted (signed like any x-bce-*
//     header) and not otherwise checked. A Content-Md5 that does not match
//     the body is 400 BadDigest.
//   - The routes, bare query flags (parsed with url.ParseQuery, any order)
//     and bodies of the wire protocol; actions answer 200 with an empty
//     body; every answer carries x-bce-request-id; errors are
//     {"requestId","code","message"}.
//   - The create rules: same-region connections are Postpaid only; one
//     connection per VPC pair in either order (releasing ones do not count);
//     the two VPCs differ; two relay VPCs cannot peer; quotas of MaxPerVPC
//     per VPC (either end) and MaxPerAccount per account and region;
//     peerIfName only within one account; the local VPC must be the
//     caller's in the listener's region, the peer VPC must exist in
//     peerRegion and in peerAccountId's account (the caller's when absent).
//   - Statuses, computed from the clock when read: same-account create
//     creating → active; cross-account creating → consulting, then accept
//     (acceptor only) starting → active, reject consult_failed, or
//     consult_failed after ConsultWindow unanswered; update and resize
//     updating → the previous status; delete deleting → deleted → gone
//     (NoSuchObject). A prepaid connection whose expiredTime has passed is
//     expired until renewed. DNS sync: open wait → syncing → open; close
//     closing → close.
//   - Role rules: on a cross-account connection only the initiator may
//     delete, resize, renew, refund or change delete protection, and only
//     the acceptor may accept or reject (while consulting). Delete is
//     refused under delete protection and for an active, unexpired prepaid
//     connection; resize of a prepaid connection only grows; only prepaid
//     ones renew.
//   - Idempotency: a clientToken is remembered per account across regions
//     for TokenTTL of emulated time after its last use; the same token with
//     the same request (region, method, path, query, body) answers the
//     original result, with another request 403 IdempotentParameterMismatch.
//   - Marker pagination: maxKeys 1–1000, default 1000 (anything else 400
//     InvalidURI); the marker is a connection ID, a page holds the
//     connections whose IDs sort at or after it; marker echoes the request
//     (or names a first page's first item) and is absent on an empty page;
//     nextMarker is present only when isTruncated. Lists read a sorted
//     index per account and region, and per VPC for vpcId.
//   - Faults: the handler is wrapped with the fault injector under provider
//     "baidu" and the Op* operation names; List also honours RepeatMarker
//     (on a page with a next one: nextMarker = the page's own marker),
//     EmptyPage (when items remain: no items, truncated, and a next marker
//     that differs from the request's yet resumes at the same item) and
//     ShiftItems
//     (on pages with a marker: a new connection is inserted before the
//     marker, as a racing create; with key markers the walk neither repeats
//     nor skips, and it does not see the new connection).
//   - Pathologies that only exact de-duplication and progress checks
//     survive, off unless a rule asks for them: RepeatLater (a connection
//     of this page comes again Rule.Lag pages later, 0 drawn from 3 to 6,
//     or on the page that would have been the last; that page holds one
//     fresh connection fewer and nothing is lost), CycleTokens (from this
//     page on every nextMarker is new but the content starts again every
//     Rule.Cycle pages, 0 meaning 4: the walk never ends) and ShortPages
//     (the page holds at most Rule.PageCap connections, 0 meaning half of
//     maxKeys, and says so in maxKeys; nextMarker resumes after it). The
//     API reports no total, so the TotalCount kinds do not apply. A
//     marker is a sort key and cannot carry a walk's state, so the first
//     two hand out fresh markers of their own (the key of the item before
//     the next page, "-" and a serial number: it resumes where a key would)
//     and remember the state under them, the latest 65,536 of them; such
//     a walk is spared RepeatMarker, EmptyPage and ShiftItems.
//   - Route tables: every VPC has one (its system table; GET /v1/route
//     answers one table, as bce-sdk-go's GetRouteTableResult holds one),
//     made with the VPC under an ID derived from the VPC's, with a system
//     rule per block of the VPC (source 0.0.0.0/0 or ::/0, nexthopType
//     "system", nexthopId "local", description "default"). GET /v1/route
//     takes vpcId or routeTableId (either; both must name the same table;
//     neither is 400 InvalidURI); the table is the caller's VPC's in the
//     listener's region, anything else NoSuchObject. POST /v1/route/rule
//     (clientToken optional, idempotent as above) applies the create
//     document's rules: sourceAddress 0.0.0.0/0 or inside the VPC;
//     destinationAddress not overlapping the VPC's blocks unless it is
//     0.0.0.0/0; no two rules with the same source and destination; and
//     the quota of MaxRouteRules custom rules per table. nexthopType is one
//     of bce-sdk-go's NEXTHOP_TYPE_* values; a peerConn next hop is the
//     interface (localIfId, "qpif-…") of a peering connection's end on this
//     VPC, as bce-sdk-go's doc/VPC.md says, in any status but gone; other
//     next hops are not modelled and any ID is taken. nextHopList
//     (multi-path dedicated-line rules) is refused. DELETE
//     /v1/route/rule/{id} removes a custom rule (a system rule is refused).
//     GET /v1/route/rule pages a table's rules in rule ID order with marker
//     and maxKeys (1–1000), by vpcId or routeTableId, not both.
//   - Rules through a peering outlive it: the documents do not say what
//     becomes of them, and the emulator keeps them, pointing at an interface
//     that no longer exists (an assumption).
//   - Generate routes the estate from a random stream of its own (so that
//     every generated ID, block and status is what it was without routes):
//     most active connections both ways, some one way, some neither, a few
//     half of the far block on one side, a few with a more specific rule to
//     an instance inside the far block, a few with 0.0.0.0/0 through the
//     connection; a third of the connections that carry nothing keep a rule;
//     a few VPCs keep a rule to a peering deleted long ago; a fifth route
//     0.0.0.0/0 to a NAT gateway. Fixture VPCs have only their system rules.
//
// # Transient durations
//
// Each time a connection (or an end's DNS sync) enters a transient status,
// how long it stays there is drawn from that transition's range in
// Config.Timing (emulator.Options BaiduTiming; `peerctl emulate --timing`),
// from a source of the service's seeded by Generate's seed, so the same
// requests in the same order see the same durations. The create document
// (seed 002) and the SDK guide (seed 003) name the statuses (creating,
// consulting, starting, updating, deleting, deleted; DNS wait, syncing,
// closing) but give no durations, so every default is an assumption: three
// quarters to five quarters of the duration the emulator fixed before it
// drew them.
//
//	transition                        Timing field   default         source
//	creating → active / consulting    Creating       2.25s–3.75s     assumed
//	starting → active (accept, renew) Starting       1.5s–2.5s       assumed
//	updating → previous (update,      Updating       1.5s–2.5s       assumed
//	  resize)
//	deleting → deleted                Deleting       2.25s–3.75s     assumed
//	deleted → gone (NoSuchObject)     Deleted        7.5s–12.5s      assumed
//	DNS wait → syncing                DNSWait        1.5s–2.5s       assumed
//	DNS syncing → open                DNSSync        2.25s–3.75s     assumed
//	DNS closing → close               DNSClosing     2.25s–3.75s     assumed
//
// The consulting window (ConsultWindow, 7 days) is documented (the
// "process peer connection application" page) and not drawn.
//
// # Rate limits
//
// Baidu publishes no rate limit for the VPC peering or VPC APIs: neither
// the peering documents (the list, create and SDK guide pages) nor the VPC
// API reference name one, nor the throttling error's code. So the service
// sets none; a test sets one with fault.Injector.SetLimit("baidu", Op...),
// and a call over it is answered 429 RequestRateLimitExceeded, the code
// BCE services use for throttling (an assumption for VPC).
//
// # Error codes and their sources
//
// CT is BCE's common error table on the VPC API's "Public Header and Error
// Return" page, https://intl.cloud.baidu.com/doc/VPC/s/sjwvyuhe7-en (the
// same table as bce-sdk-go bce/error.go). The peering documents name no
// code of their own: the rules they state (status, delete protection,
// prepaid terms, one connection per pair, relay VPCs, quotas) need some
// answer, and the emulator keeps the codes below for them, marked assumed,
// under names that say what they are. A client should classify them by
// HTTP status as well as by code.
//
//	Code                         HTTP  When                                              Source
//	AccessDenied                 403   no Authorization header; an operation reserved    CT
//	                                   to the other end; a role naming another account
//	InvalidAccessKeyId           403   unknown access key                                CT
//	InvalidHTTPAuthHeader        400   malformed Authorization or x-bce-date             CT
//	SignatureDoesNotMatch        400   bad signature                                     CT
//	RequestExpired               400   a stale or future timestamp                       CT
//	BadDigest                    400   Content-Md5 does not match the body               assumed (BOS's code for it)
//	MalformedJSON                400   a body that is not JSON                           CT
//	InappropriateJSON            400   a body value of the wrong type, a required body   CT ("a required item is missing,
//	                                   item missing or a body value out of its range     or the value type is not matched")
//	InvalidURI                   400   unknown path; a query parameter the service does  CT for the path; assumed for query
//	                                   not accept (maxKeys, role, isDefault,             values (the nearest common code)
//	                                   clientToken missing or malformed, two actions)
//	MethodNotAllowed             405   a method the path does not serve                  assumed (HTTP's own name)
//	NoSuchObject                 404   unknown or invisible connection or VPC            the VPC page's error example; status assumed
//	IdempotentParameterMismatch  403   a clientToken reused for another request          assumed (not in CT; the name other
//	                                                                                     BCE services use)
//	InternalError                500   an emulator bug; the 5xx fault (500)              CT
//	ServiceUnavailable           503   the 5xx fault                                     assumed (the Alibaba name; BCE publishes none)
//	RequestRateLimitExceeded     429   a rate limit set by a test; the throttle fault    assumed (BCE services' throttling code)
//	PeerConnStatusConflict       409   the status (or DNS status) forbids the            assumed
//	                                   operation; the conflict fault on a write
//	PeerConnDeleteProtected      409   delete or refund under delete protection          assumed
//	PrepaidPeerConnNotExpired    409   delete of an active, unexpired prepaid            assumed (the delete document states
//	                                   connection                                        the rule, not a code)
//	PeerConnAlreadyExists        409   a create for an already peered pair               assumed (rule: create document)
//	RelayVpcPeerConnNotAllowed   400   two relay VPCs                                    assumed (rule: create document)
//	PeerConnQuotaExceeded        400   a quota (MaxPerVPC, MaxPerAccount)                assumed
//	RouteRuleAlreadyExists       409   a rule with the source and destination of an      assumed (rule: "创建路由规则",
//	                                   existing rule of the table                        intl.cloud.baidu.com/en/doc/VPC/s/Ljwvyugpl-intl-en)
//	RouteRuleDestinationOverlapsVpc 400 a destination overlapping the VPC's block         assumed (rule: the same document)
//	RouteRuleQuotaExceeded       400   a table holding MaxRouteRules custom rules        assumed (quota: the route table FAQ, 50)
//	SystemRouteRuleNotDeletable  400   delete of a system rule                           assumed (rule: the route table document,
//	                                                                                     intl.cloud.baidu.com/en/doc/VPC/s/jjwvytyw0-intl-en)
//
// A bad route rule body (no routeTableId, a block that does not parse or has
// host bits, a source outside the VPC, an unknown nexthopType, a peerConn
// nexthopId that is not the interface of a peering of the VPC) is 400
// InappropriateJSON, as other bad bodies are; an unknown or foreign table
// or rule is 404 NoSuchObject. The route calls have no status to conflict
// with: the conflict fault does not apply to them.
//
// InvalidParameter, which the emulator answered for every bad input, is
// gone: no Baidu document names it.
//
// # Choices where the documents are silent
//
//   - Visibility: a caller sees a connection at a region's endpoint when it
//     owns an end in that region; anything else is NoSuchObject. A
//     cross-account connection is listed for both accounts with opposite
//     roles; a connection within one account and region is listed once,
//     from the initiator's side, and a same-account connection across
//     regions once in each region, from that region's end. With vpcId a
//     list shows connections from the end on that VPC (an unknown or
//     foreign VPC gives an empty list).
//   - Get without role, of a connection whose two ends are both in the
//     listener's region, answers from either end, as the documents say
//     ("at random"): the end is drawn from the service's generator, so the
//     same seed (Generate's, or the fixed one of New) and the same requests
//     give the same answers. That holds across accounts too: a role-less
//     Get may show the other account's end (its local* fields, interface,
//     remark and DNS status), which is the documented behaviour read
//     literally, so that a client that forgets role sees the wrong end.
//     Without role, a connection across regions answers from the caller's
//     end in the listener's region. With role, the named end answers.
//   - A role naming an end of another account is 403 AccessDenied (an
//     assumption: the documents do not say); a role naming the caller's end
//     in another region answers from that end. DNS sync requires role and
//     acts on that end, which the caller must own.
//   - List items are each connection's caller's end in the listener's
//     region: role and local* fields describe it (the initiator's end when
//     the caller owns both there, or, with vpcId, the end on that VPC).
//   - Per-end facts: the description and interface name belong to each
//     end (create sets the description on both; Update changes the
//     caller's end named by localIfId); so does the DNS status. Tags belong
//     to the initiator's account: the acceptor of a cross-account
//     connection sees none. When no localIfName is given the name is empty.
//   - Update and resize are allowed while active or consulting; delete
//     while active, down, consulting, consult_failed, expired or error;
//     renew while active or expired (an expired one starts again); DNS open
//     only from close, close from open or wait.
//   - A create without clientToken (or with an empty one) is 400
//     InvalidURI: the create document marks it required and names no
//     code. The other writes take it optionally, as their documents say.
//     Only successful requests are remembered.
//   - A peerAccountId equal to the caller's own ID is a same-account
//     request, not an error.
//   - Refund (PUT ?refund, which the SDK offers and no document describes)
//     releases a prepaid connection like delete, whatever its term: the
//     initiator only, not under delete protection.
//   - Prepaid terms are counted from creation (expiredTime = createdTime +
//     reservationLength months; units: month; lengths 1–9, 12, 24, 36);
//     renewal extends from expiredTime, or from now once expired.
//   - The system rules' nexthopType "system" and nexthopId "local" are the
//     shape Baidu's BEC route table document shows
//     (https://cloud.baidu.com/doc/BEC/s/Hl1ah7b0u); the VPC documents show
//     no system rule. The route rule quota is the FAQ's 50 per table, not a
//     published code.
//   - Quotas count only connections created through the API: generated and
//     seeded ones neither obey nor consume them, so a large estate does not
//     block a test's own creates.
//   - Times are sent as "YYYY-MM-DD HH:MM:SS" in China Standard Time
//     (UTC+8); the VPC API's createdTime is ISO 8601 UTC.
//   - Generate is deterministic for a seed: IDs, CIDRs, names and
//     timestamps come from a PCG source and fixed instants (connections
//     created in the 900 days before 2025-06-01; prepaid terms meant to be
//     in force end after 2030-01-01). Consulting connections get a 1–6 day
//     acceptance window and transient statuses (starting, updating,
//     deleting) start at the emulated time of generation. Every account
//     gets FixtureVPCs fixture VPCs per region that no generated connection
//     touches.
package bce
