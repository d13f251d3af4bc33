package inventory

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/peeringkit/peering"
)

// Kind names what a finding is about.
type Kind string

// The kinds of finding.
const (
	// KindCIDROverlap: the two ends of one peering have overlapping address
	// blocks, so no route can send traffic across it.
	KindCIDROverlap Kind = "cidr-overlap"
	// KindPeerCIDROverlap: a network is peered with two or more networks
	// whose blocks overlap, directly or through one another, so it cannot
	// route to all of them. One finding names the whole group.
	KindPeerCIDROverlap Kind = "peer-cidr-overlap"
	// KindSelfPeering: a connection joins a network to itself.
	KindSelfPeering Kind = "self-peering"
	// KindDuplicatePeering: two or more live connections join the same two
	// networks.
	KindDuplicatePeering Kind = "duplicate-peering"
	// KindStuck: a connection has stayed in a transient status (creating,
	// updating, deleting) longer than Options.StuckAfter.
	KindStuck Kind = "stuck"
	// KindExpiring: a connection's prepaid term (TermEndsAt) ends within
	// Options.ExpiryWindow, or has ended without the status saying so: the
	// owner must renew it to keep it.
	KindExpiring Kind = "expiring"
	// KindCIDRsUnknown: the address blocks of an end of a live connection
	// are unknown (Endpoint.CIDRsUnknown says why), so the overlap checks
	// could not check it: no overlap finding for it means "not checked",
	// never "no overlap".
	KindCIDRsUnknown Kind = "cidrs-unknown"
	// KindOfferExpiring: an offer waiting for acceptance lapses (AcceptBy)
	// within Options.ExpiryWindow, or its deadline has passed while it still
	// waits: the accepter must answer, or the connection never carries
	// traffic. A kind apart from KindExpiring because someone else acts,
	// and a listing of kinds (the CSV's findings column) should tell which.
	KindOfferExpiring Kind = "offer-expiring"
)

// Severity says how urgent a finding is.
type Severity string

// The severities, most urgent first.
const (
	SeverityError   Severity = "error"   // traffic cannot flow as configured
	SeverityWarning Severity = "warning" // likely a mistake, or about to break
	SeverityInfo    Severity = "info"    // worth knowing
)

func (s Severity) rank() int {
	switch s {
	case SeverityError:
		return 0
	case SeverityWarning:
		return 1
	}
	return 2
}

// Finding is one problem the analysis found.
type Finding struct {
	Kind     Kind     `json:"kind"`     // what the finding is about
	Severity Severity `json:"severity"` // how urgent it is
	// Connections and Networks are those involved, each sorted.
	Connections []Ref `json:"connections"`
	Networks    []Ref `json:"networks"`
	// Prefixes are the blocks involved: the overlapping ones for the
	// overlap kinds, those not routed for the routing kinds.
	Prefixes []netip.Prefix `json:"prefixes,omitempty"`
	// Routes are the routes involved, for the routing kinds: table, entry
	// and destination of each.
	Routes []RouteRef `json:"routes,omitempty"`
	// Message says what is wrong in one sentence, naming what is involved.
	Message string `json:"message"`
}

// analyze runs every check over the records and returns the findings, in
// no order: build sorts them once, with the routing findings. The checks
// only read the records, so they run side by side: once the last target
// is listed, the analysis is all that is left to wait for.
func analyze(records Records, opts Options) []Finding {
	now := opts.Now().UTC()
	half := records.Len() / 2
	parts := [...]func() []Finding{
		func() []Finding { return recordFindings(records, 0, half, now, opts) },
		func() []Finding { return recordFindings(records, half, records.Len(), now, opts) },
		func() []Finding { return peersOverlap(records) },
		func() []Finding { return duplicates(records) },
	}
	found := make([][]Finding, len(parts))
	var g errgroup.Group
	for i, part := range parts {
		g.Go(func() error {
			found[i] = part()
			return nil
		})
	}
	_ = g.Wait() // the parts return no error
	return slices.Concat(found...)
}

