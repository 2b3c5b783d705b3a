package onboarding_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/onboarding"
)

type tasks map[string][]onboarding.RunningTask

func (t tasks) RunningTasks(_ context.Context, account string) ([]onboarding.RunningTask, error) {
	if account == "broken" {
		return nil, errors.New("task store down")
	}
	return t[account], nil
}

// codeKey is the host's code key in these tests.
var codeKey = []byte("test-code-key-0123456789")

func money(s string) decimal.Decimal { return decimal.RequireFromString(s) }

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

func TestCancellation(t *testing.T) {
	holder := starmap.AdvertiserActor("adv-1")
	now := at(2026, 11, 20, 10)
	plan, _ := onboarding.PlanClose("adv-1", nil, money("99.90"))
	start := func(t *testing.T) *onboarding.Cancellation {
		t.Helper()
		c, ev, err := onboarding.StartCancellation(now, holder, plan, "482913", 10*time.Minute, codeKey)
		if err != nil || ev.Type != "onboarding.cancellation_start" || c.State() != onboarding.CancelAwaitingCode {
			t.Fatalf("%v %+v", err, ev)
		}
		return c
	}
	t.Run("ONB-8_conditions_code_review_cancelled", func(t *testing.T) {
		c := start(t)
		if _, err := c.EnterCode(now.Add(time.Minute), holder, "482913", codeKey); err != nil {
			t.Fatal(err)
		}
		if c.State() != onboarding.CancelUnderReview {
			t.Fatal(c.State())
		}
		if _, err := c.Approve(now.Add(time.Hour), holder, plan); !errors.Is(err, starmap.ErrActorRole) {
			t.Fatalf("holder approved own cancellation: %v", err)
		}
		ev, err := c.Approve(now.Add(time.Hour), reviewer, plan)
		if err != nil || c.State() != onboarding.CancelDone || ev.Note != "refund 99.90" || !c.Refund().Equal(money("99.9")) {
			t.Fatalf("%v %+v", err, ev)
		}
		var states []onboarding.CancelState
		for _, h := range c.History() {
			states = append(states, h.To)
		}
		want := []onboarding.CancelState{onboarding.CancelAwaitingCode, onboarding.CancelUnderReview, onboarding.CancelDone}
		if diff := cmp.Diff(want, states); diff != "" {
			t.Fatal(diff)
		}
		r := c.Record()
		if r.CodeDigest == ([32]byte{}) {
			t.Fatal("no digest kept")
		}
		if _, err := onboarding.CancellationFromRecord(r); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ONB-8_blocked_plan_cannot_start", func(t *testing.T) {
		blocked, _ := onboarding.PlanClose("adv-1", []onboarding.RunningTask{{ID: "t-1"}}, money("0"))
		if _, _, err := onboarding.StartCancellation(now, holder, blocked, "482913", time.Minute, codeKey); !errors.Is(err, onboarding.ErrCloseBlocked) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ONB-8_only_the_holder_starts", func(t *testing.T) {
		for _, a := range []starmap.Actor{reviewer, starmap.SubAccountActor("adv-1", "s")} {
			if _, _, err := onboarding.StartCancellation(now, a, plan, "482913", time.Minute, codeKey); !errors.Is(err, starmap.ErrActorRole) {
				t.Fatalf("%s: %v", a, err)
			}
		}
		c := start(t)
		if _, err := c.EnterCode(now, starmap.AdvertiserActor("adv-2"), "482913", codeKey); !errors.Is(err, starmap.ErrForbidden) {
			t.Fatalf("someone else entered the code: %v", err)
		}
	})
	t.Run("ONB-8_bad_code_input", func(t *testing.T) {
		for _, code := range []string{"", "123", "123456789", "12a4"} {
			if _, _, err := onboarding.StartCancellation(now, holder, plan, code, time.Minute, codeKey); !errors.Is(err, onboarding.ErrCancellationInvalid) {
				t.Fatalf("code %q: %v", code, err)
			}
		}
	})
	t.Run("ONB-8_expired_code_changes_nothing_resend_works", func(t *testing.T) {
		c := start(t)
		late := now.Add(11 * time.Minute)
		if _, err := c.EnterCode(late, holder, "482913", codeKey); !errors.Is(err, onboarding.ErrCodeExpired) {
			t.Fatalf("err = %v", err)
		}
		if len(c.History()) != 1 {
			t.Fatal("expired code changed the cancellation")
		}
		if _, err := c.ResendCode(late, holder, "111222", 5*time.Minute, codeKey); err != nil {
			t.Fatal(err)
		}
		if _, err := c.EnterCode(late.Add(time.Minute), holder, "482913", codeKey); !errors.Is(err, onboarding.ErrCodeWrong) {
			t.Fatalf("old code accepted: %v", err)
		}
		if _, err := c.EnterCode(late.Add(time.Minute), holder, "111222", codeKey); err != nil || c.State() != onboarding.CancelUnderReview {
			t.Fatalf("%v %s", err, c.State())
		}
	})
	t.Run("ONB-8_wrong_codes_lock", func(t *testing.T) {
		c := start(t)
		for i := 1; i <= onboarding.MaxCodeAttempts; i++ {
			_, err := c.EnterCode(now, holder, "000000", codeKey)
			var e *starmap.Error
			if !errors.As(err, &e) || e.Rule() != onboarding.ErrCodeWrong {
				t.Fatalf("try %d: %v", i, err)
			}
			left, _ := e.Param("left")
			if want := onboarding.MaxCodeAttempts - i; left != itoa(want) {
				t.Fatalf("try %d: left %s, want %d", i, left, want)
			}
		}
		if c.State() != onboarding.CancelLocked {
			t.Fatal(c.State())
		}
		if _, err := c.EnterCode(now, holder, "482913", codeKey); !errors.Is(err, onboarding.ErrCancellationState) {
			t.Fatalf("locked accepted a code: %v", err)
		}
	})
	t.Run("ONB-8_review_rejects_with_reason", func(t *testing.T) {
		c := start(t)
		if _, err := c.Approve(now, reviewer, plan); !errors.Is(err, onboarding.ErrCancellationState) {
			t.Fatalf("approved before the code: %v", err)
		}
		c.EnterCode(now, holder, "482913", codeKey)
		if _, err := c.Reject(now, reviewer, " "); !errors.Is(err, onboarding.ErrCancellationInvalid) {
			t.Fatalf("no reason: %v", err)
		}
		if _, err := c.Reject(now, reviewer, "账户存在未结清款项"); err != nil || c.State() != onboarding.CancelRejected {
			t.Fatalf("%v %s", err, c.State())
		}
	})
}

