package task_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/task"
)

// TestNewService_X8: a nil store, clock or option, or an option given a
// nil or invalid value, is a coded error from the constructor — never a
// later panic.
func TestNewService_X8(t *testing.T) {
	store, clock := memstore.NewTaskStore(), starmap.FixedClock(t0)
	var nilStore *memstore.TaskStore
	var nilChecker *fakeChecker
	var nilLookup *signings
	bad := task.DefaultPolicy()
	bad.InvitationDays = 0
	for _, c := range []struct {
		name  string
		store task.Store
		clock starmap.Clock
		opts  []task.Option
		want  []error
	}{
		{"nil_store", nil, clock, nil, []error{starmap.ErrServiceDependency}},
		{"typed_nil_store", nilStore, clock, nil, []error{starmap.ErrServiceDependency}},
		{"nil_clock", store, nil, nil, []error{starmap.ErrServiceDependency}},
		{"nil_option", store, clock, []task.Option{task.WithRetry(starmap.Retry{}), nil}, []error{starmap.ErrServiceOption}},
		{"invalid_policy", store, clock, []task.Option{task.WithPolicy(bad)}, []error{starmap.ErrServiceOption, task.ErrPolicyInvalid}},
		{"nil_mount_checker", store, clock, []task.Option{task.WithMountChecker(nil)}, []error{starmap.ErrServiceOption, starmap.ErrServiceDependency}},
		{"typed_nil_mount_checker", store, clock, []task.Option{task.WithMountChecker(nilChecker)}, []error{starmap.ErrServiceOption}},
		{"nil_signing_lookup", store, clock, []task.Option{task.WithSigningLookup(nilLookup)}, []error{starmap.ErrServiceOption}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := task.NewService(c.store, c.clock, c.opts...)
			if s != nil || err == nil {
				t.Fatalf("NewService = %v, %v; want a coded error", s, err)
			}
			for _, w := range c.want {
				if !errors.Is(err, w) {
					t.Errorf("%v does not match %v", err, w)
				}
			}
			assertChinese(t, err)
		})
	}
	s, err := task.NewService(store, clock, task.WithPolicy(task.DefaultPolicy()), task.WithRetry(starmap.Retry{Attempts: 2}),
		task.WithMountChecker(&fakeChecker{}), task.WithSigningLookup(&signings{}))
	if err != nil || s == nil {
		t.Fatalf("every option: %v", err)
	}
}

// serviceCalls calls every method of a Service once with the given
// context, actor and task id; each returns its error.
func serviceCalls(ctx context.Context, s *task.Service, by starmap.Actor, id string) map[string]func() error {
	o := order(starmap.FormatShortVideo, false)
	o.ID = id
	return map[string]func() error{
		"Order": func() error { _, err := s.Order(ctx, by, o); return err },
		"Get":   func() error { _, err := s.Get(ctx, by, id); return err },
		"Do":    func() error { _, err := s.Do(ctx, by, id, withReason(task.CmdCancel)); return err },
		"Sweep": func() error { _, err := s.Sweep(ctx, by); return err },
		"EndCampaign": func() error {
			_, err := s.EndCampaign(ctx, by, id)
			return err
		},
		"Results": func() error {
			_, _, err := s.Results(ctx, by, starmap.MustDate(2026, 1, 1), starmap.MustDate(2026, 12, 31))
			return err
		},
	}
}

// TestZeroService_X8: every method of the zero Service and of a nil
// *Service answers ErrServiceNotReady, never a panic.
func TestZeroService_X8(t *testing.T) {
	for name, s := range map[string]*task.Service{"zero": {}, "nil": nil} {
		for method, call := range serviceCalls(context.Background(), s, advertiser, "t-1") {
			if err := call(); !errors.Is(err, starmap.ErrServiceNotReady) {
				t.Errorf("%s Service.%s = %v, want ErrServiceNotReady", name, method, err)
			}
		}
	}
}

