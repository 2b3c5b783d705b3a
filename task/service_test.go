package task_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
)

func TestServiceFlowAndSweep(t *testing.T) {
	ctx := context.Background()
	clock := starmap.NewManualClock(t0)
	s, _ := newService(t, clock)
	for _, id := range []string{"t-1", "t-2", "t-3"} {
		o := order(starmap.FormatShortVideo, false)
		o.ID = id
		if _, err := s.Order(ctx, advertiser, o); err != nil {
			t.Fatal(err)
		}
	}
	do := func(by starmap.Actor, id string, r task.Request) *task.Task {
		t.Helper()
		out := mustDo(t, s, by, id, r)
		if evs := out.Events; len(evs) != 1 || evs[0].Subject != id {
			t.Fatalf("events %+v", evs)
		}
		return out.Task
	}
	do(creator, "t-2", cmd(task.CmdAcceptOrder))
	do(creator, "t-2", withRef(task.CmdSubmitScript))
	do(advertiser, "t-2", cmd(task.CmdApproveScript))
	do(creator, "t-2", withRef(task.CmdSubmitVideo))
	do(advertiser, "t-2", cmd(task.CmdApproveVideo))
	do(creator, "t-2", withRef(task.CmdPublish))
	do(creator, "t-3", cmd(task.CmdAcceptOrder))
	tk := do(platform, "t-2", task.Request{Command: task.CmdReportResults, Metrics: task.Metrics{Exposure: 100, Clicks: 10, Orders: 1, GMV: dec("99.00")}})
	if tk.Version() != 8 || tk.HistoryLen() != 8 {
		t.Errorf("version %d history %d", tk.Version(), tk.HistoryLen())
	}
	if _, err := s.Do(ctx, creator, "nope", cmd(task.CmdAcceptOrder)); !errors.Is(err, starmap.ErrNotFound) {
		t.Errorf("unknown task: %v", err)
	}

	// TSK-7: nothing is due on day 5; on day 6 (10-07) t-1's invitation
	// has expired; t-2's acceptance is owed from 10-09.
	clock.Set(time.Date(2026, 10, 6, 23, 0, 0, 0, starmap.CST()))
	if outs, err := s.Sweep(ctx, sweeper); err != nil || len(outs) != 0 {
		t.Fatalf("sweep on 10-06: %v %v", outs, err)
	}
	clock.Set(time.Date(2026, 10, 7, 0, 0, 0, 0, starmap.CST()))
	evs := sweptEvents(t, s)
	if len(evs) != 1 || evs[0].Subject != "t-1" || evs[0].Type != "task.expire" || evs[0].Actor != starmap.PlatformActor("scheduler") {
		t.Fatalf("sweep on 10-07: %+v", evs)
	}
	clock.Set(time.Date(2026, 10, 9, 0, 0, 0, 0, starmap.CST()))
	evs = sweptEvents(t, s)
	if len(evs) != 1 || evs[0].Subject != "t-2" || evs[0].To != "settled" {
		t.Fatalf("sweep on 10-09: %+v", evs)
	}
	got, _ := s.Get(ctx, advertiser, "t-2")
	if got.State() != task.StateSettled || !got.Statement().Sum().IsZero() {
		t.Errorf("t-2 %v", got.State())
	}
	creators, period, err := s.Results(ctx, subAccount, starmap.MustDate(2026, 10, 1), starmap.MustDate(2026, 10, 31))
	if err != nil || len(creators) != 1 || creators[0].Tasks != 3 || period.Tasks != 1 || period.Metrics.GMV.StringFixed(2) != "99.00" {
		t.Errorf("TSK-6 results %+v %+v %v", creators, period, err)
	}
	if _, _, err := s.Results(ctx, creator, starmap.MustDate(2026, 10, 1), starmap.MustDate(2026, 10, 31)); !errors.Is(err, starmap.ErrActorRole) {
		t.Errorf("X-7 creator asking advertiser results: %v", err)
	}
}

// TestServiceConcurrency: many goroutines drive one task through the
// Service on memstore; at each step exactly one of them wins, the others
// see the state moved on, and nothing is lost.
func TestServiceConcurrency(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t, starmap.FixedClock(t0.Add(time.Hour)), task.WithRetry(starmap.Retry{Attempts: 100}))
	if _, err := s.Order(ctx, advertiser, order(starmap.FormatShortVideo, true)); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		by  []starmap.Actor
		req task.Request
	}{
		{[]starmap.Actor{creator, mcn}, cmd(task.CmdAcceptOrder)},
		{[]starmap.Actor{creator, mcn}, withRef(task.CmdSubmitScript)},
		{[]starmap.Actor{advertiser, subAccount, platform}, withReason(task.CmdRejectScript)},
		{[]starmap.Actor{creator, mcn}, withRef(task.CmdSubmitScript)},
		{[]starmap.Actor{advertiser, subAccount, platform}, cmd(task.CmdApproveScript)},
		{[]starmap.Actor{creator, mcn}, withRef(task.CmdSubmitVideo)},
		{[]starmap.Actor{advertiser, subAccount}, cmd(task.CmdApproveVideo)},
		{[]starmap.Actor{creator, mcn}, withRef(task.CmdPublish)},
		{[]starmap.Actor{advertiser, subAccount}, cmd(task.CmdAcceptDelivery)},
	}
	const n = 12
	for i, st := range steps {
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := 0
		for g := 0; g < n; g++ {
			wg.Add(1)
			go func(g int) {
				defer wg.Done()
				_, err := s.Do(ctx, st.by[g%len(st.by)], "task-1", st.req)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					wins++
				case errors.Is(err, task.ErrNotAllowedInState):
				default:
					t.Errorf("step %d: %v", i, err)
				}
			}(g)
		}
		wg.Wait()
		if wins != 1 {
			t.Fatalf("step %d %v: %d winners, want exactly 1", i, st.req.Command, wins)
		}
	}
	tk, err := s.Get(ctx, platform, "task-1")
	if err != nil {
		t.Fatal(err)
	}
	if tk.State() != task.StateSettled || tk.HistoryLen() != len(steps)+1 || tk.Version() != uint64(len(steps)+1) {
		t.Errorf("state %v history %d version %d", tk.State(), tk.HistoryLen(), tk.Version())
	}
	checkMoney(t, tk)
}
