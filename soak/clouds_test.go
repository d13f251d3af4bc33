package soak_test

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/emulator/aliyun"
	"github.com/peeringkit/peering/emulator/bce"
	"github.com/peeringkit/peering/providers/alibabaens"
	"github.com/peeringkit/peering/providers/alibabavpc"
	"github.com/peeringkit/peering/providers/baidu"
)

// The regions each run's emulator serves: one per provider keeps a run
// small, and the soak is about faults, not geography.
const (
	baiduRegion   = "bj"
	vpcPeerRegion = "cn-hangzhou"
	ensNode       = "cn-xian-unicom"
)

// cloud is what a run needs from one provider: the adapter of the account
// under test, the emulator's view of what that adapter must list, fresh
// networks to create connections between, and the world's connections by
// name.
type cloud interface {
	provider() peering.Provider
	// createOp is the cloud's name of the create call, for fault rules.
	createOp() string
	// minPage is the smallest page size worth asking for.
	minPage() int
	adapter(t *testing.T) peering.Peering
	// seed adds n connections the account's listing shows.
	seed(n int) error
	// visible returns the IDs of every connection the listing must show.
	visible() map[string]bool
	// networks makes a hub and k spokes, fresh networks of the account.
	networks(k int) (hub string, spokes []string, err error)
	// label marks a create so that named finds what it makes.
	label(req *peering.CreateRequest, name string)
	// named returns the IDs of the connections labelled name.
	named(name string) []string
}

func newCloud(srv *emulator.Server, p peering.Provider, run int64) (cloud, error) {
	switch p {
	case peering.Baidu:
		a, _ := srv.Account("baidu-a")
		return &baiduCloud{srv: srv, acct: a, run: run}, nil
	case peering.AlibabaVPC, peering.AlibabaENS:
		a, _ := srv.Account("alibaba-a")
		uid, err := strconv.ParseInt(a.ID, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("alibaba account ID %q: %w", a.ID, err)
		}
		if p == peering.AlibabaVPC {
			return &vpcPeerCloud{srv: srv, acct: a, uid: uid, run: run}, nil
		}
		return &ensCloud{srv: srv, acct: a, uid: uid, run: run}, nil
	}
	return nil, fmt.Errorf("no soak for provider %q", p)
}

// block returns the i-th /24 of 10.200.0.0/14 for a run's networks, away
// from what the emulator generates (10.0.0.0/16s, and seeding's 100.64/10).
func block(i int) string { return fmt.Sprintf("10.%d.%d.0/24", 200+i/256%4, i%256) }

type baiduCloud struct {
	srv  *emulator.Server
	acct emulator.Account
	run  int64
	made int // networks made
}

func (c *baiduCloud) provider() peering.Provider { return peering.Baidu }
func (c *baiduCloud) createOp() string           { return bce.OpCreatePeerConn }
func (c *baiduCloud) minPage() int               { return 1 }

