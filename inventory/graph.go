package inventory

import (
	"net/netip"
	"slices"

	"github.com/peeringkit/peering"
)

// Graph is the network graph: networks are nodes and connections are links
// from the requester's network to the accepter's. Networks of different
// providers are never linked.
type Graph struct {
	// Networks is ordered by provider then network ID.
	Networks []Network `json:"networks"`
	// Links is ordered by provider then connection ID, like Records.
	Links []Link `json:"links"`
}

// Network is one VPC or ENS network, with what the connections said of it.
type Network struct {
	Provider  peering.Provider `json:"provider"`
	ID        string           `json:"id"`                  // VPC or ENS network ID
	Region    string           `json:"region,omitempty"`    // "" when no connection said
	AccountID string           `json:"accountId,omitempty"` // "" when no connection said
	// The network's blocks, as the first connection that knew them said;
	// empty means unknown.
	IPv4CIDRs []netip.Prefix `json:"ipv4Cidrs,omitempty"`
	IPv6CIDRs []netip.Prefix `json:"ipv6Cidrs,omitempty"`
	// Links is how many connections end at the network.
	Links int `json:"links"`
}

// Ref returns the network's reference.
func (n *Network) Ref() Ref { return Ref{Provider: n.Provider, ID: n.ID} }

// Link is one connection between two networks.
type Link struct {
	Connection Ref               `json:"connection"`     // the record the link draws
	From       Ref               `json:"from"`           // the requester's network
	To         Ref               `json:"to"`             // the accepter's network
	Name       string            `json:"name,omitempty"` // the connection's name
	Status     peering.Status    `json:"status"`         // the connection's status
	Bandwidth  peering.Bandwidth `json:"bandwidth"`      // the connection's bandwidth
}

// buildGraph draws the graph of records, which must be sorted.
func buildGraph(records []Record) Graph {
	g := Graph{Links: make([]Link, 0, len(records))}
	index := make(map[Ref]int)
	add := func(c *peering.Connection, e peering.Endpoint) Ref {
		ref := network(c, e)
		i, ok := index[ref]
		if !ok {
			i = len(g.Networks)
			index[ref] = i
			g.Networks = append(g.Networks, Network{Provider: ref.Provider, ID: ref.ID})
		}
		n := &g.Networks[i]
		n.Links++
		// Several connections describe the same network.
		learn(&n.Region, &n.AccountID, &n.IPv4CIDRs, &n.IPv6CIDRs, e)
		return ref
	}
	for i := range records {
		c := &records[i].Connection
		if c.Requester.NetworkID == "" || c.Accepter.NetworkID == "" {
			continue // a link needs two ends
		}
		from := add(c, c.Requester)
		to := add(c, c.Accepter)
		if from == to {
			g.Networks[index[from]].Links-- // a self-peering is one link, not two
		}
		g.Links = append(g.Links, Link{
			Connection: records[i].Ref(), From: from, To: to,
			Name: c.Name, Status: c.Status, Bandwidth: c.Bandwidth,
		})
	}
	slices.SortFunc(g.Networks, func(a, b Network) int { return a.Ref().Compare(b.Ref()) })
	return g
}
