package pgstore

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/starmap-go/starmap"
)

// TestEventWakerSchemaFromAfterConnect_OPS2: a host that puts its pool in
// a schema with pgxpool's AfterConnect hook (a common way, instead of a
// search_path runtime parameter) has its stores and EventLog in that
// schema, but the waker's own connection is made from ConnConfig alone,
// so it listens for the payload "public" and no commit ever wakes it:
// a follower falls back to polling silently. OPS-2: wake-ups by
// LISTEN/NOTIFY, with polling only as the fallback.
func TestEventWakerSchemaFromAfterConnect_OPS2(t *testing.T) {
	base := freshPool(t) // makes and migrates a schema; we reuse its name
	ctx := context.Background()
	var schema string
	if err := base.QueryRow(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		t.Fatal(err)
	}
	cfg, err := pgxpool.ParseConfig(databaseURL(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg.AfterConnect = func(ctx context.Context, c *pgx.Conn) error {
		_, err := c.Exec(ctx, fmt.Sprintf("SET search_path = %s, public", schema))
		return err
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	store := mustTaskStore(t, pool)
	w := mustWaker(t, pool, time.Hour) // notifications only
	waitListening(t, w)
	if _, err := store.Create(starmap.WithPendingEvents(ctx, []starmap.Event{ev("x.c", "t-1")}), newTaskRecord(t, "t-1")); err != nil {
		t.Fatal(err)
	}
	if !woken(w, 5*time.Second) {
		t.Errorf("OPS-2: a committed write with events in schema %s did not wake the waker of the same pool (it listens for %q)", schema, "public")
	}
}
