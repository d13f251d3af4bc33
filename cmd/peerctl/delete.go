package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/peeringkit/peering"
)

func (a *app) deleteCommand() *cobra.Command {
	var (
		f              opFlags
		wait           bool
		ignoreNotFound bool
		force          bool
		output         string
	)
	cmd := &cobra.Command{
		Use:   "delete ID",
		Short: "Delete a peering connection",
		Long: `Delete a peering connection, and say so on stderr. A connection the target
does not have (never created, or already gone) is an error, exit status 1,
unless --ignore-not-found (as kubectl's). With --wait, peerctl waits until
the connection is gone (within --timeout).

A VpcPeer connection that routes still point at is refused (the error names
the routes); --force deletes it with those routes, as the API's Force does.
Providers without such an option refuse --force.`,
		Example: "  peerctl delete peer-8tz4qd5aqz2m --provider baidu --region bj --wait",
		Args:    oneID,
		RunE: failures(func(cmd *cobra.Command, args []string) error {
			if err := checkOutput(output); err != nil {
				return err
			}
			id := args[0]
			return f.do(cmd.Context(), "delete "+id, func(ctx context.Context, p peering.Peering) error {
				del := p.Delete
				if force {
					f, ok := p.(interface {
						DeleteForce(context.Context, string) error
					})
					if !ok {
						return usagef("--force: %s has no forced delete (only alibaba-vpc removes the routes through a connection with it)", p.Provider())
					}
					del = f.DeleteForce
				}
				c, err := p.Get(ctx, id)
				if err == nil && c.Status == peering.StatusDeleted {
					err = &peering.Error{Code: peering.NotFound, Provider: p.Provider(), Op: "Delete", Message: "connection " + id + " is already deleted"}
				}
				if peering.Code(err) == peering.NotFound && ignoreNotFound {
					fmt.Fprintf(a.stderr, "peerctl: %s not found; nothing to delete\n", id)
					return nil
				}
				if err != nil {
					return err
				}
				if err := del(ctx, id); err != nil {
					return err
				}
				if !wait {
					fmt.Fprintf(a.stderr, "peerctl: deleting %s\n", id)
					if after, err := p.Get(ctx, id); err == nil {
						c = after
					}
				} else {
					gone, err := a.waitFor(ctx, peering.Waiter{}, p, id, f.timeout, peering.StatusDeleted)
					if err != nil {
						return fmt.Errorf("waiting for the deletion: %w", err)
					}
					fmt.Fprintf(a.stderr, "peerctl: deleted %s\n", id)
					c.Status = gone.Status
				}
				if machineOutput(output) {
					return printConnection(a.stdout, c, output)
				}
				return nil
			})
		}),
	}
	f.register(cmd.Flags())
	cmd.Flags().BoolVar(&wait, "wait", false, "wait until the connection is gone")
	cmd.Flags().BoolVar(&ignoreNotFound, "ignore-not-found", false, "a connection the target does not have is not an error")
	cmd.Flags().BoolVar(&force, "force", false, "alibaba-vpc: delete the connection with the routes that point at it")
	cmd.Flags().StringVarP(&output, "output", "o", "", "print the connection as deleted (its status deleting, or deleted with --wait): json or yaml")
	return cmd
}
