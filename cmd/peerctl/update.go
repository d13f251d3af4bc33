package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/peeringkit/peering"
)

func (a *app) updateCommand() *cobra.Command {
	var (
		f                     opFlags
		name, desc, bandwidth string
		wait                  bool
		output                string
	)
	cmd := &cobra.Command{
		Use:   "update ID",
		Short: "Change a connection's name, description or bandwidth",
		Long: `Change a connection's name, description or bandwidth. Only the fields given
on the command line change; peerctl says on stderr what it asked for.
With --wait, it waits until the connection has left the updating status
(within --timeout), so that a second update can follow at once.`,
		Example: "  peerctl update peer-8tz4qd5aqz2m --provider baidu --region bj --bandwidth 200",
		Args:    oneID,
		RunE: failures(func(cmd *cobra.Command, args []string) error {
			if err := checkOutput(output); err != nil {
				return err
			}
			var u peering.Update
			fs := cmd.Flags()
			if fs.Changed("name") {
				u.Name = &name
			}
			if fs.Changed("description") {
				u.Description = &desc
			}
			if fs.Changed("bandwidth") {
				b, err := parseBandwidth(bandwidth)
				if err != nil {
					return usagef("--bandwidth: %w", err)
				}
				u.Bandwidth = &b
			}
			if u.IsZero() {
				return usagef("nothing to change: give --name, --description or --bandwidth")
			}
			id := args[0]
			return f.do(cmd.Context(), "update "+id, func(ctx context.Context, p peering.Peering) error {
				if err := p.Update(ctx, id, u); err != nil {
					return err
				}
				if !wait {
					fmt.Fprintf(a.stderr, "peerctl: updating %s: %s\n", id, describeUpdate(u))
					return printAfter(ctx, a, p, id, output)
				}
				c, err := a.waitFor(ctx, peering.Waiter{}, p, id, f.timeout, settled...)
				if err != nil {
					return fmt.Errorf("waiting for %s: %w", id, err)
				}
				fmt.Fprintf(a.stderr, "peerctl: updated %s: %s; it is %s\n", id, describeUpdate(u), c.Status)
				return printAfter(ctx, a, p, id, output)
			})
		}),
	}
	f.register(cmd.Flags())
	cmd.Flags().StringVar(&name, "name", "", "new name")
	cmd.Flags().StringVar(&desc, "description", "", "new description")
	cmd.Flags().StringVar(&bandwidth, "bandwidth", "", "new bandwidth in Mbit/s, or unlimited")
	cmd.Flags().BoolVar(&wait, "wait", false, "wait until the connection has left the updating status")
	cmd.Flags().StringVarP(&output, "output", "o", "", "print the connection afterwards: json or yaml (default: nothing on stdout)")
	return cmd
}

// settled are the statuses an update ends in.
var settled = []peering.Status{peering.StatusActive, peering.StatusPendingAcceptance, peering.StatusInactive}

// describeUpdate says what u changes, as "name \"x\", bandwidth 200Mbps".
func describeUpdate(u peering.Update) string {
	var parts []string
	if u.Name != nil {
		parts = append(parts, fmt.Sprintf("name %q", *u.Name))
	}
	if u.Description != nil {
		parts = append(parts, fmt.Sprintf("description %q", *u.Description))
	}
	if u.Bandwidth != nil {
		parts = append(parts, "bandwidth "+u.Bandwidth.String())
	}
	return strings.Join(parts, ", ")
}
