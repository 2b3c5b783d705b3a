// Package authztest is the conformance kit for implementations of
// authz.Store, in the manner of testing/fstest: a host's store test calls
// TestStore with a constructor of empty stores, and the kit checks the
// contract of the authz package's Store documentation — round trips, not
// found, already exists, stale versions, one winner among concurrent
// compare-and-swaps, list filters and order, and that no returned or given
// value aliases the store's memory.
package authztest

import (
	"context"
	"errors"
	"fmt"
	"github.com/starmap-go/starmap/internal/kit"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
)

var (
	now   = time.Date(2026, 3, 1, 10, 0, 0, 0, starmap.CST)
	today = starmap.DateOf(now)
)

// cmpOpts compare records field by field; Actor and Date compare by ==.
var cmpOpts = cmp.Options{
	cmp.Comparer(func(a, b starmap.Actor) bool { return a == b }),
	cmp.Comparer(func(a, b starmap.Date) bool { return a == b }),
}

// SampleGrant returns a valid grant record from creator to grantee, made
// with the package's own rules: granted today for 30 days; revoked too if
// revoked is true.
func SampleGrant(t testing.TB, creator string, grantee authz.Party, revoked bool) authz.GrantRecord {
	t.Helper()
	by := starmap.CreatorActor(creator)
	g, _, err := authz.NewGrant(by, now, grantee, today, today.AddDays(30), "sample")
	if err != nil {
		t.Fatalf("authztest: sample grant: %v", err)
	}
	if revoked {
		if g, _, err = g.Revoke(by, now, "sample"); err != nil {
			t.Fatalf("authztest: sample revoke: %v", err)
		}
	}
	return g.Record()
}

// SampleLive returns a valid confirmed (pending) live-session request.
func SampleLive(t testing.TB, creator, session string, requester starmap.Actor) authz.LiveRecord {
	t.Helper()
	r, _, err := authz.NewLiveRequest(requester, now, creator, session)
	if err == nil {
		r, _, err = r.Confirm(requester, now)
	}
	if err != nil {
		t.Fatalf("authztest: sample live request: %v", err)
	}
	return r.Record()
}

// TestStore runs the conformance suite; newStore must return an empty store
// each time it is called.
func TestStore(t *testing.T, newStore func() authz.Store) {
	t.Run("grant", func(t *testing.T) { testGrants(t, newStore) })
	t.Run("live", func(t *testing.T) { testLive(t, newStore) })
}

