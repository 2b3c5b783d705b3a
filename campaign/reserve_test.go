package campaign_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/campaign"
)

// step is one command on a campaign, with what it must answer and the
// campaign's figures after it.
type step struct {
	op      string // reserve, release, settle, void, budget, graduate, close
	by      starmap.Actor
	task    string
	amount  string
	rule    *starmap.Rule // nil: accepted
	noEvent bool          // accepted without a change
	// available, reserved, spent after the step ("" = not checked)
	available, reserved, spent string
}

func run(t *testing.T, c *campaign.Campaign, s step) (starmap.Event, error) {
	t.Helper()
	var amount = d("0")
	if s.amount != "" {
		amount = d(s.amount)
	}
	switch s.op {
	case "reserve":
		return c.Reserve(s.by, t0, s.task, amount)
	case "release":
		return c.Release(s.by, t0, s.task, amount, "任务取消")
	case "settle":
		return c.Settle(s.by, t0, s.task, amount, "验收结算")
	case "void":
		return c.Void(s.by, t0, s.task, "")
	case "end":
		evs, err := c.End(s.by, t0, s.task, amount, "任务结束")
		if err == nil && len(evs) == 0 {
			t.Fatalf("End moved nothing")
		}
		if len(evs) > 0 {
			return evs[0], err
		}
		return starmap.Event{}, err
	case "budget":
		return c.SetBudget(s.by, t0, amount, "试点后扩大预算")
	case "graduate":
		return c.Graduate(s.by, t0, "试点效果达标")
	case "close":
		return c.Close(s.by, t0, "")
	}
	t.Fatalf("unknown op %q", s.op)
	return starmap.Event{}, nil
}

