package main

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/providers/alibabavpc"
	"github.com/peeringkit/peering/providers/baidu"
)

// The operations only one provider has are commands under the provider's
// name, all of one shape:
//
//	peerctl PROVIDER OPERATION ID [VALUE...] [target flags]
//
// The target flags are those of the portable commands but --provider,
// which the command's name gives. Each says on stderr what it did, prints
// the connection afterwards with -o json, and exits 0, 1 when the cloud
// refused or failed, 2 for input refused before any request.

// extensionOp is one provider-only operation.
type extensionOp struct {
	use, short, long, example string
	args                      cobra.PositionalArgs
	flags                     func(*pflag.FlagSet)
	// run checks the arguments (usage errors, before any request) and
	// returns what to do on the adapter and how to say it was done.
	run func(cmd *cobra.Command, args []string) (func(context.Context, peering.Peering) (string, error), error)
}

func (a *app) baiduCommand() *cobra.Command {
	cmd := a.providerGroup(peering.Baidu, "Baidu-only operations: renew, dns-sync, delete-protection, interface-name")
	var months int
	cmd.AddCommand(
		a.extension(peering.Baidu, extensionOp{
			use:     "renew ID --months N",
			short:   "Extend a prepaid connection's term",
			long:    "Extend a prepaid connection's term by --months (1-9, 12, 24 or 36). Baidu renews only prepaid\nconnections, and on a cross-account one only the account that created it may.",
			example: "  peerctl baidu renew peerconn-8tz4qd5aqz2m --months 12 --region bj",
			args:    cobra.ExactArgs(1),
			flags: func(fs *pflag.FlagSet) {
				fs.IntVar(&months, "months", 0, "months to add: 1-9, 12, 24 or 36 (required)")
			},
			run: func(cmd *cobra.Command, args []string) (func(context.Context, peering.Peering) (string, error), error) {
				if !cmd.Flags().Changed("months") {
					return nil, usagef("give --months, for example --months 12")
				}
				id := args[0]
				return func(ctx context.Context, p peering.Peering) (string, error) {
					return fmt.Sprintf("renewed %s by %d months", id, months), baiduClient(p).Renew(ctx, id, months)
				}, nil
			},
		}),
		a.extension(peering.Baidu, extensionOp{
			use:   "dns-sync ID on|off",
			short: "Turn DNS synchronization of the caller's end on or off",
			long: "Turn DNS synchronization of the caller's end of an active connection on or off. It passes\n" +
				"through wait and syncing to open (Attributes dnsStatus in 'peerctl get'); Baidu refuses a change while\n" +
				"it is syncing or closing. Which end is the caller's is found from --account-id.",
			example: "  peerctl baidu dns-sync peerconn-8tz4qd5aqz2m on --region bj --account-id 0123456789abcdef",
			args:    cobra.ExactArgs(2),
			run: baiduSwitch(func(ctx context.Context, c *baidu.Client, id string, on bool) (string, error) {
				if on {
					return "turning on DNS sync of " + id, c.OpenDNSSync(ctx, id)
				}
				return "turning off DNS sync of " + id, c.CloseDNSSync(ctx, id)
			}),
		}),
		a.extension(peering.Baidu, extensionOp{
			use:     "delete-protection ID on|off",
			short:   "Turn delete protection on or off",
			long:    "Turn delete protection on or off. While it is on, 'peerctl delete' is refused.",
			example: "  peerctl baidu delete-protection peerconn-8tz4qd5aqz2m on --region bj",
			args:    cobra.ExactArgs(2),
			run: baiduSwitch(func(ctx context.Context, c *baidu.Client, id string, on bool) (string, error) {
				state := map[bool]string{true: "on", false: "off"}[on]
				return fmt.Sprintf("delete protection of %s is %s", id, state), c.SetDeleteProtection(ctx, id, on)
			}),
		}),
		a.extension(peering.Baidu, extensionOp{
			use:     "interface-name ID NAME",
			short:   "Name the caller's interface on a connection",
			long:    "Name the caller's interface on a connection (Attributes localIfName in 'peerctl get'): Baidu's\nconnections have no name of their own.",
			example: "  peerctl baidu interface-name peerconn-8tz4qd5aqz2m to-gz --region bj --account-id 0123456789abcdef",
			args:    cobra.ExactArgs(2),
			run: func(_ *cobra.Command, args []string) (func(context.Context, peering.Peering) (string, error), error) {
				id, name := args[0], args[1]
				return func(ctx context.Context, p peering.Peering) (string, error) {
					return fmt.Sprintf("named the interface of %s %q", id, name), baiduClient(p).RenameInterface(ctx, id, name)
				}, nil
			},
		}),
	)
	return cmd
}