// TestContextHonoured: a cancelled context is the context's error from
// every method, and nothing is written; a nil context is a coded error.
func TestContextHonoured(t *testing.T) {
	s, store := newService(t, starmap.FixedClock(t0.Add(time.Hour)))
	if _, err := s.Order(context.Background(), advertiser, order(starmap.FormatShortVideo, false)); err != nil {
		t.Fatal(err)
	}
	before := listAll(t, store)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for method, call := range serviceCalls(ctx, s, advertiser, "task-2") {
		if err := call(); !errors.Is(err, context.Canceled) {
			t.Errorf("Service.%s with a cancelled context = %v, want context.Canceled", method, err)
		}
	}
	for method, call := range serviceCalls(ctx, s, platform, "task-1") {
		if err := call(); !errors.Is(err, context.Canceled) {
			t.Errorf("Service.%s on task-1 with a cancelled context = %v", method, err)
		}
	}
	var nilCtx context.Context // what a careless host passes
	for method, call := range serviceCalls(nilCtx, s, advertiser, "task-3") {
		if err := call(); !errors.Is(err, starmap.ErrContextMissing) {
			t.Errorf("Service.%s with a nil context = %v, want ErrContextMissing", method, err)
		}
	}
	after := listAll(t, store)
	if len(after) != len(before) || after[0].Version != before[0].Version {
		t.Errorf("a cancelled call wrote: %d records (v%d), had %d (v%d)", len(after), after[0].Version, len(before), before[0].Version)
	}
}

// TestOutcomePostings (TSK-5, X-4): Order, Do and Sweep return the
// postings of each command beside its events, so that a host applies them
// to its ledger with the task and never diffs the task's postings; what
// the outcomes carry is exactly the task's statement.
func TestOutcomePostings(t *testing.T) {
	ctx := context.Background()
	clock := starmap.NewManualClock(t0)
	s, _ := newService(t, clock)
	ledger := map[task.Account]decimal.Decimal{}
	apply := func(ps []task.Posting) {
		for _, p := range ps {
			ledger[p.From] = ledger[p.From].Sub(p.Amount)
			ledger[p.To] = ledger[p.To].Add(p.Amount)
		}
	}
	kinds := func(ps []task.Posting) (out []task.PostingKind) {
		for _, p := range ps {
			out = append(out, p.Kind)
		}
		return out
	}
	o1 := order(starmap.FormatShortVideo, true)
	out, err := s.Order(ctx, advertiser, o1)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Postings) != 1 || out.Postings[0].Kind != task.PostingFreeze || !out.Postings[0].Amount.Equal(dec("1050")) {
		t.Fatalf("TSK-5 ordering posts %+v, want the freeze of 1050", out.Postings)
	}
	apply(out.Postings)
	o2 := order(starmap.FormatShortVideo, false)
	o2.ID = "task-2"
	out, err = s.Order(ctx, advertiser, o2)
	if err != nil {
		t.Fatal(err)
	}
	apply(out.Postings)
	clock.Advance(time.Hour)
	for _, st := range []struct {
		by   starmap.Actor
		r    task.Request
		want []task.PostingKind
	}{
		{creator, cmd(task.CmdAcceptOrder), nil},
		{creator, withRef(task.CmdSubmitScript), nil},
		{advertiser, cmd(task.CmdApproveScript), nil},
		{creator, withRef(task.CmdSubmitVideo), nil},
		{advertiser, cmd(task.CmdApproveVideo), nil},
		{creator, withRef(task.CmdPublish), nil},
		{advertiser, cmd(task.CmdAcceptDelivery), []task.PostingKind{task.PostingPayout, task.PostingMCNShare, task.PostingServiceFee}},
	} {
		out := mustDo(t, s, st.by, "task-1", st.r)
		if got := kinds(out.Postings); len(got) != len(st.want) || (len(got) > 0 && !equalKinds(got, st.want)) {
			t.Errorf("TSK-5 %v posts %v, want %v", st.r.Command, got, st.want)
		}
		apply(out.Postings)
	}
	// task-2's invitation expires in a sweep, whose outcome refunds it.
	clock.Set(time.Date(2026, 10, 7, 0, 0, 0, 0, starmap.CST()))
	outs, err := s.Sweep(ctx, sweeper)
	if err != nil || len(outs) != 1 || outs[0].Task.ID() != "task-2" {
		t.Fatalf("sweep: %+v %v", outs, err)
	}
	if got := kinds(outs[0].Postings); !equalKinds(got, []task.PostingKind{task.PostingRefund}) {
		t.Errorf("TSK-5 expiry posts %v, want a refund", got)
	}
	apply(outs[0].Postings)
	// The ledger fed by outcomes alone equals the two statements.
	want := map[task.Account]decimal.Decimal{}
	for _, id := range []string{"task-1", "task-2"} {
		tk, err := s.Get(ctx, platform, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range tk.Statement().Lines {
			want[l.Account] = want[l.Account].Add(l.Balance)
		}
	}
	for a := task.AccountAdvertiserAvailable; a <= task.AccountPlatformFee; a++ {
		if !ledger[a].Equal(want[a]) {
			t.Errorf("X-4 ledger from outcomes %v = %s, statements say %s", a, ledger[a], want[a])
		}
	}
}

