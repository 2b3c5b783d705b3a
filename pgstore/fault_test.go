package pgstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
)

// OPS-4: faults against the real server — a connection killed in the
// middle of a transaction, the server stopped and started again under
// running commands, serialization failures and deadlocks. An operation
// either happened completely or not at all; what the caller was told
// succeeded is in the database.
//
// Where the event log's table (starmap_events, OPS-1) exists, the checks
// count a task's events too: one per change its services committed, none
// for a write that did not commit. (Seeded tasks are stored without
// events.)

// eventCount is the number of logged events of subject id, and false when
// the database has no event log (before OPS-1's migration).
func eventCount(t *testing.T, pool *pgxpool.Pool, id string) (int, bool) {
	t.Helper()
	ctx := context.Background()
	var exists bool
	if err := pool.QueryRow(ctx, "SELECT to_regclass('starmap_events') IS NOT NULL").Scan(&exists); err != nil {
		t.Fatal(err)
	}
	if !exists {
		return 0, false
	}
	var n int
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM starmap_events WHERE subject = $1", id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n, true
}

// wantEvents checks, where the log exists, that id has n events.
func wantEvents(t *testing.T, pool *pgxpool.Pool, id string, n int) {
	t.Helper()
	if got, ok := eventCount(t, pool, id); ok && got != n {
		t.Errorf("OPS-1/OPS-4: %s has %d logged events, want %d", id, got, n)
	}
}

// reportResults is a command a published task takes again and again.
func reportResults(i int) task.Request {
	return task.Request{Command: task.CmdReportResults,
		Metrics: task.Metrics{Exposure: int64(i + 1), GMV: decimal.NewFromInt(int64(i))}}
}

var dataActor = starmap.PlatformActor("data")

// backendPID is the server process of the connection under ctx's
// transaction.
func backendPID(ctx context.Context, t *testing.T) int32 {
	t.Helper()
	tx, ok := TxFrom(ctx)
	if !ok {
		t.Fatal("no transaction in the context")
	}
	var pid int32
	if err := tx.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
		t.Fatal(err)
	}
	return pid
}

// terminate kills backend pid from admin's connection and waits (up to
// 5 s) until it is gone.
func terminate(t *testing.T, admin *pgxpool.Pool, pid int32) {
	t.Helper()
	var ok bool
	if err := admin.QueryRow(context.Background(), "SELECT pg_terminate_backend($1, 5000)", pid).Scan(&ok); err != nil || !ok {
		t.Fatalf("pg_terminate_backend(%d) = %v, %v", pid, ok, err)
	}
}

// TestFaultConnectionKilledInHostTransaction_OPS4 (OPS-4): the host's InTx has
// stored a task's acceptance and posted to its own ledger when another
// connection terminates its backend. InTx returns an error; neither the
// task's change nor the ledger entry is in the database; the next command
// (on a fresh connection of the same pool) succeeds.
func TestFaultConnectionKilledInHostTransaction_OPS4(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t)
	admin := twinPool(t, pool)
	hostLedger(t, pool)
	store := mustTaskStore(t, pool)
	svc := taskService(t, pool, starmap.FixedClock(tOrder.Add(2*time.Hour)))
	seedTask(t, store, "kill-1", tOrder, nil)

	err := InTx(ctx, pool, func(ctx context.Context) error {
		pid := backendPID(ctx, t)
		if _, err := svc.Do(ctx, cre1, "kill-1", task.Request{Command: task.CmdAcceptOrder}); err != nil {
			return err
		}
		if err := post(ctx, "k1", "cre-1", "1.00"); err != nil {
			return err
		}
		terminate(t, admin, pid)
		return nil // the commit meets a dead connection
	})
	if err == nil {
		t.Fatal("OPS-4: InTx committed on a terminated connection")
	}
	t.Logf("OPS-4: InTx after the kill: %v", err)
	rec, gerr := store.Get(ctx, "kill-1")
	if gerr != nil {
		t.Fatal(gerr)
	}
	if rec.Version != 1 || rec.State != task.StatePending || len(rec.History) != 1 || ledgerHas(t, pool, "k1") {
		t.Fatalf("OPS-4: half-written: task v%d %s with %d entries, ledger entry %v; want v1 pending, 1 entry, no entry",
			rec.Version, rec.State, len(rec.History), ledgerHas(t, pool, "k1"))
	}
	wantEvents(t, pool, "kill-1", 0)
	// The pool replaces the dead connection: the command goes through.
	if _, err := svc.Do(ctx, cre1, "kill-1", task.Request{Command: task.CmdAcceptOrder}); err != nil {
		t.Fatalf("OPS-4: the command after the kill: %v", err)
	}
	if rec, _ := store.Get(ctx, "kill-1"); rec.Version != 2 || rec.State != task.StateAccepted {
		t.Fatalf("OPS-4: after the retry the task is v%d %s, want v2 accepted", rec.Version, rec.State)
	}
	wantEvents(t, pool, "kill-1", 1)
}

