package authz_test

import (
	"context"
	"slices"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/memstore"
)

// kindBlindStore lists grants by grantee id alone, ignoring the kind, and
// live requests ignoring the state.
type kindBlindStore struct{ *memstore.AuthzStore }

func (k kindBlindStore) ListGrants(ctx context.Context, q authz.GrantQuery) (starmap.Page[authz.GrantRecord], error) {
	id := q.Grantee.ID
	q.Grantee = authz.Party{}
	p, err := k.AuthzStore.ListGrants(ctx, q)
	p.Items = slices.DeleteFunc(p.Items, func(r authz.GrantRecord) bool { return id != "" && r.Key.Grantee.ID != id })
	return p, err
}

func (k kindBlindStore) ListLive(ctx context.Context, q authz.LiveQuery) (starmap.Page[authz.LiveRecord], error) {
	return k.AuthzStore.ListLive(ctx, authz.LiveQuery{Creator: q.Creator, Page: q.Page})
}

// AUZ-1: a merchant and an agency with the same id are different grantees.
// The kit fails a store that mixes them up (authztest); the service also
// keeps only the rows its query selects, so a loose store never shows
// merchant x1 agency x1's grant, nor a draft to the creator (AUZ-3).
func TestAUZ1_MerchantNeverSeesSameIDAgencysGrant(t *testing.T) {
	s := mustService(t, kindBlindStore{memstore.NewAuthzStore()}, starmap.FixedClock(day("2026-03-01").StartOfDay()))
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

// stuckStore answers every page request with the first page and the same
// next cursor.
type stuckStore struct{ *memstore.AuthzStore }

func (s stuckStore) ListGrants(ctx context.Context, q authz.GrantQuery) (starmap.Page[authz.GrantRecord], error) {
	q.Page.Cursor = ""
	p, err := s.AuthzStore.ListGrants(ctx, q)
	p.Next = starmap.EncodeCursor(authz.GrantKey{Creator: "c1", Grantee: shopM1}.String())
	return p, err
}

// otherKeyStore answers GetGrant with the record of another key.
type otherKeyStore struct{ *memstore.AuthzStore }

func (o otherKeyStore) GetGrant(ctx context.Context, key authz.GrantKey) (authz.GrantRecord, error) {
	r, err := o.AuthzStore.GetGrant(ctx, key)
	r.Key.Grantee.ID += "x"
	return r, err
}

// A store whose lists never end is refused with a coded error, not
// followed for ever; a record of another key is refused, not changed.
func TestServiceRefusesBrokenStores(t *testing.T) {
	base := memstore.NewAuthzStore()
	seed := mustService(t, base, starmap.FixedClock(day("2026-03-01").StartOfDay()))
	if _, _, err := seed.Grant(ctx, star, shopM1, day("2026-03-01"), day("2026-03-31"), ""); err != nil {
		t.Fatal(err)
	}
	if _, err := authz.NewService(stuckStore{base}, starmap.FixedClock(day("2026-03-01").StartOfDay())); !errIs(err, authz.ErrStorePaging) {
		t.Errorf("NewService over a store whose list never ends: %v", err)
	}
	s := mustService(t, otherKeyStore{base}, starmap.FixedClock(day("2026-03-02").StartOfDay()))
	if _, _, err := s.Revoke(ctx, star, shopM1, ""); !errIs(err, authz.ErrRecordInvalid) {
		t.Errorf("Revoke through a store that returns another key: %v", err)
	}
	if got, _ := base.GetGrant(ctx, authz.GrantKey{Creator: "c1", Grantee: shopM1}); got.Version != 1 {
		t.Errorf("the grant was written: version %d", got.Version)
	}
}
