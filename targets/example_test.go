package targets_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/targets"
)

// The examples point the targets at the emulator, so they need no account;
// with a real one, leave out endpoint and set real credentials.

// Load a configuration, expand it into targets and open each: the set-up
// peerctl makes.
func ExampleLoad() {
	srv, err := emulator.Start(emulator.Options{Seed: 1, Connections: 3})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	acct, _ := srv.Account("baidu-a")
	os.Setenv("EXAMPLE_BCE_AK", acct.AccessKeyID)
	os.Setenv("EXAMPLE_BCE_SK", acct.Secret)

	file := filepath.Join(os.TempDir(), "targets-example.yaml")
	yaml := fmt.Sprintf(`targets:
  - name: prod-baidu
    provider: baidu
    regions: [bj, gz]
    accountId: %q
    endpoints: {bj: %s, gz: %s}
    credentials: {accessKeyIdEnv: EXAMPLE_BCE_AK, secretEnv: EXAMPLE_BCE_SK}
`, acct.ID, srv.BaiduEndpoint("bj"), srv.BaiduEndpoint("gz"))
	if err := os.WriteFile(file, []byte(yaml), 0o600); err != nil {
		log.Fatal(err)
	}
	defer os.Remove(file)

	cfg, err := targets.Load(file)
	if err != nil {
		log.Fatal(err) // names the file and line: "targets-example.yaml:4: ..."
	}
	ts, err := cfg.Targets()
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range ts {
		p, err := t.Open(targets.OpenOptions{})
		if err != nil {
			log.Fatal(err)
		}
		conns, err := peering.Collect(context.Background(), p, peering.Filter{})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(t.Name, len(conns) > 0)
	}
	// Output:
	// prod-baidu/bj true
	// prod-baidu/gz true
}

// A configuration mistake names the file and line.
func ExampleParse() {
	_, err := targets.Parse("peering.yaml", []byte(`targets:
  - name: shop
    provider: alibaba-vpc
    acountId: "1234567890123456"
`))
	fmt.Println(err)
	// Output: peering.yaml:4: unknown field "acountId" (known here: name, provider, regions, accountId, endpoint, endpoints, profile, credentials)
}

// A program without a file fills in a Target: here the sandbox account's
// keys in hand; without Keys, the provider's usual variables are read.
func ExampleTarget_Open() {
	srv, err := emulator.Start(emulator.Options{Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	acct, _ := srv.Account("alibaba-a")
	p, err := targets.Target{
		Provider:  peering.AlibabaVPC,
		Region:    "cn-hangzhou",
		Endpoint:  srv.AlibabaEndpoint(),
		AccountID: acct.ID,
		Keys:      &targets.Keys{AccessKeyID: acct.AccessKeyID, Secret: acct.Secret},
	}.Open(targets.OpenOptions{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.Provider())
	// Output: alibaba-vpc
}
