//go:build !unix

package main

import (
	"os"
	"time"
)

// usage is what a child process used; this system's getrusage is not read.
type usage struct {
	maxRSS uint64
	cpu    time.Duration
}

func usageOf(*os.ProcessState) usage { return usage{} }

// selfCPU returns 0: this system's getrusage is not read.
func selfCPU() time.Duration { return 0 }