// recordFindings runs the checks of one record over the records in
// [from, to).
func recordFindings(records Records, from, to int, now time.Time, opts Options) []Finding {
	var out []Finding
	for i := from; i < to; i++ {
		rec := records.shared(i)
		r := &rec
		out = append(out, endsOverlap(r)...)
		if f, ok := cidrsUnknown(r); ok {
			out = append(out, f)
		}
		if f, ok := selfPeering(r); ok {
			out = append(out, f)
		}
		if f, ok := stuck(r, now, opts.StuckAfter); ok {
			out = append(out, f)
		}
		if f, ok := termEnding(r, now, opts.ExpiryWindow); ok {
			out = append(out, f)
		}
		if f, ok := offerLapsing(r, now, opts.ExpiryWindow); ok {
			out = append(out, f)
		}
	}
	return out
}

func compareFindings(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(a.Severity.rank(), b.Severity.rank()),
		cmp.Compare(a.Kind, b.Kind),
		slices.CompareFunc(a.Connections, b.Connections, Ref.Compare),
		slices.CompareFunc(a.Networks, b.Networks, Ref.Compare),
		slices.CompareFunc(a.Prefixes, b.Prefixes, comparePrefixes),
	)
}

// live reports whether a connection still exists in a way that matters for
// routing: terminal and deleting connections carry no traffic and will not.
func live(c *peering.Connection) bool { return liveStatus(c.Status) }

func liveStatus(s peering.Status) bool {
	return !s.Terminal() && s != peering.StatusDeleting
}

func network(c *peering.Connection, e peering.Endpoint) Ref {
	return Ref{Provider: c.Provider, ID: e.NetworkID}
}

func selfPeering(r *Record) (Finding, bool) {
	if r.Requester.NetworkID == "" || r.Requester.NetworkID != r.Accepter.NetworkID || !live(&r.Connection) {
		return Finding{}, false
	}
	return Finding{
		Kind:        KindSelfPeering,
		Severity:    SeverityWarning,
		Connections: []Ref{r.Ref()},
		Networks:    []Ref{network(&r.Connection, r.Requester)},
		Message:     fmt.Sprintf("%s peering %s joins %s to itself", r.Provider, r.ID, r.Requester.NetworkID),
	}, true
}

// duplicates finds live connections that join the same two networks, in
// either direction.
func duplicates(records Records) []Finding {
	t := records.t
	// The pairs of networks, each as its two keys in order, grouped: the
	// connections of one pair are then a run.
	pairs := make([]networkPair, 0, records.Len())
	for i := range records.Len() {
		r := records.rows.at(i)
		a, b := t.network(r, r.req), t.network(r, r.acc)
		if !t.live(r) || !a.known() || !b.known() {
			continue
		}
		if b < a {
			a, b = b, a
		}
		pairs = append(pairs, networkPair{a, b, uint32(i)})
	}
	groupBy(pairs, len(t.strs), func(p *networkPair) uint32 { return uint32(p.a) }, networkPair.compare)
	var out []Finding
	for lo, hi := 0, 0; lo < len(pairs); lo = hi {
		for hi = lo + 1; hi < len(pairs) && pairs[hi].a == pairs[lo].a && pairs[hi].b == pairs[lo].b; hi++ {
		}
		if hi-lo < 2 {
			continue
		}
		conns := make([]Ref, 0, hi-lo)
		for _, p := range pairs[lo:hi] {
			conns = append(conns, t.ref(records.rows.at(int(p.row))))
		}
		slices.SortFunc(conns, Ref.Compare)
		a, b := t.networkRef(pairs[lo].a), t.networkRef(pairs[lo].b)
		if b.Compare(a) < 0 {
			a, b = b, a
		}
		nets := []Ref{a}
		if b != a {
			nets = append(nets, b)
		}
		out = append(out, Finding{
			Kind:        KindDuplicatePeering,
			Severity:    SeverityWarning,
			Connections: conns,
			Networks:    nets,
			Message: fmt.Sprintf("%s networks %s and %s are joined by %d connections (%s); one is enough",
				a.Provider, a.ID, b.ID, len(conns), joinIDs(conns)),
		})
	}
	return out
}

