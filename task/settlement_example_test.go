package task_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
)

// A CPM task (STL-1): ¥30 per thousand plays, capped at ¥12,800. Plays
// reported after the cut-off do not count; the platform's clock closes the
// settlement the day after the lock day.
func ExampleTask_SettlementAt() {
	at := time.Date(2026, 10, 1, 9, 0, 0, 0, starmap.CST())
	adv, cre, plat := starmap.AdvertiserActor("adv-1"), starmap.CreatorActor("cre-1"), starmap.PlatformActor("clock")
	tk, _, _ := task.New(adv, at, task.Order{ID: "task-cpm", Creator: "cre-1", Format: starmap.FormatShortVideo,
		Price: decimal.RequireFromString("12800.00"), Settlement: task.Settlement{Model: task.ModelCPM, Rate: decimal.RequireFromString("30.00")}},
		task.DefaultPolicy(), nil)
	for _, r := range []task.Request{{Command: task.CmdAcceptOrder}, {Command: task.CmdSubmitScript, Ref: "s"}, {Command: task.CmdApproveScript},
		{Command: task.CmdSubmitVideo, Ref: "v"}, {Command: task.CmdApproveVideo}, {Command: task.CmdPublish, Ref: "p"}} {
		by := cre
		if r.Command == task.CmdApproveScript || r.Command == task.CmdApproveVideo {
			by = adv
		}
		if _, err := tk.Apply(by, at, r); err != nil {
			fmt.Println(err)
		}
	}
	day := func(n int) time.Time { return at.Add(time.Duration(n) * 24 * time.Hour) }
	_, _ = tk.Apply(plat, day(2), task.Request{Command: task.CmdReportResults, Metrics: task.Metrics{Exposure: 250_001}})
	_, _ = tk.Apply(adv, day(2), task.Request{Command: task.CmdAcceptDelivery})
	_, _ = tk.Apply(plat, day(9), task.Request{Command: task.CmdReportResults, Metrics: task.Metrics{Exposure: 900_000}})
	v := tk.SettlementAt(day(9))
	fmt.Println(v.Model, v.Status, v.Plays, v.Pay, v.Fee, "locks after", v.LocksOn)
	c, _ := tk.Due(day(9))
	_, _ = tk.Apply(plat, day(9), task.Request{Command: c})
	st := tk.Statement()
	fmt.Println(c, tk.SettlementAt(day(9)).Status, "paid", st.Paid, "fee", st.Fee, "refunded", st.Refunded)
	// Output:
	// cpm locked 250001 7500.03 375 locks after 2026-10-08
	// close_settlement settled paid 7500.03 fee 375 refunded 5564.97
}

// Shares splits a price over deliverables to the fen: truncated, then the
// leftover fen to the largest remainders.
func ExampleShares() {
	fmt.Println(task.Shares(decimal.RequireFromString("12800.00"), 3, nil))
	// Output: [4266.67 4266.67 4266.66]
}
