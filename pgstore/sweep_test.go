package pgstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
)

// OPS-3: task.Service.Sweep on several replicas at once runs every due
// command exactly once. The replicas share nothing but the database: each
// has its own pool and its own Service, and they decide by the store's
// compare-and-swap (see the package doc of task, "Deadlines", and the
// README's "Sweeps" section for why not FOR UPDATE SKIP LOCKED).

// step is one command applied to a seeded task, an hour after the last.
type step struct {
	by  starmap.Actor
	req task.Request
}

// Paths a seeded task takes after its order.
var (
	toAccepted  = []step{{cre1, task.Request{Command: task.CmdAcceptOrder}}}
	toPublished = []step{
		{cre1, task.Request{Command: task.CmdAcceptOrder}},
		{cre1, task.Request{Command: task.CmdSubmitScript, Ref: "s-1"}},
		{adv1, task.Request{Command: task.CmdApproveScript}},
		{cre1, task.Request{Command: task.CmdSubmitVideo, Ref: "v-1"}},
		{adv1, task.Request{Command: task.CmdApproveVideo}},
		{cre1, task.Request{Command: task.CmdPublish, Ref: "p-1"}},
	}
)

// seedTask stores a task made on the pure aggregate: ordered at at, then
// steps applied an hour apart. It returns the stored record.
func seedTask(t testing.TB, s *TaskStore, id string, at time.Time, steps []step) task.Record {
	t.Helper()
	tk, _, err := task.New(adv1, at, order(id), task.DefaultPolicy(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range steps {
		at = at.Add(time.Hour)
		if _, err := tk.Apply(st.by, at, st.req); err != nil {
			t.Fatalf("seeding %s: %v", id, err)
		}
	}
	rec := tk.Record()
	v, err := s.Create(context.Background(), rec)
	if err != nil {
		t.Fatal(err)
	}
	rec.Version = v
	return rec
}

// replicas returns n Services, each on its own pool over pool's schema:
// n application replicas over one database. conflicts counts the version
// conflicts their retries met.
func replicas(t testing.TB, pool *pgxpool.Pool, n int, clock starmap.Clock, conflicts *atomic.Int64) []*task.Service {
	t.Helper()
	out := make([]*task.Service, n)
	for i := range out {
		p := pool
		if i > 0 {
			p = twinPool(t, pool)
		}
		out[i] = taskService(t, p, clock, task.WithRetry(starmap.Retry{
			OnConflict: func(int, error) { conflicts.Add(1) },
		}))
	}
	return out
}

var scheduler = starmap.PlatformActor("scheduler")

// sweepAtOnce starts every replica's Sweep at the same moment and returns
// each replica's Outcomes and error.
func sweepAtOnce(ctx context.Context, reps []*task.Service) ([][]task.Outcome, []error) {
	outs := make([][]task.Outcome, len(reps))
	errs := make([]error, len(reps))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, svc := range reps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			outs[i], errs[i] = svc.Sweep(ctx, scheduler)
		}()
	}
	close(start)
	wg.Wait()
	return outs, errs
}

// dueCommand is the clock-driven command a seeded task is owed at now.
func dueCommand(t testing.TB, rec task.Record, now time.Time) (task.Command, bool) {
	t.Helper()
	tk, err := task.FromRecord(rec)
	if err != nil {
		t.Fatal(err)
	}
	return tk.Due(now)
}

