package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/providers/baidu"
)

// The peak-heap measurement streams peering.List over a large Baidu
// listing. The emulator holding the listing runs in a child process (see
// childEmulator), so that the measured heap is the client's alone.

// heapRegion is the Baidu region the child seeds.
const heapRegion = "bj"

// childManifest is the line the child prints once seeded: how to reach its
// one seeded account.
type childManifest struct {
	Endpoint    string `json:"endpoint"`
	AccountID   string `json:"accountId"`
	AccessKeyID string `json:"accessKeyId"`
	Secret      string `json:"secret"` // the emulator's throwaway sandbox key
	Connections int    `json:"connections"`
}

// serveChild runs the child: it seeds n connections for one Baidu account,
// prints the manifest, and serves until its standard input closes (the
// parent ending, whichever way, closes it).
func serveChild(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("peerbench child", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("connections", 0, "connections to seed")
	seed := fs.Int64("seed", 1, "emulator seed")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	srv, err := emulator.Start(emulator.Options{Seed: *seed, NoRateLimits: true, BaiduRegions: []string{heapRegion}})
	if err != nil {
		fmt.Fprintf(stderr, "peerbench child: %v\n", err)
		return 1
	}
	defer srv.Close()
	acct, _ := srv.Account("baidu-a")
	if _, err := srv.Baidu.Seed(acct.ID, heapRegion, *n); err != nil {
		fmt.Fprintf(stderr, "peerbench child: seeding: %v\n", err)
		return 1
	}
	m := childManifest{Endpoint: srv.BaiduEndpoint(heapRegion), AccountID: acct.ID,
		AccessKeyID: acct.AccessKeyID, Secret: acct.Secret, Connections: *n}
	if err := json.NewEncoder(stdout).Encode(m); err != nil {
		fmt.Fprintf(stderr, "peerbench child: %v\n", err)
		return 1
	}
	_, _ = io.Copy(io.Discard, stdin)
	return 0
}

// heapResult is what streaming a listing cost the client.
type heapResult struct {
	connections int
	requests    int64
	elapsed     time.Duration
	// peak is the highest heap in use (bytes in spans holding objects,
	// HeapInuse) seen while listing; base is the same just before; onePage
	// is the peak while the first page was in hand, so that peak-onePage is
	// what the rest of the listing added.
	peak, base, onePage uint64
	allocated           uint64 // bytes allocated while listing
	// rssBefore and rssPeak are the process's resident memory before
	// listing and its high-water mark after (0 where the system does not
	// tell): they count what lives outside the Go heap, such as the
	// listing's ID fingerprints.
	rssBefore, rssPeak uint64
}

// measureHeap starts a child emulator seeded with n Baidu connections and
// streams them all through peering.List, sampling the heap.
func measureHeap(ctx context.Context, n int, seed int64, stderr io.Writer) (heapResult, error) {
	exe, err := os.Executable()
	if err != nil {
		return heapResult{}, fmt.Errorf("finding this program to run the emulator: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, "-connections", strconv.Itoa(n), "-seed", strconv.FormatInt(seed, 10))
	cmd.Env = append(os.Environ(), childEnv+"="+childEmulator)
	cmd.Stderr = stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return heapResult{}, fmt.Errorf("starting the emulator: %w", err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return heapResult{}, fmt.Errorf("starting the emulator: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return heapResult{}, fmt.Errorf("starting the emulator: %w", err)
	}
	defer func() {
		_ = stdin.Close() // the child's cue to stop
		_ = cmd.Wait()
	}()
	var m childManifest
	if err := json.NewDecoder(stdout).Decode(&m); err != nil {
		return heapResult{}, fmt.Errorf("reading the emulator's manifest: %w", err)
	}
	ctr := newCountingTransport()
	p, err := newAdapter(targetSpec{Name: "baidu/" + heapRegion, Provider: peering.Baidu, AccountID: m.AccountID,
		AccessKeyID: m.AccessKeyID, Secret: m.Secret, Region: heapRegion, Endpoint: m.Endpoint}, ctr)
	if err != nil {
		return heapResult{}, fmt.Errorf("the Baidu adapter: %w", err)
	}
	return stream(ctx, p, ctr)
}

// stream lists everything p has, sampling the heap every millisecond and
// every thousand connections, and drops each connection once seen, as a
// streaming consumer does.
func stream(ctx context.Context, p peering.Peering, ctr *countingTransport) (heapResult, error) {
	runtime.GC()
	s := newSampler()
	res := heapResult{base: s.sample(), rssBefore: procStatus("VmRSS")}
	stop := s.every(time.Millisecond)
	start := time.Now()
	for _, err := range peering.List(ctx, p, peering.Filter{}) {
		if err != nil {
			stop()
			return heapResult{}, fmt.Errorf("listing after %d connections: %w", res.connections, err)
		}
		if res.connections++; res.connections%1000 == 0 {
			s.sample()
		}
		if res.connections == baidu.MaxPageSize {
			res.onePage = s.peakSoFar()
		}
	}
	res.elapsed = time.Since(start)
	stop()
	s.sample()
	res.peak, res.allocated = s.peak, s.allocs()-s.allocs0
	res.rssPeak = procStatus("VmHWM")
	res.requests = ctr.requests.Load()
	if res.connections == 0 {
		return res, errors.New("the listing was empty")
	}
	return res, nil
}

// sampler reads heap figures from runtime/metrics, which (unlike
// runtime.ReadMemStats) does not stop the world.
type sampler struct {
	mu      sync.Mutex
	samples []metrics.Sample
	peak    uint64
	allocs0 uint64
}

func newSampler() *sampler {
	s := &sampler{samples: []metrics.Sample{
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"},
		{Name: "/gc/heap/allocs:bytes"},
	}}
	s.allocs0 = s.allocs()
	return s
}

// sample reads the heap in use, raises the peak, and returns the reading.
func (s *sampler) sample() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	metrics.Read(s.samples[:2])
	inuse := s.samples[0].Value.Uint64() + s.samples[1].Value.Uint64()
	s.peak = max(s.peak, inuse)
	return inuse
}

// peakSoFar returns the highest reading yet.
func (s *sampler) peakSoFar() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peak
}

// procStatus returns a memory figure of /proc/self/status in bytes, or 0
// where the system has no such file.
func procStatus(field string) uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				return 0
			}
			return kb * 1024
		}
	}
	return 0
}

// allocs returns the bytes allocated since the program started.
func (s *sampler) allocs() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	metrics.Read(s.samples[2:])
	return s.samples[2].Value.Uint64()
}

// every samples at the interval until the returned function is called.
func (s *sampler) every(d time.Duration) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				s.sample()
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
	}
}
