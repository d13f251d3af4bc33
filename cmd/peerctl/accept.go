package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/peeringkit/peering"
)

// accept and reject are the two answers to a cross-account offer; they share
// everything but the verb.

func (a *app) acceptCommand() *cobra.Command {
	return a.answerCommand("accept", "accepted", "Accept a connection offered to the target's account",
		func(ctx context.Context, p peering.Peering, id string) error { return p.Accept(ctx, id) },
		peering.StatusActive)
}

func (a *app) rejectCommand() *cobra.Command {
	return a.answerCommand("reject", "rejected", "Reject a connection offered to the target's account",
		func(ctx context.Context, p peering.Peering, id string) error { return p.Reject(ctx, id) },
		peering.StatusRejected, peering.StatusDeleted)
}

func (a *app) answerCommand(verb, done, short string, op func(context.Context, peering.Peering, string) error, until ...peering.Status) *cobra.Command {
	var (
		f    opFlags
		wait bool
	)
	cmd := &cobra.Command{
		Use:   verb + " ID",
		Short: short,
		Long: short + `, as the accepting account: the target's
credentials must be those of the account the connection was offered to.
peerctl says on stderr what it did; with --wait, it waits until the
connection is ` + string(until[0]) + ` (within --timeout).`,
		Example: "  peerctl " + verb + " pcc-s7bk7jwzz2snh6j7o0x8g --provider alibaba-vpc --region cn-shanghai",
		Args:    oneID,
		RunE: failures(func(cmd *cobra.Command, args []string) error {
			id := args[0]
			return f.do(cmd.Context(), verb+" "+id, func(ctx context.Context, p peering.Peering) error {
				if err := op(ctx, p, id); err != nil {
					return err
				}
				if !wait {
					fmt.Fprintf(a.stderr, "peerctl: %s %s\n", done, id)
					return nil
				}
				c, err := peering.WaitFor(ctx, p, id, until...)
				if err != nil {
					return fmt.Errorf("waiting for %s: %w", id, err)
				}
				fmt.Fprintf(a.stderr, "peerctl: %s %s; it is %s\n", done, id, c.Status)
				return nil
			})
		}),
	}
	f.register(cmd.Flags())
	cmd.Flags().BoolVar(&wait, "wait", false, "wait until the connection is "+string(until[0]))
	return cmd
}
