package authz_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/memstore"
)

// replicas is one database (a shared store and its log) and two replicas
// on it: A writes through its own Service, B answers from an index its
// Follower keeps current.
type replicas struct {
	store *memstore.AuthzStore
	clock *starmap.ManualClock
	a     *authz.Service
	b     *authz.Service
	f     *authz.Follower
}

func newReplicas(t *testing.T, opts ...authz.FollowerOption) *replicas {
	t.Helper()
	r := &replicas{store: memstore.NewAuthzStore(), clock: starmap.NewManualClock(day("2026-03-01").StartOfDay().Add(morning))}
	r.a = mustService(t, r.store, r.clock)
	r.b = mustService(t, r.store, r.clock)
	// B loaded its index from the store at the log's current end: it
	// follows from there.
	var err error
	r.f, err = authz.NewFollower(r.store, r.store.Log(), r.b.Index(), append([]authz.FollowerOption{authz.WithFollowerStart(r.store.Log().Last())}, opts...)...)
	if err != nil {
		t.Fatalf("NewFollower: %v", err)
	}
	return r
}

// lastOf is the position of the last event of type typ in the log.
func lastOf(t *testing.T, l *memstore.Log, typ string) starmap.Position {
	t.Helper()
	var found starmap.Position
	p := starmap.Position{}
	for {
		evs, err := l.ReadEvents(ctx, p, starmap.MaxPageLimit)
		if err != nil {
			t.Fatalf("ReadEvents: %v", err)
		}
		if len(evs) == 0 {
			if found.IsZero() {
				t.Fatalf("no %s event in the log", typ)
			}
			return found
		}
		for _, e := range evs {
			if e.Type == typ {
				found = e.Position
			}
		}
		p = evs[len(evs)-1].Position
	}
}

func TestFollower_denyOnceRevokePositionReached_OPS2(t *testing.T) {
	r := newReplicas(t)
	must3(t)(r.a.Grant(ctx, star, shopM1, day("2026-03-01"), day("2026-03-31"), ""))
	if got := check(r.b, m1, "2026-03-05"); got == authz.Allowed {
		t.Fatal("OPS-2: B allowed before its follower read the grant: the test does not show the feed")
	}
	if _, err := r.f.CatchUp(ctx); err != nil {
		t.Fatalf("CatchUp: %v", err)
	}
	if got := check(r.b, m1, "2026-03-05"); got != authz.Allowed {
		t.Fatalf("OPS-2: B after catching up with A's grant: %v", got)
	}
	must3(t)(r.a.Revoke(ctx, star, shopM1, "停止合作"))
	revoked := lastOf(t, r.store.Log(), "authz.grant.revoked")
	if check(r.b, m1, "2026-03-05") != authz.Allowed {
		t.Fatal("OPS-2: B saw the revoke before its follower read it: the test does not show the feed")
	}
	p, err := r.f.CatchUp(ctx)
	if err != nil || p.Less(revoked) || r.f.Position() != p {
		t.Fatalf("OPS-2: caught up to %v (Position %v), %v; the revoke is at %v", p, r.f.Position(), err, revoked)
	}
	if got := check(r.b, m1, "2026-03-05"); got == authz.Allowed {
		t.Fatalf("OPS-2: B reached the revoke's position %v and still allows", revoked)
	}
}

func TestFollower_liveRequests_OPS2(t *testing.T) {
	r := newReplicas(t)
	key := authz.LiveKey{Creator: "c1", Session: "s1", Grantee: shopM1}
	must3(t)(r.a.RequestLive(ctx, m1, "c1", "s1"))
	must3(t)(r.a.ConfirmLive(ctx, m1, "c1", "s1"))
	must3(t)(r.a.GrantLive(ctx, star, key, ""))
	q := authz.Query{Account: m1, Creator: "c1", Scope: authz.LiveSession, Session: "s1", Day: day("2026-03-01")}
	if r.b.Check(q) == authz.Allowed {
		t.Fatal("OPS-2: B allowed the session before following the log")
	}
	if _, err := r.f.CatchUp(ctx); err != nil || r.b.Check(q) != authz.Allowed {
		t.Fatalf("OPS-2: B after following a live grant: %v, %v", r.b.Check(q), err)
	}
	must3(t)(r.a.RevokeLive(ctx, star, key, ""))
	if _, err := r.f.CatchUp(ctx); err != nil || r.b.Check(q) == authz.Allowed {
		t.Fatalf("OPS-2: B after following a live revoke: %v, %v", r.b.Check(q), err)
	}
}

