package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"time"
)

// Two measurements run in a child process, this program run again with
// childEnv set to the child's mode:
//
//   - childEmulator serves a seeded emulator for the heap measurement, so
//     that the measured heap is the client's alone;
//   - childCollect runs inventory.Collect against the parent's emulator, so
//     that the child's peak resident memory and CPU time (getrusage) are the
//     inventory's, with no emulator in them.
const (
	childEnv      = "PEERBENCH_CHILD"
	childEmulator = "emulator"
	childCollect  = "collect"
)

// childMain runs the child of the given mode and returns its exit status.
func childMain(mode string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	switch mode {
	case childEmulator:
		return serveChild(args, stdin, stdout, stderr)
	case childCollect:
		return serveCollect(stdin, stdout, stderr)
	}
	fmt.Fprintf(stderr, "peerbench: unknown child mode %q\n", mode)
	return 2
}

// serveCollect reads a collectJob, collects, and writes the collectReport.
func serveCollect(stdin io.Reader, stdout, stderr io.Writer) int {
	var job collectJob
	if err := json.NewDecoder(stdin).Decode(&job); err != nil {
		fmt.Fprintf(stderr, "peerbench child: reading the job: %v\n", err)
		return 1
	}
	rep, err := collect(context.Background(), job)
	if err != nil {
		fmt.Fprintf(stderr, "peerbench child: %v\n", err)
		return 1
	}
	if err := json.NewEncoder(stdout).Encode(rep); err != nil {
		fmt.Fprintf(stderr, "peerbench child: writing the report: %v\n", err)
		return 1
	}
	return 0
}

// runOurs lists the estate with inventory.Collect in a child process and
// checks that it found exactly the emulator's connections.
func runOurs(ctx context.Context, e *estate, concurrency int, stderr io.Writer) (*result, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("finding this program to run inventory.Collect: %w", err)
	}
	job := collectJob{Targets: e.specs(), Concurrency: concurrency, ClockOffset: time.Until(e.srv.Clock.Now())}
	in, err := json.Marshal(job)
	if err != nil {
		return nil, fmt.Errorf("encoding the job: %w", err)
	}
	e.resetLimits()
	requests0, throttled0 := e.counters()
	cmd := exec.CommandContext(ctx, exe)
	cmd.Env = append(os.Environ(), childEnv+"="+childCollect)
	cmd.Stdin = bytes.NewReader(in)
	cmd.Stderr = stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("running inventory.Collect in a child process: %w", err)
	}
	var rep collectReport
	if err := json.Unmarshal(out, &rep); err != nil {
		return nil, fmt.Errorf("reading the child's report: %w", err)
	}
	requests1, throttled1 := e.counters()
	res := &result{
		targets: rep.Targets, listing: rep.Listing, wall: rep.Wall,
		requests: rep.Requests, emulatorRequests: requests1 - requests0, throttled: throttled1 - throttled0,
		connections: rep.Connections, usage: usageOf(cmd.ProcessState),
	}
	if err := e.check("inventory.Collect", res.found()); err != nil {
		return nil, err
	}
	return res, nil
}
