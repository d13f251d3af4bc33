// Package inventory builds the cross-cloud view of peering connections: it
// lists many (provider, account, region) targets at once, merges the two sides
// of a cross-account peering into one record, analyzes the result (CIDR
// overlaps, self and duplicate peerings, stuck connections, prepaid terms
// ending and offers lapsing, ends whose blocks are unknown and so could not
// be checked), draws the network graph, and renders it all as a table,
// JSON, NDJSON, CSV, Graphviz DOT or Mermaid.
//
// Build one [Target] per adapter client, collect, then render:
//
//	inv, err := inventory.Collect(ctx, []inventory.Target{
//		{Name: "prod/bj", Account: "prod", Region: "bj", Peering: bj},
//		{Name: "prod/gz", Account: "prod", Region: "gz", Peering: gz},
//	}, inventory.Options{})
//	if err != nil { ... } // bad input or ctx ended
//	for _, e := range inv.Errors { ... } // targets that failed; the others are in inv.Records
//	err = inventory.Render(os.Stdout, inv, inventory.Table)
//
// [Analyze] builds the same inventory from records gathered elsewhere, such
// as a JSON inventory saved earlier.
//
// Everything Collect returns is in a stable order (records by provider then
// ID, findings by severity, kind, then the connections involved), so two runs over the
// same estate render byte for byte the same.
package inventory
