package alibabavpc_test

import (
	"context"
	"fmt"
	"log"
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