func testGrants(t *testing.T, newStore func() authz.Store) {
	ctx := context.Background()
	t.Run("round_trip", func(t *testing.T) {
		s := newStore()
		rec := SampleGrant(t, "c1", authz.MerchantParty("m1"), false)
		v, err := s.CreateGrant(ctx, rec)
		if err != nil || v != 1 {
			t.Fatalf("CreateGrant = %d, %v; want 1, nil", v, err)
		}
		got, err := s.GetGrant(ctx, rec.Key)
		if err != nil {
			t.Fatalf("GetGrant: %v", err)
		}
		rec.Version = 1
		if d := cmp.Diff(rec, got, cmpOpts); d != "" {
			t.Fatalf("round trip (-want +got):\n%s", d)
		}
		if _, err := authz.FromRecord(got); err != nil {
			t.Fatalf("FromRecord of a stored record: %v", err)
		}
	})
	t.Run("not_found", func(t *testing.T) {
		s := newStore()
		_, err := s.GetGrant(ctx, authz.GrantKey{Creator: "c1", Grantee: authz.MerchantParty("m1")})
		if !errors.Is(err, starmap.ErrNotFound) {
			t.Fatalf("GetGrant of a missing key: %v, want ErrNotFound", err)
		}
		rec := SampleGrant(t, "c1", authz.MerchantParty("m1"), false)
		rec.Version = 1
		if _, err := s.UpdateGrant(ctx, rec); !errors.Is(err, starmap.ErrNotFound) {
			t.Fatalf("UpdateGrant of a missing key: %v, want ErrNotFound", err)
		}
	})
	t.Run("already_exists", func(t *testing.T) {
		s := newStore()
		rec := SampleGrant(t, "c1", authz.MerchantParty("m1"), false)
		mustCreateGrant(t, s, rec)
		if _, err := s.CreateGrant(ctx, rec); !errors.Is(err, starmap.ErrConflict) {
			t.Fatalf("second CreateGrant: %v, want ErrConflict", err)
		}
		// Same creator and id but an agency is another key.
		agency := SampleGrant(t, "c1", authz.AgencyParty("m1"), true)
		if _, err := s.CreateGrant(ctx, agency); err != nil {
			t.Fatalf("CreateGrant for an agency with a merchant's id: %v", err)
		}
		// Each key reads back its own record, and an update of one leaves
		// the other alone.
		gotM, errM := s.GetGrant(ctx, rec.Key)
		gotA, errA := s.GetGrant(ctx, agency.Key)
		if errM != nil || errA != nil || gotM.Key != rec.Key || gotA.Key != agency.Key || !gotM.RevokedOn.IsZero() || gotA.RevokedOn.IsZero() {
			t.Fatalf("merchant m1 and agency m1 mixed up: %v %v, %v %v", gotM.Key, errM, gotA.Key, errA)
		}
		if _, err := s.UpdateGrant(ctx, gotA); err != nil {
			t.Fatal(err)
		}
		if again, _ := s.GetGrant(ctx, rec.Key); again.Version != 1 {
			t.Fatalf("updating agency m1 moved merchant m1 to version %d", again.Version)
		}
	})
	t.Run("create_ignores_given_version", func(t *testing.T) {
		s := newStore()
		rec := SampleGrant(t, "c1", authz.MerchantParty("m1"), false)
		rec.Version = 7
		if v, err := s.CreateGrant(ctx, rec); err != nil || v != 1 {
			t.Fatalf("CreateGrant with rec.Version 7 = %d, %v; want 1, nil", v, err)
		}
		if got, err := s.GetGrant(ctx, rec.Key); err != nil || got.Version != 1 {
			t.Fatalf("GetGrant after CreateGrant with rec.Version 7: version %d, %v; want 1", got.Version, err)
		}
		rec.Version = 1
		if v, err := s.UpdateGrant(ctx, rec); err != nil || v != 2 {
			t.Fatalf("UpdateGrant at version 1 = %d, %v; want 2, nil", v, err)
		}
	})
	t.Run("version_conflict", func(t *testing.T) {
		s := newStore()
		rec := SampleGrant(t, "c1", authz.MerchantParty("m1"), false)
		mustCreateGrant(t, s, rec)
		changed := SampleGrant(t, "c1", authz.MerchantParty("m1"), true)
		changed.Version = 1
		v, err := s.UpdateGrant(ctx, changed)
		if err != nil || v != 2 {
			t.Fatalf("UpdateGrant at version 1 = %d, %v; want 2, nil", v, err)
		}
		if _, err := s.UpdateGrant(ctx, changed); !errors.Is(err, starmap.ErrConflict) {
			t.Fatalf("UpdateGrant with stale version 1: %v, want ErrConflict", err)
		}
		stale := changed
		stale.Version = 7
		if _, err := s.UpdateGrant(ctx, stale); !errors.Is(err, starmap.ErrConflict) {
			t.Fatalf("UpdateGrant with future version 7: %v, want ErrConflict", err)
		}
		got, err := s.GetGrant(ctx, rec.Key)
		if err != nil || got.Version != 2 || got.RevokedOn.IsZero() {
			t.Fatalf("after update: version %d revoked %v err %v; want 2, revoked", got.Version, got.RevokedOn, err)
		}
	})
	t.Run("concurrent_cas_one_winner", func(t *testing.T) {
		s := newStore()
		rec := SampleGrant(t, "c1", authz.MerchantParty("m1"), false)
		mustCreateGrant(t, s, rec)
		const n = 16
		// The records are built before the goroutines start: SampleGrant
		// may t.Fatalf, which must not run outside the test's goroutine.
		recs := make([]authz.GrantRecord, n)
		for i := range recs {
			recs[i] = SampleGrant(t, "c1", authz.MerchantParty("m1"), true)
			recs[i].History[len(recs[i].History)-1].Note = fmt.Sprint("writer ", i)
			recs[i].Version = 1
		}
		kit.OneWinner(t, n, func(i int) error {
			_, err := s.UpdateGrant(ctx, recs[i])
			return err
		})
		got, _ := s.GetGrant(ctx, rec.Key)
		if note := got.History[len(got.History)-1].Note; got.Version != 2 || !strings.HasPrefix(note, "writer ") {
			t.Fatalf("stored version %d note %q, want 2 and one writer's note", got.Version, note)
		}
	})
	t.Run("list_filter_and_order", func(t *testing.T) {
		s := newStore()
		// A merchant and an agency with the same id (m1) are different
		// grantees: a store that ignores the kind fails here.
		keys := []authz.GrantKey{
			{Creator: "c2", Grantee: authz.MerchantParty("m1")},
			{Creator: "c1", Grantee: authz.AgencyParty("a1")},
			{Creator: "c1", Grantee: authz.MerchantParty("m2")},
			{Creator: "c1", Grantee: authz.MerchantParty("m1")},
			{Creator: "c3", Grantee: authz.MerchantParty("m1")},
			{Creator: "c1", Grantee: authz.AgencyParty("m1")},
			{Creator: "c2", Grantee: authz.AgencyParty("m1")},
		}
		for _, k := range keys {
			mustCreateGrant(t, s, SampleGrant(t, k.Creator, k.Grantee, false))
		}
		check := func(f authz.GrantFilter, want ...authz.GrantKey) {
			t.Helper()
			rs, err := s.ListGrants(ctx, f)
			if err != nil {
				t.Fatalf("ListGrants(%+v): %v", f, err)
			}
			got := make([]authz.GrantKey, len(rs))
			for i, r := range rs {
				got[i] = r.Key
				if r.Version != 1 {
					t.Fatalf("ListGrants: %v at version %d, want 1", r.Key, r.Version)
				}
			}
			if d := cmp.Diff(want, got, cmpopts.EquateEmpty()); d != "" {
				t.Fatalf("ListGrants(%+v) (-want +got):\n%s", f, d)
			}
		}
		check(authz.GrantFilter{Creator: "c1"}, keys[3], keys[2], keys[1], keys[5])
		check(authz.GrantFilter{Grantee: authz.MerchantParty("m1")}, keys[3], keys[0], keys[4])
		check(authz.GrantFilter{Grantee: authz.AgencyParty("m1")}, keys[5], keys[6])
		check(authz.GrantFilter{Creator: "c1", Grantee: authz.AgencyParty("a1")}, keys[1])
		check(authz.GrantFilter{Creator: "c1", Grantee: authz.AgencyParty("m1")}, keys[5])
		check(authz.GrantFilter{Creator: "c1", Grantee: authz.MerchantParty("m1")}, keys[3])
		check(authz.GrantFilter{}, keys[3], keys[2], keys[1], keys[5], keys[0], keys[6], keys[4])
		check(authz.GrantFilter{Creator: "nobody"})
	})
	t.Run("no_aliasing", func(t *testing.T) {
		s := newStore()
		rec := SampleGrant(t, "c1", authz.MerchantParty("m1"), false)
		mustCreateGrant(t, s, rec)
		want, _ := s.GetGrant(ctx, rec.Key)
		want = want.Clone()
		rec.Periods[0].End = today.AddDays(999) // the caller's copy after Create
		rec.History[0].Note = "changed by caller"
		got, _ := s.GetGrant(ctx, rec.Key)
		got.Periods[0].Start = today.AddDays(-999) // a returned copy
		got.History[0].Note = "changed by reader"
		listed, _ := s.ListGrants(ctx, authz.GrantFilter{})
		listed[0].Periods[0].End = today.AddDays(5)
		listed[0].History[0].Note = "changed by lister"
		again, _ := s.GetGrant(ctx, rec.Key)
		if d := cmp.Diff(want, again, cmpOpts); d != "" {
			t.Fatalf("store changed through a caller's value (-want +got):\n%s", d)
		}
		upd := again.Clone()
		upd.History = append(upd.History, upd.History[0])
		if _, err := s.UpdateGrant(ctx, upd); err != nil {
			t.Fatal(err)
		}
		upd.History[1].Note = "changed after update"
		after, _ := s.GetGrant(ctx, rec.Key)
		if after.History[1].Note == "changed after update" {
			t.Fatal("store shares the history slice given to UpdateGrant")
		}
	})
}

