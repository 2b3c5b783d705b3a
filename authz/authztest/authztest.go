// Package authztest is the conformance kit for implementations of
// authz.Store, in the manner of testing/fstest: a host's store test calls
// TestStore with a constructor of empty stores.
//
// The kit runs the SDK's one version contract (internal/kit.CheckVersions)
// on both record kinds — create at version 1, stale and missing updates,
// no memory shared with callers, exactly one winner among concurrent
// compare-and-swaps, and a round trip of every field of a GrantRecord and
// a LiveRecord, RevokedEnd and the first and last representable dates
// included — and then what is particular to authz: a merchant and an
// agency with the same id are different keys, the list filters, the key
// order and keyset paging of authz.Store's documentation. It reports what
// is wrong with t.Errorf and never panics on what a store returns.
package authztest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/internal/kit"
)

var (
	now   = time.Date(2026, 3, 1, 10, 0, 0, 0, starmap.CST())
	today = starmap.DateOf(now)
)

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
		if _, err = g.Revoke(by, now, "sample"); err != nil {
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
		_, err = r.Confirm(requester, now)
	}
	if err != nil {
		t.Fatalf("authztest: sample live request: %v", err)
	}
	return r.Record()
}

// at is 10:30 CST on the day n days after from.
func at(from starmap.Date, n int) time.Time {
	return from.AddDays(n).StartOfDay().Add(10*time.Hour + 30*time.Minute)
}

// fullGrant is grant record i for the version contract: made with the
// package's rules, it sets every field of a GrantRecord, of a Period and
// (across its three entries) of a Change: granted on the first
// representable day, renewed early to the last one, then revoked — so it
// has periods of two origins, a revocation day and the end it had then
// (starmap.MaxDate()), and notes in Chinese.
func fullGrant(i int) authz.GrantRecord {
	by := starmap.CreatorActor("kit-c" + strconv.Itoa(i))
	first := starmap.MinDate()
	g, _, err := authz.NewGrant(by, at(first, 0), authz.AgencyParty("kit-a"+strconv.Itoa(i)), first, first.AddDays(10), "线下约定 1")
	if err == nil {
		_, err = g.EarlyRenew(by, at(first, 5), starmap.MaxDate(), "提前续约 2")
	}
	if err == nil {
		_, err = g.Revoke(by, at(first, 7), "合作结束 3")
	}
	// Were the rules ever to refuse a step, what was made is returned and
	// the kit's own check of its fixtures (fixtures_load) reports it.
	_ = err
	return g.Record()
}

// fullLive is live-session record i for the version contract: asked by a
// sub-account (so Actor.AdvertiserOf is set), confirmed by the main
// account, granted and revoked by the creator with notes, asked again — on
// the last representable day.
func fullLive(i int) authz.LiveRecord {
	merchant := "kit-m" + strconv.Itoa(i)
	sub, main := starmap.SubAccountActor(merchant, "kit-ops"), starmap.AdvertiserActor(merchant)
	creator := "kit-c" + strconv.Itoa(i)
	by := starmap.CreatorActor(creator)
	last := starmap.MaxDate()
	r, _, err := authz.NewLiveRequest(sub, at(last, 0), creator, "kit-s"+strconv.Itoa(i))
	for _, step := range []func() (starmap.Event, error){
		func() (starmap.Event, error) { return r.Confirm(main, at(last, 0).Add(time.Minute)) },
		func() (starmap.Event, error) { return r.Grant(by, at(last, 0).Add(2*time.Minute), "同意 1") },
		func() (starmap.Event, error) { return r.Revoke(by, at(last, 0).Add(3*time.Minute), "撤回 2") },
		func() (starmap.Event, error) { return r.Rerequest(sub, at(last, 0).Add(4*time.Minute)) },
	} {
		if err != nil {
			break
		}
		_, err = step()
	}
	return r.Record() // checked by fixtures_load, as fullGrant
}

// sameActor and sameDate compare actors and dates by value (their fields
// are unexported).
var (
	sameActor = gocmp.Comparer(func(a, b starmap.Actor) bool { return a == b })
	sameDate  = gocmp.Comparer(func(a, b starmap.Date) bool { return a == b })
)

