package pgstore

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/eventlogtest"
	"github.com/starmap-go/starmap/task"
)

func mustEventLog(t testing.TB, pool *pgxpool.Pool) *EventLog {
	t.Helper()
	l, err := NewEventLog(pool)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// ev is a test event of subject id.
func ev(typ, id string) starmap.Event {
	return starmap.Event{Type: typ, Subject: id, Actor: adv1, At: tOrder, From: "a", To: "b", Note: "n"}
}

// newTaskRecord is a fresh task record to create.
func newTaskRecord(t testing.TB, id string) task.Record {
	t.Helper()
	tk, _, err := task.New(adv1, tOrder, order(id), task.DefaultPolicy(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return tk.Record()
}

// readAll reads the whole log from after, in pages of limit, once every
// committed event is readable: an event is held back while a transaction
// with a smaller id runs anywhere in the cluster (another package's tests
// share the server), so it first waits, up to 20 s, until none is.
func readAll(t testing.TB, l *EventLog, after starmap.Position, limit int) []starmap.LoggedEvent {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var held bool
		if err := l.pool.QueryRow(context.Background(), "SELECT EXISTS (SELECT 1 FROM starmap_events"+
			" WHERE commit_xid >= pg_snapshot_xmin(pg_current_snapshot()))").Scan(&held); err != nil {
			t.Fatal(err)
		}
		if !held || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	return readNow(t, l, after, limit)
}

// readNow reads what the log lets a reader see now, from after, in pages
// of limit.
func readNow(t testing.TB, l *EventLog, after starmap.Position, limit int) []starmap.LoggedEvent {
	t.Helper()
	var out []starmap.LoggedEvent
	for {
		page, err := l.ReadEvents(context.Background(), after, limit)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			return out
		}
		out = append(out, page...)
		after = page[len(page)-1].Position
	}
}

func types(evs []starmap.LoggedEvent) string {
	var s []string
	for _, e := range evs {
		s = append(s, e.Type)
	}
	return strings.Join(s, ",")
}

// TestEventLog_onePerCommittedChange (OPS-1): a create and an update
// append exactly their pending events, in order, with the record; a
// refused create (the key exists), a stale update and a write without
// pending events append none; a host transaction that rolls back leaves
// none, one that commits keeps all of its writes' events under one Commit.
func TestEventLog_onePerCommittedChange(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t)
	store, log := mustTaskStore(t, pool), mustEventLog(t, pool)

	rec := newTaskRecord(t, "t-1")
	if _, err := store.Create(starmap.WithPendingEvents(ctx, []starmap.Event{ev("x.created", "t-1")}), rec); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Create(starmap.WithPendingEvents(ctx, []starmap.Event{ev("x.created_again", "t-1")}), rec); !errors.Is(err, starmap.ErrAlreadyExists) {
		t.Fatalf("OPS-1: second create: %v, want ErrAlreadyExists", err)
	}
	rec.Version = 1
	v, err := store.Update(starmap.WithPendingEvents(ctx, []starmap.Event{ev("x.one", "t-1"), ev("x.two", "t-1")}), rec)
	if err != nil || v != 2 {
		t.Fatalf("update: %d, %v", v, err)
	}
	if _, err := store.Update(starmap.WithPendingEvents(ctx, []starmap.Event{ev("x.stale", "t-1")}), rec); !errors.Is(err, starmap.ErrVersionConflict) {
		t.Fatalf("OPS-1: stale update: %v, want ErrVersionConflict", err)
	}
	rec.Version = 2
	if _, err := store.Update(ctx, rec); err != nil { // no pending events: none logged
		t.Fatal(err)
	}
	// A host transaction that fails after the write: nothing of it stays.
	rec.Version = 3
	errHost := errors.New("host fails")
	err = InTx(ctx, pool, func(ctx context.Context) error {
		if _, err := store.Update(starmap.WithPendingEvents(ctx, []starmap.Event{ev("x.rolled_back", "t-1")}), rec); err != nil {
			return err
		}
		return errHost
	})
	if !errors.Is(err, errHost) {
		t.Fatal(err)
	}
	// A host transaction with two writes: both commit, one Commit.
	err = InTx(ctx, pool, func(ctx context.Context) error {
		if _, err := store.Update(starmap.WithPendingEvents(ctx, []starmap.Event{ev("x.tx1", "t-1")}), rec); err != nil {
			return err
		}
		_, err := store.Create(starmap.WithPendingEvents(ctx, []starmap.Event{ev("x.tx2", "t-2")}), newTaskRecord(t, "t-2"))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	got := readAll(t, log, starmap.Position{}, 0)
	if want := "x.created,x.one,x.two,x.tx1,x.tx2"; types(got) != want {
		t.Fatalf("OPS-1: the log holds %s, want %s", types(got), want)
	}
	for i := 1; i < len(got); i++ {
		if !got[i-1].Position.Less(got[i].Position) {
			t.Fatalf("OPS-1: positions out of order: %v then %v", got[i-1].Position, got[i].Position)
		}
	}
	if got[1].Position.Commit != got[2].Position.Commit || got[3].Position.Commit != got[4].Position.Commit || got[0].Position.Commit == got[1].Position.Commit || got[2].Position.Commit == got[3].Position.Commit {
		t.Fatalf("OPS-1: one Commit per transaction: %v", got)
	}
}

// TestEventLog_savepoints (OPS-1): events written under a savepoint that
// is rolled back go with it; those of a released one commit under the
// top-level transaction's Commit.
func TestEventLog_savepoints(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t)
	store, log := mustTaskStore(t, pool), mustEventLog(t, pool)
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	var top string
	if err := tx.QueryRow(ctx, "SELECT pg_current_xact_id()::text").Scan(&top); err != nil {
		t.Fatal(err)
	}
	write := func(name string, commit bool) {
		sp, err := tx.Begin(ctx) // a savepoint
		if err != nil {
			t.Fatal(err)
		}
		if _, err := store.Create(starmap.WithPendingEvents(WithTx(ctx, sp), []starmap.Event{ev("x."+name, name)}), newTaskRecord(t, name)); err != nil {
			t.Fatal(err)
		}
		if commit {
			err = sp.Commit(ctx)
		} else {
			err = sp.Rollback(ctx)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	write("kept", true)
	write("dropped", false)
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	got := readAll(t, log, starmap.Position{}, 0)
	if types(got) != "x.kept" {
		t.Fatalf("OPS-1: the log holds %s, want x.kept", types(got))
	}
	if fmt.Sprint(got[0].Position.Commit) != top {
		t.Fatalf("OPS-1: Commit %d, want the top-level transaction's id %s", got[0].Position.Commit, top)
	}
	var rows int
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM tasks").Scan(&rows); err != nil || rows != 1 {
		t.Fatalf("tasks: %d rows, %v", rows, err)
	}
}

// TestEventLog_eventsReadBack (OPS-1): every field of an event comes back
// as written — the actor (none, a sub-account), the instant to the
// nanosecond in its zone (CST, UTC, another offset), text.
func TestEventLog_eventsReadBack(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t)
	store, log := mustTaskStore(t, pool), mustEventLog(t, pool)
	evs := []starmap.Event{
		{Type: "x.a", Subject: "t-1", Actor: starmap.SubAccountActor("adv-1", "sub-2"), At: time.Date(2026, 10, 1, 9, 0, 0, 123456789, starmap.CST()), From: "", To: "pending", Note: "备注 note"},
		{Type: "x.b", Subject: "t-1", At: time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)},
		{Type: "x.c", Subject: "t-1", Actor: starmap.PlatformActor("scheduler"), At: time.Date(1970, 1, 1, 0, 0, 0, 1, time.FixedZone("", -5*3600))},
		{Type: "x.d", Subject: "t-1"}, // the zero instant
	}
	if _, err := store.Create(starmap.WithPendingEvents(ctx, evs), newTaskRecord(t, "t-1")); err != nil {
		t.Fatal(err)
	}
	got := readAll(t, log, starmap.Position{}, 0)
	if len(got) != len(evs) {
		t.Fatalf("OPS-1: %d events, want %d", len(got), len(evs))
	}
	for i, g := range got {
		w := evs[i]
		_, goff := g.At.Zone()
		_, woff := w.At.Zone()
		if g.Type != w.Type || g.Subject != w.Subject || g.Actor != w.Actor || !g.At.Equal(w.At) || goff != woff ||
			g.From != w.From || g.To != w.To || g.Note != w.Note {
			t.Errorf("OPS-1: event %d read back as %+v, want %+v", i, g.Event, w)
		}
	}
	if got[0].At.Location() != starmap.CST() || got[3].At != (time.Time{}) {
		t.Errorf("OPS-1: CST and the zero instant read back as themselves: %v, %v", got[0].At.Location(), got[3].At)
	}
}

// TestEventLog_paging (OPS-1, the SDK's paging rule): 0 means
// DefaultPageLimit, more than MaxPageLimit is clamped, a negative limit is
// ErrPageLimit; pages follow each other without gaps or repeats; after the
// last event the answer is an empty slice, not an error; a Seq beyond any
// goes on to the next Commit.
func TestEventLog_paging(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t)
	store, log := mustTaskStore(t, pool), mustEventLog(t, pool)
	const n = 230
	for i := range 23 {
		evs := make([]starmap.Event, 10)
		for j := range evs {
			evs[j] = ev(fmt.Sprintf("x.e%03d", i*10+j), "t")
		}
		if _, err := store.Create(starmap.WithPendingEvents(ctx, evs), newTaskRecord(t, fmt.Sprintf("t-%d", i))); err != nil {
			t.Fatal(err)
		}
	}
	first, err := log.ReadEvents(ctx, starmap.Position{}, 0)
	if err != nil || len(first) != starmap.DefaultPageLimit {
		t.Fatalf("limit 0: %d events, %v; want %d", len(first), err, starmap.DefaultPageLimit)
	}
	big, err := log.ReadEvents(ctx, starmap.Position{}, 1000)
	if err != nil || len(big) != starmap.MaxPageLimit {
		t.Fatalf("limit 1000: %d events, %v; want %d", len(big), err, starmap.MaxPageLimit)
	}
	if _, err := log.ReadEvents(ctx, starmap.Position{}, -1); !errors.Is(err, starmap.ErrPageLimit) {
		t.Fatalf("limit -1: %v, want ErrPageLimit", err)
	}
	for _, limit := range []int{1, 7, 10, 200} {
		got := readAll(t, log, starmap.Position{}, limit)
		if len(got) != n {
			t.Fatalf("OPS-1: pages of %d read %d events, want %d", limit, len(got), n)
		}
		for i, e := range got {
			if want := fmt.Sprintf("x.e%03d", i); e.Type != want {
				t.Fatalf("OPS-1: pages of %d: event %d is %s, want %s", limit, i, e.Type, want)
			}
		}
	}
	last := big[len(big)-1].Position
	rest, err := log.ReadEvents(ctx, starmap.Position{Commit: last.Commit, Seq: ^uint64(0)}, 0)
	if err != nil || len(rest) == 0 || rest[0].Position.Commit <= last.Commit {
		t.Fatalf("a Seq past any goes on to the next Commit: %v, %v", rest, err)
	}
	end, err := log.ReadEvents(ctx, readAll(t, log, starmap.Position{}, 0)[n-1].Position, 5)
	if err != nil || end == nil || len(end) != 0 {
		t.Fatalf("after the last event: %#v, %v; want an empty slice", end, err)
	}
	if _, err := log.ReadEvents(nil, starmap.Position{}, 0); !errors.Is(err, starmap.ErrContextMissing) { //nolint:staticcheck // the nil context is the case
		t.Fatalf("nil context: %v", err)
	}
	if _, err := (*EventLog)(nil).ReadEvents(ctx, starmap.Position{}, 0); !errors.Is(err, starmap.ErrServiceNotReady) {
		t.Fatalf("nil log: %v", err)
	}
	if _, err := NewEventLog(nil); !errors.Is(err, starmap.ErrServiceDependency) {
		t.Fatalf("nil pool: %v", err)
	}
}