// waitFor polls cond; the deadline only stops a broken test from hanging
// (no speed is asserted).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("OPS-2: never %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func runFollower(t *testing.T, f *authz.Follower) {
	t.Helper()
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- f.Run(runCtx) }()
	t.Cleanup(func() {
		stop()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("Run ended with %v, want context.Canceled", err)
		}
	})
}

func TestFollower_runWokenByTheLog_OPS2(t *testing.T) {
	// A poll of an hour: only the log's wake-up can bring the changes in.
	r := newReplicas(t)
	f, err := authz.NewFollower(r.store, r.store.Log(), r.b.Index(), authz.WithFollowerStart(r.f.Position()),
		authz.WithPoll(time.Hour), authz.WithWaiter(r.store.Log()))
	if err != nil {
		t.Fatal(err)
	}
	r.f = f
	runFollower(t, r.f)
	must3(t)(r.a.Grant(ctx, star, shopM1, day("2026-03-01"), day("2026-03-31"), ""))
	waitFor(t, "allowed after a grant, woken by the log", func() bool { return check(r.b, m1, "2026-03-05") == authz.Allowed })
	must3(t)(r.a.Revoke(ctx, star, shopM1, ""))
	revoked := lastOf(t, r.store.Log(), "authz.grant.revoked")
	waitFor(t, "reached the revoke", func() bool { return !r.f.Position().Less(revoked) })
	if check(r.b, m1, "2026-03-05") == authz.Allowed {
		t.Fatal("OPS-2: B's follower reached the revoke and B still allows")
	}
}

// deaf is a waiter whose wake-ups are all lost (a dropped connection):
// Wait returns only when its context ends.
type deaf struct{ waits atomic.Int64 }

func (d *deaf) Wait(ctx context.Context, _ starmap.Position) error {
	d.waits.Add(1)
	<-ctx.Done()
	return ctx.Err()
}

// failing is a waiter that cannot wait at all (its connection is down).
type failing struct{}

func (failing) Wait(context.Context, starmap.Position) error { return errors.New("connection refused") }

func TestFollower_pollsWhenWakeUpsAreLost_OPS2(t *testing.T) {
	for name, w := range map[string]starmap.EventWaiter{"deaf": &deaf{}, "failing": failing{}} {
		t.Run(name, func(t *testing.T) {
			var reported atomic.Int64
			r := newReplicas(t, authz.WithPoll(2*time.Millisecond), authz.WithWaiter(w),
				authz.WithFollowerErrors(func(error) { reported.Add(1) }))
			runFollower(t, r.f)
			must3(t)(r.a.Grant(ctx, star, shopM1, day("2026-03-01"), day("2026-03-31"), ""))
			for i := 2; i <= 20; i++ {
				must3(t)(r.a.EarlyRenew(ctx, star, shopM1, day("2026-03-31").AddDays(i), ""))
			}
			must3(t)(r.a.Revoke(ctx, star, shopM1, ""))
			revoked := lastOf(t, r.store.Log(), "authz.grant.revoked")
			waitFor(t, "caught up by polling", func() bool { return !r.f.Position().Less(revoked) })
			if check(r.b, m1, "2026-03-05") == authz.Allowed {
				t.Fatal("OPS-2: caught up by polling and still allows")
			}
			if _, ok := w.(failing); ok {
				// The follower may catch up before it ever waits: the
				// failure is reported on its next wait, so wait for it.
				waitFor(t, "reported the failing waiter", func() bool { return reported.Load() > 0 })
			}
		})
	}
}

