package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"slices"

	"github.com/spf13/cobra"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/inventory"
)

// routeDescription marks the routes 'peerctl routes add' creates, for
// whoever reads the table later.
const routeDescription = "added by peerctl routes add"

func (a *app) routesAddCommand() *cobra.Command {
	var (
		f      opFlags
		dryRun bool
		output string
	)
	cmd := &cobra.Command{
		Use:   "add ID",
		Short: "Add the routes a peering is missing, through it, on each end a target reads",
		Long: `Add, in the route tables of each end of a peering connection that a target
reads (see 'peerctl routes --help'), a route through the connection for
each of the far end's address blocks that no route through it covers yet:
what 'peerctl routes ID' lists as missing. Each route goes into the near
network's system table (Baidu: the VPC's table; Alibaba VPC: the VPC's
system route table; ENS: the network's default table), the one the cloud
made with the network.

It is idempotent: a second run finds nothing missing and says "nothing to
do". A block the table already sends elsewhere with the same destination
is not changed (the cloud refuses a second route to one destination): it is
reported, and the exit status is 1. An end no target reads is left as it
is, and said so. A connection that is not active is refused (exit status
1): routes through it carry nothing until it is.

With --dry-run, peerctl reads what it needs and prints the routes it would
add, sending no write. It says on stderr what it did; -o json prints the
routes added (with --dry-run, those it would add) on stdout.`,
		Example: `  peerctl routes add pcc-s7bk7jwzz2snh6j7o0x8g --config peering.yaml --target shop --region cn-hangzhou --dry-run
  peerctl routes add peerconn-8tz4qd5aqz2m --provider baidu --region bj -o json`,
		Args: oneID,
		RunE: failures(func(cmd *cobra.Command, args []string) error {
			if err := checkOutputOf(output, "", "json"); err != nil {
				return err
			}
			id := args[0]
			return f.doTarget(cmd.Context(), "add-routes "+id, func(ctx context.Context, s targetSpec, p peering.Peering) error {
				v, err := readRoutesView(ctx, &f.targetFlags, s, p, id)
				if err != nil {
					return err
				}
				return a.addRoutes(ctx, v, dryRun, output)
			})
		}),
	}
	f.register(cmd.Flags())
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the routes that would be added, and add none")
	cmd.Flags().StringVarP(&output, "output", "o", "", "print the routes added (with --dry-run, to add) on stdout: json")
	return cmd
}

// plannedRoute is a route 'peerctl routes add' adds, or would add: its
// -o json form.
type plannedRoute struct {
	// Side is the end whose table gets the route, Network its network,
	// and Target the target that adds it.
	Side        peering.Role `json:"side"`
	Network     string       `json:"network"`
	Target      string       `json:"target"`
	Table       string       `json:"table"`
	Destination netip.Prefix `json:"destination"`
	Connection  string       `json:"connection"`
	// Route is the ID of the route added; "" with --dry-run.
	Route string `json:"route,omitempty"`

	w peering.RouteWriter
}

func (r plannedRoute) String() string {
	return fmt.Sprintf("%s through %s in table %s of %s (%s)", r.Destination, r.Connection, r.Table, r.Network, r.Side)
}

// plan works out the routes to add on each end, from the analysis: for
// each way whose near end a target reads, a route to each far block
// missing. It returns them, what it leaves as it is (notes), and what it
// cannot do (refusals).
func (v *routesView) plan() (routes []plannedRoute, notes []string, refused []error) {
	conn := v.inv.Records.At(0).Connection
	for i, d := range []inventory.Direction{v.reach.ToAccepter, v.reach.ToRequester} {
		e := v.ends[i]
		side := fmt.Sprintf("%s (%s)", unknownOr(d.From.ID), e.role)
		switch {
		case d.Verdict == inventory.ReachUnknown:
			notes = append(notes, fmt.Sprintf("%s: left as it is: %s", side, d.Reason))
			continue
		case len(d.Missing) == 0:
			notes = append(notes, fmt.Sprintf("%s: routes all of %s through %s already", side, unknownOr(d.To.ID), conn.ID))
			continue
		}
		w, ok := e.p.(peering.RouteWriter)
		if !ok || !e.p.Capabilities().Routes {
			refused = append(refused, fmt.Errorf("%s: %s's adapter adds no routes", side, conn.Provider))
			continue
		}
		t := systemTable(e.routes.Tables)
		if t == nil {
			refused = append(refused, fmt.Errorf("%s: the network has no route table to add to", side))
			continue
		}
		for _, b := range d.Missing {
			if i := slices.IndexFunc(t.Routes, func(r peering.Route) bool { return r.Destination == b }); i >= 0 {
				r := t.Routes[i]
				refused = append(refused, fmt.Errorf("%s: table %s already sends %s to %s %s (route %s): remove that route to send it through %s",
					side, t.ID, b, r.NextHopType, r.NextHopID, unknownOr(r.ID), conn.ID))
				continue
			}
			routes = append(routes, plannedRoute{Side: e.role, Network: d.From.ID, Target: e.spec.Name, Table: t.ID,
				Destination: b, Connection: conn.ID, w: w})
		}
	}
	return routes, notes, refused
}

// systemTable is the table routes are added to: the network's system
// table, or its first table when none says it is.
func systemTable(ts []peering.RouteTable) *peering.RouteTable {
	for i := range ts {
		if ts[i].System {
			return &ts[i]
		}
	}
	if len(ts) > 0 {
		return &ts[0]
	}
	return nil
}

// addRoutes adds the routes v is missing (with dryRun, says which it would
// add), and reports on stderr and, with -o json, on stdout.
func (a *app) addRoutes(ctx context.Context, v *routesView, dryRun bool, output string) error {
	conn := v.inv.Records.At(0).Connection
	if conn.Status != peering.StatusActive {
		return &peering.Error{Code: peering.FailedPrecondition, Provider: conn.Provider, Op: "AddRoute",
			Message: fmt.Sprintf("connection %s is %s: routes through it carry nothing until it is active", conn.ID, conn.Status)}
	}
	routes, notes, refused := v.plan()
	for _, n := range notes {
		fmt.Fprintf(a.stderr, "peerctl: %s\n", n)
	}
	done := make([]plannedRoute, 0, len(routes))
	var failed []error
	for _, r := range routes {
		if dryRun {
			fmt.Fprintf(a.stderr, "peerctl: would add %s\n", r)
			done = append(done, r)
			continue
		}
		id, err := r.w.AddRoute(ctx, peering.RouteRequest{NetworkID: r.Network, TableID: r.Table, Destination: r.Destination,
			ConnectionID: r.Connection, Description: routeDescription})
		if err != nil {
			failed = append(failed, fmt.Errorf("adding %s with target %s: %w", r, r.Target, err))
			continue
		}
		r.Route = id
		fmt.Fprintf(a.stderr, "peerctl: added %s: %s\n", unknownOr(id), r)
		done = append(done, r)
	}
	if len(routes) == 0 && len(refused) == 0 {
		fmt.Fprintf(a.stderr, "peerctl: nothing to do\n")
	}
	if output == "json" {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(done); err != nil {
			return err
		}
	}
	return errors.Join(append(refused, failed...)...)
}
