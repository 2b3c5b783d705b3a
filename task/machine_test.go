package task_test

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
)

func TestTransitions(t *testing.T) {
	type tc struct {
		name   string
		format starmap.Format
		from   task.State
		by     starmap.Actor
		req    task.Request
		at     time.Time
		want   task.State
	}
	v, l := starmap.FormatShortVideo, starmap.FormatLive
	after := t0.Add(time.Hour)
	cases := []tc{
		{"TSK-1_creator_accepts", v, task.StatePending, creator, cmd(task.CmdAcceptOrder), after, task.StateAccepted},
		{"TSK-1_mcn_accepts_for_signed_creator", v, task.StatePending, mcn, cmd(task.CmdAcceptOrder), after, task.StateAccepted},
		{"TSK-1_creator_declines_with_reason", v, task.StatePending, creator, withReason(task.CmdDecline), after, task.StateDeclined},
		{"TSK-3_advertiser_cancels_pending", v, task.StatePending, advertiser, withReason(task.CmdCancel), after, task.StateCancelled},
		{"TSK-1_script_submitted", v, task.StateAccepted, creator, withRef(task.CmdSubmitScript), after, task.StateScriptSubmitted},
		{"TSK-1_mcn_submits_script", v, task.StateAccepted, mcn, withRef(task.CmdSubmitScript), after, task.StateScriptSubmitted},
		{"TSK-1_script_approved_by_advertiser", v, task.StateScriptSubmitted, advertiser, cmd(task.CmdApproveScript), after, task.StateScriptApproved},
		{"TSK-1_script_approved_by_sub_account", v, task.StateScriptSubmitted, subAccount, cmd(task.CmdApproveScript), after, task.StateScriptApproved},
		{"TSK-1_script_approved_by_platform", v, task.StateScriptSubmitted, platform, cmd(task.CmdApproveScript), after, task.StateScriptApproved},
		{"TSK-1_script_rejected_with_reason", v, task.StateScriptSubmitted, advertiser, withReason(task.CmdRejectScript), after, task.StateScriptRejected},
		{"TSK-1_video_submitted", v, task.StateScriptApproved, creator, withRef(task.CmdSubmitVideo), after, task.StateVideoSubmitted},
		{"TSK-1_video_approved", v, task.StateVideoSubmitted, advertiser, cmd(task.CmdApproveVideo), after, task.StateVideoApproved},
		{"TSK-1_video_rejected", v, task.StateVideoSubmitted, platform, withReason(task.CmdRejectVideo), after, task.StateVideoRejected},
		{"TSK-1_published", v, task.StateVideoApproved, creator, withRef(task.CmdPublish), after, task.StatePublished},
		{"TSK-1_advertiser_accepts_delivery", v, task.StatePublished, subAccount, cmd(task.CmdAcceptDelivery), after, task.StateSettled},
		{"TSK-7_auto_accept_on_day_8", v, task.StatePublished, platform, cmd(task.CmdAutoAccept), t0.AddDate(0, 0, 8).Add(-9 * time.Hour), task.StateSettled},
		{"TSK-3_creator_withdraws_after_script", v, task.StateScriptApproved, creator, withReason(task.CmdCancel), after, task.StateCancelled},
		{"TSK-2_live_scheduled", l, task.StateAccepted, creator, task.Request{Command: task.CmdSchedule, Start: t0.Add(48 * time.Hour)}, after, task.StateScheduled},
		{"TSK-2_live_rescheduled", l, task.StateScheduled, mcn, task.Request{Command: task.CmdSchedule, Start: t0.Add(72 * time.Hour)}, after, task.StateScheduled},
		{"TSK-2_live_on_air_30_minutes_early", l, task.StateScheduled, creator, cmd(task.CmdStartBroadcast), t0.Add(24*time.Hour - 30*time.Minute), task.StateOnAir},
		{"TSK-2_live_on_air_late", l, task.StateScheduled, creator, cmd(task.CmdStartBroadcast), t0.Add(30 * time.Hour), task.StateOnAir},
		{"TSK-8_full_length_broadcast_delivers", l, task.StateOnAir, creator, task.Request{Command: task.CmdEndBroadcast, Duration: 2 * time.Hour}, t0.Add(26 * time.Hour), task.StateBroadcast},
		{"TSK-8_reported_duration_less_than_air_time", l, task.StateOnAir, creator, task.Request{Command: task.CmdEndBroadcast, Duration: 2 * time.Hour}, t0.Add(27 * time.Hour), task.StateBroadcast},
		{"TSK-8_short_broadcast_back_to_accepted", l, task.StateOnAir, creator, task.Request{Command: task.CmdEndBroadcast, Duration: 2*time.Hour - time.Second}, t0.Add(26 * time.Hour), task.StateAccepted},
		{"TSK-2_live_confirmed", l, task.StateBroadcast, advertiser, cmd(task.CmdAcceptDelivery), after, task.StateSettled},
		{"TSK-8_live_auto_confirm", l, task.StateBroadcast, platform, cmd(task.CmdAutoAccept), t0.AddDate(0, 0, 30), task.StateSettled},
		{"TSK-3_platform_cancels_on_air", l, task.StateOnAir, platform, withReason(task.CmdCancel), after, task.StateCancelled},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tk := newTask(t, c.format, true)
			if c.format == l {
				liveTo(t, tk, c.from)
			} else {
				videoTo(t, tk, c.from)
			}
			n := tk.HistoryLen()
			ev, err := tk.Apply(c.by, c.at, c.req)
			if err != nil {
				t.Fatalf("Apply: %v", err)
			}
			if tk.State() != c.want {
				t.Errorf("state %v, want %v", tk.State(), c.want)
			}
			if tk.HistoryLen() != n+1 {
				t.Errorf("history %d, want %d", tk.HistoryLen(), n+1)
			}
			h := tk.History()[n]
			if h.Command != c.req.Command || h.From != c.from || h.To != c.want || h.Actor != c.by || !h.At.Equal(c.at) || h.Reason != c.req.Reason || h.Seq != n+1 {
				t.Errorf("history entry %+v", h)
			}
			if ev.Type != "task."+c.req.Command.String() || ev.From != c.from.String() || ev.To != c.want.String() || ev.Subject != "task-1" || ev.Actor != c.by {
				t.Errorf("event %+v", ev)
			}
		})
	}
}

