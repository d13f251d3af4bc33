package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/inventory"
	"github.com/peeringkit/peering/providers/alibabavpc"
	"github.com/peeringkit/peering/providers/baidu"
)

// providerNames are the values of --provider.
var providerNames = []string{string(peering.Baidu), string(peering.AlibabaVPC), string(peering.AlibabaENS)}

// flagValues returns the values a flag of cmd takes, for shell completion,
// or nil when its values cannot be listed (free text, numbers, durations).
func flagValues(cmd *cobra.Command, flag string) []string {
	switch flag {
	case "output":
		if cmd.Name() == "inventory" {
			var out []string
			for _, f := range inventory.Formats() {
				out = append(out, string(f))
			}
			return out
		}
		return []string{"table", "json", "yaml"}
	case "provider":
		return providerNames
	case "fail-on":
		return []string{"error", "warning"}
	case "sort-by":
		return inventory.Columns()
	case "status", "for":
		var out []string
		for _, s := range peering.Statuses() {
			out = append(out, string(s))
		}
		return out
	case "region":
		// The regions of the provider already on the command line, else all.
		var out []string
		p, _ := cmd.Flags().GetString("provider")
		if p == "" && cmd.HasParent() && slices.Contains(providerNames, cmd.Parent().Name()) {
			p = cmd.Parent().Name() // 'peerctl baidu renew': the group names the provider
		}
		if p == "" || p == string(peering.Baidu) {
			out = append(out, baidu.Regions()...)
		}
		if p == "" || p == string(peering.AlibabaVPC) {
			out = append(out, alibabavpc.Regions()...)
		}
		return out
	}
	return nil
}

// registerCompletions gives every enumerated flag of cmd and its
// subcommands value completion, and every other flag none (rather than the
// shell's file names), except the flags that name files.
func registerCompletions(cmd *cobra.Command) {
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Name == "help" || f.Name == "version" || f.Value.Type() == "bool" {
			return
		}
		name := f.Name
		_ = cmd.RegisterFlagCompletionFunc(name, func(c *cobra.Command, _ []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if name == "config" {
				return []cobra.Completion{"yaml", "yml"}, cobra.ShellCompDirectiveFilterFileExt
			}
			values := flagValues(c, name)
			if values == nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return values, cobra.ShellCompDirectiveNoFileComp
		})
	})
	for _, sub := range cmd.Commands() {
		registerCompletions(sub)
	}
}

// noArgsOrCommand accepts no arguments, and answers a word that is not a
// command with the commands it resembles, as cobra does for subcommands.
func noArgsOrCommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += "\n\nDid you mean this?\n\t" + strings.Join(s, "\n\t")
	}
	return usageError(fmt.Errorf("%s", msg))
}

// flagError adds to an unknown-flag error the flags of cmd it resembles.
func flagError(cmd *cobra.Command, err error) error {
	msg := err.Error()
	typed, ok := strings.CutPrefix(msg, "unknown flag: --")
	if !ok {
		return usageError(err)
	}
	var near []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden && (distance(typed, f.Name) <= 2 || strings.HasPrefix(f.Name, typed) || strings.HasPrefix(typed, f.Name)) {
			near = append(near, "--"+f.Name)
		}
	})
	if len(near) == 0 {
		return usageError(err)
	}
	slices.Sort(near)
	return usageError(fmt.Errorf("%w\n\nDid you mean this?\n\t%s", err, strings.Join(near, "\n\t")))
}

// distance is the Levenshtein distance of a and b, in bytes (flag names
// are ASCII).
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
