package peering_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/providers/baidu"
)

// The examples run the Baidu adapter against the emulator, so they need no
// account; with a real one, build the adapter without Endpoint and with real
// credentials, and the rest stays the same.

// sandbox starts an emulator with n connections for account baidu-a in bj
// and returns an adapter for that account and region.
func sandbox(n int) (*emulator.Server, peering.Peering) {
	srv, err := emulator.Start(emulator.Options{Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	srv.Clock.Freeze() // time moves only when an example says so
	acct, _ := srv.Account("baidu-a")
	if n > 0 {
		if _, err := srv.Baidu.Seed(acct.ID, "bj", n); err != nil {
			log.Fatal(err)
		}
	}
	p, err := baidu.New(baidu.Options{
		Credentials: baidu.Credentials{AccessKeyID: acct.AccessKeyID, SecretAccessKey: acct.Secret},
		Region:      "bj",
		Endpoint:    srv.BaiduEndpoint("bj"),
	})
	if err != nil {
		log.Fatal(err)
	}
	return srv, p
}

func ExampleList() {
	srv, p := sandbox(2500)
	defer srv.Close()

	// List walks the pages (here three of up to 1000) and yields each
	// connection once; breaking out of the loop stops the walk.
	n := 0
	for c, err := range peering.List(context.Background(), p, peering.Filter{}) {
		if err != nil {
			log.Fatal(err)
		}
		if c.Status == peering.StatusActive {
			n++
		}
	}
	fmt.Println(n, "active connections")
	// Output: 2500 active connections
}

func ExamplePaginator() {
	srv, p := sandbox(2500)
	defer srv.Close()

	// A Paginator gives the listing a page at a time, with List's
	// guarantees: each connection once, the filter applied to the whole
	// listing. Here pages of 1000, and a filter on two IDs that the
	// adapter cannot send to the API, so every page is read.
	all, err := peering.Collect(context.Background(), p, peering.Filter{})
	if err != nil {
		log.Fatal(err)
	}
	f := peering.Filter{IDs: []string{all[0].ID, all[2499].ID}}
	pg := peering.NewPaginator(p, f)
	for page := 1; pg.HasMorePages(); page++ {
		conns, err := pg.NextPage(context.Background())
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("page %d: %d of the two\n", page, len(conns))
	}
	// Output:
	// page 1: 1 of the two
	// page 2: 0 of the two
	// page 3: 1 of the two
}

func ExampleCollect() {
	srv, p := sandbox(3)
	defer srv.Close()

	conns, err := peering.Collect(context.Background(), p, peering.Filter{PageSize: 2})
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range conns {
		fmt.Println(c.Provider, c.Status, c.Bandwidth, c.Role)
	}
	// Output:
	// baidu active 100Mbps requester
	// baidu active 100Mbps requester
	// baidu active 100Mbps requester
}

func ExampleWaitFor() {
	srv, p := sandbox(0)
	defer srv.Close()
	ctx := context.Background()

	var vpcs []string // two VPCs of the account in bj, from the emulator's fixtures
	acct, _ := srv.Account("baidu-a")
	for _, v := range srv.Baidu.VPCs() {
		if v.AccountID == acct.ID && v.Region == "bj" && len(vpcs) < 2 {
			vpcs = append(vpcs, v.ID)
		}
	}
	id, err := p.Create(ctx, peering.CreateRequest{
		LocalNetworkID: vpcs[0], PeerNetworkID: vpcs[1], Bandwidth: peering.Mbps(50),
	})
	if err != nil {
		log.Fatal(err)
	}
	c, _ := p.Get(ctx, id)
	fmt.Println("after create:", c.Status)

	srv.Clock.Advance(time.Minute) // the emulator's clock; a real cloud takes its own time
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	c, err = peering.WaitFor(ctx, p, id, peering.StatusActive)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("after wait:", c.Status, c.Bandwidth)
	// Output:
	// after create: pending
	// after wait: active 50Mbps
}

func ExampleCode() {
	srv, p := sandbox(0)
	defer srv.Close()

	_, err := p.Get(context.Background(), "peerconn-000000000000")
	switch peering.Code(err) {
	case peering.NotFound:
		fmt.Println("no such connection")
	case peering.ResourceExhausted, peering.Unavailable:
		fmt.Println("try again later")
	default:
		fmt.Println("failed:", err)
	}
	fmt.Println(errors.Is(err, peering.ErrNotFound))

	// Input errors are found before any request is sent.
	_, err = p.Get(context.Background(), "")
	fmt.Println(peering.Code(err))
	// Output:
	// no such connection
	// true
	// InvalidArgument
}
