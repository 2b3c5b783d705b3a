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
// bare single-row UPDATE loop over the same pool in the same run. Run it
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
func publishedTask(b *testing.B, s *TaskStore, id string) {
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
	} {
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
		for _, hot := range []bool{false, true} {
			mode := "distinct"
			if hot {
				mode = "hot"
			}
			b.Run(fmt.Sprintf("service/%s/workers=%d", mode, workers), func(b *testing.B) {
				var retries atomic.Int64
				svc := taskService(b, pool, starmap.FixedClock(at), task.WithRetry(starmap.Retry{Attempts: 10_000,
					OnConflict: func(int, error) { retries.Add(1) }}))
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
						publishedTask(b, store, id)
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
