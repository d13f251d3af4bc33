package emulatorharness

import (
	"context"
	"fmt"
	"net/http/httptest"
	"slices"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/conformance"
	"github.com/peeringkit/peering/emulator/aliyun"
	"github.com/peeringkit/peering/emulator/bce"
)

// estate is the connections made for the suite's exact-count checks. It
// only grows: the suite asks for counts in increasing order, and a smaller
// count starts a new estate.
type estate struct {
	peering peering.Peering
	filter  peering.Filter
	ids     []string
	// grow adds k connections and returns their IDs.
	grow func(ctx context.Context, k int) ([]string, error)
}

// Estate returns n connections of account A and how to list exactly them.
//
// Baidu's are seeded directly (the API's quotas would refuse them) in a
// region of their own, served by a listener the harness adds. VpcPeer's and
// ENS's are made through the adapter's own Create, between a network made
// for the estate and a fresh one each: both APIs allow one connection per
// pair of networks.
func (h *harness) Estate(ctx context.Context, n int) (conformance.Estate, error) {
	h.estateMu.Lock()
	defer h.estateMu.Unlock()
	if h.estate == nil || n < len(h.estate.ids) {
		es, err := h.newEstate(ctx)
		if err != nil {
			return conformance.Estate{}, err
		}
		h.estate = es
	}
	es := h.estate
	if k := n - len(es.ids); k > 0 {
		more, err := es.grow(ctx, k)
		es.ids = append(es.ids, more...)
		if err != nil {
			return conformance.Estate{}, fmt.Errorf("emulatorharness: growing an estate to %d connections: %w", n, err)
		}
	}
	return conformance.Estate{Peering: es.peering, Filter: es.filter, IDs: slices.Clone(es.ids)}, nil
}

func (h *harness) newEstate(ctx context.Context) (*estate, error) {
	h.estates++
	switch h.cfg.Provider {
	case peering.Baidu:
		return h.baiduEstate()
	case peering.AlibabaVPC:
		return h.vpcPeerEstate(ctx)
	default:
		return h.ensEstate(ctx)
	}
}

func (h *harness) baiduEstate() (*estate, error) {
	region := baiduEstateRegion
	if h.estates > 1 {
		region = fmt.Sprintf("%s-%d", baiduEstateRegion, h.estates)
	}
	srv := httptest.NewServer(h.srv.Baidu.Handler(region))
	h.mu.Lock()
	h.servers = append(h.servers, srv)
	h.mu.Unlock()
	a := h.accts[0]
	p, err := h.cfg.New(Target{Account: a, Region: region, Endpoint: srv.URL})
	if err != nil {
		return nil, err
	}
	return &estate{peering: p, grow: func(ctx context.Context, k int) ([]string, error) {
		return h.srv.Baidu.Seed(a.ID, region, k)
	}}, nil
}

func (h *harness) vpcPeerEstate(ctx context.Context) (*estate, error) {
	return h.hubEstate(ctx, "vpc-estate", func(id string, owner int64) error {
		return h.srv.Alibaba.AddVPC(aliyun.VPC{ID: id, RegionID: h.region, OwnerUID: owner, IPv4CIDRs: []string{h.block()}})
	})
}

func (h *harness) ensEstate(ctx context.Context) (*estate, error) {
	return h.hubEstate(ctx, "n-estate", func(id string, owner int64) error {
		return h.srv.Alibaba.AddNetwork(aliyun.Network{ID: id, EnsRegionID: h.region, OwnerUID: owner, IPv4CIDRs: []string{h.block()}})
	})
}

// hubEstate makes an estate of account A's connections, made through the
// adapter, from a network added for the estate (its ID starts with prefix)
// to a fresh network each; add adds a network of the owner's in the
// harness's region.
func (h *harness) hubEstate(ctx context.Context, prefix string, add func(id string, owner int64) error) (*estate, error) {
	p, err := h.Peering(ctx, conformance.AccountA)
	if err != nil {
		return nil, err
	}
	owner, err := uid(h.accts[0])
	if err != nil {
		return nil, err
	}
	hub := fmt.Sprintf("%s%d", prefix, h.estates)
	if err := add(hub, owner); err != nil {
		return nil, err
	}
	peers := 0
	return &estate{
		peering: p,
		filter:  peering.Filter{NetworkID: hub},
		grow: func(ctx context.Context, k int) ([]string, error) {
			return create(ctx, p, k, func(int) (string, string, error) {
				peers++
				spoke := fmt.Sprintf("%sx%d", hub, peers)
				return hub, spoke, add(spoke, owner)
			})
		},
	}, nil
}

// create makes k connections through p between the networks pair names.
func create(ctx context.Context, p peering.Peering, k int, pair func(i int) (string, string, error)) ([]string, error) {
	ids := make([]string, 0, k)
	for i := range k {
		local, peer, err := pair(i)
		if err != nil {
			return ids, err
		}
		req := peering.CreateRequest{Name: "estate", LocalNetworkID: local, PeerNetworkID: peer}
		if p.Capabilities().CreateNeedsBandwidth {
			req.Bandwidth = peering.Mbps(10)
		}
		id, err := p.Create(ctx, req)
		if err != nil {
			return ids, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// block returns a fresh /28 for a network the harness adds, under
// 10.250.0.0/16, away from what Generate hands out.
func (h *harness) block() string {
	h.blocks++
	return fmt.Sprintf("10.250.%d.%d/28", h.blocks/16%256, h.blocks%16*16)
}

// NewNetwork adds a network of acct in the harness's region (a Baidu or
// Alibaba VPC, or an ENS network on the fixtures' node) with a block of its
// own, for the checks that build estates of routes.
func (h *harness) NewNetwork(ctx context.Context, acct conformance.Account) (conformance.Network, error) {
	h.estateMu.Lock()
	defer h.estateMu.Unlock()
	a := h.accts[acct]
	block := h.block()
	id := fmt.Sprintf("vpc-routes%d", h.blocks)
	var err error
	switch h.cfg.Provider {
	case peering.Baidu:
		err = h.srv.Baidu.AddVPC(bce.VPC{ID: id, Name: id, Region: h.region, AccountID: a.ID, CIDR: block})
	case peering.AlibabaVPC:
		var owner int64
		if owner, err = uid(a); err == nil {
			err = h.srv.Alibaba.AddVPC(aliyun.VPC{ID: id, RegionID: h.region, OwnerUID: owner, IPv4CIDRs: []string{block}})
		}
	default:
		id = fmt.Sprintf("n-routes%d", h.blocks)
		var owner int64
		if owner, err = uid(a); err == nil {
			err = h.srv.Alibaba.AddNetwork(aliyun.Network{ID: id, EnsRegionID: h.region, OwnerUID: owner, IPv4CIDRs: []string{block}})
		}
	}
	if err != nil {
		return conformance.Network{}, fmt.Errorf("emulatorharness: adding a network of account %s: %w", acct, err)
	}
	return withBlocks(conformance.Network{ID: id, Region: h.region, AccountID: a.ID}, []string{block}, nil)
}