// TestSweepThreeReplicasExactlyOnce_OPS3 (OPS-3, TSK-7): three replicas sweep
// at the same moment over 220 due tasks (more than one page of ListDue):
// invitations expiring and published videos accepted automatically, next
// to tasks that owe nothing yet. No replica reports an error; the union
// of their Outcomes is exactly the due tasks, none twice; every due task
// gained exactly one history entry, the owed command by the scheduler,
// and the others are untouched. A sweep after that finds nothing.
func TestSweepThreeReplicasExactlyOnce_OPS3(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t)
	store := mustTaskStore(t, pool)
	clock := starmap.NewManualClock(tOrder.AddDate(0, 0, 10))
	var conflicts atomic.Int64
	reps := replicas(t, pool, 3, clock, &conflicts)

	before := map[string]task.Record{}
	seed := func(prefix string, n int, at time.Time, steps []step) {
		for i := range n {
			id := fmt.Sprintf("%s-%03d", prefix, i)
			before[id] = seedTask(t, store, id, at, steps)
		}
	}
	seed("pend", 110, tOrder, nil)                 // invitation ended day 5: expires
	seed("pub", 110, tOrder, toPublished)          // published, 7 days passed: accepted automatically
	seed("late", 30, tOrder.AddDate(0, 0, 8), nil) // invitation still open: owes nothing
	seed("acc", 30, tOrder, toAccepted)            // accepted, waits on the creator: no clock
	now := clock.Now()
	owed := map[string]task.Command{}
	for id, rec := range before {
		if c, ok := dueCommand(t, rec, now); ok {
			owed[id] = c
		}
	}
	if len(owed) != 220 {
		t.Fatalf("seeded %d due tasks, want 220", len(owed))
	}

	outs, errs := sweepAtOnce(ctx, reps)
	ran := map[string]int{} // task → the replica that ran its command
	for r, os := range outs {
		if errs[r] != nil {
			t.Errorf("OPS-3: replica %d's Sweep reported %v; a loser must report nothing", r, errs[r])
		}
		for _, o := range os {
			id := o.Task.ID()
			if prev, dup := ran[id]; dup {
				t.Errorf("OPS-3: %s swept twice, by replicas %d and %d", id, prev, r)
			}
			ran[id] = r
			if _, ok := owed[id]; !ok {
				t.Errorf("OPS-3: replica %d swept %s, which owed nothing", r, id)
			}
		}
	}
	for id := range owed {
		if _, ok := ran[id]; !ok {
			t.Errorf("OPS-3: %s was due and no replica swept it", id)
		}
	}

	for id, old := range before {
		rec, err := store.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		c, due := owed[id]
		if !due {
			if rec.Version != old.Version || len(rec.History) != len(old.History) {
				t.Errorf("OPS-3: %s owed nothing and changed: v%d → v%d", id, old.Version, rec.Version)
			}
			wantEvents(t, pool, id, 0)
			continue
		}
		if rec.Version != old.Version+1 || len(rec.History) != len(old.History)+1 {
			t.Errorf("OPS-3: %s: v%d with %d entries → v%d with %d; want exactly one more", id,
				old.Version, len(old.History), rec.Version, len(rec.History))
			continue
		}
		if h := rec.History[len(rec.History)-1]; h.Command != c || h.Actor != scheduler {
			t.Errorf("OPS-3: %s: last entry %v by %v, want %v by the scheduler", id, h.Command, h.Actor, c)
		}
		wantEvents(t, pool, id, 1)
	}

	// Nothing is owed any more: every replica's next sweep is empty.
	outs, errs = sweepAtOnce(ctx, reps)
	for r := range outs {
		if errs[r] != nil || len(outs[r]) != 0 {
			t.Errorf("OPS-3: second sweep of replica %d: %d outcomes, %v; want none", r, len(outs[r]), errs[r])
		}
	}
	t.Logf("OPS-3: swept %d tasks: %d, %d, %d by the three replicas; %d version conflicts retried",
		len(ran), len(ranBy(ran, 0)), len(ranBy(ran, 1)), len(ranBy(ran, 2)), conflicts.Load())
}

// ranBy lists the tasks replica r ran.
func ranBy(ran map[string]int, r int) []string {
	var ids []string
	for id, by := range ran {
		if by == r {
			ids = append(ids, id)
		}
	}
	return ids
}

