// Package campaigntest is the conformance kit for implementations of
// campaign.Store, in the manner of testing/fstest: a host's store test
// calls TestStore with a constructor of empty stores. The kit checks the
// one version contract of the SDK (internal/kit.CheckVersions: create at
// version 1, stale and missing writes, a round trip of every field, no
// shared memory, one winner among concurrent writers), List's filters,
// order and keyset paging, and — through a campaign.Service over the
// store — the budget property of CAM-1: concurrent reservations never
// exceed a campaign's budget, exactly floor(budget / amount) of equal
// ones win, and no reservation leaks when task creation fails.
package campaigntest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/campaign"
	"github.com/starmap-go/starmap/internal/kit"
)

// Concurrent is how many orders the budget property runs at once.
const Concurrent = 32

var t0 = time.Date(2026, 3, 1, 10, 0, 0, 0, starmap.CST())

// TestStore runs the conformance suite; newStore must return an empty
// store each time it is called.
func TestStore(t *testing.T, newStore func() campaign.Store) {
	t.Run("versions", func(t *testing.T) { kit.CheckVersions(t, 0, Records(newStore())) })
	t.Run("fixture", func(t *testing.T) { testFixture(t, newStore()) })
	t.Run("list", func(t *testing.T) { testList(t, newStore) })
	t.Run("CAM-1_concurrent_reservations", func(t *testing.T) { testConcurrentReservations(t, newStore) })
	t.Run("CAM-1_concurrent_orders_no_leak", func(t *testing.T) { testOrdersNoLeak(t, newStore) })
}

// Records describes campaign records of s to kit.CheckVersions. New(0)
// sets every field of a record and of each kind of sub-record, with the
// extremes the package accepts: the largest amount, a sub-account actor,
// every metric's target, a graduated pilot, a closed state.
func Records(s campaign.Store) kit.Records[string, campaign.Record] {
	return kit.Records[string, campaign.Record]{
		Kind: "campaign", Get: s.Get, Create: s.Create, Update: s.Update,
		New:         fullRecord,
		Key:         func(r campaign.Record) string { return r.ID },
		Version:     func(r campaign.Record) uint64 { return r.Version },
		WithVersion: func(r campaign.Record, v uint64) campaign.Record { r.Version = v; return r },
		Change: func(r campaign.Record, i int) campaign.Record {
			r = r.Clone()
			r.History = append(r.History, campaign.Entry{At: t0.Add(time.Duration(i) * time.Second),
				By: starmap.PlatformActor("ops"), Command: campaign.CommandSetTargets, From: r.State, To: r.State,
				Note: "change " + strconv.Itoa(i)})
			r.Name = "renamed " + strconv.Itoa(i)
			return r
		},
		Scribble: func(r *campaign.Record) {
			for i := range r.Targets {
				r.Targets[i] = campaign.Target{Metric: campaign.MetricClicks, Value: decimal.NewFromInt(-1)}
			}
			for i := range r.Reservations {
				r.Reservations[i] = campaign.Reservation{Task: "scribbled"}
			}
			for i := range r.History {
				r.History[i] = campaign.Entry{Note: "scribbled"}
			}
		},
		Options: []cmp.Option{cmp.Comparer(func(a, b starmap.Actor) bool { return a == b })},
	}
}

