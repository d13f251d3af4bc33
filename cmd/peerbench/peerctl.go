package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/providers/alibabavpc"
)

// With -peerctl, each run also lists the estate with the peerctl program
// itself ('peerctl inventory --config FILE -o ndjson', its output to a
// file, as a user redirects it), so that the command's memory and CPU are
// measured on the same estate as inventory.Collect's, output included.
//
// The program runs under a launcher: this program again, in the
// childPeerctl mode. getrusage's peak RSS of a process counts the resident
// set of the one that started it (see serveJob); started by the launcher,
// a small fresh process, peerctl's figure holds at most the launcher's few
// MiB, not the emulator's estate.
const childPeerctl = "peerctl"

// peerctlJob is what the launcher runs: the program, its arguments and
// added environment (the targets' throwaway keys), the file for its
// standard output, and which of the estate's targets each configuration
// entry stands for.
type peerctlJob struct {
	Program string            `json:"program"`
	Args    []string          `json:"args"`
	Env     []string          `json:"env"`
	Output  string            `json:"output"`
	Entries map[string]string `json:"entries"` // configuration entry name → estate target name
}

// runPeerctl lists the estate with cfg.peerctl under the launcher and checks
// that it found exactly the emulator's connections.
func runPeerctl(ctx context.Context, e *estate, cfg config, stderr io.Writer) (*result, error) {
	dir, err := os.MkdirTemp("", "peerbench-peerctl-")
	if err != nil {
		return nil, fmt.Errorf("peerctl's configuration: %w", err)
	}
	defer os.RemoveAll(dir)
	yaml, env, entries := peerctlConfig(e.specs())
	file := filepath.Join(dir, "targets.yaml")
	if err := os.WriteFile(file, []byte(yaml), 0o600); err != nil {
		return nil, fmt.Errorf("peerctl's configuration: %w", err)
	}
	job := collectJob{Peerctl: &peerctlJob{
		Program: cfg.peerctl,
		Args:    []string{"inventory", "--config", file, "-o", "ndjson", "--concurrency", fmt.Sprint(cfg.concurrency)},
		Env:     env, Output: filepath.Join(dir, "inventory.ndjson"), Entries: entries,
	}}
	res, err := runChild(ctx, e, childPeerctl, "peerctl", job, stderr)
	if err != nil {
		return nil, err
	}
	res.rssByRusage = true // getrusage's, of a process the launcher started
	return res, nil
}

// peerctlConfig writes the targets as a peerctl configuration file, one
// entry per target, with their keys in environment variables the file
// names, and says which target each entry is.
func peerctlConfig(specs []targetSpec) (yaml string, env []string, entries map[string]string) {
	var b strings.Builder
	b.WriteString("targets:\n")
	entries = make(map[string]string, len(specs))
	for i, s := range specs {
		name := fmt.Sprintf("t%d", i)
		entries[name] = s.Name
		endpoint := s.Endpoint
		if s.Provider != peering.Baidu {
			endpoint = "http://" + endpoint // the Alibaba host:port
		}
		fmt.Fprintf(&b, "  - name: %s\n    provider: %s\n    accountId: %q\n    endpoint: %s\n", name, s.Provider, s.AccountID, endpoint)
		if s.Region != "" {
			fmt.Fprintf(&b, "    regions: [%s]\n", s.Region)
		}
		ak, sk := fmt.Sprintf("PEERBENCH_AK_%d", i), fmt.Sprintf("PEERBENCH_SK_%d", i)
		fmt.Fprintf(&b, "    credentials: {accessKeyIdEnv: %s, secretEnv: %s}\n", ak, sk)
		env = append(env, ak+"="+s.AccessKeyID, sk+"="+s.Secret)
	}
	return b.String(), env, entries
}

// checkPeerctlFlags refuses what -peerctl cannot measure alike: peerctl
// paces VpcPeer at its adapter's documented limit, so the emulator must
// enforce that one.
func checkPeerctlFlags(cfg config) error {
	if cfg.peerctl != "" && cfg.vpcLimit != alibabavpc.DefaultCallsPerMinute {
		return fmt.Errorf("-peerctl needs -vpcpeer-limit %d: peerctl paces VpcPeer at the documented limit", alibabavpc.DefaultCallsPerMinute)
	}
	return nil
}

// launchPeerctl is the launcher: it runs the job's program, then reads its
// output for what each target found. The report's CPU and peak RSS are
// the program's, by getrusage; its wall runs from the start to the exit.
func launchPeerctl(ctx context.Context, job collectJob) (*collectReport, error) {
	pj := job.Peerctl
	if pj == nil {
		return nil, errors.New("no peerctl job")
	}
	out, err := os.Create(pj.Output)
	if err != nil {
		return nil, err
	}
	defer out.Close()
	cmd := exec.CommandContext(ctx, pj.Program, pj.Args...)
	cmd.Env = append(os.Environ(), pj.Env...)
	cmd.Stdout = out
	var errOut strings.Builder
	cmd.Stderr = &errOut
	start := time.Now()
	err = cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w: %s", pj.Program, strings.Join(pj.Args, " "), err, strings.TrimSpace(errOut.String()))
	}
	u := usageOf(cmd.ProcessState)
	rep := &collectReport{Wall: wall, CPU: u.cpu, PeakRSS: u.maxRSS}
	if _, err := out.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	if rep.Targets, rep.Connections, err = foundInNDJSON(out, pj.Entries); err != nil {
		return nil, fmt.Errorf("reading peerctl's output: %w", err)
	}
	return rep, nil
}

// foundInNDJSON reads an ndjson inventory and returns the connections each
// target listed, by the targets' sightings, keyed by estate target name.
func foundInNDJSON(r io.Reader, entries map[string]string) (map[string]targetResult, int, error) {
	found := make(map[string]targetResult, len(entries))
	n := 0
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var line struct {
			Type   string `json:"type"`
			ID     string `json:"id"`
			SeenBy []struct {
				Target string `json:"target"`
			} `json:"seenBy"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			return nil, 0, err
		}
		if line.Type != "connection" {
			continue
		}
		n++
		for _, s := range line.SeenBy {
			entry, _, _ := strings.Cut(s.Target, "/") // "t3/bj" is entry t3's target in bj
			name, ok := entries[entry]
			if !ok {
				return nil, 0, fmt.Errorf("connection %s seen by %q, a target of no entry", line.ID, s.Target)
			}
			tr := found[name]
			tr.Found.add(line.ID)
			found[name] = tr
		}
	}
	return found, n, sc.Err()
}
