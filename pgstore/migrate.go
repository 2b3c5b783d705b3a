package pgstore

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrateLock is the advisory-lock key Migrate holds while it works, so
// that replicas starting at once apply each migration once: the first
// takes the lock and migrates, the others wait, then find nothing to do.
const migrateLock int64 = 0x73746172_6d6170 // "starmap"

// VersionTable is the table in which Migrate records the migrations it
// applied: a name of this package's own, so that it never meets a host's
// migration tool's table.
const VersionTable = "starmap_schema_migrations"

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) { return readMigrations(migrationFiles, "migrations") }

// readMigrations reads the NNNN_name.sql files of dir: numbers ≥ 1,
// strictly increasing once sorted. Gaps are allowed (each store's
// migrations keep a range of numbers of their own); two files with one
// number are not.
func readMigrations(fsys fs.FS, dir string) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v < 1 || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("pgstore: migration file %q is not NNNN_name.sql", e.Name())
		}
		body, err := fs.ReadFile(fsys, dir+"/"+e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: strings.TrimSuffix(e.Name(), ".sql"), sql: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i := 1; i < len(out); i++ {
		if out[i].version == out[i-1].version {
			return nil, fmt.Errorf("pgstore: migrations %s and %s have one number", out[i-1].name, out[i].name)
		}
	}
	return out, nil
}

// Migrate brings the schema of every store of this package up to date in
// the pool's database (in the schema its search_path names first). It is
// idempotent, applies all pending migrations in one transaction under an
// advisory lock (two replicas starting at once apply each one once), and
// records them in VersionTable. A database migrated by a newer pgstore
// (a version this one does not know) is refused rather than touched.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	all, err := migrations()
	if err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", migrateLock); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS `+VersionTable+` (
			version    integer PRIMARY KEY,
			name       text NOT NULL,
			applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, "SELECT version FROM "+VersionTable)
		if err != nil {
			return err
		}
		applied, err := pgx.CollectRows(rows, pgx.RowTo[int])
		if err != nil {
			return err
		}
		known := make(map[int]bool, len(all))
		for _, m := range all {
			known[m.version] = true
		}
		done, current := make(map[int]bool, len(applied)), 0
		for _, v := range applied {
			if !known[v] {
				return fmt.Errorf("pgstore: the database has schema migration %d, which this pgstore does not know (a newer pgstore migrated it)", v)
			}
			done[v], current = true, max(current, v)
		}
		for _, m := range all {
			if done[m.version] {
				continue
			}
			if m.version < current {
				return fmt.Errorf("pgstore: migration %s is numbered below the schema version %d already applied", m.name, current)
			}
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return fmt.Errorf("pgstore: migration %s: %w", m.name, err)
			}
			if _, err := tx.Exec(ctx, "INSERT INTO "+VersionTable+" (version, name) VALUES ($1, $2)", m.version, m.name); err != nil {
				return err
			}
		}
		return nil
	})
}

// SchemaVersion returns the highest migration applied (0 for none).
func SchemaVersion(ctx context.Context, pool *pgxpool.Pool) (int, error) {
	var v int
	err := pool.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM "+VersionTable).Scan(&v)
	return v, err
}