// stuck reports a connection that has been in a transient status for longer
// than after. The status began at the last update; a connection being
// created began at its creation, so that time serves when no update time is
// reported. Otherwise there is no telling, so nothing is said: an old
// creation time says nothing of when an update or a deletion began.
func stuck(r *Record, now time.Time, after time.Duration) (Finding, bool) {
	if !r.Status.Transient() {
		return Finding{}, false
	}
	since, what := r.UpdatedAt, "has been %[3]s (%[4]s) for %[5]s, since %[6]s"
	if since.IsZero() && r.Status == peering.StatusPending {
		since, what = r.CreatedAt, "is still %[3]s (%[4]s) %[5]s after its creation on %[6]s"
	}
	if since.IsZero() || now.Sub(since) <= after {
		return Finding{}, false
	}
	return Finding{
		Kind:        KindStuck,
		Severity:    SeverityWarning,
		Connections: []Ref{r.Ref()},
		Networks:    endpoints(&r.Connection),
		Message: fmt.Sprintf("%[1]s peering %[2]s "+what,
			r.Provider, r.ID, r.Status, r.ProviderStatus, age(now.Sub(since)), since.Format(time.RFC3339)),
	}, true
}

// termEnding reports a connection whose prepaid term ends within window,
// or has ended while the status still says otherwise (KindExpiring).
func termEnding(r *Record, now time.Time, window time.Duration) (Finding, bool) {
	if r.TermEndsAt.IsZero() || r.Status.Terminal() || r.TermEndsAt.Sub(now) > window {
		return Finding{}, false
	}
	f := Finding{
		Kind:        KindExpiring,
		Severity:    SeverityWarning,
		Connections: []Ref{r.Ref()},
		Networks:    endpoints(&r.Connection),
	}
	left := r.TermEndsAt.Sub(now)
	if left <= 0 {
		f.Severity = SeverityError
		f.Message = fmt.Sprintf("%s peering %s: its prepaid term ended %s ago (%s) but it is still %s",
			r.Provider, r.ID, age(-left), r.TermEndsAt.Format(time.RFC3339), r.Status)
	} else {
		f.Message = fmt.Sprintf("%s peering %s: its prepaid term ends in %s (%s); renew it to keep it",
			r.Provider, r.ID, age(left), r.TermEndsAt.Format(time.RFC3339))
	}
	return f, true
}

// offerLapsing reports an offer, still waiting for acceptance, whose
// deadline falls within window or has passed (KindOfferExpiring). Only a
// waiting offer is reported: once answered, or lapsed as the status says,
// there is nothing left to accept.
func offerLapsing(r *Record, now time.Time, window time.Duration) (Finding, bool) {
	if r.AcceptBy.IsZero() || r.Status != peering.StatusPendingAcceptance || r.AcceptBy.Sub(now) > window {
		return Finding{}, false
	}
	f := Finding{
		Kind:        KindOfferExpiring,
		Severity:    SeverityWarning,
		Connections: []Ref{r.Ref()},
		Networks:    endpoints(&r.Connection),
	}
	left := r.AcceptBy.Sub(now)
	if left <= 0 {
		f.Severity = SeverityError
		f.Message = fmt.Sprintf("%s peering %s: the offer's acceptance deadline passed %s ago (%s) but it is still %s",
			r.Provider, r.ID, age(-left), r.AcceptBy.Format(time.RFC3339), r.Status)
	} else {
		f.Message = fmt.Sprintf("%s peering %s: the offer lapses in %s (%s) unless account %s accepts it",
			r.Provider, r.ID, age(left), r.AcceptBy.Format(time.RFC3339), orUnknown(r.Accepter.AccountID))
	}
	return f, true
}

func endpoints(c *peering.Connection) []Ref {
	a, b := network(c, c.Requester), network(c, c.Accepter)
	switch {
	case a.ID == "" && b.ID == "":
		return nil
	case b.ID == "" || a == b:
		return []Ref{a}
	case a.ID == "":
		return []Ref{b}
	case b.Compare(a) < 0:
		return []Ref{b, a}
	}
	return []Ref{a, b}
}

// age formats a duration for people: "3d4h", "5h12m", "40m", "12s".
func age(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d >= 24*time.Hour:
		return fmt.Sprintf("%dd%dh", d/(24*time.Hour), d%(24*time.Hour)/time.Hour)
	case d >= time.Hour:
		return fmt.Sprintf("%dh%dm", d/time.Hour, d%time.Hour/time.Minute)
	case d >= time.Minute:
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return fmt.Sprintf("%ds", d/time.Second)
}

func joinIDs(refs []Ref) string {
	ids := make([]string, len(refs))
	for i, r := range refs {
		ids[i] = r.ID
	}
	return strings.Join(ids, ", ")
}

func orUnknown(s string) string {
	if s == "" {
		return "(unknown)"
	}
	return s
}
