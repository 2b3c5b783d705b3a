package pgstore

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
)

// grantFollower keeps an authz index current from the event log (OPS-2):
// for each authz.grant.* event it reads the grant from its replica's store
// and puts it in the index at its stored version. (It stands in for the
// core's follower in these tests of the PostgreSQL side: the log, the
// wake-ups, the catching up.) It notes when it applied each position.
type grantFollower struct {
	log   *EventLog
	waker *EventWaker
	store authz.Store
	index *authz.Index

	mu      sync.Mutex
	pos     starmap.Position
	applied map[starmap.Position]time.Time
}

func (f *grantFollower) run(ctx context.Context) error {
	for {
		f.mu.Lock()
		pos := f.pos
		f.mu.Unlock()
		page, err := f.log.ReadEvents(ctx, pos, starmap.MaxPageLimit)
		if err != nil {
			return err
		}
		for _, e := range page {
			if strings.HasPrefix(e.Type, "authz.grant.") {
				key, err := authz.ParseGrantKey(e.Subject)
				if err != nil {
					return err
				}
				rec, err := f.store.GetGrant(ctx, key)
				if err != nil {
					return err
				}
				g, err := authz.FromRecord(rec)
				if err != nil {
					return err
				}
				f.index.PutGrant(g, rec.Version)
			}
			f.mu.Lock()
			f.pos, f.applied[e.Position] = e.Position, time.Now()
			f.mu.Unlock()
		}
		if len(page) == 0 {
			if err := f.waker.Wait(ctx, pos); err != nil {
				return err
			}
		}
	}
}

// reached waits until the follower has applied position p and returns
// when it did.
func (f *grantFollower) reached(t *testing.T, p starmap.Position) time.Time {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		f.mu.Lock()
		at, ok := f.applied[p]
		f.mu.Unlock()
		if ok {
			return at
		}
		time.Sleep(200 * time.Microsecond)
	}
	t.Fatalf("OPS-2: the follower did not reach %v", p)
	return time.Time{}
}

// lastEvent is the position of the last readable event of type typ.
func lastEvent(t *testing.T, l *EventLog, from *starmap.Position, typ string) starmap.Position {
	t.Helper()
	var found starmap.Position
	for _, e := range readAll(t, l, *from, 0) {
		*from = e.Position
		if e.Type == typ {
			found = e.Position
		}
	}
	if found.IsZero() {
		t.Fatalf("OPS-1: no %s event in the log", typ)
	}
	return found
}

// TestAuthzFollowerTwoReplicas (OPS-2, AUZ-10): replicas A and B on two
// pools, B's index fed only by its follower (LISTEN/NOTIFY wake-ups, a
// poll interval of an hour so that polling plays no part). Once B's
// follower has reached the position at which A's grant committed, B
// allows; once it has reached A's revoke, B denies. Then B's listening
// connection is killed while A changes the grant: B catches up and ends
// where A is. The lag from A's commit to B's index is logged (p50/p99), a
// measurement, not an assertion.
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
	logA := mustEventLog(t, poolA)
	f := &grantFollower{log: mustEventLog(t, poolB), waker: mustWaker(t, poolB, time.Hour), store: storeB,
		index: svcB.Index(), applied: map[starmap.Position]time.Time{}}
	fctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- f.run(fctx) }()
	defer func() {
		stop()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("follower: %v", err)
		}
	}()

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
	t.Logf("OPS-2: lag from A's commit to B's index over %d changes: p50 %v, p99 %v, max %v",
		len(lags), lags[len(lags)/2], lags[len(lags)*99/100], lags[len(lags)-1])

	// B's listener killed while A grants again: B catches up, allows.
	killListener(t, poolA)
	if _, _, err := svcA.Grant(ctx, creator, merchant, today, today.AddDays(30), ""); err != nil {
		t.Fatal(err)
	}
	f.reached(t, lastEvent(t, logA, &seen, "authz.grant.granted"))
	if d := svcB.Check(q); d != authz.Allowed {
		t.Fatalf("OPS-2: after a lost connection B says %v, want allowed", d)
	}
	// B's index ends equal to one loaded afresh from the store.
	fresh, err := authz.NewService(storeB, clock)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := svcB.Check(q), fresh.Check(q); got != want {
		t.Fatalf("OPS-2: the followed index says %v, a fresh one %v", got, want)
	}
}
