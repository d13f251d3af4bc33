// Package conformance is the test suite every adapter of [peering.Peering]
// runs, modelled on Go CDK's drivertest: one set of checks, written against
// the interface, that tells whether an adapter keeps the interface's
// promises on its backend.
//
// An adapter runs it from its own test file with a [HarnessMaker]. A
// [Harness] makes the adapter bound to a backend (an emulator or a live
// account), names fixture networks to create connections between, lets
// backend time pass, and says what the backend can do: inject faults, count
// requests, make exact estates ([Estater]). The adapters of this module use
// the emulator's harness from the emulatorharness sub-package:
//
//	func TestConformance(t *testing.T) {
//		conformance.Run(t, emulatorharness.New(emulatorharness.Config{
//			Provider: peering.Baidu,
//			New: func(tg emulatorharness.Target) (peering.Peering, error) {
//				return baidu.New(baidu.Options{ /* tg's account, region and endpoint */ })
//			},
//		}))
//	}
//
// An adapter for another cloud implements Harness over its own backend,
// and [RunLive] runs the suite on a real account when the environment asks
// for it (PEERING_LIVE=1, see [LiveConfig]).
//
// # Checks
//
// [Run] runs each group of checks as a named subtest, on a harness of its own:
//
//   - Capabilities: Capabilities is coherent, and each operation it denies
//     answers Unimplemented without a request.
//   - Pagination: ListPage walks with page sizes from 1 to the maximum (and
//     0, the default) over 0, 1, page-1, page, page+1 and 3·page+1
//     connections yield each connection exactly once in pages no larger than
//     asked, and [peering.List] agrees. PEERING_CONFORMANCE_FULL=1 walks
//     every page size instead of a representative set.
//   - GetMatchesList: Get returns, field by field, the record a listing
//     returned, seen from either account.
//   - NotFound: an unknown ID is NotFound for Get, Update, Accept and Reject,
//     and deleting it is not an error.
//   - InvalidArgument: bad input is InvalidArgument, with no request sent.
//   - Fields: each field of Connection and Endpoint has a subtest that
//     checks its one definition (the field's doc comment) on a sample of
//     both accounts' listings and, where writes are allowed, on connections
//     the suite makes with known inputs: Name and Description as given,
//     Requester the creator's network and Accepter the one asked, Role and
//     Own/Other by account, Status by meaning (an accepted offer becomes
//     active), Bandwidth as asked, TermEndsAt and AcceptBy only where the
//     capability and the moment allow, UTC times, valid CIDR blocks that
//     match the network's. TwoAccounts checks that account A's and B's
//     views of one connection agree on every field but Role and the
//     per-side ones (Tags, ResourceGroupID, Attributes, Raw); Decided fails
//     while any field of the model lacks a check or that decision.
//   - Cancellation: calls with an ended context fail at once, a listing
//     canceled between pages stops, a hung request is abandoned promptly.
//   - Routes (Capabilities.Routes): the adapter is a peering.RouteReader and
//     RouteWriter; a fixture network's tables read, an unknown network is
//     NotFound, bad input InvalidArgument with no request, a canceled call
//     Canceled; on a mutable harness a route through an active connection
//     to the far network's block is added, listed through it, refused when
//     repeated (AlreadyExists), deleted, and deleted again without error.
//     Without Capabilities.Routes, any route call the adapter has must
//     answer Unimplemented with no request, and the group says so.
//   - RouteAnalysis (Capabilities.Routes, mutable harness): a fixture
//     estate built through the adapter (connections routed both ways, one
//     way, not at all, in part, shadowed by a more specific route, routed
//     into their own range, and deleted under their routes) is read back
//     with List and RouteTables, and inventory.AnalyzeRoutes must report
//     exactly the routing findings the estate was built to produce, each
//     for its connection and naming its routes and blocks. A harness that
//     is a [Networker] gives each case fresh networks.
//   - Lifecycle: connections are created, found by every filter, updated,
//     accepted or rejected by the other account, deleted and waited out.
//   - IdempotentCreate: two creates with one ClientToken make one connection.
//   - Faults: throttling, 5xx, resets, truncated and dropped responses are
//     ridden out with nothing lost or duplicated, and persistent ones
//     surface with the portable code.
//
// Mutating groups run only when Harness.Mutable says so; checks that need
// something the provider or the backend lacks skip with the reason.
//
// Every error an adapter returns is also checked: a *peering.Error naming
// the provider, with a code other than Unknown, and no secret of the
// harness's credentials in its text.
package conformance
