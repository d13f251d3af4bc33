package inventory

import (
	"cmp"
	"slices"

	"github.com/peeringkit/peering"
)

// scope is the listings a target makes: its provider and region ("" for
// none). A record may be listed by the targets of its provider in the
// region of either end, and by those of no region.
type scope struct {
	provider peering.Provider
	region   string
}

// stream tells when a record is final: when no target that may list it is
// still running. It is used under the collector's lock.
type stream struct {
	byName  map[string]scope
	running map[scope]int                 // targets of each scope not yet done
	regions map[peering.Provider][]string // the regions of each provider's targets
	waiting map[scope]*chunked[uint32]    // the rows held back by each running scope
	holds   chunked[uint16]               // per row: how many running scopes hold it back
}

func newStream(targets []Target) *stream {
	s := &stream{byName: make(map[string]scope), running: make(map[scope]int), regions: make(map[peering.Provider][]string),
		waiting: make(map[scope]*chunked[uint32])}
	for _, t := range targets {
		sc := scope{t.Provider, t.Region}
		s.byName[t.Name] = sc
		s.running[sc]++
		if !slices.Contains(s.regions[t.Provider], t.Region) {
			s.regions[t.Provider] = append(s.regions[t.Provider], t.Region)
		}
	}
	return s
}

// scopes returns the scopes whose targets may list conn, which the target
// named lists: its ends' regions, no region and the target's own, or every
// region of its provider when an end's region is not known.
func (s *stream) scopes(name string, conn *peering.Connection) []scope {
	var out []scope
	if conn.Requester.Region == "" || conn.Accepter.Region == "" {
		for _, r := range s.regions[conn.Provider] {
			out = append(out, scope{conn.Provider, r})
		}
		return out
	}
	out = append(out, s.byName[name], scope{conn.Provider, conn.Requester.Region}, scope{conn.Provider, conn.Accepter.Region}, scope{conn.Provider, ""})
	slices.SortFunc(out, func(a, b scope) int {
		return cmp.Or(cmp.Compare(a.provider, b.provider), cmp.Compare(a.region, b.region))
	})
	return slices.Compact(out)
}

// wait holds back the record of conn, row at, first seen by the target
// named, until the running targets that may list it are done.
func (s *stream) wait(name string, at uint32, conn *peering.Connection) {
	for s.holds.len() <= int(at) {
		s.holds.push(0)
	}
	for _, sc := range s.scopes(name, conn) {
		if s.running[sc] > 0 {
			w := s.waiting[sc]
			if w == nil {
				w = new(chunked[uint32])
				s.waiting[sc] = w
			}
			w.push(at)
			*s.holds.at(int(at))++
		}
	}
}

// finish records that the named target is done and returns the rows that
// no running target may list any more.
func (s *stream) finish(name string) []uint32 {
	sc, ok := s.byName[name]
	if !ok {
		return nil
	}
	s.running[sc]--
	if s.running[sc] > 0 {
		return nil
	}
	var out []uint32
	if w := s.waiting[sc]; w != nil {
		for i := range w.len() {
			at := *w.at(i)
			h := s.holds.at(int(at))
			if *h--; *h == 0 {
				out = append(out, at)
			}
		}
	}
	delete(s.waiting, sc)
	return out
}
