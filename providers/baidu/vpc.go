package baidu

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
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
// from GET /v1/vpc/{vpcId}: each end's VPC that is in the client's region
// (the endpoint is regional), whether the role placed it in Requester or
// Accepter. Baidu does not say
// whether the peer VPC is the caller's: an answer of not found or access
// denied means it is not, and its blocks stay unknown.
//
// Every end whose blocks stay empty says why in Endpoint.CIDRsUnknown, with
// the portable code first when a look-up failed. A look-up failure that
// concerns the VPC or the caller's request rate (NotFound, PermissionDenied,
// an empty answer, ResourceExhausted or Unavailable past the retries)
// leaves the end unknown and the page whole: the records were read, and
// their blocks are an addition. Any other failure (Unauthenticated,
// Internal, InvalidArgument...) says the client or the server is broken and
// fails the call, as do the caller's own cancellation and deadline.

const (
	// vpcLookupConcurrency bounds the look-ups one page runs at once.
	vpcLookupConcurrency = 8
	// vpcCacheTTL is how long an answer, positive or negative, is reused.
	// A VPC's primary block never changes; secondary blocks can be added,
	// which a long-running program sees within this time.
	vpcCacheTTL = 10 * time.Minute
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
	flight  singleflight.Group
	now     func() time.Time // replaced in tests to expire entries
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

func (c *Client) vpcKey(id string) string { return c.region + "/" + id }

// fillCIDRs sets the CIDR blocks of the connections' endpoints that are VPCs
// of the client's region, looking up each distinct VPC at most once (and not
// at all when cached), up to vpcLookupConcurrency at a time, and sets
// CIDRsUnknown on every end whose blocks stay empty. Once a look-up has
// been throttled or failed past its retries, the look-ups not yet started
// are not sent (the service is asking us to slow down, or is down): their
// ends say so.
func (c *Client) fillCIDRs(ctx context.Context, op string, conns []peering.Connection) error {
	if len(conns) == 0 {
		return nil
	}
	if c.vpcs == nil {
		for i := range conns {
			for _, ep := range [...]*peering.Endpoint{&conns[i].Requester, &conns[i].Accepter} {
				markUnknown(ep, "not looked up: Options.NoVPCLookup is set")
			}
		}
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
		var (
			mu      sync.Mutex
			stopped string // why look-ups not yet started are not sent
		)
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(vpcLookupConcurrency)
		for _, id := range missing {
			g.Go(func() error {
				mu.Lock()
				why := stopped
				mu.Unlock()
				if why != "" {
					mu.Lock()
					known[id] = vpcInfo{unknown: why}
					mu.Unlock()
					return nil
				}
				info, err := c.vpc(gctx, op, id)
				if err != nil {
					code := peering.Code(err)
					if code != peering.ResourceExhausted && code != peering.Unavailable {
						return err
					}
					info = vpcInfo{unknown: lookupReason(code, err, "the VPC look-up failed past its retries")}
					mu.Lock()
					if stopped == "" {
						// Not naming which: the first to fail is chance.
						stopped = code.String() + ": not looked up, after another look-up of the page failed past its retries"
					}
					mu.Unlock()
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
	for i := range conns {
		var bad normalize.Unparsed
		// Either end may be the caller's, wherever the record's role
		// placed it: the caller's VPCs are those the VPC API answered for.
		for _, ep := range [...]*peering.Endpoint{&conns[i].Requester, &conns[i].Accepter} {
			switch info, ok := known[ep.NetworkID]; {
			case ep.NetworkID == "":
				markUnknown(ep, "the record names no VPC for this end")
			case ep.Region != c.region:
				markUnknown(ep, "not looked up: the VPC is in region "+orNone(ep.Region)+", not in this client's region "+c.region)
			case !ok:
				// Every VPC of the client's region was looked up above.
				markUnknown(ep, "not looked up")
			case !info.ours:
				markUnknown(ep, info.unknown)
			default:
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
	return nil
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
	for {
		if info, ok := c.vpcs.get(key); ok {
			return info, nil
		}
		ch := c.vpcs.flight.DoChan(key, func() (any, error) { return c.fetchVPC(ctx, op, id) })
		select {
		case <-ctx.Done():
			return vpcInfo{}, peering.ContextError(ctx, peering.Baidu, op)
		case res := <-ch:
			if res.Err == nil {
				return res.Val.(vpcInfo), nil
			}
			if code := peering.Code(res.Err); (code == peering.Canceled || code == peering.DeadlineExceeded) && ctx.Err() == nil {
				// The caller whose request this was gave up; ours has not:
				// ask again (leading the next request if nobody else is).
				continue
			}
			return vpcInfo{}, res.Err
		}
	}
}

// fetchVPC sends GET /v1/vpc/{id} and caches the answer.
func (c *Client) fetchVPC(ctx context.Context, op, id string) (vpcInfo, error) {
	var resp vpcResponse
	err := c.do(ctx, &request{op: op, api: "GetVPC", method: http.MethodGet, path: "/v1/vpc/" + id, decode: decodeInto(&resp, nil)})
	switch code := peering.Code(err); {
	case err == nil:
	case code == peering.NotFound || code == peering.PermissionDenied || errors.Is(err, errEmptyBody):
		// Not the caller's VPC (or gone): remember that too.
		what := map[peering.ErrorCode]string{
			peering.NotFound:         "the VPC look-up found no such VPC (another account's, or deleted)",
			peering.PermissionDenied: "the VPC look-up was refused",
		}[code]
		if errors.Is(err, errEmptyBody) {
			// As Get reads an empty answer: the VPC is gone.
			code, what = peering.NotFound, "the VPC look-up was answered with an empty body"
		}
		info := vpcInfo{unknown: lookupReason(code, err, what)}
		c.vpcs.put(c.vpcKey(id), info)
		return info, nil
	default:
		return vpcInfo{}, withVPC(err, id)
	}
	// A block that does not parse is left out and reported, the others are
	// kept: one odd value does not fail the listing (peering.UnparsedAttribute).
	info := vpcInfo{ours: true}
	info.bad.AddMismatches("", resp.VPC.mismatches)
	for _, f := range []struct {
		name   string
		blocks []string
	}{{"cidr", []string{resp.VPC.CIDR}}, {"ipv6Cidr", []string{resp.VPC.IPv6CIDR}}, {"secondaryCidr", resp.VPC.SecondaryCIDR}} {
		var invalid []string
		info.v4, info.v6, invalid = normalize.AppendCIDRs(info.v4, info.v6, f.blocks)
		for _, s := range invalid {
			info.bad.Add(f.name, s)
		}
	}
	c.vpcs.put(c.vpcKey(id), info)
	return info, nil
}

// withVPC names the VPC in a look-up error, keeping its code.
func withVPC(err error, id string) error {
	var pe *peering.Error
	if !errors.As(err, &pe) || pe.Code == peering.Canceled || pe.Code == peering.DeadlineExceeded {
		return err
	}
	e := *pe
	e.Message = "looking up VPC " + id + ": " + e.Message
	return &e
}
