package campaign_test

import (
	"context"
	"errors"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/campaign"
	"github.com/starmap-go/starmap/memstore"
)

func TestNewService_Errors(t *testing.T) {
	clock := starmap.FixedClock(t0)
	store := memstore.NewCampaignStore()
	cases := []struct {
		name  string
		store campaign.Store
		clock starmap.Clock
		opts  []campaign.Option
		rule  *starmap.Rule
	}{
		{"nil_store", nil, clock, nil, starmap.ErrServiceDependency},
		{"typed_nil_store", (*memstore.CampaignStore)(nil), clock, nil, starmap.ErrServiceDependency},
		{"nil_clock", store, nil, nil, starmap.ErrServiceDependency},
		{"nil_option", store, clock, []campaign.Option{nil}, starmap.ErrServiceOption},
		{"nil_transactor", store, clock, []campaign.Option{campaign.WithTransactor(nil)}, campaign.ErrOptionInvalid},
		{"negative_orphan_age", store, clock, []campaign.Option{campaign.WithOrphanAge(-time.Second)}, campaign.ErrOptionInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := campaign.NewService(c.store, c.clock, c.opts...)
			if s != nil || !errors.Is(err, c.rule) {
				t.Fatalf("NewService = %v, %v; want %s", s, err, c.rule.Code())
			}
		})
	}
	if _, err := campaign.NewService(store, clock, campaign.WithRetry(starmap.Retry{Attempts: 9}), campaign.WithOrphanAge(0)); err != nil {
		t.Fatalf("valid options: %v", err)
	}
}

// every calls each Service method once with valid arguments and returns
// the errors.
func every(s *campaign.Service, c context.Context) map[string]error {
	create := func(context.Context) error { return nil }
	exists := func(context.Context, string) (bool, error) { return true, nil }
	out := map[string]error{}
	_, _, out["Create"] = s.Create(c, advertiser, spec("cmp-1", "1000", ""))
	_, out["Get"] = s.Get(c, advertiser, "cmp-1")
	_, out["List"] = s.List(c, advertiser, campaign.Query{})
	_, _, out["SetBudget"] = s.SetBudget(c, advertiser, "cmp-1", d("2000"), "")
	_, _, out["SetTargets"] = s.SetTargets(c, advertiser, "cmp-1", nil, "")
	_, _, out["Graduate"] = s.Graduate(c, advertiser, "cmp-1", "")
	_, _, out["Reserve"] = s.Reserve(c, advertiser, "cmp-1", "t1", d("3"))
	_, _, out["Release"] = s.Release(c, advertiser, "cmp-1", "t1", d("1"), "")
	_, _, out["Settle"] = s.Settle(c, advertiser, "cmp-1", "t1", d("1"), "")
	_, _, out["End"] = s.End(c, advertiser, "cmp-1", "t1", d("0"), "")
	_, _, out["Void"] = s.Void(c, advertiser, "cmp-1", "t1", "")
	_, _, out["OrderIn"] = s.OrderIn(c, advertiser, "cmp-1", "t2", d("1"), create)
	_, out["Orphans"] = s.Orphans(c, advertiser, "cmp-1", exists)
	_, _, out["Reconcile"] = s.Reconcile(c, advertiser, "cmp-1", exists)
	_, _, out["Close"] = s.Close(c, advertiser, "cmp-1", "")
	return out
}

// A Service not made by NewService answers ErrServiceNotReady from every
// method and never panics.
func TestZeroService_NotReady(t *testing.T) {
	for name, s := range map[string]*campaign.Service{"zero": {}, "nil": nil} {
		errs := every(s, ctx)
		if len(errs) != 15 {
			t.Fatalf("%d methods checked", len(errs))
		}
		for method, err := range errs {
			if !errors.Is(err, starmap.ErrServiceNotReady) {
				t.Errorf("%s Service.%s = %v, want ErrServiceNotReady", name, method, err)
			}
		}
	}
}

