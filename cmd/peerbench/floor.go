package main

import (
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/providers/alibabaens"
	"github.com/peeringkit/peering/providers/alibabavpc"
	"github.com/peeringkit/peering/providers/baidu"
)

// The floor is what the estate and the clouds' documents allow, never what
// this module chose: it is built from each provider's largest page and its
// documented rate limit, not from the adapters' look-up rounds, list
// concurrency or client-side burst, and not from inventory.Collect's bound
// on targets. That is what makes wall/floor show the cost of those choices.

// shape is what the floor of one target's listing depends on.
type shape struct {
	provider    peering.Provider
	connections int // connections the target lists
	vpcs        int // Baidu: the account's VPCs in the target's region, which GET /v1/vpc lists
	latency     time.Duration
	// perMinute and burst are the server's rate limit of the list API, per
	// account and region (0 perMinute: none): VpcPeer's documented 360 a
	// minute, with the burst the emulator grants on top of it.
	perMinute, burst int
}

// floor is the least time and the fewest requests a target's listing needs.
type floor struct {
	pages    int // list requests at the largest page (ENS: and the empty page after a full last one)
	vpcPages int // Baidu: pages of the region's VPC listing
	rounds   int // sequential round trips on the critical path, rate limit aside
	duration time.Duration
}

// minimum is the fewest requests that bring the same information: every
// connection and, for Baidu, every address block of the account's VPCs in
// the region.
func (f floor) minimum() int { return f.pages + f.vpcPages }

// floorOf returns the floor of a target:
//
//   - Baidu: the marker chain of ceil(n/1000) peering pages, which cannot
//     overlap, and beside it the marker chain of the region's VPC listing,
//     ceil(vpcs/1000) pages (the address blocks): the longer of the two.
//     Baidu publishes no rate limit for either.
//   - VpcPeer: the NextToken chain of ceil(n/100) pages, and no sooner than
//     the documented limit allows (360 calls a minute per API, account and
//     region, with the emulator's burst): see chainUnderLimit.
//   - ENS: the first page (it brings TotalCount), then every other page at
//     once: at most 2 rounds, however many pages. ENS publishes no quota, so
//     nothing bounds how many may be in flight. The pages are
//     floor(n/100)+1: a full last page is followed by an empty one, because
//     only a short page proves the listing complete. TotalCount is a claim
//     made when page 1 was cut, not a delimiter (the emulator can send it
//     wrong, as a concurrent create does on the cloud), and a lister that
//     stops on it can miss connections, so the empty page is part of the
//     least work for the same information.
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
		f.rounds = min(f.pages, 2)
		f.duration = time.Duration(f.rounds) * s.latency
	}
	return f
}

// chainUnderLimit is the least time a chain of n sequential requests of
// the given latency takes when each must also take a token from a bucket of
// perMinute tokens a minute holding burst, full at the start. The emulator,
// like a cloud's gateway, spends the latency before it takes the token, so
// a request can leave a latency before its token exists: answer k (from 0)
// comes at max(answer k-1 + latency, the instant token k exists), and the
// chain ends with the last answer.
func chainUnderLimit(n int, latency time.Duration, perMinute, burst int) time.Duration {
	burst = max(burst, 1)
	var answer time.Duration
	for k := range n {
		answer += latency
		if perMinute > 0 && k >= burst {
			// Token k is the (k-burst+1)-th to refill, one every 60s/perMinute.
			answer = max(answer, time.Duration(k-burst+1)*time.Minute/time.Duration(perMinute))
		}
	}
	return answer
}

// estateFloor is the floor of the whole estate: targets with separate rate
// limits overlap fully, so it is the longest target's floor. The targets
// peerbench picks never share a bucket (each is its own provider, account
// and region; see pickTargets), so no two floors add up.
func estateFloor(floors []floor) floor {
	var out floor
	for _, f := range floors {
		if f.duration > out.duration {
			out.duration, out.rounds = f.duration, f.rounds
		}
		out.pages += f.pages
		out.vpcPages += f.vpcPages
	}
	return out
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
