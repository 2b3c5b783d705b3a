package pgstore

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
)

// The Speed section of issue 15: transitions per second through
// task.Service on pgstore with 1, 4 and 16 workers, on distinct tasks and
// on one hot task (conflict retries counted), p50/p99 latency, next to a
// bare single-row UPDATE loop over the same pool in the same run — and,
// for issue 16, the same with the event log left out, the documents as
// jsonb (before migration 0041), two floors under any transition, and the
// client's and the server's CPU time per operation. Run it
// (it skips without STARMAP_TEST_DATABASE_URL; the ordinary test run never
// runs it) with
//
//	scripts/with-postgres sh -c 'cd pgstore && go test -run XXX -bench Transitions -benchtime 3s ./...'
//
// A transition is CmdReportResults on a published short video (the one
// command a task takes again and again); every 16 transitions a target
// moves on to a fresh published task, so that the document — history
// included — stays the size of a real task's.

const benchRotate = 16

var benchSeq atomic.Int64

// benchPool is a fresh migrated schema with room for 16 workers.
func benchPool(b *testing.B) *pgxpool.Pool {
	b.Helper()
	cfg := freshPool(b).Config()
	cfg.MaxConns = 40
	p, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(p.Close)
	return p
}

var benchStart = time.Date(2026, 10, 1, 9, 0, 0, 0, starmap.CST())

// publishedTask stores a published short video made on the pure aggregate.
func publishedTask(b testing.TB, s *TaskStore, id string) { taskAfter(b, s, id, 6) }

