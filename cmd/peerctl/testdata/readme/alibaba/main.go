// Lists the VpcPeer connections of one account in Hangzhou with
// alibaba-cloud-sdk-go (signature v1), against `peerctl emulate`.
package main

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"log"
	"net/http"
	"os"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpcpeer"
)

func main() {
	cfg := sdk.NewConfig().WithScheme("HTTP")
	if ca := os.Getenv("EMULATOR_CA"); ca != "" { // peerctl emulate --tls
		pem, err := os.ReadFile(ca)
		if err != nil {
			log.Fatal(err)
		}
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM(pem)
		cfg = cfg.WithScheme("HTTPS").WithHttpTransport(&http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}})
	}
	c, err := vpcpeer.NewClientWithOptions("cn-hangzhou", cfg, credentials.NewAccessKeyCredential(
		os.Getenv("ALIBABA_CLOUD_ACCESS_KEY_ID"), os.Getenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET")))
	if err != nil {
		log.Fatal(err)
	}
	c.Domain = os.Getenv("EMULATOR_ALIBABA") // host:port, no scheme
	req := vpcpeer.CreateListVpcPeerConnectionsRequest()
	req.RegionId = "cn-hangzhou"
	resp, err := c.ListVpcPeerConnections(req)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("total", resp.TotalCount)
	for _, pc := range resp.VpcPeerConnects {
		fmt.Println("peering", pc.InstanceId, pc.Status, pc.Vpc.VpcId, "->", pc.AcceptingVpc.VpcId)
	}
}
