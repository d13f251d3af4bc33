package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/peeringkit/peering"
)

func (a *app) waitCommand() *cobra.Command {
	var (
		f        opFlags
		statuses []string
		interval time.Duration
	)
	cmd := &cobra.Command{
		Use:   "wait ID",
		Short: "Wait until a connection reaches a status",
		Long: `Poll a connection until its status is one of --for (default active), and
print that status. It fails at once when the connection reaches a status it
cannot leave (rejected, expired, failed) that is not awaited, and when
--timeout passes. Waiting for deleted also ends when the connection is gone.`,
		Example: `  peerctl wait pcc-s7bk7jwzz2snh6j7o0x8g --provider alibaba-vpc --region cn-hangzhou --for active --timeout 10m`,
		Args:    oneID,
		RunE: failures(func(cmd *cobra.Command, args []string) error {
			var want []peering.Status
			for _, s := range statuses {
				st := peering.Status(s)
				if !st.Valid() {
					return usagef("--for: unknown status %q; want one of %s", s, statusNames())
				}
				want = append(want, st)
			}
			if interval <= 0 {
				return usagef("--interval must be positive")
			}
			return f.do(cmd.Context(), "wait for "+args[0], func(ctx context.Context, p peering.Peering) error {
				c, err := a.waitFor(ctx, peering.Waiter{Initial: interval}, p, args[0], f.timeout, want...)
				if err != nil {
					return err
				}
				fmt.Fprintln(a.stdout, c.Status)
				return nil
			})
		}),
	}
	f.register(cmd.Flags())
	cmd.Flags().StringSliceVar(&statuses, "for", []string{string(peering.StatusActive)}, "statuses to wait for (comma-separated)")
	cmd.Flags().DurationVar(&interval, "interval", time.Second, "first pause between polls; pauses double up to 15s")
	return cmd
}
