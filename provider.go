package peering

import (
	"context"
	"iter"
)

// Provider names a cloud API that an adapter speaks.
type Provider string

// The providers this module ships adapters for.
const (
	Baidu      Provider = "baidu"       // Baidu AI Cloud VPC peering
	AlibabaVPC Provider = "alibaba-vpc" // Alibaba Cloud VPC peering (VpcPeer 2022-01-01)
	AlibabaENS Provider = "alibaba-ens" // Alibaba Cloud ENS network peering (Ens 2017-11-10)
)

// Peering is the interface every adapter implements. Methods are safe for
// concurrent use. Every error returned carries an [ErrorCode] (see [Code]);
// invalid input is rejected with [InvalidArgument] before any request is sent.
type Peering interface {
	// Provider names the cloud API this adapter speaks.
	Provider() Provider

	// Capabilities says which operations and fields this provider supports.
	// An operation it lacks returns an error whose code is [Unimplemented].
	Capabilities() Capabilities

	// ListPage returns one raw page of the listing, with one request: the
	// fields of f that the API filters itself are sent to it, the others are
	// not applied (see [Filter]). token "" starts a listing; Page.Next == ""
	// means the page is the last. The token is opaque: the adapter encodes
	// its marker, NextToken or page number in it. Most callers want [List]
	// or a [Paginator], which filter, de-duplicate and check the walk.
	ListPage(ctx context.Context, f Filter, token string) (Page, error)

	// Get returns one connection by ID, or an error with code [NotFound].
	Get(ctx context.Context, id string) (Connection, error)

	// Create asks for a new connection and returns its ID. The connection
	// usually starts in a transient status; use [WaitFor] to see it settle.
	Create(ctx context.Context, req CreateRequest) (id string, err error)

	// Accept accepts a connection offered to the caller's account.
	Accept(ctx context.Context, id string) error

	// Reject refuses a connection offered to the caller's account.
	Reject(ctx context.Context, id string) error

	// Update changes name, description or bandwidth; nil fields are left alone.
	Update(ctx context.Context, id string, u Update) error

	// Delete releases a connection. Deleting one that is already gone is not
	// an error.
	Delete(ctx context.Context, id string) error
}

// PageLister is the optional interface of an adapter that can produce a
// listing's pages better than a sequential walk of ListPage (ENS fetches
// pages concurrently once the first has told the total). [List] uses it when
// the adapter has it, and does to its pages what it does to ListPage's:
// de-duplication, the filter, and the checks that end a listing that stalls
// or runs past its end. Pages yields raw pages (as ListPage returns them) in
// listing order, stops at the first error, and returns promptly when ctx
// ends or the consumer stops.
type PageLister interface {
	Pages(ctx context.Context, f Filter) iter.Seq2[Page, error]
}

// Capabilities says which operations and fields a provider supports, so that
// callers can decide beforehand instead of handling [Unimplemented].
type Capabilities struct {
	// Operations.
	Create, Accept, Reject, Delete bool
	// Which fields Update can change.
	UpdateName, UpdateDescription, UpdateBandwidth bool

	// Fields the provider reports.
	Bandwidth     bool // Connection.Bandwidth is reported (else always BandwidthUnknown)
	Tags          bool // Connection.Tags round-trip through Create
	IPv6          bool // Endpoint.IPv6CIDRs can be non-empty
	TermEndsAt    bool // Connection.TermEndsAt can be set
	AcceptBy      bool // Connection.AcceptBy can be set
	ResourceGroup bool // Connection.ResourceGroupID is reported

	// CreateNeedsBandwidth says the provider has no default bandwidth:
	// CreateRequest.Bandwidth must be set (Baidu), and nil is rejected with
	// InvalidArgument before any request is sent.
	CreateNeedsBandwidth bool

	// Topology.
	CrossAccount bool // a connection can join two accounts (with an accept step)
	CrossRegion  bool // a connection can join two regions

	// Routes says the adapter is a [RouteReader] and a [RouteWriter]: it
	// reads the route tables of the caller's networks, and adds and removes
	// routes through a peering.
	Routes bool

	// MaxPageSize is the largest Filter.PageSize the API accepts; it is also the
	// page size used when Filter.PageSize is 0.
	MaxPageSize int
	// MinPageSize is the smallest page size the API accepts (ENS: 10). Smaller
	// requested sizes are sent as MinPageSize and the adapter returns pages of at
	// most the requested size.
	MinPageSize int
}

// Page is one raw page of a listing.
type Page struct {
	Connections []Connection
	// Next is the opaque token of the next page, "" on the last page.
	Next string
	// Total is how many connections the API announced for the whole
	// listing (with the filters the adapter sent it), or 0 when it announced
	// none. [List] reads it to tell a walk that runs past its end, and a
	// listing whose count the API contradicts.
	Total int
}

// CreateRequest describes a new connection. The local side is the caller's.
type CreateRequest struct {
	Name        string
	Description string

	LocalNetworkID string // the caller's VPC or ENS network
	PeerNetworkID  string // the other VPC or ENS network
	PeerRegion     string // "" = the local region
	PeerAccountID  string // "" = the caller's account

	// Bandwidth in Mbit/s; nil leaves it to the provider's default, where
	// it has one (see Capabilities.CreateNeedsBandwidth).
	Bandwidth *Bandwidth

	Tags            map[string]string
	ResourceGroupID string

	// ClientToken makes the create idempotent: a retry with the same token
	// returns the first connection instead of making a second one. "" lets the
	// adapter generate one, used for all of this call's attempts.
	ClientToken string

	// ProviderOptions carries options only one provider has (for example
	// *baidu.CreateOptions for billing). Each adapter documents the type it
	// accepts; any other non-nil type is rejected with InvalidArgument.
	ProviderOptions any
}

// Update lists the fields to change; nil fields are left as they are.
type Update struct {
	Name        *string
	Description *string
	Bandwidth   *Bandwidth
}

// IsZero reports whether u changes nothing.
func (u Update) IsZero() bool {
	return u.Name == nil && u.Description == nil && u.Bandwidth == nil
}
