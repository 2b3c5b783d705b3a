package task_test

import (
	"context"
	"errors"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	mcnpkg "github.com/starmap-go/starmap/mcn"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/task"
)

// mcnWorld is an mcn.Service and a task.Service on memstore wired both
// ways: the task service keeps the signing in force (WithSigningTerms),
// the MCN's views read the task store (MCNTasks, MCNLedger).
type mcnWorld struct {
	clock *starmap.ManualClock
	m     *mcnpkg.Service
	s     *task.Service
	store *memstore.TaskStore
	// posted sums, per MCN and calendar month, the MCN share postings the
	// task service returned in its Outcomes.
	posted map[string]map[time.Month]decimal.Decimal
	// kept lists, per MCN, the tasks the Outcomes say were kept with it.
	kept map[string][]*task.Task
}

func newMCNWorld(t *testing.T) *mcnWorld {
	t.Helper()
	w := &mcnWorld{clock: starmap.NewManualClock(t0), store: memstore.NewTaskStore(),
		posted: map[string]map[time.Month]decimal.Decimal{}, kept: map[string][]*task.Task{}}
	src, err := task.MCNTasks(w.store)
	if err != nil {
		t.Fatal(err)
	}
	ledger, err := task.MCNLedger(w.store)
	if err != nil {
		t.Fatal(err)
	}
	if w.m, err = mcnpkg.NewService(memstore.NewMCNStore(), w.clock, mcnpkg.WithTaskSource(src), mcnpkg.WithLedger(ledger)); err != nil {
		t.Fatal(err)
	}
	if w.s, err = task.NewService(w.store, w.clock, task.WithSigningTerms(w.m)); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *mcnWorld) sign(t *testing.T, agency, creator string, shareBP int) {
	t.Helper()
	ctx := context.Background()
	today := starmap.Today(w.clock)
	p := mcnpkg.Proposal{ID: "sig-" + creator, Creator: creator, Accounts: []mcnpkg.Account{{Platform: onboarding.Douyin, ID: "dy-" + creator}},
		Start: today, End: today.AddDays(365), ShareBP: shareBP}
	if _, _, err := w.m.Propose(ctx, starmap.MCNActor(agency), p); err != nil {
		t.Fatalf("Propose: %v", err)
	}
	if _, _, err := w.m.Accept(ctx, starmap.CreatorActor(creator), p.Key()); err != nil {
		t.Fatalf("Accept: %v", err)
	}
}

// record notes an Outcome's MCN share postings and its task.
func (w *mcnWorld) record(out task.Outcome) {
	tk := out.Task
	if tk.MCN() == "" {
		return
	}
	for _, p := range out.Postings {
		if p.Kind == task.PostingMCNShare {
			if w.posted[tk.MCN()] == nil {
				w.posted[tk.MCN()] = map[time.Month]decimal.Decimal{}
			}
			w.posted[tk.MCN()][p.At.In(starmap.CST()).Month()] = w.posted[tk.MCN()][p.At.In(starmap.CST()).Month()].Add(p.Amount)
		}
	}
}

func (w *mcnWorld) order(t *testing.T, id, creator string, price string) *task.Task {
	t.Helper()
	o := order(starmap.FormatShortVideo, false)
	o.ID, o.Creator, o.Price = id, creator, dec(price)
	out, err := w.s.Order(context.Background(), advertiser, o)
	if err != nil {
		t.Fatalf("Order %s: %v", id, err)
	}
	w.record(out)
	if out.Task.MCN() != "" {
		w.kept[out.Task.MCN()] = append(w.kept[out.Task.MCN()], out.Task)
	}
	return out.Task
}

func (w *mcnWorld) do(t *testing.T, by starmap.Actor, id string, r task.Request) {
	t.Helper()
	w.record(mustDo(t, w.s, by, id, r))
}

// settle takes a pending short video through to 验收 (the creator's side
// done by by: the creator, or its MCN on its behalf).
func (w *mcnWorld) settle(t *testing.T, by starmap.Actor, id string) {
	t.Helper()
	w.do(t, by, id, cmd(task.CmdAcceptOrder))
	w.do(t, by, id, withRef(task.CmdSubmitScript))
	w.do(t, advertiser, id, cmd(task.CmdApproveScript))
	w.do(t, by, id, withRef(task.CmdSubmitVideo))
	w.do(t, advertiser, id, cmd(task.CmdApproveVideo))
	w.do(t, by, id, withRef(task.CmdPublish))
	w.do(t, advertiser, id, cmd(task.CmdAcceptDelivery))
}

func summaryIDs(ts []mcnpkg.TaskSummary) []string {
	out := []string{}
	for _, x := range ts {
		out = append(out, x.ID)
	}
	return out
}