// TestFaultConnectionKilledDuringCommand_OPS4 (OPS-4): a plain Service command
// (no host transaction) has loaded the task and waits on its
// compare-and-swap UPDATE (another transaction holds the row) when its
// backend is terminated. Do returns an error — a lost connection is not a
// version conflict and is not retried —, the task is unchanged, and the
// same command then succeeds once.
func TestFaultConnectionKilledDuringCommand_OPS4(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t)
	admin := twinPool(t, pool)
	store := mustTaskStore(t, pool)
	svc := taskService(t, pool, starmap.FixedClock(tOrder.Add(2*time.Hour)))
	seedTask(t, store, "kill-2", tOrder, nil)

	lock, err := admin.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = lock.Rollback(ctx) }()
	var holder int32
	if err := lock.QueryRow(ctx, "SELECT pg_backend_pid() FROM tasks WHERE id = 'kill-2' FOR UPDATE").Scan(&holder); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := svc.Do(ctx, cre1, "kill-2", task.Request{Command: task.CmdAcceptOrder})
		done <- err
	}()
	// The command's backend: the one the row lock blocks.
	var victim int32
	for deadline := time.Now().Add(20 * time.Second); ; {
		err := admin.QueryRow(ctx, "SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))", holder).Scan(&victim)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the command never blocked on the locked row: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	terminate(t, admin, victim)
	err = <-done
	if err == nil {
		t.Fatal("OPS-4: Do succeeded on a terminated connection")
	}
	if errors.Is(err, starmap.ErrConflict) {
		t.Errorf("OPS-4: a lost connection reported as a conflict: %v", err)
	}
	t.Logf("OPS-4: Do after the kill: %v", err)
	if err := lock.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if rec, _ := store.Get(ctx, "kill-2"); rec.Version != 1 || rec.State != task.StatePending || len(rec.History) != 1 {
		t.Fatalf("OPS-4: half-written: v%d %s with %d entries; want v1 pending, 1 entry", rec.Version, rec.State, len(rec.History))
	}
	wantEvents(t, pool, "kill-2", 0)
	if _, err := svc.Do(ctx, cre1, "kill-2", task.Request{Command: task.CmdAcceptOrder}); err != nil {
		t.Fatalf("OPS-4: the command after the kill: %v", err)
	}
	if rec, _ := store.Get(ctx, "kill-2"); rec.Version != 2 || rec.State != task.StateAccepted || len(rec.History) != 2 {
		t.Fatalf("OPS-4: after the retry: v%d %s with %d entries; want v2 accepted, 2 entries", rec.Version, rec.State, len(rec.History))
	}
	wantEvents(t, pool, "kill-2", 1)
}

// sqlstate is the SQLSTATE of the server error in err's chain, if any.
func sqlstate(err error) string {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code
	}
	return ""
}

// sqlstates counts the SQLSTATEs of the errors retried, by the services
// (their WithRetry hook) and by the hosts.
type sqlstates struct {
	mu sync.Mutex
	m  map[string]int
}

