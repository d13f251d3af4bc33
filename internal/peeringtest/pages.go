package peeringtest

import (
	"reflect"
	"testing"

	"github.com/peeringkit/peering"
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
}

// PagesDecodeAlike decodes each fixture (a file of testdata, mapped to
// whether it holds odd records) both ways and fails the test unless both
// give the same error, or deeply equal pages and connections; unless the
// fast way fell back on exactly the odd pages; and unless the connections
// of an odd page name what they could not read.
func PagesDecodeAlike[P, R any](t *testing.T, d PageDecoding[P, R], fixtures map[string]bool) {
	t.Helper()
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