func grantRecords(s authz.Store) kit.Records[authz.GrantKey, authz.GrantRecord] {
	return kit.Records[authz.GrantKey, authz.GrantRecord]{
		Kind: "grant", Get: s.GetGrant, Create: s.CreateGrant, Update: s.UpdateGrant,
		New:         fullGrant,
		Key:         func(r authz.GrantRecord) authz.GrantKey { return r.Key },
		Version:     func(r authz.GrantRecord) uint64 { return r.Version },
		WithVersion: func(r authz.GrantRecord, v uint64) authz.GrantRecord { r.Version = v; return r },
		Change: func(r authz.GrantRecord, i int) authz.GrantRecord {
			r = r.Clone()
			r.History = append(r.History, authz.Change{Op: authz.OpRevoke, Day: today, Note: fmt.Sprint("change ", i)})
			return r
		},
		Scribble: func(r *authz.GrantRecord) {
			for i := range r.Periods {
				r.Periods[i] = authz.Period{}
			}
			for i := range r.History {
				r.History[i].Note, r.History[i].By = "scribbled", starmap.Actor{}
			}
		},
		Options: []gocmp.Option{sameActor},
	}
}

func liveRecords(s authz.Store) kit.Records[authz.LiveKey, authz.LiveRecord] {
	return kit.Records[authz.LiveKey, authz.LiveRecord]{
		Kind: "live", Get: s.GetLive, Create: s.CreateLive, Update: s.UpdateLive,
		New:         fullLive,
		Key:         func(r authz.LiveRecord) authz.LiveKey { return r.Key },
		Version:     func(r authz.LiveRecord) uint64 { return r.Version },
		WithVersion: func(r authz.LiveRecord, v uint64) authz.LiveRecord { r.Version = v; return r },
		Change: func(r authz.LiveRecord, i int) authz.LiveRecord {
			r = r.Clone()
			r.History = append(r.History, authz.LiveChange{Op: authz.LiveConfirmOp, Note: fmt.Sprint("change ", i)})
			return r
		},
		Scribble: func(r *authz.LiveRecord) {
			for i := range r.History {
				r.History[i].Note, r.History[i].By = "scribbled", starmap.Actor{}
			}
		},
		Options: []gocmp.Option{sameActor},
	}
}

// TestStore runs the conformance suite; newStore must return an empty store
// each time it is called.
func TestStore(t *testing.T, newStore func() authz.Store) {
	t.Run("versions", func(t *testing.T) {
		s := newStore()
		kit.CheckVersions(t, 0, grantRecords(s))
		kit.CheckVersions(t, 0, liveRecords(s))
	})
	t.Run("fixtures_load", func(t *testing.T) { testFixturesLoad(t, newStore()) })
	t.Run("grant/same_id_merchant_and_agency", func(t *testing.T) { testSameID(t, newStore()) })
	t.Run("grant/list_filter_and_order", func(t *testing.T) { testGrantList(t, newStore()) })
	t.Run("grant/list_pages", func(t *testing.T) { testGrantPages(t, newStore()) })
	t.Run("grant/list_no_aliasing", func(t *testing.T) { testListAliasing(t, newStore()) })
	t.Run("live/list_filter_and_order", func(t *testing.T) { testLiveList(t, newStore()) })
	t.Run("live/list_pages", func(t *testing.T) { testLivePages(t, newStore()) })
	t.Run("page_requests", func(t *testing.T) { testPageRequests(t, newStore()) })
}

// testFixturesLoad: the full records, stored and read back, still rebuild
// their aggregates — a store that drops RevokedEnd or a Change field makes
// FromRecord refuse every revoked grant (issue 11).
func testFixturesLoad(t *testing.T, s authz.Store) {
	ctx := context.Background()
	g := fullGrant(500)
	if _, err := authz.FromRecord(g); err != nil {
		t.Fatalf("the kit's own grant fixture does not load: %v", err)
	}
	if len(g.History) != 3 || g.RevokedEnd != starmap.MaxDate() || g.Periods[0].Start != starmap.MinDate() {
		t.Fatalf("the kit's own grant fixture lost its extremes: %+v", g)
	}
	l := fullLive(500)
	if _, err := authz.LiveFromRecord(l); err != nil || len(l.History) != 5 {
		t.Fatalf("the kit's own live fixture does not load: %v (%d steps)", err, len(l.History))
	}
	// Every field is set, so that CheckVersions' round trip covers it — a
	// field added to a record later fails here until the fixture sets it.
	if unset := kit.UnsetFields(g); len(unset) > 0 {
		t.Errorf("the grant fixture leaves fields unset: %v", unset)
	}
	if unset := kit.UnsetFields(l); len(unset) > 0 {
		t.Errorf("the live fixture leaves fields unset: %v", unset)
	}
	if _, err := s.CreateGrant(ctx, g); err != nil {
		t.Fatalf("CreateGrant: %v", err)
	}
	if _, err := s.CreateLive(ctx, l); err != nil {
		t.Fatalf("CreateLive: %v", err)
	}
	if got, err := s.GetGrant(ctx, g.Key); err != nil {
		t.Errorf("GetGrant: %v", err)
	} else if _, err := authz.FromRecord(got); err != nil {
		t.Errorf("a stored revoked grant no longer loads: %v", err)
	}
	if got, err := s.GetLive(ctx, l.Key); err != nil {
		t.Errorf("GetLive: %v", err)
	} else if _, err := authz.LiveFromRecord(got); err != nil {
		t.Errorf("a stored live-session request no longer loads: %v", err)
	}
}

