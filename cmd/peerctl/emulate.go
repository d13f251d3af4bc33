package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/peeringkit/peering/emulator"
)

func (a *app) emulateCommand() *cobra.Command {
	var o emulator.Options
	cmd := &cobra.Command{
		Use:   "emulate",
		Short: "Serve the emulated Baidu and Alibaba peering APIs until interrupted",
		Long: `Serve the Baidu VPC peering, Alibaba VpcPeer and Alibaba ENS APIs on loopback
from one in-memory world, for other programs and tests to use with no cloud
account.

peerctl prints one JSON line on stdout naming every endpoint (Baidu one per
region; Alibaba one for VpcPeer and ENS) and the sandbox accounts with their
keys, then serves until SIGINT or SIGTERM. The keys are the emulator's own
throwaway sandbox keys, made up from --seed: they open nothing but this
emulator, which is why printing them is fine.

Point a client at an endpoint with an account's keys, for example:

  BCE_ACCESS_KEY_ID=<accessKeyId> BCE_SECRET_ACCESS_KEY=<secret> \
    peerctl inventory --provider baidu --region bj --endpoint <baidu.bj>`,
		Example: `  peerctl emulate --connections 50 --latency 20ms
  peerctl emulate --seed 7 | head -1 | jq .`,
		Args: cobra.NoArgs,
		RunE: failures(func(cmd *cobra.Command, _ []string) error {
			return a.runEmulate(cmd.Context(), o)
		}),
	}
	fs := cmd.Flags()
	fs.StringVar(&o.Addr, "addr", "127.0.0.1", "loopback address to listen on (ports are chosen by the system)")
	fs.Int64Var(&o.Seed, "seed", 1, "seed of the keys, IDs and generated estate")
	fs.IntVar(&o.Connections, "connections", 0, "connections to generate per provider, account and region")
	fs.DurationVar(&o.Latency, "latency", 0, "delay added to every request")
	return cmd
}

func (a *app) runEmulate(ctx context.Context, o emulator.Options) error {
	if o.Connections < 0 || o.Latency < 0 {
		return usagef("--connections and --latency must not be negative")
	}
	srv, err := emulator.Start(o)
	if err != nil {
		return usageError(err) // the address is the only thing that can be wrong
	}
	line, err := json.Marshal(srv.Manifest())
	if err != nil {
		_ = srv.Close()
		return fmt.Errorf("encoding the manifest: %w", err)
	}
	if _, err := fmt.Fprintf(a.stdout, "%s\n", line); err != nil {
		_ = srv.Close()
		return fmt.Errorf("writing the manifest: %w", err)
	}
	if a.interactive {
		fmt.Fprintln(a.stderr, "peerctl: emulator serving; press Ctrl-C to stop")
	}
	<-ctx.Done()
	if err := srv.Close(); err != nil {
		return fmt.Errorf("stopping the emulator: %w", err)
	}
	return nil
}