func equalKinds(a, b []task.PostingKind) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// countingStore counts what a Service asks of its store.
type countingStore struct {
	*memstore.TaskStore
	gets, lists, listDues atomic.Int64
}

func (c *countingStore) Get(ctx context.Context, id string) (task.Record, error) {
	c.gets.Add(1)
	return c.TaskStore.Get(ctx, id)
}

func (c *countingStore) List(ctx context.Context, q task.Query) (starmap.Page[task.Record], error) {
	c.lists.Add(1)
	return c.TaskStore.List(ctx, q)
}

func (c *countingStore) ListDue(ctx context.Context, q task.DueQuery) (starmap.Page[task.Record], error) {
	c.listDues.Add(1)
	return c.TaskStore.ListDue(ctx, q)
}

// TestSweepAsksForTheDue (TSK-7, OPS-3): Sweep asks the store for the
// tasks due, never lists every open task, and loads only those it runs a
// command on; it pages through more than one page of them.
func TestSweepAsksForTheDue(t *testing.T) {
	ctx := context.Background()
	clock := starmap.NewManualClock(t0)
	store := &countingStore{TaskStore: memstore.NewTaskStore()}
	s, err := task.NewService(store, clock)
	if err != nil {
		t.Fatal(err)
	}
	const due, notDue = starmap.MaxPageLimit + 3, 40
	for i := 0; i < due+notDue; i++ {
		o := order(starmap.FormatShortVideo, false)
		o.ID = "t-" + string(rune('a'+i%26)) + "-" + time.Duration(i).String()
		if i >= due {
			clock.Set(t0.AddDate(0, 0, 3)) // ordered later: not due yet
		}
		if _, err := s.Order(ctx, advertiser, o); err != nil {
			t.Fatal(err)
		}
	}
	store.gets.Store(0)
	clock.Set(time.Date(2026, 10, 7, 0, 0, 0, 0, starmap.CST()))
	outs, err := s.Sweep(ctx, sweeper)
	if err != nil || len(outs) != due {
		t.Fatalf("TSK-7 sweep ran %d commands (%v), want %d", len(outs), err, due)
	}
	if n := store.lists.Load(); n != 0 {
		t.Errorf("OPS-3 Sweep listed tasks %d times; it must ask for the due ones only", n)
	}
	if n := store.listDues.Load(); n != 2 {
		t.Errorf("OPS-3 Sweep asked ListDue %d times, want 2 pages", n)
	}
	if n := store.gets.Load(); n != due {
		t.Errorf("OPS-3 Sweep loaded %d tasks, want the %d due", n, due)
	}
	if outs, err := s.Sweep(ctx, sweeper); err != nil || len(outs) != 0 {
		t.Errorf("a second sweep ran %d commands (%v)", len(outs), err)
	}
	if _, err := s.Sweep(ctx, advertiser); !errors.Is(err, starmap.ErrActorRole) {
		t.Errorf("X-7 an advertiser sweeps: %v", err)
	}
}

