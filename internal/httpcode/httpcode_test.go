package httpcode

import (
	"testing"

	"github.com/peeringkit/peering"
)

// TestClassify checks the documented table row by row, with the statuses
// either side of each range.
func TestClassify(t *testing.T) {
	tests := []struct {
		status int
		want   peering.ErrorCode
	}{
		{400, peering.InvalidArgument},
		{401, peering.Unauthenticated},
		{403, peering.PermissionDenied},
		{404, peering.NotFound},
		{405, peering.Unimplemented},
		{501, peering.Unimplemented},
		{409, peering.FailedPrecondition},
		{412, peering.FailedPrecondition},
		{429, peering.ResourceExhausted},
		{500, peering.Unavailable},
		{502, peering.Unavailable},
		{503, peering.Unavailable},
		{504, peering.Unavailable},
		{599, peering.Unavailable},
		{0, peering.Unknown},
		{200, peering.Unknown},
		{302, peering.Unknown},
		{402, peering.Unknown},
		{408, peering.Unknown},
		{418, peering.Unknown},
		{600, peering.Unavailable}, // not HTTP, but a server failing all the same
	}
	for _, tt := range tests {
		if got := Classify(tt.status); got != tt.want {
			t.Errorf("Classify(%d) = %v, want %v", tt.status, got, tt.want)
		}
	}
}