// A cancelled context is answered with its error and writes nothing.
func TestService_CancelledContext(t *testing.T) {
	f := newFixture(t)
	f.create(t, "cmp-1", "1000", "")
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	for method, err := range every(f.svc, cancelled) {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Service.%s under a cancelled context = %v", method, err)
		}
	}
	if r := f.stored(t, "cmp-1"); r.Version != 1 || len(r.History) != 1 {
		t.Fatalf("a cancelled call wrote: version %d, %d entries", r.Version, len(r.History))
	}
}

// Every method, in order, on a live service: each one works (CAM-1).
func TestService_EveryMethod_CAM1(t *testing.T) {
	f := newFixture(t)
	for method, err := range every(f.svc, ctx) {
		switch method {
		case "Graduate":
			is(t, method, err, campaign.ErrNotInPilot)
		case "Void":
			is(t, method, err, campaign.ErrVoidAfterMovement)
		default:
			is(t, method, err, nil)
		}
	}
	c, err := f.svc.Get(ctx, platform, "cmp-1")
	if err != nil || c.State() != campaign.StateClosed || c.Version() != 9 {
		t.Fatalf("after every method: %v, state %s, version %d", err, c.State(), c.Version())
	}
	conserved(t, c)
}

func TestService_ReadAccess_X7(t *testing.T) {
	f := newFixture(t)
	f.create(t, "cmp-1", "1000", "")
	if _, _, err := f.svc.Create(ctx, otherAdv, spec("cmp-2", "500", "")); err != nil {
		t.Fatal(err)
	}
	for _, by := range []starmap.Actor{advertiser, subAccount, platform} {
		if _, err := f.svc.Get(ctx, by, "cmp-1"); err != nil {
			t.Errorf("Get by %s: %v", by, err)
		}
	}
	for by, rule := range map[starmap.Actor]*starmap.Rule{otherAdv: campaign.ErrNotOwner, otherSub: campaign.ErrNotOwner,
		creator: campaign.ErrActorNotAllowed, mcn: campaign.ErrActorNotAllowed} {
		if _, err := f.svc.Get(ctx, by, "cmp-1"); !errors.Is(err, rule) || !errors.Is(err, starmap.ErrForbidden) {
			t.Errorf("Get by %s = %v, want %s", by, err, rule.Code())
		}
	}
	if _, err := f.svc.Get(ctx, advertiser, "nope"); !errors.Is(err, starmap.ErrNotFound) {
		t.Errorf("Get of a missing campaign = %v", err)
	}
	// 项目汇总: each advertiser lists its own; the platform all.
	for by, want := range map[starmap.Actor]int{advertiser: 1, subAccount: 1, otherAdv: 1, platform: 2} {
		p, err := f.svc.List(ctx, by, campaign.Query{})
		if err != nil || len(p.Items) != want {
			t.Errorf("List by %s = %d items, %v; want %d", by, len(p.Items), err, want)
		}
	}
	if _, err := f.svc.List(ctx, advertiser, campaign.Query{Advertiser: "adv-2"}); !errors.Is(err, campaign.ErrNotOwner) {
		t.Errorf("an advertiser listing another's = %v", err)
	}
	if _, err := f.svc.List(ctx, creator, campaign.Query{}); !errors.Is(err, starmap.ErrActorRole) {
		t.Errorf("a creator listing = %v", err)
	}
	if _, err := f.svc.List(ctx, platform, campaign.Query{State: 9}); !errors.Is(err, campaign.ErrQueryInvalid) {
		t.Errorf("a bad state filter = %v", err)
	}
	if p, err := f.svc.List(ctx, platform, campaign.Query{Advertiser: "adv-2", State: campaign.StateActive}); err != nil || len(p.Items) != 1 || p.Items[0].ID() != "cmp-2" {
		t.Errorf("platform filter by advertiser: %v", err)
	}
}

// faultyStore fails Update once its switch is on.
type faultyStore struct {
	campaign.Store
	fail atomic.Bool
}

var errDown = errors.New("database down")