func TestFollower_refusesBadSetUp_OPS2(t *testing.T) {
	store := memstore.NewAuthzStore()
	if _, err := authz.NewFollower(nil, store.Log(), authz.NewIndex()); !errors.Is(err, starmap.ErrServiceDependency) {
		t.Errorf("nil store: %v", err)
	}
	if _, err := authz.NewFollower(store, nil, authz.NewIndex()); !errors.Is(err, starmap.ErrServiceDependency) {
		t.Errorf("nil log: %v", err)
	}
	if _, err := authz.NewFollower(store, store.Log(), &authz.Index{}); !errors.Is(err, starmap.ErrServiceDependency) {
		t.Errorf("zero index: %v", err)
	}
	if _, err := authz.NewFollower(store, store.Log(), authz.NewIndex(), authz.WithPoll(0)); !errors.Is(err, authz.ErrFollowerPoll) || !errors.Is(err, starmap.ErrServiceOption) {
		t.Errorf("OPS-2: zero poll: %v", err)
	}
	if _, err := authz.NewFollower(store, store.Log(), authz.NewIndex(), authz.WithWaiter(nil)); !errors.Is(err, starmap.ErrServiceOption) {
		t.Errorf("nil waiter: %v", err)
	}
	var zero *authz.Follower
	if _, err := zero.CatchUp(ctx); !errors.Is(err, starmap.ErrServiceNotReady) {
		t.Errorf("nil follower: %v", err)
	}
	if err := zero.Run(ctx); !errors.Is(err, starmap.ErrServiceNotReady) {
		t.Errorf("nil follower Run: %v", err)
	}
	f, err := authz.NewFollower(store, store.Log(), authz.NewIndex())
	if err != nil {
		t.Fatal(err)
	}
	var nilCtx context.Context
	if _, err := f.CatchUp(nilCtx); !errors.Is(err, starmap.ErrContextMissing) {
		t.Errorf("nil context: %v", err)
	}
}

// TestFollower_stopsAtABadEvent_OPS2: an authz event whose subject is no
// key is reported, and the position stays before it (nothing skipped
// silently).
func TestFollower_stopsAtABadEvent_OPS2(t *testing.T) {
	store := memstore.NewAuthzStore()
	bad := authz.GrantRecord{Key: authz.GrantKey{Creator: "c1", Grantee: shopM1}}
	ev := starmap.Event{Type: "authz.grant.granted", Subject: "not a key"}
	if _, err := store.CreateGrant(starmap.WithPendingEvents(ctx, []starmap.Event{ev}), bad); err != nil {
		t.Fatal(err)
	}
	f, err := authz.NewFollower(store, store.Log(), authz.NewIndex())
	if err != nil {
		t.Fatal(err)
	}
	p, err := f.CatchUp(ctx)
	if !errors.Is(err, authz.ErrRecordInvalid) || !p.IsZero() || !f.Position().IsZero() {
		t.Fatalf("OPS-2: a bad subject: %v at %v", err, p)
	}
}

// sameAnswers compares two indexes on every query over the keys and days
// the property uses.
func sameAnswers(t *rapid.T, want, got *authz.Index, creators []string, grantees []authz.Party, from starmap.Date, days int) {
	wg, wl := want.Len()
	gg, gl := got.Len()
	if wg != gg || wl != gl {
		t.Fatalf("OPS-2: the followed index holds %d grants and %d requests, a fresh load %d and %d", gg, gl, wg, wl)
	}
	for _, c := range creators {
		for _, p := range grantees {
			acct := starmap.AdvertiserActor(p.ID)
			if p.Kind == authz.Agency {
				acct = starmap.MCNActor(p.ID)
			}
			for d := 0; d < days; d++ {
				for _, q := range []authz.Query{
					{Account: acct, Creator: c, Scope: authz.AllSales, Day: from.AddDays(d)},
					{Account: acct, Creator: c, Scope: authz.LiveSession, Session: "s1", Day: from.AddDays(d)},
				} {
					if w, g := want.Check(q), got.Check(q); w != g {
						t.Fatalf("OPS-2: %s→%v on %v (%v): followed %v, fresh %v", c, p, q.Day, q.Scope, g, w)
					}
				}
			}
		}
	}
}

