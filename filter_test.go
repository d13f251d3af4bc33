package peering_test

import (
	"testing"

	"github.com/peeringkit/peering"
)

func TestFilterMatch(t *testing.T) {
	c := peering.Connection{
		ID: "pcc-1", Name: "prod", Status: peering.StatusActive,
		Requester: peering.Endpoint{NetworkID: "vpc-a"}, Accepter: peering.Endpoint{NetworkID: "vpc-b"},
		Tags: map[string]string{"env": "prod", "team": "net"},
	}
	tests := []struct {
		name string
		f    peering.Filter
		want bool
	}{
		{"zero filter", peering.Filter{}, true},
		{"local network", peering.Filter{NetworkID: "vpc-a"}, true},
		{"peer network", peering.Filter{NetworkID: "vpc-b"}, true},
		{"other network", peering.Filter{NetworkID: "vpc-c"}, false},
		{"name", peering.Filter{Name: "prod"}, true},
		{"other name", peering.Filter{Name: "dev"}, false},
		{"one of the IDs", peering.Filter{IDs: []string{"pcc-0", "pcc-1"}}, true},
		{"none of the IDs", peering.Filter{IDs: []string{"pcc-0"}}, false},
		{"tag subset", peering.Filter{Tags: map[string]string{"env": "prod"}}, true},
		{"tag value differs", peering.Filter{Tags: map[string]string{"env": "dev"}}, false},
		{"tag missing", peering.Filter{Tags: map[string]string{"owner": ""}}, false},
		{"status listed", peering.Filter{Status: []peering.Status{peering.StatusPending, peering.StatusActive}}, true},
		{"status not listed", peering.Filter{Status: []peering.Status{peering.StatusDeleted}}, false},
		{"all fields", peering.Filter{NetworkID: "vpc-b", Name: "prod", IDs: []string{"pcc-1"}, Tags: map[string]string{"team": "net"}, Status: []peering.Status{peering.StatusActive}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.f.Match(c); got != tt.want {
				t.Errorf("Match = %v; want %v", got, tt.want)
			}
		})
	}
}

func TestFilterValidate(t *testing.T) {
	tests := []struct {
		name string
		f    peering.Filter
		ok   bool
	}{
		{"zero", peering.Filter{}, true},
		{"max page", peering.Filter{PageSize: 100}, true},
		{"page too large", peering.Filter{PageSize: 101}, false},
		{"negative page", peering.Filter{PageSize: -1}, false},
		{"unknown status", peering.Filter{Status: []peering.Status{"up"}}, false},
		{"empty ID", peering.Filter{IDs: []string{""}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.f.Validate(100)
			if (err == nil) != tt.ok {
				t.Fatalf("Validate = %v; want ok=%v", err, tt.ok)
			}
			if err != nil && peering.Code(err) != peering.InvalidArgument {
				t.Errorf("code = %v; want InvalidArgument", peering.Code(err))
			}
		})
	}
}

func TestStatusPredicates(t *testing.T) {
	transient := map[peering.Status]bool{peering.StatusPending: true, peering.StatusUpdating: true, peering.StatusDeleting: true}
	terminal := map[peering.Status]bool{peering.StatusRejected: true, peering.StatusExpired: true, peering.StatusDeleted: true, peering.StatusFailed: true}
	if n := len(peering.Statuses()); n != 11 {
		t.Fatalf("%d statuses; want 11", n)
	}
	for _, s := range peering.Statuses() {
		if !s.Valid() {
			t.Errorf("%q not valid", s)
		}
		if s.Transient() != transient[s] || s.Terminal() != terminal[s] {
			t.Errorf("%q: Transient=%v Terminal=%v", s, s.Transient(), s.Terminal())
		}
	}
	if peering.Status("").Valid() || peering.Status("Activated").Valid() {
		t.Error("a provider value passes as a normalized status")
	}
}

func TestBandwidth(t *testing.T) {
	tests := []struct {
		b     peering.Bandwidth
		valid bool
		text  string
	}{
		{peering.BandwidthUnlimited, true, "unlimited"},
		{peering.BandwidthUnknown, true, "unknown"},
		{500, true, "500Mbps"},
		{-2, false, "invalid(-2)"},
	}
	for _, tt := range tests {
		if tt.b.Valid() != tt.valid || tt.b.String() != tt.text {
			t.Errorf("Bandwidth(%d): Valid=%v String=%q; want %v %q", int64(tt.b), tt.b.Valid(), tt.b.String(), tt.valid, tt.text)
		}
	}
	if b := peering.Mbps(200); *b != 200 {
		t.Errorf("Mbps(200) = %d", *b)
	}
}