func (c *baiduCloud) adapter(t *testing.T) peering.Peering {
	p, err := baidu.New(baidu.Options{
		Credentials: baidu.Credentials{AccessKeyID: c.acct.AccessKeyID, SecretAccessKey: c.acct.Secret},
		Region:      baiduRegion,
		Endpoint:    c.srv.BaiduEndpoint(baiduRegion),
		AccountID:   c.acct.ID,
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (c *baiduCloud) seed(n int) error {
	_, err := c.srv.Baidu.Seed(c.acct.ID, baiduRegion, n)
	return err
}

// visible: the account's region list holds the connections with an end of
// the account's in the region (both ends' lists, for cross-account and
// cross-region ones).
func (c *baiduCloud) visible() map[string]bool {
	ids := make(map[string]bool)
	for _, pc := range c.srv.Baidu.PeerConns() {
		for _, e := range []bce.End{pc.Initiator, pc.Acceptor} {
			if e.AccountID == c.acct.ID && e.Region == baiduRegion {
				ids[pc.ID] = true
			}
		}
	}
	return ids
}

func (c *baiduCloud) networks(k int) (string, []string, error) {
	ids := make([]string, k+1)
	for i := range ids {
		c.made++
		ids[i] = fmt.Sprintf("vpc-soak%dx%d", c.run, c.made)
		v := bce.VPC{ID: ids[i], Name: ids[i], Region: baiduRegion, AccountID: c.acct.ID, CIDR: block(c.made)}
		if err := c.srv.Baidu.AddVPC(v); err != nil {
			return "", nil, err
		}
	}
	return ids[0], ids[1:], nil
}

// label: Baidu connections have no name; the initiator's interface name
// serves as the label.
func (c *baiduCloud) label(req *peering.CreateRequest, name string) {
	req.ProviderOptions = &baidu.CreateOptions{LocalIfName: name}
}

// named: a Baidu connection's label is its initiator's interface name.
func (c *baiduCloud) named(name string) []string {
	var ids []string
	for _, pc := range c.srv.Baidu.PeerConns() {
		if pc.Initiator.InterfaceName == name {
			ids = append(ids, pc.ID)
		}
	}
	return ids
}

type vpcPeerCloud struct {
	srv  *emulator.Server
	acct emulator.Account
	uid  int64
	run  int64
	made int
}

func (c *vpcPeerCloud) provider() peering.Provider { return peering.AlibabaVPC }
func (c *vpcPeerCloud) createOp() string           { return "CreateVpcPeerConnection" }
func (c *vpcPeerCloud) minPage() int               { return 1 }

func (c *vpcPeerCloud) adapter(t *testing.T) peering.Peering {
	p, err := alibabavpc.New(alibabavpc.Options{
		Credentials:    alibabavpc.Credentials{AccessKeyID: c.acct.AccessKeyID, AccessKeySecret: c.acct.Secret},
		Region:         vpcPeerRegion,
		Endpoint:       c.srv.AlibabaEndpoint(),
		AccountID:      c.acct.ID,
		CallsPerMinute: -1, // the emulator runs without its rate limit; throttling is a fault here
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (c *vpcPeerCloud) seed(n int) error {
	_, err := c.srv.Alibaba.SeedVpcPeer(c.uid, vpcPeerRegion, n)
	return err
}

// visible: a region's listing holds the connections with an end of the
// account's in the region.
func (c *vpcPeerCloud) visible() map[string]bool {
	ids := make(map[string]bool)
	for _, pc := range c.srv.Alibaba.VpcPeerConnections() {
		if pc.OwnerUID == c.uid && pc.RegionID == vpcPeerRegion || pc.AcceptingOwnerUID == c.uid && pc.AcceptingRegionID == vpcPeerRegion {
			ids[pc.InstanceID] = true
		}
	}
	return ids
}

func (c *vpcPeerCloud) networks(k int) (string, []string, error) {
	ids := make([]string, k+1)
	for i := range ids {
		c.made++
		ids[i] = fmt.Sprintf("vpc-soak%dx%d", c.run, c.made)
		v := aliyun.VPC{ID: ids[i], RegionID: vpcPeerRegion, OwnerUID: c.uid, IPv4CIDRs: []string{block(c.made)}}
		if err := c.srv.Alibaba.AddVPC(v); err != nil {
			return "", nil, err
		}
	}
	return ids[0], ids[1:], nil
}

func (c *vpcPeerCloud) label(req *peering.CreateRequest, name string) { req.Name = name }

func (c *vpcPeerCloud) named(name string) []string {
	var ids []string
	for _, pc := range c.srv.Alibaba.VpcPeerConnections() {
		if pc.Name == name {
			ids = append(ids, pc.InstanceID)
		}
	}
	return ids
}

type ensCloud struct {
	srv  *emulator.Server
	acct emulator.Account
	uid  int64
	run  int64
	made int
}

func (c *ensCloud) provider() peering.Provider { return peering.AlibabaENS }
func (c *ensCloud) createOp() string           { return "CreateNetworkPeerConnection" }
func (c *ensCloud) minPage() int               { return alibabaens.MinPageSize }

func (c *ensCloud) adapter(t *testing.T) peering.Peering {
	p, err := alibabaens.New(alibabaens.Options{
		Credentials: alibabaens.Credentials{AccessKeyID: c.acct.AccessKeyID, AccessKeySecret: c.acct.Secret},
		Endpoint:    c.srv.AlibabaEndpoint(),
		AccountID:   c.acct.ID,
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (c *ensCloud) seed(n int) error {
	_, err := c.srv.Alibaba.SeedENS(c.uid, ensNode, n)
	return err
}

// visible: the ENS API is central: the listing holds all the account's
// connections, on every node.
func (c *ensCloud) visible() map[string]bool {
	ids := make(map[string]bool)
	for _, pc := range c.srv.Alibaba.NetworkPeerConnections() {
		if pc.OwnerUID == c.uid {
			ids[pc.InstanceID] = true
		}
	}
	return ids
}

func (c *ensCloud) networks(k int) (string, []string, error) {
	ids := make([]string, k+1)
	for i := range ids {
		c.made++
		ids[i] = fmt.Sprintf("n-soak%dx%d", c.run, c.made)
		n := aliyun.Network{ID: ids[i], EnsRegionID: ensNode, OwnerUID: c.uid, IPv4CIDRs: []string{block(c.made)}}
		if err := c.srv.Alibaba.AddNetwork(n); err != nil {
			return "", nil, err
		}
	}
	return ids[0], ids[1:], nil
}

func (c *ensCloud) label(req *peering.CreateRequest, name string) { req.Name = name }

func (c *ensCloud) named(name string) []string {
	var ids []string
	for _, pc := range c.srv.Alibaba.NetworkPeerConnections() {
		if pc.Name == name {
			ids = append(ids, pc.InstanceID)
		}
	}
	return ids
}