// fullRecord is record i with every field set.
func fullRecord(i int) campaign.Record {
	max := decimal.RequireFromString(starmap.MaxAmountText)
	adv := "adv-" + strconv.Itoa(i)
	sub := starmap.SubAccountActor(adv, "sub-1")
	targets := make([]campaign.Target, 0, len(campaign.Metrics()))
	for _, m := range campaign.Metrics() {
		v := max
		switch m {
		case campaign.MetricExposure, campaign.MetricClicks, campaign.MetricFavourites, campaign.MetricAddToCart, campaign.MetricOrders:
			v = decimal.NewFromInt(campaign.MaxCount)
		case campaign.MetricConversionRate:
			v = decimal.RequireFromString("0.0125")
		}
		targets = append(targets, campaign.Target{Metric: m, Value: v})
	}
	half := decimal.RequireFromString("499999999999999.99")
	return campaign.Record{
		ID: "cmp-" + strconv.Itoa(i), Advertiser: adv, Name: "春季新品 项目 " + strconv.Itoa(i),
		Objective: campaign.ObjectivePurchase, Targets: targets, Budget: max,
		Pilot: true, PilotBudget: max, GraduatedAt: t0.Add(48 * time.Hour),
		State: campaign.StateClosed, CreatedAt: t0.Add(time.Duration(i) * time.Minute),
		Reservations: []campaign.Reservation{{
			Task: "task-1", Amount: max, Held: half, Spent: decimal.RequireFromString("499999999999999.00"),
			Released: decimal.RequireFromString("1.00"), State: campaign.ReservationHeld, Partial: 2,
			At: t0.Add(time.Hour), By: sub,
		}},
		History: []campaign.Entry{
			{At: t0, By: starmap.AdvertiserActor(adv), Command: campaign.CommandCreate, To: campaign.StateActive, Amount: max},
			{At: t0.Add(time.Hour), By: sub, Command: campaign.CommandReserve, From: campaign.StateActive, To: campaign.StateActive,
				Task: "task-1", Amount: max, Note: "备注\n第二行"},
		},
	}
}

// fixture creates campaigns through the package's own rules.
type fixture struct {
	t     *testing.T
	store campaign.Store
	clock *starmap.ManualClock
	svc   *campaign.Service
}

func newFixture(t *testing.T, s campaign.Store, opts ...campaign.Option) *fixture {
	t.Helper()
	clock := starmap.NewManualClock(t0)
	svc, err := campaign.NewService(s, clock, opts...)
	if err != nil {
		t.Fatalf("campaigntest: NewService: %v", err)
	}
	return &fixture{t: t, store: s, clock: clock, svc: svc}
}

func (f *fixture) create(adv, id, budget, pilot string) campaign.Campaign {
	f.t.Helper()
	spec := campaign.Spec{ID: id, Name: "项目 " + id, Objective: campaign.ObjectivePurchase,
		Budget: decimal.RequireFromString(budget)}
	if pilot != "" {
		spec.Pilot, spec.PilotBudget = true, decimal.RequireFromString(pilot)
	}
	c, _, err := f.svc.Create(context.Background(), starmap.AdvertiserActor(adv), spec)
	if err != nil {
		f.t.Fatalf("campaigntest: Create %s: %v", id, err)
	}
	return c
}