// begin starts a transaction that has its id already.
func begin(t *testing.T, pool *pgxpool.Pool) pgx.Tx {
	t.Helper()
	tx, err := pool.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tx.Rollback(context.Background()) })
	if _, err := tx.Exec(context.Background(), "SELECT pg_current_xact_id()"); err != nil {
		t.Fatal(err)
	}
	return tx
}

// TestEventLog_lateCommit (OPS-1, gap-free for readers): two explicit
// transactions commit in the other order than they took their events'
// numbers, and a reader going on from its last position sees every event
// once, never one before a position it already had.
func TestEventLog_lateCommit(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t)
	store, log := mustTaskStore(t, pool), mustEventLog(t, pool)
	write := func(tx pgx.Tx, name string) {
		t.Helper()
		if _, err := store.Create(starmap.WithPendingEvents(WithTx(ctx, tx), []starmap.Event{ev("x."+name, name)}), newTaskRecord(t, name)); err != nil {
			t.Fatal(err)
		}
	}
	seqOf := func(name string) uint64 {
		var s int64
		if err := pool.QueryRow(ctx, "SELECT seq FROM starmap_events WHERE type = $1", "x."+name).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return uint64(s)
	}
	var pos starmap.Position
	read := func() string {
		t.Helper()
		got := readNow(t, log, pos, 0)
		for _, e := range got {
			if !pos.Less(e.Position) {
				t.Fatalf("OPS-1: %v read after position %v", e.Position, pos)
			}
			pos = e.Position
		}
		return types(got)
	}

	t.Run("later id, lower seq, commits last", func(t *testing.T) {
		b := begin(t, pool) // B takes its id first
		a := begin(t, pool) // A's id is larger
		write(a, "a1")      // but A draws the lower seq
		write(b, "b1")
		if err := b.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if got := read(); got != "x.b1" {
			t.Fatalf("OPS-1: with A running, the reader gets %q, want B's event", got)
		}
		if err := a.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if seqOf("a1") > seqOf("b1") {
			t.Fatal("the case needs A's seq below B's")
		}
		if got := read(); got != "x.a1" {
			t.Fatalf("OPS-1: after A commits the reader gets %q, want A's event (never skipped)", got)
		}
	})
	t.Run("smaller id commits last", func(t *testing.T) {
		a := begin(t, pool) // A's id is smaller
		b := begin(t, pool)
		write(a, "a2")
		write(b, "b2")
		if err := b.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if got := read(); got != "" {
			t.Fatalf("OPS-1: while A (smaller id) runs, B's event is held back; the reader got %q", got)
		}
		if err := a.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if got := read(); got != "x.a2,x.b2" {
			t.Fatalf("OPS-1: after A commits the reader gets %q, want A's then B's", got)
		}
	})
	t.Run("rolled back", func(t *testing.T) {
		a := begin(t, pool)
		write(a, "a3")
		if err := a.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := store.Create(starmap.WithPendingEvents(ctx, []starmap.Event{ev("x.c3", "c3")}), newTaskRecord(t, "c3")); err != nil {
			t.Fatal(err)
		}
		if got := read(); got != "x.c3" {
			t.Fatalf("OPS-1: got %q, want only the committed x.c3", got)
		}
	})
}