func (a *app) alibabaVPCCommand() *cobra.Command {
	cmd := a.providerGroup(peering.AlibabaVPC, "VpcPeer-only operations: tag, untag, tags, move-resource-group, link-type")
	var all, dryRun bool
	cmd.AddCommand(
		a.extension(peering.AlibabaVPC, extensionOp{
			use:     "tag ID KEY=VALUE...",
			short:   "Set tags on a connection",
			long:    "Set tags on a connection, replacing the value of a key it already has (at most 20 tags; keys\nnot starting with aliyun or acs:).",
			example: "  peerctl alibaba-vpc tag pcc-s7bk7jwzz2snh6j7o0x8g owner=net env=prod --region cn-hangzhou",
			args:    cobra.MinimumNArgs(2),
			run: func(_ *cobra.Command, args []string) (func(context.Context, peering.Peering) (string, error), error) {
				id := args[0]
				tags, err := parseTags("tag", args[1:])
				if err != nil {
					return nil, err
				}
				return func(ctx context.Context, p peering.Peering) (string, error) {
					return fmt.Sprintf("tagged %s: %s", id, keyValues(tags)), vpcClient(p).TagResources(ctx, []string{id}, tags)
				}, nil
			},
		}),
		a.extension(peering.AlibabaVPC, extensionOp{
			use:     "untag ID KEY... | untag ID --all",
			short:   "Remove tags from a connection",
			long:    "Remove the tags with the given keys from a connection, or every tag with --all.",
			example: "  peerctl alibaba-vpc untag pcc-s7bk7jwzz2snh6j7o0x8g env --region cn-hangzhou",
			args:    cobra.MinimumNArgs(1),
			flags:   func(fs *pflag.FlagSet) { fs.BoolVar(&all, "all", false, "remove every tag") },
			run: func(_ *cobra.Command, args []string) (func(context.Context, peering.Peering) (string, error), error) {
				id, keys := args[0], args[1:]
				switch {
				case all && len(keys) > 0:
					return nil, usagef("give tag keys or --all, not both")
				case !all && len(keys) == 0:
					return nil, usagef("say which tags to remove: their keys, or --all")
				}
				done := fmt.Sprintf("removed the tags %s from %s", strings.Join(keys, ","), id)
				if all {
					done = "removed every tag from " + id
				}
				return func(ctx context.Context, p peering.Peering) (string, error) {
					return done, vpcClient(p).UntagResources(ctx, []string{id}, keys, all)
				}, nil
			},
		}),
		a.extension(peering.AlibabaVPC, extensionOp{
			use:     "move-resource-group ID GROUP",
			short:   "Move a connection to another resource group",
			long:    "Move a connection to another resource group of the account (ResourceGroupID in 'peerctl get').\nOnly the requesting account's connection can be moved; the API has no dry run.",
			example: "  peerctl alibaba-vpc move-resource-group pcc-s7bk7jwzz2snh6j7o0x8g rg-acfmnetwork01 --region cn-hangzhou",
			args:    cobra.ExactArgs(2),
			run: func(_ *cobra.Command, args []string) (func(context.Context, peering.Peering) (string, error), error) {
				id, group := args[0], args[1]
				return func(ctx context.Context, p peering.Peering) (string, error) {
					return fmt.Sprintf("moved %s to resource group %s", id, group), vpcClient(p).MoveResourceGroup(ctx, id, group)
				}, nil
			},
		}),
		a.extension(peering.AlibabaVPC, extensionOp{
			use:   "link-type ID Gold|Platinum",
			short: "Change the link type of an inter-region connection",
			long: "Change the link type of an inter-region connection (Attributes LinkType in 'peerctl get') to Gold\n" +
				"or Platinum. Only the requesting account may, on an active connection, which passes through\n" +
				"updating; a connection within one region has no link type to change. With --dry-run the cloud\n" +
				"checks the change and makes none.",
			example: "  peerctl alibaba-vpc link-type pcc-s7bk7jwzz2snh6j7o0x8g Platinum --region cn-hangzhou --dry-run",
			args:    cobra.ExactArgs(2),
			flags: func(fs *pflag.FlagSet) {
				fs.BoolVar(&dryRun, "dry-run", false, "have the cloud check the change without making it")
			},
			run: func(_ *cobra.Command, args []string) (func(context.Context, peering.Peering) (string, error), error) {
				id, link := args[0], args[1] // the adapter refuses another value before any request
				done := fmt.Sprintf("changing the link type of %s to %s", id, link)
				if dryRun {
					done = fmt.Sprintf("dry run: changing the link type of %s to %s would succeed; nothing was changed", id, link)
				}
				return func(ctx context.Context, p peering.Peering) (string, error) {
					return done, vpcClient(p).SetLinkType(ctx, id, link, &alibabavpc.WriteOptions{DryRun: dryRun})
				}, nil
			},
		}),
	)
	cmd.AddCommand(a.vpcTagsCommand())
	return cmd
}

