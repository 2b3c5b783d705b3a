package pgstore

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
)

// lastEvent is the position of the last readable event of type typ (any
// type when typ is empty) after *from, and moves *from to the log's end.
func lastEvent(t *testing.T, l *EventLog, from *starmap.Position, typ string) starmap.Position {
	t.Helper()
	// A committed event is readable once every transaction with a smaller
	// id has ended — anywhere in the cluster, another package's tests
	// included — so it may take a moment to appear: wait for it.
	var found starmap.Position
	deadline := time.Now().Add(20 * time.Second)
	for {
		for _, e := range readAll(t, l, *from, 0) {
			*from = e.Position
			if typ == "" || e.Type == typ {
				found = e.Position
			}
		}
		if !found.IsZero() {
			return found
		}
		if time.Now().After(deadline) {
			t.Fatalf("OPS-1: no %q event in the log", typ)
		}
		time.Sleep(time.Millisecond)
	}
}

// runningFollower is an authz.Follower running in the background, as a
// replica runs it, with the errors it reported.
type runningFollower struct {
	*authz.Follower
	stop func()
	mu   sync.Mutex
	errs []error
}

// startFollower makes the SDK's follower over B's store, B's event log and
// B's index, woken by the PostgreSQL waker, starting after start, and
// runs it until stop (or the end of the test).
func startFollower(t *testing.T, store authz.Store, log *EventLog, waker *EventWaker, ix *authz.Index, start starmap.Position) *runningFollower {
	t.Helper()
	rf := &runningFollower{}
	f, err := authz.NewFollower(store, log, ix, authz.WithWaiter(waker), authz.WithFollowerStart(start),
		// An hour: polling plays no part, every catch-up is woken.
		authz.WithPoll(time.Hour),
		authz.WithFollowerErrors(func(err error) {
			rf.mu.Lock()
			rf.errs = append(rf.errs, err)
			rf.mu.Unlock()
		}))
	if err != nil {
		t.Fatal(err)
	}
	rf.Follower = f
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()
	var once sync.Once
	rf.stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; !errors.Is(err, context.Canceled) {
				t.Errorf("OPS-2: Run ended with %v, want context.Canceled", err)
			}
			rf.mu.Lock()
			defer rf.mu.Unlock()
			if len(rf.errs) > 0 {
				t.Errorf("OPS-2: the follower reported errors: %v", rf.errs)
			}
		})
	}
	t.Cleanup(rf.stop)
	return rf
}

// reached waits until the follower's Position is at p or past it and
// returns when it saw that.
func (rf *runningFollower) reached(t *testing.T, p starmap.Position) time.Time {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if !rf.Position().Less(p) {
			return time.Now()
		}
		time.Sleep(200 * time.Microsecond)
	}
	t.Fatalf("OPS-2: the follower is at %v, did not reach %v", rf.Position(), p)
	return time.Time{}
}

// sameIndex fails unless got answers every query over the creators,
// merchants and days as want does, and holds as many entries.
func sameIndex(t *testing.T, want, got *authz.Index, creators, merchants []string, from starmap.Date, days int) {
	t.Helper()
	wg, wl := want.Len()
	gg, gl := got.Len()
	if wg != gg || wl != gl {
		t.Fatalf("OPS-2: the followed index holds %d grants and %d requests, a fresh load %d and %d", gg, gl, wg, wl)
	}
	for _, c := range creators {
		for _, m := range merchants {
			for d := range days {
				q := authz.Query{Account: starmap.AdvertiserActor(m), Creator: c, Scope: authz.AllSales, Day: from.AddDays(d)}
				if w, g := want.Check(q), got.Check(q); w != g {
					t.Fatalf("OPS-2: %s→%s on %v: followed %v, fresh %v", c, m, q.Day, g, w)
				}
			}
		}
	}
}