func TestRefusals(t *testing.T) {
	v, l := starmap.FormatShortVideo, starmap.FormatLive
	after := t0.Add(time.Hour)
	cases := []struct {
		name   string
		format starmap.Format
		from   task.State
		signed bool
		by     starmap.Actor
		req    task.Request
		at     time.Time
		want   []error
	}{
		{"X-7_advertiser_cannot_accept_order", v, task.StatePending, true, advertiser, cmd(task.CmdAcceptOrder), after, []error{task.ErrActorNotAllowed, starmap.ErrActorRole, starmap.ErrForbidden}},
		{"X-7_creator_cannot_review_own_script", v, task.StateScriptSubmitted, true, creator, cmd(task.CmdApproveScript), after, []error{task.ErrActorNotAllowed, starmap.ErrForbidden}},
		{"X-7_platform_cannot_accept_delivery", v, task.StatePublished, true, platform, cmd(task.CmdAcceptDelivery), after, []error{task.ErrActorNotAllowed}},
		{"X-7_mcn_cannot_switch_live_card", l, task.StateOnAir, true, mcn, cmd(task.CmdShowLiveCard), after, []error{task.ErrActorNotAllowed}},
		{"X-7_other_creator_not_a_party", v, task.StatePending, true, otherCre, cmd(task.CmdAcceptOrder), after, []error{task.ErrNotAParty, starmap.ErrForbidden}},
		{"X-7_other_mcn_not_a_party", v, task.StatePending, true, otherMCN, cmd(task.CmdAcceptOrder), after, []error{task.ErrNotAParty}},
		{"X-7_mcn_of_independent_creator_not_a_party", v, task.StatePending, false, mcn, cmd(task.CmdAcceptOrder), after, []error{task.ErrNotAParty}},
		{"X-7_other_advertiser_not_a_party", v, task.StateScriptSubmitted, true, otherAdv, cmd(task.CmdApproveScript), after, []error{task.ErrNotAParty}},
		{"X-7_invalid_actor", v, task.StatePending, true, starmap.CreatorActor(""), cmd(task.CmdAcceptOrder), after, []error{starmap.ErrActorInvalid}},
		{"TSK-1_video_before_script_approved", v, task.StateAccepted, true, creator, withRef(task.CmdSubmitVideo), after, []error{task.ErrNotAllowedInState, starmap.ErrInvalid}},
		{"TSK-1_publish_before_video_approved", v, task.StateVideoSubmitted, true, creator, withRef(task.CmdPublish), after, []error{task.ErrNotAllowedInState}},
		{"TSK-2_script_on_live_task", l, task.StateAccepted, true, creator, withRef(task.CmdSubmitScript), after, []error{task.ErrWrongFormat}},
		{"TSK-2_schedule_on_video_task", v, task.StateAccepted, true, creator, task.Request{Command: task.CmdSchedule, Start: t0.Add(48 * time.Hour)}, after, []error{task.ErrWrongFormat}},
		{"TSK-1_reject_script_without_reason", v, task.StateScriptSubmitted, true, advertiser, cmd(task.CmdRejectScript), after, []error{task.ErrReasonRequired}},
		{"TSK-1_reject_video_blank_reason", v, task.StateVideoSubmitted, true, advertiser, task.Request{Command: task.CmdRejectVideo, Reason: "  \n"}, after, []error{task.ErrReasonRequired}},
		{"TSK-3_cancel_without_reason", v, task.StateAccepted, true, advertiser, cmd(task.CmdCancel), after, []error{task.ErrReasonRequired}},
		{"TSK-1_decline_without_reason", v, task.StatePending, true, creator, cmd(task.CmdDecline), after, []error{task.ErrReasonRequired}},
		{"TSK-1_submit_script_without_ref", v, task.StateAccepted, true, creator, cmd(task.CmdSubmitScript), after, []error{task.ErrSubmissionRequired}},
		{"TSK-3_nobody_cancels_published_work", v, task.StatePublished, true, advertiser, withReason(task.CmdCancel), after, []error{task.ErrNotAllowedInState}},
		{"TSK-3_creator_cannot_cancel_pending", v, task.StatePending, true, creator, withReason(task.CmdCancel), after, []error{task.ErrActorNotAllowed}},
		{"TSK-3_advertiser_cannot_cancel_on_air", l, task.StateOnAir, true, advertiser, withReason(task.CmdCancel), after, []error{task.ErrActorNotAllowed}},
		{"TSK-7_accept_after_invitation_window", v, task.StatePending, true, creator, cmd(task.CmdAcceptOrder), time.Date(2026, 10, 7, 0, 0, 0, 0, starmap.CST()), []error{task.ErrInvitationClosed}},
		{"TSK-7_expire_on_last_day_not_due", v, task.StatePending, true, platform, cmd(task.CmdExpire), time.Date(2026, 10, 6, 23, 59, 59, 0, starmap.CST()), []error{task.ErrNotDue}},
		{"TSK-7_auto_accept_on_day_7_not_due", v, task.StatePublished, true, platform, cmd(task.CmdAutoAccept), time.Date(2026, 10, 8, 23, 59, 59, 0, starmap.CST()), []error{task.ErrNotDue}},
		{"TSK-2_schedule_in_past", l, task.StateAccepted, true, creator, task.Request{Command: task.CmdSchedule, Start: t0}, after, []error{task.ErrScheduleInvalid}},
		{"TSK-8_zero_broadcast", l, task.StateOnAir, true, creator, task.Request{Command: task.CmdEndBroadcast}, after, []error{task.ErrBroadcastDurationInvalid}},
		{"TSK-8_duration_longer_than_air_time", l, task.StateOnAir, true, creator, task.Request{Command: task.CmdEndBroadcast, Duration: 2 * time.Hour}, t0.Add(26*time.Hour - time.Second), []error{task.ErrBroadcastLongerThanAir}},
		{"TSK-8_one_minute_on_air_reported_as_two_hours", l, task.StateOnAir, true, mcn, task.Request{Command: task.CmdEndBroadcast, Duration: 2 * time.Hour}, t0.Add(24*time.Hour + time.Minute), []error{task.ErrBroadcastLongerThanAir}},
		{"TSK-2_on_air_more_than_30_minutes_early", l, task.StateScheduled, true, creator, cmd(task.CmdStartBroadcast), t0.Add(24*time.Hour - 31*time.Minute), []error{task.ErrBroadcastTooEarly}},
		{"TSK-2_on_air_the_day_before", l, task.StateScheduled, true, creator, cmd(task.CmdStartBroadcast), after, []error{task.ErrBroadcastTooEarly}},
		{"TSK-2_live_card_without_component", l, task.StateOnAir, true, creator, cmd(task.CmdShowLiveCard), after, []error{task.ErrNoLiveComponent}},
		{"TSK-2_live_card_before_on_air", l, task.StateScheduled, true, creator, cmd(task.CmdShowLiveCard), after, []error{task.ErrNotAllowedInState}},
		{"TSK-6_results_before_publication", v, task.StateVideoApproved, true, platform, task.Request{Command: task.CmdReportResults}, after, []error{task.ErrNotAllowedInState}},
		{"TSK-6_negative_results", v, task.StatePublished, true, platform, task.Request{Command: task.CmdReportResults, Metrics: task.Metrics{Clicks: -1}}, after, []error{task.ErrMetricsInvalid}},
		{"TSK-1_terminal_settled_absorbs", v, task.StateSettled, true, advertiser, withReason(task.CmdCancel), after, []error{task.ErrNotAllowedInState}},
		{"TSK-1_unknown_command", v, task.StatePending, true, creator, cmd(task.Command(200)), after, []error{task.ErrUnknownCommand}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tk := newTask(t, c.format, c.signed)
			if c.format == l {
				liveTo(t, tk, c.from)
			} else {
				videoTo(t, tk, c.from)
			}
			before := tk.Record()
			_, err := tk.Apply(c.by, c.at, c.req)
			if err == nil {
				t.Fatalf("Apply succeeded; want %v", c.want)
			}
			for _, w := range c.want {
				if !errors.Is(err, w) {
					t.Errorf("error %v does not match %v", err, w)
				}
			}
			assertChinese(t, err)
			if tk.State() != before.State || tk.HistoryLen() != len(before.History) || len(tk.Postings()) != len(before.Postings) {
				t.Errorf("a refused command changed the task")
			}
		})
	}
}

