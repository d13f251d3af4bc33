package inventory

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/peeringkit/peering"
)

// WriteConnection writes one connection in format JSON or YAML, as those
// formats write each record of an inventory: the model's bandwidth as
// bandwidthMbps and bandwidth (see the package documentation), without
// seenBy, which only a collection knows. It is the form a tool prints one
// connection in, so that a consumer reads the same fields from a listing
// and from a single read or write.
func WriteConnection(w io.Writer, c peering.Connection, format Format) error {
	v := (&Record{Connection: c}).toJSON("")
	switch format {
	case JSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	case YAML:
		return writeYAML(w, v)
	}
	return fmt.Errorf("inventory: WriteConnection writes %s or %s, not %q", JSON, YAML, format)
}
