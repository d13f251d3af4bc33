package baidu

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/singleflight"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/normalize"
)

// Baidu's peering records carry no CIDR blocks, so the adapter reads them
// from the VPC API, for each end's VPC that is in the client's region (the
// endpoint is regional), whether the role placed it in Requester or
// Accepter. A listing (ListPage, and so List) reads the region's VPCs with
// GET /v1/vpc, up to 1000 a page, once per vpcCacheTTL and concurrently with
// its first page of connections; a VPC of the region that the listing does
// not hold is not the caller's (another account's, or deleted), and its
// blocks stay unknown. Get, which needs two VPCs at most, looks them up one
// by one with GET /v1/vpc/{vpcId}, which costs fewer requests; not found or
// access denied there means the same.
//
// Every end whose blocks stay empty says why in Endpoint.CIDRsUnknown, with
// the portable code first when a look-up or the listing failed. A failure
// that concerns the VPC or the caller's request rate (NotFound,
// PermissionDenied, an empty answer, ResourceExhausted or Unavailable past
// the retries) leaves the end unknown and the page whole: the records were
// read, and their blocks are an addition. Any other failure
// (Unauthenticated, Internal, InvalidArgument...) says the client or the
// server is broken and fails the call, as do the caller's own cancellation
// and deadline.

const (
	// vpcLookupConcurrency bounds the look-ups one call runs at once.
	vpcLookupConcurrency = 8
	// vpcCacheTTL is how long an answer, positive or negative, is reused,
	// and a listing of the region's VPCs. A VPC's primary block never
	// changes; secondary blocks can be added, and VPCs created, which a
	// long-running program sees within this time.
	vpcCacheTTL = 10 * time.Minute
	// maxVPCListPages bounds one listing of the region's VPCs: a million
	// VPCs, far past any quota, in pages of MaxPageSize.
	maxVPCListPages = 1000
	// vpcListFlight keys the region's listing in the cache's flight group;
	// no VPC ID starts with a NUL.
	vpcListFlight = "\x00list"
)

// vpcInfo is what the adapter knows about one VPC.
type vpcInfo struct {
	ours   bool // the VPC API answered for it: it is the caller's
	v4, v6 []netip.Prefix
	// unknown says why the VPC's blocks are not known, when they are not:
	// the reason its ends report as Endpoint.CIDRsUnknown.
	unknown string
	// bad lists what the VPC's answer held that could not be read, as
	// "field=value" pairs of its vpc object ("cidr=10.0.0.0/33"); each
	// connection with an end in the VPC reports them.
	bad normalize.Unparsed
}

// vpcCache holds look-up answers by region and VPC ID for one Client, and
// makes concurrent callers asking for the same VPC share one request.
// Failed look-ups (other than "not yours") are not cached: a throttled or
// failed look-up is tried again by the next call.
type vpcCache struct {
	mu      sync.Mutex
	entries map[string]vpcEntry
	listing vpcListing // the region's VPCs, from GET /v1/vpc
	flight  singleflight.Group
	now     func() time.Time // replaced in tests to expire entries
}

// vpcListing is one listing of the caller's VPCs of the client's region,
// by VPC ID; nil before the first.
type vpcListing struct {
	infos   map[string]vpcInfo
	expires time.Time
}

type vpcEntry struct {
	info    vpcInfo
	expires time.Time
}

func newVPCCache() *vpcCache {
	return &vpcCache{entries: make(map[string]vpcEntry), now: time.Now}
}

func (vc *vpcCache) get(key string) (vpcInfo, bool) {
	vc.mu.Lock()
	defer vc.mu.Unlock()
	e, ok := vc.entries[key]
	if !ok || !vc.now().Before(e.expires) {
		return vpcInfo{}, false
	}
	return e.info, true
}

func (vc *vpcCache) put(key string, info vpcInfo) {
	vc.mu.Lock()
	defer vc.mu.Unlock()
	vc.entries[key] = vpcEntry{info: info, expires: vc.now().Add(vpcCacheTTL)}
}

// listed returns the region's listing while it is fresh.
func (vc *vpcCache) listed() (map[string]vpcInfo, bool) {
	vc.mu.Lock()
	defer vc.mu.Unlock()
	if vc.listing.infos == nil || !vc.now().Before(vc.listing.expires) {
		return nil, false
	}
	return vc.listing.infos, true
}

func (vc *vpcCache) putListing(infos map[string]vpcInfo) {
	vc.mu.Lock()
	defer vc.mu.Unlock()
	vc.listing = vpcListing{infos: infos, expires: vc.now().Add(vpcCacheTTL)}
}

