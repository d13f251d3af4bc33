package main

import (
	"slices"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/providers/alibabaens"
	"github.com/peeringkit/peering/providers/alibabavpc"
	"github.com/peeringkit/peering/providers/baidu"
)

// shape is what the floor of one target's listing depends on.
type shape struct {
	provider    peering.Provider
	connections int // connections the target lists
	vpcs        int // Baidu: the account's VPCs in the target's region, which GET /v1/vpc lists
	latency     time.Duration
	// perMinute and burst are the client-side rate limit of the list API
	// (0 perMinute: none).
	perMinute, burst int
}

// floor is the least time and the round trips a target's listing needs.
type floor struct {
	pages    int // list requests
	vpcPages int // Baidu: pages of the region's VPC listing
	rounds   int // sequential round trips on the critical path, rate limit aside
	duration time.Duration
}

// requests is every request the listing sends.
func (f floor) requests() int { return f.pages + f.vpcPages }

// floorOf returns the floor of a target, as DESIGN.md frames it:
//
//   - Baidu: the marker chain of ceil(n/1000) pages, which cannot overlap,
//     and beside it the marker chain of the region's VPC listing,
//     ceil(vpcs/1000) pages (the address blocks): the longer of the two;
//   - VpcPeer: the NextToken chain of ceil(n/100) pages, each sent no sooner
//     than the client's token bucket allows (see chainUnderLimit);
//   - ENS: the first page, then the others in parallel, ListConcurrency at a
//     time: 1 + ceil((pages-1)/8) round trips. A full last page is followed
//     by one more: TotalCount can be wrong, so only a short page ends a
//     listing.
//
// An empty listing still costs one page.
func floorOf(s shape) floor {
	var f floor
	switch s.provider {
	case peering.Baidu:
		f.pages = pagesOf(s.connections, baidu.MaxPageSize)
		f.vpcPages = pagesOf(s.vpcs, baidu.MaxPageSize)
		f.rounds = max(f.pages, f.vpcPages)
		f.duration = time.Duration(f.rounds) * s.latency
	case peering.AlibabaVPC:
		f.pages = pagesOf(s.connections, alibabavpc.MaxPageSize)
		f.rounds = f.pages
		f.duration = chainUnderLimit(f.pages, s.latency, s.perMinute, s.burst)
	case peering.AlibabaENS:
		f.pages = s.connections/alibabaens.MaxPageSize + 1
		f.rounds = 1 + ceilDiv(f.pages-1, alibabaens.DefaultListConcurrency)
		f.duration = time.Duration(f.rounds) * s.latency
	}
	return f
}

// chainUnderLimit is the least time a chain of n sequential requests of
// the given latency takes when each must also take a token from a bucket of
// perMinute tokens a minute holding burst, full at the start: request k
// (from 0) is sent at max(the answer to request k-1, the instant its token
// exists), and the chain ends with the last answer.
func chainUnderLimit(n int, latency time.Duration, perMinute, burst int) time.Duration {
	if n <= 0 {
		return 0
	}
	burst = max(burst, 1)
	var sent time.Duration
	for k := range n {
		if k > 0 {
			sent += latency
		}
		if perMinute > 0 && k >= burst {
			// Token k is the (k-burst+1)-th to refill, one every 60s/perMinute.
			sent = max(sent, time.Duration(k-burst+1)*time.Minute/time.Duration(perMinute))
		}
	}
	return sent + latency
}

// schedule returns when the last of the jobs ends when they start in the
// given order, at most bound at a time, each as soon as a slot is free (as
// inventory.Collect starts its targets), and each takes its duration.
func schedule(durations []time.Duration, bound int) time.Duration {
	slots := make([]time.Duration, max(bound, 1)) // when each slot is next free
	var end time.Duration
	for _, d := range durations {
		i := slices.Index(slots, slices.Min(slots))
		slots[i] += d
		end = max(end, slots[i])
	}
	return end
}

// pagesOf returns how many pages of size hold n connections; an empty
// listing is one (empty) page.
func pagesOf(n, size int) int { return max(1, ceilDiv(n, size)) }

func ceilDiv(a, b int) int {
	if a <= 0 {
		return 0
	}
	return (a + b - 1) / b
}
