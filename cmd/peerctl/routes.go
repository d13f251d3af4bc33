package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/inventory"
)

func (a *app) routesCommand() *cobra.Command {
	var f opFlags
	var output string
	cmd := &cobra.Command{
		Use:   "routes ID",
		Short: "Show whether traffic flows across one peering, each way, and the routes that decide it",
		Long: `Show, for one peering connection, whether traffic flows each way and why:
both ends' networks with their address blocks, and for each way the near
network's routes through the peering, the far blocks they leave out, and the
routes that send the far blocks elsewhere (another peering, a gateway), with
the verdict (routed, partial, none, unknown) and the findings about it. The
verdict is the inventory's (see 'peerctl inventory --routes'), from the same
analysis.

The target the flags name reads its own end. The other end is read by a
target of the configuration file (--config) for that account and region,
or, when the same account owns it, by the same credentials in its region
(for Baidu with --endpoint only in the same region, since a Baidu endpoint
serves one region). A target without an account ID (--account-id) also
tries its own credentials on an end in its region, since the cloud shows
only the caller's own route tables. An end that no target reads is
"unknown", never "no route".

'peerctl routes add ID' adds the routes that are missing.`,
		Example: `  peerctl routes pcc-s7bk7jwzz2snh6j7o0x8g --config peering.yaml --target shop --region cn-hangzhou
  peerctl routes peerconn-8tz4qd5aqz2m --provider baidu --region bj -o json`,
		Args: oneID,
		RunE: failures(func(cmd *cobra.Command, args []string) error {
			if err := checkOutputOf(output, "table", "json"); err != nil {
				return err
			}
			id := args[0]
			return f.doTarget(cmd.Context(), "routes "+id, func(ctx context.Context, s targetSpec, p peering.Peering) error {
				v, err := readRoutesView(ctx, &f.targetFlags, s, p, id)
				if err != nil {
					return err
				}
				if output == "json" {
					return v.writeJSON(a.stdout)
				}
				return v.print(a.stdout)
			})
		}),
	}
	f.register(cmd.Flags())
	cmd.Flags().StringVarP(&output, "output", "o", "table", "output format: table or json")
	cmd.AddCommand(a.routesAddCommand())
	return cmd
}

// routesView is what 'peerctl routes' learns of one connection: the
// connection as the targets that read it merged it, each end with the
// target that reads its route tables, and the inventory's analysis of
// them.
type routesView struct {
	inv   *inventory.Inventory // one record
	ends  [2]routeEnd          // the requester's, then the accepter's
	reach inventory.Reach
}

// routeEnd is one end of the connection and the target that reads its
// route tables.
type routeEnd struct {
	role   peering.Role
	ep     peering.Endpoint
	spec   targetSpec
	p      peering.Peering // nil when no target reads the end
	why    string          // why p is nil
	routes inventory.NetworkRoutes
}

// readRoutesView gets connection id from p (the target s the flags name),
// finds a target for each end, reads both ends' route tables and analyzes
// them as the inventory does.
func readRoutesView(ctx context.Context, f *targetFlags, s targetSpec, p peering.Peering, id string) (*routesView, error) {
	c, err := p.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	var config []targetSpec
	if f.config != "" {
		if cfg, err := loadConfig(f.config); err == nil { // read once already, by f.spec
			config, _ = cfg.Targets()
		}
	}
	v := &routesView{}
	records := []inventory.Record{{Connection: c, SeenBy: []inventory.Sighting{{Target: s.Name, Role: c.Role}}}}
	var routes []inventory.NetworkRoutes
	for i, e := range []peering.Endpoint{c.Requester, c.Accepter} {
		end := routeEnd{role: []peering.Role{peering.RoleRequester, peering.RoleAccepter}[i], ep: e}
		end.spec, end.p, end.why = endReader(s, p, c, e, config)
		if end.p != nil && end.p != p {
			// The other account's view completes what this one lacks
			// (the far blocks, say), as the inventory merges them.
			if other, err := end.p.Get(ctx, id); err == nil {
				records = append(records, inventory.Record{Connection: other, SeenBy: []inventory.Sighting{{Target: end.spec.Name, Role: other.Role}}})
			}
		}
		end.routes = readEnd(ctx, c.Provider, &end)
		if e.NetworkID != "" && (i == 0 || e.NetworkID != c.Requester.NetworkID) {
			routes = append(routes, end.routes)
		}
		v.ends[i] = end
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("reading the route tables: %w", err)
	}
	v.inv = inventory.AnalyzeRoutes(records, routes, inventory.Options{})
	ref := inventory.Ref{Provider: c.Provider, ID: c.ID}
	for _, r := range v.inv.Reach {
		if r.Connection == ref {
			v.reach = r
		}
	}
	return v, nil
}

