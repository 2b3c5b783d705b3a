package pgstore

import (
	"testing"

	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/onboarding/onboardingtest"
)

func TestOnboardingStore_kit(t *testing.T) {
	onboardingtest.TestStore(t, func() onboarding.Store {
		s, err := NewOnboardingStore(freshPool(t))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func onboardingQuery() onboarding.ApplicationQuery { return onboarding.ApplicationQuery{} }
