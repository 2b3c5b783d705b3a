package pgstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/starmap-go/starmap"
)

var errHostRollback = errors.New("host rolls back")

// listenConn is a raw connection LISTENing on EventChannel: it counts
// every notification, where the waker folds them.
func listenConn(t *testing.T, url, schema string) *pgx.Conn {
	t.Helper()
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.RuntimeParams["search_path"] = schema
	c, err := pgx.ConnectConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close(context.Background()) })
	if _, err := c.Exec(context.Background(), "LISTEN "+EventChannel); err != nil {
		t.Fatal(err)
	}
	return c
}

// notifications counts the notifications of schema that arrive: the
// first within first, each further one within quiet of the one before.
func notifications(c *pgx.Conn, schema string, first, quiet time.Duration) int {
	n := 0
	for {
		d := first
		if n > 0 {
			d = quiet
		}
		ctx, cancel := context.WithTimeout(context.Background(), d)
		m, err := c.WaitForNotification(ctx)
		cancel()
		if err != nil {
			return n
		}
		if m.Payload == schema {
			n++
		}
	}
}

// TestNotifyAfterCommit_OPS2: every commit that appended events is
// followed by a notification of its schema — a write on its own (the
// store notifies after it) and a host's transaction (the statement
// notifies, delivered at its commit) — and nothing is sent for a write
// without events, a refused one or a rolled-back transaction; commits
// close together share notifications (the point of sending them after
// the commit: no writer waits for NOTIFY's lock).
func TestNotifyAfterCommit_OPS2(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t)
	var schema string
	if err := pool.QueryRow(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		t.Fatal(err)
	}
	c := listenConn(t, databaseURL(t), schema)
	store := mustTaskStore(t, pool)
	create := func(ctx context.Context, id string) error {
		_, err := store.Create(starmap.WithPendingEvents(ctx, []starmap.Event{ev("x.c", id)}), newTaskRecord(t, id))
		return err
	}

	// Each write on its own, waited for one at a time: one notification
	// after each (none may be lost when the sender is idle).
	for i := range 5 {
		if err := create(ctx, fmt.Sprintf("a-%d", i)); err != nil {
			t.Fatal(err)
		}
		if n := notifications(c, schema, 5*time.Second, 200*time.Millisecond); n != 1 {
			t.Fatalf("OPS-2: write %d: %d notifications, want 1", i, n)
		}
	}

	// A host's transaction: notified at its commit, not before.
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := create(WithTx(ctx, tx), "h-1"); err != nil {
		t.Fatal(err)
	}
	if n := notifications(c, schema, 300*time.Millisecond, 0); n != 0 {
		t.Fatalf("OPS-2: %d notifications before the host's commit", n)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if n := notifications(c, schema, 5*time.Second, 200*time.Millisecond); n != 1 {
		t.Fatalf("OPS-2: host's commit: %d notifications, want 1", n)
	}

	// Nothing for a rollback, a refusal, a write without events.
	if err := InTx(ctx, pool, func(ctx context.Context) error {
		if err := create(ctx, "h-2"); err != nil {
			return err
		}
		return errHostRollback
	}); !errors.Is(err, errHostRollback) {
		t.Fatal(err)
	}
	if err := create(ctx, "a-0"); err == nil {
		t.Fatal("a second create of a-0 was stored")
	}
	if _, err := store.Create(ctx, newTaskRecord(t, "q-1")); err != nil {
		t.Fatal(err)
	}
	if n := notifications(c, schema, 500*time.Millisecond, 0); n != 0 {
		t.Fatalf("OPS-2: %d notifications for a rollback, a refusal and a write without events", n)
	}

	// 200 writes from 8 goroutines: folded into fewer notifications, and
	// the last commit is still followed by one.
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				if err := create(ctx, fmt.Sprintf("c-%d-%d", g, i)); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n := notifications(c, schema, 5*time.Second, 200*time.Millisecond); n < 1 || n >= 200 {
		t.Fatalf("OPS-2: 200 concurrent writes: %d notifications, want at least one and fewer than 200", n)
	}
}