// testSameID: a merchant and an agency with the same id are different
// grantees (AUZ-1): each key reads back its own record, and an update of
// one leaves the other alone.
func testSameID(t *testing.T, s authz.Store) {
	ctx := context.Background()
	merchant := SampleGrant(t, "c1", authz.MerchantParty("m1"), false)
	agency := SampleGrant(t, "c1", authz.AgencyParty("m1"), true)
	for _, r := range []authz.GrantRecord{merchant, agency} {
		if _, err := s.CreateGrant(ctx, r); err != nil {
			t.Fatalf("CreateGrant(%v): %v", r.Key, err)
		}
	}
	gotM, errM := s.GetGrant(ctx, merchant.Key)
	gotA, errA := s.GetGrant(ctx, agency.Key)
	if errM != nil || errA != nil || gotM.Key != merchant.Key || gotA.Key != agency.Key || !gotM.RevokedOn.IsZero() || gotA.RevokedOn.IsZero() {
		t.Fatalf("merchant m1 and agency m1 mixed up: %v %v, %v %v", gotM.Key, errM, gotA.Key, errA)
	}
	if _, err := s.UpdateGrant(ctx, gotA); err != nil {
		t.Fatalf("UpdateGrant of agency m1: %v", err)
	}
	if again, err := s.GetGrant(ctx, merchant.Key); err != nil || again.Version != 1 {
		t.Errorf("updating agency m1 moved merchant m1 to version %d (%v)", again.Version, err)
	}
}

// The key orders of authz.Store's documentation, written here again so
// that the kit holds a store to the text, not to the package's code.
func compareGrantKeys(a, b authz.GrantKey) int {
	return cmp.Or(cmp.Compare(a.Creator, b.Creator), cmp.Compare(a.Grantee.Kind, b.Grantee.Kind), cmp.Compare(a.Grantee.ID, b.Grantee.ID))
}

func compareLiveKeys(a, b authz.LiveKey) int {
	return cmp.Or(cmp.Compare(a.Creator, b.Creator), cmp.Compare(a.Session, b.Session),
		cmp.Compare(a.Grantee.Kind, b.Grantee.Kind), cmp.Compare(a.Grantee.ID, b.Grantee.ID))
}

// walk lists every page of a list with the given limit, checking each
// page's cursor against the documentation; it stops (with an error
// reported) after more pages than records could fill.
func walk[R any, K any](t *testing.T, label string, limit, most int, list func(starmap.PageRequest) (starmap.Page[R], error),
	key func(R) K, text func(K) string) []R {
	t.Helper()
	var all []R
	req := starmap.PageRequest{Limit: limit}
	for pages := 0; ; pages++ {
		if pages > most+1 {
			t.Errorf("%s: the list does not end after %d pages", label, pages)
			return all
		}
		p, err := list(req)
		if err != nil {
			t.Errorf("%s page %d: %v", label, pages+1, err)
			return all
		}
		if len(p.Items) > req.EffectiveLimit() {
			t.Errorf("%s page %d: %d records, more than the limit %d", label, pages+1, len(p.Items), req.EffectiveLimit())
		}
		all = append(all, p.Items...)
		if p.Next == "" {
			return all
		}
		if len(p.Items) == 0 {
			t.Errorf("%s page %d: empty page with a next cursor %q", label, pages+1, p.Next)
			return all
		}
		if want := starmap.EncodeCursor(text(key(p.Items[len(p.Items)-1]))); p.Next != want {
			t.Errorf("%s page %d: Next %q, want EncodeCursor of the last key %q", label, pages+1, p.Next, want)
		}
		req.Cursor = p.Next
	}
}

