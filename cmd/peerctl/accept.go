package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/peeringkit/peering"
)

// accept and reject are the two answers to a cross-account offer; they share
// everything but the verb.

func (a *app) acceptCommand() *cobra.Command {
	return a.answerCommand("accept", "Accept a connection offered to the target's account",
		func(ctx context.Context, p peering.Peering, id string) error { return p.Accept(ctx, id) })
}

func (a *app) rejectCommand() *cobra.Command {
	return a.answerCommand("reject", "Reject a connection offered to the target's account",
		func(ctx context.Context, p peering.Peering, id string) error { return p.Reject(ctx, id) })
}

func (a *app) answerCommand(verb, short string, op func(context.Context, peering.Peering, string) error) *cobra.Command {
	var f opFlags
	cmd := &cobra.Command{
		Use:   verb + " ID",
		Short: short,
		Long: short + `, as the accepting account: the target's
credentials must be those of the account the connection was offered to.`,
		Example: "  peerctl " + verb + " pcc-s7bk7jwzz2snh6j7o0x8g --provider alibaba-vpc --region cn-shanghai",
		Args:    oneID,
		RunE: failures(func(cmd *cobra.Command, args []string) error {
			return f.do(cmd.Context(), verb+" "+args[0], func(ctx context.Context, p peering.Peering) error {
				return op(ctx, p, args[0])
			})
		}),
	}
	f.register(cmd.Flags())
	return cmd
}