func TestRejectionBudget(t *testing.T) {
	t.Run("TSK-8_script_rejected_3_times_then_only_approve_or_cancel", func(t *testing.T) {
		tk := newTask(t, starmap.FormatShortVideo, false)
		videoTo(t, tk, task.StateScriptSubmitted)
		for i := 0; i < 3; i++ {
			run(t, tk, step{by: advertiser, req: withReason(task.CmdRejectScript)},
				step{by: creator, req: withRef(task.CmdSubmitScript)})
		}
		_, err := tk.Apply(advertiser, t0.Add(time.Hour), withReason(task.CmdRejectScript))
		if !errors.Is(err, task.ErrRejectionBudgetUsed) {
			t.Fatalf("4th rejection: %v", err)
		}
		var e *starmap.Error
		if !errors.As(err, &e) {
			t.Fatal("not a starmap.Error")
		}
		if used, _ := e.Param("used"); used != "3" {
			t.Errorf("used = %q", used)
		}
		if s, _ := tk.Rejections(); s != 3 {
			t.Errorf("script rejections %d", s)
		}
		if !tk.Can(advertiser, task.CmdApproveScript) || !tk.Can(advertiser, task.CmdCancel) {
			t.Error("approve and cancel must remain")
		}
		run(t, tk, step{by: advertiser, req: cmd(task.CmdApproveScript)})
	})
	t.Run("TSK-8_video_rejected_2_times", func(t *testing.T) {
		tk := newTask(t, starmap.FormatShortVideo, false)
		videoTo(t, tk, task.StateVideoSubmitted)
		for i := 0; i < 2; i++ {
			run(t, tk, step{by: subAccount, req: withReason(task.CmdRejectVideo)},
				step{by: creator, req: withRef(task.CmdSubmitVideo)})
		}
		if _, err := tk.Apply(advertiser, t0, withReason(task.CmdRejectVideo)); !errors.Is(err, task.ErrRejectionBudgetUsed) {
			t.Fatalf("3rd rejection: %v", err)
		}
		run(t, tk, step{by: advertiser, req: withReason(task.CmdCancel)})
		if tk.State() != task.StateCancelled {
			t.Errorf("state %v", tk.State())
		}
	})
}

