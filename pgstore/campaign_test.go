package pgstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/starmap-go/starmap/campaign"
	"github.com/starmap-go/starmap/campaign/campaigntest"
)

func mustCampaignStore(t testing.TB, pool *pgxpool.Pool) *CampaignStore {
	t.Helper()
	s, err := NewCampaignStore(pool)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCampaignStoreKit(t *testing.T) {
	databaseURL(t) // skip here, not inside a subtest
	campaigntest.TestStore(t, func() campaign.Store { return mustCampaignStore(t, freshPool(t)) })
}

func TestNewCampaignStoreNilPool(t *testing.T) {
	if _, err := NewCampaignStore(nil); !errors.Is(err, starmap.ErrServiceDependency) {
		t.Fatalf("NewCampaignStore(nil) = %v, want ErrServiceDependency", err)
	}
}

type replica struct {
	camp  *campaign.Service
	tasks *task.Service
}

// newReplica makes the campaign and task services of one replica on pool,
// the campaign service ordering in one transaction of pool (InTx).
func newReplica(t testing.TB, pool *pgxpool.Pool, clock starmap.Clock, attempts int) replica {
	t.Helper()
	camp, err := campaign.NewService(mustCampaignStore(t, pool), clock,
		campaign.WithTransactor(func(ctx context.Context, fn func(context.Context) error) error {
			return InTx(ctx, pool, fn)
		}),
		campaign.WithRetry(starmap.Retry{Attempts: attempts}))
	if err != nil {
		t.Fatal(err)
	}
	return replica{camp: camp, tasks: taskService(t, pool, clock)}
}

// orderIn orders task id (price 1000, fee 50) in campaign cmp-1.
func (r replica) orderIn(ctx context.Context, id string, fail error) error {
	_, _, err := r.camp.OrderIn(ctx, adv1, "cmp-1", id, decimal.NewFromInt(1050), func(ctx context.Context) error {
		if _, err := r.tasks.Order(ctx, adv1, order(id)); err != nil {
			return err
		}
		return fail // after the task's row is written
	})
	return err
}

func countTasks(t testing.TB, pool *pgxpool.Pool) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), "SELECT count(*) FROM tasks").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestOrderInOneTransaction: OrderIn WithTransactor(InTx) reserves and
// creates the task in one transaction — a failing creation leaves neither
// the reservation nor the task row — and 32 concurrent orders through two
// pools never exceed the budget: exactly floor(budget/amount) win.
func TestOrderInOneTransaction(t *testing.T) {
	ctx := context.Background()
	poolA := freshPool(t)
	poolB := twinPool(t, poolA)
	clock := starmap.NewManualClock(tOrder)
	reps := []replica{newReplica(t, poolA, clock, 4*campaigntest.Concurrent), newReplica(t, poolB, clock, 4*campaigntest.Concurrent)}
	if _, _, err := reps[0].camp.Create(ctx, adv1, campaign.Spec{ID: "cmp-1", Name: "双十一",
		Objective: campaign.ObjectivePurchase, Budget: decimal.NewFromInt(10000)}); err != nil {
		t.Fatal(err)
	}

	t.Run("failed_creation_rolls_back", func(t *testing.T) {
		boom := errors.New("task service refused")
		if err := reps[0].orderIn(ctx, "t-fail", boom); !errors.Is(err, boom) {
			t.Fatalf("OrderIn = %v, want the creation's error", err)
		}
		c, err := reps[1].camp.Get(ctx, adv1, "cmp-1")
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Reservations()) != 0 || !c.Reserved().IsZero() {
			t.Errorf("after a failed creation: %d reservations, %s reserved", len(c.Reservations()), c.Reserved())
		}
		if n := countTasks(t, poolA); n != 0 {
			t.Errorf("after a failed creation: %d task rows", n)
		}
	})

	t.Run("concurrent_orders_two_pools", func(t *testing.T) {
		errs := make([]error, campaigntest.Concurrent)
		var wg sync.WaitGroup
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = reps[i%2].orderIn(ctx, fmt.Sprintf("t-%02d", i), nil)
			}()
		}
		wg.Wait()
		won := 0
		for i, err := range errs {
			switch {
			case err == nil:
				won++
			case errors.Is(err, campaign.ErrBudgetExceeded):
			default:
				t.Errorf("order %d: %v", i, err)
			}
		}
		const want = 9 // floor(10000 / 1050)
		if won != want {
			t.Errorf("%d orders won, want %d", won, want)
		}
		c, err := reps[0].camp.Get(ctx, adv1, "cmp-1")
		if err != nil {
			t.Fatal(err)
		}
		if got := len(c.Reservations()); got != won || !c.Reserved().Equal(decimal.NewFromInt(int64(1050*won))) {
			t.Errorf("%d reservations, %s reserved; want %d, %d", got, c.Reserved(), won, 1050*won)
		}
		if c.Reserved().GreaterThan(decimal.NewFromInt(10000)) {
			t.Errorf("reserved %s beyond the budget", c.Reserved())
		}
		if n := countTasks(t, poolB); n != won {
			t.Errorf("%d task rows, %d orders won", n, won)
		}
		store := mustTaskStore(t, poolB)
		for _, r := range c.Reservations() {
			if _, err := store.Get(ctx, r.Task); err != nil {
				t.Errorf("reservation of %s without its task: %v", r.Task, err)
			}
		}
	})
}

// TestCampaignQueryPlans: every query of CampaignStore is served by the
// index named in the README's table.
func TestCampaignQueryPlans(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t)
	if _, err := pool.Exec(ctx, `INSERT INTO campaigns
		SELECT 'c-' || lpad(i::text, 6, '0'), 'adv-' || (i % 50), (i % 2) + 1, i % 4 = 0,
		       1790000000 + i / 3, i % 3, 10000, 1, '{}'
		FROM generate_series(1, 5000) i`); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, "ANALYZE campaigns"); err != nil {
		t.Fatal(err)
	}
	page := starmap.PageRequest{Limit: 20, Cursor: campaign.Position{CreatedAt: time.Unix(1790001000, 2).UTC(), ID: "c-003002"}.Cursor()}
	for _, c := range []struct {
		name    string
		q       campaign.Query
		index   string
		ordered bool
	}{
		{"List all", campaign.Query{}, "campaigns_created", true},
		{"List all, after a cursor", campaign.Query{PageRequest: page}, "campaigns_created", true},
		{"List by advertiser", campaign.Query{Advertiser: "adv-7"}, "campaigns_advertiser_created", true},
		{"List by advertiser, state, pilots, after a cursor",
			campaign.Query{Advertiser: "adv-7", State: campaign.StateActive, OnlyPilots: true, PageRequest: page}, "campaigns_advertiser_created", false},
	} {
		sql, args, err := campaignListSQL(c.q)
		if err != nil {
			t.Fatal(err)
		}
		usesIndex(t, c.name, explain(t, pool, sql, args...), c.index, c.ordered)
	}
}
