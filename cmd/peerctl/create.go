package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/providers/alibabavpc"
	"github.com/peeringkit/peering/providers/baidu"
)

func (a *app) createCommand() *cobra.Command {
	var (
		f         opFlags
		req       peering.CreateRequest
		bandwidth string
		tags      []string
		wait      bool
		po        providerCreateFlags
		output    string
	)
	cmd := &cobra.Command{
		Use:   "create",
		Short: "Create a peering connection and print its ID",
		Long: `Create a peering connection from a network of the target's account (--local)
to another network (--peer), in the same or another region and account, and
print the new connection's ID on stdout.

A same-account connection becomes active by itself; a cross-account one
waits for the other account to accept it ('peerctl accept'). With --wait,
peerctl waits until the connection is active or waiting for acceptance.

Baidu requires --bandwidth. The create is idempotent per --client-token: a
repeated command with the same token returns the same connection.`,
		Example: `  peerctl create --provider alibaba-vpc --region cn-hangzhou --account-id 1234567890123456 \
      --local vpc-bp1a --peer vpc-uf6b --peer-region cn-shanghai --peer-account 6543210987654321 \
      --name hz-to-sh --bandwidth 100 --wait`,
		Args: cobra.NoArgs,
		RunE: failures(func(cmd *cobra.Command, _ []string) error {
			if err := checkOutput(output); err != nil {
				return err
			}
			if req.LocalNetworkID == "" || req.PeerNetworkID == "" {
				return usagef("--local and --peer are required")
			}
			if cmd.Flags().Changed("bandwidth") {
				b, err := parseBandwidth(bandwidth)
				if err != nil {
					return usagef("--bandwidth: %w", err)
				}
				req.Bandwidth = &b
			}
			var err error
			if req.Tags, err = parseTags("--tag", tags); err != nil {
				return err
			}
			return f.do(cmd.Context(), "create", func(ctx context.Context, p peering.Peering) error {
				var err error
				if req.ProviderOptions, err = po.options(cmd.Flags(), p.Provider()); err != nil {
					return err
				}
				id, err := p.Create(ctx, req)
				if err != nil {
					return err
				}
				if output == "" {
					fmt.Fprintln(a.stdout, id)
				}
				fmt.Fprintf(a.stderr, "peerctl: created %s, from %s to %s\n", id, req.LocalNetworkID, req.PeerNetworkID)
				if wait {
					c, err := a.waitFor(ctx, peering.Waiter{}, p, id, f.timeout, peering.StatusActive, peering.StatusPendingAcceptance)
					if err != nil {
						return fmt.Errorf("waiting for %s: %w", id, err)
					}
					if c.Status == peering.StatusPendingAcceptance {
						fmt.Fprintf(a.stderr, "peerctl: %s waits for account %s to accept it in region %s ('peerctl accept %s --region %s' as that account)\n",
							id, orUnknownAccount(c.Accepter.AccountID), c.Accepter.Region, id, c.Accepter.Region)
					}
				}
				return printAfter(ctx, a, p, id, output)
			})
		}),
	}
	f.register(cmd.Flags())
	fs := cmd.Flags()
	fs.StringVar(&req.LocalNetworkID, "local", "", "the target account's VPC or ENS network (required)")
	fs.StringVar(&req.PeerNetworkID, "peer", "", "the network to peer with (required)")
	fs.StringVar(&req.PeerRegion, "peer-region", "", "the peer network's region (default: the target's)")
	fs.StringVar(&req.PeerAccountID, "peer-account", "", "the peer network's account (default: the target's)")
	fs.StringVar(&req.Name, "name", "", "name of the connection")
	fs.StringVar(&req.Description, "description", "", "description of the connection")
	fs.StringVar(&bandwidth, "bandwidth", "", "bandwidth in Mbit/s, or unlimited (default: the provider's)")
	fs.StringSliceVar(&tags, "tag", nil, "a tag as key=value (repeat for several)")
	fs.StringVar(&req.ClientToken, "client-token", "", "idempotency token: the same token returns the same connection")
	fs.BoolVar(&wait, "wait", false, "wait until the connection is active or waiting for acceptance")
	fs.StringVarP(&output, "output", "o", "", "print the new connection instead of its ID: json or yaml")
	fs.StringVar(&req.ResourceGroupID, "resource-group", "", "alibaba-vpc: the resource group of the connection (rg-...)")
	po.register(fs)
	return cmd
}

// providerCreateFlags are the create flags of one provider only.
type providerCreateFlags struct {
	payment       string
	months        int
	deleteProtect bool
	ifName        string
	linkType      string
}

func (f *providerCreateFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.payment, "payment", "", "baidu: Postpaid (the default) or Prepaid (with --reservation-months; inter-region only)")
	fs.IntVar(&f.months, "reservation-months", 0, "baidu: the prepaid term in months: 1-9, 12, 24 or 36")
	fs.BoolVar(&f.deleteProtect, "delete-protection", false, "baidu: refuse deletion until 'peerctl baidu delete-protection ID off'")
	fs.StringVar(&f.ifName, "interface-name", "", "baidu: the name of the local interface (Baidu connections have no name)")
	fs.StringVar(&f.linkType, "link-type", "", "alibaba-vpc: Gold (the default) or Platinum, for inter-region connections")
}

// options returns the CreateRequest.ProviderOptions of provider p from the
// flags, refusing those of another provider.
func (f *providerCreateFlags) options(fs *pflag.FlagSet, p peering.Provider) (any, error) {
	own := map[peering.Provider][]string{
		peering.Baidu:      {"payment", "reservation-months", "delete-protection", "interface-name"},
		peering.AlibabaVPC: {"link-type", "resource-group"},
		peering.AlibabaENS: {},
	}
	for q, flags := range own {
		for _, name := range flags {
			if q != p && fs.Changed(name) {
				return nil, usagef("--%s is for %s connections; %s has no such setting", name, q, p)
			}
		}
	}
	switch p {
	case peering.Baidu:
		return baidu.CreateOptions{PaymentTiming: f.payment, ReservationMonths: f.months, DeleteProtect: f.deleteProtect, LocalIfName: f.ifName}, nil
	case peering.AlibabaVPC:
		if f.linkType != "" {
			return alibabavpc.CreateOptions{LinkType: f.linkType}, nil
		}
	}
	return nil, nil
}

// parseBandwidth reads "100", "100Mbps" or "unlimited".
func parseBandwidth(s string) (peering.Bandwidth, error) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "unlimited") || s == "-1" {
		return peering.BandwidthUnlimited, nil
	}
	n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSuffix(s, "Mbps"), "mbps"), 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q is not a bandwidth: want a positive number of Mbit/s, or unlimited", s)
	}
	return peering.Bandwidth(n), nil
}

// parseTags reads key=value pairs; what names them in errors ("--tag").
func parseTags(what string, kvs []string) (map[string]string, error) {
	if len(kvs) == 0 {
		return nil, nil
	}
	tags := make(map[string]string, len(kvs))
	for _, kv := range kvs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, usagef("%s %q: want key=value", what, kv)
		}
		tags[k] = v
	}
	return tags, nil
}

func orUnknownAccount(id string) string {
	if id == "" {
		return "(unknown)"
	}
	return id
}
