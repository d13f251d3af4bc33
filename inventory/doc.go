// Package inventory builds the cross-cloud view of peering connections: it
// lists many (provider, account, region) targets at once, merges the two sides
// of a cross-account peering into one record, analyzes the result (CIDR
// overlaps, self and duplicate peerings, stuck connections, prepaid terms
// ending and offers lapsing, ends whose blocks are unknown and so could not
// be checked), draws the network graph, and renders it all as a table (one
// that keeps within 120 columns, or a wide one with every column), names,
// JSON, YAML, NDJSON, CSV, Graphviz DOT or Mermaid.
//
// Build one [Target] per adapter client, collect, then render:
//
//	inv, err := inventory.Collect(ctx, []inventory.Target{
//		{Name: "prod/bj", Account: "prod", Region: "bj", Peering: bj},
//		{Name: "prod/gz", Account: "prod", Region: "gz", Peering: gz},
//	}, inventory.Options{})
//	if err != nil { ... } // bad input or ctx ended
//	for _, e := range inv.Errors { ... } // targets that failed; the others are in inv.Records
//	for _, r := range inv.Records.All() { ... } // each record, merged
//	err = inventory.Render(os.Stdout, inv, inventory.Table)
//
// [Analyze] builds the same inventory from records gathered elsewhere, such
// as a JSON inventory saved earlier.
//
// With Options.Routes, Collect also reads the route tables of every
// target's own networks (adapters that are a peering.RouteReader) and
// judges each active peering each way: [KindNoRoute], [KindOneWay],
// [KindPartialRoute], [KindBlackhole], [KindShadowed],
// [KindRouteIntoOwnRange], and [KindRoutesUnknown] where tables could not
// be read, never "no route". [AnalyzeRoutes] does the same with tables
// read elsewhere. Inventory.Reach then holds the verdict of every record
// ([Reach]: both, one-way, partial, none, unknown or inactive, and each
// direction's with the routes that carry it), which every format shows: the
// table's REACH column ("-" when the tables were not read), the wide table's
// TO-ACCEPTER and TO-REQUESTER, the CSV's reach columns, the JSON document's
// reach list and NDJSON's "reach" lines, and the graph drawings' edges, drawn
// by where traffic goes, with a legend.
//
// Options.Record hands over each record as soon as every target that may
// list it is done, for output that streams; [NDJSONWriter] writes the
// NDJSON format so.
//
// The machine formats (JSON, YAML, NDJSON, CSV) give a connection's bandwidth
// as two fields that cannot be summed wrong: bandwidthMbps (CSV
// bandwidth_mbps), the limit in Mbit/s, null (CSV: empty) when the
// connection has no limit or the provider does not report one; and
// bandwidth, which says which: "unlimited", "unknown" or the limit with
// its unit, like "100Mbps". [Record.UnmarshalJSON] also reads records saved
// with the model's number (-1 unlimited, 0 unknown). [WriteConnection]
// writes one connection in that form, for tools that print a single one.
// A cell with several
// values (address blocks, accounts, targets, finding kinds) separates them
// with commas, with no space, in the tables and in CSV alike.
//
// [SortBy] orders the records by any column of the wide table ([Columns]).
// The JSON document's targets lists every target with its status ("ok",
// or "failed" with the error's code); targetCount is their number.
//
// # Memory
//
// An inventory of a million connections must fit in the memory of one
// machine, so [Records] and [Links] are not slices of structs: a record is a
// fixed row of its own facts (bandwidth, times, and one index each for its
// ID, name and description, and for its tags and attributes, which are
// held as bytes back to back) and indexes into tables that every record
// shares (statuses, networks with their blocks, accounts, regions, the
// targets that saw it), and a link is drawn from its record when it is read. Views
// are merged into rows as they arrive, so the two sides of a peering are
// never held apart. Read them with Len and At (a copy of one record), or
// All; Records.Slice gives a []Record when memory does not matter. Their
// JSON is an array, as a slice's, and the JSON format writes them one at a
// time. Connection.Raw is kept only with Options.KeepRaw.
//
// Everything Collect returns is in a stable order (records by provider then
// ID, findings by severity, kind, then the connections involved), so two runs over the
// same estate render byte for byte the same.
package inventory