func testGrantList(t *testing.T, s authz.Store) {
	ctx := context.Background()
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
		{Creator: "c1", Grantee: authz.MerchantParty("M1")}, // byte order: "M1" < "m1"
	}
	for _, k := range keys {
		if v, err := s.CreateGrant(ctx, SampleGrant(t, k.Creator, k.Grantee, false)); err != nil || v != 1 {
			t.Fatalf("CreateGrant(%v) = %d, %v", k, v, err)
		}
	}
	check := func(q authz.GrantQuery, want ...authz.GrantKey) {
		t.Helper()
		for _, limit := range []int{0, 1, 2, 3} {
			label := fmt.Sprintf("ListGrants(%+v) limit %d", q, limit)
			rs := walk(t, label, limit, len(keys), func(p starmap.PageRequest) (starmap.Page[authz.GrantRecord], error) {
				q.Page = p
				return s.ListGrants(ctx, q)
			}, func(r authz.GrantRecord) authz.GrantKey { return r.Key }, authz.GrantKey.String)
			got := make([]authz.GrantKey, len(rs))
			for i, r := range rs {
				got[i] = r.Key
				if r.Version != 1 {
					t.Errorf("%s: %v at version %d, want 1", label, r.Key, r.Version)
				}
			}
			if !slices.Equal(want, got) {
				t.Errorf("%s:\n got %v\nwant %v", label, got, want)
			}
		}
	}
	k := keys
	check(authz.GrantQuery{Creator: "c1"}, k[7], k[3], k[2], k[1], k[5])
	check(authz.GrantQuery{Grantee: authz.MerchantParty("m1")}, k[3], k[0], k[4])
	check(authz.GrantQuery{Grantee: authz.AgencyParty("m1")}, k[5], k[6])
	check(authz.GrantQuery{Creator: "c1", Grantee: authz.AgencyParty("a1")}, k[1])
	check(authz.GrantQuery{Creator: "c1", Grantee: authz.AgencyParty("m1")}, k[5])
	check(authz.GrantQuery{Creator: "c1", Grantee: authz.MerchantParty("m1")}, k[3])
	all := slices.Clone(keys)
	slices.SortFunc(all, compareGrantKeys)
	check(authz.GrantQuery{}, all...)
	check(authz.GrantQuery{Creator: "nobody"})
}

// testGrantPages: a keyset cursor is a position, not an offset: records
// created before it after the first page do not shift the next one, and
// records created after it appear.
func testGrantPages(t *testing.T, s authz.Store) {
	ctx := context.Background()
	create := func(ids ...string) {
		t.Helper()
		for _, id := range ids {
			if _, err := s.CreateGrant(ctx, SampleGrant(t, "c1", authz.MerchantParty(id), false)); err != nil {
				t.Fatalf("CreateGrant(%s): %v", id, err)
			}
		}
	}
	create("m2", "m4", "m6")
	q := authz.GrantQuery{Creator: "c1", Page: starmap.PageRequest{Limit: 2}}
	p1, err := s.ListGrants(ctx, q)
	if err != nil || len(p1.Items) != 2 || p1.Next == "" {
		t.Fatalf("first page: %d records, next %q, %v; want 2 and a cursor", len(p1.Items), p1.Next, err)
	}
	create("m1", "m3", "m5")
	q.Page = starmap.PageRequest{Limit: 10, Cursor: p1.Next}
	p2, err := s.ListGrants(ctx, q)
	if err != nil {
		t.Fatalf("second page: %v", err)
	}
	var got []string
	for _, r := range append(p1.Items, p2.Items...) {
		got = append(got, r.Key.Grantee.ID)
	}
	if want := []string{"m2", "m4", "m5", "m6"}; !slices.Equal(got, want) || p2.Next != "" {
		t.Errorf("pages across writes: %v next %q, want %v and no cursor", got, p2.Next, want)
	}
}

