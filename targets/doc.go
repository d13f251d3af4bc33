// Package targets is the one way to set up the adapters of this module from
// a configuration: it loads the YAML file peerctl reads, checks it with
// messages that name the file and line, expands it into targets (one per
// account and region) and builds a peering.Peering for each, with the
// credentials found the way each provider's own tools find them.
//
// The file lists targets:
//
//	targets:
//	  - name: prod-baidu              # names the target in output and errors
//	    provider: baidu               # baidu, alibaba-vpc or alibaba-ens
//	    regions: [bj, gz]             # one target per region (not for alibaba-ens)
//	    accountId: "0123456789abcdef" # optional: fills in roles and the default peer account
//	    credentials:                  # names of environment variables, never the keys
//	      accessKeyIdEnv: BCE_PROD_AK
//	      secretEnv: BCE_PROD_SK
//	      tokenEnv: BCE_PROD_TOKEN    # optional, for temporary (STS) credentials
//	  - name: shop-edge
//	    provider: alibaba-ens         # one target covers every ENS node
//	    endpoint: ens.aliyuncs.com    # optional: another endpoint (Baidu: endpoints: {bj: URL})
//
// A key written in the file instead of a variable's name is refused, and no
// error quotes anything that looks like a key.
//
// peerctl, cmd/peerbench and users' programs share this path:
//
//	cfg, err := targets.Load("peering.yaml")
//	if err != nil { ... }              // "peering.yaml:12: unknown field ..."
//	ts, err := cfg.Targets()           // or cfg.Targets("prod-baidu")
//	for _, t := range ts {
//		p, err := t.Open(targets.OpenOptions{})
//		...
//	}
//
// OpenOptions.CallsPerMinute sets a client-side rate limit for a
// program that shares an account's quota with others (0: each adapter's
// default; negative: none).
//
// A program that has no file fills in a Target itself:
//
//	p, err := targets.Target{Provider: peering.Baidu, Region: "bj"}.Open(targets.OpenOptions{})
package targets
