// Package peering puts network peering connections on Baidu AI Cloud VPC,
// Alibaba Cloud VPC (VpcPeer) and Alibaba Cloud ENS behind one interface and
// one normalized model.
//
// A provider adapter (see the providers/ folder) implements [Peering]. Programs
// use the portable helpers written once here: [List] walks every page as a Go
// iterator and yields each connection exactly once, [Collect] gathers a whole
// listing, a [Paginator] walks it a page at a time, [WaitFor] polls a
// connection until it reaches a wanted status. Every error an adapter returns carries a
// portable [ErrorCode], read with [Code] or matched with errors.Is against the
// sentinels such as [ErrNotFound].
//
// Typical use:
//
//	p, err := baidu.New(baidu.Options{Region: "bj"})
//	if err != nil { ... }
//	for c, err := range peering.List(ctx, p, peering.Filter{}) {
//		if err != nil { ... }
//		fmt.Println(c.ID, c.Status, c.Requester.NetworkID, "->", c.Accepter.NetworkID)
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
// the common ones), and proves itself with the conformance suite in package
// github.com/peeringkit/peering/conformance. Its ListPage sends one request
// and returns the page as the API sent it, with only the filter fields the
// API applies itself pushed down: filtering, de-duplication and the checks
// that end a listing which loops, stalls or runs past its end live once, in
// [List] and [Paginator], and hold for every adapter. An adapter that can
// fetch pages better than one after another (concurrently, say) implements
// [PageLister], whose raw pages List treats the same way.
package peering
