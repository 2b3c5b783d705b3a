package pgstore

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
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
// random (their histories grow by a few entries over the run, where
// BenchmarkTransitions moves to a fresh task every 16 writes), and the
// version and history-length guards compare a column with itself (the
// plan stays the primary key's index scan). Like floor_statement it
// leaves out the notification a write outside a transaction sends after
// its commit (notify.go). The bare UPDATE is BenchmarkTransitions': a
// row of its own per client in a 16-row table. pgbench runs three rounds
// of 4 s per line, once, whatever b.N is:
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
	rec := storedPublished(b, store, "p-proto")
	var cols, schema string
	if err := pool.QueryRow(ctx, `SELECT string_agg(column_name, ', ' ORDER BY ordinal_position), current_schema()
		FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'tasks' AND column_name <> 'id'`).Scan(&cols, &schema); err != nil {
		b.Fatal(err)
	}
	for _, sql := range []string{
		"INSERT INTO tasks (id, " + cols + ") SELECT 'p-' || i, " + cols + " FROM tasks, generate_series(0, " + strconv.Itoa(copies-1) + ") i WHERE id = 'p-proto'",
		"CREATE TABLE bench_bare (id int PRIMARY KEY, n bigint NOT NULL)",
		"INSERT INTO bench_bare SELECT i, 0 FROM generate_series(0, 15) i",
		"VACUUM ANALYZE tasks", "VACUUM ANALYZE bench_bare",
	} {
		if _, err := pool.Exec(ctx, sql); err != nil {
			b.Fatal(err)
		}
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
	// The yardstick of BenchmarkTransitions: a row of its own per client
	// in a 16-row table.
	bare := script("bare.sql", "UPDATE bench_bare SET n = n + 1 WHERE id = :client_id")
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
		cmd := exec.Command(pgbench, append(append([]string{"-n", "-M", "prepared", "-T", "4",
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
	// Three rounds of bare, statement, statement without its event, 4 s
	// each: a ratio is taken within a round (the load of a shared machine
	// moves between rounds), and the median and the range reported.
	for _, clients := range []int{1, 4, 16} {
		b.Run(fmt.Sprintf("clients=%d", clients), func(b *testing.B) {
			b.ReportMetric(0, "ns/op")
			var bares, logs, plains []float64
			for range 3 {
				bare, logged, plain := run(clients, bare), run(clients, logged), run(clients, plain)
				bares, logs, plains = append(bares, bare), append(logs, logged/bare), append(plains, plain/bare)
			}
			slices.Sort(bares)
			slices.Sort(logs)
			slices.Sort(plains)
			b.ReportMetric(bares[1], "bare-tps")
			b.ReportMetric(logs[1], "statement/bare")
			b.ReportMetric(logs[0], "statement/bare-min")
			b.ReportMetric(logs[2], "statement/bare-max")
			b.ReportMetric(plains[1], "statement_nolog/bare")
		})
	}
}
