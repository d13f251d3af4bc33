package inventory

import (
	"cmp"
	"context"
	"slices"

	"golang.org/x/sync/errgroup"

	"github.com/peeringkit/peering"
)

// routeReads bounds the route-table reads one target runs at once; the
// adapter's own rate limiter paces them against the API's quota.
const routeReads = 8

// readRoutes reads the route tables of the networks of t with rr, and
// records each, or why it could not be read.
func (c *collector) readRoutes(ctx context.Context, t Target, rr peering.RouteReader, networks map[string]bool) {
	ids := make([]string, 0, len(networks))
	for id := range networks {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var g errgroup.Group
	g.SetLimit(routeReads)
	for _, id := range ids {
		g.Go(func() error {
			nr := ReadRoutes(ctx, t.Provider, rr, id)
			c.mu.Lock()
			defer c.mu.Unlock()
			// A network two targets read (one account in two listings)
			// keeps the read that worked.
			if prev := c.routes[nr.Network]; prev == nil || prev.Unknown != "" {
				c.routes[nr.Network] = &nr
			}
			return nil
		})
	}
	_ = g.Wait()
}

// ReadRoutes reads the route tables of one network of provider p with rr,
// as Collect does with Options.Routes, for [AnalyzeRoutes]: a read that
// fails is kept as why it failed (NetworkRoutes.Unknown, the error's code
// then its message), so that the analysis says "unknown", never "no route".
func ReadRoutes(ctx context.Context, p peering.Provider, rr peering.RouteReader, networkID string) NetworkRoutes {
	nr := NetworkRoutes{Network: Ref{Provider: p, ID: networkID}}
	tables, err := rr.RouteTables(ctx, networkID)
	if err != nil {
		nr.Unknown = peering.Code(err).String() + ": " + err.Error()
	} else {
		nr.Tables = tables
	}
	return nr
}

// routeList returns the route tables read, ordered by network; nil when
// Options.Routes is not set.
func (c *collector) routeList() []NetworkRoutes {
	if c.routes == nil {
		return nil
	}
	out := make([]NetworkRoutes, 0, len(c.routes))
	for _, nr := range c.routes {
		out = append(out, *nr)
	}
	slices.SortFunc(out, func(a, b NetworkRoutes) int { return cmp.Compare(a.Network.String(), b.Network.String()) })
	return out
}
