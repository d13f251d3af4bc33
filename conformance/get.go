package conformance

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peeringkit/peering"
)

// getSample is how many listed connections of each account Get is compared
// with: enough to meet every status and role of a generated estate.
const getSample = 20

// checkGetMatchesList checks that Get returns, field by field, the record a
// listing returned for the same connection, from both accounts' side (on
// some clouds a connection reads differently from each end).
func checkGetMatchesList(t *testing.T, e *env) {
	e.eachAccount(t, func(t *testing.T, acct Account, p peering.Peering) {
		p, listed := e.someConnections(t, p, acct)
		for _, c := range sample(listed, getSample) {
			got, err := p.Get(e.ctx, c.ID)
			if err != nil {
				e.checkError(t, "Get", err)
				t.Errorf("Get(%q) of a listed connection: %v", c.ID, err)
				continue
			}
			if d := diff(c, got); d != "" {
				t.Errorf("Get(%q) differs from the listed record (listed -> got):\n%s", c.ID, d)
			}
		}
	})
}

// someConnections returns the first page of p's listing, and p; for account
// A with an empty listing, a small estate and the adapter that lists it
// instead. It skips the test when there is nothing to look at.
func (e *env) someConnections(t *testing.T, p peering.Peering, acct Account) (peering.Peering, []peering.Connection) {
	t.Helper()
	page, err := p.ListPage(e.ctx, peering.Filter{}, "")
	e.noError(t, fmt.Sprintf("account %v: ListPage", acct), err)
	if len(page.Connections) > 0 {
		return p, page.Connections
	}
	if est, ok := e.h.(Estater); ok && acct == AccountA {
		es := e.estate(t, est, 3)
		cs, err := peering.Collect(e.ctx, es.Peering, es.Filter)
		e.noError(t, "List of the estate", err)
		if len(cs) > 0 {
			return es.Peering, cs
		}
	}
	t.Skipf("account %v has no connections to look at", acct)
	return nil, nil
}

// someConnection returns a connection of account A's, and the adapter that
// can get it.
func (e *env) someConnection(t *testing.T) (peering.Peering, string) {
	t.Helper()
	p, cs := e.someConnections(t, e.a, AccountA)
	return p, cs[0].ID
}

// diff returns the fields where got differs from want, one per line, or "",
// over every field of peering.Connection, so that a field added to the
// model is compared without anyone remembering to. Raw is the provider's
// own record and may differ in form; Attributes are compared on the keys
// both have, since Get may know more than a listing; times are compared as
// instants.
func diff(want, got peering.Connection) string {
	var d []string
	vw, vg := reflect.ValueOf(want), reflect.ValueOf(got)
	for i := range vw.NumField() {
		name := vw.Type().Field(i).Name
		w, g := vw.Field(i).Interface(), vg.Field(i).Interface()
		switch name {
		case "Raw":
			continue
		case "Attributes":
			for _, k := range slices.Sorted(maps.Keys(want.Attributes)) {
				if g, ok := got.Attributes[k]; ok && g != want.Attributes[k] {
					d = append(d, fmt.Sprintf("  Attributes[%s]: %v -> %v", k, want.Attributes[k], g))
				}
			}
			continue
		}
		if wt, ok := w.(time.Time); ok && wt.Equal(g.(time.Time)) {
			continue
		}
		if fmt.Sprint(w) != fmt.Sprint(g) { // fmt prints maps sorted by key
			d = append(d, fmt.Sprintf("  %s: %v -> %v", name, w, g))
		}
	}
	return strings.Join(d, "\n")
}

// checkNotFound checks the answers about a connection that does not exist:
// NotFound from Get (and from Update, Accept and Reject where the harness
// allows writes), and no error from Delete, which treats "already gone" as
// done.
func checkNotFound(t *testing.T, e *env) {
	id := e.unknownID(t)
	t.Logf("unknown connection ID: %s", id)
	type call struct {
		name  string
		write bool
		ok    bool // the provider has the operation
		do    func() error
		want  peering.ErrorCode
	}
	upd := peering.Update{}
	switch {
	case e.caps.UpdateName:
		upd.Name = ptr(name("nf"))
	case e.caps.UpdateDescription:
		upd.Description = ptr("conformance: no such connection")
	}
	calls := []call{
		{"Get", false, true, func() error { _, err := e.a.Get(e.ctx, id); return err }, peering.NotFound},
		{"Update", true, !upd.IsZero(), func() error { return e.a.Update(e.ctx, id, upd) }, peering.NotFound},
		{"Accept", true, e.caps.Accept, func() error { return e.a.Accept(e.ctx, id) }, peering.NotFound},
		{"Reject", true, e.caps.Reject, func() error { return e.a.Reject(e.ctx, id) }, peering.NotFound},
		{"Delete", true, e.caps.Delete, func() error { return e.a.Delete(e.ctx, id) }, peering.OK},
	}
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			switch {
			case !c.ok:
				t.Skipf("the provider has no %s (Capabilities)", c.name)
			case c.write && !e.h.Mutable():
				t.Skip("the harness is read-only")
			}
			e.wantCode(t, fmt.Sprintf("%s(%q) of an unknown connection", c.name, id), c.do(), c.want)
		})
	}
	t.Run("WaitForDeleted", func(t *testing.T) {
		// WaitFor counts a connection that is gone as deleted: that rests on
		// Get's NotFound, so it must end at once.
		c, err := e.waitFor(e.a, id, peering.StatusDeleted)
		e.noError(t, "waiting for an unknown connection to be deleted", err)
		if c.Status != peering.StatusDeleted {
			t.Errorf("waiting for an unknown connection to be deleted: got status %q", c.Status)
		}
	})
}

// unknownID returns an ID shaped like the provider's that names no
// connection: a known ID with the letters and digits of its last part
// rotated. It skips the test when no connection is known to shape it on.
func (e *env) unknownID(t *testing.T) string {
	t.Helper()
	_, known := e.someConnections(t, e.a, AccountA)
	taken := make(map[string]bool, len(known))
	for _, c := range known {
		taken[c.ID] = true
	}
	id := known[0].ID
	for range 36 {
		id = rotate(id)
		if !taken[id] {
			return id
		}
	}
	t.Fatalf("could not derive an unknown ID from %q", known[0].ID)
	return ""
}

// rotate moves each letter and digit after the last hyphen (or of the whole
// ID when there is none) one step on, wrapping within its class, so that the
// result keeps the ID's shape and length.
func rotate(id string) string {
	b := []byte(id)
	for i := len(b) - 1; i >= 0 && b[i] != '-' && b[i] != '_'; i-- {
		switch c := b[i]; {
		case c >= 'a' && c <= 'z':
			b[i] = 'a' + (c-'a'+1)%26
		case c >= 'A' && c <= 'Z':
			b[i] = 'A' + (c-'A'+1)%26
		case c >= '0' && c <= '9':
			b[i] = '0' + (c-'0'+1)%10
		}
	}
	return string(b)
}

func ptr[T any](v T) *T { return &v }
