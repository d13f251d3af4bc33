package peering

// UnparsedAttribute is the Connection.Attributes (and Route.Attributes) key
// under which every adapter lists the values of a record it could not read:
// a bandwidth that is negative (other than -1), fractional or not a
// number, a timestamp in no known form, a CIDR block that does not parse,
// a field of the wrong JSON type.
//
// The policy is the same on every provider: one odd record never fails its
// page or its listing. The connection is kept; each unread field is left at
// its zero or unknown value (Bandwidth is BandwidthUnknown, a time is zero,
// a bad block is left out of its Endpoint's CIDRs, a mistyped string field
// is ""); Connection.Raw keeps the record as sent; and the value of this
// attribute names what was left out, as "field=value" pairs joined by "; ":
//
//	bandwidthInMbps=-2; createdTime=2018/08/07 19:46:55
//
// A field is named by its JSON member name, dotted for a nested one
// ("Vpc.Ipv4Cidrs"). A value is shown as sent: a string without its quotes,
// anything else as its JSON text, cut to a hundred bytes or so. A number
// sent as a string ("1024") is not odd: it is read as the number.
//
// The attribute is absent when the whole record was read. A record with no
// ID, or with one that cannot be read, is no connection at all: it fails
// its page as Internal.
const UnparsedAttribute = "Unparsed"