func testLiveList(t *testing.T, s authz.Store) {
	ctx := context.Background()
	merchant := starmap.AdvertiserActor("m1")
	recs := []authz.LiveRecord{
		SampleLive(t, "c2", "s1", merchant),
		SampleLive(t, "c1", "s2", merchant),
		SampleLive(t, "c1", "s1", starmap.MCNActor("a1")),
		SampleLive(t, "c1", "s1", merchant),
	}
	draft, _, err := authz.NewLiveRequest(starmap.SubAccountActor("m2", "sub"), now, "c1", "s1")
	if err != nil {
		t.Fatal(err)
	}
	// recs[5]: an agency whose id is a merchant's (m1): another grantee.
	recs = append(recs, draft.Record(), SampleLive(t, "c1", "s2", starmap.MCNActor("m1")))
	for _, r := range recs {
		if _, err := s.CreateLive(ctx, r); err != nil {
			t.Fatalf("CreateLive(%v): %v", r.Key, err)
		}
	}
	check := func(q authz.LiveQuery, want ...authz.LiveRecord) {
		t.Helper()
		for _, limit := range []int{0, 1, 2} {
			label := fmt.Sprintf("ListLive(%+v) limit %d", q, limit)
			rs := walk(t, label, limit, len(recs), func(p starmap.PageRequest) (starmap.Page[authz.LiveRecord], error) {
				q.Page = p
				return s.ListLive(ctx, q)
			}, func(r authz.LiveRecord) authz.LiveKey { return r.Key }, authz.LiveKey.String)
			got := make([]authz.LiveKey, len(rs))
			for i, r := range rs {
				got[i] = r.Key
			}
			wantKeys := make([]authz.LiveKey, len(want))
			for i, r := range want {
				wantKeys[i] = r.Key
			}
			if !slices.Equal(wantKeys, got) {
				t.Errorf("%s:\n got %v\nwant %v", label, got, wantKeys)
			}
		}
	}
	check(authz.LiveQuery{Creator: "c1", State: authz.LivePending}, recs[3], recs[2], recs[1], recs[5])
	check(authz.LiveQuery{Creator: "c1"}, recs[3], recs[4], recs[2], recs[1], recs[5])
	check(authz.LiveQuery{Grantee: authz.MerchantParty("m1")}, recs[3], recs[1], recs[0])
	check(authz.LiveQuery{Grantee: authz.AgencyParty("m1")}, recs[5])
	check(authz.LiveQuery{State: authz.LiveDraft}, recs[4])
	all := slices.Clone(recs)
	slices.SortFunc(all, func(a, b authz.LiveRecord) int { return compareLiveKeys(a.Key, b.Key) })
	check(authz.LiveQuery{}, all...)
	if got, err := s.GetLive(ctx, recs[5].Key); err != nil || got.Key != recs[5].Key {
		t.Errorf("GetLive of agency m1's request: %v %v", got.Key, err)
	}
}

// testLivePages: as testGrantPages, for live-session requests.
func testLivePages(t *testing.T, s authz.Store) {
	ctx := context.Background()
	create := func(sessions ...string) {
		t.Helper()
		for _, session := range sessions {
			if _, err := s.CreateLive(ctx, SampleLive(t, "c1", session, starmap.MCNActor("a1"))); err != nil {
				t.Fatalf("CreateLive(%s): %v", session, err)
			}
		}
	}
	create("s2", "s4", "s6")
	q := authz.LiveQuery{Creator: "c1", Page: starmap.PageRequest{Limit: 2}}
	p1, err := s.ListLive(ctx, q)
	if err != nil || len(p1.Items) != 2 || p1.Next == "" {
		t.Fatalf("first page: %d records, next %q, %v; want 2 and a cursor", len(p1.Items), p1.Next, err)
	}
	create("s1", "s3", "s5")
	q.Page = starmap.PageRequest{Limit: 10, Cursor: p1.Next}
	p2, err := s.ListLive(ctx, q)
	if err != nil {
		t.Fatalf("second page: %v", err)
	}
	var got []string
	for _, r := range append(p1.Items, p2.Items...) {
		got = append(got, r.Key.Session)
	}
	if want := []string{"s2", "s4", "s5", "s6"}; !slices.Equal(got, want) || p2.Next != "" {
		t.Errorf("pages across writes: %v next %q, want %v and no cursor", got, p2.Next, want)
	}
}

