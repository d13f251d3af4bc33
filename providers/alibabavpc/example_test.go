package alibabavpc_test

import (
	"context"
	"fmt"
	"log"
	"net/netip"
	"slices"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/providers/alibabavpc"
)

// New with the emulator's sandbox account, two connections, and the
// portable listing.
func Example() {
	srv, err := emulator.Start(emulator.Options{Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	acct, _ := srv.Account("alibaba-a")

	p, err := alibabavpc.New(alibabavpc.Options{
		Credentials: alibabavpc.Credentials{AccessKeyID: acct.AccessKeyID, AccessKeySecret: acct.Secret},
		Region:      "cn-hangzhou",
		Endpoint:    srv.AlibabaEndpoint(), // a real account leaves this empty: HTTPS to vpcpeer.aliyuncs.com
		AccountID:   acct.ID,
	})
	if err != nil {
		log.Fatal(err)
	}

	// The account's fixture VPCs in the region.
	var vpcs []string
	for _, v := range srv.Alibaba.VPCs() {
		if fmt.Sprint(v.OwnerUID) == acct.ID && v.RegionID == "cn-hangzhou" {
			vpcs = append(vpcs, v.ID)
		}
	}
	ctx := context.Background()
	for i, name := range []string{"web-to-db", "web-to-cache"} {
		if _, err := p.Create(ctx, peering.CreateRequest{Name: name, LocalNetworkID: vpcs[0], PeerNetworkID: vpcs[i+1]}); err != nil {
			log.Fatal(err)
		}
	}
	srv.Clock.Advance(10 * time.Second) // same-account connections activate by themselves

	var lines []string
	for c, err := range peering.List(ctx, p, peering.Filter{NetworkID: vpcs[0]}) {
		if err != nil {
			log.Fatal(err)
		}
		lines = append(lines, fmt.Sprintf("%s %s bandwidth=%s role=%s", c.Name, c.Status, c.Bandwidth, c.Role))
	}
	slices.Sort(lines)
	for _, l := range lines {
		fmt.Println(l)
	}
	// Output:
	// web-to-cache active bandwidth=unlimited role=requester
	// web-to-db active bandwidth=unlimited role=requester
}

// Routes through a peering: read the tables, add the far VPC's block, and
// delete the connection with the route (DeleteForce) after the plain
// Delete is refused.
func ExampleClient_AddRoute() {
	srv, err := emulator.Start(emulator.Options{Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	acct, _ := srv.Account("alibaba-a")
	p, err := alibabavpc.New(alibabavpc.Options{
		Credentials: alibabavpc.Credentials{AccessKeyID: acct.AccessKeyID, AccessKeySecret: acct.Secret},
		Region:      "cn-hangzhou",
		Endpoint:    srv.AlibabaEndpoint(),
		AccountID:   acct.ID,
	})
	if err != nil {
		log.Fatal(err)
	}
	var vpcs []emulatorVPC
	for _, v := range srv.Alibaba.VPCs() {
		if fmt.Sprint(v.OwnerUID) == acct.ID && v.RegionID == "cn-hangzhou" {
			vpcs = append(vpcs, emulatorVPC{v.ID, v.IPv4CIDRs[0]})
		}
	}
	ctx := context.Background()
	id, err := p.Create(ctx, peering.CreateRequest{LocalNetworkID: vpcs[0].id, PeerNetworkID: vpcs[1].id})
	if err != nil {
		log.Fatal(err)
	}
	srv.Clock.Advance(10 * time.Second)

	if _, err := p.AddRoute(ctx, peering.RouteRequest{NetworkID: vpcs[0].id, Destination: netip.MustParsePrefix(vpcs[1].block), ConnectionID: id}); err != nil {
		log.Fatal(err)
	}
	tables, err := p.RouteTables(ctx, vpcs[0].id)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range tables[0].Routes {
		fmt.Println(r.NextHop, r.System, r.Through(id))
	}
	fmt.Println(peering.Code(p.Delete(ctx, id)))
	fmt.Println(p.DeleteForce(ctx, id))
	// Output:
	// local true false
	// peering false true
	// FailedPrecondition
	// <nil>
}

type emulatorVPC struct{ id, block string }

func ExampleClient_MoveResourceGroup() {
	srv, err := emulator.Start(emulator.Options{Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	acct, _ := srv.Account("alibaba-a")
	p, err := alibabavpc.New(alibabavpc.Options{
		Credentials: alibabavpc.Credentials{AccessKeyID: acct.AccessKeyID, AccessKeySecret: acct.Secret},
		Region:      "cn-hangzhou",
		Endpoint:    srv.AlibabaEndpoint(),
		AccountID:   acct.ID,
	})
	if err != nil {
		log.Fatal(err)
	}
	var vpcs []string
	for _, v := range srv.Alibaba.VPCs() {
		if fmt.Sprint(v.OwnerUID) == acct.ID && v.RegionID == "cn-hangzhou" {
			vpcs = append(vpcs, v.ID)
		}
	}
	ctx := context.Background()
	id, err := p.Create(ctx, peering.CreateRequest{LocalNetworkID: vpcs[0], PeerNetworkID: vpcs[1]})
	if err != nil {
		log.Fatal(err)
	}

	if err := p.MoveResourceGroup(ctx, id, "rg-acfmnetwork01"); err != nil {
		log.Fatal(err)
	}
	c, err := p.Get(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.ResourceGroupID)
	// Output: rg-acfmnetwork01
}

func ExampleClient_SetLinkType() {
	srv, err := emulator.Start(emulator.Options{Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	acct, _ := srv.Account("alibaba-a")
	p, err := alibabavpc.New(alibabavpc.Options{
		Credentials: alibabavpc.Credentials{AccessKeyID: acct.AccessKeyID, AccessKeySecret: acct.Secret},
		Region:      "cn-hangzhou",
		Endpoint:    srv.AlibabaEndpoint(),
		AccountID:   acct.ID,
	})
	if err != nil {
		log.Fatal(err)
	}
	vpcIn := func(region string) string {
		for _, v := range srv.Alibaba.VPCs() {
			if fmt.Sprint(v.OwnerUID) == acct.ID && v.RegionID == region {
				return v.ID
			}
		}
		return ""
	}
	ctx := context.Background()
	// The link type is that of an inter-region connection.
	id, err := p.Create(ctx, peering.CreateRequest{LocalNetworkID: vpcIn("cn-hangzhou"),
		PeerNetworkID: vpcIn("cn-shanghai"), PeerRegion: "cn-shanghai"})
	if err != nil {
		log.Fatal(err)
	}
	srv.Clock.Advance(10 * time.Second)

	// A dry run checks the change and makes none.
	fmt.Println(p.SetLinkType(ctx, id, alibabavpc.LinkTypePlatinum, &alibabavpc.WriteOptions{DryRun: true}))
	if err := p.SetLinkType(ctx, id, alibabavpc.LinkTypePlatinum, nil); err != nil {
		log.Fatal(err)
	}
	srv.Clock.Advance(10 * time.Second) // the connection is Updating meanwhile
	c, err := p.Get(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.Status, c.Attributes["LinkType"])
	// Output:
	// <nil>
	// active Platinum
}
