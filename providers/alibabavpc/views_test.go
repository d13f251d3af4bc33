package alibabavpc

import (
	"context"
	"testing"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/peeringtest"
)

// TestBothAccountsAgree: the requester's and the accepter's account see one
// cross-account connection the same, field by field, through Get and List,
// in every stage of its life (an offer with its deadline, active, locked
// for non-payment); only Role and the fields documented as one account's
// own (Tags, ResourceGroupID, Attributes) may differ.
func TestBothAccountsAgree(t *testing.T) {
	for _, tt := range []struct {
		name                string
		requester, accepter string // regions
	}{
		{"same region", hangzhou, hangzhou},
		{"across regions", hangzhou, shanghai},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := start(t, 31, false)
			ctx := context.Background()
			a, b := w.client(t, w.a, tt.requester), w.client(t, w.b, tt.accepter)
			id, err := a.Create(ctx, peering.CreateRequest{
				Name: "a-to-b", Description: "both views", LocalNetworkID: w.vpcs(t, w.a, tt.requester)[0],
				PeerNetworkID: w.vpcs(t, w.b, tt.accepter)[0], PeerAccountID: w.b.ID, PeerRegion: tt.accepter,
			})
			if err != nil {
				t.Fatal(err)
			}
			w.srv.Clock.Advance(10 * time.Second)

			offer := agree(t, a, b, id, w.a.ID, w.b.ID)
			if offer.Status != peering.StatusPendingAcceptance || offer.AcceptBy.IsZero() || !offer.AcceptBy.After(offer.CreatedAt) {
				t.Errorf("the offer: %s, accept by %v (created %v); want pending-acceptance with a deadline after creation",
					offer.Status, offer.AcceptBy, offer.CreatedAt)
			}

			if err := b.Accept(ctx, id); err != nil {
				t.Fatal(err)
			}
			w.srv.Clock.Advance(10 * time.Second)
			if c := agree(t, a, b, id, w.a.ID, w.b.ID); c.Status != peering.StatusActive || !c.AcceptBy.IsZero() {
				t.Errorf("accepted: %s, accept by %v; want active, no deadline", c.Status, c.AcceptBy)
			}

			if err := w.srv.Alibaba.SetBizStatus(id, "FinancialLocked"); err != nil {
				t.Fatal(err)
			}
			if c := agree(t, a, b, id, w.a.ID, w.b.ID); c.Status != peering.StatusInactive || c.ProviderStatus != "Activated" ||
				c.Attributes["BizStatus"] != "FinancialLocked" {
				t.Errorf("locked for non-payment: %s (%s, BizStatus %s); want inactive (Activated, FinancialLocked)",
					c.Status, c.ProviderStatus, c.Attributes["BizStatus"])
			}
		})
	}
}

// agree gets and lists connection id as the requester's client a and the
// accepter's client b, checks that the four views agree but for Role, Tags,
// ResourceGroupID and Attributes, that Role is each caller's, and that the
// ends carry their owners' accounts; it returns the requester's Get.
func agree(t *testing.T, a, b *Client, id, requester, accepter string) peering.Connection {
	t.Helper()
	views := map[string]peering.Connection{}
	for name, c := range map[string]*Client{"requester": a, "accepter": b} {
		got, err := c.Get(context.Background(), id)
		if err != nil {
			t.Fatalf("Get as the %s: %v", name, err)
		}
		views[name+" Get"] = got
		listed, ok := collectOnce(t, c, peering.Filter{})[id]
		if !ok {
			t.Fatalf("the %s does not list %s", name, id)
		}
		views[name+" List"] = listed
	}
	want := views["requester Get"]
	if want.Requester.AccountID != requester || want.Accepter.AccountID != accepter {
		t.Errorf("accounts %s -> %s; want %s -> %s", want.Requester.AccountID, want.Accepter.AccountID, requester, accepter)
	}
	for name, got := range views {
		role := peering.RoleRequester
		if name == "accepter Get" || name == "accepter List" {
			role = peering.RoleAccepter
		}
		own, _ := got.Own()
		wantOwn := got.Requester
		if role == peering.RoleAccepter {
			wantOwn = got.Accepter
		}
		peeringtest.Fields(t, name, []peeringtest.Field{
			{"Role", got.Role, role},
			{"Own", own, wantOwn},
			{"ID", got.ID, want.ID},
			{"Name", got.Name, want.Name},
			{"Description", got.Description, want.Description},
			{"Status", got.Status, want.Status},
			{"ProviderStatus", got.ProviderStatus, want.ProviderStatus},
			{"Bandwidth", got.Bandwidth, want.Bandwidth},
			{"Requester", got.Requester, want.Requester},
			{"Accepter", got.Accepter, want.Accepter},
			{"CreatedAt", got.CreatedAt, want.CreatedAt},
			{"UpdatedAt", got.UpdatedAt, want.UpdatedAt},
			{"TermEndsAt", got.TermEndsAt, time.Time{}},
			{"AcceptBy", got.AcceptBy, want.AcceptBy},
		}...)
	}
	return want
}
