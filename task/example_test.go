package task_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/task"
)

// A short video from order to settlement, on the pure aggregate.
func ExampleTask_Apply() {
	now := time.Date(2026, 10, 1, 9, 0, 0, 0, starmap.CST())
	o := task.Order{ID: "task-42", Creator: "cre-1", MCN: "mcn-1", Format: starmap.FormatShortVideo,
		Price:    decimal.RequireFromString("1000"),
		Template: task.Template{Objective: task.ObjectivePurchase, Deliverables: []string{"60s video"}, Disclosure: true}}
	tk, _, err := task.New(starmap.AdvertiserActor("adv-1"), now, o, task.DefaultPolicy(), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	steps := []struct {
		by  starmap.Actor
		req task.Request
	}{
		{starmap.MCNActor("mcn-1"), task.Request{Command: task.CmdAcceptOrder}},
		{starmap.CreatorActor("cre-1"), task.Request{Command: task.CmdSubmitScript, Ref: "script-1"}},
		{starmap.AdvertiserActor("adv-1"), task.Request{Command: task.CmdRejectScript, Reason: "开头加产品特写"}},
		{starmap.CreatorActor("cre-1"), task.Request{Command: task.CmdSubmitScript, Ref: "script-2"}},
		{starmap.AdvertiserActor("adv-1"), task.Request{Command: task.CmdApproveScript}},
		{starmap.CreatorActor("cre-1"), task.Request{Command: task.CmdSubmitVideo, Ref: "video-1"}},
		{starmap.PlatformActor("reviewer-3"), task.Request{Command: task.CmdApproveVideo}},
		{starmap.CreatorActor("cre-1"), task.Request{Command: task.CmdPublish, Ref: "douyin-item-9"}},
		{starmap.SubAccountActor("adv-1", "ops-2"), task.Request{Command: task.CmdAcceptDelivery}},
	}
	for _, s := range steps {
		now = now.Add(6 * time.Hour)
		ev, err := tk.Apply(s.by, now, s.req)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-22s %-16s → %-16s %s\n", ev.Type, ev.From, ev.To, tk.SubState().Label(starmap.ZH))
	}
	st := tk.Statement()
	fmt.Println("creator", st.Balance(task.AccountCreator).StringFixed(2), "mcn", st.Balance(task.AccountMCN).StringFixed(2),
		"fee", st.Balance(task.AccountPlatformFee).StringFixed(2), "sum", st.Sum().StringFixed(2))
	// Output:
	// task.accept_order      pending          → accepted         待创作
	// task.submit_script     accepted         → script-submitted 审核中
	// task.reject_script     script-submitted → script-rejected  待提交
	// task.submit_script     script-rejected  → script-submitted 审核中
	// task.approve_script    script-submitted → script-approved  待创作
	// task.submit_video      script-approved  → video-submitted  审核中
	// task.approve_video     video-submitted  → video-approved   待提交
	// task.publish           video-approved   → published        已完成
	// task.accept_delivery   published        → settled          质检通过
	// creator 900.00 mcn 100.00 fee 50.00 sum 0.00
}

// A refused command is a coded error in both languages, and changes
// nothing.
func ExampleErrRejectionBudgetUsed() {
	now := time.Date(2026, 10, 1, 9, 0, 0, 0, starmap.CST())
	p := task.DefaultPolicy()
	p.ScriptRejections = 0
	o := task.Order{ID: "t-1", Creator: "cre-1", Format: starmap.FormatShortVideo, Price: decimal.NewFromInt(500),
		Template: task.Template{Objective: task.ObjectiveExposure, Deliverables: []string{"video"}}}
	tk, _, _ := task.New(starmap.AdvertiserActor("adv-1"), now, o, p, nil)
	_, _ = tk.Apply(starmap.CreatorActor("cre-1"), now, task.Request{Command: task.CmdAcceptOrder})
	_, _ = tk.Apply(starmap.CreatorActor("cre-1"), now, task.Request{Command: task.CmdSubmitScript, Ref: "s-1"})
	_, err := tk.Apply(starmap.AdvertiserActor("adv-1"), now, task.Request{Command: task.CmdRejectScript, Reason: "不满意"})
	fmt.Println(errors.Is(err, task.ErrRejectionBudgetUsed), tk.State())
	fmt.Println(starmap.Message(err, starmap.ZH))
	// Output:
	// true script-submitted
	// 脚本已驳回0次(上限0次),只能通过或取消任务
}

// Ordering through the Service: the MountChecker is asked before anything
// is stored, and a refusal refuses the whole order. The smallest order is
// an id, a creator, a format and a price (the default template); its
// Outcome carries the freeze posting for the host's ledger.
func ExampleService_Order() {
	ctx := context.Background()
	store := memstore.NewTaskStore()
	svc, _ := task.NewService(store, starmap.FixedClock(time.Date(2026, 10, 1, 9, 0, 0, 0, starmap.CST())),
		task.WithMountChecker(refuseAll{}))
	o := task.Order{ID: "t-1", Creator: "cre-1", Format: starmap.FormatLive, Price: decimal.NewFromInt(3000),
		LiveDuration: 2 * time.Hour, Components: []string{"cmp-1"},
		Template: task.Template{Objective: task.ObjectiveAddToCart, Deliverables: []string{"2h live"}}}
	_, err := svc.Order(ctx, starmap.AdvertiserActor("adv-1"), o)
	fmt.Println(errors.Is(err, task.ErrMountRefused))
	_, err = store.Get(ctx, "t-1")
	fmt.Println("stored:", !errors.Is(err, starmap.ErrNotFound))

	out, err := svc.Order(ctx, starmap.AdvertiserActor("adv-1"),
		task.Order{ID: "t-2", Creator: "cre-1", Format: starmap.FormatShortVideo, Price: decimal.NewFromInt(3000)})
	if err != nil {
		fmt.Println(err)
		return
	}
	tk := out.Task
	fmt.Println(out.Events[0].Type, tk.State(), tk.Version(), tk.Template().Deliverables, tk.Template().Objective.Label(starmap.ZH))
	for _, p := range out.Postings {
		fmt.Println(p.Kind, p.From, "→", p.To, starmap.FormatCNY(p.Amount))
	}
	// Output:
	// true
	// stored: false
	// task.ordered pending 1 [1条短视频] 曝光
	// freeze advertiser-available → advertiser-frozen 3150.00
}

// The platform's scheduler sweeps the tasks due: here an invitation nobody
// accepted expires, and the Outcome refunds the frozen money.
func ExampleService_Sweep() {
	ctx := context.Background()
	clock := starmap.NewManualClock(time.Date(2026, 10, 1, 9, 0, 0, 0, starmap.CST()))
	svc, _ := task.NewService(memstore.NewTaskStore(), clock)
	out, _ := svc.Order(ctx, starmap.AdvertiserActor("adv-1"),
		task.Order{ID: "t-1", Creator: "cre-1", Format: starmap.FormatShortVideo, Price: decimal.NewFromInt(1000)})
	_, last, _ := out.Task.Deadline()
	fmt.Println("invitation open until", last)

	clock.Set(last.AddDays(1).StartOfDay())
	outs, err := svc.Sweep(ctx, starmap.PlatformActor("scheduler"))
	for _, o := range outs {
		fmt.Println(o.Events[0].Type, o.Task.ID(), o.Task.State())
		for _, p := range o.Postings {
			fmt.Println(p.Kind, starmap.FormatCNY(p.Amount))
		}
	}
	fmt.Println(err)
	// Output:
	// invitation open until 2026-10-06
	// task.expire t-1 expired
	// refund 1050.00
	// <nil>
}

// refuseAll refuses every component by rule, as package component's
// checker does for a taken-down mini-program (CMP-3).
type refuseAll struct{}

var errDelisted = starmap.NewRule("task_example.delisted", starmap.ErrInvalid,
	"小程序被下架,组件无法挂载,请先恢复小程序之后再挂载组件", "the mini-program was taken down; restore it before mounting the component")

func (refuseAll) CheckMount(context.Context, string, starmap.Format, []string) ([]task.MountedComponent, error) {
	return nil, errDelisted.New()
}

// Derived results; a zero divisor is undefined, not zero.
func ExampleCompute() {
	k := task.Compute(task.Metrics{Exposure: 20000, Clicks: 800, ComponentClicks: 120, Favourites: 60,
		AddToCart: 40, Orders: 24, GMV: decimal.RequireFromString("3600.00")}, decimal.RequireFromString("1050.00"))
	fmt.Println("conversion", k.ConversionRate, "CPM", k.CPM, "CPE", k.CPE, "ROI", k.ROI)
	fmt.Println("no exposure: CPM", task.Compute(task.Metrics{}, decimal.NewFromInt(1)).CPM)
	// Output:
	// conversion 0.03 CPM 52.5 CPE 1.17 ROI 3.43
	// no exposure: CPM undefined
}

// The transition table, drawn.
func ExampleMermaid() {
	lines := strings.Split(task.Mermaid(), "\n")
	fmt.Println(strings.Join(lines[:4], "\n"))
	// Output:
	// stateDiagram-v2
	//     [*] --> pending: order [advertiser]
	//     [*] --> open: order without a creator [advertiser]
	//     open --> accepted: claim [creator in person]
}