// TestEventLogPlan: the read is an ordered scan of the log's primary key
// from the position on (no sort, no scan of the table).
func TestEventLogPlan(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t)
	if _, err := pool.Exec(ctx, `INSERT INTO starmap_events (`+eventCols+`)
		SELECT 'x.e', 's', '', 0, 0, 0, '', '', '' FROM generate_series(1, 5000)`); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, "ANALYZE starmap_events"); err != nil {
		t.Fatal(err)
	}
	var plan []string
	rows, err := pool.Query(ctx, "EXPLAIN "+readEventsSQL, "0", int64(100), 50)
	if err != nil {
		t.Fatal(err)
	}
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
	text := strings.Join(plan, "\n")
	if !strings.Contains(text, "Index Scan using starmap_events_pkey") || strings.Contains(text, "Sort") {
		t.Fatalf("OPS-1: ReadEvents should scan starmap_events_pkey in order:\n%s", text)
	}
}

func mustWaker(t testing.TB, pool *pgxpool.Pool, poll time.Duration) *EventWaker {
	t.Helper()
	w, err := NewEventWaker(pool, poll)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Close)
	return w
}

// waitListening waits until w holds a listening connection and takes the
// wake-up every (re)connection gives.
func waitListening(t testing.TB, w *EventWaker) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if ok, _ := w.Listening(); ok {
			break
		}
		if time.Now().After(deadline) {
			_, err := w.Listening()
			t.Fatalf("OPS-2: the waker does not listen: %v", err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := w.Wait(ctx, beyond); err != nil {
		t.Fatalf("OPS-2: no wake-up on connecting: %v", err)
	}
}

// beyond is a position after every event: Wait from it returns only on
// a wake-up or the poll interval.
var beyond = starmap.Position{Commit: math.MaxUint64}

// woken says whether w wakes within d.
func woken(w *EventWaker, d time.Duration) bool {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	return w.Wait(ctx, beyond) == nil
}

// killListener ends the waker's connection on the server.
func killListener(t testing.TB, pool *pgxpool.Pool) {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE application_name = $1 AND pid <> pg_backend_pid()`, listenerName).Scan(&n); err != nil || n == 0 {
		t.Fatalf("killing the listener: %d killed, %v", n, err)
	}
}

// TestEventWaker (OPS-2): a committed write with events wakes the waker
// (long before its poll interval); a rolled-back one, a refused one, one
// without events and another schema's notification do not; a killed
// listening connection is made again, and the reconnection wakes it.
func TestEventWaker(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t)
	store := mustTaskStore(t, pool)
	w := mustWaker(t, pool, time.Hour) // no polling: only notifications wake
	waitListening(t, w)
	if woken(w, 300*time.Millisecond) {
		t.Fatal("OPS-2: woken with nothing written")
	}

	create := func(ctx context.Context, id string) error {
		_, err := store.Create(starmap.WithPendingEvents(ctx, []starmap.Event{ev("x.c", id)}), newTaskRecord(t, id))
		return err
	}
	if err := create(ctx, "t-1"); err != nil {
		t.Fatal(err)
	}
	if !woken(w, 10*time.Second) {
		t.Fatal("OPS-2: a committed write with events did not wake the waker")
	}

	errHost := errors.New("host fails")
	if err := InTx(ctx, pool, func(ctx context.Context) error {
		if err := create(ctx, "t-2"); err != nil {
			return err
		}
		return errHost
	}); !errors.Is(err, errHost) {
		t.Fatal(err)
	}
	if err := create(ctx, "t-1"); !errors.Is(err, starmap.ErrAlreadyExists) { // refused: no row, no event
		t.Fatal(err)
	}
	if _, err := store.Create(ctx, newTaskRecord(t, "t-3")); err != nil { // no events
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, "SELECT pg_notify($1, 'another_schema')", EventChannel); err != nil {
		t.Fatal(err)
	}
	if woken(w, 500*time.Millisecond) {
		t.Fatal("OPS-2: woken by a rolled-back or refused write, one without events, or another schema")
	}

	// An event already readable after the position: Wait returns at once
	// (the waker's poll interval is an hour, and no wake-up is pending).
	got := readAll(t, mustEventLog(t, pool), starmap.Position{}, 0)
	if len(got) != 1 {
		t.Fatalf("OPS-1: %d events, want 1", len(got))
	}
	wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := w.Wait(wctx, starmap.Position{}); err != nil {
		t.Fatalf("OPS-2: Wait before a readable event: %v, want nil at once", err)
	}
	sctx, scancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer scancel()
	if err := w.Wait(sctx, got[0].Position); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("OPS-2: Wait from the last event: %v, want to wait (nothing new)", err)
	}

	killListener(t, pool)
	waitListening(t, w) // includes the reconnection's wake-up
	if err := create(ctx, "t-4"); err != nil {
		t.Fatal(err)
	}
	if !woken(w, 10*time.Second) {
		t.Fatal("OPS-2: after reconnecting, a committed write did not wake the waker")
	}
}

// TestEventWaker_poll (OPS-2): without notifications, Wait returns after
// the poll interval; a done context ends it with its error.
func TestEventWaker_poll(t *testing.T) {
	w := mustWaker(t, freshPool(t), 50*time.Millisecond)
	waitListening(t, w)
	start := time.Now()
	if !woken(w, 10*time.Second) {
		t.Fatal("OPS-2: the poll interval did not end Wait")
	}
	if d := time.Since(start); d < 40*time.Millisecond {
		t.Fatalf("OPS-2: Wait returned after %v, before the poll interval, with nothing written", d)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := w.Wait(ctx, beyond); !errors.Is(err, context.Canceled) {
		t.Fatalf("done context: %v", err)
	}
	if _, err := NewEventWaker(nil, 0); !errors.Is(err, starmap.ErrServiceDependency) {
		t.Fatalf("nil pool: %v", err)
	}
}

// follow is a follower of the log: it reads from its position whenever
// the waker wakes it, until ctx ends, and returns what it read.
func follow(ctx context.Context, l *EventLog, w *EventWaker, out chan<- starmap.LoggedEvent) error {
	var pos starmap.Position
	for {
		for {
			page, err := l.ReadEvents(ctx, pos, starmap.MaxPageLimit)
			if err != nil {
				return err
			}
			if len(page) == 0 {
				break
			}
			for _, e := range page {
				out <- e
			}
			pos = page[len(page)-1].Position
		}
		if err := w.Wait(ctx, pos); err != nil {
			return err
		}
	}
}

// TestEventWaker_followerCatchesUp (OPS-2): writers commit events on two
// pools while the follower's listening connection is killed again and
// again; the follower (woken only by notifications and reconnections: its
// poll interval is an hour) ends with every committed event exactly once,
// in order.
func TestEventWaker_followerCatchesUp(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t)
	other := twinPool(t, pool)
	log := mustEventLog(t, pool)
	w := mustWaker(t, pool, time.Hour)
	waitListening(t, w)

	fctx, stop := context.WithCancel(ctx)
	got := make(chan starmap.LoggedEvent, 10000)
	done := make(chan error, 1)
	go func() { done <- follow(fctx, log, w, got) }()

	const writers, each = 4, 40
	errs := make(chan error, writers)
	for i := range writers {
		p := pool
		if i%2 == 1 {
			p = other
		}
		s := mustTaskStore(t, p)
		go func() {
			for j := range each {
				id := fmt.Sprintf("w%d-%d", i, j)
				if _, err := s.Create(starmap.WithPendingEvents(ctx, []starmap.Event{ev("x.c", id)}), newTaskRecord(t, id)); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 5 {
		time.Sleep(30 * time.Millisecond)
		if ok, _ := w.Listening(); ok {
			killListener(t, pool)
		}
	}
	for range writers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	var (
		seen = map[string]bool{}
		last starmap.Position
	)
	timeout := time.After(30 * time.Second)
	for len(seen) < writers*each {
		select {
		case e := <-got:
			if !last.Less(e.Position) || seen[e.Subject] {
				t.Fatalf("OPS-2: %s at %v after %v (seen before: %v)", e.Subject, e.Position, last, seen[e.Subject])
			}
			last, seen[e.Subject] = e.Position, true
		case <-timeout:
			t.Fatalf("OPS-2: the follower has %d of %d events", len(seen), writers*each)
		}
	}
	stop()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Fatalf("OPS-2: %d events more than were written", len(got))
	}
}

// TestEventLogKit (OPS-1): the core's event-log conformance kit on the
// PostgreSQL stores — through real task and authz services, exactly the
// events they return are logged, none for refusals or conflict losers,
// concurrent writers, the paging rules.
func TestEventLogKit(t *testing.T) {
	databaseURL(t) // skip here, not inside a subtest
	eventlogtest.Test(t, func(t *testing.T) eventlogtest.Fixture {
		pool := freshPool(t)
		grants, err := NewAuthzStore(pool)
		if err != nil {
			t.Fatal(err)
		}
		return eventlogtest.Fixture{Tasks: mustTaskStore(t, pool), Authz: grants, Log: mustEventLog(t, pool)}
	})
}

// TestEventLog_last: Last is the position of the last event a reader can
// see — zero for an empty log, the last ReadEvents position after writes,
// unmoved by a transaction still open (its events come after it) — and a
// nil log is ErrServiceNotReady (OPS-1, OPS-2: where a follower starts).
func TestEventLog_last(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t)
	store, log := mustTaskStore(t, pool), mustEventLog(t, pool)
	if p, err := log.Last(ctx); err != nil || !p.IsZero() {
		t.Fatalf("OPS-1: Last of an empty log = %v, %v", p, err)
	}
	for _, id := range []string{"l-1", "l-2"} {
		if _, err := store.Create(starmap.WithPendingEvents(ctx, []starmap.Event{ev("x.c", id), ev("x.d", id)}), newTaskRecord(t, id)); err != nil {
			t.Fatal(err)
		}
	}
	all := readAll(t, log, starmap.Position{}, 0)
	want := all[len(all)-1].Position
	if p, err := log.Last(ctx); err != nil || p != want {
		t.Fatalf("OPS-1: Last = %v, %v; want %v", p, err, want)
	}
	tx := begin(t, pool)
	if _, err := store.Create(starmap.WithPendingEvents(WithTx(ctx, tx), []starmap.Event{ev("x.open", "l-3")}), newTaskRecord(t, "l-3")); err != nil {
		t.Fatal(err)
	}
	if p, err := log.Last(ctx); err != nil || p != want {
		t.Fatalf("OPS-1: Last with a transaction open = %v, %v; want %v", p, err, want)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	after := readAll(t, log, want, 0)
	if len(after) != 1 || after[0].Type != "x.open" {
		t.Fatalf("OPS-1: after Last, a reader gets %s; want the committed x.open", types(after))
	}
	if p, err := log.Last(ctx); err != nil || p != after[0].Position {
		t.Fatalf("OPS-1: Last after the commit = %v, %v; want %v", p, err, after[0].Position)
	}
	var nilLog *EventLog
	if _, err := nilLog.Last(ctx); !errors.Is(err, starmap.ErrServiceNotReady) {
		t.Fatalf("OPS-1: a nil log's Last = %v", err)
	}
}

// TestEventWaker_heldBack: an event committed while a transaction with a
// smaller id still runs is held back from readers, and its notification
// has already come and gone when it becomes readable. A waker whose poll
// is an hour must still let the follower read again soon (it returns
// while the event is held back, and at once when it is readable), or a
// follower would sleep an hour with a committed event in the log (OPS-2).
func TestEventWaker_heldBack(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t)
	store, log := mustTaskStore(t, pool), mustEventLog(t, pool)
	w := mustWaker(t, pool, time.Hour)
	waitListening(t, w)
	start := readAll(t, log, starmap.Position{}, 0)
	var pos starmap.Position
	if len(start) > 0 {
		pos = start[len(start)-1].Position
	}
	older := begin(t, pool) // takes its transaction id first
	if _, err := older.Exec(ctx, "SELECT pg_current_xact_id()"); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Create(starmap.WithPendingEvents(ctx, []starmap.Event{ev("x.held", "h-1")}), newTaskRecord(t, "h-1")); err != nil {
		t.Fatal(err)
	}
	for range len(w.wake) { // the commit's notification, gone before the event is readable
		<-w.wake
	}
	if got := readNow(t, log, pos, 0); len(got) != 0 {
		t.Fatalf("OPS-1: an event behind a running older transaction is readable: %s", types(got))
	}
	wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	err := w.Wait(wctx, pos)
	cancel()
	if err != nil {
		t.Fatalf("OPS-2: Wait with a committed event held back = %v; want a return well before the hour's poll", err)
	}
	if err := older.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	wctx, cancel = context.WithTimeout(ctx, 5*time.Second)
	err = w.Wait(wctx, pos)
	cancel()
	if got := readNow(t, log, pos, 0); err != nil || len(got) != 1 || got[0].Type != "x.held" {
		t.Fatalf("OPS-2: once readable, Wait = %v and a read gets %s; want x.held", err, types(got))
	}
}
