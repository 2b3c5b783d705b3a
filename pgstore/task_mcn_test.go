package pgstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/mcn"
	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/task"
)

// TestTaskMCNBackfill_MCN3: migration 0012 fills mcn, ordered_sec and
// ordered_nsec of the rows written before it from their documents exactly
// as the store writes them — the nanosecond, any zone, no MCN.
func TestTaskMCNBackfill_MCN3(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t)
	store := mustTaskStore(t, pool)
	for i, c := range []struct {
		mcn string
		at  time.Time
	}{
		{"mcn-1", tOrder.Add(123456789)},
		{"", tOrder.Add(-time.Hour).In(time.UTC)},
		{"mcn-2", time.Date(2026, 12, 31, 23, 59, 59, 1, time.FixedZone("x", -7*3600))},
		{"mcn-1", time.Date(2027, 1, 1, 0, 0, 0, 500_000_000, starmap.CST())},
	} {
		o := order(fmt.Sprintf("bf-%d", i))
		o.MCN = c.mcn
		tk, _, err := task.New(adv1, c.at, o, task.DefaultPolicy(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := store.Create(ctx, tk.Record()); err != nil {
			t.Fatal(err)
		}
	}
	read := func() string {
		rows, err := pool.Query(ctx, "SELECT id, mcn, ordered_sec, ordered_nsec FROM tasks ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var b strings.Builder
		for rows.Next() {
			var (
				id, m string
				sec   int64
				nsec  int32
			)
			if err := rows.Scan(&id, &m, &sec, &nsec); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s %q %d.%09d\n", id, m, sec, nsec)
		}
		return b.String()
	}
	written := read()
	all, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	var backfill string
	for _, m := range all {
		if m.version == 12 {
			i := strings.Index(m.sql, "UPDATE tasks SET")
			backfill = m.sql[i : i+strings.Index(m.sql[i:], ";")]
		}
	}
	if backfill == "" {
		t.Fatal("migration 0012 has no backfill")
	}
	if _, err := pool.Exec(ctx, "UPDATE tasks SET mcn = 'wrong', ordered_sec = 0, ordered_nsec = 0"); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, backfill); err != nil {
		t.Fatalf("the backfill: %v", err)
	}
	if got := read(); got != written {
		t.Errorf("MCN-3 the backfill of 0012 differs from what the store writes:\n%s\nwant\n%s", got, written)
	}
}

// mcnReplica is one process of the host: its own pool, an mcn.Service and a
// task.Service wired to each other (WithSigningTerms one way, MCNTasks
// and MCNLedger the other).
type mcnReplica struct {
	m *mcn.Service
	s *task.Service
}

func newMCNReplica(t *testing.T, pool *pgxpool.Pool, clock starmap.Clock) mcnReplica {
	t.Helper()
	ms, err := NewMCNStore(pool)
	if err != nil {
		t.Fatal(err)
	}
	ts := mustTaskStore(t, pool)
	src, err := task.MCNTasks(ts)
	if err != nil {
		t.Fatal(err)
	}
	led, err := task.MCNLedger(ts)
	if err != nil {
		t.Fatal(err)
	}
	m, err := mcn.NewService(ms, clock, mcn.WithRetry(starmap.Retry{Attempts: 64}), mcn.WithTaskSource(src), mcn.WithLedger(led))
	if err != nil {
		t.Fatal(err)
	}
	s, err := task.NewService(ts, clock, task.WithSigningTerms(m), task.WithRetry(starmap.Retry{Attempts: 64}))
	if err != nil {
		t.Fatal(err)
	}
	return mcnReplica{m: m, s: s}
}

// TestMCNTaskTwoReplicas_MCN1_MCN2: two replicas (two pools, each an
// mcn.Service and a task.Service) race two MCNs' acceptances on the same
// creators while orders for those creators come in on both, then race the
// end of some signings against more orders. At most one signing per
// creator is ever active; every task keeps the signing in force when it
// was ordered — the winner's, or none when ordered before the acceptance
// committed or after the end, never the loser's — with its share; and
// once settled, each task's MCN share is RoundFen(price × share), payout
// and share add up to the price, and each MCN's earnings statement (read
// on either mcnReplica) sums to its tasks' share postings.
func TestMCNTaskTwoReplicas_MCN1_MCN2(t *testing.T) {
	ctx := context.Background()
	poolA := freshPool(t)
	poolB := twinPool(t, poolA)
	clock := starmap.NewManualClock(tOrder)
	reps := []mcnReplica{newMCNReplica(t, poolA, clock), newMCNReplica(t, poolB, clock)}
	const creators = 6
	mcns := []string{"mcn-a", "mcn-b"}
	share := map[string]int{"mcn-a": 2000, "mcn-b": 3500}
	cre := func(i int) string { return fmt.Sprintf("cre-%d", i) }
	key := func(agency string, i int) mcn.Key { return mcn.Key{Creator: cre(i), Signing: "sig-" + agency} }

	// Both MCNs propose to every creator (proposals may overlap).
	today := starmap.Today(clock)
	for i := 0; i < creators; i++ {
		for j, agency := range mcns {
			p := mcn.Proposal{ID: "sig-" + agency, Creator: cre(i), Accounts: []mcn.Account{{Platform: onboarding.Douyin, ID: "dy-" + cre(i)}},
				Start: today, End: today.AddDays(365), ShareBP: share[agency]}
			if _, _, err := reps[j].m.Propose(ctx, starmap.MCNActor(agency), p); err != nil {
				t.Fatalf("Propose: %v", err)
			}
		}
	}

	var (
		mu    sync.Mutex
		tasks = map[string]*task.Task{} // by id, the latest outcome
		phase = map[string]int{}        // the phase a task was ordered in
	)
	orderOn := func(wg *sync.WaitGroup, rep mcnReplica, ph int, id, creator string) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o := task.Order{ID: id, Creator: creator, Format: starmap.FormatShortVideo, Price: decimal.RequireFromString("999.99")}
			out, err := rep.s.Order(ctx, adv1, o)
			if err != nil {
				t.Errorf("Order %s: %v", id, err)
				return
			}
			mu.Lock()
			tasks[id], phase[id] = out.Task, ph
			mu.Unlock()
		}()
	}

	// Phase 1: each creator accepts both proposals at once, one on each
	// mcnReplica, while four orders for it arrive, two on each.
	clock.Advance(time.Hour)
	winners := make([]string, creators)
	var wg sync.WaitGroup
	for i := 0; i < creators; i++ {
		for j, agency := range mcns {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _, err := reps[j].m.Accept(ctx, starmap.CreatorActor(cre(i)), key(agency, i))
				switch {
				case err == nil:
					mu.Lock()
					if winners[i] != "" {
						t.Errorf("MCN-1 %s: both %s and %s accepted", cre(i), winners[i], agency)
					}
					winners[i] = agency
					mu.Unlock()
				case !errors.Is(err, mcn.ErrOneActive):
					t.Errorf("MCN-1 Accept %s by %s: %v, want success or ErrOneActive", agency, cre(i), err)
				}
			}()
		}
		for k := 0; k < 4; k++ {
			orderOn(&wg, reps[k%2], 1, fmt.Sprintf("p1-%d-%d", i, k), cre(i))
		}
	}
	wg.Wait()
	// Phase 2: every signing is settled; orders on both replicas keep the
	// winner.
	clock.Advance(time.Hour)
	for i := 0; i < creators; i++ {
		if winners[i] == "" {
			t.Fatalf("MCN-1 %s: no acceptance won", cre(i))
		}
		for k := 0; k < 2; k++ {
			orderOn(&wg, reps[k], 2, fmt.Sprintf("p2-%d-%d", i, k), cre(i))
		}
	}
	wg.Wait()
	// Phase 3: the first half of the creators end their signings on one
	// mcnReplica while orders for them come in on the other; phase 4: the
	// orders after the end are the creators' alone.
	clock.Advance(time.Hour)
	ended := creators / 2
	for i := 0; i < ended; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, _, err := reps[0].m.End(ctx, starmap.CreatorActor(cre(i)), key(winners[i], i), "提前解约"); err != nil {
				t.Errorf("End %s: %v", cre(i), err)
			}
		}()
		for k := 0; k < 3; k++ {
			orderOn(&wg, reps[1], 3, fmt.Sprintf("p3-%d-%d", i, k), cre(i))
		}
	}
	wg.Wait()
	clock.Advance(time.Hour)
	for i := 0; i < creators; i++ {
		orderOn(&wg, reps[i%2], 4, fmt.Sprintf("p4-%d", i), cre(i))
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}

	// At most one active signing per creator, and it is the winner's
	// unless ended.
	for i := 0; i < creators; i++ {
		b, err := reps[i%2].m.Book(ctx, starmap.PlatformActor("ops"), cre(i))
		if err != nil {
			t.Fatal(err)
		}
		var active []string
		for _, sg := range b.Signings() {
			if sg.State == mcn.StateActive {
				active = append(active, sg.MCN)
			}
		}
		want := []string{winners[i]}
		if i < ended {
			want = nil
		}
		if fmt.Sprint(active) != fmt.Sprint(want) {
			t.Errorf("MCN-1 %s: active signings %v, want %v", cre(i), active, want)
		}
	}
	// Every task keeps the signing in force when it was ordered.
	racedKept, racedNone := 0, 0
	defer func() { t.Logf("raced orders: %d kept the winner's signing, %d none", racedKept, racedNone) }()
	for id, tk := range tasks {
		i := int(tk.Creator()[len("cre-")] - '0')
		sig, bp := tk.Signing()
		none := tk.MCN() == "" && sig == "" && bp == 0
		winner := tk.MCN() == winners[i] && sig == "sig-"+winners[i] && bp == share[winners[i]]
		var ok bool
		switch ph := phase[id]; {
		case ph == 1 || ph == 3 && i < ended: // raced: either side of the commit
			ok = none || winner
			if none {
				racedNone++
			} else {
				racedKept++
			}
		case ph == 4 && i < ended:
			ok = none
		default:
			ok = winner
		}
		if !ok {
			t.Errorf("MCN-2 task %s (phase %d, %s, winner %s) kept %q %q %d", id, phase[id], tk.Creator(), winners[i], tk.MCN(), sig, bp)
		}
	}

	// Settle every task (the creator acts: some signings have ended),
	// half on each mcnReplica, and check each task's money.
	clock.Advance(time.Hour)
	shares := map[string]decimal.Decimal{}
	n := 0
	for id, tk := range tasks {
		rep := reps[n%2]
		n++
		by := starmap.CreatorActor(tk.Creator())
		wg.Add(1)
		go func() {
			defer wg.Done()
			var last task.Outcome
			for _, step := range []struct {
				by starmap.Actor
				r  task.Request
			}{
				{by, task.Request{Command: task.CmdAcceptOrder}},
				{by, task.Request{Command: task.CmdSubmitScript, Ref: "oss://s"}},
				{adv1, task.Request{Command: task.CmdApproveScript}},
				{by, task.Request{Command: task.CmdSubmitVideo, Ref: "oss://v"}},
				{adv1, task.Request{Command: task.CmdApproveVideo}},
				{by, task.Request{Command: task.CmdPublish, Ref: "https://v.douyin.com/x"}},
				{adv1, task.Request{Command: task.CmdAcceptDelivery}},
			} {
				out, err := rep.s.Do(ctx, step.by, id, step.r)
				if err != nil {
					t.Errorf("%s %v: %v", id, step.r.Command, err)
					return
				}
				last = out
			}
			paid, mcnShare := decimal.Zero, decimal.Zero
			for _, p := range last.Postings {
				switch p.Kind {
				case task.PostingPayout:
					paid = paid.Add(p.Amount)
				case task.PostingMCNShare:
					mcnShare = mcnShare.Add(p.Amount)
				}
			}
			_, bp := tk.Signing()
			want := starmap.RoundFen(tk.Price().Mul(decimal.New(int64(bp), -4)))
			if !mcnShare.Equal(want) || !paid.Add(mcnShare).Equal(tk.Price()) {
				t.Errorf("TSK-5 task %s at %d bp: share %s (want %s), payout %s, price %s", id, bp, mcnShare, want, paid, tk.Price())
			}
			mu.Lock()
			shares[tk.MCN()] = shares[tk.MCN()].Add(mcnShare)
			mu.Unlock()
		}()
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	period, err := mcn.MonthPeriod(2026, time.October)
	if err != nil {
		t.Fatal(err)
	}
	for _, agency := range mcns {
		kept := 0
		for _, tk := range tasks {
			if tk.MCN() == agency {
				kept++
			}
		}
		for j, rep := range reps {
			st, err := rep.m.Earnings(ctx, starmap.MCNActor(agency), agency, period)
			if err != nil {
				t.Fatal(err)
			}
			if err := st.Reconcile(); err != nil {
				t.Error(err)
			}
			if !st.Closing.Equal(shares[agency]) || len(st.Entries) != kept {
				t.Errorf("MCN-3 %s earnings: closing %s over %d entries, want the %d tasks' shares %s", agency, st.Closing, len(st.Entries), kept, shares[agency])
			}
			p, err := rep.m.Orders(ctx, starmap.MCNActor(agency), agency, mcn.OrderQuery{PageRequest: starmap.PageRequest{Limit: starmap.MaxPageLimit}})
			if err != nil || len(p.Items) != kept {
				t.Errorf("MCN-3 %s orders on mcnReplica %d: %d, %v; want %d", agency, j, len(p.Items), err, kept)
			}
		}
	}
	if shares[""].Sign() != 0 {
		t.Errorf("tasks without an MCN posted an MCN share of %s", shares[""])
	}
}
