package inventory_test

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/inventory"
)

// WriteConnection gives one connection's bandwidth in the two fields of
// the inventory's records, in JSON and YAML, and reads back through
// Record's decoder; it has no seenBy.
func TestWriteConnectionBandwidth(t *testing.T) {
	for _, tt := range []struct {
		bw   peering.Bandwidth
		mbps any // as JSON and YAML decode bandwidthMbps
		word string
	}{
		{peering.BandwidthUnlimited, nil, "unlimited"},
		{peering.BandwidthUnknown, nil, "unknown"},
		{100, float64(100), "100Mbps"},
	} {
		c := peering.Connection{Provider: peering.AlibabaVPC, ID: "pcc-a", Status: peering.StatusActive, Bandwidth: tt.bw}
		for _, f := range []inventory.Format{inventory.JSON, inventory.YAML} {
			var buf bytes.Buffer
			require.NoError(t, inventory.WriteConnection(&buf, c, f))
			var doc map[string]any
			if f == inventory.JSON {
				require.NoError(t, json.Unmarshal(buf.Bytes(), &doc), buf.String())
			} else {
				require.NoError(t, yaml.Unmarshal(buf.Bytes(), &doc), buf.String())
				if n, ok := doc["bandwidthMbps"].(int); ok {
					doc["bandwidthMbps"] = float64(n)
				}
			}
			assert.Contains(t, doc, "bandwidthMbps", "%s %s", f, buf.String())
			assert.Equal(t, tt.mbps, doc["bandwidthMbps"], "%s %s", f, buf.String())
			assert.Equal(t, tt.word, doc["bandwidth"], "%s", f)
			assert.NotContains(t, doc, "seenBy", "%s", f)
			assert.Equal(t, "pcc-a", doc["id"])
			if f == inventory.JSON {
				var r inventory.Record
				require.NoError(t, json.Unmarshal(buf.Bytes(), &r))
				assert.Equal(t, c, r.Connection)
			}
		}
	}
	assert.Error(t, inventory.WriteConnection(&bytes.Buffer{}, peering.Connection{}, inventory.CSV))
}

// WriteConnection prints one connection as the inventory's JSON gives
// each record.
func ExampleWriteConnection() {
	c := peering.Connection{Provider: peering.AlibabaVPC, ID: "pcc-s7bk7jwzz2snh6j7o0x8g",
		Status: peering.StatusActive, ProviderStatus: "Activated", Role: peering.RoleRequester,
		Requester: peering.Endpoint{NetworkID: "vpc-bp1a", Region: "cn-hangzhou"},
		Accepter:  peering.Endpoint{NetworkID: "vpc-bp1b", Region: "cn-hangzhou"},
		Bandwidth: peering.BandwidthUnlimited}
	if err := inventory.WriteConnection(os.Stdout, c, inventory.YAML); err != nil {
		panic(err)
	}
	// Output:
	// provider: alibaba-vpc
	// id: pcc-s7bk7jwzz2snh6j7o0x8g
	// status: active
	// providerStatus: Activated
	// requester:
	//   networkId: vpc-bp1a
	//   region: cn-hangzhou
	// accepter:
	//   networkId: vpc-bp1b
	//   region: cn-hangzhou
	// role: requester
	// bandwidthMbps: null
	// bandwidth: unlimited
}
