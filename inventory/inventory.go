package inventory

import (
	"cmp"
	"encoding/json"
	"slices"

	"github.com/peeringkit/peering"
)

// Inventory is the result of [Collect]: the connections every target listed,
// merged, with what the analysis found and the network graph. Every slice is
// in a stable order.
type Inventory struct {
	// Records holds one record per connection, ordered by provider then ID.
	Records Records `json:"records"`
	// Findings holds what the analysis found, most severe first.
	Findings []Finding `json:"findings"`
	// Errors holds one entry per target that failed, ordered by target name.
	// The records of the other targets are complete; a failed target's
	// records are those it listed before failing.
	Errors []TargetError `json:"errors"`
	// Graph is the network graph drawn from Records.
	Graph Graph `json:"graph"`
	// Routes holds the route tables read of each network, or why they
	// could not be read, ordered by network; nil unless Options.Routes.
	Routes []NetworkRoutes `json:"routes,omitempty"`
	// Reach holds, for every record, whether traffic flows across it each
	// way and through which routes, ordered like Records before any
	// [SortBy]; nil unless the route tables were read (Options.Routes).
	Reach []Reach `json:"reach,omitempty"`
	// Targets is how many targets were asked; len(Errors) of them failed.
	Targets int `json:"targetCount"`
	// TargetResults says how each target fared, ordered by target name:
	// what Collect was given, and whether its listing succeeded. An
	// inventory built by [Analyze] has none.
	TargetResults []TargetResult `json:"targets"`
	// Incomplete is set when the collection was cut short (its context
	// ended): some targets did not finish, and what they had not listed is
	// missing.
	Incomplete bool `json:"incomplete,omitempty"`
}

// TargetResult is one target of a collection and how its listing went.
type TargetResult struct {
	Name     string           `json:"name"`
	Provider peering.Provider `json:"provider"`
	Account  string           `json:"account,omitempty"`
	Region   string           `json:"region,omitempty"`
	// Status is "ok" or "failed"; a failed target has Code (its error's
	// [peering.Code]) and Error.
	Status string `json:"status"`
	// Connections is how many of the inventory's records the target
	// listed (before failing, for a failed one).
	Connections int    `json:"connections"`
	Code        string `json:"code,omitempty"`
	Error       string `json:"error,omitempty"`
}

// The values of TargetResult.Status.
const (
	TargetOK     = "ok"
	TargetFailed = "failed"
)

// targetResults describes every target, from what it was and the errors
// and records the collection ended with.
func targetResults(targets []Target, errs []TargetError, records Records) []TargetResult {
	listed := make(map[string]int, len(targets))
	for i := range records.Len() {
		for _, s := range records.t.seen[records.rows.at(i).seen] {
			listed[s.Target]++
		}
	}
	failed := make(map[string]TargetError, len(errs))
	for _, e := range errs {
		failed[e.Target] = e
	}
	out := make([]TargetResult, len(targets))
	for i, t := range targets {
		r := TargetResult{Name: t.Name, Provider: t.Provider, Account: t.Account, Region: t.Region,
			Status: TargetOK, Connections: listed[t.Name]}
		if e, ok := failed[t.Name]; ok {
			r.Status, r.Code, r.Error = TargetFailed, peering.Code(e.Err).String(), e.Err.Error()
		}
		out[i] = r
	}
	slices.SortFunc(out, func(a, b TargetResult) int { return cmp.Compare(a.Name, b.Name) })
	return out
}

// Record is one connection as the inventory sees it: the main view of the
// connection (the initiator's when a target saw that side) completed with the
// facts only the other side's view had, and the targets that saw it.
type Record struct {
	peering.Connection
	// SeenBy lists the targets that listed the connection, by target name.
	// A cross-account peering whose two accounts are both targets has two.
	SeenBy []Sighting `json:"seenBy"`
}

// Ref returns the record's connection reference.
func (r *Record) Ref() Ref { return Ref{Provider: r.Provider, ID: r.ID} }

// Sighting says which target listed a connection and in which role.
type Sighting struct {
	Target string       `json:"target"` // the target's name
	Role   peering.Role `json:"role"`   // the target account's side of the connection
}

// Ref names a connection or a network. IDs are unique only within a
// provider, so the provider is part of the name.
type Ref struct {
	Provider peering.Provider `json:"provider"`
	ID       string           `json:"id"` // connection or network ID
}

// String returns "provider/id".
func (r Ref) String() string { return string(r.Provider) + "/" + r.ID }

// Compare orders refs by provider, then ID.
func (r Ref) Compare(o Ref) int {
	return cmp.Or(cmp.Compare(r.Provider, o.Provider), cmp.Compare(r.ID, o.ID))
}

// TargetError is the failure of one target. It names the target so that the
// message says where to look; Err is the cause, with its [peering.Code].
type TargetError struct {
	// The target, as Target described it.
	Target   string
	Provider peering.Provider
	Account  string
	Region   string
	// Listed is how many connections the target listed before it failed;
	// they are in the inventory.
	Listed int
	// Err is the cause: the listing's error, or Target.Err.
	Err error
}

// Error returns "target NAME: cause".
func (e TargetError) Error() string {
	return "target " + e.Target + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e TargetError) Unwrap() error { return e.Err }

// MarshalJSON encodes the error with its message and portable code, since an
// error value has no JSON form of its own.
func (e TargetError) MarshalJSON() ([]byte, error) {
	return json.Marshal(e.toJSON())
}

func (e TargetError) toJSON() targetErrorJSON {
	return targetErrorJSON{
		Target:   e.Target,
		Provider: e.Provider,
		Account:  e.Account,
		Region:   e.Region,
		Listed:   e.Listed,
		Code:     peering.Code(e.Err).String(),
		Error:    e.Err.Error(),
	}
}

type targetErrorJSON struct {
	Target   string           `json:"target"`
	Provider peering.Provider `json:"provider"`
	Account  string           `json:"account,omitempty"`
	Region   string           `json:"region,omitempty"`
	Listed   int              `json:"listed"`
	Code     string           `json:"code"`
	Error    string           `json:"error"`
}