func testLive(t *testing.T, newStore func() authz.Store) {
	ctx := context.Background()
	merchant := starmap.AdvertiserActor("m1")
	t.Run("round_trip_and_errors", func(t *testing.T) {
		s := newStore()
		rec := SampleLive(t, "c1", "s1", merchant)
		if _, err := s.GetLive(ctx, rec.Key); !errors.Is(err, starmap.ErrNotFound) {
			t.Fatalf("GetLive of a missing key: %v, want ErrNotFound", err)
		}
		if v, err := s.CreateLive(ctx, rec); err != nil || v != 1 {
			t.Fatalf("CreateLive = %d, %v; want 1, nil", v, err)
		}
		if _, err := s.CreateLive(ctx, rec); !errors.Is(err, starmap.ErrConflict) {
			t.Fatalf("second CreateLive: %v, want ErrConflict", err)
		}
		got, err := s.GetLive(ctx, rec.Key)
		rec.Version = 1
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(rec, got, cmpOpts); d != "" {
			t.Fatalf("round trip (-want +got):\n%s", d)
		}
		got.History[0].Note = "changed by reader"
		if again, _ := s.GetLive(ctx, rec.Key); again.History[0].Note == "changed by reader" {
			t.Fatal("store shares the history of a returned record")
		}
		upd := got
		upd.State = authz.LiveGranted
		if v, err := s.UpdateLive(ctx, upd); err != nil || v != 2 {
			t.Fatalf("UpdateLive at version 1 = %d, %v; want 2, nil", v, err)
		}
		if _, err := s.UpdateLive(ctx, upd); !errors.Is(err, starmap.ErrConflict) {
			t.Fatalf("UpdateLive with stale version: %v, want ErrConflict", err)
		}
		missing := upd
		missing.Key.Session = "s9"
		if _, err := s.UpdateLive(ctx, missing); !errors.Is(err, starmap.ErrNotFound) {
			t.Fatalf("UpdateLive of a missing key: %v, want ErrNotFound", err)
		}
	})
	t.Run("create_ignores_given_version", func(t *testing.T) {
		s := newStore()
		rec := SampleLive(t, "c1", "s1", merchant)
		rec.Version = 7
		if v, err := s.CreateLive(ctx, rec); err != nil || v != 1 {
			t.Fatalf("CreateLive with rec.Version 7 = %d, %v; want 1, nil", v, err)
		}
		if got, err := s.GetLive(ctx, rec.Key); err != nil || got.Version != 1 {
			t.Fatalf("GetLive after CreateLive with rec.Version 7: version %d, %v; want 1", got.Version, err)
		}
	})
	t.Run("no_aliasing", func(t *testing.T) {
		s := newStore()
		rec := SampleLive(t, "c1", "s1", merchant)
		if _, err := s.CreateLive(ctx, rec); err != nil {
			t.Fatal(err)
		}
		rec.History[0].Note = "changed by caller after create"
		rec.History[1].Note = "changed by caller after create"
		got, err := s.GetLive(ctx, rec.Key)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range got.History {
			if c.Note != "" {
				t.Fatalf("store shares the history slice given to CreateLive: %q", c.Note)
			}
		}
		upd := got.Clone()
		upd.History = append(upd.History, upd.History[0])
		if _, err := s.UpdateLive(ctx, upd); err != nil {
			t.Fatal(err)
		}
		upd.History[2].Note = "changed by caller after update"
		after, err := s.GetLive(ctx, rec.Key)
		if err != nil || len(after.History) != 3 || after.History[2].Note != "" {
			t.Fatalf("store shares the history slice given to UpdateLive: %+v %v", after.History, err)
		}
		listed, _ := s.ListLive(ctx, authz.LiveFilter{})
		listed[0].History[0].Note = "changed by lister"
		if again, _ := s.GetLive(ctx, rec.Key); again.History[0].Note != "" {
			t.Fatal("store shares the history of a listed record")
		}
	})
	t.Run("concurrent_cas_one_winner", func(t *testing.T) {
		s := newStore()
		rec := SampleLive(t, "c1", "s1", merchant)
		if _, err := s.CreateLive(ctx, rec); err != nil {
			t.Fatal(err)
		}
		rec.Version = 1
		kit.OneWinner(t, 16, func(int) error {
			_, err := s.UpdateLive(ctx, rec.Clone())
			return err
		})
	})
	t.Run("list_filter_and_order", func(t *testing.T) {
		s := newStore()
		recs := []authz.LiveRecord{
			SampleLive(t, "c2", "s1", merchant),
			SampleLive(t, "c1", "s2", merchant),
			SampleLive(t, "c1", "s1", starmap.MCNActor("a1")),
			SampleLive(t, "c1", "s1", merchant),
		}
		// recs[5]: an agency whose id is a merchant's (m1): another grantee.
		sameID := SampleLive(t, "c1", "s2", starmap.MCNActor("m1"))
		draft, _, err := authz.NewLiveRequest(starmap.SubAccountActor("m2", "sub"), now, "c1", "s1")
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, draft.Record(), sameID)
		for _, r := range recs {
			if _, err := s.CreateLive(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		check := func(f authz.LiveFilter, want ...authz.LiveKey) {
			t.Helper()
			rs, err := s.ListLive(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			got := make([]authz.LiveKey, len(rs))
			for i, r := range rs {
				got[i] = r.Key
			}
			if d := cmp.Diff(want, got, cmpopts.EquateEmpty()); d != "" {
				t.Fatalf("ListLive(%+v) (-want +got):\n%s", f, d)
			}
		}
		check(authz.LiveFilter{Creator: "c1", State: authz.LivePending}, recs[3].Key, recs[2].Key, recs[1].Key, recs[5].Key)
		check(authz.LiveFilter{Creator: "c1"}, recs[3].Key, recs[4].Key, recs[2].Key, recs[1].Key, recs[5].Key)
		check(authz.LiveFilter{Grantee: authz.MerchantParty("m1")}, recs[3].Key, recs[1].Key, recs[0].Key)
		check(authz.LiveFilter{Grantee: authz.AgencyParty("m1")}, recs[5].Key)
		if got, err := s.GetLive(ctx, recs[5].Key); err != nil || got.Key != recs[5].Key {
			t.Fatalf("GetLive of agency m1's request: %v %v", got.Key, err)
		}
		check(authz.LiveFilter{State: authz.LiveDraft}, recs[4].Key)
	})
}

func mustCreateGrant(t *testing.T, s authz.Store, rec authz.GrantRecord) {
	t.Helper()
	if v, err := s.CreateGrant(context.Background(), rec); err != nil || v != 1 {
		t.Fatalf("CreateGrant(%v) = %d, %v; want 1, nil", rec.Key, v, err)
	}
}
