package conformance

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/peeringkit/peering"
)

// HarnessMaker makes a fresh harness. [Run] calls it once for each group of
// checks, so that one group's connections, faults and elapsed backend time
// never leak into another's; it closes each harness when its group ends.
// A maker that cannot run (a live harness without credentials) calls t.Skip
// with the reason.
type HarnessMaker func(ctx context.Context, t *testing.T) (Harness, error)

// Harness binds an adapter to a backend (an emulator, or a live account) and
// gives the suite what it needs around it.
type Harness interface {
	// Peering returns an adapter for acct, bound to the region of
	// Networks().Local. Calls may return the same adapter each time.
	Peering(ctx context.Context, acct Account) (peering.Peering, error)

	// Networks returns the fixture networks connections are made between.
	Networks() Networks

	// Mutable reports whether the suite may create, change and delete
	// connections. When false only the read-only checks run.
	Mutable() bool

	// Advance lets d of backend time pass, so that transient statuses
	// settle: an emulator moves its clock at once, a live backend waits.
	Advance(ctx context.Context, d time.Duration) error

	// Faults returns the backend's fault injector, or nil when the backend
	// cannot inject faults (the fault checks are then skipped).
	Faults() FaultInjector

	// Requests returns how many requests the backend has received from the
	// harness's adapters so far, or -1 when it cannot tell (the "no request
	// sent" half of the invalid-input checks is then skipped).
	Requests() int64

	// Close releases the backend.
	Close() error
}

// Estater is the optional interface of a harness that can make connections
// without the API, for the checks that need an exact number of them (above
// all pagination). Without it those checks walk whatever the account holds.
type Estater interface {
	// Estate returns exactly n connections visible to account A, and how to
	// list them and nothing else. A later call may change or remove the
	// connections of an earlier one.
	Estate(ctx context.Context, n int) (Estate, error)
}

// Estate is a set of connections made for a check, and how to list exactly
// those.
type Estate struct {
	// Peering is account A's adapter to list the estate with. It may be
	// bound to a region of the estate's own, where nothing else lives.
	Peering peering.Peering
	// Filter selects exactly the estate's connections (usually by
	// NetworkID); the checks set its PageSize.
	Filter peering.Filter
	// IDs are the estate's connection IDs.
	IDs []string
}

// Networker is the optional interface of a harness that can add networks
// for a check. The RouteAnalysis group builds its fixture estate between
// fresh networks when the harness is one; without it, it uses the fixture
// networks of account A's region, which hold fewer of the estate's cases.
type Networker interface {
	// NewNetwork adds a network of acct in the region of Networks().Local
	// and returns it with its IPv4 blocks: it has no connections, only its
	// system routes, and blocks that overlap no other network of the
	// harness.
	NewNetwork(ctx context.Context, acct Account) (Network, error)
}

// SecretHolder is the optional interface of a harness that knows the
// credentials its adapters sign with. The suite then checks that no error an
// adapter returns contains any of them.
type SecretHolder interface {
	Secrets() []string
}

// Account names one of the two accounts of a harness.
type Account int

// The accounts.
const (
	AccountA Account = iota // the main account: the one the checks act as
	AccountB                // the other account: accepts or rejects A's offers
)

// String returns "A" or "B".
func (a Account) String() string {
	if a == AccountB {
		return "B"
	}
	return "A"
}

// Network is a fixture network (a VPC, or an ENS network).
type Network struct {
	ID        string
	Region    string // region, or ENS node
	AccountID string
	// IPv4CIDRs and IPv6CIDRs are the network's address blocks, nil when
	// the harness does not know them; the field checks compare the blocks
	// an adapter reports for the network with them.
	IPv4CIDRs, IPv6CIDRs []netip.Prefix
}

// Networks are the fixture networks. A zero Network means the backend has
// none of that kind, and the checks that need it are skipped. The fixtures
// must carry no connections when a group of checks starts: the checks create
// connections between them and count what results.
type Networks struct {
	Local        Network // account A's network in A's region
	SameRegion   Network // another network of A in the same region
	OtherRegion  Network // a network of A in another region
	OtherAccount Network // a network of account B in A's region
}

// FaultKind is a failure a backend can inject.
type FaultKind string

// The fault kinds. Each acts on one request; the adapter sees what a client
// of the real cloud would.
const (
	Throttle     FaultKind = "throttle"      // the cloud's throttling error
	ServerError  FaultKind = "5xx"           // HTTP 503 in the cloud's error shape
	Reset        FaultKind = "reset"         // the connection is reset before an answer
	Truncate     FaultKind = "truncate"      // the answer's body is cut short
	DropResponse FaultKind = "drop-response" // the request is carried out, then the connection drops
	Hang         FaultKind = "hang"          // no answer until the client gives up

	// Pagination pathologies, each acting on one page of a listing.
	RepeatLater  FaultKind = "repeat-later"  // an item of the page comes again a few pages later
	CycleTokens  FaultKind = "cycle-tokens"  // fresh tokens from here on, over content that starts again every few pages: endless
	TotalLow     FaultKind = "total-low"     // the page's announced total is below the truth
	TotalHigh    FaultKind = "total-high"    // the page's announced total is above the truth
	TotalMissing FaultKind = "total-missing" // the page announces no total
	ShortPages   FaultKind = "short-pages"   // the server caps the page below the size asked
)

// Op is an operation faults can be aimed at.
type Op string

// The operations faults can be aimed at: the cloud calls behind the
// interface methods of the same names.
const (
	OpList   Op = "List"
	OpGet    Op = "Get"
	OpCreate Op = "Create"
	OpDelete Op = "Delete"
)

// FaultInjector injects failures into the backend.
type FaultInjector interface {
	// Inject makes the next n requests for op fail with kind.
	Inject(op Op, kind FaultKind, n int) error
	// Pending returns how many injected faults have not fired yet; the
	// suite checks it is 0 so that a fault aimed wrong does not pass as
	// "recovered".
	Pending() int
	// Clear removes every injected fault that has not fired.
	Clear()
}
