// Lists the Baidu peering connections and VPCs of one account with
// bce-sdk-go, against `peerctl emulate`.
package main

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"log"
	"net/http"
	"os"

	"github.com/baidubce/bce-sdk-go/services/vpc"
)

func main() {
	c, err := vpc.NewClient(os.Getenv("BCE_ACCESS_KEY_ID"), os.Getenv("BCE_SECRET_ACCESS_KEY"), os.Getenv("EMULATOR_BAIDU"))
	if err != nil {
		log.Fatal(err)
	}
	if ca := os.Getenv("EMULATOR_CA"); ca != "" { // peerctl emulate --tls
		pem, err := os.ReadFile(ca)
		if err != nil {
			log.Fatal(err)
		}
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM(pem)
		c.HTTPClient = &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	}
	conns, err := c.ListPeerConn(&vpc.ListPeerConnsArgs{})
	if err != nil {
		log.Fatal(err)
	}
	for _, pc := range conns.PeerConns {
		fmt.Println("peering", pc.PeerConnId, pc.Status, pc.LocalVpcId, "->", pc.PeerVpcId)
	}
	vpcs, err := c.ListVPC(&vpc.ListVPCArgs{})
	if err != nil {
		log.Fatal(err)
	}
	for _, v := range vpcs.VPCs {
		fmt.Println("vpc", v.VPCID, v.Cidr)
	}
}