func (c *Client) vpcKey(id string) string { return c.region + "/" + id }

// fillCIDRs sets the CIDR blocks of the connections' endpoints that are VPCs
// of the client's region, looking up each distinct VPC at most once (and not
// at all when cached), concurrently, and sets CIDRsUnknown on every end
// whose blocks stay empty. Get uses it (two VPCs at most); listings use
// fillFromListing.
func (c *Client) fillCIDRs(ctx context.Context, op string, conns []peering.Connection) error {
	if len(conns) == 0 {
		return nil
	}
	if c.vpcs == nil {
		c.applyCIDRs(conns, nil)
		return nil
	}
	known := make(map[string]vpcInfo)
	var missing []string
	for i := range conns {
		for _, ep := range [...]*peering.Endpoint{&conns[i].Requester, &conns[i].Accepter} {
			if ep.NetworkID == "" || ep.Region != c.region {
				continue
			}
			if _, seen := known[ep.NetworkID]; seen || slices.Contains(missing, ep.NetworkID) {
				continue
			}
			if info, ok := c.vpcs.get(c.vpcKey(ep.NetworkID)); ok {
				known[ep.NetworkID] = info
			} else {
				missing = append(missing, ep.NetworkID)
			}
		}
	}
	if len(missing) > 0 {
		var mu sync.Mutex
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(vpcLookupConcurrency)
		for _, id := range missing {
			g.Go(func() error {
				info, err := c.vpc(gctx, op, id)
				if err != nil {
					code := peering.Code(err)
					if code != peering.ResourceExhausted && code != peering.Unavailable {
						return err
					}
					info = vpcInfo{unknown: lookupReason(code, err, "the VPC look-up failed past its retries")}
				}
				mu.Lock()
				known[id] = info
				mu.Unlock()
				return nil
			})
		}
		if err := g.Wait(); err != nil {
			if cerr := peering.ContextError(ctx, peering.Baidu, op); cerr != nil {
				return cerr
			}
			return err
		}
	}
	c.applyCIDRs(conns, func(id string) vpcInfo {
		if info, ok := known[id]; ok {
			return info
		}
		return vpcInfo{unknown: "not looked up"} // every VPC of the region was looked up above
	})
	return nil
}

// fillFromListing sets the CIDR blocks of the connections' endpoints from
// the region's listing (regionVPCs), or, when the listing failed with err,
// marks them unknown with why. A failure that does not concern the VPCs
// or the request rate fails the call, as a look-up's would.
func (c *Client) fillFromListing(ctx context.Context, op string, conns []peering.Connection, listing map[string]vpcInfo, err error) error {
	if c.vpcs == nil {
		c.applyCIDRs(conns, nil)
		return nil
	}
	var failed string
	if err != nil {
		if cerr := peering.ContextError(ctx, peering.Baidu, op); cerr != nil {
			return cerr
		}
		switch code := peering.Code(err); code {
		case peering.NotFound, peering.PermissionDenied:
			failed = lookupReason(code, err, "the VPC listing was refused")
		case peering.ResourceExhausted, peering.Unavailable:
			failed = lookupReason(code, err, "the VPC listing failed past its retries")
		default:
			return withVPC(err, "listing the region's VPCs")
		}
	}
	c.applyCIDRs(conns, func(id string) vpcInfo {
		if failed != "" {
			return vpcInfo{unknown: failed}
		}
		if info, ok := listing[id]; ok {
			return info
		}
		return vpcInfo{unknown: c.notOurs()}
	})
	return nil
}

// applyCIDRs fills each end in the client's region from what info says of
// its VPC (nil: the look-ups are turned off), and says why on every end
// whose blocks stay unknown.
func (c *Client) applyCIDRs(conns []peering.Connection, info func(id string) vpcInfo) {
	for i := range conns {
		var bad normalize.Unparsed
		// Either end may be the caller's, wherever the record's role
		// placed it: the caller's VPCs are those the VPC API answered for.
		for _, ep := range [...]*peering.Endpoint{&conns[i].Requester, &conns[i].Accepter} {
			if info == nil {
				markUnknown(ep, "not looked up: Options.NoVPCLookup is set")
				continue
			}
			switch {
			case ep.NetworkID == "":
				markUnknown(ep, "the record names no VPC for this end")
			case ep.Region != c.region:
				markUnknown(ep, "not looked up: the VPC is in region "+orNone(ep.Region)+", not in this client's region "+c.region)
			default:
				info := info(ep.NetworkID)
				if !info.ours {
					markUnknown(ep, info.unknown)
					continue
				}
				// Copies: the cache's slices must not be reachable from
				// a Connection the caller may modify.
				ep.IPv4CIDRs = slices.Clone(info.v4)
				ep.IPv6CIDRs = slices.Clone(info.v6)
				for _, pair := range info.bad {
					bad = append(bad, recordEnd(&conns[i], ep)+pair)
				}
				markUnknown(ep, "Internal: the VPC's blocks could not be read (see Attributes["+peering.UnparsedAttribute+"])")
			}
		}
		conns[i].Attributes = bad.Attributes(conns[i].Attributes)
	}
}

