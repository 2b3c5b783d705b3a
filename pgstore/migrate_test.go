package pgstore

import (
	"context"
	"sync"
	"testing"
)

func TestMigrate_idempotentAndConcurrent(t *testing.T) {
	pool := freshPool(t) // migrated once already
	ctx := context.Background()
	want, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func(i int) { defer wg.Done(); errs[i] = Migrate(ctx, pool) }(i)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("concurrent Migrate: %v", err)
		}
	}
	var rows int
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM "+VersionTable).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if v, err := SchemaVersion(ctx, pool); err != nil || v != len(want) || rows != len(want) {
		t.Fatalf("after five Migrates: version %d (%v), %d rows; want %d of each", v, err, rows, len(want))
	}
	if _, err := pool.Exec(ctx, "INSERT INTO "+VersionTable+" (version, name) VALUES ($1, 'from_the_future')", len(want)+1); err != nil {
		t.Fatal(err)
	}
	if err := Migrate(ctx, pool); err == nil {
		t.Fatal("Migrate went on over a newer schema")
	}
}