// TestFollower_restartEqualsFreshLoad_OPS2: random grant and live
// operations on replica A; B's follower follows part of the way, is
// restarted from its stored position (a new Follower on the index it
// kept), follows the rest — and its index then answers every query as an
// index freshly loaded from the store does.
func TestFollower_restartEqualsFreshLoad_OPS2(t *testing.T) {
	creators := []string{"c1", "c2"}
	grantees := []authz.Party{authz.MerchantParty("m1"), authz.MerchantParty("m2"), authz.AgencyParty("a1")}
	start := day("2026-03-01")
	rapid.Check(t, func(t *rapid.T) {
		store := memstore.NewAuthzStore()
		clock := starmap.NewManualClock(start.StartOfDay().Add(morning))
		a, err := authz.NewService(store, clock)
		if err != nil {
			t.Fatal(err)
		}
		ix := authz.NewIndex()
		f, err := authz.NewFollower(store, store.Log(), ix)
		if err != nil {
			t.Fatal(err)
		}
		var stored starmap.Position
		n := rapid.IntRange(1, 40).Draw(t, "ops")
		restartAt := rapid.IntRange(0, n).Draw(t, "restart")
		for i := 0; i < n; i++ {
			if i == restartAt {
				if stored, err = f.CatchUp(ctx); err != nil {
					t.Fatalf("CatchUp: %v", err)
				}
				// The process goes away; the index and the position are
				// what survive (the host stored both).
				if f, err = authz.NewFollower(store, store.Log(), ix, authz.WithFollowerStart(stored)); err != nil {
					t.Fatal(err)
				}
			}
			c := rapid.SampledFrom(creators).Draw(t, "creator")
			p := rapid.SampledFrom(grantees).Draw(t, "grantee")
			by := starmap.CreatorActor(c)
			today := starmap.DateOf(clock.Now())
			length := rapid.IntRange(0, 20).Draw(t, "days")
			switch rapid.IntRange(0, 7).Draw(t, "op") {
			case 0:
				_, _, _ = a.Grant(ctx, by, p, today, today.AddDays(length), "")
			case 1:
				_, _, _ = a.Revoke(ctx, by, p, "")
			case 2:
				_, _, _ = a.EarlyRenew(ctx, by, p, today.AddDays(length+1), "")
			case 3:
				_, _, _ = a.Renew(ctx, by, p, today.AddDays(1), today.AddDays(length+1), "")
			case 4:
				clock.AdvanceDays(rapid.IntRange(1, 10).Draw(t, "advance"))
			case 5:
				if p.Kind == authz.Merchant {
					acct := starmap.AdvertiserActor(p.ID)
					_, _, _ = a.RequestLive(ctx, acct, c, "s1")
					_, _, _ = a.ConfirmLive(ctx, acct, c, "s1")
				}
			case 6:
				_, _, _ = a.GrantLive(ctx, by, authz.LiveKey{Creator: c, Session: "s1", Grantee: p}, "")
			case 7:
				_, _, _ = a.RevokeLive(ctx, by, authz.LiveKey{Creator: c, Session: "s1", Grantee: p}, "")
			}
		}
		end, err := f.CatchUp(ctx)
		if err != nil {
			t.Fatalf("CatchUp: %v", err)
		}
		if end != store.Log().Last() || end.Less(stored) {
			t.Fatalf("OPS-2: ended at %v, the log at %v (restarted at %v)", end, store.Log().Last(), stored)
		}
		fresh, err := authz.NewService(store, clock)
		if err != nil {
			t.Fatal(err)
		}
		sameAnswers(t, fresh.Index(), ix, creators, grantees, start, 60)
	})
}

// must3 fails t on the error of a (value, events, error) service call.
func must3(t *testing.T) func(any, []starmap.Event, error) {
	return func(_ any, evs []starmap.Event, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%v", err)
		}
		if len(evs) == 0 {
			t.Fatal(fmt.Errorf("OPS-1: a committed change returned no event"))
		}
	}
}
