package pgstore

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
)

// TestAuthzFollowerRealTwoReplicas_OPS2: the SDK's own authz.Follower (not
// the test stand-in grantFollower) on replica B, reading pgstore's
// EventLog and woken by its EventWaker (poll of an hour: wake-ups only),
// while replica A grants and revokes on another pool. Once B's Follower
// reports a Position at or past A's revoke, B denies; its listener killed,
// it catches up; a second Follower started from B's stored Position over
// a freshly loaded index answers as A does.
func TestAuthzFollowerRealTwoReplicas_OPS2(t *testing.T) {
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
	var (
		errMu sync.Mutex
		errs  []error
	)
	f, err := authz.NewFollower(storeB, logB, svcB.Index(), authz.WithWaiter(waker), authz.WithPoll(time.Hour),
		authz.WithFollowerErrors(func(err error) { errMu.Lock(); errs = append(errs, err); errMu.Unlock() }))
	if err != nil {
		t.Fatal(err)
	}
	fctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- f.Run(fctx) }()
	defer func() {
		stop()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("Run = %v", err)
		}
	}()
	reach := func(p starmap.Position) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for f.Position().Less(p) {
			if time.Now().After(deadline) {
				t.Fatalf("OPS-2: the Follower stayed at %v, short of %v", f.Position(), p)
			}
			time.Sleep(time.Millisecond)
		}
	}
	creator, merchant := starmap.CreatorActor("cre-1"), authz.MerchantParty("adv-1")
	today := starmap.DateOf(tOrder)
	q := authz.Query{Account: adv1, Creator: "cre-1", Scope: authz.AllSales, Day: today}
	var seen starmap.Position
	for i := range 10 {
		if _, _, err := svcA.Grant(ctx, creator, merchant, today, today.AddDays(30), ""); err != nil {
			t.Fatal(err)
		}
		reach(lastEvent(t, logA, &seen, "authz.grant.granted"))
		if d := svcB.Check(q); d != authz.Allowed {
			t.Fatalf("OPS-2: round %d: B at A's grant says %v", i, d)
		}
		if _, _, err := svcA.Revoke(ctx, creator, merchant, ""); err != nil {
			t.Fatal(err)
		}
		reach(lastEvent(t, logA, &seen, "authz.grant.revoked"))
		if d := svcB.Check(q); d.Allowed() {
			t.Fatalf("OPS-2: round %d: B at A's revoke still allows", i)
		}
	}
	killListener(t, poolA)
	if _, _, err := svcA.Grant(ctx, creator, merchant, today, today.AddDays(30), ""); err != nil {
		t.Fatal(err)
	}
	reach(lastEvent(t, logA, &seen, "authz.grant.granted"))
	if d := svcB.Check(q); d != authz.Allowed {
		t.Fatalf("OPS-2: after the listener's loss B says %v", d)
	}

	// Restart: the stored Position, an index loaded after it was stored.
	stored := f.Position()
	if _, _, err := svcA.Revoke(ctx, creator, merchant, ""); err != nil {
		t.Fatal(err)
	}
	svcC, err := authz.NewService(storeB, clock)
	if err != nil {
		t.Fatal(err)
	}
	g, err := authz.NewFollower(storeB, logB, svcC.Index(), authz.WithFollowerStart(stored))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := svcC.Check(q), svcA.Check(q); got != want {
		t.Errorf("OPS-2: restarted follower's index says %v, A %v", got, want)
	}
	errMu.Lock()
	defer errMu.Unlock()
	if len(errs) > 0 {
		t.Logf("follower errors reported: %v", errs)
	}
}
