package conformance

import (
	"fmt"
	"slices"
	"testing"

	"github.com/peeringkit/peering"
)

// transientFaults are the failures an adapter must ride out by retrying
// reads, as a cloud in production shows them now and then.
var transientFaults = []FaultKind{Throttle, ServerError, Reset, Truncate}

// faultsPerCall is how many requests in a row fail: more than one, so that a
// single retry is not enough, and well under the retry policy's attempts.
const faultsPerCall = 2

// checkFaults injects failures into the backend and checks that the adapter
// recovers from the transient ones with nothing lost or duplicated, and
// reports the persistent ones with the portable code.
func checkFaults(t *testing.T, e *env) {
	faults := e.h.Faults()
	if faults == nil {
		t.Skip("the harness cannot inject faults")
	}
	t.Cleanup(faults.Clear)
	size := max(e.caps.MinPageSize, 2)
	p, f := e.a, peering.Filter{PageSize: size}
	var want []string
	if est, ok := e.h.(Estater); ok {
		es := e.estate(t, est, 2*size+1) // three pages
		p, f, want = es.Peering, es.Filter, es.IDs
		f.PageSize = size
	} else {
		all, err := peering.Collect(e.ctx, p, f)
		e.noError(t, "List", err)
		want = ids(all)
	}
	for _, kind := range transientFaults {
		t.Run(fmt.Sprintf("List/%s", kind), func(t *testing.T) {
			inject(t, faults, OpList, kind, faultsPerCall)
			got, err := peering.Collect(e.ctx, p, f)
			e.noError(t, fmt.Sprintf("List with %d %s faults", faultsPerCall, kind), err)
			if msg := sameIDs(ids(got), want); msg != "" {
				t.Errorf("List with %d %s faults: %s", faultsPerCall, kind, msg)
			}
			fired(t, faults, "List")
		})
		t.Run(fmt.Sprintf("ListPage/%s", kind), func(t *testing.T) {
			// Faults in the middle of a walk: the token of the page before
			// them must still lead on.
			first, err := p.ListPage(e.ctx, f, "")
			e.noError(t, "the first ListPage", err)
			if first.Next == "" {
				t.Skipf("the %d connections fit on one page of %d; the pagination checks say whether that is right", len(want), size)
			}
			inject(t, faults, OpList, kind, faultsPerCall)
			rest, err := e.walk(e.ctx, p, f, first.Next, len(want), size)
			e.noError(t, fmt.Sprintf("ListPage walk with %d %s faults after the first page", faultsPerCall, kind), err)
			if msg := sameIDs(append(ids(first.Connections), rest...), want); msg != "" {
				t.Errorf("ListPage walk with %d %s faults after the first page: %s", faultsPerCall, kind, msg)
			}
			fired(t, faults, "ListPage")
		})
		t.Run(fmt.Sprintf("Get/%s", kind), func(t *testing.T) {
			if len(want) == 0 {
				t.Skip("no connection to get")
			}
			id := want[len(want)/2]
			before, err := p.Get(e.ctx, id)
			e.noError(t, "Get", err)
			inject(t, faults, OpGet, kind, faultsPerCall)
			got, err := p.Get(e.ctx, id)
			e.noError(t, fmt.Sprintf("Get(%q) with %d %s faults", id, faultsPerCall, kind), err)
			if d := diff(before, got); d != "" {
				t.Errorf("Get(%q) with %d %s faults differs from Get without (without -> with):\n%s", id, faultsPerCall, kind, d)
			}
			fired(t, faults, "Get")
		})
	}

	// Persistent failures outlast every retry and must surface with the
	// code that says what happened.
	for _, c := range []struct {
		op   Op
		kind FaultKind
		want peering.ErrorCode
	}{
		{OpGet, ServerError, peering.Unavailable},
		{OpList, Throttle, peering.ResourceExhausted},
	} {
		t.Run(fmt.Sprintf("Persistent/%s/%s", c.op, c.kind), func(t *testing.T) {
			if len(want) == 0 {
				t.Skip("no connection to get or list")
			}
			inject(t, faults, c.op, c.kind, 1000)
			var err error
			if c.op == OpGet {
				_, err = p.Get(e.ctx, want[0])
			} else {
				_, err = peering.Collect(e.ctx, p, f)
			}
			e.wantCode(t, fmt.Sprintf("%s failing with %s on every try", c.op, c.kind), err, c.want)
		})
	}

	t.Run("Pathologies", func(t *testing.T) { listPathologies(t, e, faults, p, f, want) })
	t.Run("Writes", func(t *testing.T) { writeFaults(t, e, faults) })
}

