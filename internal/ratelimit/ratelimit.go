// Package ratelimit keeps an adapter's calls under a cloud's published limits
// with one token bucket per key (provider, account, region and API), shared by
// every adapter value in the process that calls with the same key, so that two
// clients for one account do not together exceed the account's quota.
package ratelimit

import (
	"context"
	"strings"
	"sync"

	"golang.org/x/time/rate"
)

// Limit is a rate: Calls per Per seconds, with a burst of Burst calls.
type Limit struct {
	Calls int     // calls allowed per window; 0 = unlimited
	Per   float64 // window in seconds
	Burst int     // calls that may go at once; 0 = 1
}

// PerMinute returns a limit of n calls a minute with a burst of burst.
func PerMinute(n, burst int) Limit { return Limit{Calls: n, Per: 60, Burst: burst} }

// Registry holds the buckets. The zero value is not usable; use [Shared] or [NewRegistry].
type Registry struct {
	mu      sync.Mutex
	buckets map[string]*rate.Limiter
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{buckets: make(map[string]*rate.Limiter)} }

// Shared is the process-wide registry adapters use by default.
var Shared = NewRegistry()

// Key joins the parts of a bucket's identity.
func Key(parts ...string) string { return strings.Join(parts, "\x00") }

// Wait blocks until a call under key may go, or ctx ends. The first call for
// a key creates its bucket with limit l; later calls share that bucket.
func (r *Registry) Wait(ctx context.Context, key string, l Limit) error {
	if l.Calls <= 0 {
		return ctx.Err()
	}
	return r.limiter(key, l).Wait(ctx)
}

func (r *Registry) limiter(key string, l Limit) *rate.Limiter {
	r.mu.Lock()
	defer r.mu.Unlock()
	lim, ok := r.buckets[key]
	if !ok {
		per := l.Per
		if per <= 0 {
			per = 1
		}
		lim = rate.NewLimiter(rate.Limit(float64(l.Calls)/per), max(l.Burst, 1))
		r.buckets[key] = lim
	}
	return lim
}
