// Package normalize turns what the clouds send into the portable model of
// package peering: statuses, bandwidth, CIDR blocks, tags, timestamps, IDs
// and account IDs. Its functions are pure and table-driven, so that every
// adapter reads a value the same way and every table entry is tested.
//
// Unknown statuses are not errors: they map to peering.StatusUnknown, and the
// adapter keeps the cloud's value in Connection.ProviderStatus. Malformed
// CIDRs, bandwidths and timestamps are errors, never silently dropped
// (AppendCIDRs, which keeps the good blocks of a list, returns the bad ones).
//
// It also holds the one policy for odd records that every adapter follows
// (see peering.UnparsedAttribute): records decode with DecodeRecord (lists
// of them with DecodeRecords), which keeps a record whose member has the
// wrong JSON type, and adapters list what they could not read, from there
// or from the functions above, with Unparsed. A page answer decodes with
// DecodePage: in one pass when it is clean, by that policy when it is not.
// An adapter may first read a clean page itself, with a Reader, which takes
// only what it reads exactly as json.Unmarshal would and declines the rest
// to DecodePage's own decoding.
package normalize
