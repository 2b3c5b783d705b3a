package memstore_test

import (
	"testing"

	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/onboarding/onboardingtest"
)

func TestOnboardingStore(t *testing.T) {
	onboardingtest.TestStore(t, func() onboarding.Store { return memstore.NewOnboardingStore() })
}

// TestOnboardingStoreZeroValue: the zero OnboardingStore is an empty store
// ready to use.
func TestOnboardingStoreZeroValue(t *testing.T) {
	onboardingtest.TestStore(t, func() onboarding.Store { return new(memstore.OnboardingStore) })
}