// listPathologies aims each pagination pathology at one page of a listing
// of want. Where the server's pages stay true to the listing (an item
// repeated later, a page capped below the size asked, a total missing or
// wrong), the listing must yield each connection exactly once; a wrong
// total may also end it with an Internal error after that, reporting the
// disagreement. Where the server never ends (fresh tokens over repeating
// content), the listing must end by itself with an Internal error, having
// yielded nothing twice and nothing foreign.
func listPathologies(t *testing.T, e *env, faults FaultInjector, p peering.Peering, f peering.Filter, want []string) {
	// Pages twice the smallest the API takes, so that a page capped to
	// half (the emulator's short page) is one the adapter can still ask for.
	f.PageSize = 2 * max(e.caps.MinPageSize, 2)
	for _, c := range []struct {
		kind    FaultKind
		endless bool
	}{
		{RepeatLater, false}, {ShortPages, false}, {TotalMissing, false},
		{TotalLow, false}, {TotalHigh, false}, {CycleTokens, true},
	} {
		t.Run(string(c.kind), func(t *testing.T) {
			inject(t, faults, OpList, c.kind, 1)
			var got []string
			var err error
			for conn, lerr := range peering.List(e.ctx, p, f) {
				if err = lerr; err != nil {
					break
				}
				got = append(got, conn.ID)
			}
			switch {
			case c.endless:
				e.wantCode(t, fmt.Sprintf("List through %s", c.kind), err, peering.Internal)
				seen := map[string]bool{}
				for _, id := range got {
					if seen[id] || !slices.Contains(want, id) {
						t.Errorf("List through %s yielded %s twice or from outside the listing", c.kind, id)
					}
					seen[id] = true
				}
			case err != nil && (c.kind == TotalLow || c.kind == TotalHigh):
				e.wantCode(t, fmt.Sprintf("List through %s", c.kind), err, peering.Internal)
				fallthrough
			default:
				if err != nil && c.kind != TotalLow && c.kind != TotalHigh {
					t.Fatalf("List through %s: %v", c.kind, err)
				}
				if msg := sameIDs(got, want); msg != "" {
					t.Errorf("List through %s: %s", c.kind, msg)
				}
			}
			fired(t, faults, fmt.Sprintf("List through %s", c.kind))
		})
	}
}

// inject injects n faults of kind on op, removed when t ends, and skips t
// when the harness cannot inject them.
func inject(t *testing.T, faults FaultInjector, op Op, kind FaultKind, n int) {
	t.Helper()
	t.Cleanup(faults.Clear)
	if err := faults.Inject(op, kind, n); err != nil {
		t.Skipf("the harness cannot inject %s on %s: %v", kind, op, err)
	}
}

// fired fails t unless every injected fault has fired (one aimed at the
// wrong operation would let the check pass without testing anything), then
// clears them, so that what the check does next runs without faults.
func fired(t *testing.T, faults FaultInjector, what string) {
	t.Helper()
	if n := faults.Pending(); n != 0 {
		t.Errorf("%s: %d injected fault(s) did not fire; the check proved nothing", what, n)
	}
	faults.Clear()
}

// writeFaults checks creates and deletes whose requests fail once: the
// adapter must retry them safely (creates with one idempotency token for
// all attempts), so that exactly one connection results and is the one
// returned, and a delete whose answer was lost still ends in deletion.
func writeFaults(t *testing.T, e *env, faults FaultInjector) {
	l, s := e.nets.Local, e.nets.SameRegion
	switch {
	case !e.h.Mutable():
		t.Skip("the harness is read-only")
	case !e.caps.Create || !e.caps.Delete:
		t.Skip("the provider cannot both create and delete connections (Capabilities)")
	case l.ID == "" || s.ID == "":
		t.Skip("the harness has no Local and SameRegion fixture networks")
	}
	for _, kind := range []FaultKind{DropResponse, ServerError, Throttle, Reset} {
		t.Run(fmt.Sprintf("Create/%s", kind), func(t *testing.T) {
			req := e.request(peering.CreateRequest{Name: name("fault"), LocalNetworkID: l.ID, PeerNetworkID: s.ID})
			inject(t, faults, OpCreate, kind, 1)
			id, err := e.a.Create(e.ctx, req)
			fired(t, faults, "Create")
			after := e.between(t, l.ID, s.ID)
			for _, got := range after {
				e.cleanup(t, e.a, got)
			}
			e.noError(t, fmt.Sprintf("Create with one %s fault", kind), err)
			if len(after) != 1 || after[0] != id {
				t.Fatalf("Create with one %s fault returned %s, and networks %s and %s have connections %v; want exactly that one",
					kind, id, l.ID, s.ID, after)
			}
			e.mustWait(t, e.a, id, peering.StatusActive)
			e.deleteAndWait(t, e.a, id)
		})
	}
	for _, kind := range []FaultKind{DropResponse, ServerError} {
		t.Run(fmt.Sprintf("Delete/%s", kind), func(t *testing.T) {
			req := e.request(peering.CreateRequest{Name: name("fault"), LocalNetworkID: l.ID, PeerNetworkID: s.ID})
			id := e.create(t, e.a, req)
			e.mustWait(t, e.a, id, peering.StatusActive)
			inject(t, faults, OpDelete, kind, 1)
			e.noError(t, fmt.Sprintf("Delete(%q) with one %s fault", id, kind), e.a.Delete(e.ctx, id))
			fired(t, faults, "Delete")
			e.mustWait(t, e.a, id, peering.StatusDeleted)
		})
	}
}
