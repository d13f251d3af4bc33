//go:build unix

package main

import (
	"os"
	"runtime"
	"syscall"
	"time"
)

// usage is what a child process used, by getrusage.
type usage struct {
	maxRSS uint64        // peak resident memory, bytes
	cpu    time.Duration // user + system
}

// usageOf returns a finished process's usage.
func usageOf(ps *os.ProcessState) usage {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return usage{}
	}
	rss := uint64(ru.Maxrss) * 1024 // kilobytes on Linux and the BSDs
	if runtime.GOOS == "darwin" {
		rss = uint64(ru.Maxrss) // bytes on macOS
	}
	return usage{maxRSS: rss, cpu: time.Duration(ru.Utime.Nano() + ru.Stime.Nano())}
}

// selfCPU returns this process's CPU time so far (user + system).
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
