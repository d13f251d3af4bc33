package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/peeringkit/peering"
)

func (a *app) deleteCommand() *cobra.Command {
	var (
		f    opFlags
		wait bool
	)
	cmd := &cobra.Command{
		Use:   "delete ID",
		Short: "Delete a peering connection",
		Long: `Delete a peering connection. Deleting one that is already gone is not an
error. With --wait, peerctl waits until the connection is gone.`,
		Example: "  peerctl delete peer-8tz4qd5aqz2m --provider baidu --region bj --wait",
		Args:    oneID,
		RunE: failures(func(cmd *cobra.Command, args []string) error {
			id := args[0]
			return f.do(cmd.Context(), "delete "+id, func(ctx context.Context, p peering.Peering) error {
				if err := p.Delete(ctx, id); err != nil {
					return err
				}
				if wait {
					if _, err := peering.WaitFor(ctx, p, id, peering.StatusDeleted); err != nil {
						return fmt.Errorf("waiting for the deletion: %w", err)
					}
				}
				return nil
			})
		}),
	}
	f.register(cmd.Flags())
	cmd.Flags().BoolVar(&wait, "wait", false, "wait until the connection is gone")
	return cmd
}
