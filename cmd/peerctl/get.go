package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/inventory"
)

func (a *app) getCommand() *cobra.Command {
	var f opFlags
	var output string
	cmd := &cobra.Command{
		Use:   "get ID",
		Short: "Show one peering connection",
		Long: `Show one peering connection, in the normalized model: status (and the
cloud's own), both ends with their regions, accounts and address blocks,
bandwidth, tags, times and provider attributes.

Name the target with --provider and --region (credentials from the
provider's usual environment variables), or with --config and --target.`,
		Example: `  peerctl get peer-8tz4qd5aqz2m --provider baidu --region bj
  peerctl get pcc-s7bk7jwzz2snh6j7o0x8g --config peering.yaml --target shop --region cn-hangzhou -o json`,
		Args: oneID,
		RunE: failures(func(cmd *cobra.Command, args []string) error {
			if output != "table" && !machineOutput(output) {
				return usagef("-o: unknown format %q (want table, json or yaml)", output)
			}
			return f.do(cmd.Context(), "get "+args[0], func(ctx context.Context, p peering.Peering) error {
				c, err := p.Get(ctx, args[0])
				if err != nil {
					return err
				}
				return printConnection(a.stdout, c, output)
			})
		}),
	}
	f.register(cmd.Flags())
	cmd.Flags().StringVarP(&output, "output", "o", "table", "output format: table, json or yaml")
	return cmd
}

// machineOutput reports whether -o asks for a machine format of one
// connection: json or yaml.
func machineOutput(output string) bool { return output == "json" || output == "yaml" }

// printConnection writes c as JSON or YAML, in the form the inventory
// gives each connection (bandwidth as bandwidthMbps and bandwidth), or as
// aligned "field value" lines.
func printConnection(w io.Writer, c peering.Connection, format string) error {
	if machineOutput(format) {
		return inventory.WriteConnection(w, c, inventory.Format(format))
	}
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(tw, "%s\t%s\n", k, v)
		}
	}
	row("ID", c.ID)
	row("Provider", string(c.Provider))
	row("Name", c.Name)
	row("Description", c.Description)
	row("Status", fmt.Sprintf("%s (%s)", c.Status, c.ProviderStatus))
	row("Role", string(c.Role))
	row("Bandwidth", c.Bandwidth.String())
	for _, e := range []struct {
		side string
		ep   peering.Endpoint
	}{{"Requester", c.Requester}, {"Accepter", c.Accepter}} {
		row(e.side+" network", e.ep.NetworkID)
		row(e.side+" region", e.ep.Region)
		row(e.side+" account", e.ep.AccountID)
		row(e.side+" IPv4", joinStrings(e.ep.IPv4CIDRs))
		row(e.side+" IPv6", joinStrings(e.ep.IPv6CIDRs))
		if e.ep.CIDRsUnknown != "" {
			row(e.side+" blocks", "unknown: "+e.ep.CIDRsUnknown)
		}
	}
	row("Tags", keyValues(c.Tags))
	row("Created", timeCell(c.CreatedAt))
	row("Updated", timeCell(c.UpdatedAt))
	row("Term ends", timeCell(c.TermEndsAt))
	row("Accept by", timeCell(c.AcceptBy))
	row("Resource group", c.ResourceGroupID)
	row("Attributes", keyValues(c.Attributes))
	return tw.Flush()
}

func joinStrings[T fmt.Stringer](v []T) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = x.String()
	}
	return strings.Join(s, ", ")
}

func keyValues(m map[string]string) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, k+"="+m[k])
	}
	return strings.Join(parts, ", ")
}

func timeCell(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
