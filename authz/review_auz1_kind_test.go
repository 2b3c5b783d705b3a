package authz_test

import (
	"context"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/memstore"
)

// kindBlindStore lists grants by grantee id alone, ignoring the kind, and
// live requests ignoring the state.
type kindBlindStore struct{ *memstore.AuthzStore }

func (k kindBlindStore) ListGrants(ctx context.Context, f authz.GrantFilter) ([]authz.GrantRecord, error) {
	all, err := k.AuthzStore.ListGrants(ctx, authz.GrantFilter{Creator: f.Creator})
	var out []authz.GrantRecord
	for _, r := range all {
		if f.Grantee.ID == "" || r.Key.Grantee.ID == f.Grantee.ID {
			out = append(out, r)
		}
	}
	return out, err
}

func (k kindBlindStore) ListLive(ctx context.Context, f authz.LiveFilter) ([]authz.LiveRecord, error) {
	return k.AuthzStore.ListLive(ctx, authz.LiveFilter{Creator: f.Creator})
}

// Review finding 5 (AUZ-1): a merchant and an agency with the same id are
// different grantees. The kit now fails a store that mixes them up
// (authztest); the service also keeps only the rows its filter selects, so
// a loose store never shows merchant x1 agency x1's grant, nor a draft to
// the creator (AUZ-3).
func TestAUZ1_Review_MerchantNeverSeesSameIDAgencysGrant(t *testing.T) {
	s := authz.NewService(kindBlindStore{memstore.NewAuthzStore()}, starmap.FixedClock(day("2026-03-01").StartOfDay()), nil)
	if _, _, err := s.Grant(ctx, star, authz.AgencyParty("x1"), day("2026-03-01"), day("2026-03-31"), ""); err != nil {
		t.Fatal(err)
	}
	p, err := s.MerchantGrants(ctx, starmap.AdvertiserActor("x1"), starmap.PageRequest{})
	if err != nil || len(p.Items) != 0 {
		t.Errorf("merchant x1 sees agency x1's grant: %+v %v", p.Items, err)
	}
	if p, _ := s.MerchantGrants(ctx, starmap.MCNActor("x1"), starmap.PageRequest{}); len(p.Items) != 1 {
		t.Errorf("agency x1 lost its grant: %+v", p.Items)
	}
	if _, _, err := s.RequestLive(ctx, m1, "c1", "room"); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.PendingLive(ctx, star, starmap.PageRequest{}); len(p.Items) != 0 {
		t.Errorf("a draft reached the creator through a loose store: %+v", p.Items)
	}
}