// vpcTagsCommand lists the tags of connections, which is a read: it
// prints them rather than a connection.
func (a *app) vpcTagsCommand() *cobra.Command {
	f := opFlags{targetFlags: targetFlags{only: peering.AlibabaVPC}}
	var output string
	cmd := &cobra.Command{
		Use:     "tags ID...",
		Short:   "Show the tags of connections",
		Long:    "Show the tags of connections as the tag API reads them (ListTagResources): one key=value a line\nper connection, or with -o json an object of connection IDs to tags.",
		Example: "  peerctl alibaba-vpc tags pcc-s7bk7jwzz2snh6j7o0x8g --region cn-hangzhou -o json",
		Args:    cobra.MinimumNArgs(1),
		RunE: failures(func(cmd *cobra.Command, args []string) error {
			if output != "table" && output != "json" {
				return usagef("-o: unknown format %q (want table or json)", output)
			}
			return f.do(cmd.Context(), "tags "+args[0], func(ctx context.Context, p peering.Peering) error {
				tags, err := vpcClient(p).ListTags(ctx, args)
				if err != nil {
					return err
				}
				if output == "json" {
					enc := json.NewEncoder(a.stdout)
					enc.SetIndent("", "  ")
					return enc.Encode(tags)
				}
				for _, id := range args {
					for _, k := range slices.Sorted(maps.Keys(tags[id])) {
						fmt.Fprintf(a.stdout, "%s\t%s=%s\n", id, k, tags[id][k])
					}
				}
				return nil
			})
		}),
	}
	f.register(cmd.Flags())
	cmd.Flags().StringVarP(&output, "output", "o", "table", "output format: table or json")
	return cmd
}

