package task_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/task"
)

// fakeChecker mounts the components it knows for their format.
type fakeChecker struct {
	known map[string]starmap.Format
	calls int
}

var errUnmountable = starmap.NewRule("tasktest_fake.unmountable", starmap.ErrInvalid, "组件{id}无法挂载", "component {id} cannot be mounted")

func (f *fakeChecker) CheckMount(_ context.Context, adv string, format starmap.Format, ids []string) ([]task.MountedComponent, error) {
	f.calls++
	var errs []error
	var out []task.MountedComponent
	for _, id := range ids {
		if ff, ok := f.known[id]; !ok || ff != format {
			errs = append(errs, errUnmountable.New(starmap.Arg("id", id)))
			continue
		}
		out = append(out, task.MountedComponent{ID: id, Title: "title " + id, AppID: "tt-" + adv})
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

func newService(t *testing.T, clock starmap.Clock, opts ...task.Option) (*task.Service, *memstore.TaskStore) {
	t.Helper()
	store := memstore.NewTaskStore()
	s, err := task.NewService(store, clock, task.DefaultPolicy(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return s, store
}

func TestServiceOrderMounting(t *testing.T) {
	ctx := context.Background()
	fc := &fakeChecker{known: map[string]starmap.Format{"cmp-live": starmap.FormatLive, "cmp-video": starmap.FormatShortVideo}}
	s, store := newService(t, starmap.FixedClock(t0), task.WithMountChecker(fc))

	t.Run("CMP-3_all_mountable_stored_with_snapshots", func(t *testing.T) {
		o := order(starmap.FormatLive, false)
		o.ID, o.Components = "t-ok", []string{"cmp-live"}
		tk, evs, err := s.Order(ctx, subAccount, o)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != 1 || evs[0].Type != "task.ordered" || tk.Version() != 1 {
			t.Errorf("events %+v version %d", evs, tk.Version())
		}
		got, err := s.Get(ctx, "t-ok")
		if err != nil {
			t.Fatal(err)
		}
		if c := got.Components(); len(c) != 1 || c[0].ID != "cmp-live" || c[0].AppID != "tt-adv-1" {
			t.Errorf("CMP-4 components %+v", c)
		}
	})
	t.Run("CMP-3_one_refused_refuses_whole_order", func(t *testing.T) {
		o := order(starmap.FormatLive, false)
		o.ID, o.Components = "t-bad", []string{"cmp-live", "cmp-video"}
		_, _, err := s.Order(ctx, advertiser, o)
		if !errors.Is(err, task.ErrMountRefused) || !errors.Is(err, errUnmountable) {
			t.Fatalf("err %v", err)
		}
		if _, err := store.Get(ctx, "t-bad"); !errors.Is(err, starmap.ErrNotFound) {
			t.Errorf("a refused order was stored: %v", err)
		}
	})
	t.Run("CMP-3_bad_order_never_asks_the_checker", func(t *testing.T) {
		before := fc.calls
		o := order(starmap.FormatLive, false)
		o.ID, o.Components, o.Price = "t-price", []string{"cmp-live"}, dec("0")
		if _, _, err := s.Order(ctx, advertiser, o); !errors.Is(err, task.ErrPriceInvalid) {
			t.Fatalf("err %v", err)
		}
		if fc.calls != before {
			t.Error("the checker was asked about an invalid order")
		}
	})
	t.Run("CMP-3_no_checker_configured", func(t *testing.T) {
		s2, store2 := newService(t, starmap.FixedClock(t0))
		o := order(starmap.FormatShortVideo, false)
		o.Components = []string{"cmp-video"}
		if _, _, err := s2.Order(ctx, advertiser, o); !errors.Is(err, task.ErrMountCheckerMissing) {
			t.Fatalf("err %v", err)
		}
		if recs, _ := store2.List(ctx, task.Query{}); len(recs) != 0 {
			t.Error("stored despite the refusal")
		}
		o.Components = nil
		if _, _, err := s2.Order(ctx, advertiser, o); err != nil {
			t.Errorf("no components need no checker: %v", err)
		}
	})
	t.Run("X-8_duplicate_id_conflict", func(t *testing.T) {
		o := order(starmap.FormatLive, false)
		o.ID, o.Components = "t-ok", []string{"cmp-live"}
		if _, _, err := s.Order(ctx, advertiser, o); !errors.Is(err, starmap.ErrConflict) {
			t.Errorf("err %v", err)
		}
	})
}

func TestServiceFlowAndSweep(t *testing.T) {
	ctx := context.Background()
	clock := starmap.NewManualClock(t0)
	s, _ := newService(t, clock)
	for _, id := range []string{"t-1", "t-2", "t-3"} {
		o := order(starmap.FormatShortVideo, false)
		o.ID = id
		if _, _, err := s.Order(ctx, advertiser, o); err != nil {
			t.Fatal(err)
		}
	}
	do := func(by starmap.Actor, id string, r task.Request) *task.Task {
		t.Helper()
		tk, evs, err := s.Do(ctx, by, id, r)
		if err != nil {
			t.Fatalf("%v: %v", r.Command, err)
		}
		if len(evs) != 1 || evs[0].Subject != id {
			t.Fatalf("events %+v", evs)
		}
		return tk
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
	if _, _, err := s.Do(ctx, creator, "nope", cmd(task.CmdAcceptOrder)); !errors.Is(err, starmap.ErrNotFound) {
		t.Errorf("unknown task: %v", err)
	}

	// TSK-7: nothing is due on day 5; on day 6 (10-07) t-1's invitation
	// has expired; t-2's acceptance is owed from 10-09.
	clock.Set(time.Date(2026, 10, 6, 23, 0, 0, 0, starmap.CST))
	if evs, err := s.Sweep(ctx); err != nil || len(evs) != 0 {
		t.Fatalf("sweep on 10-06: %v %v", evs, err)
	}
	clock.Set(time.Date(2026, 10, 7, 0, 0, 0, 0, starmap.CST))
	evs, err := s.Sweep(ctx)
	if err != nil || len(evs) != 1 || evs[0].Subject != "t-1" || evs[0].Type != "task.expire" || evs[0].Actor != starmap.PlatformActor("scheduler") {
		t.Fatalf("sweep on 10-07: %+v %v", evs, err)
	}
	clock.Set(time.Date(2026, 10, 9, 0, 0, 0, 0, starmap.CST))
	evs, err = s.Sweep(ctx)
	if err != nil || len(evs) != 1 || evs[0].Subject != "t-2" || evs[0].To != "settled" {
		t.Fatalf("sweep on 10-09: %+v %v", evs, err)
	}
	got, _ := s.Get(ctx, "t-2")
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
	s, _ := newService(t, starmap.FixedClock(t0.Add(time.Hour)), task.WithAttempts(100))
	if _, _, err := s.Order(ctx, advertiser, order(starmap.FormatShortVideo, true)); err != nil {
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
				_, _, err := s.Do(ctx, st.by[g%len(st.by)], "task-1", st.req)
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
	tk, err := s.Get(ctx, "task-1")
	if err != nil {
		t.Fatal(err)
	}
	if tk.State() != task.StateSettled || tk.HistoryLen() != len(steps)+1 || tk.Version() != uint64(len(steps)+1) {
		t.Errorf("state %v history %d version %d", tk.State(), tk.HistoryLen(), tk.Version())
	}
	checkMoney(t, tk)
}

func TestRecordRoundTrip(t *testing.T) {
	tk := newTask(t, starmap.FormatLive, true, task.MountedComponent{ID: "c-1"})
	liveTo(t, tk, task.StateOnAir)
	back, err := task.FromRecord(tk.Record())
	if err != nil {
		t.Fatal(err)
	}
	if back.State() != task.StateOnAir || back.HistoryLen() != tk.HistoryLen() || len(back.Components()) != 1 || !back.LiveStart().Equal(tk.LiveStart()) {
		t.Errorf("round trip lost data")
	}
	run(t, back, step{by: creator, req: cmd(task.CmdShowLiveCard)})

	r := tk.Record()
	r.State = task.StateSettled
	if _, err := task.FromRecord(r); !errors.Is(err, task.ErrRecordInvalid) {
		t.Errorf("history not ending in state: %v", err)
	}
	r = tk.Record()
	r.Postings = append(r.Postings, task.Posting{Kind: task.PostingPayout, From: task.AccountAdvertiserFrozen, To: task.AccountCreator, Amount: dec("99999")})
	if _, err := task.FromRecord(r); !errors.Is(err, task.ErrRecordInvalid) {
		t.Errorf("overdrawn frozen: %v", err)
	}
	r = tk.Record()
	r.Format = 9
	if _, err := task.FromRecord(r); !errors.Is(err, task.ErrRecordInvalid) {
		t.Errorf("bad format: %v", err)
	}
}