// TestMCNViewsFromTasks_MCN3: an MCN signs two creators; tasks ordered
// and settled through task.Service (another MCN's creator and an
// independent creator too) are exactly what the MCN's views show — its
// signed creators with their open tasks, the orders it received newest
// first on every page size, the kept shares — and its earnings per month
// sum to the MCN share postings the Outcomes returned, to the fen.
func TestMCNViewsFromTasks_MCN3(t *testing.T) {
	ctx := context.Background()
	w := newMCNWorld(t)
	w.sign(t, "mcn-1", "cre-1", 2500)
	w.sign(t, "mcn-1", "cre-2", 1000)
	w.sign(t, "mcn-2", "cre-3", 3000)

	w.order(t, "task-a", "cre-1", "1000.00")
	w.order(t, "task-e", "cre-3", "500.00") // another MCN's
	w.order(t, "task-f", "cre-4", "700.00") // an independent creator's
	w.settle(t, starmap.MCNActor("mcn-1"), "task-a")
	w.settle(t, starmap.CreatorActor("cre-3"), "task-e")
	w.clock.Advance(time.Hour)
	w.order(t, "task-b", "cre-1", "333.33") // stays pending
	w.order(t, "task-c", "cre-2", "800.00")
	w.do(t, starmap.CreatorActor("cre-2"), "task-c", cmd(task.CmdAcceptOrder)) // running
	w.clock.Advance(time.Hour)
	w.order(t, "task-g", "cre-2", "999.99")
	w.do(t, starmap.CreatorActor("cre-2"), "task-g", cmd(task.CmdAcceptOrder))
	w.do(t, starmap.CreatorActor("cre-2"), "task-g", withRef(task.CmdSubmitScript))
	w.do(t, advertiser, "task-g", withReason(task.CmdCancel)) // compensation: a share too

	// 签约达人管理: both creators, each with its open tasks only.
	lines, err := w.m.SignedCreators(ctx, starmap.MCNActor("mcn-1"), "mcn-1", starmap.PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, l := range lines.Items {
		got[l.Creator] = summaryIDs(l.OpenTasks)
	}
	if d := cmp.Diff(map[string][]string{"cre-1": {"task-b"}, "cre-2": {"task-c"}}, got); d != "" {
		t.Errorf("MCN-3 signed creators with their open tasks (-want +got):\n%s", d)
	}

	// In November a task of cre-2 settles; then the signing of cre-2 ends
	// and its next order is the creator's alone.
	w.clock.Set(time.Date(2026, 11, 2, 10, 0, 0, 0, starmap.CST()))
	w.order(t, "task-d", "cre-2", "1200.00")
	w.settle(t, starmap.CreatorActor("cre-2"), "task-d")
	if _, _, err := w.m.End(ctx, starmap.CreatorActor("cre-2"), mcnpkg.Key{Creator: "cre-2", Signing: "sig-cre-2"}, "解约"); err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(time.Hour)
	if tk := w.order(t, "task-h", "cre-2", "100.00"); tk.MCN() != "" {
		t.Fatalf("an order after the signing ended kept MCN %q", tk.MCN())
	}

	// 订单接收: every task kept with mcn-1, newest first, on any page size.
	kept := append([]*task.Task(nil), w.kept["mcn-1"]...)
	sort.SliceStable(kept, func(i, j int) bool {
		if !kept[i].OrderedAt().Equal(kept[j].OrderedAt()) {
			return kept[i].OrderedAt().After(kept[j].OrderedAt())
		}
		return kept[i].ID() > kept[j].ID()
	})
	var want []string
	for _, tk := range kept {
		want = append(want, tk.ID())
	}
	if d := cmp.Diff([]string{"task-d", "task-g", "task-c", "task-b", "task-a"}, want); d != "" {
		t.Fatalf("the fixture kept other tasks with mcn-1 (-want +got):\n%s", d)
	}
	for _, limit := range []int{0, 1, 2, 3} {
		var ids []string
		q := mcnpkg.OrderQuery{PageRequest: starmap.PageRequest{Limit: limit}}
		for pages := 0; pages < 10; pages++ {
			p, err := w.m.Orders(ctx, starmap.MCNActor("mcn-1"), "mcn-1", q)
			if err != nil {
				t.Fatalf("Orders: %v", err)
			}
			for _, x := range p.Items {
				if x.MCN != "mcn-1" || x.Advertiser != "adv-1" || x.OrderedAt.IsZero() {
					t.Errorf("MCN-3 order %+v", x)
				}
				if x.ID == "task-a" && (x.ShareBP != 2500 || x.Status != mcnpkg.TaskCompleted || !x.Price.Equal(dec("1000.00"))) {
					t.Errorf("MCN-3 task-a as received: %+v; want share 2500, completed, 1000.00", x)
				}
				if x.ID == "task-g" && (x.ShareBP != 1000 || x.Status != mcnpkg.TaskClosed) {
					t.Errorf("MCN-3 task-g as received: %+v; want share 1000, closed", x)
				}
			}
			ids = append(ids, summaryIDs(p.Items)...)
			if p.Next == "" {
				break
			}
			q.Cursor = p.Next
		}
		if d := cmp.Diff(want, ids); d != "" {
			t.Errorf("MCN-3 Orders, pages of %d, are not the kept tasks newest first (-want +got):\n%s", limit, d)
		}
	}
	// One creator's orders, open only: cre-2's running task, though its
	// signing has ended (the task keeps the MCN to its end).
	p, err := w.m.Orders(ctx, starmap.MCNActor("mcn-1"), "mcn-1", mcnpkg.OrderQuery{Creator: "cre-2", OpenOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"task-c"}, summaryIDs(p.Items)); d != "" {
		t.Errorf("MCN-3 open orders of cre-2 (-want +got):\n%s", d)
	}
	if lines, err := w.m.SignedCreators(ctx, starmap.MCNActor("mcn-1"), "mcn-1", starmap.PageRequest{}); err != nil || len(lines.Items) != 1 || lines.Items[0].Creator != "cre-1" {
		t.Errorf("MCN-3 signed creators after cre-2 ended: %+v, %v; want cre-1 only", lines.Items, err)
	}

	// Earnings per month: the MCN share postings of its tasks, to the fen.
	opening := decimal.Zero
	for _, month := range []time.Month{time.October, time.November} {
		period, err := mcnpkg.MonthPeriod(2026, month)
		if err != nil {
			t.Fatal(err)
		}
		st, err := w.m.Earnings(ctx, starmap.MCNActor("mcn-1"), "mcn-1", period)
		if err != nil {
			t.Fatalf("Earnings %v: %v", month, err)
		}
		if err := st.Reconcile(); err != nil {
			t.Error(err)
		}
		posted := w.posted["mcn-1"][month]
		if posted.IsZero() {
			t.Fatalf("the fixture posted no MCN share in %v", month)
		}
		if !st.Opening.Equal(opening) || !st.Credits.Equal(posted) || !st.Closing.Equal(opening.Add(posted)) {
			t.Errorf("MCN-3 earnings of %v: opening %s credits %s closing %s; the postings: opening %s, %s in the month",
				month, st.Opening, st.Credits, st.Closing, opening, posted)
		}
		for _, e := range st.Entries {
			if e.Kind != mcnpkg.EntryShare || e.Party != "mcn-1" || (e.Creator != "cre-1" && e.Creator != "cre-2") {
				t.Errorf("MCN-3 entry of %v: %+v", month, e)
			}
		}
		opening = st.Closing
	}
	// October: task-a's 25 % of 1000.00 and task-g's share of its
	// compensation; November: 10 % of task-d's 1200.00.
	if got := w.posted["mcn-1"][time.November]; !got.Equal(dec("120.00")) {
		t.Errorf("the November share is %s, want 120.00", got)
	}
	if _, ok := w.posted["mcn-2"]; !ok {
		t.Errorf("the fixture posted no share for mcn-2")
	}
	// Another MCN sees nothing of mcn-1's.
	if _, err := w.m.Orders(ctx, starmap.MCNActor("mcn-2"), "mcn-1", mcnpkg.OrderQuery{}); !errors.Is(err, mcnpkg.ErrWorkspaceForbidden) {
		t.Errorf("mcn-2 reading mcn-1's orders: %v, want ErrWorkspaceForbidden", err)
	}
}

// TestMCNAdapters_refuse: a nil store is a dependency error; an empty MCN
// never lists every task.
func TestMCNAdapters_refuse(t *testing.T) {
	if _, err := task.MCNTasks(nil); !errors.Is(err, starmap.ErrServiceDependency) {
		t.Errorf("MCNTasks(nil) = %v", err)
	}
	if _, err := task.MCNLedger(nil); !errors.Is(err, starmap.ErrServiceDependency) {
		t.Errorf("MCNLedger(nil) = %v", err)
	}
	store := memstore.NewTaskStore()
	src, _ := task.MCNTasks(store)
	led, _ := task.MCNLedger(store)
	if _, err := src.Tasks(context.Background(), mcnpkg.TaskQuery{}); !errors.Is(err, starmap.ErrIDInvalid) {
		t.Errorf("MCN-3 Tasks without an MCN = %v, want ErrIDInvalid", err)
	}
	if _, _, err := led.Entries(context.Background(), "", t0, t0.Add(time.Hour)); !errors.Is(err, starmap.ErrIDInvalid) {
		t.Errorf("MCN-3 Entries without an MCN = %v, want ErrIDInvalid", err)
	}
}
