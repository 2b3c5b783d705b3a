package tour

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/compliance"
	"github.com/starmap-go/starmap/task"
)

// taskTour narrates one short-video order on the in-memory store: ordering
// freezes price + fee, the creator's MCN accepts, a script is checked
// against the template (an absolute term, the missing 「广告」 label) and
// rejected once with the review checklist citing the failed item and the
// findings, the revision is clean and approved with the checklist, the
// video is published, results arrive, and the platform's
// sweep accepts the delivery automatically after seven days. Every step's
// Outcome carries the postings it made, which a host applies to its own
// ledger; the ledger built from them matches the task's statement, which
// sums to zero. No components are mounted here.
func taskTour(ctx context.Context, w io.Writer, stores Stores) error {
	clock := starmap.NewManualClock(time.Date(2026, 10, 12, 10, 0, 0, 0, starmap.CST()))
	svc, err := task.NewService(stores.Tasks, clock)
	if err != nil {
		return err
	}
	adv := starmap.SubAccountActor("adv-brand", "ops-li")
	cre := starmap.CreatorActor("cre-xiaomei")
	agency := starmap.MCNActor("mcn-starlight")
	fmt.Fprintln(w, "== task: a short video from order to settlement")

	ledger := map[task.Account]decimal.Decimal{} // the host's own books
	post := func(ps []task.Posting) {
		for _, p := range ps {
			ledger[p.From] = ledger[p.From].Sub(p.Amount)
			ledger[p.To] = ledger[p.To].Add(p.Amount)
		}
	}
	placed, err := svc.Order(ctx, adv, task.Order{
		ID: "task-2026-1012-01", Creator: "cre-xiaomei", MCN: "mcn-starlight",
		Format: starmap.FormatShortVideo, Price: decimal.RequireFromString("12800.00"),
		Template: task.Template{
			Objective:    task.ObjectivePurchase,
			Deliverables: []string{"60秒竖版视频", "封面", "口播文案"},
			Requirements: "真实使用场景,结尾引导下单",
			Disclosure:   true,
			Points:       []compliance.Point{{Kind: compliance.PointProduct, Text: "冰丝阔腿裤"}},
			Dues:         []task.Due{{Milestone: task.MilestoneDraft, Date: starmap.MustDate(2026, 10, 15)}},
		},
	})
	if err != nil {
		return err
	}
	tk := placed.Task
	post(placed.Postings)
	fmt.Fprintf(w, "%s ordered by %s: price ¥%s + fee ¥%s frozen; invitation open until %s\n",
		tk.ID(), adv, starmap.FormatCNY(tk.Price()), starmap.FormatCNY(tk.Fee()), lastDay(tk))

	do := func(by starmap.Actor, r task.Request, hours int) error {
		clock.Advance(time.Duration(hours) * time.Hour)
		out, err := svc.Do(ctx, by, tk.ID(), r)
		if err != nil {
			return err
		}
		tk = out.Task
		evs := out.Events
		post(out.Postings)
		note := ""
		if evs[0].Note != "" {
			note = " — 「" + evs[0].Note + "」"
		}
		fmt.Fprintf(w, "  %s %-14s by %-32s → %-16s (%s)%s\n", starmap.DateOf(evs[0].At), r.Command, by, tk.State(), tk.SubState().Label(starmap.ZH), note)
		switch r.Command {
		case task.CmdSubmitScript, task.CmdSubmitVideo:
			// The checker's findings are stored with the submission (CPL-1 … CPL-3).
			sub, _ := tk.Submission()
			if !sub.Checked {
				return fmt.Errorf("the submission %s was not checked", sub.Ref)
			}
			fmt.Fprintf(w, "    checked: %d findings\n", len(sub.Findings))
			for _, f := range sub.Findings {
				fmt.Fprintf(w, "    [%s] %s\n", f.Severity.Label(starmap.ZH), f.Message(starmap.ZH))
			}
		case task.CmdRejectScript, task.CmdRejectVideo:
			// What goes back to the creator: the reason and the citation (CPL-4).
			last := tk.History()[tk.HistoryLen()-1]
			if len(last.Compliance.Rejection.Findings) == 0 {
				return fmt.Errorf("the rejection cites no finding")
			}
			fmt.Fprintf(w, "    sent back: %s\n", strings.ReplaceAll(last.RejectionText(starmap.ZH), "\n", "\n      "))
		}
		return nil
	}
	// The seed's checklist (素材清晰度, 字幕准确性, 产品信息一致性, 披露合规,
	// 避免误导性用语): every item passes but those failed, with a note.
	checklist := compliance.StandardForm().AnswerAll
	steps := []struct {
		by    starmap.Actor
		r     task.Request
		hours int
	}{
		{agency, task.Request{Command: task.CmdAcceptOrder}, 20},
		{cre, task.Request{Command: task.CmdSubmitScript, Ref: "script-v1",
			Text: "家人们,冰丝阔腿裤今年最佳单品,夏天穿不闷!"}, 24},
		{adv, task.Request{Command: task.CmdRejectScript, Reason: "开头3秒加产品特写",
			Answers: checklist(map[compliance.ItemKey]string{compliance.ItemWording: "删去“最佳”", compliance.ItemDisclosure: "开头标注「广告」"})}, 3},
		{cre, task.Request{Command: task.CmdSubmitScript, Ref: "script-v2",
			Text: "【广告】开头3秒产品特写:冰丝阔腿裤,夏天穿不闷,久坐不皱。"}, 20},
		{adv, task.Request{Command: task.CmdApproveScript, Answers: checklist(nil)}, 2},
		{cre, task.Request{Command: task.CmdSubmitVideo, Ref: "video-v1", Text: "【广告】冰丝阔腿裤,夏天穿不闷"}, 48},
		{starmap.PlatformActor("reviewer-7"), task.Request{Command: task.CmdApproveVideo, Answers: checklist(nil)}, 5},
		{cre, task.Request{Command: task.CmdPublish, Ref: "douyin-7301"}, 20},
	}
	for _, s := range steps {
		if err := do(s.by, s.r, s.hours); err != nil {
			return err
		}
	}

	// A refusal: the creator cannot accept its own work.
	if _, err := svc.Do(ctx, cre, tk.ID(), task.Request{Command: task.CmdAcceptDelivery}); err != nil {
		fmt.Fprintf(w, "  creator tries to accept the delivery: %s\n", continued(starmap.Message(err, starmap.ZH)))
	}

	if err := do(starmap.PlatformActor("data-sync"), task.Request{Command: task.CmdReportResults, Metrics: task.Metrics{
		Exposure: 412000, Clicks: 9800, Favourites: 2100, AddToCart: 640, Orders: 310,
		GMV: decimal.RequireFromString("46190.00")}}, 72); err != nil {
		return err
	}
	k := tk.KPIs()
	fmt.Fprintf(w, "  results: conversion %s, CPM ¥%s, CPE ¥%s, ROI %s\n", k.ConversionRate, k.CPM, k.CPE, k.ROI)

	// Nobody accepted: seven days after publication the sweep does (TSK-7).
	fmt.Fprintf(w, "  advertiser's last day to accept: %s\n", lastDay(tk))
	clock.Set(lastDay(tk).AddDays(1).StartOfDay())
	swept, err := svc.Sweep(ctx, starmap.PlatformActor("scheduler"))
	if err != nil {
		return err
	}
	for _, out := range swept {
		post(out.Postings)
		for _, ev := range out.Events {
			fmt.Fprintf(w, "  %s sweep: %s %s → %s by %s\n", starmap.DateOf(ev.At), ev.Type, ev.From, ev.To, ev.Actor)
		}
	}
	if tk, err = svc.Get(ctx, adv, tk.ID()); err != nil {
		return err
	}
	st := tk.Statement()
	fmt.Fprintln(w, "  statement:")
	for _, p := range st.Postings {
		fmt.Fprintf(w, "    %-12s %-21s → %-21s ¥%s\n", p.Kind, p.From, p.To, starmap.FormatCNY(p.Amount))
	}
	fmt.Fprintf(w, "    balances sum to ¥%s; %d history entries\n", starmap.FormatCNY(st.Sum()), tk.HistoryLen())
	same := true
	for _, l := range st.Lines {
		same = same && ledger[l.Account].Equal(l.Balance)
	}
	fmt.Fprintf(w, "    the ledger built from the outcomes' postings matches the statement: %v\n", same)
	return nil
}

func lastDay(tk *task.Task) starmap.Date {
	_, d, _ := tk.Deadline()
	return d
}
