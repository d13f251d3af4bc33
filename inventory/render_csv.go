package inventory

import (
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/peeringkit/peering"
)

// csvHeader names the CSV columns. Lists inside a cell (CIDRs, targets,
// finding kinds) are separated by commas, as in the table (the cell is then
// quoted). bandwidth_mbps is the limit in Mbit/s, empty when there is none
// or it is not reported, so that a sum counts only real limits; bandwidth
// says which: "unlimited", "unknown" or the limit ("100Mbps"). An end with no blocks
// has them unknown: its *_cidrs_unknown column says why (never empty then),
// and is empty for an end whose blocks are known. reach, to_accepter and
// to_requester are the verdicts of [Reach] (the peering's, then each
// direction's), and to_accepter_routes and to_requester_routes the routes
// that carry each direction ("10.1.0.0/16 via VpcPeer pcc-1 in vtb-1
// (rte-1)"); all five are empty when the route tables were not read.
var csvHeader = []string{
	"provider", "id", "name", "status", "provider_status", "bandwidth_mbps", "bandwidth", "role",
	"requester_network", "requester_region", "requester_account", "requester_cidrs", "requester_cidrs_unknown",
	"accepter_network", "accepter_region", "accepter_account", "accepter_cidrs", "accepter_cidrs_unknown",
	"created_at", "term_ends_at", "accept_by", "seen_by", "findings",
	"reach", "to_accepter", "to_requester", "to_accepter_routes", "to_requester_routes",
}

// renderCSV writes one row per connection, with the kinds of the findings
// that involve it, so that a spreadsheet can filter on them.
func renderCSV(w io.Writer, inv *Inventory) error {
	kinds := make(map[Ref][]string)
	for _, f := range inv.Findings {
		for _, c := range f.Connections {
			if !slices.Contains(kinds[c], string(f.Kind)) {
				kinds[c] = append(kinds[c], string(f.Kind))
			}
		}
	}
	reach := reachOf(inv)
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for i := range inv.Records.Len() {
		rec := inv.Records.shared(i)
		r := &rec
		seen := make([]string, len(r.SeenBy))
		for j, s := range r.SeenBy {
			seen[j] = s.Target
		}
		k := kinds[r.Ref()]
		slices.Sort(k)
		if err := cw.Write(slices.Concat([]string{
			string(r.Provider), r.ID, r.Name, string(r.Status), r.ProviderStatus,
			csvMbps(r.Bandwidth), r.Bandwidth.String(), string(r.Role),
			r.Requester.NetworkID, r.Requester.Region, r.Requester.AccountID, joinPrefixes(blocks(r.Requester), listSep), csvUnknown(r.Requester),
			r.Accepter.NetworkID, r.Accepter.Region, r.Accepter.AccountID, joinPrefixes(blocks(r.Accepter), listSep), csvUnknown(r.Accepter),
			csvTime(r.CreatedAt), csvTime(r.TermEndsAt), csvTime(r.AcceptBy),
			strings.Join(seen, listSep), strings.Join(k, listSep),
		}, csvReach(reach[r.Ref()]))); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvReach is the five reach cells of a record's verdict, empty without one.
func csvReach(r *Reach) []string {
	if r == nil {
		return make([]string, 5)
	}
	routes := func(rs []RouteRef) string {
		s := make([]string, len(rs))
		for i, x := range rs {
			s[i] = x.String()
		}
		return strings.Join(s, listSep)
	}
	return []string{string(r.Verdict), string(r.ToAccepter.Verdict), string(r.ToRequester.Verdict),
		routes(r.ToAccepter.Routes), routes(r.ToRequester.Routes)}
}

func csvMbps(b peering.Bandwidth) string {
	if n, ok := BandwidthMbps(b); ok {
		return strconv.FormatInt(n, 10)
	}
	return ""
}

// csvUnknown is why an end's blocks are unknown, "" when they are known.
func csvUnknown(e peering.Endpoint) string {
	why, _ := unknownBlocks(e)
	return why
}

func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