func (s *faultyStore) Update(ctx context.Context, r campaign.Record) (uint64, error) {
	if s.fail.Load() {
		return 0, errDown
	}
	return s.Store.Update(ctx, r)
}

func TestOrderIn_CAM1_Compensation(t *testing.T) {
	failure := errors.New("task store refused the task")
	t.Run("CAM-1_created", func(t *testing.T) {
		f := newFixture(t)
		f.create(t, "cmp-1", "1000", "")
		c, evs, err := f.svc.OrderIn(ctx, subAccount, "cmp-1", "t1", d("105"), func(context.Context) error { return nil })
		if err != nil || len(evs) != 1 || evs[0].Type != "campaign.reserve" {
			t.Fatalf("OrderIn = %v, %+v", err, evs)
		}
		if r, ok := c.Reservation("t1"); !ok || r.State != campaign.ReservationHeld || r.By != subAccount {
			t.Fatalf("reservation %+v", r)
		}
	})
	t.Run("CAM-1_creation_failed_reservation_voided", func(t *testing.T) {
		f := newFixture(t)
		f.create(t, "cmp-1", "1000", "")
		c, evs, err := f.svc.OrderIn(ctx, advertiser, "cmp-1", "t1", d("105"), func(context.Context) error { return failure })
		if !errors.Is(err, failure) || len(starmap.Codes(err)) != 0 {
			t.Fatalf("OrderIn = %v; want the creation's error alone", err)
		}
		if len(evs) != 2 || evs[1].Type != "campaign.void" {
			t.Fatalf("events %+v", evs)
		}
		if r, _ := c.Reservation("t1"); r.State != campaign.ReservationVoided || !c.Reserved().IsZero() || !c.Available().Equal(d("1000")) {
			t.Fatalf("after the compensation: %+v, reserved %s", r, c.Reserved())
		}
		stored, _ := campaign.FromRecord(f.stored(t, "cmp-1"))
		conserved(t, stored)
	})
	t.Run("CAM-1_creation_cancelled_still_compensated", func(t *testing.T) {
		f := newFixture(t)
		f.create(t, "cmp-1", "1000", "")
		cctx, cancel := context.WithCancel(ctx)
		_, _, err := f.svc.OrderIn(cctx, advertiser, "cmp-1", "t1", d("105"), func(c context.Context) error { cancel(); return c.Err() })
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("OrderIn = %v", err)
		}
		if r := f.stored(t, "cmp-1"); r.Reservations[0].State != campaign.ReservationVoided {
			t.Fatalf("reservation %+v", r.Reservations[0])
		}
	})
	t.Run("CAM-1_creation_panicked_reservation_voided", func(t *testing.T) {
		f := newFixture(t)
		f.create(t, "cmp-1", "1000", "")
		func() {
			defer func() {
				if recover() == nil {
					t.Fatal("the panic was swallowed")
				}
			}()
			_, _, _ = f.svc.OrderIn(ctx, advertiser, "cmp-1", "t1", d("105"), func(context.Context) error { panic("boom") })
		}()
		if r := f.stored(t, "cmp-1"); r.Reservations[0].State != campaign.ReservationVoided {
			t.Fatalf("reservation %+v", r.Reservations[0])
		}
	})
	t.Run("CAM-1_repeat_does_not_void_the_first", func(t *testing.T) {
		f := newFixture(t)
		f.create(t, "cmp-1", "1000", "")
		if _, _, err := f.svc.OrderIn(ctx, advertiser, "cmp-1", "t1", d("105"), func(context.Context) error { return nil }); err != nil {
			t.Fatal(err)
		}
		dup := starmap.ErrAlreadyExists.New(starmap.Arg("what", "task"), starmap.Arg("id", "t1"))
		_, evs, err := f.svc.OrderIn(ctx, advertiser, "cmp-1", "t1", d("105"), func(context.Context) error { return dup })
		if !errors.Is(err, starmap.ErrAlreadyExists) || len(evs) != 0 {
			t.Fatalf("repeated OrderIn = %v, %+v", err, evs)
		}
		if r := f.stored(t, "cmp-1"); r.Reservations[0].State != campaign.ReservationHeld {
			t.Fatalf("the repeat voided the first order's reservation: %+v", r.Reservations[0])
		}
	})
	t.Run("CAM-1_over_budget_never_creates", func(t *testing.T) {
		f := newFixture(t)
		f.create(t, "cmp-1", "100", "")
		called := false
		_, _, err := f.svc.OrderIn(ctx, advertiser, "cmp-1", "t1", d("105"), func(context.Context) error { called = true; return nil })
		if !errors.Is(err, campaign.ErrBudgetExceeded) || called {
			t.Fatalf("OrderIn over budget = %v, create called %v", err, called)
		}
		if _, _, err := f.svc.OrderIn(ctx, advertiser, "cmp-1", "t1", d("1"), nil); !errors.Is(err, campaign.ErrCreateMissing) {
			t.Fatalf("OrderIn without create = %v", err)
		}
	})
	t.Run("CAM-1_compensation_failed_left_for_reconcile", func(t *testing.T) {
		store := &faultyStore{Store: memstore.NewCampaignStore()}
		clock := starmap.NewManualClock(t0)
		svc, err := campaign.NewService(store, clock)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.Create(ctx, advertiser, spec("cmp-1", "1000", "")); err != nil {
			t.Fatal(err)
		}
		_, _, err = svc.OrderIn(ctx, advertiser, "cmp-1", "t1", d("105"), func(context.Context) error {
			store.fail.Store(true) // the database goes down with the task store
			return failure
		})
		if !errors.Is(err, failure) || !errors.Is(err, campaign.ErrCompensationFailed) || !errors.Is(err, errDown) {
			t.Fatalf("OrderIn = %v; want both errors", err)
		}
		store.fail.Store(false)
		none := func(context.Context, string) (bool, error) { return false, nil }
		if o, err := svc.Orphans(ctx, platform, "cmp-1", none); err != nil || len(o) != 0 {
			t.Fatalf("a fresh reservation counted as an orphan: %v, %v", o, err)
		}
		clock.Advance(campaign.DefaultOrphanAge)
		c, evs, err := svc.Reconcile(ctx, platform, "cmp-1", none)
		if err != nil || len(evs) != 1 || evs[0].Type != "campaign.void" || !c.Reserved().IsZero() {
			t.Fatalf("Reconcile = %v, %+v, reserved %s", err, evs, c.Reserved())
		}
	})
}