func (s *sqlstates) add(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]int{}
	}
	s.m[sqlstate(err)]++
}

func (s *sqlstates) option() task.Option {
	return task.WithRetry(starmap.Retry{OnConflict: func(_ int, err error) { s.add(err) }})
}

// checkRetried: every error a host retried is ErrRetryable, matches
// starmap.ErrConflict, and is want or the 25P02 of a statement after it
// (a service's retry inside the aborted transaction); want itself was met.
func checkRetried(t *testing.T, retried []error, want string, states *sqlstates) {
	t.Helper()
	for _, err := range retried {
		if err == nil {
			continue
		}
		if code := sqlstate(err); !errors.Is(err, ErrRetryable) || !errors.Is(err, starmap.ErrConflict) || (code != want && code != "25P02") {
			t.Errorf("OPS-4: the host retried %v: ErrRetryable %v, ErrConflict %v, SQLSTATE %q; want both, and %s or 25P02",
				err, errors.Is(err, ErrRetryable), errors.Is(err, starmap.ErrConflict), code, want)
		}
	}
	states.mu.Lock()
	defer states.mu.Unlock()
	if states.m[want] == 0 {
		t.Errorf("OPS-4: no %s was retried (retried: %v)", want, states.m)
	}
}

// TestFaultSerializationFailureRetried_OPS4 (OPS-4): two host transactions at
// SERIALIZABLE each read both tasks (the host's check: "no more than one
// of the pair may be cancelled") and then cancel a different one — a
// write skew the server must refuse. One transaction fails with 40001,
// which reaches the host as ErrRetryable matching starmap.ErrConflict; the
// host's RetryOnConflict runs its whole transaction again, and its check
// now sees the other's cancellation and declines. Exactly one
// cancellation is stored.
func TestFaultSerializationFailureRetried_OPS4(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t)
	other := twinPool(t, pool)
	store := mustTaskStore(t, pool)
	clock := starmap.FixedClock(tOrder.Add(2 * time.Hour))
	states := &sqlstates{}
	svcs := []*task.Service{taskService(t, pool, clock, states.option()), taskService(t, other, clock, states.option())}
	pools := []*pgxpool.Pool{pool, other}
	seedTask(t, store, "ser-a", tOrder, nil)
	seedTask(t, store, "ser-b", tOrder, nil)
	targets := []string{"ser-a", "ser-b"}
	errDeclined := errors.New("the other task of the pair is cancelled already")

	var (
		read      sync.WaitGroup // both have read before either writes
		wg        sync.WaitGroup
		conflicts atomic.Int64
		first     = make([]error, 2) // the retried errors
		results   = make([]error, 2)
	)
	read.Add(2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			attempt := 0
			retry := starmap.Retry{Attempts: 5, OnConflict: func(_ int, err error) {
				conflicts.Add(1)
				states.add(err)
				if first[i] == nil {
					first[i] = err
				}
			}}
			results[i] = starmap.RetryOnConflict(ctx, retry, func() error {
				attempt++
				return InTx(ctx, pools[i], func(ctx context.Context) error {
					tx, _ := TxFrom(ctx)
					if _, err := tx.Exec(ctx, "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"); err != nil {
						return err
					}
					var cancelled int
					err := tx.QueryRow(ctx, "SELECT count(*) FROM tasks WHERE id = ANY($1) AND state = $2",
						targets, int16(task.StateCancelled)).Scan(&cancelled)
					if attempt == 1 {
						read.Done()
						read.Wait()
					}
					if err != nil {
						return mapErr(err)
					}
					if cancelled > 0 {
						return errDeclined
					}
					_, err = svcs[i].Do(ctx, adv1, targets[i], task.Request{Command: task.CmdCancel, Reason: "二选一"})
					return err
				})
			})
		}()
	}
	wg.Wait()

	ok, declined := 0, 0
	for i, err := range results {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, errDeclined):
			declined++
		default:
			t.Errorf("OPS-4: host %d: %v", i, err)
		}
	}
	if ok != 1 || declined != 1 {
		t.Fatalf("OPS-4: %d hosts cancelled, %d declined; want one each", ok, declined)
	}
	if conflicts.Load() == 0 {
		t.Fatal("OPS-4: no serialization failure was met (the write skew went through?)")
	}
	checkRetried(t, first, "40001", states)
	n := 0
	for _, id := range targets {
		rec, err := store.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if rec.State == task.StateCancelled {
			n++
		}
		wantEvents(t, pool, id, int(rec.Version)-1)
		if uint64(len(rec.History)) != rec.Version {
			t.Errorf("%s: %d entries at v%d", id, len(rec.History), rec.Version)
		}
	}
	if n != 1 {
		t.Fatalf("OPS-4: %d of the pair cancelled, want exactly 1", n)
	}
	t.Logf("OPS-4: the hosts retried %d time(s), first errors %v; SQLSTATEs retried: %v", conflicts.Load(), first, states.m)
}

