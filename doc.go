// Package peering puts network peering connections on Baidu AI Cloud VPC,
// Alibaba Cloud VPC (VpcPeer) and Alibaba Cloud ENS behind one interface and
// one normalized model.
//
// A provider adapter (see the providers/ folder) implements [Peering]. Programs
// use the portable helpers written once here: [List] walks every page as a Go
// iterator, [Collect] gathers a whole listing, [WaitFor] polls a connection
// until it reaches a wanted status. Every error an adapter returns carries a
// portable [ErrorCode], read with [Code] or matched with errors.Is against the
// sentinels such as [ErrNotFound].
//
// Typical use:
//
//	p, err := baidu.New(baidu.Options{Region: "bj"})
//	if err != nil { ... }
//	for c, err := range peering.List(ctx, p, peering.Filter{}) {
//		if err != nil { ... }
//		fmt.Println(c.ID, c.Status, c.Local.NetworkID, "<->", c.Peer.NetworkID)
//	}
//
// The model is described field by field on [Connection]; statuses on [Status];
// bandwidth on [Bandwidth]. Provider-only operations live on the concrete
// adapter types, and [Connection.Raw] holds each provider's native record.
//
// # Writing an adapter
//
// An adapter for another cloud implements [Peering], returns *[Error] values
// (the helpers [ContextError], [InvalidArgumentf] and [Unimplementedf] build
// the common ones), may implement [Lister] when it can list faster than one
// page after another, and proves itself with the conformance suite in
// package github.com/peeringkit/peering/conformance.
package peering