func itoa(n int) string { return starmap.Arg("", n).Value }

func TestServiceCancellation(t *testing.T) {
	ctx := context.Background()
	clock := starmap.NewManualClock(at(2026, 11, 20, 10))
	st := memstore.NewOnboardingStore()
	lister := tasks{"adv-busy": {{ID: "t-1", State: "published"}}}
	s, err := onboarding.NewService(onboarding.Config{Store: st, Clock: clock, Cancellations: st, Tasks: lister, CodeKey: codeKey})
	if err != nil {
		t.Fatal(err)
	}
	holder := starmap.AdvertiserActor("adv-1")
	t.Run("ONB-8_not_configured", func(t *testing.T) {
		bare, _ := newService(t, clock, onboarding.DefaultPolicy())
		if _, _, err := bare.StartCancellation(ctx, holder, money("0"), "123456", time.Minute); !errors.Is(err, onboarding.ErrLeavingNotConfigured) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ONB-8_running_task_blocks", func(t *testing.T) {
		_, _, err := s.StartCancellation(ctx, starmap.AdvertiserActor("adv-busy"), money("5"), "123456", time.Minute)
		if !errors.Is(err, onboarding.ErrCloseBlocked) {
			t.Fatalf("err = %v", err)
		}
		if _, err := s.GetCancellation(ctx, "adv-busy"); !errors.Is(err, starmap.ErrNotFound) {
			t.Fatalf("a refused start was stored: %v", err)
		}
	})
	t.Run("ONB-8_full_path_with_a_wrong_code_stored", func(t *testing.T) {
		c, evs, err := s.StartCancellation(ctx, holder, money("20.00"), "654321", 10*time.Minute)
		if err != nil || c.Version() != 1 || evs[0].Type != "onboarding.cancellation_start" {
			t.Fatalf("%v %+v", err, evs)
		}
		c, evs, err = s.EnterCode(ctx, holder, "111111")
		if !errors.Is(err, onboarding.ErrCodeWrong) || c == nil || c.Version() != 2 || evs[0].Type != "onboarding.cancellation_code_wrong" {
			t.Fatalf("wrong code: %v %+v", err, evs)
		}
		stored, _ := st.GetCancellation(ctx, "adv-1")
		if stored.Attempts != 1 {
			t.Fatalf("the wrong try was not stored: %d", stored.Attempts)
		}
		clock.AdvanceDays(1)
		if _, _, err := s.EnterCode(ctx, holder, "654321"); !errors.Is(err, onboarding.ErrCodeExpired) {
			t.Fatalf("expired: %v", err)
		}
		if _, _, err := s.ResendCode(ctx, holder, "222333", 10*time.Minute); err != nil {
			t.Fatal(err)
		}
		if c, _, err = s.EnterCode(ctx, holder, "222333"); err != nil || c.State() != onboarding.CancelUnderReview {
			t.Fatalf("%v", err)
		}
		if _, _, err := s.ApproveCancellation(ctx, holder, "adv-1", money("20")); !errors.Is(err, starmap.ErrActorRole) {
			t.Fatalf("holder approved: %v", err)
		}
		c, _, err = s.ApproveCancellation(ctx, reviewer, "adv-1", money("20"))
		if err != nil || c.State() != onboarding.CancelDone || !c.Refund().Equal(money("20")) {
			t.Fatalf("%v", err)
		}
		got, _ := s.GetCancellation(ctx, "adv-1")
		if got.Version() != 5 || len(got.History()) != 5 {
			t.Fatalf("version %d, history %d", got.Version(), len(got.History()))
		}
	})
	t.Run("ONB-8_reject", func(t *testing.T) {
		other := starmap.CreatorActor("cr-1")
		if _, _, err := s.StartCancellation(ctx, other, money("0"), "123456", time.Minute); err != nil {
			t.Fatal(err)
		}
		s.EnterCode(ctx, other, "123456")
		c, evs, err := s.RejectCancellation(ctx, reviewer, "cr-1", "存在未处理的投诉")
		if err != nil || c.State() != onboarding.CancelRejected || evs[0].Note != "存在未处理的投诉" {
			t.Fatalf("%v %+v", err, evs)
		}
	})
	t.Run("ONB-8_only_own_account", func(t *testing.T) {
		plan, _ := onboarding.PlanClose("adv-2", nil, money("1"))
		if _, _, err := onboarding.StartCancellation(at(2026, 11, 20, 10), holder, plan, "123456", time.Minute, codeKey); !errors.Is(err, onboarding.ErrNotAccountHolder) {
			t.Fatalf("err = %v", err)
		}
	})
}
