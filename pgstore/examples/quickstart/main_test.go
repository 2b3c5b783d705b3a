package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/starmap-go/starmap/examples/quickstart/tour"
)

// TestTourOnPostgreSQL (issue 15, X-8): the quickstart's tour on pgstore
// prints, line for line, what it prints on memstore — every store behaves
// the same to the services — and leaves no schema behind. Like the other
// pgstore tests it needs STARMAP_TEST_DATABASE_URL (scripts/with-postgres
// sets it): without it, it skips, or fails under CI.
func TestTourOnPostgreSQL(t *testing.T) {
	url := os.Getenv("STARMAP_TEST_DATABASE_URL")
	if url == "" {
		msg := "STARMAP_TEST_DATABASE_URL is not set: run the PostgreSQL tests with scripts/with-postgres (from the repository root)"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	ctx := context.Background()
	var mem strings.Builder
	if err := tour.Run(ctx, &mem, tour.MemStores()); err != nil {
		t.Fatalf("the tour on memstore: %v", err)
	}
	var pg strings.Builder
	schema := fmt.Sprintf("starmap_quickstart_test_%d", time.Now().UnixNano())
	if err := run(ctx, &pg, url, schema, false); err != nil {
		t.Fatalf("the tour on PostgreSQL: %v\n%s", err, pg.String())
	}
	want, got := strings.Split(mem.String(), "\n"), strings.Split(pg.String(), "\n")
	for i := 0; i < len(want) || i < len(got); i++ {
		var w, g string
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if w != g {
			t.Fatalf("line %d differs:\n memstore:   %q\n PostgreSQL: %q\n(PostgreSQL transcript:\n%s)", i+1, w, g, pg.String())
		}
	}
	if len(got) < 100 {
		t.Errorf("the transcript has %d lines: the tour did not run", len(got))
	}

	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var left bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = $1)", schema).Scan(&left); err != nil {
		t.Fatal(err)
	}
	if left {
		t.Errorf("schema %s is left behind", schema)
	}
}

// TestTourKeep: with keep the schema stays, holding the tour's rows (the
// task store, say, its three tasks).
func TestTourKeep(t *testing.T) {
	url := os.Getenv("STARMAP_TEST_DATABASE_URL")
	if url == "" {
		t.Skip("STARMAP_TEST_DATABASE_URL is not set: run the PostgreSQL tests with scripts/with-postgres")
	}
	ctx := context.Background()
	schema := fmt.Sprintf("starmap_quickstart_keep_%d", time.Now().UnixNano())
	if err := run(ctx, &strings.Builder{}, url, schema, true); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	defer conn.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE")
	var tasks int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM "+pgx.Identifier{schema, "tasks"}.Sanitize()).Scan(&tasks); err != nil {
		t.Fatal(err)
	}
	if tasks != 3 {
		t.Errorf("schema %s kept %d tasks, want the tour's 3", schema, tasks)
	}
}