// TestRejectionBudgetIsTheAdvertisers (TSK-8): the platform's review
// rejections neither consume the advertiser's budget nor are stopped by it.
func TestRejectionBudgetIsTheAdvertisers(t *testing.T) {
	tk := newTask(t, starmap.FormatShortVideo, false)
	videoTo(t, tk, task.StateScriptSubmitted)
	for i := 0; i < 4; i++ { // more than the advertiser's 3
		run(t, tk, step{by: platform, req: withReason(task.CmdRejectScript)},
			step{by: creator, req: withRef(task.CmdSubmitScript)})
	}
	if s, _ := tk.Rejections(); s != 0 {
		t.Fatalf("TSK-8 platform rejections counted against the advertiser: %d", s)
	}
	for i := 0; i < 3; i++ {
		run(t, tk, step{by: advertiser, req: withReason(task.CmdRejectScript)},
			step{by: creator, req: withRef(task.CmdSubmitScript)})
	}
	if _, err := tk.Apply(subAccount, t0.Add(time.Hour), withReason(task.CmdRejectScript)); !errors.Is(err, task.ErrRejectionBudgetUsed) {
		t.Fatalf("TSK-8 4th advertiser rejection: %v", err)
	}
	run(t, tk, step{by: platform, req: withReason(task.CmdRejectScript)})
	if s, _ := tk.Rejections(); s != 3 || tk.State() != task.StateScriptRejected {
		t.Errorf("TSK-8 after the budget: %d rejections, %v", s, tk.State())
	}
}

