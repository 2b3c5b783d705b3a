package task_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/campaign"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/task"
)

func campaignServices(t *testing.T, budget string) (*task.Service, *campaign.Service, *starmap.ManualClock) {
	t.Helper()
	clock := starmap.NewManualClock(t0)
	cs, err := campaign.NewService(memstore.NewCampaignStore(), clock, campaign.WithRetry(starmap.Retry{Attempts: 64}))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := cs.Create(context.Background(), advertiser, campaign.Spec{ID: "cmp-1", Name: "小规模试点",
		Objective: campaign.ObjectivePurchase, Budget: dec(budget)}); err != nil {
		t.Fatal(err)
	}
	ts, _ := newService(t, clock, task.WithCampaigns(cs))
	return ts, cs, clock
}

func TestCampaignOrders_CAM1(t *testing.T) {
	ctx := context.Background()
	ts, cs, clock := campaignServices(t, "2500.00")
	o := order(starmap.FormatShortVideo, true)
	o.Campaign = "cmp-1"
	out, err := ts.Order(ctx, advertiser, o)
	if err != nil {
		t.Fatal(err)
	}
	// OPS-1: in the order they were stored, the reservation first.
	if len(out.Events) != 2 || out.Events[0].Type != "campaign.reserve" || out.Events[1].Type != "task.ordered" {
		t.Errorf("CAM-1 order events %v", out.Events)
	}
	c, _ := cs.Get(ctx, advertiser, "cmp-1")
	if !c.Reserved().Equal(dec("1050.00")) {
		t.Fatalf("CAM-1 reserved %s, want price + fee 1050.00", c.Reserved())
	}
	// A second order would pass the budget: refused, nothing stored.
	o2 := o
	o2.ID = "task-2"
	o2.Price = dec("1500.00")
	if _, err := ts.Order(ctx, advertiser, o2); !errors.Is(err, campaign.ErrBudgetExceeded) {
		t.Fatalf("CAM-1 over budget: %v", err)
	}
	if _, err := ts.Get(ctx, advertiser, "task-2"); !errors.Is(err, starmap.ErrNotFound) {
		t.Errorf("refused order stored: %v", err)
	}
	// Cancelled after the script: the compensation is spent, the rest released.
	mustDo(t, ts, creator, "task-1", cmd(task.CmdAcceptOrder))
	mustDo(t, ts, creator, "task-1", withRef(task.CmdSubmitScript))
	end := mustDo(t, ts, advertiser, "task-1", withReason(task.CmdCancel))
	c, _ = cs.Get(ctx, advertiser, "cmp-1")
	if !c.Spent().Equal(end.Task.Cost()) || !c.Reserved().IsZero() || !c.Remaining().Equal(dec("2500.00").Sub(end.Task.Cost())) {
		t.Errorf("CAM-1 after cancel: spent %s (task cost %s), reserved %s", c.Spent(), end.Task.Cost(), c.Reserved())
	}
	if _, err := ts.EndCampaign(ctx, advertiser, "task-1"); err != nil {
		t.Errorf("a repeated end must move nothing and succeed: %v", err)
	}
	// A CPS task in the campaign ends its reservation at the swept close.
	o3 := order(starmap.FormatShortVideo, false)
	o3.ID, o3.Campaign, o3.Price = "task-3", "cmp-1", dec("1000.00")
	o3.Settlement = task.Settlement{Model: task.ModelCPS, Rate: dec("1000")}
	if _, err := ts.Order(ctx, advertiser, o3); err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		by starmap.Actor
		r  task.Request
	}{{creator, cmd(task.CmdAcceptOrder)}, {creator, withRef(task.CmdSubmitScript)}, {advertiser, cmd(task.CmdApproveScript)},
		{creator, withRef(task.CmdSubmitVideo)}, {advertiser, cmd(task.CmdApproveVideo)}, {creator, withRef(task.CmdPublish)}} {
		mustDo(t, ts, s.by, "task-3", s.r)
	}
	clock.Advance(24 * time.Hour)
	mustDo(t, ts, platform, "task-3", task.Request{Command: task.CmdReportResults, Sales: []task.Sale{{Order: "o-1", At: clock.Now(), Amount: dec("3000.00")}}})
	mustDo(t, ts, advertiser, "task-3", cmd(task.CmdAcceptDelivery))
	c, _ = cs.Get(ctx, advertiser, "cmp-1")
	if !c.Reserved().Equal(dec("1050.00")) {
		t.Fatalf("CAM-1 accepted CPS task still holds %s", c.Reserved())
	}
	clock.Advance(20 * 24 * time.Hour)
	outs, err := ts.Sweep(ctx, sweeper)
	if err != nil || len(outs) != 1 {
		t.Fatalf("sweep: %v %d", err, len(outs))
	}
	c, _ = cs.Get(ctx, advertiser, "cmp-1")
	// 10 % of 3000 = 300, fee 15: spent; the rest released.
	if !c.Reserved().IsZero() || !c.Spent().Equal(end.Task.Cost().Add(dec("315.00"))) {
		t.Errorf("CAM-1 after the CPS close: reserved %s spent %s", c.Reserved(), c.Spent())
	}
	if _, err := ts.Order(ctx, advertiser, task.Order{ID: "task-9", Creator: "cre-1", Format: starmap.FormatShortVideo, Price: dec("1"), Campaign: "cmp-1"}); err != nil {
		t.Errorf("budget given back is usable: %v", err)
	}
	plain, _ := newService(t, clock)
	if _, err := plain.Order(ctx, advertiser, o2); !errors.Is(err, task.ErrCampaignsMissing) {
		t.Errorf("no campaign service: %v", err)
	}
}

// TestCampaignOrders_CAM1_concurrent: 32 concurrent orders of price + fee
// 105.00 against a budget of 1000.00: exactly floor(1000 / 105) = 9 win
// (the retries suffice), never more.
func TestCampaignOrders_CAM1_concurrent(t *testing.T) {
	ts, cs, _ := campaignServices(t, "1000.00")
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := 0
	for i := 0; i < 32; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			o := task.Order{ID: fmt.Sprintf("task-%02d", i), Creator: "cre-1", Format: starmap.FormatShortVideo, Price: dec("100.00"), Campaign: "cmp-1"}
			_, err := ts.Order(context.Background(), advertiser, o)
			switch {
			case err == nil:
				mu.Lock()
				won++
				mu.Unlock()
			case !errors.Is(err, campaign.ErrBudgetExceeded) && !errors.Is(err, starmap.ErrConflict):
				t.Errorf("order %d: %v", i, err)
			}
		}(i)
	}
	wg.Wait()
	c, _ := cs.Get(context.Background(), advertiser, "cmp-1")
	if c.Reserved().Cmp(dec("1000.00")) > 0 || won != 9 {
		t.Fatalf("CAM-1 budget exceeded: %d orders, %s reserved", won, c.Reserved())
	}
	if !c.Reserved().Equal(dec("105.00").Mul(dec(fmt.Sprint(won)))) {
		t.Errorf("reserved %s for %d orders", c.Reserved(), won)
	}
}
