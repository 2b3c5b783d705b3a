package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
)

// TestReviewReplicasHistory_X8: two replicas (two pools, two stores) run
// commands on two hot tasks at once — on their own, inside host
// transactions that commit, inside ones that roll back — while a host
// rewrites an old entry through Store.Update; afterwards every committed
// command is in the stored history exactly once, in Seq order, and every
// Outcome's task holds the history it was stored with.
func TestReviewReplicasHistory_X8(t *testing.T) {
	ctx := context.Background()
	poolA := freshPool(t)
	poolB := twinPool(t, poolA)
	pools := []*TaskStore{mustTaskStore(t, poolA), mustTaskStore(t, poolB)}
	hostPools := []*pgxpool.Pool{poolA, poolB}
	clock := starmap.FixedClock(benchStart.Add(24 * time.Hour))
	ids := []string{"rv-1", "rv-2"}
	for _, id := range ids {
		publishedTask(t, pools[0], id)
	}
	type done struct {
		id, who string
		out     task.Outcome
	}
	var (
		mu        sync.Mutex
		committed []done
		rewrites  = map[string]int{}
		wg        sync.WaitGroup
	)
	errc := make(chan error, 8)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, pool := pools[g%2], hostPools[g%2]
			svc, err := task.NewService(st, clock, task.WithRetry(starmap.Retry{Attempts: 1000}))
			if err != nil {
				errc <- err
				return
			}
			rnd := rand.New(rand.NewPCG(uint64(g), 7))
			for i := range 30 {
				id := ids[rnd.IntN(len(ids))]
				who := fmt.Sprintf("g%d-%d", g, i)
				switch rnd.IntN(5) {
				case 0: // inside a host transaction that commits
					var out task.Outcome
					err := InTx(ctx, pool, func(ctx context.Context) error {
						var err error
						out, err = report(ctx, svc, who, id, int64(i+1))
						return err
					})
					if err != nil {
						errc <- fmt.Errorf("%s in tx: %w", who, err)
						return
					}
					mu.Lock()
					committed = append(committed, done{id, who, out})
					mu.Unlock()
				case 1: // inside a host transaction that rolls back
					err := InTx(ctx, pool, func(ctx context.Context) error {
						if _, err := report(ctx, svc, who+"-rolledback", id, int64(i+1)); err != nil {
							return err
						}
						return errHostRollback
					})
					if !errors.Is(err, errHostRollback) {
						errc <- fmt.Errorf("%s rollback: %w", who, err)
						return
					}
				case 2: // a host rewrites the reason of the order's entry directly
					for {
						r, err := st.Get(ctx, id)
						if err != nil {
							errc <- err
							return
						}
						r.History[0].Reason = who
						if _, err := st.Update(ctx, r); errors.Is(err, starmap.ErrVersionConflict) {
							continue
						} else if err != nil {
							errc <- fmt.Errorf("%s rewrite: %w", who, err)
							return
						}
						mu.Lock()
						rewrites[id]++
						mu.Unlock()
						break
					}
				default:
					out, err := report(ctx, svc, who, id, int64(i+1))
					if err != nil {
						errc <- fmt.Errorf("%s: %w", who, err)
						return
					}
					mu.Lock()
					committed = append(committed, done{id, who, out})
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Fatal(err)
	}
	fresh := mustTaskStore(t, twinPool(t, poolA))
	for _, id := range ids {
		got, err := fresh.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]bool{}
		for _, d := range committed {
			if d.id == id {
				want["platform:"+d.who] = true
			}
		}
		seen := map[string]bool{}
		for i, c := range got.History {
			if c.Seq != i+1 {
				t.Errorf("X-8: %s entry %d has Seq %d", id, i, c.Seq)
			}
			if i < 7 {
				continue
			}
			a := c.Actor.String()
			if !want[a] || seen[a] {
				t.Errorf("X-8: %s entry %d by %s: not a committed command, or twice", id, i, a)
			}
			seen[a] = true
		}
		if len(seen) != len(want) {
			t.Errorf("X-8: %s holds %d of the %d committed commands", id, len(seen), len(want))
		}
		// Each Outcome's task: its history is a prefix of the stored one
		// (but for the order's reason, which hosts rewrote), ending in its
		// own command.
		for _, d := range committed {
			if d.id != id {
				continue
			}
			h := d.out.Task.History()
			if last := h[len(h)-1]; last.Actor.String() != "platform:"+d.who {
				t.Errorf("X-8: %s's Outcome ends in %s's entry", d.who, last.Actor)
			}
			h[0].Reason = got.History[0].Reason
			if diff := cmp.Diff(jsonHistory(t, got.History[:len(h)]), jsonHistory(t, h)); diff != "" {
				t.Errorf("X-8: %s's Outcome history differs from the stored prefix:\n%s", d.who, diff)
			}
		}
		// And the reader that wrote last, whose cache may append, agrees.
		for _, st := range pools {
			r, err := st.Get(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(got, r, recordEqual); diff != "" {
				t.Errorf("X-8: replica read of %s differs:\n%s", id, diff)
			}
		}
	}
	_ = rewrites
}

// jsonHistory is h as encoding/json writes it, entry by entry.
func jsonHistory(t *testing.T, h []task.Change) []string {
	t.Helper()
	out := make([]string, len(h))
	for i, c := range h {
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = string(b)
	}
	return out
}

// TestReviewFollowerWokenAfterEveryCommit_OPS2: a follower that only
// reads when the EventWaker wakes it (poll an hour) sees every event
// that two replicas commit — alone, in host transactions, around ones
// rolled back — and none of the rolled-back ones.
func TestReviewFollowerWokenAfterEveryCommit_OPS2(t *testing.T) {
	ctx := context.Background()
	poolA := freshPool(t)
	poolB := twinPool(t, poolA)
	stores := []*TaskStore{mustTaskStore(t, poolA), mustTaskStore(t, poolB)}
	hostPools := []*pgxpool.Pool{poolA, poolB}
	clock := starmap.FixedClock(benchStart.Add(24 * time.Hour))
	for _, id := range []string{"fw-1", "fw-2", "fw-3"} {
		publishedTask(t, stores[0], id)
	}
	log, err := NewEventLog(poolB)
	if err != nil {
		t.Fatal(err)
	}
	start, err := log.Last(ctx)
	if err != nil {
		t.Fatal(err)
	}
	waker, err := NewEventWaker(poolB, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	defer waker.Close()

	var (
		mu   sync.Mutex
		seen = map[string]bool{}
	)
	fctx, stop := context.WithCancel(ctx)
	defer stop()
	followed := make(chan struct{})
	go func() {
		defer close(followed)
		pos := start
		for fctx.Err() == nil {
			evs, err := log.ReadEvents(fctx, pos, 100)
			if err != nil {
				return
			}
			mu.Lock()
			for _, e := range evs {
				pos = e.Position
				seen[e.Actor.String()] = true
			}
			mu.Unlock()
			if len(evs) == 0 {
				if waker.Wait(fctx, pos) != nil {
					return
				}
			}
		}
	}()

	want := map[string]bool{}
	var wg sync.WaitGroup
	errc := make(chan error, 4)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, pool := stores[g%2], hostPools[g%2]
			svc, err := task.NewService(st, clock, task.WithRetry(starmap.Retry{Attempts: 1000}))
			if err != nil {
				errc <- err
				return
			}
			for i := range 12 {
				id := fmt.Sprintf("fw-%d", 1+(g+i)%3)
				who := fmt.Sprintf("f%d-%d", g, i)
				var err error
				switch i % 3 {
				case 0:
					_, err = report(ctx, svc, who, id, int64(i+1))
				case 1:
					err = InTx(ctx, pool, func(ctx context.Context) error {
						_, err := report(ctx, svc, who, id, int64(i+1))
						return err
					})
				case 2:
					err = InTx(ctx, pool, func(ctx context.Context) error {
						if _, err := report(ctx, svc, who+"-rb", id, int64(i+1)); err != nil {
							return err
						}
						return errHostRollback
					})
					if errors.Is(err, errHostRollback) {
						continue
					}
				}
				if err != nil {
					errc <- fmt.Errorf("%s: %w", who, err)
					return
				}
				mu.Lock()
				want["platform:"+who] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Fatal(err)
	}
	deadline := time.Now().Add(8 * time.Second)
	for {
		mu.Lock()
		n, missing := 0, []string{}
		for w := range want {
			if seen[w] {
				n++
			} else {
				missing = append(missing, w)
			}
		}
		extra := []string{}
		for s := range seen {
			if !want[s] {
				extra = append(extra, s)
			}
		}
		mu.Unlock()
		if len(extra) > 0 {
			t.Fatalf("OPS-2: the follower read events no commit stored: %v", extra)
		}
		if n == len(want) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("OPS-2: the follower was not woken for %d of %d committed events: %v", len(missing), len(want), missing)
		}
		time.Sleep(10 * time.Millisecond)
	}
	stop()
	<-followed
}