func TestReservations_CAM1(t *testing.T) {
	cases := []struct {
		name          string
		budget, pilot string
		steps         []step
	}{
		{"CAM-1_order_reserves_price_plus_fee", "1000", "", []step{
			{op: "reserve", by: advertiser, task: "t1", amount: "105.00", available: "895.00", reserved: "105", spent: "0"},
			{op: "reserve", by: subAccount, task: "t2", amount: "210.00", available: "685.00", reserved: "315"},
		}},
		{"CAM-1_past_the_remaining_budget_refused", "1000", "", []step{
			{op: "reserve", by: advertiser, task: "t1", amount: "945.00"},
			{op: "reserve", by: advertiser, task: "t2", amount: "55.01", rule: campaign.ErrBudgetExceeded, available: "55.00", reserved: "945"},
			{op: "reserve", by: advertiser, task: "t2", amount: "55.00", available: "0", reserved: "1000"},
			{op: "reserve", by: advertiser, task: "t3", amount: "0.01", rule: campaign.ErrBudgetExceeded},
		}},
		{"CAM-1_same_task_twice_is_one_reservation", "1000", "", []step{
			{op: "reserve", by: advertiser, task: "t1", amount: "105"},
			{op: "reserve", by: subAccount, task: "t1", amount: "105.00", noEvent: true, available: "895", reserved: "105"},
			{op: "reserve", by: advertiser, task: "t1", amount: "106", rule: campaign.ErrReservationExists, reserved: "105"},
		}},
		{"CAM-1_ended_reservation_not_reopened", "1000", "", []step{
			{op: "reserve", by: advertiser, task: "t1", amount: "105"},
			{op: "release", by: advertiser, task: "t1", amount: "105", available: "1000", reserved: "0"},
			{op: "reserve", by: advertiser, task: "t1", amount: "105", rule: campaign.ErrReservationExists, available: "1000"},
		}},
		{"CAM-1_cancellation_gives_the_amount_back", "1000", "", []step{
			{op: "reserve", by: advertiser, task: "t1", amount: "500"},
			{op: "release", by: platform, task: "t1", amount: "500", available: "1000", reserved: "0", spent: "0"},
		}},
		{"CAM-1_partial_refund_returns_part", "1000", "", []step{
			{op: "reserve", by: advertiser, task: "t1", amount: "105.00"},
			{op: "settle", by: advertiser, task: "t1", amount: "73.50", available: "895", reserved: "31.50", spent: "73.50"},
			{op: "release", by: advertiser, task: "t1", amount: "31.50", available: "926.50", reserved: "0", spent: "73.50"},
			{op: "release", by: advertiser, task: "t1", amount: "0.01", rule: campaign.ErrReservationInsufficient},
		}},
		{"CAM-1_settle_turns_reserved_into_spent", "1000", "", []step{
			{op: "reserve", by: advertiser, task: "t1", amount: "105"},
			{op: "settle", by: platform, task: "t1", amount: "105", available: "895", reserved: "0", spent: "105"},
			{op: "settle", by: platform, task: "t1", amount: "1", rule: campaign.ErrReservationInsufficient},
			{op: "void", by: platform, task: "t1", rule: campaign.ErrVoidAfterMovement},
		}},
		{"CAM-1_验收_end_settles_the_whole_reservation", "1000", "", []step{
			{op: "reserve", by: advertiser, task: "t1", amount: "105"},
			{op: "end", by: advertiser, task: "t1", amount: "105", available: "895", reserved: "0", spent: "105"},
			{op: "end", by: advertiser, task: "t1", amount: "105", rule: campaign.ErrReservationEnded, spent: "105"},
			{op: "end", by: platform, task: "t1", amount: "0", rule: campaign.ErrReservationEnded},
		}},
		{"CAM-1_cancelled_end_pays_compensation_refunds_rest", "1000", "", []step{
			{op: "reserve", by: advertiser, task: "t1", amount: "105.00"},
			{op: "end", by: platform, task: "t1", amount: "31.50", available: "968.50", reserved: "0", spent: "31.50"},
		}},
		{"CAM-1_declined_end_releases_everything", "1000", "", []step{
			{op: "reserve", by: subAccount, task: "t1", amount: "105.00"},
			{op: "end", by: platform, task: "t1", amount: "0", available: "1000", reserved: "0", spent: "0"},
			{op: "void", by: platform, task: "t1", rule: campaign.ErrVoidAfterMovement},
		}},
		{"CAM-1_end_after_a_partial_refund", "1000", "", []step{
			{op: "reserve", by: advertiser, task: "t1", amount: "100"},
			{op: "release", by: advertiser, task: "t1", amount: "10"},
			{op: "end", by: advertiser, task: "t1", amount: "90.01", rule: campaign.ErrReservationInsufficient},
			{op: "end", by: advertiser, task: "t1", amount: "-1", rule: starmap.ErrMoneyNegative},
			{op: "end", by: advertiser, task: "t9", amount: "1", rule: campaign.ErrReservationNotFound},
			{op: "end", by: creator, task: "t1", amount: "1", rule: campaign.ErrActorNotAllowed},
			{op: "end", by: advertiser, task: "t1", amount: "50", available: "950", reserved: "0", spent: "50"},
		}},
		{"CAM-1_release_more_than_held", "1000", "", []step{
			{op: "reserve", by: advertiser, task: "t1", amount: "100"},
			{op: "release", by: advertiser, task: "t1", amount: "100.01", rule: campaign.ErrReservationInsufficient, reserved: "100"},
			{op: "release", by: advertiser, task: "t9", amount: "1", rule: campaign.ErrReservationNotFound},
			{op: "settle", by: advertiser, task: "t1", amount: "0", rule: campaign.ErrAmountInvalid},
			{op: "settle", by: advertiser, task: "t1", amount: "-1", rule: campaign.ErrAmountInvalid},
			{op: "settle", by: advertiser, task: "t1", amount: "0.001", rule: starmap.ErrMoneyTooPrecise},
		}},
		{"CAM-1_creation_failed_void", "1000", "", []step{
			{op: "reserve", by: advertiser, task: "t1", amount: "100"},
			{op: "void", by: advertiser, task: "t1", available: "1000", reserved: "0"},
			{op: "void", by: platform, task: "t1", noEvent: true},
			{op: "release", by: advertiser, task: "t1", amount: "1", rule: campaign.ErrReservationInsufficient},
		}},
		{"CAM-1_void_after_a_partial_release", "1000", "", []step{
			{op: "reserve", by: advertiser, task: "t1", amount: "100"},
			{op: "release", by: advertiser, task: "t1", amount: "10"},
			{op: "void", by: advertiser, task: "t1", rule: campaign.ErrVoidAfterMovement, reserved: "90"},
		}},
		{"CAM-1_小规模试点_pilot_orders_spend_only_the_pilot_budget", "10000", "300", []step{
			{op: "reserve", by: advertiser, task: "t1", amount: "200", available: "100"},
			{op: "reserve", by: advertiser, task: "t2", amount: "100.01", rule: campaign.ErrPilotBudgetExceeded, available: "100"},
			{op: "settle", by: advertiser, task: "t1", amount: "200", available: "100"},
			{op: "budget", by: advertiser, amount: "299.99", rule: campaign.ErrBudgetBelowCommitted},
			{op: "graduate", by: subAccount, rule: campaign.ErrActorNotAllowed},
			{op: "graduate", by: advertiser, available: "9800", reserved: "0", spent: "200"},
			{op: "reserve", by: advertiser, task: "t2", amount: "5000", available: "4800"},
			{op: "graduate", by: advertiser, rule: campaign.ErrNotInPilot},
			{op: "budget", by: advertiser, amount: "5199.99", rule: campaign.ErrBudgetBelowCommitted},
			{op: "budget", by: advertiser, amount: "5200", available: "0"},
		}},
		{"CAM-1_小规模试点_再扩展_budget_grows", "1000", "", []step{
			{op: "reserve", by: advertiser, task: "t1", amount: "1000"},
			{op: "reserve", by: advertiser, task: "t2", amount: "100", rule: campaign.ErrBudgetExceeded},
			{op: "budget", by: advertiser, amount: "5000", available: "4000"},
			{op: "reserve", by: advertiser, task: "t2", amount: "100", available: "3900"},
			{op: "graduate", by: advertiser, rule: campaign.ErrNotInPilot},
		}},
		{"CAM-1_closed_takes_no_order_but_ends_tasks", "1000", "", []step{
			{op: "reserve", by: advertiser, task: "t1", amount: "300"},
			{op: "reserve", by: advertiser, task: "t2", amount: "300"},
			{op: "close", by: platform, available: "0", reserved: "600"},
			{op: "reserve", by: advertiser, task: "t3", amount: "1", rule: campaign.ErrNotAllowedInState},
			{op: "budget", by: advertiser, amount: "2000", rule: campaign.ErrNotAllowedInState},
			{op: "close", by: advertiser, rule: campaign.ErrNotAllowedInState},
			{op: "settle", by: platform, task: "t1", amount: "300", reserved: "300", spent: "300"},
			{op: "release", by: subAccount, task: "t2", amount: "300", reserved: "0", spent: "300", available: "0"},
		}},
		{"CAM-1_X-7_only_the_advertiser_and_platform", "1000", "", []step{
			{op: "reserve", by: creator, task: "t1", amount: "1", rule: campaign.ErrActorNotAllowed},
			{op: "reserve", by: mcn, task: "t1", amount: "1", rule: starmap.ErrActorRole},
			{op: "reserve", by: otherAdv, task: "t1", amount: "1", rule: campaign.ErrNotOwner},
			{op: "reserve", by: otherSub, task: "t1", amount: "1", rule: campaign.ErrNotOwner},
			{op: "reserve", by: platform, task: "t1", amount: "1", rule: campaign.ErrActorNotAllowed},
			{op: "reserve", by: subAccount, task: "t1", amount: "1"},
			{op: "settle", by: creator, task: "t1", amount: "1", rule: campaign.ErrActorNotAllowed},
			{op: "budget", by: subAccount, amount: "2000", rule: campaign.ErrActorNotAllowed},
			{op: "budget", by: platform, amount: "2000", rule: campaign.ErrActorNotAllowed},
			{op: "close", by: subAccount, rule: campaign.ErrActorNotAllowed},
			{op: "settle", by: subAccount, task: "t1", amount: "1", spent: "1"},
		}},
		{"CAM-1_X-4_amounts_in_whole_fen", "1000", "", []step{
			{op: "reserve", by: advertiser, task: "t1", amount: "0.005", rule: starmap.ErrMoneyTooPrecise},
			{op: "reserve", by: advertiser, task: "t1", amount: "1000000000000000", rule: starmap.ErrMoneyTooLarge},
			{op: "reserve", by: advertiser, task: "t1", amount: "0", rule: campaign.ErrAmountInvalid},
			{op: "reserve", by: advertiser, task: "", amount: "1", rule: starmap.ErrIDInvalid},
			{op: "reserve", by: advertiser, task: "t1", amount: "0.01", available: "999.99"},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cmp := newCampaign(t, c.budget, c.pilot)
			for i, s := range c.steps {
				before := cmp.Record()
				ev, err := run(t, &cmp, s)
				switch {
				case s.rule != nil:
					if !errors.Is(err, s.rule) {
						t.Fatalf("step %d %s %s %s: error %v, want %s", i, s.op, s.task, s.amount, err, s.rule.Code())
					}
					if after := cmp.Record(); len(after.History) != len(before.History) || !after.Budget.Equal(before.Budget) {
						t.Fatalf("step %d: a refused %s changed the campaign", i, s.op)
					}
				case err != nil:
					t.Fatalf("step %d %s %s %s: %v", i, s.op, s.task, s.amount, err)
				case s.noEvent != (ev.Type == ""):
					t.Fatalf("step %d %s: event %+v, want none: %v", i, s.op, ev, s.noEvent)
				case !s.noEvent && s.op != "end" && (ev.Type != "campaign."+s.op && !(s.op == "budget" && ev.Type == "campaign.set-budget")):
					t.Fatalf("step %d: event type %q", i, ev.Type)
				}
				for _, fig := range []struct{ name, want, got string }{
					{"available", s.available, cmp.Available().String()},
					{"reserved", s.reserved, cmp.Reserved().String()},
					{"spent", s.spent, cmp.Spent().String()},
				} {
					if fig.want != "" && !d(fig.want).Equal(d(fig.got)) {
						t.Fatalf("step %d %s %s: %s = %s, want %s", i, s.op, s.task, fig.name, fig.got, fig.want)
					}
				}
				conserved(t, cmp)
			}
		})
	}
}

