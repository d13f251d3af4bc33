package peeringtest

import (
	"context"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/peeringkit/peering"
)

// ReadFixture returns the file name under the test's testdata directory.
func ReadFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Field is one value a test compares with what it expects: its name, the
// value got and the value wanted. (An array, so that tables of them read
// as {"ID", got.ID, "pcc-x"} without keys.)
type Field [3]any

// Fields reports, as errors of the test, every field whose value is not
// deeply equal to the one expected, each prefixed with what (the record's
// ID, say; "" for none).
func Fields(t testing.TB, what string, fields ...Field) {
	t.Helper()
	if what != "" {
		what += " "
	}
	for _, f := range fields {
		if !reflect.DeepEqual(f[1], f[2]) {
			t.Errorf("%s%v = %#v, want %#v", what, f[0], f[1], f[2])
		}
	}
}

// Prefixes parses CIDR blocks as the adapters normalize them (masked),
// failing the test on one that does not parse.
func Prefixes(t testing.TB, blocks ...string) []netip.Prefix {
	t.Helper()
	var out []netip.Prefix
	for _, s := range blocks {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			t.Fatalf("CIDR block %q: %v", s, err)
		}
		out = append(out, p.Masked())
	}
	return out
}

// GetAgrees fails the test unless Get returns each listed connection as
// List gave it (Raw aside: it is the record of another call).
func GetAgrees(t testing.TB, p peering.Peering, listed []peering.Connection) {
	t.Helper()
	for _, l := range listed {
		one, err := p.Get(context.Background(), l.ID)
		if err != nil {
			t.Fatalf("Get(%s): %v", l.ID, err)
		}
		one.Raw, l.Raw = nil, nil
		if !reflect.DeepEqual(one, l) {
			t.Errorf("Get(%s) = %+v\nList gave %+v", l.ID, one, l)
		}
	}
}
