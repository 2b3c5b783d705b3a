package tour

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/campaign"
	"github.com/starmap-go/starmap/dashboard"
	"github.com/starmap-go/starmap/task"
)

// settlementTour narrates one CPS task inside a campaign (STL-1, CAM-1,
// CAM-2): ordering reserves the cap + fee from the campaign's budget, the
// creator delivers, sales and refunds arrive, the commission is estimated
// while the return windows are open, locks when they close, and the
// platform's sweep settles it and ends the campaign's reservation; then
// the creator's statement for October and the campaign's board.
func settlementTour(ctx context.Context, w io.Writer, stores Stores) error {
	clock := starmap.NewManualClock(time.Date(2026, 10, 12, 10, 0, 0, 0, starmap.CST()))
	campaigns, err := campaign.NewService(stores.Campaigns, clock)
	if err != nil {
		return err
	}
	svc, err := task.NewService(stores.Tasks, clock, task.WithCampaigns(campaigns))
	if err != nil {
		return err
	}
	adv := starmap.AdvertiserActor("adv-brand")
	cre := starmap.CreatorActor("cre-xiaomei")
	data := starmap.PlatformActor("data-sync")
	yuan := decimal.RequireFromString
	fmt.Fprintln(w, "== settlement: a CPS task in a campaign")

	if _, _, err := campaigns.Create(ctx, adv, campaign.Spec{ID: "cmp-autumn", Name: "秋季新品", Objective: campaign.ObjectivePurchase,
		Budget: yuan("20000.00"), Targets: []campaign.Target{{Metric: campaign.MetricCPI, Value: yuan("20.00")}}}); err != nil {
		return err
	}
	placed, err := svc.Order(ctx, adv, task.Order{ID: "task-cps-01", Creator: "cre-xiaomei", Format: starmap.FormatShortVideo,
		Price: yuan("5000.00"), Campaign: "cmp-autumn",
		Settlement: task.Settlement{Model: task.ModelCPS, Rate: yuan("1500")}}) // 15 % commission, cap ¥5000
	if err != nil {
		return err
	}
	c, err := campaigns.Get(ctx, adv, "cmp-autumn")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s: CPS 15%%, cap ¥%s + fee ¥%s frozen; campaign reserved ¥%s, ¥%s left\n", placed.Task.ID(),
		starmap.FormatCNY(placed.Task.Price()), starmap.FormatCNY(placed.Task.Fee()), starmap.FormatCNY(c.Reserved()), starmap.FormatCNY(c.Remaining()))

	id := placed.Task.ID()
	for _, s := range []struct {
		by starmap.Actor
		r  task.Request
	}{
		{cre, task.Request{Command: task.CmdAcceptOrder}}, {cre, task.Request{Command: task.CmdSubmitScript, Ref: "script-v1"}},
		{adv, task.Request{Command: task.CmdApproveScript}}, {cre, task.Request{Command: task.CmdSubmitVideo, Ref: "video-v1"}},
		{adv, task.Request{Command: task.CmdApproveVideo}}, {cre, task.Request{Command: task.CmdPublish, Ref: "douyin-8802"}},
	} {
		clock.Advance(6 * time.Hour)
		if _, err := svc.Do(ctx, s.by, id, s.r); err != nil {
			return err
		}
	}
	published := clock.Now()
	day := func(n int) time.Time { return published.Add(time.Duration(n) * 24 * time.Hour) }
	clock.Set(day(3))
	if _, err := svc.Do(ctx, data, id, task.Request{Command: task.CmdReportResults,
		Metrics: task.Metrics{Exposure: 180000, Clicks: 5200, Favourites: 900, AddToCart: 400, Orders: 230, GMV: yuan("23000.00")},
		Sales:   []task.Sale{{Order: "so-1", At: day(1), Amount: yuan("12000.00")}, {Order: "so-2", At: day(2), Amount: yuan("11000.00")}}}); err != nil {
		return err
	}
	out, err := svc.Do(ctx, adv, id, task.Request{Command: task.CmdAcceptDelivery})
	if err != nil {
		return err
	}
	v := out.Task.SettlementAt(clock.Now())
	fmt.Fprintf(w, "  accepted (%s): commission %s ¥%s on net GMV ¥%s, locks after %s\n", out.Task.SubState().Label(starmap.ZH),
		v.Status.Label(starmap.ZH), starmap.FormatCNY(v.Pay), starmap.FormatCNY(v.NetGMV), v.LocksOn)
	clock.Set(day(12))
	out, err = svc.Do(ctx, data, id, task.Request{Command: task.CmdReportResults, Metrics: out.Task.Metrics(),
		Sales: []task.Sale{{Order: "so-1", At: day(5), Amount: yuan("2000.00"), Refund: true}, // inside its 7-day window
			{Order: "so-2", At: day(11), Amount: yuan("1000.00"), Refund: true}}}) // after its window
	if err != nil {
		return err
	}
	v = out.Task.SettlementAt(clock.Now())
	fmt.Fprintf(w, "  refunds reported: commission %s ¥%s on net GMV ¥%s (the refund after the window does not count)\n",
		v.Status.Label(starmap.ZH), starmap.FormatCNY(v.Pay), starmap.FormatCNY(v.NetGMV))
	clock.Set(v.LocksOn.AddDays(1).StartOfDay())
	swept, err := svc.Sweep(ctx, starmap.PlatformActor("scheduler"))
	if err != nil {
		return err
	}
	for _, o := range swept {
		v = o.Task.SettlementAt(clock.Now())
		fmt.Fprintf(w, "  %s sweep: %s → %s ¥%s, fee ¥%s\n", starmap.DateOf(clock.Now()), o.Events[0].Type, v.Status.Label(starmap.ZH),
			starmap.FormatCNY(v.Pay), starmap.FormatCNY(v.Fee))
		for _, p := range o.Postings {
			fmt.Fprintf(w, "    %-12s %-21s → %-21s ¥%s\n", p.Kind, p.From, p.To, starmap.FormatCNY(p.Amount))
		}
	}
	tk, err := svc.Get(ctx, adv, id)
	if err != nil {
		return err
	}
	st := task.Statements(task.Holder{Kind: task.HolderCreator, ID: "cre-xiaomei"}, starmap.MustDate(2026, 10, 1), starmap.MustDate(2026, 10, 31),
		task.Entries([]*task.Task{tk}))
	fmt.Fprintf(w, "  creator's October statement: opening ¥%s, closing ¥%s, invoiceable ¥%s, reconciles %v\n",
		starmap.FormatCNY(st.Opening[0].Balance), starmap.FormatCNY(st.Closing[0].Balance), starmap.FormatCNY(st.Invoiceable), st.Reconciles())

	c, err = campaigns.Get(ctx, adv, "cmp-autumn")
	if err != nil {
		return err
	}
	board := dashboard.Campaign(c, []*task.Task{tk})
	k := board.Total.KPIs
	fmt.Fprintf(w, "campaign %s (项目汇总): spent ¥%s, reserved ¥%s, remaining ¥%s\n", c.ID(),
		starmap.FormatCNY(board.Spent), starmap.FormatCNY(board.Reserved), starmap.FormatCNY(board.Remaining))
	fmt.Fprintf(w, "  orders %d, GMV ¥%s, conversion %s, CPM ¥%s, CPE ¥%s, ROI %s, CPI ¥%s\n", board.Total.Metrics.Orders,
		starmap.FormatCNY(board.Total.Metrics.GMV), fixed(k.ConversionRate, 4), fixed(k.CPM, 2), fixed(k.CPE, 2), fixed(k.ROI, 2), fixed(k.CPI, 2))
	for _, s := range board.Shares {
		fmt.Fprintf(w, "  达人成单贡献占比 %s: %s%%\n", s.Creator, fixed(s.Percent, dashboard.SharePlaces))
	}
	for _, r := range board.Targets {
		fmt.Fprintf(w, "  target %s ≤ ¥%s: actual ¥%s, met %v\n", r.Target.Metric.Label(starmap.ZH), starmap.FormatCNY(r.Target.Value), fixed(r.Actual, 2), r.Met)
	}
	return nil
}

// fixed renders a ratio with places decimals, or "undefined".
func fixed(r task.Ratio, places int32) string {
	v, ok := r.Value()
	if !ok {
		return r.String()
	}
	return v.StringFixed(places)
}