// taskAfter stores a short video made on the pure aggregate after the
// first steps of accept, script, approval, video, approval, publish.
func taskAfter(b testing.TB, s *TaskStore, id string, steps int) {
	now := benchStart
	tk, _, err := task.New(adv1, now, order(id), task.DefaultPolicy(), nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, st := range []struct {
		by  starmap.Actor
		req task.Request
	}{
		{cre1, task.Request{Command: task.CmdAcceptOrder}},
		{cre1, task.Request{Command: task.CmdSubmitScript, Ref: "s-1"}},
		{adv1, task.Request{Command: task.CmdApproveScript}},
		{cre1, task.Request{Command: task.CmdSubmitVideo, Ref: "v-1"}},
		{adv1, task.Request{Command: task.CmdApproveVideo}},
		{cre1, task.Request{Command: task.CmdPublish, Ref: "p-1"}},
	}[:steps] {
		now = now.Add(time.Hour)
		if _, err := tk.Apply(st.by, now, st.req); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := s.Create(context.Background(), tk.Record()); err != nil {
		b.Fatal(err)
	}
}

// runWorkers runs b.N operations on workers goroutines; op gets the
// worker and the worker's count of operations so far. It reports
// transitions/s, p50 and p99 latency.
func runWorkers(b *testing.B, workers int, op func(w, i int) error) {
	var (
		next atomic.Int64
		wg   sync.WaitGroup
		lat  = make([][]time.Duration, workers)
		errs = make([]error, workers)
	)
	b.ResetTimer()
	server0, client0 := serverCPU(), clientCPU()
	start := time.Now()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; next.Add(1) <= int64(b.N); i++ {
				t0 := time.Now()
				if err := op(w, i); err != nil {
					errs[w] = err
					return
				}
				lat[w] = append(lat[w], time.Since(t0))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	server, client := serverCPU()-server0, clientCPU()-client0
	b.StopTimer()
	for _, err := range errs {
		if err != nil {
			b.Fatal(err)
		}
	}
	all := slices.Concat(lat...)
	slices.Sort(all)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "transitions/s")
	b.ReportMetric(float64(all[len(all)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(all[len(all)*99/100].Microseconds()), "p99-µs")
	if server0 >= 0 && server >= 0 {
		b.ReportMetric(float64(server.Microseconds())/float64(b.N), "server-cpu-µs/op")
	}
	if client0 >= 0 {
		b.ReportMetric(float64(client.Microseconds())/float64(b.N), "client-cpu-µs/op")
	}
}

// noLog is the task store with the event log left out: it drops the
// pending events before each write (the "without the log" line).
type noLog struct{ *TaskStore }

// noCache is the task store without its cache of recent records
// (task.RecentStore hidden): every transition loads the record, as before
// the cache (the "without the cache" line).
type noCache struct{ task.Store }

// baseOf is the TaskStore under a benchmark's store.
func baseOf(s task.Store) *TaskStore {
	switch n := s.(type) {
	case noLog:
		return n.TaskStore
	case noCache:
		return baseOf(n.Store)
	}
	return s.(*TaskStore)
}

func (s noLog) Create(ctx context.Context, r task.Record) (uint64, error) {
	return s.TaskStore.Create(starmap.WithPendingEvents(ctx, nil), r)
}

func (s noLog) Update(ctx context.Context, r task.Record) (uint64, error) {
	return s.TaskStore.Update(starmap.WithPendingEvents(ctx, nil), r)
}

func BenchmarkTransitions(b *testing.B) {
	databaseURL(b)
	ctx := context.Background()
	pool := benchPool(b)
	if _, err := pool.Exec(ctx, "CREATE TABLE bench_bare (id int PRIMARY KEY, n bigint NOT NULL)"); err != nil {
		b.Fatal(err)
	}
	if _, err := pool.Exec(ctx, "INSERT INTO bench_bare SELECT i, 0 FROM generate_series(0, 15) i"); err != nil {
		b.Fatal(err)
	}
	store := mustTaskStore(b, pool)
	// The documents as they were stored before migration 0041 (jsonb,
	// pglz), in a schema of their own, for the line that shows what 0041
	// bought.
	jsonbPool := benchPool(b)
	if _, err := jsonbPool.Exec(ctx, "ALTER TABLE tasks ALTER doc TYPE jsonb USING doc::jsonb, ALTER doc SET COMPRESSION pglz"); err != nil {
		b.Fatal(err)
	}
	jsonbStore := mustTaskStore(b, jsonbPool)
	at := benchStart.Add(24 * time.Hour)
	for _, workers := range []int{1, 4, 16} {
		b.Run(fmt.Sprintf("bare_update/distinct/workers=%d", workers), func(b *testing.B) {
			runWorkers(b, workers, func(w, _ int) error {
				_, err := pool.Exec(ctx, "UPDATE bench_bare SET n = n + 1 WHERE id = $1", w)
				return err
			})
		})
		b.Run(fmt.Sprintf("bare_update/hot/workers=%d", workers), func(b *testing.B) {
			runWorkers(b, workers, func(int, int) error {
				_, err := pool.Exec(ctx, "UPDATE bench_bare SET n = n + 1 WHERE id = 0")
				return err
			})
		})
		// The floors under a service transition, distinct rows only: two
		// round trips on the bare row (read, then compare-and-swap), and
		// the same two statements carrying the task's stored document
		// (read it, write it back; no decoding, no decision).
		b.Run(fmt.Sprintf("floor_two_statements/distinct/workers=%d", workers), func(b *testing.B) {
			runWorkers(b, workers, func(w, _ int) error {
				var n int64
				if err := pool.QueryRow(ctx, "SELECT n FROM bench_bare WHERE id = $1", w).Scan(&n); err != nil {
					return err
				}
				_, err := pool.Exec(ctx, "UPDATE bench_bare SET n = $2 WHERE id = $1 AND n = $3", w, n+1, n)
				return err
			})
		})
		b.Run(fmt.Sprintf("floor_doc_cas/distinct/workers=%d", workers), func(b *testing.B) {
			prefix := fmt.Sprintf("f%d", benchSeq.Add(1))
			for w := range workers {
				publishedTask(b, store, fmt.Sprintf("%s-%d", prefix, w))
			}
			runWorkers(b, workers, func(w, _ int) error {
				var (
					v         int64
					doc, hist []byte
				)
				id := fmt.Sprintf("%s-%d", prefix, w)
				if err := pool.QueryRow(ctx, "SELECT version, doc, history FROM tasks WHERE id = $1", id).Scan(&v, &doc, &hist); err != nil {
					return err
				}
				_, err := pool.Exec(ctx, "UPDATE tasks SET version = version + 1, doc = $2, history = $4 WHERE id = $1 AND version = $3", id, doc, v, string(hist))
				return err
			})
		})
		// The statement's own floor: the very statement a transition
		// sends (append one history entry, log one event) and the
		// notification after it, with inputs prepared once — no
		// loading, deciding or encoding: what the service line would
		// reach if the SDK's own work cost nothing.
		b.Run(fmt.Sprintf("floor_statement/distinct/workers=%d", workers), func(b *testing.B) {
			floorStatement(b, store, workers, at)
		})
		for _, c := range []struct {
			name string
			hot  bool
			st   task.Store
		}{
			{"service/distinct", false, store}, {"service_nolog/distinct", false, noLog{store}},
			{"service_nocache/distinct", false, noCache{store}}, {"service_nocache_nolog/distinct", false, noCache{noLog{store}}},
			{"service_jsonb/distinct", false, jsonbStore},
			{"service/hot", true, store}, {"service_nolog/hot", true, noLog{store}},
		} {
			hot := c.hot
			b.Run(fmt.Sprintf("%s/workers=%d", c.name, workers), func(b *testing.B) {
				var retries atomic.Int64
				svc, err := task.NewService(c.st, starmap.FixedClock(at), task.WithRetry(starmap.Retry{Attempts: 10_000,
					OnConflict: func(int, error) { retries.Add(1) }}))
				if err != nil {
					b.Fatal(err)
				}
				// The targets: one per worker (distinct) or one for all
				// (hot), each a run of fresh published tasks.
				slots := workers
				if hot {
					slots = 1
				}
				per := b.N/slots/benchRotate + 2
				if hot {
					per = b.N/benchRotate + 2
				}
				prefix := fmt.Sprintf("b%d", benchSeq.Add(1))
				ids := make([][]string, slots)
				for s := range ids {
					for k := range per {
						id := fmt.Sprintf("%s-%d-%d", prefix, s, k)
						publishedTask(b, baseOf(c.st), id)
						ids[s] = append(ids[s], id)
					}
				}
				var hotCount atomic.Int64
				by := starmap.PlatformActor("data")
				runWorkers(b, workers, func(w, i int) error {
					id := ""
					if hot {
						id = ids[0][int(hotCount.Add(1)-1)/benchRotate]
					} else {
						// A worker may take more than its share of b.N: wrap round.
						id = ids[w][(i/benchRotate)%len(ids[w])]
					}
					_, err := svc.Do(ctx, by, id, task.Request{Command: task.CmdReportResults,
						Metrics: task.Metrics{Exposure: int64(i + 1), GMV: decimal.NewFromInt(int64(i))}})
					return err
				})
				b.ReportMetric(float64(retries.Load())/float64(b.N), "retries/op")
			})
		}
	}
}

// BenchmarkEventLogRead is a follower's reading speed (issue 16, Speed):
// events per second read from the log in pages of MaxPageLimit, decoded
// into LoggedEvents, from a log of 50,000 events.
//
//	scripts/with-postgres sh -c 'cd pgstore && go test -run XXX -bench EventLogRead ./...'
func BenchmarkEventLogRead(b *testing.B) {
	databaseURL(b)
	ctx := context.Background()
	pool := benchPool(b)
	const n = 50_000
	if _, err := pool.Exec(ctx, `INSERT INTO starmap_events (`+eventCols+`)
		SELECT 'task.results_reported', 't-' || i, 'platform:data', 1790000000 + i, 0, 28800, 'published', 'published', ''
		FROM generate_series(1, $1) i`, n); err != nil {
		b.Fatal(err)
	}
	if _, err := pool.Exec(ctx, "VACUUM ANALYZE starmap_events"); err != nil {
		b.Fatal(err)
	}
	log, err := NewEventLog(pool)
	if err != nil {
		b.Fatal(err)
	}
	var pos starmap.Position
	read := 0
	b.ResetTimer()
	start := time.Now()
	for read < b.N {
		page, err := log.ReadEvents(ctx, pos, starmap.MaxPageLimit)
		if err != nil {
			b.Fatal(err)
		}
		if len(page) == 0 {
			pos = starmap.Position{} // wrap round
			continue
		}
		read += len(page)
		pos = page[len(page)-1].Position
	}
	b.ReportMetric(float64(read)/time.Since(start).Seconds(), "events/s")
}

// floorStatement runs the task store's update statement (tail appended,
// one event) on workers distinct targets, each moving on to a fresh
// published task every benchRotate writes as the service lines do, with
// every argument computed before the clock starts.
func floorStatement(b *testing.B, store *TaskStore, workers int, at time.Time) {
	ctx := context.Background()
	t := store.t
	per := b.N/workers/benchRotate + 2
	prefix := fmt.Sprintf("s%d", benchSeq.Add(1))
	type target struct {
		args    []any
		version int64
		history int // entries stored
	}
	targets := make([][]target, workers)
	for w := range targets {
		for k := range per {
			id := fmt.Sprintf("%s-%d-%d", prefix, w, k)
			rec := storedPublished(b, store, id)
			doc, err := t.doc(rec)
			if err != nil {
				b.Fatal(err)
			}
			ev := starmap.Event{Type: "task.report_results", Subject: id, Actor: starmap.PlatformActor("data"),
				At: at, From: "published", To: "published"}
			args := append(append(t.keyArgs(id), t.colArgs(rec)...), doc)
			targets[w] = append(targets[w], target{args: append(args, eventArg(ev)...), version: int64(rec.Version), history: len(rec.History)})
		}
	}
	entry := reportEntry(b, store, at)
	sql := t.updateStmt[tailAppend].log[1][0]
	runWorkers(b, workers, func(w, i int) error {
		tg := &targets[w][(i/benchRotate)%len(targets[w])]
		h := tg.history
		a := tg.args
		// key, columns, doc | expected, entries, new length, stored length | event
		cols := len(a) - 9
		args := make([]any, 0, len(a)+4)
		args = append(args, a[:cols]...)
		args = append(args, tg.version, entry, int32(h+1), int32(h))
		args = append(args, a[cols:]...)
		var v int64
		err := t.pool.QueryRow(ctx, sql, args...).Scan(&v)
		t.notify.signal() // as the store does after a write outside a transaction
		if err != nil {
			return fmt.Errorf("floor statement on %v at version %d: %w", a[0], tg.version, err)
		}
		tg.version, tg.history = v, h+1
		return nil
	})
}

// storedPublished stores a published task as publishedTask does and
// returns its record as the store reads it back.
func storedPublished(b *testing.B, store *TaskStore, id string) task.Record {
	publishedTask(b, store, id)
	rec, err := store.Get(context.Background(), id)
	if err != nil {
		b.Fatal(err)
	}
	return rec
}

// reportEntry is the JSON of the entry a CmdReportResults appends to a
// published task's history, as the store sends it.
func reportEntry(b *testing.B, store *TaskStore, at time.Time) string {
	rec := storedPublished(b, store, fmt.Sprintf("h%d", benchSeq.Add(1)))
	tk, err := task.FromRecord(rec)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := tk.Apply(starmap.PlatformActor("data"), at, task.Request{Command: task.CmdReportResults,
		Metrics: task.Metrics{Exposure: 1, GMV: decimal.NewFromInt(1)}}); err != nil {
		b.Fatal(err)
	}
	raw, err := store.t.tail.encode(nil, tk.Record(), len(rec.History))
	if err != nil {
		b.Fatal(err)
	}
	return string(raw)
}
