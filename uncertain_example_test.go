package peering_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/emulator/fault"
	"github.com/peeringkit/peering/providers/baidu"
)

// A create whose answers are all lost may have made the connection. The
// error says so and carries the token its attempts used: sending the same
// request again with that token gets the connection, instead of a second
// one.
func ExampleUncertainWriteError() {
	srv, err := emulator.Start(emulator.Options{Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	acct, _ := srv.Account("baidu-a")
	p, err := baidu.New(baidu.Options{
		Credentials: baidu.Credentials{AccessKeyID: acct.AccessKeyID, SecretAccessKey: acct.Secret},
		Region:      "bj",
		Endpoint:    srv.BaiduEndpoint("bj"),
		MaxAttempts: 2,
	})
	if err != nil {
		log.Fatal(err)
	}
	var vpcs []string // two of the account's VPCs in bj
	for _, v := range srv.Baidu.VPCs() {
		if v.AccountID == acct.ID && v.Region == "bj" && len(vpcs) < 2 {
			vpcs = append(vpcs, v.ID)
		}
	}
	// The emulator makes the connection, then drops the answer, twice.
	srv.Faults.Add(fault.Rule{Provider: "baidu", Operation: "CreatePeerConn", Kind: fault.DropResponse, Count: 2})

	ctx := context.Background()
	req := peering.CreateRequest{LocalNetworkID: vpcs[0], PeerNetworkID: vpcs[1], Bandwidth: peering.Mbps(100)}
	id, err := p.Create(ctx, req)
	var uw *peering.UncertainWriteError
	if errors.As(err, &uw) {
		fmt.Println("outcome unknown:", peering.Code(err))
		req.ClientToken = uw.ClientToken // the same request, with the token its attempts used
		id, err = p.Create(ctx, req)
	}
	if err != nil {
		log.Fatal(err)
	}
	conns, err := peering.Collect(ctx, p, peering.Filter{NetworkID: vpcs[0]})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(conns), "connection:", conns[0].ID == id)
	// Output:
	// outcome unknown: Unavailable
	// 1 connection: true
}