func TestReconcile_CAM1(t *testing.T) {
	f := newFixture(t)
	f.create(t, "cmp-1", "10000", "")
	for _, task := range []string{"t-orphan", "t-live", "t-partial"} {
		if _, _, err := f.svc.Reserve(ctx, advertiser, "cmp-1", task, d("100")); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := f.svc.Release(ctx, advertiser, "cmp-1", "t-partial", d("10"), "部分退款"); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(10 * time.Minute)
	if _, _, err := f.svc.Reserve(ctx, advertiser, "cmp-1", "t-young", d("100")); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(10 * time.Minute)
	calls := 0
	exists := func(_ context.Context, task string) (bool, error) { calls++; return task == "t-live", nil }
	o, err := f.svc.Orphans(ctx, advertiser, "cmp-1", exists)
	if err != nil || len(o) != 1 || o[0].Task != "t-orphan" || calls != 2 {
		t.Fatalf("Orphans = %+v, %v, %d lookups; want t-orphan after 2 lookups", o, err, calls)
	}
	c, evs, err := f.svc.Reconcile(ctx, platform, "cmp-1", exists)
	if err != nil || len(evs) != 1 || evs[0].Actor != platform {
		t.Fatalf("Reconcile = %v, %+v", err, evs)
	}
	if r, _ := c.Reservation("t-orphan"); r.State != campaign.ReservationVoided {
		t.Fatalf("t-orphan %+v", r)
	}
	conserved(t, c)
	v := c.Version()
	if c, evs, err := f.svc.Reconcile(ctx, platform, "cmp-1", exists); err != nil || len(evs) != 0 || c.Version() != v {
		t.Fatalf("a second Reconcile = %v, %+v, version %d → %d", err, evs, v, c.Version())
	}
	lookupFailed := errors.New("task store unreachable")
	if _, _, err := f.svc.Reconcile(ctx, platform, "cmp-1", func(context.Context, string) (bool, error) { return false, lookupFailed }); !errors.Is(err, lookupFailed) {
		t.Fatalf("a failing lookup = %v", err)
	}
	if _, err := f.svc.Orphans(ctx, platform, "cmp-1", nil); !errors.Is(err, campaign.ErrExistsMissing) {
		t.Fatalf("Orphans without a lookup = %v", err)
	}
	if _, err := f.svc.Orphans(ctx, creator, "cmp-1", exists); !errors.Is(err, campaign.ErrActorNotAllowed) {
		t.Fatalf("Orphans by a creator = %v", err)
	}
}

// txKey marks a context carrying a fake transaction.
type txKey struct{}

// fakeTx buffers a transaction's campaign writes.
type fakeTx struct {
	recs map[string]campaign.Record // as written in the transaction
	base map[string]uint64          // the stored version each was read at
}

// txStore is a memstore whose writes under a fake transaction are
// buffered until commit: enough of a database to show OrderIn's
// transactional path.
type txStore struct {
	*memstore.CampaignStore
	commits, rollbacks int
	failCommits        int // commits to fail with a version conflict first
}

func (s *txStore) Get(ctx context.Context, id string) (campaign.Record, error) {
	if tx, ok := ctx.Value(txKey{}).(*fakeTx); ok {
		if r, ok := tx.recs[id]; ok {
			return r.Clone(), nil
		}
	}
	return s.CampaignStore.Get(ctx, id)
}

func (s *txStore) Update(ctx context.Context, r campaign.Record) (uint64, error) {
	tx, ok := ctx.Value(txKey{}).(*fakeTx)
	if !ok {
		return s.CampaignStore.Update(ctx, r)
	}
	cur, err := s.Get(ctx, r.ID)
	if err != nil {
		return 0, err
	}
	if cur.Version != r.Version {
		return 0, starmap.ErrVersionConflict.New()
	}
	if _, seen := tx.base[r.ID]; !seen {
		tx.base[r.ID] = r.Version
	}
	r = r.Clone()
	r.Version++
	tx.recs[r.ID] = r
	return r.Version, nil
}

func (s *txStore) transact(ctx context.Context, fn func(context.Context) error) error {
	tx := &fakeTx{recs: map[string]campaign.Record{}, base: map[string]uint64{}}
	if err := fn(context.WithValue(ctx, txKey{}, tx)); err != nil {
		s.rollbacks++
		return err
	}
	if s.failCommits > 0 {
		s.failCommits--
		s.rollbacks++
		return starmap.ErrVersionConflict.New()
	}
	for id, r := range tx.recs {
		r.Version = tx.base[id]
		if _, err := s.CampaignStore.Update(ctx, r); err != nil {
			return err
		}
	}
	s.commits++
	return nil
}

func TestOrderIn_CAM1_OneTransaction(t *testing.T) {
	failure := errors.New("task store refused the task")
	setup := func(t *testing.T) (*txStore, *campaign.Service) {
		s := &txStore{CampaignStore: memstore.NewCampaignStore()}
		svc, err := campaign.NewService(s, starmap.FixedClock(t0), campaign.WithTransactor(s.transact))
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.Create(ctx, advertiser, spec("cmp-1", "1000", "")); err != nil {
			t.Fatal(err)
		}
		return s, svc
	}
	t.Run("CAM-1_failed_creation_rolls_both_back", func(t *testing.T) {
		s, svc := setup(t)
		inTx := false
		_, evs, err := svc.OrderIn(ctx, advertiser, "cmp-1", "t1", d("105"), func(c context.Context) error {
			inTx = c.Value(txKey{}) != nil
			return failure
		})
		if !errors.Is(err, failure) || errors.Is(err, campaign.ErrCompensationFailed) || evs != nil || !inTx {
			t.Fatalf("OrderIn = %v, %+v, create in the transaction: %v", err, evs, inTx)
		}
		r, _ := s.CampaignStore.Get(ctx, "cmp-1")
		if len(r.Reservations) != 0 || len(r.History) != 1 || s.rollbacks != 1 || s.commits != 0 {
			t.Fatalf("after a rollback: %d reservations, %d entries, %d rollbacks, %d commits", len(r.Reservations), len(r.History), s.rollbacks, s.commits)
		}
	})
	t.Run("CAM-1_created_in_one_commit", func(t *testing.T) {
		s, svc := setup(t)
		s.failCommits = 1 // a serialization failure: the whole transaction runs again
		calls := 0
		c, evs, err := svc.OrderIn(ctx, advertiser, "cmp-1", "t1", d("105"), func(context.Context) error { calls++; return nil })
		if err != nil || len(evs) != 1 || calls != 2 || s.commits != 1 {
			t.Fatalf("OrderIn = %v, %+v, %d creations, %d commits", err, evs, calls, s.commits)
		}
		if r, _ := s.CampaignStore.Get(ctx, "cmp-1"); len(r.Reservations) != 1 || !c.Reserved().Equal(d("105")) {
			t.Fatalf("stored %+v", r.Reservations)
		}
	})
	t.Run("CAM-1_existing_task_not_retried", func(t *testing.T) {
		s, svc := setup(t)
		calls := 0
		dup := starmap.ErrAlreadyExists.New(starmap.Arg("what", "task"), starmap.Arg("id", "t1"))
		_, _, err := svc.OrderIn(ctx, advertiser, "cmp-1", "t1", d("105"), func(context.Context) error { calls++; return dup })
		if !errors.Is(err, starmap.ErrAlreadyExists) || calls != 1 || s.rollbacks != 1 {
			t.Fatalf("OrderIn = %v after %d calls", err, calls)
		}
	})
}

// Concurrent orders on the Service keep the budget: a short form of the
// kit's property, run here under -race on memstore (CAM-1).
func TestService_CAM1_ConcurrentOrdersNeverExceedTheBudget(t *testing.T) {
	f := newFixture(t, campaign.WithRetry(starmap.Retry{Attempts: 100}))
	f.create(t, "cmp-1", "1000", "")
	done := make(chan error, 32)
	for i := 0; i < 32; i++ {
		go func(i int) {
			_, _, err := f.svc.Reserve(ctx, advertiser, "cmp-1", "t"+strconv.Itoa(i), d("105"))
			done <- err
		}(i)
	}
	wins := 0
	for i := 0; i < 32; i++ {
		if err := <-done; err == nil {
			wins++
		} else if !errors.Is(err, campaign.ErrBudgetExceeded) {
			t.Errorf("reservation: %v", err)
		}
	}
	c, _ := campaign.FromRecord(f.stored(t, "cmp-1"))
	if wins != 9 || !c.Remaining().Equal(d("55")) {
		t.Fatalf("%d wins, remaining %s; want 9 and 55", wins, c.Remaining())
	}
}

// Create reports every problem of the spec at once, the id's too.
func TestService_Create_EveryProblem(t *testing.T) {
	f := newFixture(t)
	_, _, err := f.svc.Create(ctx, advertiser, campaign.Spec{ID: "a b", Budget: d("-1")})
	for _, r := range []*starmap.Rule{starmap.ErrIDInvalid, campaign.ErrNameRequired, campaign.ErrObjectiveInvalid, campaign.ErrBudgetInvalid} {
		if !errors.Is(err, r) {
			t.Errorf("Create of a bad spec: %v does not report %s", err, r.Code())
		}
	}
	if _, _, err := f.svc.Create(ctx, advertiser, spec("cmp-1", "1", "")); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.Create(ctx, advertiser, spec("cmp-1", "1", "")); !errors.Is(err, starmap.ErrAlreadyExists) {
		t.Errorf("a second Create of cmp-1 = %v", err)
	}
}
