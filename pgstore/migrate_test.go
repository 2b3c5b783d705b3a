package pgstore

import (
	"context"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
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
	last := want[len(want)-1].version
	if v, err := SchemaVersion(ctx, pool); err != nil || v != last || rows != len(want) {
		t.Fatalf("after five Migrates: version %d (%v), %d rows; want version %d and %d rows", v, err, rows, last, len(want))
	}
	if _, err := pool.Exec(ctx, "INSERT INTO "+VersionTable+" (version, name) VALUES ($1, 'from_the_future')", last+1); err != nil {
		t.Fatal(err)
	}
	if err := Migrate(ctx, pool); err == nil {
		t.Fatal("Migrate went on over a newer schema")
	}
}

// TestReadMigrations_gaps: numbers need only increase (each store keeps a
// range of its own), from 1 up; a repeated number or a name not
// NNNN_name.sql is refused. It needs no server.
func TestReadMigrations_gaps(t *testing.T) {
	file := func(body string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(body)} }
	got, err := readMigrations(fstest.MapFS{
		"m/0020_star.sql":       file("-- star"),
		"m/0001_extensions.sql": file("-- one"),
		"m/0002_authz.sql":      file("-- two"),
		"m/0010_task.sql":       file("-- ten"),
	}, "m")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range got {
		names = append(names, m.name)
	}
	if want := "0001_extensions 0002_authz 0010_task 0020_star"; strings.Join(names, " ") != want || got[2].version != 10 || got[3].sql != "-- star" {
		t.Fatalf("readMigrations = %v (%+v), want %s in that order", names, got, want)
	}
	for name, fsys := range map[string]fstest.MapFS{
		"one number twice": {"m/0002_a.sql": file(""), "m/02_b.sql": file("")},
		"number zero":      {"m/0000_zero.sql": file("")},
		"no number":        {"m/authz.sql": file("")},
		"not sql":          {"m/0003_notes.txt": file("")},
	} {
		if got, err := readMigrations(fsys, "m"); err == nil {
			t.Errorf("%s: readMigrations = %+v, want an error", name, got)
		}
	}
	if all, err := migrations(); err != nil || len(all) == 0 || all[0].version != 1 {
		t.Errorf("the embedded migrations: %+v, %v", all, err)
	}
}