// TestSweepOncePerCommand (OPS-3): replicas sweeping the same store at
// once run each owed command exactly once.
func TestSweepOncePerCommand(t *testing.T) {
	ctx := context.Background()
	clock := starmap.NewManualClock(t0)
	store := memstore.NewTaskStore()
	var replicas []*task.Service
	for i := 0; i < 4; i++ {
		s, err := task.NewService(store, clock, task.WithRetry(starmap.Retry{Attempts: 50}))
		if err != nil {
			t.Fatal(err)
		}
		replicas = append(replicas, s)
	}
	const n = 30
	for i := 0; i < n; i++ {
		o := order(starmap.FormatShortVideo, false)
		o.ID = "t-" + time.Duration(i).String()
		if _, err := replicas[0].Order(ctx, advertiser, o); err != nil {
			t.Fatal(err)
		}
	}
	clock.Set(time.Date(2026, 10, 7, 0, 0, 0, 0, starmap.CST()))
	var wg sync.WaitGroup
	var ran atomic.Int64
	for _, s := range replicas {
		wg.Add(1)
		go func(s *task.Service) {
			defer wg.Done()
			outs, err := s.Sweep(ctx, sweeper)
			if err != nil {
				t.Errorf("sweep: %v", err)
			}
			ran.Add(int64(len(outs)))
		}(s)
	}
	wg.Wait()
	if ran.Load() != n {
		t.Errorf("OPS-3 %d replicas ran %d expiries of %d tasks, want each once", len(replicas), ran.Load(), n)
	}
	for _, r := range listAll(t, store) {
		if r.State != task.StateExpired || len(r.History) != 2 {
			t.Errorf("%s: %v with %d history entries, want expired once", r.ID, r.State, len(r.History))
		}
	}
}

// conflictOnce is a store whose first Update meets a version conflict, as
// if another replica wrote first.
type conflictOnce struct {
	*memstore.TaskStore
	done atomic.Bool
}

func (c *conflictOnce) Update(ctx context.Context, r task.Record) (uint64, error) {
	if c.done.CompareAndSwap(false, true) {
		cur, err := c.TaskStore.Get(ctx, r.ID)
		if err != nil {
			return 0, err
		}
		if _, err := c.TaskStore.Update(ctx, cur); err != nil { // someone else's write
			return 0, err
		}
	}
	return c.TaskStore.Update(ctx, r)
}

// TestWithRetry_X8: the Service runs its cycle as WithRetry says: the
// conflict hook is told of each retried conflict, and one attempt gives
// the conflict back.
func TestWithRetry_X8(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		attempts, hooks int
		ok              bool
	}{{0, 1, true}, {2, 1, true}, {1, 0, false}} {
		store := &conflictOnce{TaskStore: memstore.NewTaskStore()}
		hooks := 0
		s, err := task.NewService(store, starmap.FixedClock(t0.Add(time.Hour)),
			task.WithRetry(starmap.Retry{Attempts: c.attempts, OnConflict: func(int, error) { hooks++ }}))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Order(ctx, advertiser, order(starmap.FormatShortVideo, false)); err != nil {
			t.Fatal(err)
		}
		out, err := s.Do(ctx, creator, "task-1", cmd(task.CmdAcceptOrder))
		if (err == nil) != c.ok || hooks != c.hooks {
			t.Errorf("attempts %d: %v, %d hooks; want ok %v, %d hooks", c.attempts, err, hooks, c.ok, c.hooks)
		}
		if c.ok && (out.Task.State() != task.StateAccepted || out.Task.Version() != 3) {
			t.Errorf("attempts %d: %v v%d, want accepted at v3 (after the other write)", c.attempts, out.Task.State(), out.Task.Version())
		}
		if !c.ok && !errors.Is(err, starmap.ErrConflict) {
			t.Errorf("attempts 1: %v, want the conflict", err)
		}
	}
}

