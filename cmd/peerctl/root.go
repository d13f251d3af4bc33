package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

// The exit statuses.
const (
	exitOK      = 0
	exitFailure = 1   // an operation failed, or some inventory targets did
	exitUsage   = 2   // bad flags, arguments or configuration
	exitFinding = 3   // inventory --fail-on: findings of that severity or worse
	exitSignal  = 130 // interrupted (128 + SIGINT), as shells report it
)

// app is what every command shares: where to write, and whether people are
// watching stderr (then a progress line is worth drawing).
type app struct {
	stdout, stderr io.Writer
	interactive    bool
}

// exitError carries the exit status a command's error calls for.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageError marks err as the user's to fix by changing the command line or
// the configuration: exit status 2.
func usageError(err error) error { return &exitError{code: exitUsage, err: err} }

// usagef is usageError with a formatted message.
func usagef(format string, args ...any) error { return usageError(fmt.Errorf(format, args...)) }

// errPartial is the error of an inventory whose failed targets were already
// reported in full: only the exit status remains to give.
var errPartial = errors.New("some targets failed")

// errFindings is the error of an inventory that succeeded but has findings
// that --fail-on turns into exit status 3; they were printed already.
var errFindings = errors.New("findings at or above --fail-on")

// run executes peerctl with args and returns its exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a := &app{stdout: stdout, stderr: stderr, interactive: isTerminal(stderr)}
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitOK
	}
	code := exitUsage // cobra's own errors (unknown command or flag, wrong argument count) are usage errors
	var ee *exitError
	if errors.As(err, &ee) {
		code = ee.code
	}
	if !errors.Is(err, errPartial) && !errors.Is(err, errFindings) {
		fmt.Fprintf(stderr, "peerctl: %v\n", err)
	}
	if code == exitUsage && cmd != nil {
		fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", cmd.CommandPath())
	}
	return code
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "peerctl",
		Short: "See and change network peering on Baidu VPC, Alibaba VPC and Alibaba ENS",
		Long: `peerctl lists, inspects and changes network peering connections on Baidu AI Cloud
VPC, Alibaba Cloud VPC (VpcPeer) and Alibaba Cloud ENS through one model.

Start with the cross-cloud inventory against the embedded emulator, which
needs no account:

  peerctl inventory --sandbox

Then point it at your accounts with a configuration file (see
'peerctl inventory --help'), or act on one connection with get, create,
accept, reject, update, delete and wait; routes shows whether traffic
flows across one, and routes add adds the routes it is missing.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       strings.TrimSuffix(versionText(), "\n"),
		// Without subcommand, show the help rather than nothing; a word
		// that is not a command gets the commands it resembles.
		Args: noArgsOrCommand,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	root.SetVersionTemplate("{{.Version}}\n")
	root.SuggestionsMinimumDistance = 2
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(
		a.inventoryCommand(),
		a.getCommand(),
		a.createCommand(),
		a.acceptCommand(),
		a.rejectCommand(),
		a.updateCommand(),
		a.deleteCommand(),
		a.waitCommand(),
		a.routesCommand(),
		a.baiduCommand(),
		a.alibabaVPCCommand(),
		a.emulateCommand(),
		a.versionCommand(),
	)
	registerCompletions(root)
	return root
}

// failures wraps a command's RunE so that its errors exit with status 1
// unless they say otherwise (usage errors).
func failures(f func(cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		err := f(cmd, args)
		var ee *exitError
		if err == nil || errors.As(err, &ee) {
			return err
		}
		return &exitError{code: exitFailure, err: err}
	}
}

// isTerminal reports whether w is a terminal (a character device), where
// a progress line helps; in a pipe or a file it would only be noise.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// withHint appends to err a line saying what to do about it; "" adds nothing.
func withHint(err error, hint string) error {
	if hint == "" {
		return err
	}
	return fmt.Errorf("%w\n  hint: %s", err, strings.TrimSpace(hint))
}

// oneID checks that a command got exactly one argument, the connection ID.
func oneID(cmd *cobra.Command, args []string) error {
	if len(args) != 1 {
		return usagef("%s takes one connection ID (got %d arguments)", cmd.Name(), len(args))
	}
	return nil
}