// markUnknown sets why an end's blocks are unknown, if they are.
func markUnknown(ep *peering.Endpoint, why string) {
	if len(ep.IPv4CIDRs) == 0 && len(ep.IPv6CIDRs) == 0 {
		ep.CIDRsUnknown = why
	}
}

func orNone(s string) string {
	if s == "" {
		return "(none reported)"
	}
	return s
}

// lookupReason is a failed look-up as a CIDRsUnknown reason: the portable
// code, what happened, and what Baidu said, like "PermissionDenied: the VPC
// look-up was refused (AccessDenied, HTTP 403)". The request ID is left out:
// the reason is part of the connection, which reads the same on every
// listing of an unchanged estate.
func lookupReason(code peering.ErrorCode, err error, what string) string {
	var said []string
	if pe := (*peering.Error)(nil); errors.As(err, &pe) {
		if pe.ProviderCode != "" {
			said = append(said, pe.ProviderCode)
		}
		if pe.HTTPStatus != 0 {
			said = append(said, "HTTP "+strconv.Itoa(pe.HTTPStatus))
		}
	}
	if len(said) == 0 {
		return code.String() + ": " + what
	}
	return code.String() + ": " + what + " (" + strings.Join(said, ", ") + ")"
}

// recordEnd names the record field an end came from, "localVpc." or
// "peerVpc.", for the VPC's unreadable blocks: the names are the record's,
// whichever of Requester and Accepter the end was placed in.
func recordEnd(conn *peering.Connection, ep *peering.Endpoint) string {
	if p, ok := conn.Raw.(*PeerConn); ok && ep.NetworkID != normalize.ID(p.LocalVpcID) {
		return "peerVpc."
	}
	return "localVpc."
}

// vpc returns what the VPC API says about one VPC of the client's region,
// from the cache or from one request shared by every concurrent caller.
func (c *Client) vpc(ctx context.Context, op, id string) (vpcInfo, error) {
	key := c.vpcKey(id)
	return shared(ctx, c, op, key,
		func() (vpcInfo, bool) { return c.vpcs.get(key) },
		func() (vpcInfo, error) { return c.fetchVPC(ctx, op, id) })
}

// regionVPCs returns the caller's VPCs of the client's region by ID, from
// the cache or from one listing shared by every concurrent caller.
func (c *Client) regionVPCs(ctx context.Context, op string) (map[string]vpcInfo, error) {
	return shared(ctx, c, op, vpcListFlight, c.vpcs.listed,
		func() (map[string]vpcInfo, error) { return c.listVPCs(ctx, op) })
}

// shared returns cached() when it holds the answer, or else runs fetch once
// for every concurrent caller asking under key. fetch runs with the context
// of the caller that started it: when that caller gives up, the others ask
// again (one of them leading the next request) rather than fail with its
// cancellation.
func shared[T any](ctx context.Context, c *Client, op, key string, cached func() (T, bool), fetch func() (T, error)) (T, error) {
	var zero T
	for {
		if v, ok := cached(); ok {
			return v, nil
		}
		ch := c.vpcs.flight.DoChan(key, func() (any, error) { return fetch() })
		select {
		case <-ctx.Done():
			return zero, peering.ContextError(ctx, peering.Baidu, op)
		case res := <-ch:
			if res.Err == nil {
				return res.Val.(T), nil
			}
			if code := peering.Code(res.Err); (code == peering.Canceled || code == peering.DeadlineExceeded) && ctx.Err() == nil {
				continue
			}
			return zero, res.Err
		}
	}
}

