package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/inventory"
	"github.com/peeringkit/peering/targets"
)

// collectJob is what the child that runs inventory.Collect is given.
type collectJob struct {
	Targets     []targetSpec `json:"targets"`
	Concurrency int          `json:"concurrency"`
	// ClockOffset is the emulator's clock minus the wall clock, so that
	// the inventory judges expiry and staleness on the emulated time.
	ClockOffset time.Duration `json:"clockOffset"`
	// CPUProfile, when set, is the file the child writes its CPU profile to.
	CPUProfile string `json:"cpuProfile,omitempty"`
	// Peerctl, for the childPeerctl mode, is the peerctl run to launch.
	Peerctl *peerctlJob `json:"peerctl,omitempty"`
}

// result is what one run of a lister measured.
type result struct {
	targets map[string]targetResult // by target name
	// listing is when the last target finished listing; wall is when the
	// lister returned (for ours, merging and analysis included).
	listing, wall time.Duration
	// requests counted by the lister, and those the emulator received and
	// the throttling answers it sent while the lister ran.
	requests, emulatorRequests int64
	throttled                  int
	connections                int // distinct connections found
	// usage is the child process's resources, its maxRSS the child's own
	// VmHWM where the child could read it, else getrusage's, which
	// rssByRusage marks, and its cpu the child's until the lister returned
	// (collectReport.CPU), else getrusage's for the whole process, which
	// processCPU always is; serverCPU is the CPU time the emulator spent
	// while the child ran (zero where not measured).
	usage       usage
	rssByRusage bool
	processCPU  time.Duration
	serverCPU   time.Duration
}

// targetResult is one target's share of a run.
type targetResult struct {
	Found     idSet         `json:"found"`    // connections the target brought
	Requests  int64         `json:"requests"` // requests its lister sent
	Throttled int           `json:"throttled"`
	Wall      time.Duration `json:"wall"` // first request to the end of its listing
}

// found returns what each target found.
func (r *result) found() map[string]idSet {
	out := make(map[string]idSet, len(r.targets))
	for name, tr := range r.targets {
		out[name] = tr.Found
	}
	return out
}

// collectReport is what the child sends back: a result, as plain data.
type collectReport struct {
	Targets     map[string]targetResult `json:"targets"`
	Listing     time.Duration           `json:"listing"`
	Wall        time.Duration           `json:"wall"`
	Requests    int64                   `json:"requests"`
	Connections int                     `json:"connections"`
	// PeakRSS is the child's own peak resident memory in bytes, VmHWM of
	// /proc/self/status read once the listing is done; 0 where the system
	// has no /proc.
	PeakRSS uint64 `json:"peakRSS,omitempty"`
	// CPU is the child's own CPU time (user + system, its start included)
	// when the lister returned: what comes after, the benchmark's count of
	// the IDs each target found and its report, is not the lister's. 0
	// where the system does not tell.
	CPU time.Duration `json:"cpu,omitempty"`
}

// collect runs inventory.Collect over the job's targets through the real
// adapters, every target at once (up to the job's bound), and measures it.
func collect(ctx context.Context, job collectJob) (*collectReport, error) {
	inv := make([]inventory.Target, len(job.Targets))
	transports := make([]*countingTransport, len(job.Targets))
	for i, s := range job.Targets {
		ctr := newCountingTransport()
		p, err := newAdapter(s, ctr)
		if err != nil {
			return nil, fmt.Errorf("the adapter for %s: %w", s.Name, err)
		}
		inv[i] = inventory.Target{Name: s.Name, Account: s.Account, Region: s.Region, Peering: p}
		transports[i] = ctr
	}

	done := make(map[string]time.Time, len(inv)) // written by Progress calls, which Collect serializes
	lastDone := 0
	start := time.Now()
	got, err := inventory.Collect(ctx, inv, inventory.Options{
		Concurrency: job.Concurrency,
		Now:         func() time.Time { return time.Now().Add(job.ClockOffset) },
		Progress: func(p inventory.Progress) {
			if p.Done > lastDone {
				lastDone = p.Done
				done[p.Target] = time.Now()
			}
		},
	})
	wall, cpu := time.Since(start), selfCPU()
	if err != nil {
		return nil, fmt.Errorf("collecting the inventory: %w", err)
	}
	if len(got.Errors) > 0 {
		errs := make([]error, len(got.Errors))
		for i, te := range got.Errors {
			errs[i] = fmt.Errorf("%s: %w", te.Target, te.Err)
		}
		return nil, fmt.Errorf("%d of %d targets failed: %w", len(got.Errors), len(inv), errors.Join(errs...))
	}

	rep := &collectReport{Targets: make(map[string]targetResult, len(inv)), Wall: wall, CPU: cpu, Connections: got.Records.Len()}
	found := make(map[string]idSet, len(inv))
	for _, r := range got.Records.All() {
		for _, s := range r.SeenBy {
			f := found[s.Target]
			f.add(r.ID)
			found[s.Target] = f
		}
	}
	for i, t := range inv {
		tr := targetResult{Found: found[t.Name], Requests: transports[i].requests.Load()}
		if end, ok := done[t.Name]; ok && !transports[i].started().IsZero() {
			tr.Wall = end.Sub(transports[i].started())
			rep.Listing = max(rep.Listing, end.Sub(start))
		}
		rep.Requests += tr.Requests
		rep.Targets[t.Name] = tr
	}
	return rep, nil
}

// newAdapter builds the real adapter for a target through package
// targets, the set-up every program of this module shares, its requests
// through ctr and under the spec's rate limit.
func newAdapter(s targetSpec, ctr *countingTransport) (peering.Peering, error) {
	t := targets.Target{Name: s.Name, Label: s.Account, Provider: s.Provider, AccountID: s.AccountID,
		Region: s.Region, Endpoint: s.Endpoint, Keys: &targets.Keys{AccessKeyID: s.AccessKeyID, Secret: s.Secret}}
	return t.Open(targets.OpenOptions{Transport: ctr, CallsPerMinute: s.CallsPerMinute})
}