func testList(t *testing.T, newStore func() campaign.Store) {
	ctx := context.Background()
	f := newFixture(t, newStore())
	// 30 campaigns of 3 advertisers; the clock moves every third one, so
	// that several share an instant and the id breaks the tie.
	var all []campaign.Record
	for i := 0; i < 30; i++ {
		if i%3 == 0 {
			f.clock.Advance(time.Minute)
		}
		adv := "adv-" + strconv.Itoa(i%3)
		pilot := ""
		if i%4 == 0 {
			pilot = "100"
		}
		c := f.create(adv, fmt.Sprintf("c-%02d", i), "1000", pilot)
		switch i % 5 {
		case 1:
			var err error
			if c, _, err = f.svc.Close(ctx, starmap.AdvertiserActor(adv), c.ID(), "完成"); err != nil {
				t.Fatalf("Close: %v", err)
			}
		case 2:
			if pilot != "" {
				var err error
				if c, _, err = f.svc.Graduate(ctx, starmap.AdvertiserActor(adv), c.ID(), ""); err != nil {
					t.Fatalf("Graduate: %v", err)
				}
			}
		}
		all = append(all, c.Record())
	}
	queries := []campaign.Query{
		{},
		{Advertiser: "adv-1"},
		{State: campaign.StateClosed},
		{State: campaign.StateActive, Advertiser: "adv-2"},
		{OnlyPilots: true},
		{Advertiser: "nobody"},
	}
	for _, q := range queries {
		var want []string
		sorted := append([]campaign.Record(nil), all...)
		sortRecords(sorted)
		for _, r := range sorted {
			if q.Match(r) {
				want = append(want, r.ID)
			}
		}
		for _, limit := range []int{0, 1, 4, 7, 1000} {
			q := q
			q.Limit = limit
			var got []string
			for pages := 0; ; pages++ {
				if pages > 100 {
					t.Fatalf("query %+v: paging does not end", q)
				}
				page, err := f.store.List(ctx, q)
				if err != nil {
					t.Fatalf("List(%+v): %v", q, err)
				}
				eff := q.EffectiveLimit()
				if len(page.Items) > eff {
					t.Errorf("List(%+v) gave %d items, more than the limit %d", q, len(page.Items), eff)
				}
				for _, r := range page.Items {
					got = append(got, r.ID)
					if r.Version == 0 {
						t.Errorf("List item %s without its version", r.ID)
					}
					if !q.Match(r) {
						t.Errorf("List(%+v) gave %s, which the filter does not select", q, r.ID)
					}
				}
				if page.Next == "" {
					break
				}
				if len(page.Items) == 0 {
					t.Fatalf("List(%+v): an empty page with a next cursor", q)
				}
				q.Cursor = page.Next
			}
			if !equalStrings(got, want) {
				t.Errorf("List(%+v) pages = %v, want %v (newest first, then id descending)", q, got, want)
			}
		}
	}
	// The cursor is a keyset position: campaigns created after the first
	// page was read (newer, so before it) do not shift the rest.
	first, err := f.store.List(ctx, campaign.Query{PageRequest: starmap.PageRequest{Limit: 5}})
	if err != nil || first.Next == "" {
		t.Fatalf("first page: %v, next %q", err, first.Next)
	}
	f.clock.Advance(time.Hour)
	f.create("adv-9", "z-new", "1", "")
	rest, err := f.store.List(ctx, campaign.Query{PageRequest: starmap.PageRequest{Limit: 5, Cursor: first.Next}})
	if err != nil || len(rest.Items) == 0 || rest.Items[0].ID == "z-new" {
		t.Errorf("after a newer campaign, the next page = %v, %v", ids(rest.Items), err)
	}
	sorted := append([]campaign.Record(nil), all...)
	sortRecords(sorted)
	if len(rest.Items) > 0 && rest.Items[0].ID != sorted[5].ID {
		t.Errorf("next page starts at %s, want %s", rest.Items[0].ID, sorted[5].ID)
	}
	for _, bad := range []string{"x", "not-a-cursor!", campaign.Position{ID: "a b"}.Cursor()} {
		if _, err := f.store.List(ctx, campaign.Query{PageRequest: starmap.PageRequest{Cursor: bad}}); !errors.Is(err, starmap.ErrCursorInvalid) {
			t.Errorf("List with cursor %q = %v, want ErrCursorInvalid", bad, err)
		}
	}
	if _, err := f.store.List(ctx, campaign.Query{PageRequest: starmap.PageRequest{Limit: -1}}); !errors.Is(err, starmap.ErrPageLimit) {
		t.Errorf("List with a negative limit = %v, want ErrPageLimit", err)
	}
	// Returned records share no memory with the store.
	page, err := f.store.List(ctx, campaign.Query{Advertiser: "adv-0", PageRequest: starmap.PageRequest{Limit: 1}})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("List: %v", err)
	}
	page.Items[0].History[0].Note = "scribbled"
	again, err := f.store.Get(ctx, page.Items[0].ID)
	if err != nil || again.History[0].Note == "scribbled" {
		t.Errorf("a listed record aliases the store: %v", err)
	}
}

