package main

import (
	"fmt"
	"slices"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/providers/alibabavpc"
	"github.com/peeringkit/peering/providers/baidu"
)

// maxAccounts is how many sandbox accounts the emulator has per cloud.
const maxAccounts = 2

// targetID names one listing: a provider, one of the emulator's accounts
// (0 is "-a", 1 is "-b") and a region ("" for ENS, whose API is central).
// Each is a rate-limit bucket of its own: no two targets share one.
type targetID struct {
	provider peering.Provider
	account  int
	region   string
}

// accountName is the emulator's name of the target's account.
func (id targetID) accountName() string {
	prefix := "alibaba"
	if id.provider == peering.Baidu {
		prefix = "baidu"
	}
	return fmt.Sprintf("%s-%c", prefix, 'a'+id.account)
}

// name is the target's name in inventory.Collect and in the report.
func (id targetID) name() string {
	n := string(id.provider) + "/" + id.accountName()
	if id.region != "" {
		n += "/" + id.region
	}
	return n
}

// regionsFor returns the regions a provider's targets may use, in the order
// they are picked: the emulator's default regions first (so that a small
// estate is the one the emulator serves out of the box), then the rest of
// the provider's known regions. ENS has none.
func regionsFor(p peering.Provider) []string {
	switch p {
	case peering.Baidu:
		return defaultsFirst(emulator.DefaultBaiduRegions, baidu.Regions())
	case peering.AlibabaVPC:
		return defaultsFirst(emulator.DefaultVpcPeerRegions, alibabavpc.Regions())
	}
	return nil
}

func defaultsFirst(defaults, all []string) []string {
	out := slices.Clone(defaults)
	for _, r := range all {
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// candidates returns a provider's possible targets: for each of its first
// regions (all of them when regions is 0), each account; ENS, each account.
func candidates(p peering.Provider, accounts, regions int) []targetID {
	var out []targetID
	if p == peering.AlibabaENS {
		for a := range accounts {
			out = append(out, targetID{provider: p, account: a})
		}
		return out
	}
	rs := regionsFor(p)
	if regions > 0 {
		rs = rs[:min(regions, len(rs))]
	}
	for _, r := range rs {
		for a := range accounts {
			out = append(out, targetID{provider: p, account: a, region: r})
		}
	}
	return out
}

// pickTargets returns n targets (every candidate when n is 0), taking one
// from each provider in turn, in the order given, and skipping a provider
// whose candidates are used up: the same flags always give the same
// estate, and a small one still mixes the providers. It fails when the
// candidates are fewer than n.
func pickTargets(n int, providers []peering.Provider, accounts, regions int) ([]targetID, error) {
	lists := make([][]targetID, len(providers))
	total := 0
	for i, p := range providers {
		lists[i] = candidates(p, accounts, regions)
		total += len(lists[i])
	}
	if n == 0 {
		n = total
	}
	if n > total {
		return nil, fmt.Errorf("%d targets asked, but %d accounts of %v have %d", n, accounts, providers, total)
	}
	out := make([]targetID, 0, n)
	for next := 0; len(out) < n; next++ {
		for i := range lists {
			if len(out) < n && next < len(lists[i]) {
				out = append(out, lists[i][next])
			}
		}
	}
	return out, nil
}
