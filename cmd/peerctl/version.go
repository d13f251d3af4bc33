package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// versionText describes the running binary from the build information the
// go command embeds: the module version (a tag when built with
// `go install …@vX.Y.Z`, "(devel)" from a checkout), the commit and whether
// the tree was modified, and the Go toolchain and platform.
func versionText() string {
	version, commit, when, modified := "(devel)", "", "", false
	if info, ok := debug.ReadBuildInfo(); ok {
		if v := info.Main.Version; v != "" {
			version = v
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "peerctl %s", version)
	if commit != "" {
		fmt.Fprintf(&b, " (commit %s", commit[:min(len(commit), 12)])
		if when != "" {
			fmt.Fprintf(&b, ", %s", when)
		}
		if modified {
			b.WriteString(", modified")
		}
		b.WriteString(")")
	}
	fmt.Fprintf(&b, " %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return b.String()
}

func (a *app) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print peerctl's version, commit and Go toolchain",
		Long: `Print the version of this peerctl binary, from the build information the go
command embeds: the module version (a tag when installed with
'go install github.com/peeringkit/peering/cmd/peerctl@vX.Y.Z', "(devel)" when
built from a checkout), the commit it was built from, and the Go version and
platform. 'peerctl --version' prints the same.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprint(a.stdout, versionText())
			return err
		},
	}
}
