package onboarding_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
)

// TestBalanceBound_X4: every balance that enters — PlanClose, CheckClose,
// a hand-built ClosePlan, the Service's CheckClose, StartCancellation and
// ApproveCancellation, a stored record — passes starmap.CheckAmount and is
// not negative, or is refused with ErrBalanceInvalid carrying the root's
// money error, in a short message, with nothing stored.
func TestBalanceBound_X4(t *testing.T) {
	ctx := context.Background()
	now := at(2026, 11, 20, 10)
	holder := starmap.AdvertiserActor("adv-1")
	max := money(starmap.MaxAmountText)
	t.Run("X-4_the_largest_amount_is_refunded_exactly", func(t *testing.T) {
		plan, err := onboarding.PlanClose("adv-1", nil, max)
		if err != nil || !plan.Refund.Equal(max) {
			t.Fatalf("%v %s", err, plan.Refund)
		}
		s, _ := leavingService(t, starmap.FixedClock(now), tasks{})
		if _, _, err := s.StartCancellation(ctx, holder, max, "123456", time.Hour); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.EnterCode(ctx, holder, "123456"); err != nil {
			t.Fatal(err)
		}
		c, _, err := s.ApproveCancellation(ctx, reviewer, "adv-1", max)
		if err != nil || !c.Refund().Equal(max) {
			t.Fatalf("%v %s", err, c.Refund())
		}
	})
	for name, c := range hugeAmounts() {
		want := func(t *testing.T, what string, err error) {
			t.Helper()
			if !errors.Is(err, onboarding.ErrBalanceInvalid) || !errors.Is(err, c.root) || !errors.Is(err, starmap.ErrInvalid) {
				t.Errorf("%s: %v, want ErrBalanceInvalid with %s", what, err, c.root.Code())
			}
			if err != nil && (len(err.Error()) > 500 || len(starmap.Message(err, starmap.ZH)) > 500) {
				t.Errorf("%s: a %d-byte message", what, len(err.Error()))
			}
		}
		t.Run("X-4_"+name, func(t *testing.T) {
			_, err := onboarding.PlanClose("adv-1", nil, c.d)
			want(t, "PlanClose", err)
			_, err = onboarding.CheckClose(ctx, tasks{}, "adv-1", c.d)
			want(t, "CheckClose", err)
			_, _, err = onboarding.StartCancellation(holder, now, onboarding.ClosePlan{Account: "adv-1", Refund: c.d}, "123456", time.Hour, codeKey)
			want(t, "StartCancellation with a hand-built plan", err)

			s, st := leavingService(t, starmap.FixedClock(now), tasks{})
			_, err = s.CheckClose(ctx, holder, c.d)
			want(t, "Service.CheckClose", err)
			_, _, err = s.StartCancellation(ctx, holder, c.d, "123456", time.Hour)
			want(t, "Service.StartCancellation", err)
			if _, gerr := st.GetCancellation(ctx, "adv-1"); !errors.Is(gerr, starmap.ErrNotFound) {
				t.Errorf("a refused start was stored: %v", gerr)
			}
			if _, _, err := s.StartCancellation(ctx, holder, money("1"), "123456", time.Hour); err != nil {
				t.Fatal(err)
			}
			if _, _, err := s.EnterCode(ctx, holder, "123456"); err != nil {
				t.Fatal(err)
			}
			_, _, err = s.ApproveCancellation(ctx, reviewer, "adv-1", c.d)
			want(t, "Service.ApproveCancellation", err)
			r, _ := st.GetCancellation(ctx, "adv-1")
			if r.State != onboarding.CancelUnderReview || r.Version != 2 || !r.Refund.Equal(money("1")) {
				t.Errorf("a refused approval changed the cancellation: %s v%d refund %s", r.State, r.Version, r.Refund)
			}
			r.Refund = c.d
			_, err = onboarding.CancellationFromRecord(r)
			want(t, "CancellationFromRecord", err)
		})
	}
}
