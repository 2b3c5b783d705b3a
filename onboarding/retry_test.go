package onboarding_test

import (
	"context"
	"errors"
	"testing"

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