func sortRecords(rs []campaign.Record) {
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && campaign.ListLess(rs[j], rs[j-1]); j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}

func ids(rs []campaign.Record) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

func equalStrings(a, b []string) bool {
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

// race runs f(0) … f(n-1) at once, released together, and returns their
// errors.
func race(n int, f func(i int) error) []error {
	errs := make([]error, n)
	var wg, ready sync.WaitGroup
	start := make(chan struct{})
	ready.Add(n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			ready.Done()
			<-start
			errs[i] = f(i)
		}(i)
	}
	ready.Wait()
	close(start)
	wg.Wait()
	return errs
}

// budgetCase is one run of the budget property.
type budgetCase struct {
	name                  string
	budget, pilot, amount string
	wins                  int // floor(limit / amount), capped at Concurrent
}

var budgetCases = []budgetCase{
	{"CAM-1_1000_by_105", "1000.00", "", "105.00", 9},
	{"CAM-1_100_by_3.33", "100.00", "", "3.33", 30},
	{"CAM-1_exactly_one", "50", "", "50", 1},
	{"CAM-1_none", "0.01", "", "0.02", 0},
	{"CAM-1_all_fit", "10000", "", "1", 32},
	{"CAM-1_exact_fit_31", "31.31", "", "1.01", 31},
	{"CAM-1_小规模试点_pilot_200_of_1000_by_30", "1000", "200", "30", 6},
}

// testConcurrentReservations: Concurrent reservations of equal amounts on
// one campaign never exceed its budget (its pilot budget in the pilot
// phase); with enough retries exactly floor(budget / amount) win and
// every other is refused for the budget; with the default retries no more
// win, and the rest are refused for the budget or a conflict.
func testConcurrentReservations(t *testing.T, newStore func() campaign.Store) {
	ctx := context.Background()
	for _, c := range budgetCases {
		t.Run(c.name, func(t *testing.T) {
			for _, retry := range []struct {
				name  string
				retry starmap.Retry
				exact bool
			}{
				{"enough_retries", starmap.Retry{Attempts: 4 * Concurrent}, true},
				{"default_retries", starmap.Retry{}, false},
			} {
				f := newFixture(t, newStore(), campaign.WithRetry(retry.retry))
				adv := starmap.AdvertiserActor("adv-1")
				f.create("adv-1", "cmp-1", c.budget, c.pilot)
				amount := decimal.RequireFromString(c.amount)
				errs := race(Concurrent, func(i int) error {
					by := adv
					if i%2 == 1 { // sub-accounts order too
						by = starmap.SubAccountActor("adv-1", "sub-"+strconv.Itoa(i))
					}
					_, _, err := f.svc.Reserve(ctx, by, "cmp-1", "task-"+strconv.Itoa(i), amount)
					return err
				})
				wins := 0
				for i, err := range errs {
					switch {
					case err == nil:
						wins++
					case errors.Is(err, campaign.ErrBudgetExceeded) || errors.Is(err, campaign.ErrPilotBudgetExceeded):
					case !retry.exact && errors.Is(err, starmap.ErrConflict):
					default:
						t.Errorf("%s: reservation %d failed with %v", retry.name, i, err)
					}
				}
				if retry.exact && wins != c.wins {
					t.Errorf("%s: %d of %d reservations of %s won on a budget of %s (pilot %q); want exactly %d",
						retry.name, wins, Concurrent, c.amount, c.budget, c.pilot, c.wins)
				}
				if wins > c.wins {
					t.Errorf("%s: %d reservations won, more than the %d the budget allows", retry.name, wins, c.wins)
				}
				checkStored(t, f, "cmp-1", wins, amount)
			}
		})
	}
}

