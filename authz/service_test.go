package authz_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/memstore"
)

func TestServiceGrantLifecycle_AUZ4to11(t *testing.T) {
	s, clock, _ := newService(t, "2026-03-01")
	g, evs, err := s.Grant(ctx, star, shopM1, day("2026-03-01"), day("2026-03-31"), "offline deal")
	if err != nil || g.Version() != 1 || len(evs) != 1 || evs[0].Type != "authz.grant.granted" {
		t.Fatalf("grant: %v v%d %+v", err, g.Version(), evs)
	}
	if got := check(s, m1, "2026-03-01"); got != authz.Allowed {
		t.Fatalf("AUZ-10 first day: %v", got)
	}
	if got := check(s, m1sub, "2026-03-01"); got != authz.DeniedSubAccount {
		t.Fatalf("AUZ-9 sub-account: %v", got)
	}
	// AUZ-5 on the last valid day.
	clock.Set(day("2026-03-31").StartOfDay().Add(23 * time.Hour))
	g, _, err = s.EarlyRenew(ctx, star, shopM1, day("2026-04-30"), "")
	if err != nil || g.Version() != 2 {
		t.Fatalf("early renew: %v", err)
	}
	for _, on := range []string{"2026-03-31", "2026-04-01", "2026-04-30"} {
		if got := check(s, m1, on); got != authz.Allowed {
			t.Fatalf("after early renewal, %s: %v", on, got)
		}
	}
	if got := check(s, m1, "2026-05-01"); got != authz.DeniedExpired {
		t.Fatalf("day after new end: %v", got)
	}
	// AUZ-6: renewal refused while valid, allowed the day after the end.
	if _, _, err := s.Renew(ctx, star, shopM1, day("2026-04-30"), day("2026-05-31"), ""); !errors.Is(err, authz.ErrRenewNotExpired) {
		t.Fatalf("renew while valid: %v", err)
	}
	clock.Set(day("2026-05-01").StartOfDay())
	g, _, err = s.Renew(ctx, star, shopM1, day("2026-05-10"), day("2026-05-20"), "")
	if err != nil {
		t.Fatal(err)
	}
	if got := check(s, m1, "2026-05-01"); got != authz.DeniedNotYetValid {
		t.Fatalf("AUZ-11 gap: %v", got)
	}
	if got := check(s, m1, "2026-05-10"); got != authz.Allowed {
		t.Fatalf("renewal start: %v", got)
	}
	// Revoke: at once, and it stays revoked.
	g, evs, err = s.Revoke(ctx, star, shopM1, "")
	if err != nil || evs[0].From != "not-yet-valid" || evs[0].To != "revoked" {
		t.Fatalf("revoke: %v %+v", err, evs)
	}
	if got := check(s, m1, "2026-05-15"); got != authz.DeniedRevoked {
		t.Fatalf("after revoke: %v", got)
	}
	want := []authz.Period{
		{Start: day("2026-03-01"), End: day("2026-03-31"), Origin: authz.OpGrant},
		{Start: day("2026-04-01"), End: day("2026-04-30"), Origin: authz.OpEarlyRenew},
	}
	if !slices.Equal(g.Periods(), want) {
		t.Fatalf("periods held %v, want %v", g.Periods(), want)
	}
	if len(g.History()) != 4 || g.Version() != 4 {
		t.Fatalf("history %d version %d", len(g.History()), g.Version())
	}
	// Errors of the service itself.
	if _, _, err := s.Revoke(ctx, star, authz.MerchantParty("m9"), ""); !errors.Is(err, starmap.ErrNotFound) {
		t.Fatalf("revoke missing: %v", err)
	}
	if _, _, err := s.Grant(ctx, m1, shopM1, day("2026-05-01"), day("2026-05-02"), ""); !errors.Is(err, starmap.ErrActorRole) {
		t.Fatalf("merchant granting: %v", err)
	}
	if _, _, err := s.EarlyRenew(ctx, star, authz.Party{}, day("2026-06-01"), ""); !errors.Is(err, authz.ErrPartyInvalid) {
		t.Fatalf("bad grantee: %v", err)
	}
}

