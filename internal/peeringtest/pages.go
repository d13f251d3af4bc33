package peeringtest

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/normalize"
)

// DocserverFixture names a file of internal/docserver's testdata for
// ReadFixture, from an adapter's directory: the document examples the
// hostile tests serve.
func DocserverFixture(name string) string {
	return "../../../internal/docserver/testdata/" + name
}

// PageDecoding is an adapter's two ways of decoding a list page answer
// (see normalize.DecodePage), for PagesDecodeAlike. P is the adapter's page
// type, R its record type.
type PageDecoding[P, R any] struct {
	// Fast decodes as the adapter does, saying whether the page fell back
	// to the tolerant path.
	Fast func(body []byte) (page P, tolerated bool, err error)
	// Tolerant decodes as the fallback does, whatever the page holds.
	Tolerant func(body []byte) (P, error)
	// Records returns a page's records.
	Records func(*P) []R
	// Connection normalizes a record, as a listing does.
	Connection func(*R) peering.Connection
	// Refused maps answers Fast must refuse to the error each gets, as the
	// adapter has always given it (the answer's struct type named in it).
	Refused map[string]string
}

// PagesDecodeAlike decodes each fixture (a file of testdata, mapped to
// whether it holds odd records) both ways and fails the test unless both
// give the same error, or deeply equal pages and connections; unless the
// fast way fell back on exactly the odd pages; and unless the connections
// of an odd page name what they could not read; and unless each answer of
// d.Refused gets its error. It also fails when R holds
// a type with its own UnmarshalJSON, other than normalize.Tag (which reads
// a plain tag itself): encoding/json would scan that value again.
func PagesDecodeAlike[P, R any](t *testing.T, d PageDecoding[P, R], fixtures map[string]bool) {
	t.Helper()
	DecodesInOnePass(t, reflect.TypeFor[R]())
	for body, want := range d.Refused {
		if _, _, err := d.Fast([]byte(body)); err == nil || err.Error() != want {
			t.Errorf("%s: error %v, want %s", body, err, want)
		}
	}
	for name, odd := range fixtures {
		t.Run(name, func(t *testing.T) {
			body := ReadFixture(t, name)
			fast, tolerated, err := d.Fast(body)
			want, wantErr := d.Tolerant(body)
			if err != nil || wantErr != nil {
				t.Fatalf("fast: %v, tolerant: %v", err, wantErr)
			}
			if tolerated != odd {
				t.Errorf("fell back to the tolerant path: %v, want %v", tolerated, odd)
			}
			if !reflect.DeepEqual(fast, want) {
				t.Errorf("fast page %+v\nwant %+v", fast, want)
			}
			got, wantRecs := d.Records(&fast), d.Records(&want)
			if len(got) == 0 || len(got) != len(wantRecs) {
				t.Fatalf("%d records, tolerant %d", len(got), len(wantRecs))
			}
			unparsed := 0
			for i := range got {
				c, wc := d.Connection(&got[i]), d.Connection(&wantRecs[i])
				if !reflect.DeepEqual(c, wc) {
					t.Errorf("connection %d = %+v\nwant %+v", i, c, wc)
				}
				if c.Attributes[peering.UnparsedAttribute] != "" {
					unparsed++
				}
			}
			if odd && unparsed == 0 {
				t.Errorf("no connection of an odd page names what it could not read")
			}
		})
	}
}

var (
	unmarshaler = reflect.TypeFor[json.Unmarshaler]()
	tagType     = reflect.TypeFor[normalize.Tag]()
)

// DecodesInOnePass fails the test for each type within typ, as
// encoding/json decodes it, that has its own UnmarshalJSON, which
// json.Unmarshal calls on a copy of the value's text it has scanned past,
// to be scanned again; normalize.Tag is let be, as it reads a plain tag
// itself.
func DecodesInOnePass(t testing.TB, typ reflect.Type) {
	t.Helper()
	rescanned(t, typ, map[reflect.Type]bool{})
}

func rescanned(t testing.TB, typ reflect.Type, seen map[reflect.Type]bool) {
	t.Helper()
	if seen[typ] {
		return
	}
	seen[typ] = true
	if typ != tagType && (typ.Implements(unmarshaler) || reflect.PointerTo(typ).Implements(unmarshaler)) {
		t.Errorf("%v has its own UnmarshalJSON: a page would scan it twice", typ)
		return
	}
	switch typ.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		rescanned(t, typ.Elem(), seen)
	case reflect.Struct:
		for i := range typ.NumField() {
			if f := typ.Field(i); f.IsExported() && f.Tag.Get("json") != "-" {
				rescanned(t, f.Type, seen)
			}
		}
	}
}

