package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/pprof"
	"time"
)

// Three measurements run in a child process, this program run again with
// childEnv set to the child's mode:
//
//   - childEmulator serves a seeded emulator for the heap measurement, so
//     that the measured heap is the client's alone;
//   - childCollect runs inventory.Collect against the parent's emulator, so
//     that the child's peak resident memory (its own VmHWM, see
//     collectReport.PeakRSS) and CPU time (its own until Collect returned,
//     collectReport.CPU) are the inventory's, with no emulator in them;
//   - childPeer runs the peer lister the same way, so that both listers are
//     measured alike and the parent's own CPU time over a run is the
//     emulator's serving of it;
//   - childPeerctl launches the peerctl program (-peerctl; see peerctl.go).
const (
	childEnv      = "PEERBENCH_CHILD"
	childEmulator = "emulator"
	childCollect  = "collect"
	childPeer     = "peer"
)

// childMain runs the child of the given mode and returns its exit status.
func childMain(mode string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	switch mode {
	case childEmulator:
		return serveChild(args, stdin, stdout, stderr)
	case childCollect:
		return serveJob(stdin, stdout, stderr, collect)
	case childPeer:
		return serveJob(stdin, stdout, stderr, listPeer)
	case childPeerctl:
		return serveJob(stdin, stdout, stderr, launchPeerctl)
	}
	fmt.Fprintf(stderr, "peerbench: unknown child mode %q\n", mode)
	return 2
}

// serveJob reads a collectJob, runs it, and writes the collectReport.
func serveJob(stdin io.Reader, stdout, stderr io.Writer, run func(context.Context, collectJob) (*collectReport, error)) int {
	var job collectJob
	if err := json.NewDecoder(stdin).Decode(&job); err != nil {
		fmt.Fprintf(stderr, "peerbench child: reading the job: %v\n", err)
		return 1
	}
	if job.CPUProfile != "" {
		f, err := os.Create(job.CPUProfile)
		if err != nil {
			fmt.Fprintf(stderr, "peerbench child: %v\n", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "peerbench child: starting the CPU profile: %v\n", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	rep, err := run(context.Background(), job)
	if err != nil {
		fmt.Fprintf(stderr, "peerbench child: %v\n", err)
		return 1
	}
	// Read here, not by getrusage in the parent: a child's ru_maxrss counts
	// the parent's resident set when the child started (Go starts children
	// by vfork, and exec leaves the shared memory's high-water mark in the
	// child's figure), so the emulator's estate would be counted as the
	// lister's. Encoding the report is the benchmark's, not the lister's.
	// The launcher of peerctl reports the program's peak, not its own.
	if rep.PeakRSS == 0 {
		rep.PeakRSS = procStatus("VmHWM")
	}
	if err := json.NewEncoder(stdout).Encode(rep); err != nil {
		fmt.Fprintf(stderr, "peerbench child: writing the report: %v\n", err)
		return 1
	}
	return 0
}

// runOurs lists the estate with inventory.Collect in a child process and
// checks that it found exactly the emulator's connections.
func runOurs(ctx context.Context, e *estate, cfg config, stderr io.Writer) (*result, error) {
	job := collectJob{Targets: e.specs(), Concurrency: cfg.concurrency, ClockOffset: time.Until(e.srv.Clock.Now()), CPUProfile: cfg.cpuProfile}
	return runChild(ctx, e, childCollect, "inventory.Collect", job, stderr)
}

// runPeer lists the estate with the peer lister in a child process and
// checks that it found exactly the emulator's connections.
func runPeer(ctx context.Context, e *estate, stderr io.Writer) (*result, error) {
	return runChild(ctx, e, childPeer, "the peer lister", collectJob{Targets: e.specs()}, stderr)
}

// runChild runs one lister in a child process of the given mode, with full
// rate-limit buckets, and measures it: the child's report and resources
// (its peak RSS as the child read it, getrusage's where it could not),
// the requests and throttling answers the emulator counted, and this
// process's CPU time over the run, which is the emulator's serving of it.
func runChild(ctx context.Context, e *estate, mode, lister string, job collectJob, stderr io.Writer) (*result, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("finding this program to run %s: %w", lister, err)
	}
	in, err := json.Marshal(job)
	if err != nil {
		return nil, fmt.Errorf("encoding the job: %w", err)
	}
	e.resetLimits()
	requests0, throttled0 := e.counters()
	cmd := exec.CommandContext(ctx, exe)
	cmd.Env = append(os.Environ(), childEnv+"="+mode)
	cmd.Stdin = bytes.NewReader(in)
	cmd.Stderr = stderr
	cpu0 := selfCPU()
	out, err := cmd.Output()
	serverCPU := selfCPU() - cpu0
	if err != nil {
		return nil, fmt.Errorf("running %s in a child process: %w", lister, err)
	}
	var rep collectReport
	if err := json.Unmarshal(out, &rep); err != nil {
		return nil, fmt.Errorf("reading the child's report: %w", err)
	}
	requests1, throttled1 := e.counters()
	res := &result{
		targets: rep.Targets, listing: rep.Listing, wall: rep.Wall,
		requests: rep.Requests, emulatorRequests: requests1 - requests0, throttled: throttled1 - throttled0,
		connections: rep.Connections, usage: usageOf(cmd.ProcessState), serverCPU: serverCPU,
	}
	res.processCPU = res.usage.cpu
	if rep.CPU > 0 {
		res.usage.cpu = rep.CPU
	}
	if rep.PeakRSS > 0 {
		res.usage.maxRSS = rep.PeakRSS
	} else {
		res.rssByRusage = res.usage.maxRSS > 0 // no /proc in the child: getrusage's figure, as good as there is
	}
	if err := e.check(lister, res.found()); err != nil {
		return nil, err
	}
	return res, nil
}