func TestServiceLists_AUZ8(t *testing.T) {
	s, clock, _ := newService(t, "2026-03-01")
	c2 := starmap.CreatorActor("c2")
	mustGrant := func(by starmap.Actor, p authz.Party, start, end string) {
		t.Helper()
		if _, _, err := s.Grant(ctx, by, p, day(start), day(end), ""); err != nil {
			t.Fatal(err)
		}
	}
	mustGrant(star, authz.MerchantParty("m3"), "2026-03-01", "2026-06-30")
	mustGrant(star, authz.MerchantParty("m2"), "2026-03-01", "2026-04-30")
	mustGrant(star, authz.AgencyParty("a1"), "2026-03-01", "2026-04-30") // tie on end: agency after merchant
	mustGrant(star, shopM1, "2026-03-01", "2026-03-05")
	mustGrant(c2, shopM1, "2026-03-02", "2026-03-20")
	mustGrant(starmap.CreatorActor("c3"), shopM1, "2026-03-01", "2026-03-31")
	if _, _, err := s.Revoke(ctx, starmap.CreatorActor("c3"), shopM1, ""); err != nil {
		t.Fatal(err)
	}
	clock.Set(day("2026-03-10").StartOfDay())

	// AUZ-8 creator's list: nearest end first, ties by grantee.
	p, err := s.CreatorGrants(ctx, star, nil, starmap.PageRequest{Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, v := range p.Items {
		got = append(got, v.Key.Grantee.String()+" "+v.End.String()+" "+v.Status.String())
	}
	want := []string{"merchant:m1 2026-03-05 expired", "merchant:m2 2026-04-30 authorized", "agency:a1 2026-04-30 authorized"}
	if !slices.Equal(got, want) || p.Next == "" {
		t.Fatalf("creator list page 1 %v next %q, want %v", got, p.Next, want)
	}
	p, err = s.CreatorGrants(ctx, star, nil, starmap.PageRequest{Limit: 3, Cursor: p.Next})
	if err != nil || len(p.Items) != 1 || p.Items[0].Key.Grantee.ID != "m3" || p.Next != "" {
		t.Fatalf("creator list page 2: %v %+v", err, p)
	}
	p, _ = s.CreatorGrants(ctx, star, []authz.Status{authz.StatusExpired}, starmap.PageRequest{})
	if len(p.Items) != 1 || p.Items[0].Key.Grantee.ID != "m1" {
		t.Fatalf("status filter: %+v", p.Items)
	}

	// AUZ-8 merchant's list: every creator it ever held a grant from.
	mp, err := s.MerchantGrants(ctx, m1, starmap.PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	got = got[:0]
	for _, v := range mp.Items {
		got = append(got, v.Key.Creator+" "+v.Status.Label(starmap.ZH))
	}
	want = []string{"c1 已到期", "c2 已授权", "c3 已被解除授权"}
	if !slices.Equal(got, want) {
		t.Fatalf("merchant list %v, want %v", got, want)
	}
	if _, err := s.MerchantGrants(ctx, m1sub, starmap.PageRequest{}); !errors.Is(err, authz.ErrSubAccountAllSales) {
		t.Fatalf("AUZ-9 sub-account list: %v", err)
	}
	if ap, err := s.MerchantGrants(ctx, agency, starmap.PageRequest{}); err != nil || len(ap.Items) != 1 {
		t.Fatalf("agency list: %v %+v", err, ap)
	}
	if _, err := s.CreatorGrants(ctx, m1, nil, starmap.PageRequest{}); !errors.Is(err, starmap.ErrActorRole) {
		t.Fatalf("merchant reading creator list: %v", err)
	}
	if _, err := s.CreatorGrants(ctx, star, nil, starmap.PageRequest{Cursor: "x"}); !errors.Is(err, starmap.ErrCursorInvalid) {
		t.Fatalf("bad cursor: %v", err)
	}
}

func TestServiceLive_AUZ3(t *testing.T) {
	s, clock, _ := newService(t, "2026-03-01")
	key := authz.LiveKey{Creator: "c1", Session: "room-1", Grantee: shopM1}
	if _, _, err := s.RequestLive(ctx, m1sub, "c1", "room-1"); err != nil {
		t.Fatal(err)
	}
	// AUZ-3: a draft does not reach the creator.
	pending, err := s.PendingLive(ctx, star, starmap.PageRequest{})
	if err != nil || len(pending.Items) != 0 {
		t.Fatalf("draft visible: %v %+v", err, pending)
	}
	if _, _, err := s.GrantLive(ctx, star, key, ""); !errors.Is(err, starmap.ErrNotFound) {
		t.Fatalf("grant of a draft: %v", err)
	}
	clock.Advance(time.Hour)
	if _, _, err := s.RequestLive(ctx, agency, "c1", "room-1"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.ConfirmLive(ctx, agency, "c1", "room-1"); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Hour)
	if _, _, err := s.ConfirmLive(ctx, m1, "c1", "room-1"); err != nil {
		t.Fatal(err)
	}
	pending, _ = s.PendingLive(ctx, star, starmap.PageRequest{})
	if len(pending.Items) != 2 || pending.Items[0].Key().Grantee != authz.AgencyParty("a1") {
		t.Fatalf("pending list, oldest confirmation first: %+v", pending.Items)
	}
	liveQ := authz.Query{Account: m1sub, Creator: "c1", Scope: authz.LiveSession, Session: "room-1", Day: day("2026-03-01")}
	if got := s.Check(liveQ); got != authz.DeniedNoGrant {
		t.Fatalf("pending: %v", got)
	}
	if _, _, err := s.GrantLive(ctx, star, key, ""); err != nil {
		t.Fatal(err)
	}
	if got := s.Check(liveQ); got != authz.Allowed {
		t.Fatalf("AUZ-9 sub-account live: %v", got)
	}
	if _, _, err := s.RevokeLive(ctx, star, key, ""); err != nil {
		t.Fatal(err)
	}
	if got := s.Check(liveQ); got != authz.DeniedRevoked {
		t.Fatalf("revoked live: %v", got)
	}
	mine, err := s.LiveRequestOf(ctx, m1, "c1", "room-1")
	if err != nil || mine.State() != authz.LiveRevoked || len(mine.History()) != 4 {
		t.Fatalf("QA 5, the merchant's view of its request: %v %v", err, mine.State())
	}
	if _, err := s.LiveRequestOf(ctx, star, "c1", "room-1"); !errors.Is(err, starmap.ErrActorRole) {
		t.Fatalf("creator reading a merchant's request: %v", err)
	}
	if _, err := s.LiveRequestOf(ctx, m1, "c1", "room-404"); !errors.Is(err, starmap.ErrNotFound) {
		t.Fatalf("missing request: %v", err)
	}
	akey := authz.LiveKey{Creator: "c1", Session: "room-1", Grantee: authz.AgencyParty("a1")}
	if _, _, err := s.DeclineLive(ctx, star, akey, "no"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.GrantLive(ctx, starmap.CreatorActor("c2"), akey, ""); !errors.Is(err, authz.ErrNotOwner) {
		t.Fatalf("other creator: %v", err)
	}
	if _, _, err := s.ConfirmLive(ctx, m1, "c1", "room-404"); !errors.Is(err, starmap.ErrNotFound) {
		t.Fatalf("confirm missing: %v", err)
	}
	if _, _, err := s.RequestLive(ctx, star, "c1", "room-1"); !errors.Is(err, starmap.ErrActorRole) {
		t.Fatalf("creator requesting: %v", err)
	}
}

// flakyStore fails the first update of each kind with a version conflict,
// as if another replica had written in between.
type flakyStore struct {
	*memstore.AuthzStore
	failed atomic.Int32
}

func (f *flakyStore) UpdateGrant(ctx context.Context, rec authz.GrantRecord) (uint64, error) {
	if f.failed.Add(1) == 1 {
		return 0, starmap.ErrVersionConflict.New(starmap.Arg("what", "grant"), starmap.Arg("id", rec.Key), starmap.Arg("expected", rec.Version))
	}
	return f.AuthzStore.UpdateGrant(ctx, rec)
}

func TestServiceRetriesOnConflict(t *testing.T) {
	store := &flakyStore{AuthzStore: memstore.NewAuthzStore()}
	clock := starmap.FixedClock(day("2026-03-10").StartOfDay())
	s := mustService(t, store, clock)
	if _, _, err := s.Grant(ctx, star, shopM1, day("2026-03-10"), day("2026-03-31"), ""); err != nil {
		t.Fatal(err)
	}
	g, _, err := s.EarlyRenew(ctx, star, shopM1, day("2026-04-30"), "")
	if err != nil || g.Version() != 2 || store.failed.Load() != 2 {
		t.Fatalf("retry: %v v%d tries %d", err, g.Version(), store.failed.Load())
	}
}

// TestServiceConcurrentEarlyRenewals: creators' clicks racing on one grant
// (several replicas): each succeeds or fails by a rule, none is lost, and
// the end is the largest of the ones that succeeded.
func TestServiceConcurrentEarlyRenewals(t *testing.T) {
	s, _, store := newService(t, "2026-03-10")
	if _, _, err := s.Grant(ctx, star, shopM1, day("2026-03-10"), day("2026-03-31"), ""); err != nil {
		t.Fatal(err)
	}
	const n = 8
	var wg sync.WaitGroup
	var mu sync.Mutex
	var ok []starmap.Date
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			end := day("2026-04-01").AddDays(i)
			_, _, err := s.EarlyRenew(ctx, star, shopM1, end, "")
			switch {
			case err == nil:
				mu.Lock()
				ok = append(ok, end)
				mu.Unlock()
			case errors.Is(err, authz.ErrEarlyRenewEndNotAfterCurrent), errors.Is(err, starmap.ErrConflict):
			default:
				t.Errorf("renewal %d: %v", i, err)
			}
		}(i)
	}
	wg.Wait()
	rec, err := store.GetGrant(ctx, authz.GrantKey{Creator: "c1", Grantee: shopM1})
	if err != nil {
		t.Fatal(err)
	}
	g, _ := authz.FromRecord(rec)
	if len(ok) == 0 || g.End() != slices.MaxFunc(ok, starmap.Date.Compare) || len(g.History()) != 1+len(ok) {
		t.Fatalf("end %s history %d, successes %v", g.End(), len(g.History()), ok)
	}
	if got := check(s, m1, g.End().String()); got != authz.Allowed {
		t.Fatalf("index behind the store: %v", got)
	}
}

func TestServiceLoadIndex(t *testing.T) {
	s, _, store := newService(t, "2026-03-01")
	if _, _, err := s.Grant(ctx, star, shopM1, day("2026-03-01"), day("2026-03-31"), ""); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.RequestLive(ctx, m1, "c1", "r"); err != nil {
		t.Fatal(err)
	}
	// A second replica over the same store, given an empty index of its
	// own, starts empty until it loads.
	s2 := mustService(t, store, starmap.FixedClock(day("2026-03-02").StartOfDay()), authz.WithIndex(authz.NewIndex()))
	if got := check(s2, m1, "2026-03-02"); got != authz.DeniedNoGrant {
		t.Fatalf("before load: %v", got)
	}
	if err := s2.LoadIndex(ctx); err != nil {
		t.Fatal(err)
	}
	if got := check(s2, m1, "2026-03-02"); got != authz.Allowed {
		t.Fatalf("after load: %v", got)
	}
	if g, l := s2.Index().Len(); g != 1 || l != 1 {
		t.Fatalf("Len %d %d", g, l)
	}
}

// TestServiceReadyAtConstruction (AUZ-10, issue 10): a fresh Service over
// a store that holds a valid grant allows it at once — the constructor
// loads the index, page by page (more grants than one store page).
func TestServiceReadyAtConstruction(t *testing.T) {
	store := memstore.NewAuthzStore()
	first := mustService(t, store, starmap.FixedClock(day("2026-03-01").StartOfDay()))
	n := starmap.MaxPageLimit + 5
	for i := 0; i < n; i++ {
		by := starmap.CreatorActor(fmt.Sprintf("c%03d", i))
		if _, _, err := first.Grant(ctx, by, shopM1, day("2026-03-01"), day("2026-03-31"), ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := first.Revoke(ctx, starmap.CreatorActor("c007"), shopM1, ""); err != nil {
		t.Fatal(err)
	}
	if _, _, err := first.RequestLive(ctx, m1sub, "c001", "room"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := first.ConfirmLive(ctx, m1sub, "c001", "room"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := first.GrantLive(ctx, starmap.CreatorActor("c001"), authz.LiveKey{Creator: "c001", Session: "room", Grantee: shopM1}, ""); err != nil {
		t.Fatal(err)
	}
	fresh := mustService(t, store, starmap.FixedClock(day("2026-03-02").StartOfDay()))
	for _, c := range []struct {
		q    authz.Query
		want authz.Decision
	}{
		{authz.Query{Account: m1, Creator: "c000", Scope: authz.AllSales, Day: day("2026-03-02")}, authz.Allowed},
		{authz.Query{Account: m1, Creator: fmt.Sprintf("c%03d", n-1), Scope: authz.AllSales, Day: day("2026-03-02")}, authz.Allowed},
		{authz.Query{Account: m1, Creator: "c007", Scope: authz.AllSales, Day: day("2026-03-02")}, authz.DeniedRevoked},
		{authz.Query{Account: m1sub, Creator: "c001", Scope: authz.LiveSession, Session: "room", Day: day("2026-03-02")}, authz.Allowed},
	} {
		if got := fresh.Check(c.q); got != c.want {
			t.Errorf("fresh service, %s of %s: %v, want %v", c.q.Scope, c.q.Creator, got, c.want)
		}
	}
	if g, l := fresh.Index().Len(); g != n || l != 1 {
		t.Errorf("fresh index holds %d grants, %d requests; want %d, 1", g, l, n)
	}
	// Sharing: a service given the first one's index writes into it.
	shared := mustService(t, store, starmap.FixedClock(day("2026-03-02").StartOfDay()), authz.WithIndex(fresh.Index()))
	if _, _, err := shared.Revoke(ctx, starmap.CreatorActor("c000"), shopM1, ""); err != nil {
		t.Fatal(err)
	}
	if got := fresh.Check(authz.Query{Account: m1, Creator: "c000", Scope: authz.AllSales, Day: day("2026-03-02")}); got != authz.DeniedRevoked {
		t.Errorf("a revocation through a service sharing the index: %v", got)
	}
}
