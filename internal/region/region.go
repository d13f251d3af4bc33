// Package region is the one rule the regional adapters (Baidu, VpcPeer)
// apply to Options.Region in New: the region must be one the adapter
// knows, unless the caller names the endpoint.
//
// A region outside the list is refused before any request, because a typo
// ("moon", "cn-hangzou") would otherwise reach a host that does not exist
// or, worse, list nothing and look like an empty region. Clouds add regions
// faster than a library is released, so an explicit endpoint lets any
// region through, used as given.
package region

import (
	"fmt"
	"slices"
	"strings"
)

// UnknownError is the cause (peering.Error.Err) of the InvalidArgument
// error New returns for a region that is not in the adapter's list when no
// endpoint is given. Callers that speak other words than Options (the CLI)
// read its fields and say it their way with Explain.
type UnknownError struct {
	Region string
	Known  []string // the adapter's list, in its order
	// Endpoint is the endpoint that most likely serves Region, to suggest
	// ("https://bcc.moon.baidubce.com", "vpcpeer.aliyuncs.com").
	Endpoint string
}

// Error says it in the words of the adapters' Options.
func (e *UnknownError) Error() string { return e.Explain("set Options.Endpoint") }

// Explain says what is wrong and how to get past the list; how is the way
// to give an endpoint in the caller's words, such as "set Options.Endpoint"
// or "pass --endpoint".
func (e *UnknownError) Explain(how string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "unknown region %q (known: %s). Clouds add regions: to use one not listed, %s",
		e.Region, strings.Join(e.Known, " "), how)
	if e.Endpoint != "" {
		fmt.Fprintf(&b, " (for this one most likely %s)", e.Endpoint)
	}
	b.WriteString(" and the region is used as given")
	return b.String()
}

// Check returns an *UnknownError when endpoint is empty and region is not
// in known, and nil otherwise: with an explicit endpoint every region
// passes. likely is UnknownError.Endpoint.
func Check(region, endpoint string, known []string, likely string) error {
	if endpoint != "" || slices.Contains(known, region) {
		return nil
	}
	return &UnknownError{Region: region, Known: slices.Clone(known), Endpoint: likely}
}