// listVPCs reads the caller's VPCs of the client's region with GET /v1/vpc,
// MaxPageSize a page, following nextMarker, and caches the listing. A
// truncated page that points nowhere or back at itself is retried (an
// inconsistent read, as on the peering listing); a marker that comes back
// later, or more pages than maxVPCListPages, fails the listing.
func (c *Client) listVPCs(ctx context.Context, op string) (map[string]vpcInfo, error) {
	infos := make(map[string]vpcInfo)
	followed := make(map[string]bool)
	marker := ""
	for range maxVPCListPages {
		q := url.Values{"maxKeys": {strconv.Itoa(MaxPageSize)}}
		if marker != "" {
			q.Set("marker", marker)
		}
		var page vpcListResponse
		err := c.do(ctx, &request{op: op, api: "ListVPC", method: http.MethodGet, path: "/v1/vpc", query: q,
			decode: decodeInto(&page, func(p *vpcListResponse) error {
				if p.IsTruncated && (p.NextMarker == "" || p.NextMarker == marker) {
					return fmt.Errorf("%w: truncated VPC page at %q points to %q", errTransient, marker, p.NextMarker)
				}
				return nil
			})})
		if err != nil {
			return nil, err
		}
		for i := range page.VPCs {
			infos[normalize.ID(page.VPCs[i].VPCID)] = vpcInfoOf(&page.VPCs[i])
		}
		if !page.IsTruncated {
			c.vpcs.putListing(infos)
			return infos, nil
		}
		if followed[page.NextMarker] {
			return nil, &peering.Error{Code: peering.Internal, Provider: peering.Baidu, Op: op,
				Message: fmt.Sprintf("the VPC listing's marker %q came back after %d VPCs: the listing would loop", page.NextMarker, len(infos))}
		}
		followed[page.NextMarker] = true
		marker = page.NextMarker
	}
	return nil, &peering.Error{Code: peering.Internal, Provider: peering.Baidu, Op: op,
		Message: fmt.Sprintf("the VPC listing has not ended after %d pages (%d VPCs)", maxVPCListPages, len(infos))}
}

// fetchVPC sends GET /v1/vpc/{id} and caches the answer.
func (c *Client) fetchVPC(ctx context.Context, op, id string) (vpcInfo, error) {
	var resp vpcResponse
	err := c.do(ctx, &request{op: op, api: "GetVPC", method: http.MethodGet, path: "/v1/vpc/" + id, decode: decodeInto(&resp, nil)})
	switch code := peering.Code(err); {
	case err == nil:
	case code == peering.NotFound || code == peering.PermissionDenied || errors.Is(err, errEmptyBody):
		// Not the caller's VPC (or gone): remember that too. Not found
		// reads as a listing that does not hold the VPC reads, so that Get
		// and List describe the end alike.
		info := vpcInfo{unknown: c.notOurs()}
		switch {
		case errors.Is(err, errEmptyBody):
			// As Get reads an empty answer: the VPC is gone.
			info.unknown = lookupReason(peering.NotFound, err, "the VPC look-up was answered with an empty body")
		case code == peering.PermissionDenied:
			info.unknown = lookupReason(code, err, "the VPC look-up was refused")
		}
		c.vpcs.put(c.vpcKey(id), info)
		return info, nil
	default:
		return vpcInfo{}, withVPC(err, "looking up VPC "+id)
	}
	info := vpcInfoOf(&resp.VPC)
	c.vpcs.put(c.vpcKey(id), info)
	return info, nil
}

// vpcInfoOf reads the blocks of one of the caller's VPCs. A block that does
// not parse is left out and reported, the others are kept: one odd value
// does not fail the listing (peering.UnparsedAttribute).
func vpcInfoOf(v *vpcRecord) vpcInfo {
	info := vpcInfo{ours: true}
	info.bad.AddMismatches("", v.mismatches)
	for _, f := range []struct {
		name   string
		blocks []string
	}{{"cidr", []string{v.CIDR}}, {"ipv6Cidr", []string{v.IPv6CIDR}}, {"secondaryCidr", v.SecondaryCIDR}} {
		var invalid []string
		info.v4, info.v6, invalid = normalize.AppendCIDRs(info.v4, info.v6, f.blocks)
		for _, s := range invalid {
			info.bad.Add(f.name, s)
		}
	}
	return info
}

// notOurs is the reason an end's blocks are unknown when its VPC, in the
// client's region, is not one of the caller's.
func (c *Client) notOurs() string {
	return "NotFound: the VPC is not one of this account's in region " + c.region + " (another account's, or deleted)"
}

// withVPC says what the VPC call was doing in its error, keeping its code.
func withVPC(err error, what string) error {
	var pe *peering.Error
	if !errors.As(err, &pe) || pe.Code == peering.Canceled || pe.Code == peering.DeadlineExceeded {
		return err
	}
	e := *pe
	e.Message = what + ": " + e.Message
	return &e
}
