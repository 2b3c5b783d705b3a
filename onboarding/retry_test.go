package onboarding_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/onboarding"
)

// TestStateRefusalsAreNotRetried: a step from the wrong state is invalid
// input, not a version conflict; the service loads once and gives up.
func TestStateRefusalsAreNotRetried(t *testing.T) {
	for _, rule := range []*starmap.Rule{onboarding.ErrApplicationState, onboarding.ErrCancellationState, onboarding.ErrCloseBlocked} {
		if rule.Kind() != starmap.ErrInvalid {
			t.Errorf("%s is %s, want invalid", rule.Code(), rule.Kind().Code())
		}
	}
	ctx := context.Background()
	st := &countingStore{OnboardingStore: memstore.NewOnboardingStore()}
	s, err := onboarding.NewService(st, starmap.FixedClock(at(2026, 11, 20, 10)))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Submit(ctx, starmap.CreatorActor("acct-1"), "app-1", creatorSubmission(200000)); err != nil {
		t.Fatal(err)
	}
	st.appLoads.Store(0) // count the loads of the refused step alone
	if _, _, err := s.Open(ctx, reviewer, "app-1"); !errors.Is(err, onboarding.ErrApplicationState) || errors.Is(err, starmap.ErrConflict) {
		t.Fatalf("open from submitted: %v", err)
	}
	if n := st.appLoads.Load(); n != 1 {
		t.Fatalf("a state refusal loaded the application %d times, want 1", n)
	}
}

// TestRetryAttemptsHonoured: a change that keeps meeting version conflicts
// is tried exactly WithRetry's attempts (starmap.DefaultAttempts by
// default), the conflict hook hears of every retried one, and the answer
// is the conflict.
func TestRetryAttemptsHonoured(t *testing.T) {
	ctx := context.Background()
	holder := starmap.AdvertiserActor("adv-1")
	for _, n := range []int{0, 1, 3, 7} {
		want := n
		if n < 1 {
			want = starmap.DefaultAttempts
		}
		t.Run("X-8_attempts_"+itoa(n), func(t *testing.T) {
			st := &conflictingStore{OnboardingStore: memstore.NewOnboardingStore()}
			var hooked []int
			s, err := onboarding.NewService(st, starmap.FixedClock(at(2026, 11, 20, 10)), onboarding.WithLeaving(tasks{}, codeKey),
				onboarding.WithRetry(starmap.Retry{Attempts: n, OnConflict: func(i int, _ error) { hooked = append(hooked, i) }}))
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := s.Submit(ctx, starmap.CreatorActor("acct-1"), "app-1", creatorSubmission(200000)); err != nil {
				t.Fatal(err)
			}
			if _, _, err := s.Approve(ctx, reviewer, "app-1"); !errors.Is(err, starmap.ErrConflict) {
				t.Fatalf("approve under endless conflicts: %v", err)
			}
			if got := int(st.updates.Load()); got != want || len(hooked) != want-1 {
				t.Fatalf("%d tries and %d hook calls, want %d and %d", got, len(hooked), want, want-1)
			}
			if r, _ := st.GetApplication(ctx, "app-1"); r.Version != 1 || r.State != onboarding.StateSubmitted {
				t.Fatalf("a conflicting approval was written: v%d %s", r.Version, r.State)
			}
			st.updates.Store(0)
			if _, _, err := s.StartCancellation(ctx, holder, money("1"), "123456", time.Hour); err != nil {
				t.Fatal(err)
			}
			if _, _, err := s.EnterCode(ctx, holder, "123456"); !errors.Is(err, starmap.ErrConflict) || int(st.updates.Load()) != want {
				t.Fatalf("enter code under endless conflicts: %v after %d tries, want %d", err, st.updates.Load(), want)
			}
		})
	}
}

// TestCancelledContext_X8: every change refuses a done context with the
// context's error before it writes anything.
func TestCancelledContext_X8(t *testing.T) {
	live := context.Background()
	done, cancel := context.WithCancel(live)
	cancel()
	clock := starmap.FixedClock(at(2026, 11, 20, 10))
	s, st := leavingService(t, clock, tasks{})
	holder := starmap.AdvertiserActor("adv-1")
	if _, _, err := s.Submit(live, starmap.CreatorActor("acct-1"), "app-1", creatorSubmission(200000)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.StartCancellation(live, holder, money("1"), "123456", time.Hour); err != nil {
		t.Fatal(err)
	}
	for name, call := range map[string]func() error{
		"Submit": func() error {
			_, _, err := s.Submit(done, starmap.CreatorActor("acct-2"), "app-2", onboarding.Submission{Kind: onboarding.KindCreator, Creator: creator(onboarding.Douyin, 200000, false)})
			return err
		},
		"Approve":              func() error { _, _, err := s.Approve(done, reviewer, "app-1"); return err },
		"Reject":               func() error { _, _, err := s.Reject(done, reviewer, "app-1", "理由"); return err },
		"Review":               func() error { _, _, err := s.Review(done, reviewer, "app-1"); return err },
		"Open":                 func() error { _, _, err := s.Open(done, reviewer, "app-1"); return err },
		"GrantSpecialApproval": func() error { _, _, err := s.GrantSpecialApproval(done, reviewer, "app-1", "理由"); return err },
		"StartCancellation": func() error {
			_, _, err := s.StartCancellation(done, starmap.CreatorActor("cr-1"), money("1"), "123456", time.Hour)
			return err
		},
		"ResendCode":          func() error { _, _, err := s.ResendCode(done, holder, "654321", time.Hour); return err },
		"EnterCode":           func() error { _, _, err := s.EnterCode(done, holder, "123456"); return err },
		"ApproveCancellation": func() error { _, _, err := s.ApproveCancellation(done, reviewer, "adv-1", money("1")); return err },
		"RejectCancellation":  func() error { _, _, err := s.RejectCancellation(done, reviewer, "adv-1", "理由"); return err },
	} {
		if err := call(); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context: %v, want context.Canceled", name, err)
		}
	}
	if _, err := st.GetApplication(live, "app-2"); !errors.Is(err, starmap.ErrNotFound) {
		t.Errorf("Submit wrote with a cancelled context: %v", err)
	}
	if _, err := st.GetCancellation(live, "cr-1"); !errors.Is(err, starmap.ErrNotFound) {
		t.Errorf("StartCancellation wrote with a cancelled context: %v", err)
	}
	if r, _ := st.GetApplication(live, "app-1"); r.Version != 1 {
		t.Errorf("the application moved to version %d", r.Version)
	}
	if r, _ := st.GetCancellation(live, "adv-1"); r.Version != 1 {
		t.Errorf("the cancellation moved to version %d", r.Version)
	}
}