func TestLiveCard(t *testing.T) {
	cmp := task.MountedComponent{ID: "cmp-1", Title: "领券", AppID: "tt-app"}
	tk := newTask(t, starmap.FormatLive, false, cmp)
	liveTo(t, tk, task.StateOnAir)
	if tk.LiveCardShown() {
		t.Fatal("live card shown before the creator's switch")
	}
	run(t, tk, step{by: creator, req: cmd(task.CmdShowLiveCard)})
	if !tk.LiveCardShown() {
		t.Fatal("TSK-2: show did not show")
	}
	if _, err := tk.Apply(creator, t0, cmd(task.CmdShowLiveCard)); !errors.Is(err, task.ErrLiveCardUnchanged) {
		t.Errorf("TSK-2 show twice: %v", err)
	} else {
		assertChinese(t, err)
	}
	run(t, tk, step{by: creator, req: cmd(task.CmdHideLiveCard)})
	if tk.LiveCardShown() {
		t.Fatal("TSK-2: hide did not hide")
	}
	h := tk.History()
	if h[len(h)-1].Command != task.CmdHideLiveCard || h[len(h)-2].Command != task.CmdShowLiveCard {
		t.Errorf("TSK-2: switches not in history: %+v", h[len(h)-2:])
	}
	if got := tk.Components(); len(got) != 1 || got[0] != cmp {
		t.Errorf("CMP-4 components %+v", got)
	}
}