// checkStored checks the stored campaign: wins reservations of amount,
// budget = remaining + reserved + spent, remaining never negative.
func checkStored(t *testing.T, f *fixture, id string, wins int, amount decimal.Decimal) {
	t.Helper()
	c, err := f.svc.Get(context.Background(), starmap.PlatformActor("ops"), id)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	held := 0
	for _, r := range c.Reservations() {
		if r.State == campaign.ReservationHeld {
			held++
		}
	}
	if held != wins {
		t.Errorf("stored: %d held reservations, want %d", held, wins)
	}
	if want := amount.Mul(decimal.NewFromInt(int64(wins))); !c.Reserved().Equal(want) {
		t.Errorf("stored: reserved %s, want %s", c.Reserved(), want)
	}
	if c.Remaining().Sign() < 0 {
		t.Errorf("stored: remaining %s is negative", c.Remaining())
	}
	if !c.Remaining().Add(c.Reserved()).Add(c.Spent()).Equal(c.Budget()) {
		t.Errorf("stored: remaining %s + reserved %s + spent %s != budget %s", c.Remaining(), c.Reserved(), c.Spent(), c.Budget())
	}
}

// testOrdersNoLeak: Concurrent OrderIn calls whose task creation fails for
// every other one leave no reservation held for a task that was not
// created, and never exceed the budget.
func testOrdersNoLeak(t *testing.T, newStore func() campaign.Store) {
	ctx := context.Background()
	for _, budget := range []string{"1000.00", "100000.00"} {
		f := newFixture(t, newStore(), campaign.WithRetry(starmap.Retry{Attempts: 4 * Concurrent}))
		adv := starmap.AdvertiserActor("adv-1")
		f.create("adv-1", "cmp-1", budget, "")
		amount := decimal.RequireFromString("105.00")
		var mu sync.Mutex
		created := map[string]bool{}
		failure := errors.New("task store refused")
		errs := race(Concurrent, func(i int) error {
			task := "task-" + strconv.Itoa(i)
			_, _, err := f.svc.OrderIn(ctx, adv, "cmp-1", task, amount, func(context.Context) error {
				if i%2 == 1 {
					return failure
				}
				mu.Lock()
				created[task] = true
				mu.Unlock()
				return nil
			})
			return err
		})
		for i, err := range errs {
			switch {
			case err == nil:
				if i%2 == 1 {
					t.Errorf("order %d: its creation failed, OrderIn succeeded", i)
				}
			case errors.Is(err, failure), errors.Is(err, campaign.ErrBudgetExceeded):
			default:
				t.Errorf("order %d: %v", i, err)
			}
		}
		c, err := f.svc.Get(ctx, adv, "cmp-1")
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		for _, r := range c.Reservations() {
			if r.State == campaign.ReservationHeld && !created[r.Task] {
				t.Errorf("budget %s: reservation of %s held, but its task was not created", budget, r.Task)
			}
			if r.State != campaign.ReservationHeld && created[r.Task] {
				t.Errorf("budget %s: task %s created, its reservation %s", budget, r.Task, r.State)
			}
		}
		checkStored(t, f, "cmp-1", len(created), amount)
	}
}

// testFixture: the record CheckVersions round-trips sets every field (a
// field added to Record later fails here until fullRecord sets it), is a
// campaign FromRecord accepts, and still is once stored.
func testFixture(t *testing.T, s campaign.Store) {
	r := fullRecord(500)
	if unset := kit.UnsetFields(r); len(unset) > 0 {
		t.Errorf("the kit's record leaves fields unset: %v", unset)
	}
	if _, err := campaign.FromRecord(r); err != nil {
		t.Fatalf("the kit's own record does not load: %v", err)
	}
	if _, err := s.Create(context.Background(), r); err != nil {
		t.Fatalf("Create: %v", err)
	}
	got, err := s.Get(context.Background(), r.ID)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if _, err := campaign.FromRecord(got); err != nil {
		t.Errorf("a stored campaign no longer loads: %v", err)
	}
}