// TestFaultDeadlockRetried_OPS4 (OPS-4): two host transactions each report
// results on two published tasks, in opposite orders, and meet in a
// deadlock. The server aborts one (40P01); it reaches the host as
// ErrRetryable matching starmap.ErrConflict, the host's RetryOnConflict
// runs the transaction again and it succeeds: each task holds both
// reports, each once.
func TestFaultDeadlockRetried_OPS4(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t)
	other := twinPool(t, pool)
	store := mustTaskStore(t, pool)
	clock := starmap.FixedClock(tOrder.AddDate(0, 0, 1))
	states := &sqlstates{}
	svcs := []*task.Service{taskService(t, pool, clock, states.option()), taskService(t, other, clock, states.option())}
	pools := []*pgxpool.Pool{pool, other}
	before := []task.Record{seedTask(t, store, "dl-a", tOrder, toPublished), seedTask(t, store, "dl-b", tOrder, toPublished)}
	orders := [][]string{{"dl-a", "dl-b"}, {"dl-b", "dl-a"}}

	var (
		wrote     sync.WaitGroup // both hold their first row before either takes its second
		wg        sync.WaitGroup
		conflicts atomic.Int64
		retried   = make([]error, 2)
		results   = make([]error, 2)
	)
	wrote.Add(2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			attempt := 0
			retry := starmap.Retry{Attempts: 5, OnConflict: func(_ int, err error) {
				conflicts.Add(1)
				states.add(err)
				retried[i] = err
			}}
			results[i] = starmap.RetryOnConflict(ctx, retry, func() error {
				attempt++
				return InTx(ctx, pools[i], func(ctx context.Context) error {
					for k, id := range orders[i] {
						if _, err := svcs[i].Do(ctx, dataActor, id, reportResults(i)); err != nil {
							if k == 0 && attempt == 1 {
								wrote.Done()
							}
							return err
						}
						if k == 0 && attempt == 1 {
							wrote.Done()
							wrote.Wait()
						}
					}
					return nil
				})
			})
		}()
	}
	wg.Wait()
	for i, err := range results {
		if err != nil {
			t.Errorf("OPS-4: host %d after its retries: %v", i, err)
		}
	}
	if conflicts.Load() == 0 {
		t.Fatal("OPS-4: no deadlock was met")
	}
	checkRetried(t, retried, "40P01", states)
	for _, old := range before {
		rec, err := store.Get(ctx, old.ID)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Version != old.Version+2 || len(rec.History) != len(old.History)+2 {
			t.Errorf("OPS-4: %s: v%d → v%d; want both reports, once each", old.ID, old.Version, rec.Version)
		}
		wantEvents(t, pool, old.ID, 2)
	}
	t.Logf("OPS-4: the hosts retried %d time(s), last errors %v; SQLSTATEs retried: %v", conflicts.Load(), retried, states.m)
}

