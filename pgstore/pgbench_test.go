package pgstore

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/starmap-go/starmap"
)

// BenchmarkPgbenchFloor is floor_statement without Go (issue 15, Speed):
// pgbench, PostgreSQL's own load generator, runs the task store's update
// statement (history entry appended, one event logged) with its
// arguments fixed, and a bare single-row UPDATE, at 1, 4 and 16 clients
// in the same run, so the floor it shows owes nothing to pgx or to the
// Go runtime. The statement is the store's own text with two changes,
// because pgbench cannot carry a version from one run of a script to the
// next: the key is one of 20,000 copies of a published task, drawn at
// random, and the version and history-length guards compare a column
// with itself. pgbench runs 8 s per line, once, whatever b.N is:
//
//	scripts/with-postgres sh -c 'cd pgstore && go test -run XXX -bench PgbenchFloor -benchtime 1x ./'
func BenchmarkPgbenchFloor(b *testing.B) {
	url := databaseURL(b)
	pgbench := filepath.Join(os.Getenv("STARMAP_TEST_PGBIN"), "pgbench")
	if _, err := os.Stat(pgbench); err != nil || os.Getenv("STARMAP_TEST_PGBIN") == "" {
		b.Skip("pgbench not found: run the benchmark with scripts/with-postgres, which sets STARMAP_TEST_PGBIN")
	}
	ctx := context.Background()
	pool := benchPool(b)
	store := mustTaskStore(b, pool)
	at := benchStart.Add(24 * 60 * 60e9)
	const copies = 20_000
	publishedTask(b, store, "p-proto")
	var cols, schema string
	if err := pool.QueryRow(ctx, `SELECT string_agg(column_name, ', ' ORDER BY ordinal_position), current_schema()
		FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'tasks' AND column_name <> 'id'`).Scan(&cols, &schema); err != nil {
		b.Fatal(err)
	}
	for _, sql := range []string{
		"INSERT INTO tasks (id, " + cols + ") SELECT 'p-' || i, " + cols + " FROM tasks, generate_series(0, " + strconv.Itoa(copies-1) + ") i WHERE id = 'p-proto'",
		"CREATE TABLE bench_bare (id int PRIMARY KEY, n bigint NOT NULL)",
		"INSERT INTO bench_bare SELECT i, 0 FROM generate_series(0, " + strconv.Itoa(copies-1) + ") i",
		"VACUUM ANALYZE tasks", "VACUUM ANALYZE bench_bare",
	} {
		if _, err := pool.Exec(ctx, sql); err != nil {
			b.Fatal(err)
		}
	}
	rec, err := store.Get(ctx, "p-proto")
	if err != nil {
		b.Fatal(err)
	}
	doc, err := store.t.doc(rec)
	if err != nil {
		b.Fatal(err)
	}
	t := store.t
	args := append(append(t.keyArgs("p-proto"), t.colArgs(rec)...), string(doc))
	v := len(args) + 1 // $v: the expected version
	// After $v: the new entries, the new length, the stored length, then
	// the event's nine (the subject second).
	args = append(args, int64(0), reportEntry(b, store, at), 0, 0)
	ev := starmap.Event{Type: "task.report_results", Subject: "p-proto", Actor: starmap.PlatformActor("data"),
		At: at, From: "published", To: "published"}
	args = append(args, eventArg(ev)...)
	stmt := t.updateStmt[tailAppend]
	special := map[int]string{1: "('p-' || :i)", v: "version", v + 2: "history_len + 1", v + 3: "history_len", v + 5: "('p-' || :j)"}

	// pgbench refuses an empty -D value: empty strings go in as literals.
	for i, a := range args {
		if _, ok := special[i+1]; !ok && fmt.Sprint(a) == "" {
			special[i+1] = "''"
		}
	}
	dir := b.TempDir()
	var defs []string
	script := func(name, sql string) string {
		sql = regexp.MustCompile(`\$([0-9]+)`).ReplaceAllStringFunc(sql, func(m string) string {
			n, _ := strconv.Atoi(m[1:])
			if s, ok := special[n]; ok {
				return s
			}
			return ":p" + strconv.Itoa(n)
		})
		path := filepath.Join(dir, name)
		text := fmt.Sprintf("\\set i random(0, %d)\n\\set j :i\n%s;\n", copies-1, sql)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
		return path
	}
	for i, a := range args {
		if _, ok := special[i+1]; !ok {
			defs = append(defs, "-D", fmt.Sprintf("p%d=%v", i+1, a))
		}
	}
	bare := script("bare.sql", "UPDATE bench_bare SET n = n + 1 WHERE id = :i")
	logged := script("statement.sql", stmt.log[1][0])
	if text, err := os.ReadFile(logged); err == nil {
		b.Logf("pgbench's script for the statement:\n%s", text)
	}
	plain := script("statement_nolog.sql", stmt.plain)

	cfg, err := pgconn.ParseConfig(url)
	if err != nil {
		b.Fatal(err)
	}
	run := func(clients int, path string) float64 {
		b.Helper()
		cmd := exec.Command(pgbench, append(append([]string{"-n", "-M", "prepared", "-T", "8",
			"-c", strconv.Itoa(clients), "-j", strconv.Itoa(clients), "-f", path}, defs...),
			"-h", cfg.Host, "-p", strconv.Itoa(int(cfg.Port)), "-U", cfg.User, cfg.Database)...)
		cmd.Env = append(os.Environ(), "PGOPTIONS=-c search_path="+schema+",public")
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("pgbench %s: %v\n%s", filepath.Base(path), err, out)
		}
		m := regexp.MustCompile(`(?m)^tps = ([0-9.]+)`).FindSubmatch(out)
		if m == nil || strings.Contains(string(out), "aborted") {
			b.Fatalf("pgbench %s: no tps in\n%s", filepath.Base(path), out)
		}
		tps, _ := strconv.ParseFloat(string(m[1]), 64)
		return tps
	}
	for _, clients := range []int{1, 4, 16} {
		b.Run(fmt.Sprintf("clients=%d", clients), func(b *testing.B) {
			b.ReportMetric(0, "ns/op")
			bareTPS, loggedTPS, plainTPS := run(clients, bare), run(clients, logged), run(clients, plain)
			b.ReportMetric(bareTPS, "bare-tps")
			b.ReportMetric(loggedTPS, "statement-tps")
			b.ReportMetric(plainTPS, "statement_nolog-tps")
			b.ReportMetric(loggedTPS/bareTPS, "statement/bare")
			b.ReportMetric(plainTPS/bareTPS, "statement_nolog/bare")
		})
	}
}