// endReader returns the target that reads the route tables of end e of c:
// s itself (client p) when e is its account's in its region, else a target
// of the configuration file for e's account and region, else s's
// credentials in e's region when the account is the same; or why none.
func endReader(s targetSpec, p peering.Peering, c peering.Connection, e peering.Endpoint, config []targetSpec) (targetSpec, peering.Peering, string) {
	own, known := c.Own()
	mine := e.AccountID == "" || e.AccountID == s.AccountID || known && (own.NetworkID == e.NetworkID || own.AccountID == e.AccountID)
	in := func(t targetSpec) bool {
		return c.Provider == peering.AlibabaENS || e.Region == "" || t.Region == e.Region
	}
	entry := func(t targetSpec) string { name, _, _ := strings.Cut(t.Name, "/"); return name }
	if mine && in(s) {
		return s, p, ""
	}
	opened := func(t targetSpec) (targetSpec, peering.Peering, string) {
		q, err := open(t)
		if err != nil {
			return t, nil, fmt.Sprintf("target %s: %v", t.Name, err)
		}
		return t, q, ""
	}
	for _, t := range config {
		if t.Provider == c.Provider && in(t) && (e.AccountID != "" && t.AccountID == e.AccountID || mine && entry(t) == entry(s)) {
			return opened(t)
		}
	}
	if mine && !(c.Provider == peering.Baidu && s.Endpoint != "") {
		t := s
		t.Name, t.Region = entry(s)+"/"+e.Region, e.Region
		return opened(t)
	}
	where := "region " + unknownOr(e.Region)
	if c.Provider == peering.AlibabaENS {
		where = "ENS"
	}
	how := "give --config a target for it"
	if mine {
		how = "give --config a target for that region, with its endpoint"
	}
	why := fmt.Sprintf("no target reads account %s in %s (%s)", unknownOr(e.AccountID), where, how)
	if s.AccountID == "" && in(s) {
		// The target's own account is not known, so the end may be its
		// own: the cloud answers its route tables only if it is. why is
		// kept for when it does not (see readEnd).
		return s, p, why
	}
	return targetSpec{}, nil, why
}

// readEnd reads the route tables of an end's network with its target, or
// says why they were not read. A target tried on an end that may not be
// its own (e.why set) that cannot read them leaves the end to no target,
// for e.why.
func readEnd(ctx context.Context, provider peering.Provider, e *routeEnd) inventory.NetworkRoutes {
	nr := inventory.NetworkRoutes{Network: inventory.Ref{Provider: provider, ID: e.ep.NetworkID}}
	if e.p == nil {
		nr.Unknown = e.why
		return nr
	}
	rr, ok := e.p.(peering.RouteReader)
	if !ok || !e.p.Capabilities().Routes {
		nr.Unknown = string(provider) + "'s adapter reads no route tables"
		return nr
	}
	nr = inventory.ReadRoutes(ctx, provider, rr, e.ep.NetworkID)
	if e.why != "" {
		if nr.Unknown != "" {
			nr = inventory.NetworkRoutes{Network: nr.Network, Unknown: e.why}
			e.spec, e.p = targetSpec{}, nil
		} else {
			e.why = ""
		}
	}
	return nr
}

// unknownOr is s, or "(unknown)" for "".
func unknownOr(s string) string { return cmp.Or(s, "(unknown)") }

