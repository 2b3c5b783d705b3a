package onboarding_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/onboarding"
)

// countingStore counts the loads of applications and cancellations.
type countingStore struct {
	*memstore.OnboardingStore
	appLoads, cancelLoads atomic.Int32
}

func (c *countingStore) GetApplication(ctx context.Context, id string) (onboarding.ApplicationRecord, error) {
	c.appLoads.Add(1)
	return c.OnboardingStore.GetApplication(ctx, id)
}

func (c *countingStore) GetCancellation(ctx context.Context, id string) (onboarding.CancellationRecord, error) {
	c.cancelLoads.Add(1)
	return c.OnboardingStore.GetCancellation(ctx, id)
}

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
	s, err := onboarding.NewService(onboarding.Config{Store: st, Clock: starmap.FixedClock(at(2026, 11, 20, 10))})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Submit(ctx, starmap.CreatorActor("acct-1"), "app-1", creatorSubmission(200000)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Open(ctx, reviewer, "app-1"); !errors.Is(err, onboarding.ErrApplicationState) || errors.Is(err, starmap.ErrConflict) {
		t.Fatalf("open from submitted: %v", err)
	}
	if n := st.appLoads.Load(); n != 1 {
		t.Fatalf("a state refusal loaded the application %d times, want 1", n)
	}
}

func TestCheckCloseNilLister(t *testing.T) {
	_, err := onboarding.CheckClose(context.Background(), nil, "adv-1", money("1"))
	if !errors.Is(err, onboarding.ErrNoTaskLister) {
		t.Fatalf("nil lister: %v", err)
	}
}

// TestCancellationHolderAndTime: someone other than the holder is
// ErrNotAccountHolder (not a role error), and a zero instant is refused by
// every step, changing nothing (ONB-8).
func TestCancellationHolderAndTime(t *testing.T) {
	holder := starmap.AdvertiserActor("adv-1")
	now := at(2026, 11, 20, 10)
	plan, _ := onboarding.PlanClose("adv-1", nil, money("9.90"))
	c, _, err := onboarding.StartCancellation("cx-1", now, holder, plan, "482913", 10*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	other := starmap.AdvertiserActor("adv-2")
	if _, err := c.ResendCode(now, other, "111111", time.Minute); !errors.Is(err, onboarding.ErrNotAccountHolder) {
		t.Fatalf("resend by another: %v", err)
	}
	if _, err := c.EnterCode(now, other, "482913"); !errors.Is(err, onboarding.ErrNotAccountHolder) {
		t.Fatalf("code by another: %v", err)
	}
	var zero time.Time
	if _, err := c.EnterCode(zero, holder, "482913"); !errors.Is(err, onboarding.ErrCancellationInvalid) {
		t.Fatalf("code at zero time: %v", err)
	}
	if _, err := c.ResendCode(zero, holder, "111111", time.Minute); !errors.Is(err, onboarding.ErrCancellationInvalid) {
		t.Fatalf("resend at zero time: %v", err)
	}
	if len(c.History()) != 1 {
		t.Fatalf("refusals changed the cancellation: %d entries", len(c.History()))
	}
	if _, err := c.EnterCode(now, holder, "482913"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Approve(zero, reviewer); !errors.Is(err, onboarding.ErrCancellationInvalid) {
		t.Fatalf("approve at zero time: %v", err)
	}
	if _, err := c.Reject(zero, reviewer, "理由"); !errors.Is(err, onboarding.ErrCancellationInvalid) {
		t.Fatalf("reject at zero time: %v", err)
	}
	for _, h := range c.History() {
		if h.At.IsZero() {
			t.Fatalf("history dated at the zero time: %+v", h)
		}
	}
	if c.State() != onboarding.CancelUnderReview {
		t.Fatal(c.State())
	}
}