// TestSweepRacesUserCommands_OPS3 (OPS-3, TSK-7): while three replicas sweep,
// the advertiser sends, on one of the replicas, the command that competes
// with each owed one — a cancellation of an invitation about to expire,
// the acceptance of a published video about to be accepted automatically.
// For every task exactly one of the two happens: one history entry more,
// by whoever won; the sweeps report no error, and the advertiser's loser
// is refused by a rule (the task moved on), not by a conflict.
func TestSweepRacesUserCommands_OPS3(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t)
	store := mustTaskStore(t, pool)
	clock := starmap.NewManualClock(tOrder.AddDate(0, 0, 10))
	var conflicts atomic.Int64
	reps := replicas(t, pool, 3, clock, &conflicts)

	const n = 60
	before := map[string]task.Record{}
	user := map[string]task.Request{}
	for i := range n {
		id := fmt.Sprintf("pend-%03d", i)
		before[id] = seedTask(t, store, id, tOrder, nil)
		user[id] = task.Request{Command: task.CmdCancel, Reason: "预算调整"}
		id = fmt.Sprintf("pub-%03d", i)
		before[id] = seedTask(t, store, id, tOrder, toPublished)
		user[id] = task.Request{Command: task.CmdAcceptDelivery}
	}

	var (
		mu       sync.Mutex
		userWon  = map[string]bool{}
		sweepRan = map[string]int{}
		wg       sync.WaitGroup
		start    = make(chan struct{})
	)
	// The sweeps run the due tasks by (DueAt, id): the invitations, then
	// the videos. The advertiser walks the same list backwards, one worker
	// per replica, so that the two meet on the tasks in between.
	order := make([]string, 0, 2*n)
	for i := range n {
		order = append(order, fmt.Sprintf("pend-%03d", i))
	}
	for i := range n {
		order = append(order, fmt.Sprintf("pub-%03d", i))
	}
	for w, svc := range reps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for i := len(order) - 1 - w; i >= 0; i -= len(reps) {
				id := order[i]
				req := user[id]
				_, err := svc.Do(ctx, adv1, id, req)
				switch {
				case err == nil:
					mu.Lock()
					userWon[id] = true
					mu.Unlock()
				case errors.Is(err, starmap.ErrConflict):
					t.Errorf("OPS-3: %s: the advertiser's %v ended in a conflict: %v", id, req.Command, err)
				}
			}
		}()
	}
	for r, svc := range reps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			outs, err := svc.Sweep(ctx, scheduler)
			if err != nil {
				t.Errorf("OPS-3: replica %d's Sweep reported %v", r, err)
			}
			mu.Lock()
			for _, o := range outs {
				sweepRan[o.Task.ID()]++
			}
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()

	won := 0
	for id, old := range before {
		rec, err := store.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if n := sweepRan[id]; n > 1 || (n == 1) == userWon[id] {
			t.Errorf("OPS-3: %s: swept %d times, advertiser's command succeeded: %v; want exactly one of them", id, n, userWon[id])
		}
		if rec.Version != old.Version+1 || len(rec.History) != len(old.History)+1 {
			t.Errorf("OPS-3: %s: v%d → v%d, %d → %d entries; want exactly one more", id, old.Version, rec.Version, len(old.History), len(rec.History))
			continue
		}
		wantEvents(t, pool, id, 1)
		h := rec.History[len(rec.History)-1]
		want, by := user[id].Command, adv1
		if !userWon[id] {
			want, _ = dueCommand(t, old, clock.Now())
			by = scheduler
		} else {
			won++
		}
		if h.Command != want || h.Actor != by {
			t.Errorf("OPS-3: %s: last entry %v by %v, want %v by %v", id, h.Command, h.Actor, want, by)
		}
	}
	t.Logf("OPS-3: %d tasks: the advertiser won %d, the sweeps %d; %d version conflicts retried", len(before), won, len(before)-won, conflicts.Load())
}