// providerGroup is the command that holds a provider's operations.
func (a *app) providerGroup(p peering.Provider, short string) *cobra.Command {
	cmd := &cobra.Command{
		Use:   string(p) + " OPERATION ID ...",
		Short: short,
		Long: short + `.

Every operation takes the connection ID, then its values, then the flags that
name the target as for 'peerctl get' (but --provider, which is ` + string(p) + `):
--region, --endpoint, --account-id, or --config and --target. Each says on
stderr what it did; with -o json it prints the connection afterwards.`,
		// A mistyped operation followed by target flags is told the
		// operations it resembles, not that the group has no such flags.
		FParseErrWhitelist: cobra.FParseErrWhitelist{UnknownFlags: true},
		Args:               noArgsOrCommand,
		RunE:               func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.SuggestionsMinimumDistance = 2
	return cmd
}

// extension builds the command of one provider-only operation.
func (a *app) extension(provider peering.Provider, op extensionOp) *cobra.Command {
	f := opFlags{targetFlags: targetFlags{only: provider}}
	var (
		output string
		wait   bool
	)
	cmd := &cobra.Command{
		Use:     op.use,
		Short:   op.short,
		Long:    op.long,
		Example: op.example,
		Args:    func(cmd *cobra.Command, args []string) error { return argsError(op.args(cmd, args)) },
		RunE: failures(func(cmd *cobra.Command, args []string) error {
			if err := checkOutput(output); err != nil {
				return err
			}
			act, err := op.run(cmd, args)
			if err != nil {
				return err
			}
			id := args[0]
			return f.do(cmd.Context(), cmd.Name()+" "+id, func(ctx context.Context, p peering.Peering) error {
				done, err := act(ctx, p)
				if err != nil {
					return err
				}
				if wait {
					c, err := a.waitFor(ctx, peering.Waiter{}, p, id, f.timeout, settled...)
					if err != nil {
						return fmt.Errorf("waiting for %s: %w", id, err)
					}
					done += "; it is " + string(c.Status)
				}
				fmt.Fprintf(a.stderr, "peerctl: %s\n", done)
				return printAfter(ctx, a, p, id, output)
			})
		}),
	}
	f.register(cmd.Flags())
	if op.flags != nil {
		op.flags(cmd.Flags())
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "print the connection afterwards: json or yaml (default: nothing on stdout)")
	cmd.Flags().BoolVar(&wait, "wait", false, "wait until the connection has settled (left a transient status such as updating)")
	return cmd
}

// argsError makes cobra's complaint about the arguments a usage error.
func argsError(err error) error {
	if err == nil {
		return nil
	}
	return usageError(err)
}

// checkOutput refuses an -o the command does not write.
func checkOutput(output string) error {
	if output == "" || output == "table" || machineOutput(output) {
		return nil
	}
	return usagef("-o: unknown format %q (want json or yaml)", output)
}

// checkOutputOf refuses an -o value that is not one of formats, for the
// commands whose output has fewer forms than a connection's.
func checkOutputOf(output string, formats ...string) error {
	if slices.Contains(formats, output) {
		return nil
	}
	return usagef("-o: unknown format %q (want %s)", output, strings.Join(slices.DeleteFunc(slices.Clone(formats), func(f string) bool { return f == "" }), " or "))
}

// printAfter prints the connection id as it is now when output asks for it.
func printAfter(ctx context.Context, a *app, p peering.Peering, id, output string) error {
	if !machineOutput(output) {
		return nil
	}
	c, err := p.Get(ctx, id)
	if err != nil {
		return fmt.Errorf("reading %s back: %w", id, err)
	}
	return printConnection(a.stdout, c, output)
}

// baiduSwitch is the run of a Baidu operation taking ID and on|off.
func baiduSwitch(act func(ctx context.Context, c *baidu.Client, id string, on bool) (string, error)) func(*cobra.Command, []string) (func(context.Context, peering.Peering) (string, error), error) {
	return func(_ *cobra.Command, args []string) (func(context.Context, peering.Peering) (string, error), error) {
		on, err := onOff(args[1])
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context, p peering.Peering) (string, error) {
			return act(ctx, baiduClient(p), args[0], on)
		}, nil
	}
}

// onOff reads the on|off argument.
func onOff(s string) (bool, error) {
	switch s {
	case "on":
		return true, nil
	case "off":
		return false, nil
	}
	if b, err := strconv.ParseBool(s); err == nil {
		return b, nil
	}
	return false, usagef("%q: want on or off", s)
}

// baiduClient and vpcClient return the adapter behind p, which open built
// for the command's provider.
func baiduClient(p peering.Peering) *baidu.Client    { return p.(*baidu.Client) }
func vpcClient(p peering.Peering) *alibabavpc.Client { return p.(*alibabavpc.Client) }
