package alibabavpc

import (
	"context"
	"testing"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator/fault"
)

// TestSetLinkType changes the link type of an inter-region connection,
// checks a change with DryRun without making it, and is refused within a
// region and for the accepting account.
func TestSetLinkType(t *testing.T) {
	w := start(t, 30, false)
	ctx := context.Background()
	a, b := w.client(t, w.a, hangzhou), w.client(t, w.b, hangzhou)
	inter, err := a.Create(ctx, peering.CreateRequest{LocalNetworkID: w.vpcs(t, w.a, hangzhou)[0],
		PeerNetworkID: w.vpcs(t, w.a, shanghai)[0], PeerRegion: shanghai})
	if err != nil {
		t.Fatal(err)
	}
	intra, err := a.Create(ctx, peering.CreateRequest{LocalNetworkID: w.vpcs(t, w.a, hangzhou)[0],
		PeerNetworkID: w.vpcs(t, w.a, hangzhou)[1]})
	if err != nil {
		t.Fatal(err)
	}
	cross, err := a.Create(ctx, peering.CreateRequest{LocalNetworkID: w.vpcs(t, w.a, hangzhou)[1],
		PeerNetworkID: w.vpcs(t, w.b, shanghai)[0], PeerRegion: shanghai, PeerAccountID: w.b.ID})
	if err != nil {
		t.Fatal(err)
	}
	w.srv.Clock.Advance(10 * time.Second)
	if err := w.client(t, w.b, shanghai).Accept(ctx, cross); err != nil {
		t.Fatal(err)
	}
	w.srv.Clock.Advance(10 * time.Second)
	for _, tt := range []struct {
		name     string
		client   *Client
		id, link string
		dryRun   bool
		lost     bool
		want     peering.ErrorCode
		status   peering.Status // right afterwards
		after    string         // LinkType once settled (Gold within a region too, as the API shows it)
	}{
		{"to Platinum", a, inter, LinkTypePlatinum, false, false, peering.OK, peering.StatusUpdating, LinkTypePlatinum},
		{"dry run back to Gold", a, inter, LinkTypeGold, true, false, peering.OK, peering.StatusActive, LinkTypePlatinum},
		{"answer lost", a, inter, LinkTypeGold, false, true, peering.OK, peering.StatusUpdating, LinkTypeGold},
		{"within a region", a, intra, LinkTypePlatinum, false, false, peering.InvalidArgument, peering.StatusActive, LinkTypeGold},
		{"dry run within a region", a, intra, LinkTypePlatinum, true, false, peering.InvalidArgument, peering.StatusActive, LinkTypeGold},
		{"accepting account", b, cross, LinkTypePlatinum, false, false, peering.PermissionDenied, peering.StatusActive, LinkTypeGold},
		{"dry run by the accepting account", b, cross, LinkTypePlatinum, true, false, peering.PermissionDenied, peering.StatusActive, LinkTypeGold},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.lost {
				w.srv.Faults.Add(fault.Rule{Provider: "alibaba-vpc", Operation: "ModifyVpcPeerConnection", Kind: fault.DropResponse, Count: 1})
			}
			err := tt.client.SetLinkType(ctx, tt.id, tt.link, &WriteOptions{DryRun: tt.dryRun})
			if peering.Code(err) != tt.want {
				t.Fatalf("SetLinkType = %v, want %s", err, tt.want)
			}
			if got := get(t, a, tt.id).Status; got != tt.status {
				t.Errorf("status right afterwards %s, want %s", got, tt.status)
			}
			w.srv.Clock.Advance(10 * time.Second)
			if got := get(t, a, tt.id).Attributes["LinkType"]; got != tt.after {
				t.Errorf("link type afterwards %q, want %q", got, tt.after)
			}
		})
	}
}