// pgctl returns the script that stops and starts the test server
// (scripts/with-postgres sets STARMAP_TEST_PGCTL). Without it the test
// skips, saying so; under CI it fails.
func pgctl(t *testing.T) string {
	t.Helper()
	p := os.Getenv("STARMAP_TEST_PGCTL")
	if p == "" {
		msg := "STARMAP_TEST_PGCTL is not set: the restart test stops and starts the server; run it with scripts/with-postgres (from the repository root)"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return p
}

func runPgctl(path string, args ...string) error {
	out, err := exec.Command(path, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %w: %s", path, strings.Join(args, " "), err, out)
	}
	return nil
}

// TestFaultServerRestart_OPS4 (OPS-4): four workers report results on their
// own published tasks through one Service while the server is stopped
// (immediate: a crash, no shutdown checkpoint) and started again. While
// it is down commands fail with errors; after it is up they succeed again
// on new connections of the same pool; every command that returned
// success is in the database, at the version it returned, and every
// task's history is one unbroken chain. The sessions commit
// synchronously (the test server runs with synchronous_commit = off, which
// would let a crash lose the last commits a client was told of).
func TestFaultServerRestart_OPS4(t *testing.T) {
	databaseURL(t)
	ctl := pgctl(t)
	ctx := context.Background()
	base := freshPool(t)
	// Registered after freshPool's, so run before its schema is dropped:
	// whatever happens, the server is up again for that and the tests that
	// follow.
	t.Cleanup(func() {
		if runPgctl(ctl, "status") != nil {
			if err := runPgctl(ctl, "start"); err != nil {
				t.Errorf("starting the server again: %v", err)
			}
		}
	})
	cfg := base.Config()
	cfg.ConnConfig.RuntimeParams["synchronous_commit"] = "on"
	cfg.MaxConns = 4
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	store := mustTaskStore(t, pool)
	svc := taskService(t, pool, starmap.FixedClock(tOrder.AddDate(0, 0, 1)))

	const workers, perWorker = 4, 4
	ids := make([][]string, workers)
	for w := range ids {
		for k := range perWorker {
			id := fmt.Sprintf("rs-%d-%d", w, k)
			seedTask(t, store, id, tOrder, toPublished)
			ids[w] = append(ids[w], id)
		}
	}

	// The phases a command began in: up, down (the stop has returned, the
	// start not begun), restarted (from the start's call on).
	const (
		up = iota
		down
		restarted
	)
	var (
		phase       atomic.Int32
		stop        atomic.Bool
		mu          sync.Mutex
		okAt        = map[string][]uint64{} // task → versions its successful commands returned
		okIn        [3]int
		failedIn    [3]int
		okWhileDown int // began after the stop returned and ended before the start began
		startCalled atomic.Bool
		samples     []string
		wg          sync.WaitGroup
	)
	afterRestart := make([]atomic.Int64, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				id := ids[w][i%perWorker]
				cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
				p := phase.Load()
				out, err := svc.Do(cctx, dataActor, id, reportResults(i))
				cancel()
				mu.Lock()
				if err == nil {
					okAt[id] = append(okAt[id], out.Task.Version())
					okIn[p]++
					if p == down && !startCalled.Load() {
						okWhileDown++
					}
				} else {
					failedIn[p]++
					if len(samples) < 3 {
						samples = append(samples, err.Error())
					}
				}
				mu.Unlock()
				if err == nil && p == restarted {
					afterRestart[w].Add(1)
				}
				if err != nil {
					time.Sleep(20 * time.Millisecond) // as a host would back off
				}
			}
		}()
	}

	time.Sleep(500 * time.Millisecond)
	if err := runPgctl(ctl, "stop", "immediate"); err != nil {
		stop.Store(true)
		wg.Wait()
		t.Fatal(err)
	}
	phase.Store(down)
	time.Sleep(time.Second)
	startCalled.Store(true)
	phase.Store(restarted)
	if err := runPgctl(ctl, "start"); err != nil {
		stop.Store(true)
		wg.Wait()
		t.Fatal(err)
	}
	// Every worker succeeds again (bounded: a worker that never does
	// fails the test).
	deadline := time.Now().Add(30 * time.Second)
	for w := 0; w < workers; {
		if afterRestart[w].Load() >= 3 {
			w++
			continue
		}
		if time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	stop.Store(true)
	wg.Wait()

	for w := range workers {
		if afterRestart[w].Load() < 3 {
			t.Errorf("OPS-4: worker %d: %d successful commands after the restart, want at least 3", w, afterRestart[w].Load())
		}
	}
	if failedIn[down] == 0 {
		t.Error("OPS-4: no command failed while the server was down")
	}
	if okWhileDown > 0 {
		t.Errorf("OPS-4: %d commands succeeded while the server was down", okWhileDown)
	}
	if okIn[up] == 0 {
		t.Error("OPS-4: no command succeeded before the stop")
	}
	inDoubt := 0
	for _, list := range ids {
		for _, id := range list {
			rec, err := store.Get(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			// Seeded at v1 with the order and the steps to publication;
			// every version since adds one entry.
			base := 1 + len(toPublished)
			if len(rec.History) != base+int(rec.Version)-1 {
				t.Errorf("OPS-4: %s: %d history entries at v%d, want %d", id, len(rec.History), rec.Version, base+int(rec.Version)-1)
			}
			seen := map[uint64]bool{}
			for _, v := range okAt[id] {
				if seen[v] {
					t.Errorf("OPS-4: %s: two successful commands at v%d", id, v)
				}
				seen[v] = true
				if v < 2 || v > rec.Version || base+int(v)-2 >= len(rec.History) || rec.History[base+int(v)-2].Command != task.CmdReportResults {
					t.Errorf("OPS-4: %s: a command returned success at v%d, but the database holds v%d", id, v, rec.Version)
				}
			}
			// Written but not acknowledged: the commit reached the server,
			// the answer never came back.
			inDoubt += len(rec.History) - base - len(okAt[id])
			wantEvents(t, pool, id, int(rec.Version)-1)
		}
	}
	t.Logf("OPS-4: before the stop %d ok / %d failed; while down %d ok / %d failed; after the start %d ok / %d failed; %d written but not acknowledged; errors seen: %q",
		okIn[up], failedIn[up], okIn[down], failedIn[down], okIn[restarted], failedIn[restarted], inDoubt, samples)
}

// TestErrRetryableCodes_OPS4 (OPS-4): the server errors that ask for the whole
// transaction again — 40001, 40P01, and 25P02 after either inside the
// host's transaction — are ErrRetryable, match starmap.ErrConflict and
// keep the server's error; any other passes through unchanged.
func TestErrRetryableCodes_OPS4(t *testing.T) {
	for _, c := range []struct {
		code  string
		retry bool
	}{{"40001", true}, {"40P01", true}, {"25P02", true}, {"23505", false}, {"57P01", false}, {"42P01", false}} {
		pg := &pgconn.PgError{Code: c.code, Message: "server says " + c.code}
		err := mapErr(fmt.Errorf("wrapped: %w", pg))
		if got := errors.Is(err, ErrRetryable) && errors.Is(err, starmap.ErrConflict); got != c.retry {
			t.Errorf("OPS-4: SQLSTATE %s: retryable %v, want %v (%v)", c.code, got, c.retry, err)
		}
		if sqlstate(err) != c.code {
			t.Errorf("OPS-4: SQLSTATE %s: the server's error is lost: %v", c.code, err)
		}
		if codes := starmap.Codes(err); c.retry && (len(codes) != 1 || codes[0] != ErrRetryable.Code() || !strings.Contains(err.Error(), c.code)) {
			t.Errorf("OPS-4: SQLSTATE %s: codes %v, message %q; want %s naming the SQLSTATE", c.code, codes, err, ErrRetryable.Code())
		}
	}
	if mapErr(nil) != nil {
		t.Error("mapErr(nil) is not nil")
	}
}
