package emulatorharness

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/conformance"
	"github.com/peeringkit/peering/emulator/bce"
	"github.com/peeringkit/peering/emulator/fault"
)

// operations names, per provider, the cloud call behind each operation the
// suite aims faults at, as the emulator reports it to its injector. ENS has
// no get: Get describes by InstanceId, the same call as a listing.
var operations = map[peering.Provider]map[conformance.Op]string{
	peering.Baidu: {
		conformance.OpList:   bce.OpListPeerConn,
		conformance.OpGet:    bce.OpGetPeerConn,
		conformance.OpCreate: bce.OpCreatePeerConn,
		conformance.OpDelete: bce.OpDeletePeerConn,
	},
	peering.AlibabaVPC: {
		conformance.OpList:   "ListVpcPeerConnections",
		conformance.OpGet:    "GetVpcPeerConnectionAttribute",
		conformance.OpCreate: "CreateVpcPeerConnection",
		conformance.OpDelete: "DeleteVpcPeerConnection",
	},
	peering.AlibabaENS: {
		conformance.OpList:   "DescribeNetworkPeerConnections",
		conformance.OpGet:    "DescribeNetworkPeerConnections",
		conformance.OpCreate: "CreateNetworkPeerConnection",
		conformance.OpDelete: "DeleteNetworkPeerConnection",
	},
}

// kinds maps the suite's fault kinds to the emulator's. A hang is a latency
// longer than any test: the emulator gives up on it when the client does.
var kinds = map[conformance.FaultKind]fault.Kind{
	conformance.Throttle:     fault.Throttle,
	conformance.ServerError:  fault.ServerError,
	conformance.Reset:        fault.Reset,
	conformance.Truncate:     fault.Truncate,
	conformance.DropResponse: fault.DropResponse,
	conformance.Hang:         fault.Latency,
	conformance.RepeatLater:  fault.RepeatLater,
	conformance.CycleTokens:  fault.CycleTokens,
	conformance.TotalLow:     fault.TotalLow,
	conformance.TotalHigh:    fault.TotalHigh,
	conformance.TotalMissing: fault.TotalMissing,
	conformance.ShortPages:   fault.ShortPages,
}

// shows reports whether provider p's API can show pathology k on op: a
// pagination pathology only on the listing, and a total only where the API
// announces one.
func shows(p peering.Provider, op conformance.Op, k fault.Kind) bool {
	if !slices.Contains(fault.Pathologies(), k) {
		return true
	}
	if op != conformance.OpList {
		return false
	}
	for _, r := range fault.ListPathologies(string(p), 1) {
		if r.Kind == k {
			return true
		}
	}
	return false
}

const hang = time.Hour

// injector is the suite's FaultInjector over the emulator's. The emulator
// counts fired faults by kind; the injector remembers what it added and the
// counts when it did, to tell how many have not fired.
type injector struct {
	in       *fault.Injector
	provider peering.Provider

	mu      sync.Mutex
	added   map[fault.Kind]int // injected since the last Clear
	firedAt map[fault.Kind]int // Fired() when the first of each kind was injected
}

func newInjector(in *fault.Injector, p peering.Provider) *injector {
	return &injector{in: in, provider: p, added: map[fault.Kind]int{}, firedAt: map[fault.Kind]int{}}
}

func (i *injector) Inject(op conformance.Op, kind conformance.FaultKind, n int) error {
	operation, ok := operations[i.provider][op]
	if !ok {
		return fmt.Errorf("emulatorharness: no %s operation for %s", i.provider, op)
	}
	k, ok := kinds[kind]
	if !ok {
		return fmt.Errorf("emulatorharness: the emulator has no fault %q", kind)
	}
	if !shows(i.provider, op, k) {
		return fmt.Errorf("emulatorharness: %s's %s cannot show %q", i.provider, op, kind)
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	if _, seen := i.added[k]; !seen {
		i.firedAt[k] = i.in.Fired()[k]
	}
	i.added[k] += n
	r := fault.Rule{Provider: string(i.provider), Operation: operation, Kind: k, Count: n}
	if k == fault.Latency {
		r.Latency = hang
	}
	i.in.Add(r)
	return nil
}

func (i *injector) Pending() int {
	i.mu.Lock()
	defer i.mu.Unlock()
	fired := i.in.Fired()
	pending := 0
	for k, n := range i.added {
		pending += max(0, n-(fired[k]-i.firedAt[k]))
	}
	return pending
}

func (i *injector) Clear() {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.in.Clear()
	clear(i.added)
	clear(i.firedAt)
}