func TestDeadlines(t *testing.T) {
	tk := newTask(t, starmap.FormatShortVideo, false)
	c, last, ok := tk.Deadline()
	if !ok || c != task.CmdExpire || last != starmap.MustDate(2026, 10, 6) {
		t.Fatalf("TSK-7 invitation deadline %v %v %v", c, last, ok)
	}
	for _, x := range []struct {
		at  time.Time
		due bool
	}{
		{time.Date(2026, 10, 6, 23, 59, 59, 0, starmap.CST()), false},
		{time.Date(2026, 10, 7, 0, 0, 0, 0, starmap.CST()), true},
		{time.Date(2026, 10, 6, 16, 0, 0, 0, time.UTC), true}, // 10-07 00:00 CST
	} {
		if got, ok := tk.Due(x.at); ok != x.due || (ok && got != task.CmdExpire) {
			t.Errorf("TSK-7 Due(%v) = %v %v, want due %v", x.at, got, ok, x.due)
		}
	}
	run(t, tk, step{by: platform, req: cmd(task.CmdExpire), at: time.Date(2026, 10, 7, 0, 0, 0, 0, starmap.CST())})
	if tk.State() != task.StateExpired {
		t.Fatalf("state %v", tk.State())
	}
	if _, ok := tk.Due(t0.AddDate(1, 0, 0)); ok {
		t.Error("a terminal task owes nothing")
	}

	p := task.DefaultPolicy()
	p.InvitationDays = 1
	o := order(starmap.FormatShortVideo, false)
	tk2, _, err := task.New(advertiser, t0, o, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, last, _ := tk2.Deadline(); last != starmap.MustDate(2026, 10, 2) {
		t.Errorf("TSK-8 1-day window ends %v", last)
	}

	pub := newTask(t, starmap.FormatShortVideo, false)
	videoTo(t, pub, task.StatePublished) // published at t0+1h, 2026-10-01
	if c, last, _ := pub.Deadline(); c != task.CmdAutoAccept || last != starmap.MustDate(2026, 10, 8) {
		t.Errorf("TSK-7 auto-accept deadline %v %v", c, last)
	}
}

func TestSubStateTotal(t *testing.T) {
	// TSK-4: every state maps to one of the five labels.
	seen := map[task.SubState]bool{}
	for _, s := range task.States() {
		ss := s.SubState()
		if ss < task.SubToCreate || ss > task.SubQCPassed {
			t.Errorf("TSK-4 state %v maps to nothing", s)
		}
		seen[ss] = true
	}
	if len(seen) != 5 {
		t.Errorf("TSK-4 only %d of 5 labels used", len(seen))
	}
	want := map[task.State]string{task.StatePending: "待创作", task.StateScriptSubmitted: "审核中",
		task.StateVideoRejected: "待提交", task.StatePublished: "已完成", task.StateSettled: "质检通过"}
	for s, w := range want {
		if got := s.SubState().Label(starmap.ZH); got != w {
			t.Errorf("TSK-4 %v → %s, want %s", s, got, w)
		}
	}
	if task.State(0).SubState() != 0 || task.State(99).SubState() != 0 {
		t.Error("invalid states map to 0")
	}
}

func TestTableIsConsistent(t *testing.T) {
	seen := map[[3]int]bool{}
	for _, e := range task.Edges() {
		if !e.From.Valid() || !e.To.Valid() || !e.Command.Valid() || e.Parties == 0 || e.Formats == 0 {
			t.Errorf("bad edge %+v", e)
		}
		if e.From.Terminal() && e.To != e.From {
			t.Errorf("edge leaves terminal state: %+v", e)
		}
		for fi, fb := range []task.Formats{task.ForShortVideo, task.ForLive} {
			if e.Formats&fb == 0 {
				continue
			}
			k := [3]int{fi, int(e.From), int(e.Command)}
			if seen[k] {
				t.Errorf("duplicate edge %+v", e)
			}
			seen[k] = true
			f := starmap.FormatShortVideo
			if fi == 1 {
				f = starmap.FormatLive
			}
			for _, p := range []task.Party{task.PartyAdvertiser, task.PartyCreator, task.PartyPlatform} {
				if task.Allowed(f, e.From, e.Command, p) != (e.Parties&p != 0) {
					t.Errorf("Allowed disagrees with edge %+v for %v", e, p)
				}
			}
		}
	}
	if task.Allowed(starmap.FormatShortVideo, task.StateSettled, task.CmdCancel, task.PartyPlatform) {
		t.Error("TSK-3 settled cannot be cancelled")
	}
	if task.Allowed(0, task.StatePending, task.CmdAcceptOrder, task.PartyCreator) {
		t.Error("invalid format allowed")
	}
}

func TestMermaidEmbeddedInDoc(t *testing.T) {
	b, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	in := false
	for _, line := range strings.Split(string(b), "\n") {
		if line == "//\tstateDiagram-v2" {
			in = true
		}
		if in {
			if !strings.HasPrefix(line, "//\t") {
				break
			}
			got = append(got, strings.TrimPrefix(line, "//\t"))
		}
	}
	want := strings.TrimSuffix(task.Mermaid(), "\n")
	if strings.Join(got, "\n") != want {
		t.Errorf("doc.go diagram differs from Mermaid(); regenerate it:\n%s", want)
	}
	if !strings.Contains(want, "on_air --> accepted: end_broadcast (short)") {
		t.Error("the short-broadcast branch is missing from the diagram")
	}
}
