package inventory

import (
	"encoding/json"
	"iter"
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
	Links Links `json:"links"`
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

// Links are the links of a graph, one per record with two ends. Like
// Records, they are read through methods (Len, At, All), and are drawn
// from the records when read rather than held apart. The zero value holds
// no links. Their JSON form is an array of Link.
type Links struct {
	recs Records
	at   []uint32 // the index in recs of each link's record
	read []Link   // links read from JSON, which have no records behind them
}

// Len returns how many links there are.
func (ls Links) Len() int { return len(ls.at) + len(ls.read) }

// At returns the link at index i, which must be in [0, Len).
func (ls Links) At(i int) Link {
	if ls.read != nil {
		return ls.read[i]
	}
	r := ls.recs.shared(int(ls.at[i]))
	c := &r.Connection
	return Link{Connection: r.Ref(), From: network(c, c.Requester), To: network(c, c.Accepter),
		Name: c.Name, Status: c.Status, Bandwidth: c.Bandwidth}
}

// All returns every link with its index, in order.
func (ls Links) All() iter.Seq2[int, Link] {
	return func(yield func(int, Link) bool) {
		for i := range ls.Len() {
			if !yield(i, ls.At(i)) {
				return
			}
		}
	}
}

// MarshalJSON writes the links as a JSON array.
func (ls Links) MarshalJSON() ([]byte, error) {
	return marshalArray(ls.Len(), func(b []byte, i int) ([]byte, error) { return appendMarshal(b, ls.At(i)) })
}

// UnmarshalJSON reads a JSON array of Link.
func (ls *Links) UnmarshalJSON(b []byte) error {
	var list []Link
	if err := json.Unmarshal(b, &list); err != nil {
		return err
	}
	*ls = Links{read: nonNil(list)}
	return nil
}

// buildGraph draws the graph of records, which must be sorted.
func buildGraph(records Records) Graph {
	g := Graph{Links: Links{recs: records, at: make([]uint32, 0, records.Len())}}
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
	for i := range records.Len() {
		rec := records.shared(i)
		c := &rec.Connection
		if c.Requester.NetworkID == "" || c.Accepter.NetworkID == "" {
			continue // a link needs two ends
		}
		from := add(c, c.Requester)
		to := add(c, c.Accepter)
		if from == to {
			g.Networks[index[from]].Links-- // a self-peering is one link, not two
		}
		g.Links.at = append(g.Links.at, uint32(i))
	}
	for i := range g.Networks {
		n := &g.Networks[i]
		// The records' block lists are shared: the graph has its own.
		n.IPv4CIDRs, n.IPv6CIDRs = slices.Clone(n.IPv4CIDRs), slices.Clone(n.IPv6CIDRs)
	}
	slices.SortFunc(g.Networks, func(a, b Network) int { return a.Ref().Compare(b.Ref()) })
	return g
}
