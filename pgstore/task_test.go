package pgstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/starmap-go/starmap/task"
	"github.com/starmap-go/starmap/task/tasktest"
)

func mustTaskStore(t testing.TB, pool *pgxpool.Pool) *TaskStore {
	t.Helper()
	s, err := NewTaskStore(pool)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestTaskStoreKit(t *testing.T) {
	databaseURL(t) // skip here, not inside a subtest
	tasktest.TestStore(t, func() task.Store { return mustTaskStore(t, freshPool(t)) })
}

func TestNewTaskStoreNilPool(t *testing.T) {
	if _, err := NewTaskStore(nil); !errors.Is(err, starmap.ErrServiceDependency) {
		t.Fatalf("NewTaskStore(nil) = %v, want ErrServiceDependency", err)
	}
}

// twinPool returns a second pool on pool's database and schema: another
// replica's connections.
func twinPool(t testing.TB, pool *pgxpool.Pool) *pgxpool.Pool {
	t.Helper()
	p, err := pgxpool.NewWithConfig(context.Background(), pool.Config())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}

var (
	tOrder = time.Date(2026, 10, 1, 9, 0, 0, 0, starmap.CST())
	adv1   = starmap.AdvertiserActor("adv-1")
	cre1   = starmap.CreatorActor("cre-1")
)

func taskService(t testing.TB, pool *pgxpool.Pool, clock starmap.Clock, opts ...task.Option) *task.Service {
	t.Helper()
	svc, err := task.NewService(mustTaskStore(t, pool), clock, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

func order(id string) task.Order {
	return task.Order{ID: id, Creator: "cre-1", Format: starmap.FormatShortVideo, Price: decimal.NewFromInt(1000)}
}

// TestTaskHostLedger: a command's Outcome.Postings written to the host's
// own ledger table in the transaction that stores the task (InTx): both
// are committed together, or both rolled back.
func TestTaskHostLedger(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t)
	if _, err := pool.Exec(ctx, `CREATE TABLE ledger (task text NOT NULL, kind smallint NOT NULL,
		from_acc smallint NOT NULL, to_acc smallint NOT NULL, amount numeric NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	svc := taskService(t, pool, starmap.FixedClock(tOrder))
	post := func(ctx context.Context, out task.Outcome) error {
		for _, p := range out.Postings {
			if _, err := db(ctx, pool).Exec(ctx, "INSERT INTO ledger VALUES ($1, $2, $3, $4, $5::numeric)",
				out.Task.ID(), int16(p.Kind), int16(p.From), int16(p.To), p.Amount.String()); err != nil {
				return err
			}
		}
		return nil
	}
	ledger := func(id string) (n int, sum decimal.Decimal) {
		t.Helper()
		var s string
		if err := pool.QueryRow(ctx, "SELECT count(*), coalesce(sum(amount), 0)::text FROM ledger WHERE task = $1", id).Scan(&n, &s); err != nil {
			t.Fatal(err)
		}
		return n, decimal.RequireFromString(s)
	}

	// Committed together: the order's freeze.
	err := InTx(ctx, pool, func(ctx context.Context) error {
		out, err := svc.Order(ctx, adv1, order("led-1"))
		if err != nil {
			return err
		}
		if len(out.Postings) == 0 {
			t.Error("the order has no postings")
		}
		return post(ctx, out)
	})
	if err != nil {
		t.Fatal(err)
	}
	n, sum := ledger("led-1")
	if n == 0 || !sum.Equal(decimal.NewFromInt(1050)) {
		t.Errorf("after the order: %d ledger rows, sum %s; want the freeze of 1050", n, sum)
	}

	// Rolled back together: the host's ledger fails after the task's write.
	boom := errors.New("ledger refused")
	err = InTx(ctx, pool, func(ctx context.Context) error {
		out, err := svc.Do(ctx, adv1, "led-1", task.Request{Command: task.CmdCancel, Reason: "预算调整"})
		if err != nil {
			return err
		}
		if len(out.Postings) == 0 {
			t.Error("the cancellation has no postings")
		}
		if err := post(ctx, out); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx = %v, want the ledger's error", err)
	}
	rec, err := mustTaskStore(t, pool).Get(ctx, "led-1")
	if err != nil {
		t.Fatal(err)
	}
	if rec.Version != 1 || rec.State != task.StatePending {
		t.Errorf("after the rollback the task is at version %d in %s; want 1, pending", rec.Version, rec.State)
	}
	if n2, _ := ledger("led-1"); n2 != n {
		t.Errorf("after the rollback %d ledger rows, want %d", n2, n)
	}

	// And the cancellation committed: its unfreeze lands with it.
	err = InTx(ctx, pool, func(ctx context.Context) error {
		out, err := svc.Do(ctx, adv1, "led-1", task.Request{Command: task.CmdCancel, Reason: "预算调整"})
		if err != nil {
			return err
		}
		return post(ctx, out)
	})
	if err != nil {
		t.Fatal(err)
	}
	rec, err = mustTaskStore(t, pool).Get(ctx, "led-1")
	if err != nil {
		t.Fatal(err)
	}
	n3, _ := ledger("led-1")
	if rec.State != task.StateCancelled || n3 != len(rec.Postings) {
		t.Errorf("after the cancellation: %s, %d ledger rows for %d postings", rec.State, n3, len(rec.Postings))
	}
}

// TestTaskTwoReplicas: two replicas — two pools, two task.Services — race
// commands and sweeps on the same tasks. Every successful command is in
// the history exactly once, the history is one chain, every posting a
// replica returned is stored (money conserved), every final state valid.
func TestTaskTwoReplicas(t *testing.T) {
	ctx := context.Background()
	poolA := freshPool(t)
	poolB := twinPool(t, poolA)
	clock := starmap.NewManualClock(tOrder)
	retry := task.WithRetry(starmap.Retry{Attempts: 64})
	reps := []*task.Service{taskService(t, poolA, clock, retry), taskService(t, poolB, clock, retry)}

	const n = 24
	var (
		mu   sync.Mutex
		outs = map[string][]task.Outcome{}
	)
	keep := func(o task.Outcome) {
		mu.Lock()
		outs[o.Task.ID()] = append(outs[o.Task.ID()], o)
		mu.Unlock()
	}
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("rep-%02d", i)
		out, err := reps[i%2].Order(ctx, adv1, order(ids[i]))
		if err != nil {
			t.Fatal(err)
		}
		keep(out)
	}
	run := func(wg *sync.WaitGroup, f func() (task.Outcome, error)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := f()
			switch {
			case err == nil:
				keep(out)
			case errors.Is(err, starmap.ErrConflict) && !errors.Is(err, ErrRetryable):
				t.Errorf("a conflict survived 64 attempts: %v", err)
			}
		}()
	}
	sweep := func(wg *sync.WaitGroup, svc *task.Service) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			done, err := svc.Sweep(ctx, starmap.PlatformActor("scheduler"))
			if err != nil {
				t.Errorf("Sweep: %v", err)
			}
			for _, o := range done {
				keep(o)
			}
		}()
	}

	// Round 1: the first half race accept against cancel on both replicas.
	var wg sync.WaitGroup
	for _, id := range ids[:n/2] {
		for _, svc := range reps {
			run(&wg, func() (task.Outcome, error) { return svc.Do(ctx, cre1, id, task.Request{Command: task.CmdAcceptOrder}) })
			run(&wg, func() (task.Outcome, error) {
				return svc.Do(ctx, adv1, id, task.Request{Command: task.CmdCancel, Reason: "改期"})
			})
		}
	}
	wg.Wait()
	// Round 2: far past every invitation window; both replicas sweep
	// (twice each) — the second half expires, each task once — while the
	// advertiser cancels the first half on both.
	clock.AdvanceDays(60)
	for _, svc := range reps {
		sweep(&wg, svc)
		sweep(&wg, svc)
	}
	for _, id := range ids[:n/2] {
		for _, svc := range reps {
			run(&wg, func() (task.Outcome, error) {
				return svc.Do(ctx, adv1, id, task.Request{Command: task.CmdCancel, Reason: "改期"})
			})
		}
	}
	wg.Wait()

	store := mustTaskStore(t, poolA)
	expired := 0
	for _, id := range ids {
		rec, err := store.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		tk, err := task.FromRecord(rec)
		if err != nil {
			t.Errorf("%s: stored record does not load: %v", id, err)
			continue
		}
		if !rec.State.Valid() {
			t.Errorf("%s: final state %v", id, rec.State)
		}
		// One chain, one change per version.
		if uint64(len(rec.History)) != rec.Version {
			t.Errorf("%s: %d history entries at version %d", id, len(rec.History), rec.Version)
		}
		for i := 1; i < len(rec.History); i++ {
			if rec.History[i].From != rec.History[i-1].To {
				t.Errorf("%s: history breaks at %d: %s then %s→%s", id, i, rec.History[i-1].To, rec.History[i].From, rec.History[i].To)
			}
		}
		// Each successful command once in the history, nothing else there.
		got := outs[id]
		if len(got) != len(rec.History) {
			t.Errorf("%s: %d commands succeeded across the replicas, history has %d entries", id, len(got), len(rec.History))
		}
		seen := map[uint64]bool{}
		sum := map[task.Account]decimal.Decimal{}
		for _, o := range got {
			v := o.Task.Version()
			if seen[v] {
				t.Errorf("%s: two commands succeeded at version %d (a lost update)", id, v)
			}
			seen[v] = true
			if v >= 1 && int(v) <= len(rec.History) {
				if h := rec.History[v-1]; o.Task.State() != h.To {
					t.Errorf("%s: version %d: replica returned %s, history says %s", id, v, o.Task.State(), h.To)
				}
			}
			for _, p := range o.Postings {
				sum[p.From] = sum[p.From].Sub(p.Amount)
				sum[p.To] = sum[p.To].Add(p.Amount)
			}
		}
		st := tk.Statement()
		for a := task.AccountAdvertiserAvailable; a <= task.AccountPlatformFee; a++ {
			if !sum[a].Equal(st.Balance(a)) {
				t.Errorf("%s: account %s: the replicas' postings sum to %s, the stored statement %s", id, a, sum[a], st.Balance(a))
			}
		}
		if !st.Sum().IsZero() {
			t.Errorf("%s: statement sums to %s", id, st.Sum())
		}
		if rec.State == task.StateExpired {
			expired++
		}
	}
	if expired < n/2 {
		t.Errorf("%d tasks expired, want at least the %d left pending", expired, n/2)
	}
	t.Logf("%d tasks, %d expired by the sweeps", n, expired)
}

// explain returns the plan of sql with args, sequential scans off (the
// tables of a test are small), in a transaction rolled back after.
func explain(t *testing.T, pool *pgxpool.Pool, sql string, args ...any) string {
	t.Helper()
	ctx := context.Background()
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
		t.Fatal(err)
	}
	rows, err := tx.Query(ctx, "EXPLAIN "+sql, args...)
	if err != nil {
		t.Fatalf("EXPLAIN %s: %v", sql, err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, line)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(plan, "\n")
}

// usesIndex checks that plan reads index (an index scan, or for a narrow
// selection a bitmap scan of it); when ordered, that it is an index scan
// and nothing is sorted: the index serves the filter and the order.
func usesIndex(t *testing.T, what, plan, index string, ordered bool) {
	t.Helper()
	scan := strings.Contains(plan, " using "+index+" on ")
	if !scan && !strings.Contains(plan, "Bitmap Index Scan on "+index+" ") {
		t.Errorf("%s: want a scan of %s; plan:\n%s", what, index, plan)
	}
	if ordered && (!scan || strings.Contains(plan, "Sort")) {
		t.Errorf("%s: want an index scan of %s in order, nothing sorted; plan:\n%s", what, index, plan)
	}
}

// TestTaskQueryPlans: every query of TaskStore is served by the index
// named in the README's table.
func TestTaskQueryPlans(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t)
	// A quarter of the tasks without an MCN, the rest over four MCNs.
	if _, err := pool.Exec(ctx, `INSERT INTO tasks
		    (id, advertiser, creator, state, due_sec, due_nsec, price, fee, version, doc, mcn, ordered_sec, ordered_nsec)
		SELECT 'x-' || lpad(i::text, 6, '0'), 'adv-' || (i % 50), 'cre-' || (i % 70), (i % 10) + 1,
		       CASE WHEN i % 3 = 0 THEN 1790000000 + i END, CASE WHEN i % 3 = 0 THEN i % 7 END,
		       1000, 50, 1, '{}', CASE WHEN i % 5 = 0 THEN '' ELSE 'mcn-' || (i % 4) END, 1780000000 + i / 3, i % 3
		FROM generate_series(1, 5000) i`); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, "ANALYZE tasks"); err != nil {
		t.Fatal(err)
	}
	page := starmap.PageRequest{Limit: 20, Cursor: starmap.EncodeCursor("x-000100")}
	mcnPage := starmap.PageRequest{Limit: 20, Cursor: starmap.EncodeCursor("1780001000", "1", "x-003001")}
	for _, c := range []struct {
		name  string
		q     task.Query
		index string
	}{
		{"List all", task.Query{}, "tasks_pkey"},
		{"List all, after a cursor, open", task.Query{Open: true, PageRequest: page}, "tasks_pkey"},
		{"List by advertiser", task.Query{Advertiser: "adv-7"}, "tasks_advertiser_id"},
		{"List by advertiser, open, after a cursor", task.Query{Advertiser: "adv-7", Open: true, PageRequest: page}, "tasks_advertiser_id"},
		{"List by creator", task.Query{Creator: "cre-9"}, "tasks_creator_id"},
		{"List by creator, open, after a cursor", task.Query{Creator: "cre-9", Open: true, PageRequest: page}, "tasks_creator_id"},
		// MCN-3: an MCN's tasks, newest first (about 1000 of them).
		{"List by MCN", task.Query{MCN: "mcn-1"}, "tasks_mcn_ordered"},
		{"List by MCN, open, after a cursor", task.Query{MCN: "mcn-1", Open: true, PageRequest: mcnPage}, "tasks_mcn_ordered"},
	} {
		sql, args, err := taskListSQL(c.q)
		if err != nil {
			t.Fatal(err)
		}
		usesIndex(t, c.name, explain(t, pool, sql, args...), c.index, true)
	}
	// An MCN and one of its creators (a signed creator's tasks), an MCN
	// and an advertiser: narrow selections, from the MCN's index, in order
	// or as a bitmap (which the planner may AND with the advertiser's).
	for _, c := range []struct {
		q     task.Query
		index string
	}{
		{task.Query{MCN: "mcn-1", Creator: "cre-9"}, "tasks_mcn_creator_ordered"},
		{task.Query{MCN: "mcn-1", Creator: "cre-9", Open: true, PageRequest: mcnPage}, "tasks_mcn_creator_ordered"},
		{task.Query{MCN: "mcn-1", Advertiser: "adv-1", PageRequest: mcnPage}, "tasks_mcn_ordered"},
	} {
		sql, args, err := taskListSQL(c.q)
		if err != nil {
			t.Fatal(err)
		}
		usesIndex(t, fmt.Sprintf("MCN-3 List %+v", c.q), explain(t, pool, sql, args...), c.index, false)
	}
	// Many due (a page of 20 out of ~1600): read in order from the index;
	// few due: a bitmap scan of it.
	usesIndex(t, "ListDue, first page", explain(t, pool, taskDueSQL, int64(1790009000), int32(0), int64(-1<<63), int32(0), "", 21), "tasks_due", true)
	usesIndex(t, "ListDue, after a cursor", explain(t, pool, taskDueSQL, int64(1790009000), int32(0), int64(1790001000), int32(3), "x-001000", 21), "tasks_due", true)
	usesIndex(t, "ListDue, few due", explain(t, pool, taskDueSQL, int64(1790000100), int32(0), int64(-1<<63), int32(0), "", 201), "tasks_due", false)
}
