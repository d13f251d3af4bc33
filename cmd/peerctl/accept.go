package main

import (
	"context"
	"errors"
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
		f      opFlags
		wait   bool
		output string
	)
	cmd := &cobra.Command{
		Use:   verb + " ID",
		Short: short,
		Long: short + `, as the accepting account in the accepter's region: the
target's credentials must be those of the account the connection was
offered to, and --region the region of its accepting end (peerctl checks it
first, and names the region when it is another). peerctl says on stderr
what it did; with --wait, it waits until the connection is ` + string(until[0]) + `
(within --timeout); with -o json it prints the connection afterwards.`,
		Example: "  peerctl " + verb + " pcc-s7bk7jwzz2snh6j7o0x8g --provider alibaba-vpc --region cn-shanghai",
		Args:    oneID,
		RunE: failures(func(cmd *cobra.Command, args []string) error {
			if err := checkOutput(output); err != nil {
				return err
			}
			id := args[0]
			return f.do(cmd.Context(), verb+" "+id, func(ctx context.Context, p peering.Peering) error {
				where, err := offerRegion(ctx, p, id, verb)
				if err != nil {
					return err
				}
				if err := op(ctx, p, id); err != nil {
					return err
				}
				if !wait {
					fmt.Fprintf(a.stderr, "peerctl: %s %s%s\n", done, id, where)
					return printAfter(ctx, a, p, id, output)
				}
				c, err := a.waitFor(ctx, peering.Waiter{}, p, id, f.timeout, until...)
				if err != nil {
					return fmt.Errorf("waiting for %s: %w", id, err)
				}
				fmt.Fprintf(a.stderr, "peerctl: %s %s%s; it is %s\n", done, id, where, c.Status)
				return printAfter(ctx, a, p, id, output)
			})
		}),
	}
	f.register(cmd.Flags())
	cmd.Flags().BoolVar(&wait, "wait", false, "wait until the connection is "+string(until[0]))
	cmd.Flags().StringVarP(&output, "output", "o", "", "print the connection afterwards: json or yaml (default: nothing on stdout)")
	return cmd
}

// errWrongRegion is an answer sent from another region than the offer's.
var errWrongRegion = errors.New("wrong region")

// offerRegion reads the offer and checks that the target is in its
// accepting end's region, as the clouds want the answer sent there. It
// returns " (in REGION)" for the message, or "" when the adapter has no
// region (ENS) or the offer cannot be read here (the answer then gets the
// cloud's own refusal).
func offerRegion(ctx context.Context, p peering.Peering, id, verb string) (string, error) {
	r, ok := p.(interface{ Region() string })
	if !ok {
		return "", nil
	}
	c, err := p.Get(ctx, id)
	if err != nil || c.Accepter.Region == "" {
		return "", nil
	}
	if c.Accepter.Region != r.Region() {
		return "", fmt.Errorf("%w: connection %s is offered in region %s (its accepting end, network %s), not %s: %s it there, with --region %s",
			errWrongRegion, id, c.Accepter.Region, c.Accepter.NetworkID, r.Region(), verb, c.Accepter.Region)
	}
	return " (in " + c.Accepter.Region + ")", nil
}
