// Lists the VpcPeer connections of one account in Hangzhou and its ENS
// network peerings with darabonba-openapi's generic client
// (ACS3-HMAC-SHA256), against `peerctl emulate`.
package main

import (
	"fmt"
	"log"
	"os"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/dara"
)

func main() {
	cfg := &openapi.Config{
		AccessKeyId:     dara.String(os.Getenv("ALIBABA_CLOUD_ACCESS_KEY_ID")),
		AccessKeySecret: dara.String(os.Getenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET")),
		Endpoint:        dara.String(os.Getenv("EMULATOR_ALIBABA")), // host:port, no scheme
		Protocol:        dara.String("HTTP"),
		RegionId:        dara.String("cn-hangzhou"),
	}
	if ca := os.Getenv("EMULATOR_CA"); ca != "" { // peerctl emulate --tls
		pem, err := os.ReadFile(ca)
		if err != nil {
			log.Fatal(err)
		}
		cfg.Protocol, cfg.Ca = dara.String("HTTPS"), dara.String(string(pem))
	}
	c, err := openapi.NewClient(cfg)
	if err != nil {
		log.Fatal(err)
	}
	call := func(action, version string, query map[string]*string) map[string]any {
		params := &openapi.Params{
			Action: dara.String(action), Version: dara.String(version),
			Protocol: cfg.Protocol, Pathname: dara.String("/"), Method: dara.String("POST"),
			AuthType: dara.String("AK"), Style: dara.String("RPC"),
			ReqBodyType: dara.String("formData"), BodyType: dara.String("json"),
		}
		resp, err := c.CallApi(params, &openapi.OpenApiRequest{Query: query}, &dara.RuntimeOptions{})
		if err != nil {
			log.Fatal(err)
		}
		return resp["body"].(map[string]any)
	}
	peers := call("ListVpcPeerConnections", "2022-01-01", map[string]*string{"RegionId": cfg.RegionId})
	fmt.Println("vpcpeer total", peers["TotalCount"])
	for _, pc := range peers["VpcPeerConnects"].([]any) {
		pc := pc.(map[string]any)
		fmt.Println("peering", pc["InstanceId"], pc["Status"])
	}
	ens := call("DescribeNetworkPeerConnections", "2017-11-10", nil)
	fmt.Println("ens total", ens["TotalCount"])
}
