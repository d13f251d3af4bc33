package inventory_test

import (
	"context"
	"fmt"
	"log"
	"net/netip"
	"os"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/inventory"
	"github.com/peeringkit/peering/providers/baidu"
)

// Collect lists several targets at once; here, two Baidu accounts in every
// region of the emulator. A peering between the two accounts is seen by both
// and merged into one record.
func ExampleCollect() {
	srv, err := emulator.Start(emulator.Options{Seed: 1, Connections: 3})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	var targets []inventory.Target
	for _, name := range []string{"baidu-a", "baidu-b"} {
		acct, _ := srv.Account(name)
		for _, region := range []string{"bj", "gz", "su"} {
			p, err := baidu.New(baidu.Options{
				Credentials: baidu.Credentials{AccessKeyID: acct.AccessKeyID, SecretAccessKey: acct.Secret},
				Region:      region,
				Endpoint:    srv.BaiduEndpoint(region),
				AccountID:   acct.ID,
			})
			if err != nil {
				log.Fatal(err)
			}
			targets = append(targets, inventory.Target{Name: name + "/" + region, Account: name, Region: region, Peering: p})
		}
	}

	inv, err := inventory.Collect(context.Background(), targets, inventory.Options{Now: srv.Clock.Now})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d connections from %d targets, %d failed\n", inv.Records.Len(), inv.Targets, len(inv.Errors))
	for _, r := range inv.Records.All() {
		if len(r.SeenBy) == 2 {
			fmt.Printf("%s is seen by %s (%s) and %s (%s)\n", r.ID,
				r.SeenBy[0].Target, r.SeenBy[0].Role, r.SeenBy[1].Target, r.SeenBy[1].Role)
		}
	}
	// Output:
	// 18 connections from 6 targets, 0 failed
	// peerconn-51v7h1up1d4t is seen by baidu-a/gz (requester) and baidu-b/bj (accepter)
	// peerconn-s68fjpqpirex is seen by baidu-a/bj (accepter) and baidu-b/gz (requester)
	// peerconn-tks834f3ib34 is seen by baidu-b/gz (requester) and baidu-b/su (accepter)
	// peerconn-wrlmcjgpsp1f is seen by baidu-a/su (requester) and baidu-b/su (accepter)
}

// Render writes the same inventory in any format; Analyze builds one from
// records gathered elsewhere.
func ExampleRender() {
	p := netip.MustParsePrefix
	records := []inventory.Record{
		{Connection: peering.Connection{
			Provider: peering.AlibabaVPC, ID: "pcc-hub-a", Status: peering.StatusActive, Bandwidth: peering.BandwidthUnlimited,
			Requester: peering.Endpoint{NetworkID: "vpc-hub", Region: "cn-hangzhou", IPv4CIDRs: []netip.Prefix{p("10.0.0.0/16")}},
			Accepter:  peering.Endpoint{NetworkID: "vpc-a", Region: "cn-hangzhou", IPv4CIDRs: []netip.Prefix{p("10.1.0.0/16")}},
		}},
		{Connection: peering.Connection{
			Provider: peering.AlibabaVPC, ID: "pcc-hub-b", Status: peering.StatusActive, Bandwidth: 500,
			Requester: peering.Endpoint{NetworkID: "vpc-hub", Region: "cn-hangzhou", IPv4CIDRs: []netip.Prefix{p("10.0.0.0/16")}},
			Accepter:  peering.Endpoint{NetworkID: "vpc-b", Region: "cn-shanghai", IPv4CIDRs: []netip.Prefix{p("10.1.128.0/17")}},
		}},
	}
	inv := inventory.Analyze(records, inventory.Options{Now: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }})
	if err := inventory.Render(os.Stdout, inv, inventory.Table); err != nil {
		log.Fatal(err)
	}
	// Output:
	// ID         PROVIDER     STATUS  REQUESTER  ACCEPTER  BANDWIDTH  ACCOUNT  REACH
	// pcc-hub-a  alibaba-vpc  active  vpc-hub    vpc-a     unlimited  -        -
	// pcc-hub-b  alibaba-vpc  active  vpc-hub    vpc-b     500Mbps    -        -
	//
	// FINDINGS
	// warning  peer-cidr-overlap  alibaba-vpc network vpc-hub is peered with vpc-a (pcc-hub-a) and vpc-b (pcc-hub-b), whose
	//                             address blocks overlap (10.1.0.0/16 ~ 10.1.128.0/17): it cannot route the shared range to
	//                             both
	//
	// 2 connections between 3 networks; 1 finding
}

// AnalyzeRoutes judges each peering each way from route tables read
// elsewhere; Inventory.Reach holds the verdicts, with the routes that carry
// each direction.
func ExampleAnalyzeRoutes() {
	p := netip.MustParsePrefix
	records := []inventory.Record{{Connection: peering.Connection{
		Provider: peering.AlibabaVPC, ID: "pcc-1", Status: peering.StatusActive,
		Requester: peering.Endpoint{NetworkID: "vpc-a", IPv4CIDRs: []netip.Prefix{p("10.0.0.0/16")}},
		Accepter:  peering.Endpoint{NetworkID: "vpc-b", IPv4CIDRs: []netip.Prefix{p("10.1.0.0/16")}},
	}}}
	tables := func(network, dst string) inventory.NetworkRoutes {
		t := peering.RouteTable{Provider: peering.AlibabaVPC, ID: "vtb-" + network, NetworkID: network, System: true}
		if dst != "" {
			t.Routes = []peering.Route{{ID: "rte-" + network, Destination: p(dst), NextHop: peering.NextHopPeering, NextHopType: "VpcPeer", NextHopID: "pcc-1"}}
		}
		return inventory.NetworkRoutes{Network: inventory.Ref{Provider: peering.AlibabaVPC, ID: network}, Tables: []peering.RouteTable{t}}
	}
	inv := inventory.AnalyzeRoutes(records, []inventory.NetworkRoutes{tables("vpc-a", "10.1.0.0/16"), tables("vpc-b", "")}, inventory.Options{})
	for _, r := range inv.Reach {
		fmt.Printf("%s: %s\n", r.Connection, r.Verdict)
		for _, d := range []inventory.Direction{r.ToAccepter, r.ToRequester} {
			fmt.Printf("  %s to %s: %s %v, missing %v\n", d.From.ID, d.To.ID, d.Verdict, d.Routes, d.Missing)
		}
	}
	// Output:
	// alibaba-vpc/pcc-1: one-way
	//   vpc-a to vpc-b: routed [10.1.0.0/16 via VpcPeer pcc-1 in vtb-vpc-a (rte-vpc-a)], missing []
	//   vpc-b to vpc-a: none [], missing [10.0.0.0/16]
}