// findings are the inventory's findings about the connection, and the
// routes of its ends' tables that go nowhere.
func (v *routesView) findings() []inventory.Finding {
	ref := v.reach.Connection
	var out []inventory.Finding
	for _, f := range v.inv.Findings {
		if slices.Contains(f.Connections, ref) || f.Kind == inventory.KindBlackhole {
			out = append(out, f)
		}
	}
	return out
}

// print writes the view for people: the connection and its verdict, each
// end, then each way with its routes.
func (v *routesView) print(w io.Writer) error {
	var ew strings.Builder // written at once: one write error to check
	c := v.inv.Records.At(0).Connection
	fmt.Fprintf(&ew, "%s peering %s (%s): reach %s\n", c.Provider, c.ID, c.Status, v.reach.Verdict)
	for _, e := range v.ends {
		ep := v.endpoint(e.role)
		facts := []string{}
		if ep.Region != "" {
			facts = append(facts, ep.Region)
		}
		if ep.AccountID != "" {
			facts = append(facts, "account "+ep.AccountID)
		}
		read := "tables read by target " + e.spec.Name
		switch {
		case e.routes.Unknown != "":
			read = "tables not read: " + e.routes.Unknown
		case e.p == nil:
			read = "tables not read"
		}
		fmt.Fprintf(&ew, "%-9s  %s (%s)  blocks %s  [%s]\n", e.role, unknownOr(ep.NetworkID), strings.Join(facts, ", "), blockList(ep), read)
	}
	for _, d := range []inventory.Direction{v.reach.ToAccepter, v.reach.ToRequester} {
		fmt.Fprintf(&ew, "\n%s to %s: %s", unknownOr(d.From.ID), unknownOr(d.To.ID), d.Verdict)
		if d.Reason != "" {
			fmt.Fprintf(&ew, " (%s)", d.Reason)
		}
		fmt.Fprintf(&ew, "\n")
		for _, r := range d.Routes {
			fmt.Fprintf(&ew, "  through    %s\n", r)
		}
		if len(d.Missing) > 0 {
			fmt.Fprintf(&ew, "  missing    %s\n", joinStrings(d.Missing))
		}
		for _, r := range d.Elsewhere {
			fmt.Fprintf(&ew, "  elsewhere  %s\n", r)
		}
	}
	if fs := v.findings(); len(fs) > 0 {
		fmt.Fprintf(&ew, "\nFINDINGS\n")
		for _, f := range fs {
			fmt.Fprintf(&ew, "%-8s %s: %s\n", f.Severity, f.Kind, f.Message)
		}
	}
	_, err := io.WriteString(w, ew.String())
	return err
}

// endpoint is the merged record's end of role r.
func (v *routesView) endpoint(r peering.Role) peering.Endpoint {
	if r == peering.RoleAccepter {
		return v.inv.Records.At(0).Accepter
	}
	return v.inv.Records.At(0).Requester
}

func blockList(e peering.Endpoint) string {
	bs := append(slices.Clip(e.IPv4CIDRs), e.IPv6CIDRs...)
	if len(bs) == 0 {
		return "unknown"
	}
	return joinStrings(bs)
}

// routesJSON is what 'peerctl routes -o json' prints.
type routesJSON struct {
	Connection peering.Connection  `json:"connection"`
	Reach      inventory.Reach     `json:"reach"`
	Ends       []routesJSONEnd     `json:"ends"`
	Findings   []inventory.Finding `json:"findings"`
}

// routesJSONEnd is one end in 'peerctl routes -o json': its role, the
// target that read it, and its tables (or why they were not read).
type routesJSONEnd struct {
	Role   peering.Role `json:"role"`
	Target string       `json:"target,omitempty"`
	inventory.NetworkRoutes
}

func (v *routesView) writeJSON(w io.Writer) error {
	out := routesJSON{Connection: v.inv.Records.At(0).Connection, Reach: v.reach, Findings: v.findings()}
	if out.Findings == nil {
		out.Findings = []inventory.Finding{}
	}
	for _, e := range v.ends {
		out.Ends = append(out.Ends, routesJSONEnd{Role: e.role, Target: e.spec.Name, NetworkRoutes: e.routes})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