// TestGetIsForTheParties: a task is read by its parties and the
// platform, an open one by any creator too; anyone else is refused.
func TestGetIsForTheParties(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t, starmap.FixedClock(t0))
	if _, err := s.Order(ctx, advertiser, order(starmap.FormatShortVideo, true)); err != nil {
		t.Fatal(err)
	}
	open := order(starmap.FormatShortVideo, false)
	open.ID, open.Creator = "open-1", ""
	if _, err := s.Order(ctx, advertiser, open); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		by   starmap.Actor
		id   string
		want error
	}{
		{advertiser, "task-1", nil}, {subAccount, "task-1", nil}, {creator, "task-1", nil}, {mcn, "task-1", nil}, {platform, "task-1", nil},
		{otherAdv, "task-1", task.ErrNotAParty}, {otherCre, "task-1", task.ErrNotAParty}, {otherMCN, "task-1", task.ErrNotAParty},
		{otherCre, "open-1", nil}, {mcn, "open-1", task.ErrNotAParty}, {otherAdv, "open-1", task.ErrNotAParty},
		{starmap.CreatorActor(""), "task-1", starmap.ErrActorInvalid}, {advertiser, "bad id", starmap.ErrIDInvalid},
		{advertiser, "task-9", starmap.ErrNotFound},
	} {
		tk, err := s.Get(ctx, c.by, c.id)
		switch {
		case c.want == nil && (err != nil || tk.ID() != c.id):
			t.Errorf("X-7 %v reads %s: %v", c.by, c.id, err)
		case c.want != nil && !errors.Is(err, c.want):
			t.Errorf("X-7 %v reads %s: %v, want %v", c.by, c.id, err, c.want)
		}
		assertChinese(t, err)
	}
}

// TestSmallestOrder (TSK-4): an order of an id, a creator, a format and a
// price — and the broadcast length for a live stream — is placed on the
// default template.
func TestSmallestOrder(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t, starmap.FixedClock(t0))
	for _, o := range []task.Order{
		{ID: "v-1", Creator: "cre-1", Format: starmap.FormatShortVideo, Price: dec("500")},
		{ID: "l-1", Creator: "cre-1", Format: starmap.FormatLive, Price: dec("500"), LiveDuration: time.Hour},
	} {
		out, err := s.Order(ctx, advertiser, o)
		if err != nil {
			t.Fatalf("TSK-4 smallest %v order: %v", o.Format, err)
		}
		got, want := out.Task.Template(), task.DefaultTemplate(o.Format)
		if got.Objective != want.Objective || len(got.Deliverables) != 1 || got.Deliverables[0] != want.Deliverables[0] || !got.Disclosure {
			t.Errorf("TSK-4 %v order's template %+v, want the default %+v", o.Format, got, want)
		}
		if err := want.Validate(starmap.DateOf(t0)); err != nil {
			t.Errorf("TSK-4 the default template is invalid: %v", err)
		}
	}
	if task.DefaultTemplate(starmap.FormatLive).Deliverables[0] == task.DefaultTemplate(starmap.FormatShortVideo).Deliverables[0] {
		t.Error("TSK-4 the live default names a stream, the video default a video")
	}
	// A template with anything set is the order's own, checked as given.
	o := task.Order{ID: "v-2", Creator: "cre-1", Format: starmap.FormatShortVideo, Price: dec("500"), Template: task.Template{Disclosure: true}}
	if _, err := s.Order(ctx, advertiser, o); !errors.Is(err, task.ErrTemplateInvalid) {
		t.Errorf("TSK-4 a template with only the disclosure flag: %v, want ErrTemplateInvalid", err)
	}
}
