package pgstore

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// The PostgreSQL tests need a real server: scripts/with-postgres starts a
// throwaway one and sets STARMAP_TEST_DATABASE_URL. Without it they skip,
// saying so; under CI they fail, since CI must run them.
const urlEnv = "STARMAP_TEST_DATABASE_URL"

func databaseURL(t testing.TB) string {
	t.Helper()
	url := os.Getenv(urlEnv)
	if url == "" {
		msg := urlEnv + " is not set: run the PostgreSQL tests with scripts/with-postgres (from the repository root)"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return url
}

var schemaSeq atomic.Int64

// freshPool returns a pool whose connections work in a new, migrated
// schema of their own (search_path = that schema, public), so that every
// store a kit asks for starts empty. The schema is dropped at the end.
func freshPool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	url := databaseURL(t)
	ctx := context.Background()
	schema := fmt.Sprintf("t%d_%d", time.Now().UnixNano()%1e9, schemaSeq.Add(1))
	admin, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		t.Fatal(err)
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = schema + ", public"
	cfg.MaxConns = 8
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		pool.Close()
		_, _ = admin.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	})
	if err := Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	return pool
}
