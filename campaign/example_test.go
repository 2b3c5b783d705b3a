package campaign_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/campaign"
	"github.com/starmap-go/starmap/memstore"
)

// A pilot campaign (小规模试点): orders reserve price + fee from the pilot
// budget until the advertiser graduates it.
func ExampleService_Reserve() {
	ctx := context.Background()
	svc, _ := campaign.NewService(memstore.NewCampaignStore(),
		starmap.FixedClock(time.Date(2026, 3, 1, 10, 0, 0, 0, starmap.CST())))
	adv := starmap.AdvertiserActor("adv-1")

	_, _, err := svc.Create(ctx, adv, campaign.Spec{
		ID: "spring", Name: "春季新品", Objective: campaign.ObjectivePurchase,
		Targets:     []campaign.Target{{Metric: campaign.MetricROI, Value: decimal.RequireFromString("3")}},
		Budget:      decimal.RequireFromString("50000"),
		Pilot:       true,
		PilotBudget: decimal.RequireFromString("2000"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	c, _, _ := svc.Reserve(ctx, adv, "spring", "task-1", decimal.RequireFromString("1575.00"))
	fmt.Println("available in the pilot:", starmap.FormatCNY(c.Available()))

	_, _, err = svc.Reserve(ctx, adv, "spring", "task-2", decimal.RequireFromString("525.00"))
	fmt.Println(starmap.Message(err, starmap.ZH))

	c, _, _ = svc.Graduate(ctx, adv, "spring", "试点ROI达标")
	fmt.Println("available after graduation:", starmap.FormatCNY(c.Available()))
	// Output:
	// available in the pilot: 425.00
	// 项目spring处于试点阶段,试点预算不足:本单需预留525.00元,试点预算剩余425.00元(结束试点后可用全部预算)
	// available after graduation: 48425.00
}

// OrderIn reserves, creates the task, and voids the reservation when the
// creation fails: no budget leaks.
func ExampleService_OrderIn() {
	ctx := context.Background()
	svc, _ := campaign.NewService(memstore.NewCampaignStore(),
		starmap.FixedClock(time.Date(2026, 3, 1, 10, 0, 0, 0, starmap.CST())))
	adv := starmap.AdvertiserActor("adv-1")
	_, _, _ = svc.Create(ctx, adv, campaign.Spec{ID: "spring", Name: "春季新品",
		Objective: campaign.ObjectiveExposure, Budget: decimal.RequireFromString("1000")})

	tasks := map[string]bool{} // the host's task store
	createTask := func(id string, fail bool) func(context.Context) error {
		return func(context.Context) error {
			if fail {
				return errors.New("creator not found")
			}
			tasks[id] = true
			return nil
		}
	}
	c, _, err := svc.OrderIn(ctx, adv, "spring", "task-1", decimal.RequireFromString("105.00"), createTask("task-1", false))
	fmt.Println(err, starmap.FormatCNY(c.Reserved()))
	c, evs, err := svc.OrderIn(ctx, adv, "spring", "task-2", decimal.RequireFromString("210.00"), createTask("task-2", true))
	fmt.Println(err, starmap.FormatCNY(c.Reserved()), evs[0].Type, evs[1].Type)
	// Output:
	// <nil> 105.00
	// creator not found 105.00 campaign.reserve campaign.void
}

// A task's money path through its reservation: settled in part, the rest
// refunded; budget = remaining + reserved + spent to the fen.
func ExampleCampaign_Settle() {
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, starmap.CST())
	adv := starmap.AdvertiserActor("adv-1")
	c, _, _ := campaign.New(adv, now, campaign.Spec{ID: "spring", Name: "春季新品",
		Objective: campaign.ObjectiveAddToCart, Budget: decimal.RequireFromString("1000")})

	_, _ = c.Reserve(adv, now, "task-1", decimal.RequireFromString("105.00"))
	// Cancelled after the script: the creator keeps 30 % of the price (30.00)
	// and the platform the fee on it (1.50); the rest is refunded.
	_, _ = c.Settle(starmap.PlatformActor("ops"), now, "task-1", decimal.RequireFromString("31.50"), "取消补偿")
	_, _ = c.Release(starmap.PlatformActor("ops"), now, "task-1", decimal.RequireFromString("73.50"), "取消退款")

	r, _ := c.Reservation("task-1")
	fmt.Println(r.State.Label(starmap.ZH), r.Spent, r.Released)
	fmt.Println(c.Remaining(), "+", c.Reserved(), "+", c.Spent(), "=", c.Budget())
	// Output:
	// 已结算 31.5 73.5
	// 968.5 + 0 + 31.5 = 1000
}

// Reconcile finds reservations a crash left without a task, once they are
// older than the orphan age, and voids them.
func ExampleService_Reconcile() {
	ctx := context.Background()
	clock := starmap.NewManualClock(time.Date(2026, 3, 1, 10, 0, 0, 0, starmap.CST()))
	svc, _ := campaign.NewService(memstore.NewCampaignStore(), clock)
	adv := starmap.AdvertiserActor("adv-1")
	_, _, _ = svc.Create(ctx, adv, campaign.Spec{ID: "spring", Name: "春季新品",
		Objective: campaign.ObjectivePurchase, Budget: decimal.RequireFromString("1000")})
	_, _, _ = svc.Reserve(ctx, adv, "spring", "task-1", decimal.RequireFromString("105")) // then the host crashed

	exists := func(_ context.Context, task string) (bool, error) { return false, nil }
	clock.Advance(campaign.DefaultOrphanAge)
	c, evs, err := svc.Reconcile(ctx, starmap.PlatformActor("reconciler"), "spring", exists)
	fmt.Println(err, len(evs), starmap.FormatCNY(c.Available()))
	// Output:
	// <nil> 1 1000.00
}

// End is what a task service calls when a task ends: here a cancellation
// after the script, where the creator side and the platform keep 31.50 of
// the 105.00 frozen and the rest goes back to the campaign.
func ExampleCampaign_End() {
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, starmap.CST())
	adv := starmap.AdvertiserActor("adv-1")
	c, _, _ := campaign.New(adv, now, campaign.Spec{ID: "spring", Name: "春季新品",
		Objective: campaign.ObjectivePurchase, Budget: decimal.RequireFromString("1000")})
	_, _ = c.Reserve(adv, now, "task-1", decimal.RequireFromString("105.00"))

	evs, _ := c.End(adv, now, "task-1", decimal.RequireFromString("31.50"), "广告主取消")
	for _, ev := range evs {
		fmt.Println(ev.Type)
	}
	_, err := c.End(adv, now, "task-1", decimal.RequireFromString("31.50"), "重复")
	fmt.Println(starmap.Message(err, starmap.ZH))
	fmt.Println(starmap.FormatCNY(c.Available()))
	// Output:
	// campaign.settle
	// campaign.release
	// 任务task-1在项目spring中的预留已结束(已结算)
	// 968.50
}
