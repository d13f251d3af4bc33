package baidu_test

import (
	"context"
	"fmt"
	"log"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/providers/baidu"
)

// The examples run against the emulator; with a real account, leave out
// Endpoint and set the credentials (or BCE_ACCESS_KEY_ID and
// BCE_SECRET_ACCESS_KEY in the environment).

func ExampleNew() {
	srv, err := emulator.Start(emulator.Options{Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	acct, _ := srv.Account("baidu-a")
	if _, err := srv.Baidu.Seed(acct.ID, "bj", 3); err != nil { // three connections to list
		log.Fatal(err)
	}

	p, err := baidu.New(baidu.Options{
		Credentials: baidu.Credentials{AccessKeyID: acct.AccessKeyID, SecretAccessKey: acct.Secret},
		Region:      "bj",
		Endpoint:    srv.BaiduEndpoint("bj"),
	})
	if err != nil {
		log.Fatal(err)
	}
	for c, err := range peering.List(context.Background(), p, peering.Filter{}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(c.Status, c.Bandwidth, c.Role, len(c.Requester.IPv4CIDRs), len(c.Accepter.IPv4CIDRs))
	}
	// Output:
	// active 100Mbps requester 1 1
	// active 100Mbps requester 1 1
	// active 100Mbps requester 1 1
}

func ExampleClient_Create() {
	srv, err := emulator.Start(emulator.Options{Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	srv.Clock.Freeze() // the status printed below must not move on by itself
	acct, _ := srv.Account("baidu-a")
	var vpcs []string // two of the account's VPCs in bj
	for _, v := range srv.Baidu.VPCs() {
		if v.AccountID == acct.ID && v.Region == "bj" && len(vpcs) < 2 {
			vpcs = append(vpcs, v.ID)
		}
	}

	p, err := baidu.New(baidu.Options{
		Credentials: baidu.Credentials{AccessKeyID: acct.AccessKeyID, SecretAccessKey: acct.Secret},
		Region:      "bj",
		Endpoint:    srv.BaiduEndpoint("bj"),
		AccountID:   acct.ID,
	})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	id, err := p.Create(ctx, peering.CreateRequest{
		Description:    "app to data",
		LocalNetworkID: vpcs[0],
		PeerNetworkID:  vpcs[1],
		Bandwidth:      peering.Mbps(100), // required by Baidu
		Tags:           map[string]string{"env": "prod"},
		ProviderOptions: &baidu.CreateOptions{
			LocalIfName:   "to-data",
			PeerIfName:    "from-app",
			DeleteProtect: true,
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	c, err := p.Get(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.Attributes["localIfName"], c.Status, c.Bandwidth, c.Tags["env"], c.Attributes["paymentTiming"], c.Attributes["deleteProtect"])
	fmt.Println(peering.Code(p.Delete(ctx, id))) // protected
	// Output:
	// to-data pending 100Mbps prod Postpaid true
	// FailedPrecondition
}

// Routes: a peering carries traffic only once each side routes the other's
// block through it. AddRoute adds the rule on one side; RouteTables shows
// it, with the connection as next hop.
func ExampleClient_AddRoute() {
	srv, err := emulator.Start(emulator.Options{Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	acct, _ := srv.Account("baidu-a")
	ids, err := srv.Baidu.Seed(acct.ID, "bj", 1) // an active connection between two VPCs
	if err != nil {
		log.Fatal(err)
	}
	p, err := baidu.New(baidu.Options{
		Credentials: baidu.Credentials{AccessKeyID: acct.AccessKeyID, SecretAccessKey: acct.Secret},
		Region:      "bj",
		Endpoint:    srv.BaiduEndpoint("bj"),
		AccountID:   acct.ID,
	})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	conn, err := p.Get(ctx, ids[0])
	if err != nil {
		log.Fatal(err)
	}
	near, far := conn.Requester, conn.Accepter
	if _, err := p.AddRoute(ctx, peering.RouteRequest{
		NetworkID:    near.NetworkID, // its one table: TableID "" picks it
		Destination:  far.IPv4CIDRs[0],
		ConnectionID: conn.ID,
		Description:  "to the peer",
	}); err != nil {
		log.Fatal(err)
	}
	tables, err := p.RouteTables(ctx, near.NetworkID)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range tables[0].Routes {
		fmt.Println(r.Destination, r.NextHop, r.NextHopType, r.System, r.Through(conn.ID))
	}
	// Output:
	// 10.0.0.0/24 local system true false
	// 10.0.1.0/24 peering peerConn false true
}
