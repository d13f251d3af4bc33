// Package docserver provides scriptable HTTP servers that speak each cloud
// API's list wire format as the API documents describe it, for hostile
// tests of the adapters: pages that repeat connections far apart, tokens
// that are fresh while the content loops, totals that lie or are missing,
// pages shorter than asked, bodies that never end.
//
// The servers are written from the documents (the list answers of Baidu
// GET /v1/peerconn, Alibaba VpcPeer ListVpcPeerConnections and Alibaba ENS
// DescribeNetworkPeerConnections, the few calls the adapters make around
// them, and the route-table reads, see [RouteConfig]), not from the emulator in this module: a test against them
// checks the adapter against what the cloud says it does, not against our
// own reading of it twice.
//
// What a list request returns is decided by a [Script]: [Pages] serves a
// fixed list of pages, [Listing] pages a set of connections the way an
// honest server does (at its own page-size cap if it has one), and [Walk]
// generates pages without end. Knobs in [Config] make the body huge or
// endless, and every server counts the requests it answered, so tests can
// assert request budgets without measuring time.
//
// The servers do not verify signatures (bce-auth-v1 for Baidu, Alibaba
// RPC signature v1): they accept any Authorization header or Signature
// parameter. Signing is tested elsewhere against published vectors; here
// only the answers matter.
package docserver
