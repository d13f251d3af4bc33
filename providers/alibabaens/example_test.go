package alibabaens_test

import (
	"context"
	"fmt"
	"log"
	"net/netip"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/providers/alibabaens"
)

// New with the emulator's sandbox account, one connection, and the
// portable listing (which uses the adapter's concurrent List).
func Example() {
	srv, err := emulator.Start(emulator.Options{Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	acct, _ := srv.Account("alibaba-a")

	p, err := alibabaens.New(alibabaens.Options{
		Credentials: alibabaens.Credentials{AccessKeyID: acct.AccessKeyID, AccessKeySecret: acct.Secret},
		Endpoint:    srv.AlibabaEndpoint(), // a real account leaves this empty: HTTPS to ens.aliyuncs.com
	})
	if err != nil {
		log.Fatal(err)
	}

	// Two of the account's fixture networks on one ENS node.
	var nets []string
	for _, n := range srv.Alibaba.Networks() {
		if fmt.Sprint(n.OwnerUID) == acct.ID && n.EnsRegionID == "cn-xian-unicom" {
			nets = append(nets, n.ID)
		}
	}
	ctx := context.Background()
	if _, err := p.Create(ctx, peering.CreateRequest{Name: "edge-peering", LocalNetworkID: nets[0], PeerNetworkID: nets[1]}); err != nil {
		log.Fatal(err)
	}
	srv.Clock.Advance(10 * time.Second)

	for c, err := range peering.List(ctx, p, peering.Filter{}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(c.Name, c.Status, c.Requester.Region, c.Bandwidth, c.Role, c.Requester.NetworkID == nets[0], c.Accepter.NetworkID == nets[1])
	}
	// Output:
	// edge-peering active cn-xian-unicom unknown requester true true
}

// A route through a network peer connection to the far network's block.
func ExampleClient_AddRoute() {
	srv, err := emulator.Start(emulator.Options{Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	acct, _ := srv.Account("alibaba-a")
	p, err := alibabaens.New(alibabaens.Options{
		Credentials: alibabaens.Credentials{AccessKeyID: acct.AccessKeyID, AccessKeySecret: acct.Secret},
		Endpoint:    srv.AlibabaEndpoint(),
	})
	if err != nil {
		log.Fatal(err)
	}
	var nets []alibabaensNet
	for _, n := range srv.Alibaba.Networks() {
		if fmt.Sprint(n.OwnerUID) == acct.ID && n.EnsRegionID == "cn-xian-unicom" {
			nets = append(nets, alibabaensNet{n.ID, n.IPv4CIDRs[0]})
		}
	}
	ctx := context.Background()
	id, err := p.Create(ctx, peering.CreateRequest{LocalNetworkID: nets[0].id, PeerNetworkID: nets[1].id})
	if err != nil {
		log.Fatal(err)
	}
	srv.Clock.Advance(10 * time.Second)
	if _, err := p.AddRoute(ctx, peering.RouteRequest{NetworkID: nets[0].id, Destination: netip.MustParsePrefix(nets[1].block), ConnectionID: id}); err != nil {
		log.Fatal(err)
	}
	tables, err := p.RouteTables(ctx, nets[0].id)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range tables[0].Routes {
		fmt.Println(r.NextHop, r.NextHopType, r.Through(id))
	}
	// Output:
	// local local false
	// peering NetworkPeer true
}

type alibabaensNet struct{ id, block string }
