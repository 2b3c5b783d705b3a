package onboarding_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
)

func TestCheckClose(t *testing.T) {
	ctx := context.Background()
	lister := tasks{"adv-1": {{ID: "t-7", State: "script_review"}, {ID: "t-9", State: "pending"}}}
	t.Run("ONB-8_running_tasks_block_closing", func(t *testing.T) {
		plan, err := onboarding.CheckClose(ctx, lister, "adv-1", money("1280.50"))
		if err != nil {
			t.Fatal(err)
		}
		if plan.CanClose() || !errors.Is(plan.Err(), onboarding.ErrCloseBlocked) {
			t.Fatalf("%+v", plan)
		}
		var e *starmap.Error
		errors.As(plan.Err(), &e)
		if ids, _ := e.Param("tasks"); ids != "t-7, t-9" {
			t.Fatalf("tasks %q", ids)
		}
		if !plan.Refund.Equal(money("1280.5")) {
			t.Fatalf("refund %s", plan.Refund)
		}
	})
	t.Run("ONB-8_nothing_running_refunds_the_balance", func(t *testing.T) {
		plan, err := onboarding.CheckClose(ctx, lister, "adv-2", money("0.01"))
		if err != nil || !plan.CanClose() || plan.Err() != nil || starmap.FormatCNY(plan.Refund) != "0.01" {
			t.Fatalf("%+v %v", plan, err)
		}
	})
	for name, bal := range map[string]string{"negative": "-0.01", "below_fen": "10.005"} {
		t.Run("ONB-8_balance_"+name+"_refused", func(t *testing.T) {
			if _, err := onboarding.CheckClose(ctx, lister, "adv-2", money(bal)); !errors.Is(err, onboarding.ErrBalanceInvalid) {
				t.Fatalf("err = %v", err)
			}
		})
	}
	t.Run("ONB-8_lister_error_passed_through", func(t *testing.T) {
		if _, err := onboarding.CheckClose(ctx, lister, "broken", money("0")); err == nil {
			t.Fatal("no error")
		}
	})
}

func TestCheckCloseNilLister(t *testing.T) {
	_, err := onboarding.CheckClose(context.Background(), nil, "adv-1", money("1"))
	if !errors.Is(err, onboarding.ErrNoTaskLister) {
		t.Fatalf("nil lister: %v", err)
	}
}

// TestHandBuiltClosePlan: a ClosePlan is a plain value; the pure steps
// re-check it whoever built it (ONB-8).
func TestHandBuiltClosePlan(t *testing.T) {
	holder := starmap.AdvertiserActor("adv-1")
	now := at(2026, 11, 20, 10)
	for name, c := range map[string]struct {
		plan onboarding.ClosePlan
		want *starmap.Rule
	}{
		"negative_refund": {onboarding.ClosePlan{Account: "adv-1", Refund: money("-5")}, onboarding.ErrBalanceInvalid},
		"sub_fen_refund":  {onboarding.ClosePlan{Account: "adv-1", Refund: money("0.001")}, onboarding.ErrBalanceInvalid},
		"blockers":        {onboarding.ClosePlan{Account: "adv-1", Blockers: []onboarding.RunningTask{{ID: "t-1"}}}, onboarding.ErrCloseBlocked},
	} {
		t.Run("ONB-8_start_"+name, func(t *testing.T) {
			if _, _, err := onboarding.StartCancellation(holder, now, c.plan, "482913", time.Minute, codeKey); !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %s", err, c.want.Code())
			}
		})
		t.Run("ONB-8_approve_"+name, func(t *testing.T) {
			good, _ := onboarding.PlanClose("adv-1", nil, money("1"))
			cx, _, err := onboarding.StartCancellation(holder, now, good, "482913", time.Minute, codeKey)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := cx.EnterCode(holder, now, "482913", codeKey); err != nil {
				t.Fatal(err)
			}
			if _, err := cx.Approve(reviewer, now, c.plan); !errors.Is(err, c.want) || cx.State() != onboarding.CancelUnderReview {
				t.Fatalf("err = %v, state %s", err, cx.State())
			}
		})
	}
	t.Run("ONB-8_approve_plan_of_another_account", func(t *testing.T) {
		good, _ := onboarding.PlanClose("adv-1", nil, money("1"))
		cx, _, _ := onboarding.StartCancellation(holder, now, good, "482913", time.Minute, codeKey)
		cx.EnterCode(holder, now, "482913", codeKey)
		other, _ := onboarding.PlanClose("adv-2", nil, money("1"))
		if _, err := cx.Approve(reviewer, now, other); !errors.Is(err, onboarding.ErrCancellationInvalid) {
			t.Fatalf("err = %v", err)
		}
	})
}