// TestAuthzFollowerTwoReplicas (OPS-2, AUZ-10) proves the SDK's own
// authz.Follower on PostgreSQL: replicas A and B on two pools, B's index
// fed only by an authz.Follower over pgstore's EventLog, woken by the
// EventWaker's LISTEN/NOTIFY (a poll interval of an hour, so polling plays
// no part). Once B's follower Position reaches the position at which A's
// grant committed, B allows; once it reaches A's revoke, B denies. Then
// B's listening connection is killed (pg_terminate_backend) while A makes
// several changes: B catches up with none missed. Last, B's follower is
// stopped, A changes more, and a new follower started from the stored
// Position over the kept index ends answering as an index freshly loaded
// from the store. The lag from A's commit to B's Position is logged
// (p50/p99), a measurement, not an assertion.
func TestAuthzFollowerTwoReplicas(t *testing.T) {
	ctx := context.Background()
	poolA := freshPool(t)
	poolB := twinPool(t, poolA)
	clock := starmap.FixedClock(tOrder)
	storeA, err := NewAuthzStore(poolA)
	if err != nil {
		t.Fatal(err)
	}
	storeB, err := NewAuthzStore(poolB)
	if err != nil {
		t.Fatal(err)
	}
	svcA, err := authz.NewService(storeA, clock)
	if err != nil {
		t.Fatal(err)
	}
	svcB, err := authz.NewService(storeB, clock)
	if err != nil {
		t.Fatal(err)
	}
	logA, logB := mustEventLog(t, poolA), mustEventLog(t, poolB)
	waker := mustWaker(t, poolB, time.Hour)
	// B loaded its index from an empty store: it follows from the start.
	f := startFollower(t, storeB, logB, waker, svcB.Index(), starmap.Position{})

	creator := starmap.CreatorActor("cre-1")
	merchant := authz.MerchantParty("adv-1")
	today := starmap.DateOf(tOrder)
	q := authz.Query{Account: adv1, Creator: "cre-1", Scope: authz.AllSales, Day: today}
	var (
		seen starmap.Position
		lags []time.Duration
	)
	const rounds = 30
	for i := range rounds {
		if _, _, err := svcA.Grant(ctx, creator, merchant, today, today.AddDays(30), ""); err != nil {
			t.Fatal(err)
		}
		committed := time.Now()
		p := lastEvent(t, logA, &seen, "authz.grant.granted") // a regrant too
		lags = append(lags, f.reached(t, p).Sub(committed))
		if d := svcB.Check(q); d != authz.Allowed {
			t.Fatalf("OPS-2: round %d: B at A's grant says %v, want allowed", i, d)
		}

		if _, _, err := svcA.Revoke(ctx, creator, merchant, ""); err != nil {
			t.Fatal(err)
		}
		committed = time.Now()
		p = lastEvent(t, logA, &seen, "authz.grant.revoked")
		lags = append(lags, f.reached(t, p).Sub(committed))
		if d := svcB.Check(q); d.Allowed() {
			t.Fatalf("OPS-2: round %d: B at A's revoke still allows (%v)", i, d)
		}
	}
	slices.Sort(lags)
	t.Logf("OPS-2: lag from A's commit to B's follower Position over %d changes: p50 %v, p99 %v, max %v",
		len(lags), lags[len(lags)/2], lags[len(lags)*99/100], lags[len(lags)-1])

	// B's listener killed while A makes several changes: B's waker
	// reconnects, the reconnection wakes the follower, which reads from
	// its Position and misses none of them.
	killListener(t, poolA)
	creators := []string{"cre-1", "cre-2", "cre-3"}
	merchants := []string{"adv-1", "adv-2"}
	for _, c := range creators {
		if _, _, err := svcA.Grant(ctx, starmap.CreatorActor(c), authz.MerchantParty("adv-2"), today, today.AddDays(10), ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := svcA.Grant(ctx, creator, merchant, today, today.AddDays(30), ""); err != nil {
		t.Fatal(err)
	}
	f.reached(t, lastEvent(t, logA, &seen, ""))
	if d := svcB.Check(q); d != authz.Allowed {
		t.Fatalf("OPS-2: after a lost connection B says %v, want allowed", d)
	}
	for _, c := range creators {
		q2 := authz.Query{Account: starmap.AdvertiserActor("adv-2"), Creator: c, Scope: authz.AllSales, Day: today}
		if d := svcB.Check(q2); d != authz.Allowed {
			t.Fatalf("OPS-2: after a lost connection B missed %s's grant to adv-2: %v", c, d)
		}
	}

	// B's follower stops (the process goes away; the host stored its
	// Position and kept the index); A changes more meanwhile; a new
	// follower starts from the stored Position over the kept index.
	f.stop()
	stored := f.Position()
	if _, _, err := svcA.Revoke(ctx, starmap.CreatorActor("cre-2"), authz.MerchantParty("adv-2"), ""); err != nil {
		t.Fatal(err)
	}
	if _, _, err := svcA.Grant(ctx, starmap.CreatorActor("cre-3"), merchant, today.AddDays(2), today.AddDays(5), ""); err != nil {
		t.Fatal(err)
	}
	if _, _, err := svcA.Revoke(ctx, creator, merchant, ""); err != nil {
		t.Fatal(err)
	}
	end := lastEvent(t, logA, &seen, "")
	if d := svcB.Check(q); !d.Allowed() {
		t.Fatalf("OPS-2: the stopped follower's index changed: %v", d)
	}
	f2 := startFollower(t, storeB, logB, waker, svcB.Index(), stored)
	f2.reached(t, end)
	if d := svcB.Check(q); d.Allowed() {
		t.Fatalf("OPS-2: restarted from %v, B still allows after A's revoke at %v", stored, end)
	}
	fresh, err := authz.NewService(storeB, clock)
	if err != nil {
		t.Fatal(err)
	}
	sameIndex(t, fresh.Index(), svcB.Index(), creators, merchants, today.AddDays(-1), 40)
}