// testListAliasing: records a list returns share no memory with the store.
func testListAliasing(t *testing.T, s authz.Store) {
	ctx := context.Background()
	rec := SampleGrant(t, "c1", authz.MerchantParty("m1"), false)
	if _, err := s.CreateGrant(ctx, rec); err != nil {
		t.Fatalf("CreateGrant: %v", err)
	}
	live := SampleLive(t, "c1", "s1", starmap.AdvertiserActor("m1"))
	if _, err := s.CreateLive(ctx, live); err != nil {
		t.Fatalf("CreateLive: %v", err)
	}
	wantG, errG := s.GetGrant(ctx, rec.Key)
	wantL, errL := s.GetLive(ctx, live.Key)
	if errG != nil || errL != nil {
		t.Fatalf("Get: %v, %v", errG, errL)
	}
	wantG, wantL = wantG.Clone(), wantL.Clone()
	if p, err := s.ListGrants(ctx, authz.GrantQuery{}); err == nil {
		for _, r := range p.Items {
			grantRecords(s).Scribble(&r)
		}
	}
	if p, err := s.ListLive(ctx, authz.LiveQuery{}); err == nil {
		for _, r := range p.Items {
			liveRecords(s).Scribble(&r)
		}
	}
	if got, err := s.GetGrant(ctx, rec.Key); err != nil || !gocmp.Equal(wantG, got, sameActor, sameDate) {
		t.Errorf("a listed grant shares memory with the store:\n%s", gocmp.Diff(wantG, got, sameActor, sameDate))
	}
	if got, err := s.GetLive(ctx, live.Key); err != nil || !gocmp.Equal(wantL, got, sameActor, sameDate) {
		t.Errorf("a listed request shares memory with the store:\n%s", gocmp.Diff(wantL, got, sameActor, sameDate))
	}
}

// testPageRequests: the one paging rule — a negative limit refused, 0 the
// default, a larger limit clamped — and cursors that are not a key's
// refused.
func testPageRequests(t *testing.T, s authz.Store) {
	ctx := context.Background()
	n := starmap.MaxPageLimit + 1
	for i := 0; i < n; i++ {
		if _, err := s.CreateGrant(ctx, SampleGrant(t, "c1", authz.MerchantParty(fmt.Sprintf("m%03d", i)), false)); err != nil {
			t.Fatalf("CreateGrant %d: %v", i, err)
		}
	}
	if _, err := s.CreateLive(ctx, SampleLive(t, "c1", "s1", starmap.AdvertiserActor("m1"))); err != nil {
		t.Fatalf("CreateLive: %v", err)
	}
	for _, c := range []struct {
		limit, want int
	}{{0, starmap.DefaultPageLimit}, {1, 1}, {starmap.MaxPageLimit + 50, starmap.MaxPageLimit}} {
		p, err := s.ListGrants(ctx, authz.GrantQuery{Page: starmap.PageRequest{Limit: c.limit}})
		if err != nil || len(p.Items) != c.want || p.Next == "" {
			t.Errorf("ListGrants limit %d: %d records, next %q, %v; want %d and a cursor", c.limit, len(p.Items), p.Next, err, c.want)
		}
	}
	if _, err := s.ListGrants(ctx, authz.GrantQuery{Page: starmap.PageRequest{Limit: -1}}); !errors.Is(err, starmap.ErrPageLimit) {
		t.Errorf("ListGrants limit -1: %v, want ErrPageLimit", err)
	}
	if _, err := s.ListLive(ctx, authz.LiveQuery{Page: starmap.PageRequest{Limit: -1}}); !errors.Is(err, starmap.ErrPageLimit) {
		t.Errorf("ListLive limit -1: %v, want ErrPageLimit", err)
	}
	liveCursor := starmap.EncodeCursor(authz.LiveKey{Creator: "c1", Session: "s1", Grantee: authz.MerchantParty("m1")}.String())
	grantCursor := starmap.EncodeCursor(authz.GrantKey{Creator: "c1", Grantee: authz.MerchantParty("m1")}.String())
	for _, bad := range []string{"x", "!!!", starmap.EncodeCursor("not a key"), starmap.EncodeCursor("c1", "m1"), liveCursor} {
		if _, err := s.ListGrants(ctx, authz.GrantQuery{Page: starmap.PageRequest{Cursor: bad}}); !errors.Is(err, starmap.ErrCursorInvalid) {
			t.Errorf("ListGrants cursor %q: %v, want ErrCursorInvalid", bad, err)
		}
	}
	for _, bad := range []string{"x", starmap.EncodeCursor("c1|s1"), grantCursor} {
		if _, err := s.ListLive(ctx, authz.LiveQuery{Page: starmap.PageRequest{Cursor: bad}}); !errors.Is(err, starmap.ErrCursorInvalid) {
			t.Errorf("ListLive cursor %q: %v, want ErrCursorInvalid", bad, err)
		}
	}
}
