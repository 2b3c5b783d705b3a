package onboarding_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/onboarding"
)

func TestServiceCancellation(t *testing.T) {
	ctx := context.Background()
	clock := starmap.NewManualClock(at(2026, 11, 20, 10))
	st := memstore.NewOnboardingStore()
	lister := tasks{"adv-busy": {{ID: "t-1", State: "published"}}}
	s, err := onboarding.NewService(st, clock, onboarding.WithLeaving(lister, codeKey))
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
		if _, err := s.GetCancellation(ctx, reviewer, "adv-busy"); !errors.Is(err, starmap.ErrNotFound) {
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
		got, _ := s.GetCancellation(ctx, reviewer, "adv-1")
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
		if _, _, err := onboarding.StartCancellation(holder, at(2026, 11, 20, 10), plan, "123456", time.Minute, codeKey); !errors.Is(err, onboarding.ErrNotAccountHolder) {
			t.Fatalf("err = %v", err)
		}
	})
}

// TestOneCancellationPerAccount: an account has one cancellation, so the
// refund is owed once; the approval re-reads the running tasks and the
// balance (ONB-8).
func TestOneCancellationPerAccount(t *testing.T) {
	ctx := context.Background()
	clock := starmap.NewManualClock(at(2026, 11, 20, 10))
	st := memstore.NewOnboardingStore()
	lister := tasks{}
	s, err := onboarding.NewService(st, clock, onboarding.WithLeaving(lister, codeKey))
	if err != nil {
		t.Fatal(err)
	}
	holder := starmap.AdvertiserActor("adv-1")
	if _, _, err := s.StartCancellation(ctx, holder, money("100"), "123456", time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.StartCancellation(ctx, holder, money("100"), "654321", time.Hour); !errors.Is(err, onboarding.ErrCancellationOpen) {
		t.Fatalf("second start while waiting for the code: %v", err)
	}
	if _, _, err := s.EnterCode(ctx, holder, "123456"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.StartCancellation(ctx, holder, money("100"), "654321", time.Hour); !errors.Is(err, onboarding.ErrCancellationOpen) {
		t.Fatalf("second start under review: %v", err)
	}
	// A task started after the code was entered blocks the approval.
	lister["adv-1"] = []onboarding.RunningTask{{ID: "t-new", State: "pending"}}
	if _, _, err := s.ApproveCancellation(ctx, reviewer, "adv-1", money("100")); !errors.Is(err, onboarding.ErrCloseBlocked) {
		t.Fatalf("approved with a running task: %v", err)
	}
	delete(lister, "adv-1")
	// The balance read at approval is what is refunded.
	c, _, err := s.ApproveCancellation(ctx, reviewer, "adv-1", money("80.00"))
	if err != nil || c.State() != onboarding.CancelDone || !c.Refund().Equal(money("80")) {
		t.Fatalf("%v refund %s", err, c.Refund())
	}
	if _, _, err := s.StartCancellation(ctx, holder, money("80"), "654321", time.Hour); !errors.Is(err, onboarding.ErrCancellationOpen) {
		t.Fatalf("start after the account was cancelled: %v", err)
	}
	// Rejected: the holder may start again, on the same record.
	cr := starmap.CreatorActor("cr-1")
	if _, _, err := s.StartCancellation(ctx, cr, money("1"), "123456", time.Hour); err != nil {
		t.Fatal(err)
	}
	s.EnterCode(ctx, cr, "123456")
	if _, _, err := s.RejectCancellation(ctx, reviewer, "cr-1", "存在未处理的投诉"); err != nil {
		t.Fatal(err)
	}
	c, evs, err := s.StartCancellation(ctx, cr, money("2"), "777777", time.Hour)
	if err != nil || c.State() != onboarding.CancelAwaitingCode || evs[0].Type != "onboarding.cancellation_restart" || len(c.History()) != 4 {
		t.Fatalf("restart: %v %+v", err, evs)
	}
}

// TestConcurrentCancellationStarts: of N holders' tabs starting at once,
// exactly one cancellation is created.
func TestConcurrentCancellationStarts(t *testing.T) {
	ctx := context.Background()
	st := memstore.NewOnboardingStore()
	s, err := onboarding.NewService(st, starmap.FixedClock(at(2026, 11, 20, 10)), onboarding.WithLeaving(tasks{}, codeKey))
	if err != nil {
		t.Fatal(err)
	}
	holder := starmap.AdvertiserActor("adv-1")
	const n = 8
	var wg sync.WaitGroup
	var ok, open atomic.Int32
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, err := s.StartCancellation(ctx, holder, money("10"), "123456", time.Hour)
			switch {
			case err == nil:
				ok.Add(1)
			case errors.Is(err, onboarding.ErrCancellationOpen):
				open.Add(1)
			default:
				t.Errorf("unexpected %v", err)
			}
		}()
	}
	wg.Wait()
	if ok.Load() != 1 || open.Load() != n-1 {
		t.Fatalf("%d started, %d refused", ok.Load(), open.Load())
	}
}