// The refusal past the budget says how much is left, in both languages
// (CAM-1, X-5).
func TestBudgetExceeded_CAM1_SaysWhatIsLeft(t *testing.T) {
	c := newCampaign(t, "1000", "")
	if _, err := c.Reserve(advertiser, t0, "t1", d("945")); err != nil {
		t.Fatal(err)
	}
	_, err := c.Reserve(advertiser, t0, "t2", d("105"))
	e, ok := starmap.Find(err, campaign.ErrBudgetExceeded)
	if !ok || e.Code() != "campaign.budget.exceeded" {
		t.Fatalf("err = %v", err)
	}
	if left, _ := e.Param("available"); left != "55.00" {
		t.Errorf("available param %q", left)
	}
	zh, en := starmap.Message(err, starmap.ZH), starmap.Message(err, starmap.EN)
	if !strings.Contains(zh, "剩余可用55.00元") || !strings.Contains(zh, "本单需预留105.00元") {
		t.Errorf("zh = %q", zh)
	}
	if !strings.Contains(en, "55.00 CNY left") || !strings.Contains(en, "needs 105.00 CNY") {
		t.Errorf("en = %q", en)
	}

	p := newCampaign(t, "10000", "300")
	if _, err := p.Reserve(advertiser, t0, "t1", d("250.50")); err != nil {
		t.Fatal(err)
	}
	_, err = p.Reserve(advertiser, t0, "t2", d("100"))
	zh, en = starmap.Message(err, starmap.ZH), starmap.Message(err, starmap.EN)
	if !errors.Is(err, campaign.ErrPilotBudgetExceeded) || !strings.Contains(zh, "试点预算剩余49.50元") || !strings.Contains(en, "49.50 CNY of the pilot budget left") {
		t.Errorf("pilot refusal: %v\nzh %q\nen %q", err, zh, en)
	}
}

