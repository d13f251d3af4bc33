package alibabavpc

import (
	"context"
	"testing"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator/fault"
)

// TestMoveResourceGroup moves a connection as its requester, through a
// lost answer, and is refused for the accepting account and for a group
// the account does not have.
func TestMoveResourceGroup(t *testing.T) {
	w := start(t, 29, false)
	ctx := context.Background()
	a, b := w.client(t, w.a, hangzhou), w.client(t, w.b, hangzhou)
	id, err := a.Create(ctx, peering.CreateRequest{LocalNetworkID: w.vpcs(t, w.a, hangzhou)[0],
		PeerNetworkID: w.vpcs(t, w.b, hangzhou)[0], PeerAccountID: w.b.ID})
	if err != nil {
		t.Fatal(err)
	}
	w.srv.Clock.Advance(10 * time.Second)
	for _, tt := range []struct {
		name   string
		client *Client
		group  string
		lost   bool // the first answer is lost
		want   peering.ErrorCode
		after  string // the requester's ResourceGroupID afterwards
	}{
		{"requester", a, "rg-acfmmoved0001", false, peering.OK, "rg-acfmmoved0001"},
		{"answer lost", a, "rg-acfmmoved0002", true, peering.OK, "rg-acfmmoved0002"},
		{"same group again", a, "rg-acfmmoved0002", false, peering.OK, "rg-acfmmoved0002"},
		{"accepting account", b, "rg-acfmmoved0003", false, peering.NotFound, "rg-acfmmoved0002"},
		{"group that does not exist", a, "group-1", false, peering.NotFound, "rg-acfmmoved0002"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.lost {
				w.srv.Faults.Add(fault.Rule{Provider: "alibaba-vpc", Operation: "MoveResourceGroup", Kind: fault.DropResponse, Count: 1})
			}
			err := tt.client.MoveResourceGroup(ctx, id, tt.group)
			if peering.Code(err) != tt.want {
				t.Fatalf("MoveResourceGroup = %v, want %s", err, tt.want)
			}
			if got := get(t, a, id).ResourceGroupID; got != tt.after {
				t.Errorf("resource group afterwards %q, want %q", got, tt.after)
			}
		})
	}
	if got := w.srv.Faults.Fired()[fault.DropResponse]; got != 1 {
		t.Errorf("dropped %d answers, want 1", got)
	}
}
