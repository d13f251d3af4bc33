// Command peerctl lists, inspects and changes network peering connections on
// Baidu AI Cloud VPC, Alibaba Cloud VPC and Alibaba Cloud ENS from one place.
//
// The main command is the cross-cloud inventory:
//
//	peerctl inventory --sandbox                 # try it: an embedded emulator, no account needed
//	peerctl inventory --config peering.yaml     # every account and region in the file
//	peerctl inventory --provider baidu --region bj --region gz -o json
//
// The others act on one connection: get, create, accept, reject, update,
// delete and wait. `peerctl emulate` serves the emulated clouds for other
// programs. Run `peerctl help COMMAND` for each command's flags.
//
// Exit status: 0 on success; 1 when an operation failed or some inventory
// targets failed (what succeeded is still printed); 2 for usage errors (bad
// flags, bad configuration, a region or endpoint the adapter refuses, such
// as a region it does not know without --endpoint, input the adapter
// refuses, such as a Baidu create without --bandwidth), before any request;
// 3 when inventory --fail-on finds findings of that severity or worse;
// 130 when an inventory is interrupted (what was listed is printed).
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	// The first SIGINT or SIGTERM cancels the context: commands stop what they
	// are doing and return; a second one kills as usual.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