// A reservation ends at most MaxPartialMoves partial moves later; the move
// that ends it is always taken, so no money is ever stranded.
func TestPartialMoves_CAM1_Limit(t *testing.T) {
	c := newCampaign(t, "1000", "")
	if _, err := c.Reserve(advertiser, t0, "t1", d("100")); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < campaign.MaxPartialMoves; i++ {
		if _, err := c.Release(advertiser, t0, "t1", d("1"), ""); err != nil {
			t.Fatalf("partial release %d: %v", i, err)
		}
	}
	if _, err := c.Release(advertiser, t0, "t1", d("1"), ""); !errors.Is(err, campaign.ErrLimitReached) {
		t.Fatalf("partial release past the limit: %v", err)
	}
	if _, err := c.Settle(advertiser, t0, "t1", d("92"), ""); err != nil {
		t.Fatalf("the settlement that ends the reservation: %v", err)
	}
	r, _ := c.Reservation("t1")
	if r.State != campaign.ReservationSettled || !r.Spent.Equal(d("92")) || !r.Released.Equal(d("8")) {
		t.Fatalf("reservation %+v", r)
	}
	conserved(t, c)
}

// History records who did what when, and a copy of a Campaign value
// does not see changes made through another (no shared arrays).
func TestHistory_X6(t *testing.T) {
	c := newCampaign(t, "1000", "100")
	copyBefore := c
	if _, err := c.Reserve(subAccount, t0.Add(1), "t1", d("60")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Graduate(advertiser, t0.Add(2), "试点达标"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Settle(platform, t0.Add(3), "t1", d("60"), "自动验收"); err != nil {
		t.Fatal(err)
	}
	h := c.History()
	want := []struct {
		cmd  campaign.Command
		by   starmap.Actor
		task string
		amt  string
	}{
		{campaign.CommandCreate, advertiser, "", "1000"},
		{campaign.CommandReserve, subAccount, "t1", "60"},
		{campaign.CommandGraduate, advertiser, "", "0"},
		{campaign.CommandSettle, platform, "t1", "60"},
	}
	if len(h) != len(want) {
		t.Fatalf("history %+v", h)
	}
	for i, w := range want {
		if h[i].Command != w.cmd || h[i].By != w.by || h[i].Task != w.task || !h[i].Amount.Equal(d(w.amt)) || !h[i].At.Equal(t0.Add(time.Duration(i))) {
			t.Errorf("entry %d = %+v", i, h[i])
		}
	}
	if len(copyBefore.History()) != 1 || len(copyBefore.Reservations()) != 0 || !copyBefore.InPilot() {
		t.Fatalf("an earlier copy changed: %d entries, %d reservations", len(copyBefore.History()), len(copyBefore.Reservations()))
	}
	if c.GraduatedAt().IsZero() || c.InPilot() {
		t.Fatal("graduation not recorded")
	}
}