// ReadsAsUnmarshal holds an adapter's reader of clean pages (the read of
// normalize.DecodePage) to its contract on body: read, given a fresh value
// from newFast, either declines, or json.Unmarshal accepts body and gives
// a deeply equal value from another fresh one. It reports whether read
// took the page.
func ReadsAsUnmarshal[F any](t testing.TB, body []byte, newFast func() F, read func([]byte, F) bool) bool {
	t.Helper()
	got := newFast()
	if !read(body, got) {
		return false
	}
	want := newFast()
	if err := json.Unmarshal(body, want); err != nil {
		t.Fatalf("%q: read, but json.Unmarshal refuses it: %v", body, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: read as %+v\njson.Unmarshal gives %+v", body, got, want)
	}
	return true
}

// ReaderFields fails the test unless fields, the names a reader of typ
// takes (see normalize.Reader.Object), are every JSON name of typ's
// fields, as encoding/json names them, those of an embedded struct
// included: a field left out would be skipped, and read as zero.
func ReaderFields(t testing.TB, typ reflect.Type, fields []string) {
	t.Helper()
	want := map[string]bool{}
	jsonNames(typ, want)
	got := map[string]bool{}
	for _, f := range fields {
		if got[f] {
			t.Errorf("%v: %s named twice", typ, f)
		}
		got[f] = true
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%v: reader takes %v, want %v", typ, slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
	}
}

func jsonNames(typ reflect.Type, names map[string]bool) {
	for i := range typ.NumField() {
		f := typ.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			if et := f.Type; et.Kind() == reflect.Struct || et.Kind() == reflect.Pointer && et.Elem().Kind() == reflect.Struct {
				if et.Kind() == reflect.Pointer {
					et = et.Elem()
				}
				jsonNames(et, names)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		names[name] = true
	}
}

// PageReading is an adapter's reader of clean pages (the read of
// normalize.DecodePage) and the pages to hold it to ReadsAsUnmarshal on,
// for its Test and Fuzz. F is the adapter's fast page type, a pointer.
type PageReading[F any] struct {
	// New returns a fresh fast page, as the adapter makes one.
	New func() F
	// Read is the reader.
	Read func([]byte, F) bool
	// Pages maps fixtures (files of testdata) to whether Read must take
	// them: the clean ones must be, so that it cannot decline them all.
	Pages map[string]bool
	// Base is a clean page, which Variants alter.
	Base string
	// Variants are Base with one replacement each.
	Variants []ReadVariant
}

// ReadVariant is a page made of PageReading.Base by replacing the first
// Old by New; Read says whether the reader must take it. It is a struct
// type without a name, for tables of unkeyed literals.
type ReadVariant = struct {
	Name, Old, New string
	Read           bool
}

// Test holds the reader to ReadsAsUnmarshal on every fixture, every
// variant and every prefix of Base (which it must decline), and fails
// when it takes a page it must not or declines one it must take.
func (p PageReading[F]) Test(t *testing.T) {
	t.Helper()
	for name, read := range p.Pages {
		if got := ReadsAsUnmarshal(t, ReadFixture(t, name), p.New, p.Read); got != read {
			t.Errorf("%s: read %v, want %v", name, got, read)
		}
	}
	for _, v := range p.Variants {
		body := strings.Replace(p.Base, v.Old, v.New, 1)
		if v.Old != "" && body == p.Base {
			t.Fatalf("%s: %q is not in the page", v.Name, v.Old)
		}
		if got := ReadsAsUnmarshal(t, []byte(body), p.New, p.Read); got != v.Read {
			t.Errorf("%s: read %v, want %v", v.Name, got, v.Read)
		}
	}
	for n := range len(p.Base) {
		if ReadsAsUnmarshal(t, []byte(p.Base[:n]), p.New, p.Read) {
			t.Errorf("read %q, cut short", p.Base[:n])
		}
	}
}

// Fuzz holds the reader to ReadsAsUnmarshal on any page, seeded with the
// fixtures and the variants.
func (p PageReading[F]) Fuzz(f *testing.F) {
	for name := range p.Pages {
		f.Add(ReadFixture(f, name))
	}
	for _, v := range p.Variants {
		f.Add([]byte(strings.Replace(p.Base, v.Old, v.New, 1)))
	}
	f.Fuzz(func(t *testing.T, body []byte) { ReadsAsUnmarshal(t, body, p.New, p.Read) })
}
