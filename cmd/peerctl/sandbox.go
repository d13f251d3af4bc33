package main

import (
	"fmt"
	"slices"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/targets"
)

// sandboxConnections is the size of the default estate: connections per
// provider, account and region, enough for an inventory to show each kind
// of record and small enough to read ('peerctl inventory --sandbox' and
// 'peerctl emulate').
const sandboxConnections = 3

// sandbox is an emulator started in the process, and the targets that list
// all of it: one per Baidu account and region, per Alibaba account and
// VpcPeer region, and per Alibaba account for ENS.
type sandbox struct {
	srv   *emulator.Server
	specs []targetSpec
}

// sandboxStart is the reading of the sandbox's clock when it starts: an
// hour after its estate is dated, so that the estate's ages and deadlines,
// and the findings about them, read the same every day.
var sandboxStart = emulator.EstateDate.Add(time.Hour)

func startSandbox(seed int64, connections int) (*sandbox, error) {
	if connections < 0 {
		return nil, usagef("--connections must not be negative (got %d)", connections)
	}
	srv, err := emulator.Start(emulator.Options{Seed: seed, Connections: connections, Start: sandboxStart})
	if err != nil {
		return nil, fmt.Errorf("starting the sandbox: %w", err)
	}
	m := srv.Manifest()
	baiduRegions := make([]string, 0, len(m.Baidu))
	for r := range m.Baidu {
		baiduRegions = append(baiduRegions, r)
	}
	slices.Sort(baiduRegions)

	var specs []targetSpec
	for _, acct := range m.Accounts {
		k := &targets.Keys{AccessKeyID: acct.AccessKeyID, Secret: acct.Secret}
		base := targetSpec{Label: acct.Name, AccountID: acct.ID, Keys: k, Origin: "the sandbox"}
		switch acct.Provider {
		case "baidu":
			for _, r := range baiduRegions {
				s := base
				s.Name, s.Provider, s.Region, s.Endpoint = acct.Name+"/"+r, peering.Baidu, r, m.Baidu[r]
				specs = append(specs, s)
			}
		case "alibaba":
			for _, r := range emulator.DefaultVpcPeerRegions {
				s := base
				s.Name, s.Provider, s.Region, s.Endpoint = acct.Name+"/"+r, peering.AlibabaVPC, r, m.Alibaba
				specs = append(specs, s)
			}
			s := base
			s.Name, s.Provider, s.Endpoint = acct.Name+"/ens", peering.AlibabaENS, m.Alibaba
			specs = append(specs, s)
		}
	}
	return &sandbox{srv: srv, specs: specs}, nil
}

func (s *sandbox) close() { _ = s.srv.Close() }
