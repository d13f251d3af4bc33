package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/peeringkit/peering"
)

func (a *app) updateCommand() *cobra.Command {
	var (
		f                     opFlags
		name, desc, bandwidth string
	)
	cmd := &cobra.Command{
		Use:   "update ID",
		Short: "Change a connection's name, description or bandwidth",
		Long: `Change a connection's name, description or bandwidth. Only the fields given
on the command line change; 'peerctl get' shows the result once the
connection has left the updating status.`,
		Example: "  peerctl update peer-8tz4qd5aqz2m --provider baidu --region bj --bandwidth 200",
		Args:    oneID,
		RunE: failures(func(cmd *cobra.Command, args []string) error {
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
			return f.do(cmd.Context(), "update "+args[0], func(ctx context.Context, p peering.Peering) error {
				return p.Update(ctx, args[0], u)
			})
		}),
	}
	f.register(cmd.Flags())
	cmd.Flags().StringVar(&name, "name", "", "new name")
	cmd.Flags().StringVar(&desc, "description", "", "new description")
	cmd.Flags().StringVar(&bandwidth, "bandwidth", "", "new bandwidth in Mbit/s, or unlimited")
	return cmd
}
