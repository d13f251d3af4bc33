package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/peeringkit/peering"
)

func (a *app) createCommand() *cobra.Command {
	var (
		f         opFlags
		req       peering.CreateRequest
		bandwidth string
		tags      []string
		wait      bool
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
			if req.Tags, err = parseTags(tags); err != nil {
				return err
			}
			return f.do(cmd.Context(), "create", func(ctx context.Context, p peering.Peering) error {
				id, err := p.Create(ctx, req)
				if err != nil {
					return err
				}
				fmt.Fprintln(a.stdout, id)
				fmt.Fprintf(a.stderr, "peerctl: created %s, from %s to %s\n", id, req.LocalNetworkID, req.PeerNetworkID)
				if !wait {
					return nil
				}
				c, err := peering.WaitFor(ctx, p, id, peering.StatusActive, peering.StatusPendingAcceptance)
				if err != nil {
					return fmt.Errorf("waiting for %s: %w", id, err)
				}
				if c.Status == peering.StatusPendingAcceptance {
					fmt.Fprintf(a.stderr, "peerctl: %s waits for account %s to accept it ('peerctl accept %s' as that account)\n", id, orUnknownAccount(c.Accepter.AccountID), id)
				}
				return nil
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
	return cmd
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

// parseTags reads key=value pairs.
func parseTags(kvs []string) (map[string]string, error) {
	if len(kvs) == 0 {
		return nil, nil
	}
	tags := make(map[string]string, len(kvs))
	for _, kv := range kvs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, usagef("--tag %q: want key=value", kv)
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
